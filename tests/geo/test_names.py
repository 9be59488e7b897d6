"""Place names from upper-case sources get their usual spelling; slugs ignore accents and case."""

from __future__ import annotations

import pytest

from app.geo.names import display_name, slugify


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("SAINT CHARLES", "Saint-Charles"),
        ("OPERA", "Opéra"),
        ("LA BELLE DE MAI", "La Belle de Mai"),
        ("BELLE DE MAI", "La Belle de Mai"),  # cut short in the source file
        ("NOTRE DAME DU MONT", "Notre-Dame-du-Mont"),
        ("NOTRE DAME LIMITE", "Notre-Dame-Limite"),
        ("SAINT JUST", "Saint-Just"),
        ("SAINT JEAN DU DESERT", "Saint-Jean-du-Désert"),
        ("SAINTE MARGUERITE", "Sainte-Marguerite"),
        ("HOTEL DE VILLE", "Hôtel de Ville"),
        ("PALAIS DE JUSTICE", "Palais de Justice"),
        ("LES ILES", "Les Îles"),
        ("EOURES", "Éoures"),
        ("L'ESTAQUE", "L'Estaque"),
        ("CHATEAU-GOMBERT", "Château-Gombert"),
        ("PONT DE VIVAUX", "Pont-de-Vivaux"),
        ("LES TROIS LUCS", "Les Trois-Lucs"),
        ("LA CROIX ROUGE", "La Croix-Rouge"),
        ("LA VILETTE", "La Villette"),
        ("VIELLE CHAPELLE", "Vieille-Chapelle"),
        ("SAINT MAURON", "Saint-Mauront"),
        ("  saint   barnabe ", "Saint-Barnabé"),
        ("CHEMIN D'ARENC", "Chemin d'Arenc"),
        ("", ""),
    ],
)
def test_display_name(raw: str, expected: str) -> None:
    assert display_name(raw) == expected


def test_display_name_is_stable_on_its_own_output() -> None:
    for name in ("Notre-Dame-du-Mont", "La Belle de Mai", "Saint-Jean-du-Désert", "L'Estaque"):
        assert display_name(name.upper()) == name


def test_slug_ignores_accents_case_and_punctuation() -> None:
    assert slugify("Notre-Dame-du-Mont") == slugify("NOTRE DAME DU MONT") == "notre-dame-du-mont"
    assert slugify("Éoures") == "eoures"
    assert slugify("L'Estaque") == "l-estaque"
