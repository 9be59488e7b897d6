"""What budgets answer on the shared signals: open phases, a resident's data, an erased account."""

from __future__ import annotations

from flask import Flask

from app.budgets.services import comments, supports
from app.core.signals import collect_user_data, open_now, user_erased
from app.extensions import db
from tests.budgets.conftest import World


def test_open_now_lists_editions_open_to_residents(world: World, app: Flask) -> None:
    voting = world.edition("voting", title="BP 2026", year=2026)
    world.edition("review", title="BP 2027", year=2027)
    items = [
        item for _, answer in open_now.send(app, now=world.now, user=None) for item in answer if item.kind == "budget"
    ]
    assert [(i.title, i.url) for i in items] == [("BP 2026 : votez", f"/budget/{voting.slug}")]
    assert items[0].until == voting.phase("voting").ends_at


def test_data_export_and_erasure(world: World, app: Flask) -> None:
    edition = world.edition("support")
    proposal = world.proposal(edition, status="feasible")
    author = proposal.authors[0]
    comments.add_comment(author, proposal, "Je précise le lieu", "for")
    supports.support(author, proposal, now=world.now)
    db.session.commit()
    sections = dict(answer for _, answer in collect_user_data.send(app, user=author))
    data = sections["budgets"]
    assert data["proposals"][0]["title"] == proposal.title and data["supports"] == [
        {"proposal_id": proposal.id, "at": data["supports"][0]["at"]}
    ]
    assert data["comments"][0]["body"] == "Je précise le lieu"
    user_erased.send(app, user=author)
    db.session.commit()
    assert proposal.address == "" and proposal.support_count == 0 and proposal.authors == [author]
