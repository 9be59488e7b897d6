"""Place names as people write them: accents, case and hyphens restored from upper-case sources,
and the accent-free slugs that identify places across imports.

Reference files (IGN, INSEE, city open data) often spell names in bare capitals: "NOTRE DAME DU
MONT", "OPERA". `display_name` rebuilds the usual spelling from three small tables and three
French toponymy rules:

1. a saint's name used as a place name is joined by hyphens to the end of the name
   ("SAINT JEAN DU DESERT" → "Saint-Jean-du-Désert", "NOTRE DAME LIMITE" → "Notre-Dame-Limite");
2. articles and prepositions are lower-case inside a name, capitalised at its start
   ("LA BELLE DE MAI" → "La Belle de Mai");
3. every other word is capitalised, with its accents taken from `ACCENTED_WORDS`.
"""

from __future__ import annotations

import re
import unicodedata

# Words whose accents the upper-case sources dropped.
ACCENTED_WORDS: dict[str, str] = {
    "ANDRE": "André",
    "BARNABE": "Barnabé",
    "BARTHELEMY": "Barthélemy",
    "CHATEAU": "Château",
    "DESERT": "Désert",
    "EOURES": "Éoures",
    "FOURRAGERE": "Fourragère",
    "HOTEL": "Hôtel",
    "ILES": "Îles",
    "JEROME": "Jérôme",
    "MEDECINS": "Médecins",
    "MILLIERE": "Millière",
    "OPERA": "Opéra",
    "PERIER": "Périer",
    "PREFECTURE": "Préfecture",
    "VAUFREGES": "Vaufrèges",
}

# Whole names misspelt or cut short in the Marseille source file, mapped to the official name
# (still in capitals: the rules below then apply).
SOURCE_CORRECTIONS: dict[str, str] = {
    "BELLE DE MAI": "LA BELLE DE MAI",
    "LA VILETTE": "LA VILLETTE",
    "SAINT MAURON": "SAINT MAURONT",
    "VIELLE CHAPELLE": "VIEILLE CHAPELLE",
}

# Compound names written with hyphens by custom ("Pont-de-Vivaux", "La Croix-Rouge").
HYPHENATED: tuple[tuple[str, ...], ...] = (
    ("BON", "SECOURS"),
    ("CHUTES", "LAVIE"),
    ("CINQ", "AVENUES"),
    ("CROIX", "ROUGE"),
    ("GRANDS", "CARMES"),
    ("POINTE", "ROUGE"),
    ("PONT", "DE", "VIVAUX"),
    ("ROUCAS", "BLANC"),
    ("TROIS", "LUCS"),
    ("VIEILLE", "CHAPELLE"),
)

LOWER_INSIDE = {"À", "A", "AU", "AUX", "DE", "DES", "DU", "EN", "ET", "LA", "LE", "LES", "SUR", "SOUS"}
SAINT_STARTS = {"SAINT", "SAINTE", "SAINTS", "SAINTES"}


def _case_part(part: str, first: bool) -> str:
    """Case one word (no spaces or hyphens); handles elisions such as L'ESTAQUE or D'ARENC."""
    if "'" in part:
        head, _, tail = part.partition("'")
        if len(head) == 1:
            elided = head.upper() if first else head.lower()
            return f"{elided}'{_case_part(tail, first=True) if tail else ''}"
    if part in ACCENTED_WORDS:
        return ACCENTED_WORDS[part]
    if not first and part in LOWER_INSIDE:
        return part.lower()
    return part.capitalize()


def _separators(words: list[str]) -> list[str]:
    """The separator after each word: a hyphen inside a saint's name or a customary compound."""
    seps = [" "] * (len(words) - 1)
    for i, word in enumerate(words):
        is_saint = word in SAINT_STARTS or (word == "NOTRE" and i + 1 < len(words) and words[i + 1] == "DAME")
        if is_saint and i + 1 < len(words):
            for j in range(i, len(words) - 1):
                seps[j] = "-"
            break
    for compound in HYPHENATED:
        size = len(compound)
        for i in range(len(words) - size + 1):
            if tuple(words[i : i + size]) == compound:
                for j in range(i, i + size - 1):
                    seps[j] = "-"
    return seps


def display_name(raw: str) -> str:
    """The usual spelling of a place name given in capitals: "SAINT CHARLES" → "Saint-Charles",
    "OPERA" → "Opéra", "NOTRE DAME DU MONT" → "Notre-Dame-du-Mont". Hyphens already in the source
    are kept ("CHATEAU-GOMBERT" → "Château-Gombert")."""
    text = " ".join(raw.replace("’", "'").split()).upper()
    text = SOURCE_CORRECTIONS.get(text, text)
    # Existing hyphens behave like the ones the rules add; split on both, remember which.
    words: list[str] = []
    given: list[str] = []
    for chunk in text.split(" "):
        parts = [p for p in chunk.split("-") if p]
        words.extend(parts)
        given.extend(["-"] * (len(parts) - 1) + [" "])
    if not words:
        return ""
    seps = ["-" if "-" in (ours, theirs) else " " for ours, theirs in zip(_separators(words), given[:-1], strict=True)]
    out = [_case_part(word, first=(i == 0)) for i, word in enumerate(words)]
    return "".join(word + sep for word, sep in zip(out, [*seps, ""], strict=True))


def slugify(name: str) -> str:
    """Accent-free, lower-case, hyphenated: "Notre-Dame-du-Mont" and "NOTRE DAME DU MONT" give the
    same slug, so a re-import with better spelling updates the place instead of adding one."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
