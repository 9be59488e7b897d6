"""Comments threaded one level with their alignment, reports, hiding by staff with a reason."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.budgets.services import comments, moderation
from app.core import audit
from app.core.errors import DomainError
from app.extensions import db
from tests.budgets.conftest import World


def test_comments_are_threaded_one_level(world: World) -> None:
    edition = world.edition("submission")
    proposal = world.proposal(edition)
    first = comments.add_comment(world.resident(), proposal, "Très bonne idée !", "for")
    reply = comments.add_comment(world.resident(), proposal, "Pas d'accord, trop cher.", "against", first.id)
    deeper = comments.add_comment(world.resident(), proposal, "Je réponds à la réponse.", "neutral", reply.id)
    db.session.commit()
    assert reply.parent_id == first.id and deeper.parent_id == first.id
    assert [c.id for c in comments.thread(proposal)] == [first.id]
    assert [c.id for c in comments.thread(proposal)[0].replies] == [reply.id, deeper.id]
    assert comments.alignment_counts(proposal) == {"for": 1, "against": 1, "neutral": 1}


def test_bad_comments_are_refused(world: World) -> None:
    edition = world.edition("submission")
    with pytest.raises(DomainError) as error:
        comments.add_comment(world.resident(), world.proposal(edition), " ", "maybe")
    assert {field for field, _ in error.value.problems} == {"body", "alignment"}
    with pytest.raises(DomainError):
        comments.add_comment(world.resident(), world.proposal(edition, status="draft"), "Bonjour", "for")


def test_report_then_hide_with_a_reason(world: World) -> None:
    edition = world.edition("submission")
    proposal = world.proposal(edition)
    comment = comments.add_comment(world.resident(), proposal, "Propos injurieux", "against")
    reporter = world.resident()
    with pytest.raises(DomainError):
        moderation.report(reporter, "because", comment=comment)
    first = moderation.report(reporter, "offensive", "Insultant", comment=comment)
    assert moderation.report(reporter, "offensive", comment=comment).id == first.id  # once per person
    about_proposal = moderation.report(world.resident(), "spam", proposal=proposal)
    assert {r.id for r in moderation.open_reports(edition)} == {first.id, about_proposal.id}
    staff = world.staff()
    with pytest.raises(DomainError):
        moderation.hide_comment(staff, comment, "")
    moderation.hide_comment(staff, comment, "Propos insultants envers un habitant.")
    assert comment.is_hidden and comment.hidden_by_id == staff.id
    assert [r.id for r in moderation.open_reports(edition)] == [about_proposal.id]
    moderation.hide_proposal(staff, proposal, "Publicité pour une entreprise.")
    assert proposal.is_hidden and moderation.open_reports(edition) == []
    logged = list(db.session.scalars(sa.select(audit.AuditEntry.action).order_by(audit.AuditEntry.id)))
    assert logged[-2:] == ["budgets.comment_hidden", "budgets.proposal_hidden"]
    with pytest.raises(DomainError):
        comments.add_comment(world.resident(), proposal, "Encore ?", "for")


def test_dismissing_a_report(world: World) -> None:
    edition = world.edition("submission")
    item = moderation.report(world.resident(), "other", proposal=world.proposal(edition))
    moderation.dismiss(world.staff(), item)
    assert moderation.open_reports(edition) == []
