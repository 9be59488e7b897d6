"""The photo a resident may join to a report: checked and re-encoded by `app.core.images` (nothing
of the upload but its re-encoded picture is kept), stored under a random name, shown only to
those who may see the item."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from flask_babel import gettext as _

from app.core import images
from app.core.errors import DomainError
from app.feedback.models import Item

FOLDER = "feedback_photos"


def attach(item: Item, stream: BinaryIO) -> None:
    """Re-encode the upload and keep it as the item's photo (DomainError on the `photo` field)."""
    try:
        encoded = images.prepare(stream)
    except DomainError as error:
        raise DomainError([("photo", message) for message in error.messages]) from error
    name = encoded.stored_name()
    (images.folder(FOLDER) / name).write_bytes(encoded.data)
    item.photo_name = name


def path_of(item: Item) -> Path:
    return images.stored(FOLDER, item.photo_name, _("Ce signalement n'a pas de photo."))


def remove(item: Item) -> None:
    """Delete the photo file (an erased account's reports keep no picture of them)."""
    if item.photo_name:
        (images.folder(FOLDER) / item.photo_name).unlink(missing_ok=True)
        item.photo_name = None
