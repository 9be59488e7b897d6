"""The follow-up of each winner comes from `project_funded`: exactly one per funded project, linked to
its proposal, votes and edition, even when results are published twice or an override funds it; an
override that withdraws a winner cancels its follow-up through `project_withdrawn`."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask

from app.accountability.models import FollowUp
from app.accountability.services import followups
from app.budgets.services import results
from app.budgets.signals import project_funded
from app.core.audit import AuditEntry
from app.extensions import db
from tests.accountability.conftest import publish
from tests.budgets.conftest import World
from tests.budgets.voting_helpers import Voting


def _follow_ups() -> list[FollowUp]:
    return list(db.session.scalars(sa.select(FollowUp).order_by(FollowUp.proposal_id)))


def test_each_winner_gets_one_follow_up_even_when_published_twice(world: World, voted: Voting, app: Flask) -> None:
    winners = sorted(
        (p for p in voted.local_projects + voted.city_projects if p.status == "funded"), key=lambda p: p.id
    )
    made = _follow_ups()
    assert [item.proposal_id for item in made] == [p.id for p in winners]
    first = made[0]
    assert first.edition_id == voted.edition.id and first.source == "budget" and first.status == "planned"
    assert first.title == winners[0].title and first.budget_voted == winners[0].cost
    line = next(line for line in results.result_of(winners[0].envelope).lines if line.proposal_id == winners[0].id)
    assert first.votes == line.votes
    assert first.quartier_id == winners[0].quartier_id and first.district_id == winners[0].quartier.district_id
    # Published again (a staff member clicks twice, a job runs after the close): nothing new.
    publish(world, voted)
    # Even the signal itself sent again (an override after the tally, a replayed job) finds the first.
    project_funded.send(app, proposal=winners[0], envelope=winners[0].envelope, overridden=True)
    db.session.commit()
    assert len(_follow_ups()) == len(winners)
    created = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "accountability.created")).all()
    assert len(created) == len(winners)


def test_a_project_funded_by_an_override_gets_its_follow_up(world: World, voted: Voting) -> None:
    loser = next(p for p in voted.local_projects + voted.city_projects if p.status == "not_funded")
    admin = world.make_user(roles=[("admin", "")])
    results.override(admin, loser, True, "Le conseil municipal ajoute ce projet sur ses crédits propres.")
    db.session.commit()
    made = db.session.scalar(sa.select(FollowUp).where(FollowUp.proposal_id == loser.id))
    assert made is not None and made.budget_voted == loser.cost


def test_a_winner_withdrawn_by_an_override_is_cancelled_and_back_on_track_when_funded_again(
    world: World, voted: Voting
) -> None:
    winner = next(p for p in voted.local_projects + voted.city_projects if p.status == "funded")
    item = db.session.scalar(sa.select(FollowUp).where(FollowUp.proposal_id == winner.id))
    admin = world.make_user(roles=[("admin", "")])
    withdrawn = "Le terrain visé appartient à l'État : la ville ne peut pas y construire."
    results.override(admin, winner, False, withdrawn)
    db.session.commit()
    assert (item.status, item.status_reason) == ("cancelled", withdrawn)
    cancelled = db.session.scalars(
        sa.select(AuditEntry).where(
            AuditEntry.action == "accountability.changed", AuditEntry.subject_id == str(item.id)
        )
    ).all()
    assert [entry.actor_id for entry in cancelled] == [admin.id]  # the history names who decided
    results.override(admin, winner, True, "L'État cède finalement le terrain à la ville pour un euro.")
    db.session.commit()
    assert (item.status, item.status_reason) == ("planned", "")
    assert len(_follow_ups()) == len([p for p in voted.local_projects + voted.city_projects if p.status == "funded"])


def test_a_delivered_project_stays_delivered_when_its_win_is_withdrawn(world: World, voted: Voting) -> None:
    winner = next(p for p in voted.local_projects + voted.city_projects if p.status == "funded")
    item = db.session.scalar(sa.select(FollowUp).where(FollowUp.proposal_id == winner.id))
    followups.track(world.staff(), item, {"status": "delivered"}, world.now.date())
    admin = world.make_user(roles=[("admin", "")])
    results.override(admin, winner, False, "Correction d'une erreur de saisie dans le dépouillement.")
    db.session.commit()
    assert item.status == "delivered"
