"""Demo ballots and results of the participatory budget (the voting half of issue 6): last year's
edition voted, tallied and published with one override; this year's open, with ballots already cast
on the web and on paper. `habitant@parvis.example` has not voted yet. Everything goes through the
services, so the rules, the roll, the receipts and the audit are those of a real vote.

Called by `app.demo.budgets.load` with the two editions it made (see `vote`)."""

from __future__ import annotations

import random
from datetime import datetime
from decimal import Decimal
from typing import Any

from app.accounts.models import User
from app.budgets.models import Edition, Envelope
from app.budgets.services import paper, results, voting
from app.core.errors import DomainError
from app.demo.context import DemoContext
from app.extensions import db
from app.votes.services.ballots import minimum_spend
from app.votes.services.votes import status

NOT_YET = "habitant@parvis.example"
STAFF = "agent@parvis.example"
ADMIN = "admin@parvis.example"
PLACES = ("Mairie des 1er et 7e arrondissements", "Mairie des 2e et 3e arrondissements", "Hôtel de ville")


def _choice(rng: random.Random, envelope: Envelope, vote: Any) -> list[int]:
    """Ticked options that keep to the envelope's rules (a resident who read them)."""
    options = list(vote.options)
    rng.shuffle(options)
    if vote.kind == "approval":
        return [o.id for o in options[: rng.randint(vote.min_choices or 1, vote.max_choices or len(options))]]
    floor, total, ticked = minimum_spend(vote) or Decimal(0), Decimal(0), []
    for option in options:
        if total + (option.cost or 0) <= (vote.budget or 0):
            ticked.append(option.id)
            total += option.cost or 0
        if total >= floor and ticked and rng.random() < 0.35:
            break
    return ticked if total >= floor else []


def _cast_many(ctx: DemoContext, edition: Edition, voters: list[User], staff: User, now: datetime) -> tuple[int, int]:
    """Web ballots for most, paper ones (entered by staff) for every seventh; returns (web, paper)."""
    web = on_paper = 0
    for number, person in enumerate(voters):
        for envelope in voting.allowed_envelopes(edition, person):
            vote = voting.vote_of(envelope)
            if vote is None or status(vote, now) != "open":
                continue
            ticked = _choice(ctx.rng, envelope, vote)
            if not ticked:
                continue
            try:
                with db.session.begin_nested():
                    if number % 7 == 3 and person.id != staff.id:
                        voter = paper.PaperVoter(user=person)
                        paper.enter(staff, envelope, voter, {"approve": ticked}, PLACES[number % 3], now=now)
                        on_paper += 1
                    else:
                        voting.cast(person, envelope, {"approve": ticked}, now=now)
                        web += 1
            except DomainError:
                continue  # a resident the rules refuse (not eligible here): as in real life
    return web, on_paper


def vote(ctx: DemoContext, current: Edition, last: Edition, now: datetime) -> str:
    staff, admin = ctx.people.get(STAFF), ctx.people.get(ADMIN)
    if staff is None or admin is None:
        return "budget votes: no staff or admin account, nothing cast"
    voters = [p for p in ctx.residents if p.is_verified and p.quartier is not None and p.email != NOT_YET]
    # Last year's: voted during its phase, closed, tallied, one winner overridden.
    phase = last.phase("voting")
    assert phase is not None and phase.ends_at is not None
    voting.prepare_voting(staff, last, now=phase.starts_at)
    old_web, old_paper = _cast_many(
        ctx, last, voters[::2], staff, phase.starts_at + (phase.ends_at - phase.starts_at) / 2
    )
    tallied = results.publish(staff, last, now=phase.ends_at)
    lines = [line for outcome in tallied for line in outcome.lines]
    losers = [line.proposal for line in lines if not line.selected]
    overridden = ""
    if losers:
        reason = (
            "Le projet est repris au budget ordinaire de la voirie : il est réalisé en complément des lauréats, "
            "sans réduire leur enveloppe."
        )
        results.override(admin, losers[0], True, reason, now=phase.ends_at)
        overridden = f", {losers[0].title!r} funded by an override"
    elif lines:
        reason = (
            "Le terrain prévu a été vendu par son propriétaire après le vote : le projet ne peut plus être réalisé "
            "à cet endroit ; il sera proposé de nouveau l'an prochain."
        )
        results.override(admin, lines[0].proposal, False, reason, now=phase.ends_at)
        overridden = f", {lines[0].proposal.title!r} withdrawn by an override"
    # This year's: open now, with ballots already cast.
    voting.prepare_voting(staff, current, now=now)
    web, on_paper = _cast_many(ctx, current, voters[1::3], staff, now)
    db.session.flush()
    return (
        f"budget votes: {last.title} tallied ({old_web} web and {old_paper} paper ballots{overridden}); "
        f"{current.title} open ({web} web and {on_paper} paper ballots; {NOT_YET} has not voted)"
    )
