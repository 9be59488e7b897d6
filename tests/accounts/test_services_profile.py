"""Profile details and the opt-in demographic answers, without HTTP."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from app.accounts.services import profile
from app.core.errors import DomainError
from app.extensions import db
from tests.factories import DistrictFactory, QuartierFactory

pytestmark = pytest.mark.usefixtures("request_context")


def test_update_profile(app: Flask, make_user: Callable[..., Any]) -> None:
    user = make_user()
    quartier = QuartierFactory()
    profile.update_profile(user, profile.ProfileInput("  Lou   Martin ", quartier.id, "en"))
    assert (user.display_name, user.quartier, user.locale) == ("Lou Martin", quartier, "en")
    profile.update_profile(user, profile.ProfileInput("Lou", None, None))
    assert user.quartier is None and user.locale is None


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (profile.ProfileInput("L", None, None), "display_name"),
        (profile.ProfileInput("x" * 81, None, None), "display_name"),
        (profile.ProfileInput("Lou\u0000", None, None), "display_name"),
        (profile.ProfileInput("Lou", 987654, None), "quartier_id"),
        (profile.ProfileInput("Lou", None, "de"), "locale"),
    ],
)
def test_bad_profile_changes_nothing(
    app: Flask, make_user: Callable[..., Any], data: profile.ProfileInput, field: str
) -> None:
    user = make_user(display_name="Avant")
    with pytest.raises(DomainError) as caught:
        profile.update_profile(user, data)
    assert caught.value.problems[0][0] == field
    assert user.display_name == "Avant"


def test_quartiers_grouped_in_city_order(app: Flask) -> None:
    second = DistrictFactory(number=2, name="2e arrondissement")
    first = DistrictFactory(number=1, name="1er arrondissement")
    QuartierFactory(name="Noailles", district=first)
    QuartierFactory(name="Belsunce", district=first)
    arenc = QuartierFactory(name="Arenc", district=second)
    db.session.flush()
    groups = profile.quartiers_by_district()
    assert [name for name, _ in groups] == ["1er arrondissement", "2e arrondissement"]
    assert [label for _, label in groups[0][1]] == ["Belsunce", "Noailles"]
    assert groups[1][1] == [(arenc.id, "Arenc")]


def test_demographics_need_consent(app: Flask, make_user: Callable[..., Any]) -> None:
    user = make_user()
    with pytest.raises(DomainError) as caught:
        profile.set_demographics(user, "femme", "25-34", consent=False)
    assert caught.value.problems[0][0] == "consent"
    assert user.gender is None and user.demographics_consent_at is None


def test_demographics_opt_in_and_withdraw(app: Flask, make_user: Callable[..., Any]) -> None:
    user = make_user()
    profile.set_demographics(user, "femme", None, consent=True)
    consent_at = user.demographics_consent_at
    assert (user.gender, user.age_band) == ("femme", None) and consent_at is not None
    profile.set_demographics(user, "femme", "80+", consent=True)
    assert user.age_band == "80+" and user.demographics_consent_at == consent_at
    profile.withdraw_demographics(user)
    assert (user.gender, user.age_band, user.demographics_consent_at) == (None, None, None)


@pytest.mark.parametrize(
    ("gender", "age_band", "field"),
    [("licorne", None, "gender"), (None, "12-15", "age_band"), (None, None, None)],
)
def test_bad_answers(app: Flask, make_user: Callable[..., Any], gender: Any, age_band: Any, field: Any) -> None:
    user = make_user()
    with pytest.raises(DomainError) as caught:
        profile.set_demographics(user, gender, age_band, consent=True)
    assert caught.value.problems[0][0] == field
    assert user.demographics_consent_at is None
