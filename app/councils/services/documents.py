"""Documents attached to a session: PDF or images only, recognised by their content (never by
their name), at most MAX_BYTES, stored under the instance folder with a random name."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import BinaryIO

from flask import current_app
from flask_babel import gettext as _

from app.accounts.models import User
from app.core.errors import DomainError, NotFound
from app.core.images import IMAGE_TYPES, image_type
from app.councils.models import Document, Session
from app.extensions import db

MAX_BYTES = 10 * 1024 * 1024
EXTENSIONS = {"application/pdf": "pdf", **{mime: ext for mime, ext in IMAGE_TYPES.values()}}


def folder() -> Path:
    path = Path(current_app.config["INSTANCE_DIR"]) / "council_documents"
    path.mkdir(parents=True, exist_ok=True)
    return path


def sniff(data: bytes) -> str | None:
    """The content type the bytes really are, among those accepted; None otherwise."""
    if data.startswith(b"%PDF-") and b"%%EOF" in data[-2048:]:
        return "application/pdf"
    return image_type(data)


def read_limited(stream: BinaryIO) -> bytes:
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise DomainError([("file", _("Ce fichier dépasse 10 Mo : réduisez-le ou découpez-le."))])
    return data


def attach(actor: User, session: Session, title: str, stream: BinaryIO) -> Document:
    if not title.strip():
        raise DomainError([("title", _("Donnez un titre au document."))])
    data = read_limited(stream)
    if not data:
        raise DomainError([("file", _("Le fichier est vide."))])
    content_type = sniff(data)
    if content_type is None:
        raise DomainError([("file", _("Seuls les PDF et les images (PNG, JPEG, GIF, WebP) sont acceptés."))])
    stored_name = f"{secrets.token_hex(16)}.{EXTENSIONS[content_type]}"
    document = Document(
        session=session,
        title=title.strip()[:160],
        stored_name=stored_name,
        content_type=content_type,
        size=len(data),
        uploaded_by_id=actor.id,
    )
    db.session.add(document)
    db.session.flush()
    (folder() / stored_name).write_bytes(data)
    return document


def get_document(document_id: int) -> Document:
    document = db.session.get(Document, document_id)
    if document is None:
        raise NotFound(_("Ce document n'existe pas."))
    return document


def path_of(document: Document) -> Path:
    path = folder() / document.stored_name
    if not path.is_file():
        raise NotFound(_("Le fichier de ce document est introuvable."))
    return path


def download_name(document: Document) -> str:
    """A safe file name from the title: letters, digits and dashes, plus the real extension."""
    stem = "".join(char if char.isalnum() else "-" for char in document.title).strip("-")[:60] or "document"
    return f"{stem}.{EXTENSIONS.get(document.content_type, 'bin')}"


def remove(actor: User, document: Document) -> None:
    path = folder() / document.stored_name
    document.session.documents.remove(document)
    db.session.flush()
    path.unlink(missing_ok=True)
