"""The word filter: a note or question containing one of these words is held for a moderator,
whatever the session's moderation mode. Short lists of common insults in French and English,
matched as whole words after lowering and removing accents."""

from __future__ import annotations

import re
import unicodedata

FRENCH = (
    "connard", "connasse", "conne", "con", "encule", "enculé", "salope", "salaud", "pute", "putain",
    "merde", "batard", "bâtard", "nique", "niquer", "pd", "pédé", "tapette", "bougnoule", "negre", "nègre",
    "youpin", "crevard", "abruti", "débile", "fdp",
)  # fmt: skip
ENGLISH = (
    "fuck", "fucking", "shit", "bitch", "bastard", "asshole", "cunt", "dick", "slut", "whore",
    "retard", "faggot", "nigger", "moron", "idiot",
)  # fmt: skip


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


_PATTERN = re.compile(r"\b(?:" + "|".join(sorted({re.escape(_plain(w)) for w in FRENCH + ENGLISH})) + r")\b")


def flagged(text: str) -> bool:
    """True when `text` contains a filtered word (in French or English)."""
    return _PATTERN.search(_plain(text)) is not None
