"""Through the vote engine: an identity vouched for by a provider votes once, even when it moved
from one Parvis account to another between two ballots."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from app.accounts.models import ExternalIdentity
from app.accounts.services import external_identities
from app.core.errors import DomainError
from app.extensions import db

casting = pytest.importorskip("app.votes.services.casting")
votes = pytest.importorskip("app.votes.services.votes")


def _vouched(user: Any, subject: str) -> None:
    db.session.add(
        ExternalIdentity(
            user=user,
            provider="etat",
            subject_hash=external_identities.subject_hash("etat", subject),
            identity_key=external_identities.identity_key("etat", subject),
        )
    )
    db.session.commit()


@pytest.mark.usefixtures("request_context")
def test_one_vouched_identity_one_vote(app: Flask, make_user: Any) -> None:
    staff = make_user(roles=[("staff", "")])
    first, second, neighbour = make_user(), make_user(), make_user()
    vote = votes.create_vote(
        staff, title="Motion de test", kind="single", options=votes.MOTION_OPTIONS, eligibility="signed_in"
    )
    votes.open_vote(staff, vote)
    db.session.commit()
    yes = vote.options[0].id

    _vouched(first, "sujet-42")
    assert casting.cast(vote, first, {"choice": yes})
    db.session.commit()

    # The same state identity, now linked to a second Parvis account: refused.
    db.session.delete(first.external_identities[0])
    db.session.commit()
    _vouched(second, "sujet-42")
    with pytest.raises(DomainError, match="déjà voté"):
        casting.cast(vote, second, {"choice": yes})
    db.session.rollback()

    # Another person, vouched for by the same provider, votes normally.
    _vouched(neighbour, "sujet-43")
    assert casting.cast(vote, neighbour, {"choice": yes})
