"""Reports and hiding: anyone signed in reports a proposal or a comment; the edition's moderators
(staff and its reviewers) hide it with a reason, shown in its place, or dismiss the report.
Hiding is audited; nothing is deleted."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from app.accounts.models import User
from app.budgets.models import REPORT_REASONS, Comment, Edition, Proposal, Report
from app.core import audit
from app.core.db import utcnow
from app.core.errors import DomainError, NotFound
from app.extensions import db


def get_report(report_id: int) -> Report:
    report = db.session.get(Report, report_id)
    if report is None:
        raise NotFound(_("Ce signalement n'existe pas."))
    return report


def report(
    actor: User, reason: str, details: str = "", *, proposal: Proposal | None = None, comment: Comment | None = None
) -> Report:
    """One open report per person and thing: reporting twice changes nothing."""
    if (proposal is None) == (comment is None):
        raise ValueError("report a proposal or a comment")
    if reason not in REPORT_REASONS:
        raise DomainError([("reason", _("Choisissez la raison du signalement."))])
    if len((details or "").strip()) > 2000:
        raise DomainError([("details", _("Expliquez en 2 000 caractères au plus."))])
    target = proposal or (comment.proposal if comment else None)
    assert target is not None
    query = sa.select(Report).where(Report.reporter_id == actor.id, Report.resolved_at.is_(None))
    query = (
        query.where(Report.comment_id == comment.id)
        if comment
        else query.where(Report.proposal_id == target.id, Report.comment_id.is_(None))
    )
    existing = db.session.scalar(query)
    if existing is not None:
        return existing
    item = Report(
        edition_id=target.edition_id,
        proposal_id=target.id,
        comment_id=comment.id if comment else None,
        reporter_id=actor.id,
        reason=reason,
        details=(details or "").strip(),
    )
    db.session.add(item)
    db.session.flush()
    return item


def open_reports(edition: Edition) -> list[Report]:
    query = (
        sa.select(Report)
        .where(Report.edition_id == edition.id, Report.resolved_at.is_(None))
        .order_by(Report.created_at, Report.id)
    )
    return list(db.session.scalars(query))


def _resolve(actor: User, reports: sa.Select[tuple[Report]], now: datetime) -> None:
    for item in db.session.scalars(reports.where(Report.resolved_at.is_(None))):
        item.resolved_at = now
        item.resolved_by_id = actor.id


def _reason(reason: str) -> str:
    text = (reason or "").strip()
    if len(text) < 5:
        raise DomainError([("reason", _("Donnez la raison, affichée à la place du contenu masqué."))])
    return text[:1000]


def hide_proposal(actor: User, proposal: Proposal, reason: str, now: datetime | None = None) -> None:
    text = _reason(reason)
    moment = now or utcnow()
    proposal.hidden_at, proposal.hidden_reason, proposal.hidden_by_id = moment, text, actor.id
    _resolve(actor, sa.select(Report).where(Report.proposal_id == proposal.id, Report.comment_id.is_(None)), moment)
    db.session.flush()
    audit.record(
        "budgets.proposal_hidden", actor_id=actor.id, subject_type="budget_proposal", subject_id=proposal.id,
        data={"reason": text},
    )  # fmt: skip


def hide_comment(actor: User, comment: Comment, reason: str, now: datetime | None = None) -> None:
    text = _reason(reason)
    moment = now or utcnow()
    comment.hidden_at, comment.hidden_reason, comment.hidden_by_id = moment, text, actor.id
    _resolve(actor, sa.select(Report).where(Report.comment_id == comment.id), moment)
    db.session.flush()
    audit.record(
        "budgets.comment_hidden", actor_id=actor.id, subject_type="budget_comment", subject_id=comment.id,
        data={"reason": text, "proposal": comment.proposal_id},
    )  # fmt: skip


def dismiss(actor: User, item: Report, now: datetime | None = None) -> None:
    """Nothing to hide: the report is closed."""
    item.resolved_at = now or utcnow()
    item.resolved_by_id = actor.id
    db.session.flush()
