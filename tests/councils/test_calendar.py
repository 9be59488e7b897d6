"""iCalendar files: CRLF, escaping, folding at 75 octets, UID and DTSTAMP, UTC times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from flask.testing import FlaskClient

from app.councils.services.calendar import calendar, escape, fold


def test_escape_and_fold() -> None:
    assert escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "SUMMARY:" + "é" * 60
    folded = fold(line)
    pieces = folded.split("\r\n")
    assert all(len(piece.encode()) <= 75 for piece in pieces)
    assert all(piece.startswith(" ") for piece in pieces[1:])
    assert "".join(piece[1:] if i else piece for i, piece in enumerate(pieces)) == line
    assert fold("short") == "short"


def test_a_session_as_an_event(world: Any) -> None:
    body = world.body("CIQ Belle de Mai, 3e ; bureau")
    session = world.session(body, place="Salle 1, rue Loubon")
    data = calendar(
        [session],
        lambda s: f"https://parvis.example/conseils/seances/{s.id}",
        "parvis.example",
        body.name,
        now=datetime(2027, 1, 2, 3, 4, 5, tzinfo=UTC),
    )
    text = data.decode()
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert f"UID:council-session-{session.id}@parvis.example\r\n" in text
    assert "DTSTAMP:20270102T030405Z\r\n" in text
    assert f"DTSTART:{session.starts_at:%Y%m%dT%H%M%S}Z\r\n" in text
    assert "LOCATION:Salle 1\\, rue Loubon\r\n" in text
    assert "SUMMARY:CIQ Belle de Mai\\, 3e \\; bureau : Séance de rentrée" in text
    assert "STATUS:CONFIRMED" in text and text.count("BEGIN:VEVENT") == 1


def test_calendar_views(world: Any, client: FlaskClient) -> None:
    body = world.body()
    session = world.session(body)
    world.session(body, starts_in=timedelta(days=9), title="Deuxième")
    one = client.get(f"/conseils/seances/{session.id}/seance.ics")
    assert one.status_code == 200 and one.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in one.headers["Content-Disposition"]
    assert one.data.count(b"BEGIN:VEVENT") == 1
    whole = client.get(f"/conseils/{body.slug}/calendrier.ics")
    assert whole.status_code == 200 and whole.data.count(b"BEGIN:VEVENT") == 2
