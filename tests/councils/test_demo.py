"""The councils demo data: councils and CIQ, the moderator scoped to one CIQ with the demo
resident in it, sessions past and to come, and an overdue action."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from app.core.db import utcnow
from app.councils.models import Action, Body, Motion, Session
from app.councils.services import memberships
from app.demo import accounts, councils, geo
from app.demo.context import DemoContext
from app.extensions import db


def test_demo_councils(app: Any) -> None:
    ctx = DemoContext()
    for loader in (geo.load, accounts.load):
        loader(ctx)
    summary = councils.load(ctx)
    db.session.commit()
    assert "10 citizen councils" in summary
    kinds = dict(db.session.execute(sa.select(Body.kind, sa.func.count()).group_by(Body.kind)).all())
    assert kinds["council"] == 10 and kinds["ciq"] >= 24

    moderator = ctx.people["moderateur@parvis.example"]
    [grant] = [g for g in moderator.roles if g.role == "moderator"]
    home = db.session.scalar(sa.select(Body).where(Body.slug == grant.scope_id))
    assert home is not None and home.kind == "ciq"
    assert memberships.is_member(ctx.people["habitant@parvis.example"], home)

    statuses = {s.status for s in db.session.scalars(sa.select(Session).where(Session.body_id == home.id))}
    assert {"closed", "planned"} <= statuses
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Motion)) > 0
    today = utcnow().date()
    overdue = [a for a in db.session.scalars(sa.select(Action).where(Action.body_id == home.id)) if a.is_overdue(today)]
    assert len(overdue) == 1
