"""The roll and the ballots are kept apart: no column, key, sequence or time links them, and nothing
written to the logs while casting puts a voter next to a choice. The database's unique constraint, not
Python, stops a second vote, even when the same voter casts from several requests at once."""

from __future__ import annotations

import logging
from typing import Any

import pytest
import sqlalchemy as sa

from app.core.errors import DomainError
from app.extensions import db
from app.votes.models import Ballot, RollEntry
from app.votes.services import casting, paper
from tests.races import race
from tests.votes.conftest import ids


def _inspect() -> sa.Inspector:
    return sa.inspect(db.engine)


def test_ballot_table_has_nothing_that_points_at_a_person_or_a_moment(app) -> None:
    inspector = _inspect()
    columns = {column["name"]: column for column in inspector.get_columns("votes_ballot")}
    assert set(columns) == {"id", "vote_id", "content", "receipt_hash", "channel", "day"}
    # No time finer than the day, anywhere in the row.
    assert not any(isinstance(c["type"], sa.DateTime) for c in columns.values())
    assert isinstance(columns["day"]["type"], sa.Date) and not isinstance(columns["day"]["type"], sa.DateTime)
    # A random id, not a sequence that would give the order of insertion.
    assert inspector.get_pk_constraint("votes_ballot")["constrained_columns"] == ["id"]
    assert not isinstance(columns["id"]["type"], sa.Integer)
    assert columns["id"].get("autoincrement") is not True
    # Its only foreign key is its vote.
    assert [fk["referred_table"] for fk in inspector.get_foreign_keys("votes_ballot")] == ["votes_vote"]


def test_roll_has_nothing_that_points_at_a_ballot(app) -> None:
    inspector = _inspect()
    columns = {column["name"] for column in inspector.get_columns("votes_roll")}
    assert columns == {"id", "vote_id", "voter_key", "channel", "entered_by_id", "day"}
    assert not any(isinstance(c["type"], sa.DateTime) for c in inspector.get_columns("votes_roll"))
    assert {fk["referred_table"] for fk in inspector.get_foreign_keys("votes_roll")} == {"votes_vote", "account_user"}
    uniques = [set(u["column_names"]) for u in inspector.get_unique_constraints("votes_roll")]
    assert {"vote_id", "voter_key"} in uniques
    # No table anywhere refers to a ballot.
    for table in inspector.get_table_names():
        assert all(fk["referred_table"] != "votes_ballot" for fk in inspector.get_foreign_keys(table)), table


def test_ballot_model_has_no_timestamp_mixin() -> None:
    from app.core.db import TimestampMixin

    assert not issubclass(Ballot, TimestampMixin)
    assert not issubclass(RollEntry, TimestampMixin)


def test_nothing_logged_while_casting_joins_voter_and_choice(
    app, make_vote, resident, make_user, caplog: pytest.LogCaptureFixture
) -> None:
    vote = make_vote()
    voter = resident(verified=True, number="LOG12345", display_name="Zéphyrine Témoin", email="zephyrine@example.org")
    staff = make_user(roles=[("staff", "")])
    walk_in = resident(verified=True, number="PAPIER99", display_name="Octave Papier")
    chosen = vote.options[3]
    # Everything: our loggers and SQLAlchemy's statements with their parameters.
    for name in (None, "app", "sqlalchemy.engine"):
        caplog.set_level(logging.DEBUG, logger=name)
    with app.test_request_context():
        code = casting.cast(vote, voter, {"approve": [chosen.id]})
        paper.enter_paper_ballot(vote, staff, paper.PaperVoter(user=walk_in), {"approve": [chosen.id]})
        db.session.commit()
    who = [
        f"user:{voter.id}",
        voter.identity_hash,
        "Zéphyrine",
        "zephyrine@",
        f"user:{walk_in.id}",
        walk_in.identity_hash,
    ]
    what = [chosen.label, f'"approve": [{chosen.id}]', f'"approve":[{chosen.id}]', code]
    assert caplog.records, "the capture must see the SQL statements, or the test proves nothing"
    for record in caplog.records:
        line = record.getMessage() + " " + str(record.args)
        assert not (any(w in line for w in who) and any(c in line for c in what)), line
        if record.name.startswith("app"):
            assert not any(w in line for w in who) and not any(c in line for c in what), line


@pytest.mark.postgresql_only  # row locks on a unique index: the race that matters is on PostgreSQL
def test_concurrent_casting_by_the_same_voter_leaves_one_ballot(app, backend, make_vote, resident) -> None:
    vote = make_vote()
    voter = resident(verified=True, number="RACE0001")
    vote_id, voter_id, option_ids = vote.id, voter.id, ids(vote)
    db.session.remove()

    def prepare() -> tuple[Any, Any]:
        from app.accounts.models import User
        from app.votes.models import Vote

        target = db.session.get(Vote, vote_id)
        person = db.session.get(User, voter_id)
        _ = target.options, person.roles
        return target, person

    def act(loaded: tuple[Any, Any], index: int) -> None:
        target, person = loaded
        casting.cast(target, person, {"approve": [option_ids[index % len(option_ids)]]})

    outcomes = race(app, 6, prepare, act)
    assert outcomes.count("ok") == 1, outcomes
    refused = [o for o in outcomes if o != "ok"]
    assert all(isinstance(o, DomainError) and "déjà voté" in str(o) for o in refused), refused
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Ballot)) == 1
    keys = db.session.scalars(sa.select(RollEntry.voter_key).where(RollEntry.vote_id == vote_id)).all()
    assert sorted(keys) == sorted([f"user:{voter_id}", f"identity:{voter.identity_hash}"])


@pytest.mark.sqlite_only  # the hidden rowid is SQLite's
def test_sqlite_stores_ballots_without_an_insertion_order_rowid(app, backend) -> None:
    sql = db.session.scalar(sa.text("SELECT sql FROM sqlite_master WHERE name = 'votes_ballot'"))
    assert "WITHOUT ROWID" in sql.upper()
    with pytest.raises(sa.exc.OperationalError):
        db.session.execute(sa.text("SELECT rowid FROM votes_ballot"))


@pytest.mark.postgresql_only  # xmin and the heap order are PostgreSQL's
def test_postgresql_rows_keep_no_transaction_trace_after_a_scrub(app, backend, make_vote, resident) -> None:
    from app.votes.services import votes

    vote = make_vote()
    with app.test_request_context():
        for option_id in ids(vote):
            casting.cast(vote, resident(), {"approve": [option_id]})
            db.session.commit()

    def linked() -> int:
        """Ballots whose writing transaction (or its savepoint, the next id) also wrote a roll row."""
        return db.session.scalar(
            sa.text(
                "SELECT count(DISTINCT b.id) FROM votes_ballot b JOIN votes_roll r "
                "ON r.xmin::text::bigint - b.xmin::text::bigint BETWEEN 0 AND 1 WHERE b.vote_id = :id"
            ),
            {"id": vote.id},
        )

    assert linked() == len(ids(vote))  # the trace the scrub exists for
    with app.test_request_context():
        assert casting.scrub_insertion_traces(vote) == len(ids(vote))
        db.session.commit()
    assert linked() == 0
    hashes = db.session.scalars(sa.text("SELECT receipt_hash FROM votes_ballot ORDER BY ctid")).all()
    assert hashes == sorted(hashes)
    with app.test_request_context():
        casting.cast(vote, resident(), {"approve": [ids(vote)[0]]})
        db.session.commit()
        votes.close_vote(None, vote)  # the close scrubs too
        db.session.commit()
    assert linked() == 0
