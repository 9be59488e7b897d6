"""What the results of each envelope are, as the results page shows them, in one small query.

The results page keeps each envelope's section drawn (hundreds of project lines with their
explanations); this says when a drawing no longer holds: the tally ran again (a new result row or a
new `tallied_at`), an override was recorded (its count and last id), or one of the listed projects
changed (an override sets its status; staff may fix a title): the latest `updated_at` among them.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import sqlalchemy as sa

from app.budgets.models import Edition, Envelope, Proposal
from app.budgets.outcomes import EnvelopeResult, Override, ResultLine
from app.extensions import db


def _of_overrides(figure: Any) -> Any:
    return (
        sa.select(figure)
        .where(Override.envelope_id == EnvelopeResult.envelope_id)
        .correlate(EnvelopeResult)
        .scalar_subquery()
    )


def versions(edition: Edition) -> dict[int, tuple[Hashable, ...]]:
    """For every tallied envelope of the edition: its id -> what its results section depends on."""
    projects = (
        sa.select(sa.func.max(Proposal.updated_at))
        .join(ResultLine, ResultLine.proposal_id == Proposal.id)
        .where(ResultLine.result_id == EnvelopeResult.id)
        .correlate(EnvelopeResult)
        .scalar_subquery()
    )
    rows = db.session.execute(
        sa.select(
            EnvelopeResult.envelope_id,
            EnvelopeResult.id,
            EnvelopeResult.tallied_at,
            _of_overrides(sa.func.count(Override.id)),
            _of_overrides(sa.func.max(Override.id)),
            projects,
        )
        .join(Envelope, Envelope.id == EnvelopeResult.envelope_id)
        .where(Envelope.edition_id == edition.id)
    )
    return {row[0]: tuple(row[1:]) for row in rows}
