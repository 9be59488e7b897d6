"""The criticality suggestion, a pure function: safety words in French and English with accents and
case folded, and repeated reports of the same place."""

from __future__ import annotations

import pytest

from app.feedback.services.criticality import Reason, decode, fold, suggest


def test_fold_removes_accents_case_and_punctuation() -> None:
    assert fold("Enfant BLESSÉ, près de l'École !") == "enfant blesse pres de l ecole"


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("Il y a une FUITE DE GAZ rue de Rome", "urgent"),
        ("Câble électrique arraché qui pend sur le trottoir", "urgent"),
        ("Un passant s'est blessé sur la grille", "urgent"),
        ("Gas leak near the school", "urgent"),
        ("Un gros nid de poule, une chute est vite arrivée", "high"),
        ("Les enfants traversent sans passage piéton", "high"),
        ("Le banc est sale", "normal"),
        ("Le marquage du parking est effacé", "normal"),
    ],
)
def test_words_suggest_a_level(text: str, level: str) -> None:
    assert suggest(text).level == level


def test_words_are_matched_whole() -> None:
    # "dangereusement" is not "danger"; "ratatouille" is not "rat".
    assert suggest("Il roule dangereusement vite, on a mangé une ratatouille").level == "normal"


def test_reasons_name_the_words_found() -> None:
    suggestion = suggest("Incendie de poubelle, des enfants à côté")
    assert suggestion.reasons == (Reason("danger", "incendie"), Reason("risk", "enfants"))


@pytest.mark.parametrize(("repeats", "level"), [(0, "normal"), (2, "normal"), (3, "high"), (8, "urgent")])
def test_repeated_reports_raise_the_level(repeats: int, level: str) -> None:
    suggestion = suggest("Le lampadaire ne marche pas", repeats)
    assert suggestion.level == level
    assert (Reason("repeats", str(repeats)) in suggestion.reasons) == bool(repeats)


def test_repeats_never_lower_a_danger() -> None:
    assert suggest("Fuite de gaz", 3).level == "urgent"


def test_reasons_survive_being_stored() -> None:
    suggestion = suggest("Danger : fil dénudé près de l'école", 4)
    assert decode(suggestion.encoded()) == list(suggestion.reasons)
