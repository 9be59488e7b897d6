"""Translations: every French message of the source has a reviewed English translation with the same
placeholders, and the site switches to English when asked.

Each area with an app/<area>/translations folder has its own catalog (tools/i18n.py). To fix a failure
here: run `make i18n` (or `make i18n AREAS=<area>`), then translate the listed entries in the catalog
named and remove their `#, fuzzy` flags.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po
from flask.testing import FlaskClient

from app.config import ROOT, translation_folders

FOLDERS = translation_folders()
CATALOGS = FOLDERS["core"]
LANGUAGES = ("en",)
# %(name)s, %s, %d, %%... as Python's % formatting (which gettext uses) reads them.
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Catalog]:
    """The messages of the source as they are now, split per catalog by the project's own tool."""
    output = tmp_path_factory.mktemp("i18n")
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "i18n.py"), "extract", str(output)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"tools/i18n.py extract failed:\n{result.stdout}\n{result.stderr}"
    return {path.stem: _read(path) for path in output.glob("*.pot")}


def _ids(message: Message) -> list[str]:
    return list(message.id) if isinstance(message.id, tuple | list) else [message.id]


def _strings(message: Message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple | list) else [message.string]


def placeholders(texts: list[str]) -> set[str]:
    return {match for text in texts for match in PLACEHOLDER.findall(text) if match != "%%"}


def catalog_problems(template: Catalog, catalog: Catalog) -> list[str]:
    """Entries of the template missing from the catalog, untranslated, fuzzy, or with other placeholders."""
    problems = []
    for source in template:
        if not source.id:
            continue  # the header
        name = _ids(source)[0]
        entry = catalog.get(source.id, source.context)
        if entry is None:
            problems.append(f"missing (run make i18n): {name!r}")
        elif not all(_strings(entry)):
            problems.append(f"untranslated: {name!r}")
        elif entry.fuzzy:
            problems.append(f"fuzzy (check the translation, then remove the flag): {name!r}")
        elif placeholders(_ids(source)) != placeholders(_strings(entry)):
            problems.append(
                f"placeholders differ: {name!r} has {sorted(placeholders(_ids(source)))}, "
                f"the translation {sorted(placeholders(_strings(entry)))}"
            )
    return problems


@pytest.mark.parametrize("name", list(FOLDERS))
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(templates: dict[str, Catalog], language: str, name: str) -> None:
    path = FOLDERS[name] / language / "LC_MESSAGES" / "messages.po"
    assert path.exists(), f"no {language!r} catalog for {name}: run make i18n AREAS={name}"
    problems = catalog_problems(templates[name], _read(path, language))
    assert not problems, f"{len(problems)} problems in {path.relative_to(ROOT)}:\n" + "\n".join(problems)


def test_the_check_finds_each_kind_of_problem() -> None:
    template, catalog = Catalog(), Catalog(locale="en")
    for text in ("Absent", "Vide", "Douteux", "Bonjour %(name)s", "%(count)d vote"):
        template.add(text)
    catalog.add("Vide", "")
    catalog.add("Douteux", "Doubtful", flags=["fuzzy"])
    catalog.add("Bonjour %(name)s", "Hello %(nom)s")
    catalog.add("%(count)d vote", "%(count)d vote")
    problems = catalog_problems(template, catalog)
    assert [problem.split(":")[0] for problem in problems] == [
        "missing (run make i18n)",
        "untranslated",
        "fuzzy (check the translation, then remove the flag)",
        "placeholders differ",
    ]


def test_plural_forms_may_drop_the_number_in_the_singular() -> None:
    template, catalog = Catalog(), Catalog(locale="en")
    template.add(("%(num)d projet", "%(num)d projets"))
    catalog.add(("%(num)d projet", "%(num)d projets"), ("one project", "%(num)d projects"))
    assert catalog_problems(template, catalog) == []


def test_a_page_renders_in_english_after_choosing_english(client: FlaskClient) -> None:
    english = _read(CATALOGS / "en" / "LC_MESSAGES" / "messages.po", "en")
    heading = "Participer à la vie de la ville"
    translated = english.get(heading)
    assert translated is not None and translated.string and not translated.fuzzy

    french_page = client.get("/").get_data(as_text=True)
    assert '<html lang="fr">' in french_page and heading in french_page

    response = client.post("/langue", data={"lang": "en", "next": "/"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/")
    english_page = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in english_page
    assert translated.string in english_page and heading not in english_page
