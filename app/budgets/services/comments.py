"""Comments on a proposal: threaded one level (a reply to a reply joins the same thread), each
saying whether its author is for, against or neutral."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from app.accounts.models import User
from app.budgets.models import ALIGNMENTS, PUBLIC_STATUSES, Comment, Proposal
from app.core.errors import DomainError, NotFound
from app.extensions import db

MAX_LENGTH = 5000


def get_comment(comment_id: int) -> Comment:
    comment = db.session.get(Comment, comment_id)
    if comment is None:
        raise NotFound(_("Ce commentaire n'existe pas."))
    return comment


def add_comment(
    actor: User, proposal: Proposal, body: str, alignment: str = "neutral", parent_id: int | None = None
) -> Comment:
    if proposal.status not in PUBLIC_STATUSES or proposal.is_hidden:
        raise DomainError(_("Ce projet ne peut pas être commenté."))
    text = (body or "").strip()
    problems: list[tuple[str | None, str]] = []
    if len(text) < 2:
        problems.append(("body", _("Écrivez votre commentaire.")))
    if len(text) > MAX_LENGTH:
        problems.append(("body", _("Un commentaire tient en 5 000 caractères au plus.")))
    if alignment not in ALIGNMENTS:
        problems.append(("alignment", _("Dites si vous êtes pour, contre ou neutre.")))
    parent = None
    if parent_id:
        parent = db.session.get(Comment, parent_id)
        if parent is None or parent.proposal_id != proposal.id:
            problems.append((None, _("Le commentaire auquel vous répondez n'existe plus.")))
        elif parent.parent_id is not None:  # one level only: answer in the same thread
            parent = db.session.get(Comment, parent.parent_id)
    if problems:
        raise DomainError(problems)
    comment = Comment(
        proposal_id=proposal.id,
        parent_id=parent.id if parent else None,
        author_id=actor.id,
        body=text,
        alignment=alignment,
    )
    db.session.add(comment)
    db.session.flush()
    return comment


def thread(proposal: Proposal) -> list[Comment]:
    """Top-level comments, oldest first, with their replies loaded."""
    query = (
        sa.select(Comment)
        .where(Comment.proposal_id == proposal.id, Comment.parent_id.is_(None))
        .options(selectinload(Comment.replies).selectinload(Comment.author), selectinload(Comment.author))
        .order_by(Comment.id)
    )
    return list(db.session.scalars(query))


def alignment_counts(proposal: Proposal) -> dict[str, int]:
    query = (
        sa.select(Comment.alignment, sa.func.count())
        .where(Comment.proposal_id == proposal.id, Comment.hidden_at.is_(None))
        .group_by(Comment.alignment)
    )
    counts = dict.fromkeys(ALIGNMENTS, 0)
    counts.update({alignment: count for alignment, count in db.session.execute(query)})
    return counts
