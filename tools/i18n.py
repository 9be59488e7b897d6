"""Translations, one catalog per area: French msgids in the source, an English catalog beside them.

An area that has an `app/<area>/translations/` folder owns the messages found only in `app/<area>/`
and `templates/<area>/`; every other message lives in `app/translations/`. Each area translates its
own strings without touching another's file; Flask-Babel merges the catalogs at run time
(`app.config.translation_directories`).

    python tools/i18n.py               extract, then update every catalog (new ones are created)
    python tools/i18n.py votes core    update only these catalogs (`core` is app/translations)
    python tools/i18n.py extract DIR   only extract: DIR/<catalog>.pot for each catalog (tests read them)
    python tools/i18n.py compile       compile every catalog to .mo

After an update, translate the empty and `#, fuzzy` entries of the .po files it names.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from app.config import translation_folders  # noqa: E402  (the app decides which folders it merges)

LANGUAGES = ("en",)
CORE = "core"  # the catalog in app/translations: everything no area claims
KEYWORDS = ["-k", "_l", "-k", "lazy_gettext", "-k", "lazy_ngettext:1,2", "-k", "lazy_pgettext:1c,2"]


def owner(location: str, areas: set[str]) -> str:
    parts = Path(location).parts
    if len(parts) > 2 and parts[0] in ("app", "templates") and parts[1] in areas:
        return parts[1]
    return CORE


def extract() -> dict[str, Catalog]:
    """Every message of the source, split into one template per catalog."""
    pybabel = Path(sys.executable).parent / "pybabel"
    with tempfile.TemporaryDirectory() as folder:
        pot = Path(folder) / "all.pot"
        subprocess.run(
            [str(pybabel), "-q", "extract", "-F", "babel.cfg", *KEYWORDS, "--add-comments=Translators:",
             "--sort-by-file", "--no-wrap", "--project=Parvis", "--version=0.1",
             "--copyright-holder=Parvis contributors", "-o", str(pot), "."],
            cwd=ROOT, check=True,
        )  # fmt: skip
        with pot.open("rb") as handle:
            everything = read_po(handle)
    folders = translation_folders()
    templates = {name: Catalog(project="Parvis", version="0.1", fuzzy=False) for name in folders}
    for message in everything:
        if not message.id:
            continue
        by_catalog: dict[str, list[tuple[str, int | None]]] = {}
        for location in message.locations:
            by_catalog.setdefault(owner(location[0], set(folders) - {CORE}), []).append(location)
        for name, locations in by_catalog.items():
            templates[name].add(
                message.id, locations=locations, flags=message.flags, auto_comments=message.auto_comments,
                context=message.context,
            )  # fmt: skip
    return templates


def _write(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=0, sort_by_file=True, ignore_obsolete=True, include_previous=False)


def update(names: list[str]) -> None:
    templates, folders = extract(), translation_folders()
    unknown = [name for name in names if name not in folders]
    if unknown:
        sys.exit(f"no such catalog: {', '.join(unknown)} (create app/<area>/translations/ first)")
    # Areas before core: core's old copy of a string an area now owns must still be there to seed it.
    for name in sorted(names or list(folders), key=lambda name: name == CORE):
        for language in LANGUAGES:
            path = folders[name] / language / "LC_MESSAGES" / "messages.po"
            # A new area's catalog starts as a copy of core's, so strings it takes over keep their translation.
            source = path if path.exists() else folders[CORE] / language / "LC_MESSAGES" / "messages.po"
            with source.open("rb") as handle:
                catalog = read_po(handle, locale=language)
            catalog.update(templates[name], no_fuzzy_matching=False)
            _write(path, catalog)
            todo = sum(1 for m in catalog if m.id and (m.fuzzy or not all(_strings(m))))
            print(f"{path.relative_to(ROOT)}: {len(catalog)} messages, {todo} to translate")


def _strings(message) -> list[str]:  # type: ignore[no-untyped-def]
    return list(message.string) if isinstance(message.string, tuple | list) else [message.string]


def compile_all() -> None:
    for folder in translation_folders().values():
        for po_path in folder.glob("*/LC_MESSAGES/messages.po"):
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            with po_path.open("rb") as handle:
                catalog = read_po(handle)
            with mo_path.open("wb") as handle:
                write_mo(handle, catalog)


def main(argv: list[str]) -> None:
    if argv[:1] == ["extract"]:
        if len(argv) != 2:
            sys.exit("usage: tools/i18n.py extract DIR")
        out = Path(argv[1])
        out.mkdir(parents=True, exist_ok=True)
        for name, template in extract().items():
            _write(out / f"{name}.pot", template)
    elif argv[:1] == ["compile"]:
        compile_all()
    else:
        update(argv)


if __name__ == "__main__":
    main(sys.argv[1:])
