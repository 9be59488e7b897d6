"""Casting: one roll row per voter key and an anonymous ballot, in one transaction; a second vote
refused by the database whatever the channel or the account; replacing with a receipt."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from app.core.db import utcnow
from app.core.errors import DomainError
from app.extensions import db
from app.votes.models import Ballot, OpenChoice, RollEntry
from app.votes.services import casting, paper, receipts, votes
from tests.votes.conftest import ids

pytestmark = pytest.mark.usefixtures("request_context")


def _count(model: Any) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def test_cast_writes_one_roll_row_per_key_and_one_anonymous_ballot(make_vote, resident) -> None:
    vote = make_vote()
    voter = resident(verified=True, number="AB123456")
    code = casting.cast(vote, voter, {"approve": [ids(vote)[1], ids(vote)[0]]})
    db.session.commit()

    keys = set(db.session.scalars(sa.select(RollEntry.voter_key)))
    assert keys == {f"user:{voter.id}", f"identity:{voter.identity_hash}"}
    ballot = db.session.scalar(sa.select(Ballot))
    assert ballot.content == {"approve": sorted(ids(vote)[:2])}
    assert ballot.receipt_hash == receipts.receipt_hash(vote, code)
    assert ballot.day == utcnow().date()
    assert ballot.channel == "web"
    assert receipts.looks_valid(code) and code not in str(ballot.content)
    assert casting.has_voted(vote, voter)


def test_second_vote_of_the_same_account_is_refused(make_vote, resident) -> None:
    vote = make_vote()
    voter = resident()
    casting.cast(vote, voter, {"approve": [ids(vote)[0]]})
    db.session.commit()
    with pytest.raises(DomainError, match="déjà voté"):
        casting.cast(vote, voter, {"approve": [ids(vote)[1]]})
    db.session.rollback()
    assert _count(Ballot) == 1 and _count(RollEntry) == 1


def test_two_accounts_with_the_same_identity_cannot_both_vote(make_vote, resident, monkeypatch) -> None:
    vote = make_vote()
    first = resident(verified=True, number="CNI-1")
    casting.cast(vote, first, {"approve": [ids(vote)[0]]})
    db.session.commit()
    # A second account that stands for the same person (the identity key a provider such as
    # FranceConnect vouches for is shared by every account that ever held it).
    second = resident()
    shared = f"identity:{first.identity_hash}"
    real = casting.voter_keys
    monkeypatch.setattr(casting, "voter_keys", lambda user: [*real(user), *([shared] if user.id == second.id else [])])
    with pytest.raises(DomainError, match="déjà voté"):
        casting.cast(vote, second, {"approve": [ids(vote)[1]]})
    db.session.rollback()
    assert _count(Ballot) == 1
    assert not db.session.scalar(sa.select(RollEntry.id).where(RollEntry.voter_key == f"user:{second.id}"))


def test_paper_after_web_is_refused(make_vote, resident, make_user) -> None:
    vote = make_vote()
    staff = make_user(roles=[("staff", "")])
    voter = resident(verified=True, number="P-777")
    casting.cast(vote, voter, {"approve": [ids(vote)[0]]})
    db.session.commit()
    with pytest.raises(DomainError, match="déjà voté"):
        paper.enter_paper_ballot(
            vote, staff, paper.PaperVoter(document_type="cni", document_number="p 777"), {"approve": [ids(vote)[1]]}
        )
    db.session.rollback()
    assert _count(Ballot) == 1


def test_web_after_paper_is_refused(make_vote, resident, make_user) -> None:
    vote = make_vote()
    staff = make_user(roles=[("staff", "")])
    paper.enter_paper_ballot(
        vote, staff, paper.PaperVoter(document_type="cni", document_number="W-4242"), {"approve": [ids(vote)[1]]}
    )
    db.session.commit()
    # The person then verifies an account with the same document, and tries online.
    voter = resident(verified=True, number="W4242")
    with pytest.raises(DomainError, match="déjà voté"):
        casting.cast(vote, voter, {"approve": [ids(vote)[0]]})
    db.session.rollback()
    roll = db.session.execute(sa.select(RollEntry.channel, RollEntry.entered_by_id)).all()
    assert roll == [("paper", staff.id)]


def test_paper_ballot_for_an_account_is_audited_without_the_choice(make_vote, resident, make_user) -> None:
    from app.core.audit import AuditEntry

    vote = make_vote()
    staff = make_user(roles=[("staff", "")])
    voter = resident()
    code = paper.enter_paper_ballot(vote, staff, paper.PaperVoter(user=voter), {"approve": [ids(vote)[2]]}, "session")
    db.session.commit()
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "votes.ballot_entered"))
    assert entry.actor_id == staff.id
    assert entry.payload() == {"channel": "session", "voter_user_id": voter.id}
    assert str(ids(vote)[2]) not in entry.data
    assert receipts.check_receipt(vote, code) is not None
    assert db.session.scalar(sa.select(Ballot.channel)) == "session"


def test_staff_cannot_enter_their_own_paper_ballot(make_vote, make_user) -> None:
    vote = make_vote()
    staff = make_user(roles=[("staff", "")])
    with pytest.raises(DomainError, match="propre bulletin"):
        paper.enter_paper_ballot(vote, staff, paper.PaperVoter(user=staff), {"approve": [ids(vote)[0]]})


def test_paper_ballot_needs_a_readable_identity(make_vote, make_user) -> None:
    vote = make_vote()
    staff = make_user(roles=[("staff", "")])
    with pytest.raises(DomainError) as error:
        paper.enter_paper_ballot(vote, staff, paper.PaperVoter(document_type="cni", document_number="--"), {})
    assert error.value.problems[0][0] == "document_number"
    with pytest.raises(DomainError) as error:
        paper.enter_paper_ballot(vote, staff, paper.PaperVoter(document_type="carte", document_number="1234"), {})
    assert error.value.problems[0][0] == "document_type"


def test_replace_with_receipt_swaps_the_ballot_and_gives_a_new_receipt(make_vote, resident) -> None:
    vote = make_vote()
    code = casting.cast(vote, resident(), {"approve": [ids(vote)[0]]})
    db.session.commit()
    old_id = db.session.scalar(sa.select(Ballot.id))
    new_code = casting.replace(vote, code.lower().replace("-", " "), {"approve": [ids(vote)[3]]})
    db.session.commit()
    ballots = db.session.scalars(sa.select(Ballot)).all()
    assert len(ballots) == 1
    assert ballots[0].id != old_id
    assert ballots[0].content == {"approve": [ids(vote)[3]]}
    assert new_code != code
    assert receipts.check_receipt(vote, code) is None
    assert receipts.check_receipt(vote, new_code) is not None
    assert _count(RollEntry) == 1
    with pytest.raises(DomainError, match="aucun bulletin"):
        casting.replace(vote, code, {"approve": [ids(vote)[1]]})


def test_replace_refuses_an_unknown_code_and_a_closed_vote(make_vote, resident) -> None:
    vote = make_vote()
    code = casting.cast(vote, resident(), {"approve": [ids(vote)[0]]})
    db.session.commit()
    with pytest.raises(DomainError, match="aucun bulletin"):
        casting.replace(vote, "0000-0000-0000", {"approve": [ids(vote)[1]]})
    votes.close_vote(None, vote)
    db.session.commit()
    with pytest.raises(DomainError, match="clos"):
        casting.replace(vote, code, {"approve": [ids(vote)[1]]})


def test_a_receipt_of_one_vote_does_not_work_on_another(make_vote, resident) -> None:
    first, second = make_vote(), make_vote()
    code = casting.cast(first, resident(), {"approve": [ids(first)[0]]})
    db.session.commit()
    assert receipts.check_receipt(second, code) is None


def test_casting_outside_the_opening_times_is_refused(make_vote, resident) -> None:
    voter = resident()
    later = make_vote(opens_at=utcnow() + timedelta(days=1), closes_at=utcnow() + timedelta(days=2))
    with pytest.raises(DomainError, match="pas encore ouvert"):
        casting.cast(later, voter, {"approve": [ids(later)[0]]})
    past = make_vote(opens_at=utcnow() - timedelta(days=2), closes_at=utcnow() - timedelta(days=1))
    with pytest.raises(DomainError, match="clos"):
        casting.cast(past, voter, {"approve": [ids(past)[0]]})
    draft = make_vote(opened=False)
    with pytest.raises(DomainError, match="pas encore ouvert"):
        casting.cast(draft, voter, {"approve": [ids(draft)[0]]})


def test_open_vote_records_who_chose_what_and_secret_vote_never(make_vote, resident) -> None:
    public = make_vote("single", secret=False)
    secret = make_vote("single")
    voter = resident(display_name="Aïcha")
    code = casting.cast(public, voter, {"choice": ids(public)[0]})
    casting.cast(secret, voter, {"choice": ids(secret)[1]})
    db.session.commit()
    choices = db.session.scalars(sa.select(OpenChoice)).all()
    assert [(c.vote_id, c.voter_name, c.content) for c in choices] == [(public.id, "Aïcha", {"choice": ids(public)[0]})]
    casting.replace(public, code, {"abstain": True})
    db.session.commit()
    assert db.session.scalar(sa.select(OpenChoice.content)) == {"abstain": True}


def test_receipt_codes_use_the_whole_alphabet_and_do_not_repeat() -> None:
    codes = [receipts.new_code() for _ in range(2000)]
    assert len(set(codes)) == len(codes)
    assert all(receipts.looks_valid(code) and code.count("-") == 2 for code in codes)
    # 24,000 characters drawn from 32: every one appears, none far from its 750 expected
    seen = Counter("".join(codes).replace("-", ""))
    assert set(seen) == set(receipts.ALPHABET)
    assert min(seen.values()) > 500 and max(seen.values()) < 1000
