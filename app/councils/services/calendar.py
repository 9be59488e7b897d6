"""iCalendar (RFC 5545) files for one session or a body's whole calendar, written by hand:
CRLF line ends, escaped text, lines folded at 75 octets, times in UTC."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from app.core.db import utcnow
from app.councils.models import Session


def escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into pieces of at most 75 octets, never inside a UTF-8 character;
    continuation lines start with a space."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    pieces: list[str] = []
    current = ""
    limit = 75
    for char in line:
        if len((current + char).encode()) > limit:
            pieces.append(current)
            current = char
            limit = 74  # the leading space counts
        else:
            current += char
    pieces.append(current)
    return "\r\n ".join(pieces)


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%SZ")


def _event(session: Session, url: str, host: str, now: datetime) -> list[str]:
    location = session.place if session.mode != "online" else session.online_url
    description = session.description
    if session.mode == "hybrid" and session.online_url:
        description = f"{description}\n\n{session.online_url}".strip()
    lines = [
        "BEGIN:VEVENT",
        f"UID:council-session-{session.id}@{host}",
        f"DTSTAMP:{stamp(now)}",
        f"DTSTART:{stamp(session.starts_at)}",
        f"DTEND:{stamp(session.ends_at)}",
        f"SEQUENCE:{session.sequence}",
        f"SUMMARY:{escape(f'{session.body.name} : {session.title}')}",
        f"URL:{url}",
        f"STATUS:{'CANCELLED' if session.is_cancelled else 'CONFIRMED'}",
    ]
    if location:
        lines.append(f"LOCATION:{escape(location)}")
    if description:
        lines.append(f"DESCRIPTION:{escape(description)}")
    lines.append("END:VEVENT")
    return lines


def calendar(
    sessions: Iterable[Session], url_of: Callable[[Session], str], host: str, name: str, now: datetime | None = None
) -> bytes:
    now = now or utcnow()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Parvis//Conseils et CIQ//FR",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
    ]
    for session in sessions:
        lines += _event(session, url_of(session), host, now)
    lines.append("END:VCALENDAR")
    return ("\r\n".join(fold(line) for line in lines) + "\r\n").encode()
