"""Results: the tally at the close with the edition's rule, per envelope; winners funded and announced
once; overrides only by an admin with a public reason; the results page; the Pabulib export of an
envelope re-tallied by pabutools gives the same winners."""

from __future__ import annotations

import json
from typing import Any

import pytest
import sqlalchemy as sa
from pabutools.election import parse_pabulib

from app.budgets.outcomes import EnvelopeResult, Override
from app.budgets.permissions import can_override
from app.budgets.services import results, voting
from app.budgets.signals import project_funded
from app.core.audit import AuditEntry
from app.core.errors import DomainError
from app.extensions import db
from app.votes.services import export, votes
from app.votes.services import results as vote_results
from tests.budgets.conftest import DAY, World, sign_in
from tests.budgets.voting_helpers import Voting, citizen, end_voting, plain, voting_edition
from tests.test_security_headers import page_problems
from tests.votes.test_tally_pabutools import pabutools_rule

# Ticked projects (indexes into the envelope's projects) of each voter.
LOCAL_BALLOTS = ([0, 1], [0, 2], [0], [1, 0], [3, 0])  # votes: 5, 2, 1, 1
CITY_BALLOTS = ([0, 1], [0, 3], [2], [1, 3], [1])  # votes: 2, 3, 1, 2


def cast_all(world: World, setup: Voting) -> None:
    for number, (local, city) in enumerate(zip(LOCAL_BALLOTS, CITY_BALLOTS, strict=True)):
        resident = citizen(world, f"RS{number:06d}")
        local_ids = setup.options(setup.local_vote, [setup.local_projects[i] for i in local])
        city_ids = setup.options(setup.city_vote, [setup.city_projects[i] for i in city])
        voting.cast(resident, setup.local, {"approve": local_ids}, now=world.now)
        voting.cast(resident, setup.city, {"approve": city_ids}, now=world.now)
    db.session.commit()


def after_the_vote(setup: Voting) -> Any:
    return setup.edition.phase("voting").ends_at + DAY


@pytest.fixture
def funded_sent() -> Any:
    sent: list[dict[str, Any]] = []

    def listen(sender: Any, **kwargs: Any) -> None:
        sent.append(kwargs)

    project_funded.connect(listen)
    yield sent
    project_funded.disconnect(listen)


def test_the_close_tallies_each_envelope_and_announces_each_winner_once(world: World, funded_sent) -> None:
    setup = voting_edition(world)
    cast_all(world, setup)
    with pytest.raises(DomainError) as early:
        results.publish(world.staff(), setup.edition, now=world.now)
    assert "pas terminé" in early.value.messages[0]
    db.session.rollback()
    # The close, recorded by any page or job, tallies in the same transaction (the `ballot_closed` receiver).
    votes.close_if_due(setup.local_vote, after_the_vote(setup))
    assert results.result_of(setup.local) is not None and results.result_of(setup.city) is None
    published = results.publish(world.staff(), setup.edition, now=after_the_vote(setup))
    db.session.commit()
    assert len(published) == 2
    # Greedy by votes within 200,000 €: 50 k (5 votes), 60 k (2), then 70 k and 80 k (1 each) cannot both fit.
    local_status = [p.status for p in setup.local_projects]
    assert local_status[:2] == ["funded", "funded"] and local_status.count("funded") == 3
    expected = {line.option.ref for line in vote_results.results(setup.city_vote).lines if line.selected}
    assert {str(p.id) for p in setup.city_projects if p.status == "funded"} == expected
    assert {p.status for p in setup.city_projects} <= {"funded", "not_funded"}
    winners = [p for p in setup.local_projects + setup.city_projects if p.status == "funded"]
    assert sorted(item["proposal"].id for item in funded_sent) == sorted(p.id for p in winners)
    assert not any(item["overridden"] for item in funded_sent)
    # Again: nothing new is tallied or announced.
    results.publish(world.staff(), setup.edition, now=after_the_vote(setup) + DAY)
    results.tally_envelope(None, setup.local)
    db.session.commit()
    assert len(funded_sent) == len(winners)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(EnvelopeResult)) == 2
    local = results.result_of(setup.local)
    assert (local.ballots, local.web_ballots, local.paper_ballots) == (5, 5, 0)
    assert [line.votes for line in local.lines][:2] == [5, 2]
    assert local.lines[0].explanation.startswith("Retenu")
    tallies = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "budgets.tally")).all()
    assert len(tallies) == 2


