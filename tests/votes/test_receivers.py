"""What votes answers to the core signals: open votes on the home page, a resident's data export
(that they voted, never what), an account's erasure (a public choice loses its name)."""

from __future__ import annotations

import pytest

from app.core.signals import collect_user_data, user_erased
from app.extensions import db
from app.votes.services import casting
from tests.votes.conftest import ids, text

pytestmark = pytest.mark.usefixtures("request_context")


def test_home_page_lists_open_votes(client, make_vote) -> None:
    open_vote = make_vote(title="Budget de la Belle de Mai")
    make_vote(title="Brouillon invisible", opened=False)
    page = text(client.get("/"))
    assert "Budget de la Belle de Mai" in page and f"/votes/{open_vote.id}" in page
    assert "Brouillon invisible" not in page


def test_data_export_says_that_one_voted_not_what(app, make_vote, resident) -> None:
    vote = make_vote()
    voter = resident(verified=True, number="EXPORT01")
    casting.cast(vote, voter, {"approve": [ids(vote)[2]]})
    db.session.commit()
    answers = dict(answer for _, answer in collect_user_data.send(app, user=voter) if answer)
    rows = answers["votes"]  # exactly these keys: no choice, no ballot, no time
    assert rows == [{"vote_id": vote.id, "vote": vote.title, "channel": "web", "day": rows[0]["day"]}]


def test_erasure_removes_the_name_from_public_choices(app, make_vote, resident) -> None:
    from app.votes.models import OpenChoice

    vote = make_vote("single", secret=False)
    voter = resident(display_name="Léon")
    casting.cast(vote, voter, {"choice": ids(vote)[0]})
    db.session.commit()
    user_erased.send(app, user=voter)
    db.session.commit()
    choice = db.session.scalar(db.select(OpenChoice))
    assert choice.user_id is None and choice.voter_name == "Compte supprimé"
