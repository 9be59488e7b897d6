"""The budgets' demo data: this year's edition voting, last year's finished, proposals in every state."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask

from app.budgets.models import Comment, Edition, Proposal
from app.budgets.services import editions
from app.core import audit
from app.core.db import utcnow
from app.extensions import db


def test_demo_editions_and_proposals(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    year = utcnow().year
    current = editions.get_edition(f"bp-{year}")
    last = editions.get_edition(f"bp-{year - 1}")
    assert editions.current_phase(current).kind == "voting"
    assert editions.current_phase(last).kind == "results" and editions.has_ended(last, "voting")
    assert [e.scope for e in current.envelopes] == ["city"] + ["sector"] * 8
    statuses = dict(
        db.session.execute(
            sa.select(Proposal.status, sa.func.count())
            .where(Proposal.edition_id == current.id)
            .group_by(Proposal.status)
        ).all()
    )
    assert sum(statuses.values()) == 120
    assert {"draft", "withdrawn", "unfeasible", "merged", "selected", "not_preselected"} <= set(statuses)
    unfeasible = db.session.scalars(sa.select(Proposal).where(Proposal.status == "unfeasible"))
    assert all(len(p.status_reason) > 20 and p.decisions for p in unfeasible)
    merged = db.session.scalars(sa.select(Proposal).where(Proposal.status == "merged"))
    assert all(p.merged_into is not None for p in merged)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Comment)) > 100
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Edition)) == 2
    assert audit.verify().intact
