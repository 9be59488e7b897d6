"""Documents: the type is read from the content, the size is capped, files get random names and
are served with the right headers."""

from __future__ import annotations

import io
from typing import Any

import pytest
from flask.testing import FlaskClient
from PIL import Image

from app.core.errors import DomainError
from app.councils.services import documents
from app.extensions import db
from tests.councils.conftest import sign_in

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


def test_sniff_reads_the_content_not_the_name() -> None:
    assert documents.sniff(PDF) == "application/pdf"
    assert documents.sniff(png()) == "image/png"
    assert documents.sniff(b"<html><script>alert(1)</script>") is None
    assert documents.sniff(b"%PDF-1.4 truncated, no end marker") is None
    assert documents.sniff(png()[:20]) is None  # a broken image


def test_attach_stores_under_a_random_name(world: Any, app: Any) -> None:
    session = world.session(world.body())
    staff = world.make_user(roles=[("staff", "")])
    document = documents.attach(staff, session, "Plan du quartier", io.BytesIO(png()))
    assert document.content_type == "image/png" and document.size == len(png())
    assert document.stored_name.endswith(".png") and len(document.stored_name) == 36
    assert documents.path_of(document).read_bytes() == png()
    assert documents.download_name(document) == "Plan-du-quartier.png"
    with pytest.raises(DomainError) as error:
        documents.attach(staff, session, "Faux PDF", io.BytesIO(b"MZ\x90\x00 not a pdf"))
    assert error.value.problems[0][0] == "file"
    with pytest.raises(DomainError, match="10 Mo"):
        documents.attach(staff, session, "Trop gros", io.BytesIO(PDF + b"0" * documents.MAX_BYTES))
    with pytest.raises(DomainError):
        documents.attach(staff, session, "Vide", io.BytesIO(b""))
    path = documents.path_of(document)
    documents.remove(staff, document)
    assert not path.exists()


def test_upload_and_download_through_the_views(world: Any, client: FlaskClient) -> None:
    body = world.body()
    moderator = world.moderator(body)
    session = world.session(body, actor=moderator)
    sign_in(client, moderator)
    response = client.post(
        f"/conseils/seances/{session.id}/documents",
        data={"title": "Ordre du jour", "file": (io.BytesIO(PDF), "odj.exe")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    db.session.expire_all()
    document = session.documents[0]
    download = client.get(f"/conseils/documents/{document.id}")
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert "Ordre-du-jour.pdf" in download.headers["Content-Disposition"]
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    refused = client.post(
        f"/conseils/seances/{session.id}/documents",
        data={"title": "Page web", "file": (io.BytesIO(b"<html></html>"), "page.pdf")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 422 and "Seuls les PDF" in refused.get_data(as_text=True)
    assert client.get("/conseils/documents/999999").status_code == 404
