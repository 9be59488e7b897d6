"""The criticality a new item suggests to staff, from its text and from how many open items already
report the same place to the same service. A pure function: no database, no request; staff decide,
and the reasons are shown beside the suggestion."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

LEVELS = ("low", "normal", "high", "urgent")

# Words (accents and case folded) that point at a danger to people: French first, English too.
URGENT_WORDS = (
    "danger", "dangereux", "dangereuse", "blesse", "blessee", "blessure", "fuite de gaz", "odeur de gaz",
    "incendie", "fumee", "electrique", "electrocution", "fil denude", "cable arrache", "effondrement",
    "effondre", "inondation", "noyade", "agression", "urgence", "urgent",
    "injured", "injury", "gas leak", "fire", "smoke", "electric", "collapse", "flood", "emergency",
)  # fmt: skip
HIGH_WORDS = (
    "chute", "tombe", "enfant", "enfants", "ecole", "creche", "trou", "nid de poule", "bloque", "accessible",
    "fauteuil", "handicap", "personne agee", "nuit", "eclairage", "eteint", "rat", "rats", "seringue",
    "fall", "child", "children", "school", "pothole", "blocked", "wheelchair", "dark", "needle",
)  # fmt: skip
# Open items for the same place and service in recent days that make it more pressing.
REPEATS_HIGH = 3
REPEATS_URGENT = 8


@dataclass(frozen=True)
class Reason:
    """Why the level was raised: `kind` is "danger", "risk" (words found, in `detail`) or "repeats"
    (the count, in `detail`). Pages word it in the reader's language."""

    kind: str
    detail: str


@dataclass(frozen=True)
class Suggestion:
    level: str
    reasons: tuple[Reason, ...]

    def encoded(self) -> str:
        """One reason per line, `kind=detail`, as the item keeps them."""
        return "\n".join(f"{reason.kind}={reason.detail}" for reason in self.reasons)


def decode(text: str) -> list[Reason]:
    return [Reason(*line.split("=", 1)) for line in text.splitlines() if "=" in line]


def fold(text: str) -> str:
    """Lower case without accents or punctuation, words separated by one space: "l'École !" -> "l ecole"
    (an elision stays a separate word, so "l'école" is found as "ecole")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(re.findall(r"[a-z0-9]+", bare))


def _found(folded: str, words: tuple[str, ...]) -> list[str]:
    padded = f" {folded} "
    return [word for word in words if f" {word} " in padded]


def _raise(level: str, to: str) -> str:
    return max(level, to, key=LEVELS.index)


def suggest(text: str, repeats: int = 0) -> Suggestion:
    """`repeats`: open items of the same service for the same quartier or address in recent days
    (the caller counts them)."""
    folded = fold(text)
    level = "normal"
    reasons: list[Reason] = []
    urgent = _found(folded, URGENT_WORDS)
    high = _found(folded, HIGH_WORDS)
    if urgent:
        level = "urgent"
        reasons.append(Reason("danger", ", ".join(urgent)))
    if high:
        level = _raise(level, "high")
        reasons.append(Reason("risk", ", ".join(high)))
    if repeats >= REPEATS_URGENT:
        level = "urgent"
    elif repeats >= REPEATS_HIGH:
        level = _raise(level, "high")
    if repeats:
        reasons.append(Reason("repeats", str(repeats)))
    return Suggestion(level, tuple(reasons))
