"""Who may vote in a vote: any account, verified residents, residents of some places, or a list."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from app.accounts.models import CensusEntry, User
from app.accounts.services.identity import voter_keys
from app.extensions import db
from app.geo.models import Quartier
from app.votes.models import EligibleVoter, Vote


def _in_area(vote: Vote, quartier_id: int | None) -> bool:
    if quartier_id is None:
        return False
    if quartier_id in (vote.quartier_ids or []):
        return True
    district_id = db.session.scalar(sa.select(Quartier.district_id).where(Quartier.id == quartier_id))
    return district_id in (vote.district_ids or [])


def _listed(vote: Vote, keys: list[str]) -> bool:
    query = sa.select(EligibleVoter.id).where(EligibleVoter.vote_id == vote.id, EligibleVoter.voter_key.in_(keys))
    return db.session.scalar(query.limit(1)) is not None


def problem(vote: Vote, user: Any) -> str | None:
    """Why this account may not vote here, in words the person can act on; None when it may."""
    if user is None or not getattr(user, "is_authenticated", False) or getattr(user, "is_erased", False):
        return _("Connectez-vous pour voter.")
    if vote.eligibility == "list":
        if not _listed(vote, voter_keys(user)):
            return _("Ce vote est réservé à une liste de votants où votre compte ne figure pas.")
        return None
    if vote.eligibility == "signed_in":
        return None
    if not user.is_verified:
        return _(
            "Ce vote est réservé aux habitants dont la résidence est vérifiée : faites vérifier la vôtre "
            "depuis votre compte, en ligne ou à l'accueil de votre mairie."
        )
    if vote.eligibility == "area" and not _in_area(vote, user.quartier_id):
        if user.quartier_id is None:
            return _("Ce vote est réservé à certains quartiers : indiquez votre quartier dans votre compte.")
        return _("Ce vote est réservé aux habitants d'autres quartiers que le vôtre.")
    return None


def is_eligible(vote: Vote, user: Any) -> bool:
    return problem(vote, user) is None


def identity_problem(vote: Vote, keys: list[str], identity_hash: str) -> str | None:
    """Eligibility of a person known only by the identity document staff checked (no account): the
    census tells their quartier."""
    if vote.eligibility == "list":
        return None if _listed(vote, keys) else _("Cette personne ne figure pas sur la liste des votants.")
    if vote.eligibility in ("signed_in", "verified"):
        return None
    census = db.session.scalar(sa.select(CensusEntry).where(CensusEntry.identity_hash == identity_hash))
    if census is None or not _in_area(vote, census.quartier_id):
        return _("Cette personne n'habite pas, d'après le recensement, un des quartiers concernés par ce vote.")
    return None


def user_for_identity(identity_hash: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.identity_hash == identity_hash))
