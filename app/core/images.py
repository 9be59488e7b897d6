"""Uploaded pictures, for every area that takes them (budget proposals, project follow-ups): the
bytes are recognised by their content (never the name or the declared type), limited in size, then
re-encoded as a fresh JPEG, upright and resized so that the longer side is at most `max_side`. Only
the re-encoded bytes are ever kept: no metadata (a phone's GPS position) and nothing the upload hid
survives."""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from flask import current_app
from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from app.core.errors import DomainError, NotFound

# Pillow's format name -> (content type, file extension), for the raster images accepted.
IMAGE_TYPES = {"PNG": ("image/png", "png"), "JPEG": ("image/jpeg", "jpg"), "GIF": ("image/gif", "gif"),
               "WEBP": ("image/webp", "webp")}  # fmt: skip
MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 1600
MAX_PIXELS = 40_000_000  # refuse before decoding what would take gigabytes of memory


@dataclass(frozen=True)
class Encoded:
    data: bytes
    width: int
    height: int
    content_type: str = "image/jpeg"

    def stored_name(self) -> str:
        """A random file name: nothing of the upload's name reaches the disk."""
        return f"{secrets.token_hex(16)}.jpg"


def image_type(data: bytes) -> str | None:
    """The content type of an accepted image the bytes really are; None otherwise."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    return IMAGE_TYPES[kind][0] if kind in IMAGE_TYPES else None


def reencode(data: bytes, max_side: int = MAX_SIDE) -> tuple[bytes, int, int]:
    """The image as a fresh JPEG, upright, on white where it was transparent, resized down."""
    with Image.open(io.BytesIO(data)) as source:
        if source.width * source.height > MAX_PIXELS:
            raise DomainError([("file", _("Cette image est trop grande : 40 mégapixels au plus."))])
        image = ImageOps.exif_transpose(source)
        image.thumbnail((max_side, max_side))
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


def prepare(stream: BinaryIO, max_side: int = MAX_SIDE) -> Encoded:
    """Read an upload and give back its re-encoded picture; DomainError on the `file` field when it
    is too heavy, not an accepted image, or unreadable."""
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise DomainError([("file", _("Cette image dépasse 5 Mo : réduisez-la."))])
    if not data or image_type(data) is None:
        raise DomainError([("file", _("Seules les images PNG, JPEG, GIF ou WebP sont acceptées."))])
    try:
        encoded, width, height = reencode(data, max_side)
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        raise DomainError([("file", _("Cette image est illisible ou trop grande."))]) from error
    return Encoded(encoded, width, height)


def folder(name: str) -> Path:
    """The folder of the instance directory where an area keeps its pictures (created if needed)."""
    path = Path(current_app.config["INSTANCE_DIR"]) / name
    path.mkdir(parents=True, exist_ok=True)
    return path


def stored(folder_name: str, name: str | None, missing: str) -> Path:
    """The file an area kept under `folder(folder_name)`; NotFound with the area's `missing`
    message when there is none (no name recorded, or the file gone from the disk)."""
    path = folder(folder_name) / (name or "")
    if not name or not path.is_file():
        raise NotFound(missing)
    return path
