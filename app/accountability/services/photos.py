"""Photos of a project, shown with a milestone or an update: checked, re-encoded and resized by
`app.core.images` (only Parvis' own JPEG is kept), at most MAX_PHOTOS per project."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from flask_babel import gettext as _

from app.accountability.models import FollowUp, Milestone, Photo, Update
from app.accountability.services.followups import SUBJECT
from app.accounts.models import User
from app.core import audit
from app.core import images as pictures
from app.core.errors import DomainError, NotFound
from app.extensions import db

MAX_PHOTOS = 60
FOLDER = "accountability_photos"


def folder() -> Path:
    return pictures.folder(FOLDER)


def add_photo(
    actor: User | None,
    follow_up: FollowUp,
    stream: BinaryIO,
    alt: str = "",
    milestone: Milestone | None = None,
    update: Update | None = None,
) -> Photo:
    if len(follow_up.photos) >= MAX_PHOTOS:
        raise DomainError([("photo", _("Ce projet a déjà 60 photos : retirez-en une d'abord."))])
    if not alt.strip():
        raise DomainError([("alt", _("Décrivez la photo en quelques mots, pour qui ne la voit pas."))])
    try:
        encoded = pictures.prepare(stream)
    except DomainError as error:  # the forms here call the field "photo"
        raise DomainError(
            [("photo" if name == "file" else name, message) for name, message in error.problems]
        ) from error
    photo = Photo(
        stored_name=encoded.stored_name(),
        content_type=encoded.content_type,
        width=encoded.width,
        height=encoded.height,
        size=len(encoded.data),
        alt=alt.strip()[:200],
        milestone=milestone,
        update=update,
    )
    follow_up.photos.append(photo)
    db.session.flush()
    (folder() / photo.stored_name).write_bytes(encoded.data)
    audit.record(
        "accountability.photo_added",
        actor_id=actor.id if actor else None,
        subject_type=SUBJECT,
        subject_id=follow_up.id,
        data={"photo": photo.id, "alt": photo.alt, "milestone": milestone.id if milestone else None},
    )
    return photo


def get_photo(photo_id: int) -> Photo:
    photo = db.session.get(Photo, photo_id)
    if photo is None:
        raise NotFound(_("Cette photo n'existe pas."))
    return photo


def path_of(photo: Photo) -> Path:
    return pictures.stored(FOLDER, photo.stored_name, _("Le fichier de cette photo est introuvable."))


def remove_photo(actor: User, photo: Photo) -> None:
    audit.record(
        "accountability.photo_removed",
        actor_id=actor.id,
        subject_type=SUBJECT,
        subject_id=photo.follow_up_id,
        data={"photo": photo.id, "alt": photo.alt},
    )
    path = folder() / photo.stored_name
    photo.follow_up.photos.remove(photo)
    db.session.flush()
    path.unlink(missing_ok=True)
