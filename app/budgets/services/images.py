"""Images of a proposal: at most MAX_IMAGES, each recognised by its content (Pillow, through the
councils' `sniff`), at most MAX_BYTES, then re-encoded as JPEG and resized so that its longer side
is at most MAX_SIDE. Only the re-encoded bytes are kept: no metadata (a phone's GPS position)
and nothing the upload hid survives."""

from __future__ import annotations

import io
import secrets
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from flask import current_app
from flask_babel import gettext as _
from PIL import Image, ImageOps

from app.accounts.models import User
from app.budgets.models import Proposal, ProposalImage
from app.budgets.services.proposals import EDITABLE, require_submission_open
from app.core.errors import DomainError, NotFound
from app.councils.services.documents import sniff
from app.extensions import db

MAX_IMAGES = 3
MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 1600
MAX_PIXELS = 40_000_000  # refuse before decoding what would take gigabytes of memory


def folder() -> Path:
    path = Path(current_app.config["INSTANCE_DIR"]) / "budget_images"
    path.mkdir(parents=True, exist_ok=True)
    return path


def reencode(data: bytes) -> tuple[bytes, int, int]:
    """The image as a fresh JPEG, upright, on white where it was transparent, resized down."""
    with Image.open(io.BytesIO(data)) as source:
        if source.width * source.height > MAX_PIXELS:
            raise DomainError([("file", _("Cette image est trop grande : 40 mégapixels au plus."))])
        image = ImageOps.exif_transpose(source)
        image.thumbnail((MAX_SIDE, MAX_SIDE))
        if image.mode in ("RGBA", "LA", "P"):
            image = image.convert("RGBA")
            flat = Image.new("RGB", image.size, "white")
            flat.paste(image, mask=image.getchannel("A"))
            image = flat
        elif image.mode != "RGB":
            image = image.convert("RGB")
        out = io.BytesIO()
        image.save(out, "JPEG", quality=85, optimize=True)
        return out.getvalue(), image.width, image.height


def add_image(
    actor: User, proposal: Proposal, stream: BinaryIO, alt: str = "", now: datetime | None = None
) -> ProposalImage:
    if proposal.status not in EDITABLE:
        raise DomainError(_("Ce projet a déjà été instruit : ses images ne changent plus."))
    require_submission_open(proposal.edition, now)
    if len(proposal.images) >= MAX_IMAGES:
        raise DomainError([("file", _("Un projet a 3 images au plus : retirez-en une d'abord."))])
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise DomainError([("file", _("Cette image dépasse 5 Mo : réduisez-la."))])
    kind = sniff(data) if data else None
    if kind is None or not kind.startswith("image/"):
        raise DomainError([("file", _("Seules les images PNG, JPEG, GIF ou WebP sont acceptées."))])
    try:
        encoded, width, height = reencode(data)
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        raise DomainError([("file", _("Cette image est illisible ou trop grande."))]) from error
    image = ProposalImage(
        stored_name=f"{secrets.token_hex(16)}.jpg",
        content_type="image/jpeg",
        width=width,
        height=height,
        size=len(encoded),
        alt=alt.strip()[:200],
        position=max((item.position for item in proposal.images), default=-1) + 1,
    )
    proposal.images.append(image)
    db.session.flush()
    (folder() / image.stored_name).write_bytes(encoded)
    return image


def get_image(image_id: int) -> ProposalImage:
    image = db.session.get(ProposalImage, image_id)
    if image is None:
        raise NotFound(_("Cette image n'existe pas."))
    return image


def path_of(image: ProposalImage) -> Path:
    path = folder() / image.stored_name
    if not path.is_file():
        raise NotFound(_("Le fichier de cette image est introuvable."))
    return path


def remove_image(actor: User, image: ProposalImage) -> None:
    if image.proposal.status not in EDITABLE:
        raise DomainError(_("Ce projet a déjà été instruit : ses images ne changent plus."))
    path = folder() / image.stored_name
    image.proposal.images.remove(image)
    db.session.flush()
    path.unlink(missing_ok=True)
