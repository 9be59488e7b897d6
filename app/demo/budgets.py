"""Demo participatory budgets: this year's edition in its voting phase (a city-wide envelope and one
per sector, about 120 proposals in every state: drafts, withdrawn, unfeasible with their reasons,
merged duplicates, feasible ones, set aside by supports or selected for the vote, with comments and
a report), and last year's, finished; their ballots and results are in budgets_voting.py.
`agent@parvis.example` reviews this year's. Everything goes through the services, so decisions
are audited as they would be. Seeded: two runs give the same data."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa
from flask import current_app

from app.accounts.models import User
from app.budgets.models import Edition, Proposal
from app.budgets.services import comments, editions, moderation, proposals, review, supports
from app.core.db import utcnow
from app.demo import budgets_voting
from app.demo.context import DemoContext
from app.extensions import db
from app.geo.models import Sector

REVIEWER = "agent@parvis.example"
DAY = timedelta(days=1)
IDEAS = (
    (
        "Jardin partagé",
        "nature",
        45_000,
        "Des bacs de culture, un composteur et un point d'eau, ouverts aux voisins et à l'école.",
    ),
    (
        "Bancs et ombrières",
        "cadre_de_vie",
        28_000,
        "Des bancs à l'ombre pour que les anciens puissent se reposer sur le trajet du marché.",
    ),
    (
        "Fontaine à boire",
        "cadre_de_vie",
        15_000,
        "Une fontaine d'eau potable sur la place, utile l'été aux enfants et aux sportifs.",
    ),
    (
        "Aire de jeux inclusive",
        "education",
        120_000,
        "Des jeux accessibles aux enfants en fauteuil, avec un sol souple.",
    ),
    (
        "Piste cyclable protégée",
        "mobilite",
        380_000,
        "Une piste séparée de la circulation entre le quartier et le centre.",
    ),
    ("Arceaux à vélos", "mobilite", 9_000, "Vingt arceaux près des commerces et de l'arrêt de bus."),
    (
        "Terrain de basket rénové",
        "sport",
        85_000,
        "Un revêtement neuf, des paniers réglables et un éclairage jusqu'à 22 h.",
    ),
    ("Agrès de sport en plein air", "sport", 40_000, "Des agrès de musculation et d'étirement en accès libre."),
    (
        "Fresque participative",
        "culture",
        18_000,
        "Une fresque peinte avec les habitants et un collectif d'artistes du quartier.",
    ),
    ("Boîte à livres", "culture", 3_500, "Une boîte à livres abritée, entretenue par l'association des parents."),
    (
        "Frigo solidaire",
        "solidarite",
        12_000,
        "Un réfrigérateur partagé où commerçants et habitants déposent ce qu'ils ne mangent pas.",
    ),
    ("Toilettes publiques", "proprete", 95_000, "Des toilettes publiques accessibles, nettoyées chaque jour."),
    ("Corbeilles de tri", "proprete", 16_000, "Des corbeilles de tri sur la promenade et près des écoles."),
    (
        "Plantation d'arbres",
        "nature",
        60_000,
        "Une vingtaine d'arbres le long de la rue, pour l'ombre et la fraîcheur.",
    ),
    (
        "Wifi public à la bibliothèque",
        "numerique",
        22_000,
        "Un accès wifi gratuit et des bornes de recharge dans le jardin de la bibliothèque.",
    ),
    (
        "Éclairage du passage",
        "cadre_de_vie",
        35_000,
        "Des lampadaires à basse consommation dans le passage que prennent les collégiens.",
    ),
)
UNFEASIBLE_REASONS = (
    "Le terrain appartient à la Métropole, pas à la ville : la ville ne peut pas y réaliser de travaux.",
    "Le projet relève du fonctionnement courant (entretien, personnel), que le budget participatif ne finance pas.",
    "Le coût réel dépasse le montant de l'enveloppe, même en réduisant le projet.",
    "Le lieu est classé : l'architecte des Bâtiments de France a refusé ce type d'aménagement.",
    "Un projet identique est déjà programmé par la ville et sera réalisé cette année.",
)
COMMENTS = (
    ("for", "Très bonne idée, il manque vraiment ça dans le quartier."),
    ("for", "Je soutiens, mes enfants en profiteraient tous les jours."),
    ("against", "Le coût me paraît élevé pour ce que c'est."),
    ("against", "Je crains le bruit le soir pour les riverains."),
    ("neutral", "Qui s'occupera de l'entretien une fois le projet réalisé ?"),
    ("neutral", "Est-ce que l'emplacement exact a été discuté avec le CIQ ?"),
)
REPLIES = (
    ("for", "L'association du quartier est prête à s'en occuper."),
    ("neutral", "Bonne question, à poser lors de la prochaine réunion publique."),
)


def _edition(title: str, year: int, slug: str, phases: editions.PhaseDates, sectors: list[Sector]) -> Edition:
    edition = editions.create_edition(
        None,
        editions.EditionInput(
            title=title,
            year=year,
            slug=slug,
            description=(
                "Les habitantes et habitants proposent des projets d'investissement pour leur secteur et pour "
                "toute la ville ; les services vérifient qu'ils sont réalisables ; chacun vote ensuite dans "
                "l'enveloppe de son secteur et dans celle de toute la ville.\n\n"
                "**Qui peut voter ?** Toute personne de 16 ans et plus dont la résidence à Marseille est vérifiée."
            ),
            support_limit=5,
            support_pass_count=6,
            support_leads_to="vote",
            rule="greedy",
        ),
    )
    editions.set_phases(None, edition, phases)
    before = min(start for start, _end in phases.values() if start) - DAY
    editions.add_envelope(
        None, edition, editions.EnvelopeInput("Toute la ville", Decimal(2_000_000), min_share=50), now=before
    )
    for position, sector in enumerate(sectors, start=1):
        envelope = editions.EnvelopeInput(
            sector.name, Decimal(500_000), scope="sector", sector_id=sector.id, ballot_kind="approval",
            min_choices=1, max_choices=5, position=position,
        )  # fmt: skip
        editions.add_envelope(None, edition, envelope, now=before)
    return edition


def _phases(start: datetime, voting_ends: datetime) -> editions.PhaseDates:
    return {
        "submission": (start, start + 40 * DAY),
        "review": (start + 41 * DAY, start + 100 * DAY),
        "support": (start + 101 * DAY, start + 120 * DAY),
        "voting": (start + 125 * DAY, voting_ends),
        "results": (voting_ends + DAY, None),
    }


def _propose(ctx: DemoContext, edition: Edition, authors: list[User], count: int) -> list[Proposal]:
    """`count` proposals by verified residents, drafted and submitted during the submission phase."""
    submission = edition.phase("submission")
    assert submission is not None
    made = []
    for number in range(count):
        author = authors[number % len(authors)]
        idea, theme, cost, description = IDEAS[ctx.rng.randrange(len(IDEAS))]
        quartier = author.quartier
        city_wide = ctx.rng.random() < 0.3 or quartier is None
        envelope = edition.envelopes[0] if city_wide else editions.envelope_for(edition, quartier)
        place = "toute la ville" if city_wide or quartier is None else quartier.name
        moment = submission.starts_at + timedelta(hours=6 + number * 7)
        data = proposals.ProposalInput(
            title=f"{idea} — {place}",
            description=f"{description}\n\nPorté par des habitants de {place}.",
            estimated_cost=Decimal(cost) + Decimal(ctx.rng.randrange(0, 40)) * 500,
            theme=theme,
            envelope_id=envelope.id if envelope else None,
            quartier_id=None if city_wide else quartier.id,
            address="" if city_wide else f"{ctx.rng.randint(1, 120)} rue principale, {quartier.name}",
        )
        proposal = proposals.create_draft(author, edition, data, now=moment)
        proposal.created_at = moment
        made.append(proposal)
    return made


def _review(ctx: DemoContext, proposals_made: list[Proposal], reviewer: User) -> dict[str, int]:
    """Drafts and withdrawn ones stay; the rest are submitted, then reviewed: about a sixth
    unfeasible, a few merged into an earlier duplicate, the others feasible (some re-costed)."""
    edition = proposals_made[0].edition
    submission, review_phase = edition.phase("submission"), edition.phase("review")
    assert submission is not None and review_phase is not None
    fate = {"draft": 0, "withdrawn": 0, "unfeasible": 0, "merged": 0, "feasible": 0}
    feasible_by_title: dict[str, Proposal] = {}
    for index, proposal in enumerate(proposals_made):
        roll = ctx.rng.random()
        if roll < 0.08:
            fate["draft"] += 1
            continue
        proposals.submit(proposal.authors[0], proposal, now=submission.starts_at + timedelta(hours=12 + index * 7))
        if roll < 0.11:
            proposals.withdraw(proposal.authors[0], proposal, now=submission.ends_at - DAY)
            fate["withdrawn"] += 1
            continue
        moment = review_phase.starts_at + timedelta(hours=4 * index)
        idea = proposal.title.split(" — ")[0]
        duplicate = feasible_by_title.get(idea)
        if duplicate is not None and duplicate.envelope_id == proposal.envelope_id and roll < 0.5:
            reason = "Ce projet propose la même chose qu'un projet déposé plus tôt pour le même lieu : ils sont réunis."
            review.merge(reviewer, proposal, duplicate, reason, now=moment)
            fate["merged"] += 1
        elif roll < 0.28 or proposal.estimated_cost > proposal.envelope.amount:
            review.mark_unfeasible(reviewer, proposal, ctx.rng.choice(UNFEASIBLE_REASONS), now=moment)
            fate["unfeasible"] += 1
        else:
            cost = None
            if roll > 0.85:
                cost = min(proposal.estimated_cost * Decimal("1.2"), proposal.envelope.amount).quantize(Decimal(1))
            reason = "Réalisable par les services de la ville." + (
                " Coût réévalué après visite sur place." if cost else ""
            )
            review.mark_feasible(reviewer, proposal, reason, cost, now=moment)
            feasible_by_title.setdefault(idea, proposal)
            fate["feasible"] += 1
    return fate


def _discuss(ctx: DemoContext, proposals_made: list[Proposal], people: list[User], staff: User) -> int:
    public = [p for p in proposals_made if p.status not in ("draft", "withdrawn")]
    count = 0
    for proposal in public[:60]:
        for _number in range(ctx.rng.randint(0, 3)):
            alignment, body = ctx.rng.choice(COMMENTS)
            comment = comments.add_comment(ctx.rng.choice(people), proposal, body, alignment)
            count += 1
            if ctx.rng.random() < 0.3:
                alignment, body = ctx.rng.choice(REPLIES)
                comments.add_comment(ctx.rng.choice(people), proposal, body, alignment, comment.id)
                count += 1
    rude = comments.add_comment(people[0], public[0], "Ceux qui proposent ça sont des incapables.", "against")
    moderation.report(people[1], "offensive", "Insulte envers les porteurs du projet.", comment=rude)
    moderation.hide_comment(staff, rude, "Propos insultants envers les porteurs du projet.")
    moderation.report(people[2], "off_topic", "Ce n'est pas un investissement.", proposal=public[-1])
    return count + 1


def _support(ctx: DemoContext, edition: Edition, people: list[User]) -> int:
    phase = edition.phase("support")
    assert phase is not None
    feasible = list(
        db.session.scalars(sa.select(Proposal).where(Proposal.edition_id == edition.id, Proposal.status == "feasible"))
    )
    given = 0
    for person in people:
        for proposal in ctx.rng.sample(feasible, k=min(len(feasible), ctx.rng.randint(0, 5))):
            supports.support(person, proposal, now=phase.starts_at + DAY)
            given += 1
    return given


def load(ctx: DemoContext) -> str:
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    sectors = list(db.session.scalars(sa.select(Sector).order_by(Sector.number)))
    verified = [person for person in ctx.residents if person.is_verified and person.quartier is not None]
    reviewer = ctx.people.get(REVIEWER)
    if not sectors or not verified or reviewer is None:
        return "budgets: no geography or residents, nothing loaded"
    with current_app.test_request_context():  # messages of the services are translated per request
        year = now.year
        current = _edition(
            f"Budget participatif {year}", year, f"bp-{year}", _phases(now - 130 * DAY, now + 10 * DAY), sectors
        )
        ctx.place_role(REVIEWER, "reviewer", current.slug)
        made = _propose(ctx, current, verified, 120)
        fate = _review(ctx, made, reviewer)
        db.session.flush()
        given = _support(ctx, current, verified)
        support_end = current.phase("support")
        assert support_end is not None and support_end.ends_at is not None
        outcome = supports.preselect(reviewer, current, now=support_end.ends_at + DAY)
        talk = _discuss(ctx, made, verified, reviewer)

        past_start = now - 500 * DAY
        last = _edition(
            f"Budget participatif {year - 1}",
            year - 1,
            f"bp-{year - 1}",
            _phases(past_start, past_start + 140 * DAY),
            sectors,
        )
        old = _propose(ctx, last, verified[::-1], 40)
        old_fate = _review(ctx, old, reviewer)
        db.session.flush()
        supports.preselect(reviewer, last, now=now)  # no supports last year: the feasible ones all went to the vote
        voted = budgets_voting.vote(ctx, current, last, now)
    db.session.flush()
    return (
        f"budgets: {current.title} in its voting phase ({len(current.envelopes)} envelopes, {len(made)} proposals: "
        f"{fate['draft']} drafts, {fate['withdrawn']} withdrawn, {fate['unfeasible']} unfeasible, "
        f"{fate['merged']} merged, "
        f"{outcome['passed']} selected and {outcome['set_aside']} set aside by {given} supports; {talk} comments); "
        f"{last.title} finished ({len(old)} proposals, {old_fate['feasible']} voted on); {REVIEWER} reviews; "
        f"{voted}"
    )