def test_an_override_needs_an_admin_and_a_public_reason(world: World, funded_sent) -> None:
    setup = voting_edition(world)
    cast_all(world, setup)
    loser = setup.local_projects[3] if setup.local_projects[3].status != "funded" else setup.local_projects[2]
    with pytest.raises(DomainError):
        results.override(world.make_user(roles=[("admin", "")]), loser, True, "Le conseil municipal a décidé.")
    db.session.rollback()
    results.publish(world.staff(), setup.edition, now=after_the_vote(setup))
    db.session.commit()
    loser = next(p for p in setup.local_projects if p.status == "not_funded")
    admin = world.make_user(roles=[("admin", "")])
    assert can_override(admin) and not can_override(world.staff()) and not can_override(world.resident())
    announced = len(funded_sent)
    for reason in ("", "   ", "Parce que."):
        with pytest.raises(DomainError) as refused:
            results.override(admin, loser, True, reason)
        assert refused.value.problems[0][0] == "reason"
        db.session.rollback()
    reason = "Une subvention régionale couvre la moitié du coût : le projet est financé en plus."
    results.override(admin, loser, True, reason)
    db.session.commit()
    assert loser.status == "funded" and loser.status_reason == reason
    assert len(funded_sent) == announced + 1 and funded_sent[-1]["overridden"] is True
    with pytest.raises(DomainError):
        results.override(admin, loser, True, reason)
    db.session.rollback()
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "budgets.override"))
    assert entry.actor_id == admin.id and json.loads(entry.data)["reason"] == reason
    outcome = next(o for o in results.edition_results(setup.edition) if o.envelope == setup.local)
    assert loser in outcome.winners and outcome.overrides[0].reason == reason
    assert outcome.used == sum(line.cost for line in outcome.lines if line.proposal.status == "funded")


def test_results_page_before_and_after_the_close(world: World, client) -> None:
    setup = voting_edition(world)
    cast_all(world, setup)
    url = f"/budget/{setup.edition.slug}/resultats"
    before = plain(client.get(url))
    assert "publiés à la clôture" in before and "Projet local 1" not in before
    end_voting(world, setup)  # past the close, the page records it and shows the tally
    page = plain(client.get(url))
    assert "Projet local 1" in page and "Lauréat" in page
    assert "Montant engagé" in page and "200 000,00 €" in page
    assert "Les plus votés d'abord" in page and "dans cet ordre" in page
    assert page.count("<svg") >= 3 and "<table" in page
    assert "Pabulib" in page
    assert page_problems(page) == []
    admin = world.make_user(roles=[("admin", "")])
    loser = next(p for p in setup.local_projects if p.status == "not_funded")
    sign_in(client, admin)
    assert client.get(f"/budget/projets/{loser.id}/arbitrage").status_code == 200
    short = client.post(f"/budget/projets/{loser.id}/arbitrage", data={"reason": "Trop court"})
    assert short.status_code == 422 and "20 caractères" in plain(short)
    reason = "Le projet est complémentaire d'un chantier de voirie déjà financé."
    assert client.post(f"/budget/projets/{loser.id}/arbitrage", data={"reason": reason}).status_code == 303
    assert reason in plain(client.get(url))
    sign_in(client, world.staff())
    assert client.get(f"/budget/projets/{loser.id}/arbitrage").status_code == 403
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Override)) == 1


@pytest.mark.parametrize("rule", ["greedy", "mes"])
def test_the_pabulib_export_retallied_by_pabutools_gives_the_same_winners(world: World, tmp_path, rule: str) -> None:
    setup = voting_edition(world, rule=rule)
    cast_all(world, setup)
    results.publish(world.staff(), setup.edition, now=after_the_vote(setup))
    db.session.commit()
    for envelope, projects in ((setup.local, setup.local_projects), (setup.city, setup.city_projects)):
        path = tmp_path / f"envelope-{envelope.id}.pb"
        path.write_text(export.pabulib_export(envelope.vote_id), encoding="utf-8")
        instance, profile = parse_pabulib(str(path))
        if rule != "greedy":
            profile = profile.as_multiprofile()
        refs = {str(option.id): option.ref for option in voting.vote_of(envelope).options}
        winners = {refs[name] for name in pabutools_rule(instance, profile, rule)}
        assert winners == {str(p.id) for p in projects if p.status == "funded"}
        assert winners  # something was funded, or the comparison proves nothing


def test_a_results_page_after_the_close_reads_what_is_stored(world: World, client) -> None:
    """Once every close is recorded and the figures kept, a visit writes nothing and runs a few queries
    whatever the number of projects and overrides (no tally again, no object reloaded one by one)."""
    setup = voting_edition(world)
    cast_all(world, setup)
    end_voting(world, setup)
    url = f"/budget/{setup.edition.slug}/resultats"
    first = plain(client.get(url))  # records the closes, tallies, keeps the participation figures
    statements: list[str] = []

    def listen(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", listen)
    try:
        again = plain(client.get(url))
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", listen)
    assert again == first and "Projet local 1" in again
    writes = [s for s in statements if s.lstrip().split()[0].upper() in ("INSERT", "UPDATE", "DELETE", "SAVEPOINT")]
    assert writes == [] and len(statements) <= 10, statements
