"""Images of a proposal: recognised by content, size-limited, at most 3, re-encoded and resized."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from app.budgets.services import images
from app.core.errors import DomainError
from tests.budgets.conftest import World


def picture(size: tuple[int, int] = (40, 30), fmt: str = "PNG", mode: str = "RGBA") -> io.BytesIO:
    out = io.BytesIO()
    image = Image.new(mode, size, (200, 30, 30, 128) if mode == "RGBA" else (200, 30, 30))
    if fmt == "JPEG":
        exif = Image.Exif()
        exif[0x010F] = "Téléphone qui bavarde"  # Make: must not survive the re-encoding
        image.save(out, fmt, exif=exif)
    else:
        image.save(out, fmt)
    out.seek(0)
    return out


def test_images_are_reencoded_and_resized(world: World) -> None:
    edition = world.edition("submission")
    proposal = world.proposal(edition, status="draft")
    author = proposal.authors[0]
    big = images.add_image(author, proposal, picture((3200, 800), "JPEG", "RGB"), "Le terrain", now=world.now)
    assert (big.width, big.height, big.content_type) == (1600, 400, "image/jpeg")
    stored = images.path_of(big).read_bytes()
    with Image.open(io.BytesIO(stored)) as reread:
        assert reread.format == "JPEG" and not reread.getexif()
    transparent = images.add_image(author, proposal, picture(), now=world.now)
    assert transparent.size == len(images.path_of(transparent).read_bytes())


def test_only_three_images_of_real_image_types(world: World) -> None:
    edition = world.edition("submission")
    proposal = world.proposal(edition)
    author = proposal.authors[0]
    with pytest.raises(DomainError):
        images.add_image(author, proposal, io.BytesIO(b"%PDF-1.4\n%%EOF\n"), now=world.now)
    with pytest.raises(DomainError):
        images.add_image(author, proposal, io.BytesIO(b"<svg xmlns='http://www.w3.org/2000/svg'/>"), now=world.now)
    with pytest.raises(DomainError) as heavy:
        images.add_image(author, proposal, io.BytesIO(b"\x89PNG" + b"0" * images.MAX_BYTES), now=world.now)
    assert "5 Mo" in heavy.value.messages[0]
    for _ in range(3):
        images.add_image(author, proposal, picture(), now=world.now)
    with pytest.raises(DomainError) as full:
        images.add_image(author, proposal, picture(), now=world.now)
    assert "3 images" in full.value.messages[0]
    images.remove_image(author, proposal.images[0])
    assert len(proposal.images) == 2


def test_images_change_only_while_the_proposal_may(world: World) -> None:
    edition = world.edition("submission")
    proposal = world.proposal(edition, status="feasible")
    with pytest.raises(DomainError):
        images.add_image(proposal.authors[0], proposal, picture(), now=world.now)
