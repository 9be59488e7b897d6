"""Every ballot kind's limits, checked on the server, with a message that says what to change."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.core.errors import DomainError
from app.votes.services.ballots import describe, validate
from tests.votes.conftest import ids

pytestmark = pytest.mark.usefixtures("request_context")


def refused(vote, content) -> str:
    with pytest.raises(DomainError) as error:
        validate(vote, content)
    return " ".join(error.value.messages)


def test_approval_min_and_max(make_vote) -> None:
    vote = make_vote("approval", min_choices=2, max_choices=3)
    a, b, c, d = ids(vote)
    assert validate(vote, {"approve": [str(c), a]}) == {"approve": sorted([a, c])}
    assert "au moins 2 options (vous en avez choisi 1)" in refused(vote, {"approve": [a]})
    assert "au plus 3 options : retirez-en 1" in refused(vote, {"approve": [a, b, c, d]})


def test_approval_needs_one_option_by_default_and_refuses_repeats_and_strangers(make_vote) -> None:
    vote = make_vote("approval")
    a = ids(vote)[0]
    assert "au moins 1 option" in refused(vote, {"approve": []})
    assert "deux fois la même option" in refused(vote, {"approve": [a, str(a)]})
    assert "n'existe pas" in refused(vote, {"approve": [999999]})
    assert "n'existe pas" in refused(vote, {"approve": ["abc"]})
    assert "mal formé" in refused(vote, {"approve": "1,2"})
    assert "mal formé" in refused(vote, ["not", "a", "dict"])


def test_knapsack_total_within_the_budget(make_vote) -> None:
    vote = make_vote("knapsack", budget=Decimal("80000"))
    play, garden, benches, bikes = ids(vote)
    assert validate(vote, {"approve": [play, garden, benches]}) == {"approve": sorted([play, garden, benches])}
    message = refused(vote, {"approve": [play, bikes]})
    assert "100\u202f000,00\xa0€" in message or "100 000,00 €" in message.replace("\u202f", " ").replace("\xa0", " ")
    assert "de plus que le budget" in message and "retirez" in message


def test_knapsack_minimum_share(make_vote) -> None:
    vote = make_vote("knapsack", budget=Decimal("80000"), min_share=50)
    play, garden, benches, _bikes = ids(vote)
    assert validate(vote, {"approve": [play]})  # 40 000 = 50 %
    message = refused(vote, {"approve": [benches]})
    assert "au moins" in message and "50 % du budget" in message and "Ajoutez" in message
    assert validate(vote, {"approve": [garden, benches]})  # 40 000


def test_cumulative_points_per_option_and_in_total(make_vote) -> None:
    vote = make_vote("cumulative", points_total=10, points_per_option=6)
    a, b, c, _d = ids(vote)
    assert validate(vote, {"points": {str(a): "6", str(b): 4, str(c): "0"}}) == {"points": {str(a): 6, str(b): 4}}
    assert "au plus 6 points par option ; retirez-en 1" in refused(vote, {"points": {str(a): 7}})
    assert "12 points pour 10 disponibles : retirez-en 2" in refused(vote, {"points": {str(a): 6, str(b): 6}})
    assert "au moins un point" in refused(vote, {"points": {}})
    assert "nombre entier" in refused(vote, {"points": {str(a): "deux"}})
    assert "négatif" in refused(vote, {"points": {str(a): -1}})


def test_ranking_up_to_k(make_vote) -> None:
    vote = make_vote("ranking", max_ranked=2)
    a, b, c, _d = ids(vote)
    assert validate(vote, {"rank": [c, a]}) == {"rank": [c, a]}  # order kept
    assert "au plus 2 options : retirez-en 1" in refused(vote, {"rank": [a, b, c]})
    assert "au moins une option" in refused(vote, {"rank": []})
    assert "deux fois" in refused(vote, {"rank": [a, a]})


def test_single_choice_with_and_without_abstention(make_vote) -> None:
    motion = make_vote("single")
    yes, _no = ids(motion)
    assert validate(motion, {"choice": str(yes)}) == {"choice": yes}
    assert validate(motion, {"abstain": True}) == {"abstain": True}
    assert "ou l'abstention" in refused(motion, {"choice": None})
    assert "pas les deux" in refused(motion, {"choice": yes, "abstain": True})
    strict = make_vote("single", allow_abstain=False)
    assert "n'est pas prévue" in refused(strict, {"abstain": True})
    assert refused(strict, {}) == "Choisissez une option."


def test_describe_tells_a_ballot_in_words(make_vote) -> None:
    vote = make_vote("ranking")
    a, b, _c, _d = ids(vote)
    assert describe(vote, {"rank": [b, a]}) == ["1. Jardin partagé", "2. Aire de jeux"]
    motion = make_vote("single")
    assert describe(motion, {"abstain": True}) == ["Abstention"]
