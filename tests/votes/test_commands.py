"""`flask votes close-due` and `flask votes scrub`."""

from __future__ import annotations

from datetime import timedelta

from app.core.db import utcnow
from app.extensions import db
from app.votes.services import casting, votes
from app.votes.signals import ballot_closed
from tests.votes.conftest import ids


def test_close_due_closes_and_announces_once(app, make_vote) -> None:
    past = make_vote(title="Passé", opens_at=utcnow() - timedelta(days=2), closes_at=utcnow() - timedelta(hours=1))
    make_vote(title="En cours")
    runner = app.test_cli_runner()
    seen = []
    with ballot_closed.connected_to(lambda sender, vote, **kw: seen.append(vote.id)):
        first = runner.invoke(args=["votes", "close-due"])
        second = runner.invoke(args=["votes", "close-due"])
    assert first.exit_code == 0 and f"closed vote {past.id}: Passé" in first.output
    assert second.output == ""
    assert seen == [past.id]
    db.session.expire_all()
    assert votes.status(db.session.get(type(past), past.id)) == "closed"


def test_scrub_reports_what_it_rewrote(app, backend, make_vote, resident) -> None:
    vote = make_vote()
    with app.test_request_context():
        casting.cast(vote, resident(), {"approve": [ids(vote)[0]]})
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["votes", "scrub"])
    assert result.exit_code == 0
    assert result.output.strip() == ("1 ballots rewritten" if backend == "postgresql" else "0 ballots rewritten")


def test_export_prints_a_closed_vote_and_refuses_an_open_one(app, make_vote, resident, tmp_path) -> None:
    from app.votes.pabulib import parse_pb

    vote = make_vote("approval")
    with app.test_request_context():
        casting.cast(vote, resident(), {"approve": ids(vote)[:2]})
    db.session.commit()
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["votes", "export", str(vote.id)])
    assert refused.exit_code == 2 and "publiés à sa clôture" in refused.output
    assert runner.invoke(args=["votes", "export", "999999"]).exit_code == 2
    with app.test_request_context():
        votes.close_vote(None, vote)
    db.session.commit()
    printed = runner.invoke(args=["votes", "export", str(vote.id)])
    assert printed.exit_code == 0
    pb = parse_pb(printed.output)
    assert pb.meta["vote_type"] == "approval" and [row["vote"] for row in pb.votes] == [
        ",".join(map(str, ids(vote)[:2]))
    ]
    target = tmp_path / "vote.pb"
    assert runner.invoke(args=["votes", "export", str(vote.id), "-o", str(target)]).exit_code == 0
    assert target.read_text(encoding="utf-8") == printed.output
