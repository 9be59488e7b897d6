"""Images of a proposal: at most MAX_IMAGES, each checked, re-encoded as JPEG and resized by
`app.core.images` (recognised by content, at most 5 MB, longer side at most 1600 pixels). Only the
re-encoded bytes are kept."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from flask_babel import gettext as _

from app.accounts.models import User
from app.budgets.models import Proposal, ProposalImage
from app.budgets.services.proposals import EDITABLE, require_submission_open
from app.core import images as pictures
from app.core.errors import DomainError, NotFound
from app.extensions import db

MAX_IMAGES = 3
MAX_BYTES = pictures.MAX_BYTES
FOLDER = "budget_images"


def folder() -> Path:
    return pictures.folder(FOLDER)


def add_image(
    actor: User, proposal: Proposal, stream: BinaryIO, alt: str = "", now: datetime | None = None
) -> ProposalImage:
    if proposal.status not in EDITABLE:
        raise DomainError(_("Ce projet a déjà été instruit : ses images ne changent plus."))
    require_submission_open(proposal.edition, now)
    if len(proposal.images) >= MAX_IMAGES:
        raise DomainError([("file", _("Un projet a 3 images au plus : retirez-en une d'abord."))])
    encoded = pictures.prepare(stream)
    image = ProposalImage(
        stored_name=encoded.stored_name(),
        content_type=encoded.content_type,
        width=encoded.width,
        height=encoded.height,
        size=len(encoded.data),
        alt=alt.strip()[:200],
        position=max((item.position for item in proposal.images), default=-1) + 1,
    )
    proposal.images.append(image)
    db.session.flush()
    (folder() / image.stored_name).write_bytes(encoded.data)
    return image


def get_image(image_id: int) -> ProposalImage:
    image = db.session.get(ProposalImage, image_id)
    if image is None:
        raise NotFound(_("Cette image n'existe pas."))
    return image


def path_of(image: ProposalImage) -> Path:
    return pictures.stored(FOLDER, image.stored_name, _("Le fichier de cette image est introuvable."))


def remove_image(actor: User, image: ProposalImage) -> None:
    if image.proposal.status not in EDITABLE:
        raise DomainError(_("Ce projet a déjà été instruit : ses images ne changent plus."))
    path = folder() / image.stored_name
    image.proposal.images.remove(image)
    db.session.flush()
    path.unlink(missing_ok=True)
