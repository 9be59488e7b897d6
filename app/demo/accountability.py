"""Demo follow-up of funded projects: last year's winners (announced by the budgets demo through
`project_funded`, so their follow-ups already exist) taken to different stages by the demo tracker
`suivi@parvis.example` — planned, in study, under way on time, under way and late, delivered with
photos and residents' ratings, and, for a winner an override withdrew, cancelled with its reason —,
plus two projects the city funds outside the participatory budget, one split into weighted lots.
Everything goes through the services, so each change is in the audit log and the projects' history."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa
from flask import current_app
from PIL import Image, ImageDraw

from app.accountability.models import FollowUp
from app.accountability.services import follows, followups, milestones, overview, photos, ratings, updates
from app.accounts.models import User
from app.budgets.models import Edition
from app.core.db import utcnow
from app.demo.context import DemoContext
from app.extensions import db
from app.geo.models import Quartier

TRACKER = "suivi@parvis.example"
STAFF = "agent@parvis.example"
DAY = timedelta(days=1)
# The stage each winner is taken to, in turn.
STAGES = ("delivered", "late", "works", "study", "planned", "works")
SERVICES = (
    "Direction des parcs et jardins", "Direction de la voirie", "Direction des sports", "Direction de la culture",
    "Direction de l'éducation",
)  # fmt: skip


def share(amount: Decimal, percent: int) -> Decimal:
    return (amount * percent / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)


def picture(colour: tuple[int, int, int], label: int) -> io.BytesIO:
    """A small generated "photo": a sky, a ground and a few trees, different for each label."""
    image = Image.new("RGB", (480, 320), (170, 205, 235))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 210, 480, 320), fill=colour)
    for number in range(3 + label % 3):
        x = 60 + number * 110
        draw.rectangle((x - 6, 160, x + 6, 215), fill=(110, 80, 50))
        draw.ellipse((x - 40, 90, x + 40, 175), fill=(40, 120 + 20 * (number % 2), 60))
    out = io.BytesIO()
    image.save(out, "PNG")
    out.seek(0)
    return out


def _plan(tracker: User, item: FollowUp, start: date, today: date, late: bool, done: int) -> None:
    """Four milestones from `start`, the first `done` reached (on time), the next one overdue if `late`."""
    steps = (("Études et relevés", 0), ("Concertation avec le quartier", 40), ("Travaux", 90), ("Livraison", 160))
    for index, (title, offset) in enumerate(steps):
        planned = start + offset * DAY
        reached = planned + 3 * DAY if index < done else None
        data = milestones.MilestoneInput(title, planned, reached)
        milestones.add_milestone(tracker, item, data)
    if late:
        overdue = item.milestones[done]
        milestones.edit_milestone(tracker, overdue, milestones.MilestoneInput(overdue.title, today - 12 * DAY, None))


def _stage(ctx: DemoContext, tracker: User, item: FollowUp, stage: str, number: int, today: date) -> None:
    voted = item.budget_voted
    service = SERVICES[number % len(SERVICES)]
    if stage == "planned":
        followups.track(tracker, item, {"service": service, "planned_start": today + 60 * DAY}, today)
        _plan(tracker, item, today + 60 * DAY, today, late=False, done=0)
        return
    if stage == "study":
        changes = {"status": "study", "progress": 10, "service": service, "planned_start": today - 30 * DAY,
                   "planned_end": today + 200 * DAY, "budget_committed": share(voted, 15)}  # fmt: skip
        followups.track(tracker, item, changes, today)
        _plan(tracker, item, today - 30 * DAY, today, late=False, done=1)
        updates.post_update(tracker, item, updates.UpdateInput(
            "Les études ont commencé",
            "Le bureau d'études relève le terrain cette semaine. La **concertation** avec les habitants suivra.",
        ))  # fmt: skip
        return
    start = today - (200 if stage == "delivered" else 60) * DAY
    late = stage == "late"
    changes = {
        "status": "works", "progress": 35 if late else 60, "service": service, "planned_start": start,
        "planned_end": start + 170 * DAY, "started_on": start + 45 * DAY,
        "budget_committed": share(voted, 80), "budget_spent": share(voted, 30 if late else 55),
    }  # fmt: skip
    followups.track(tracker, item, changes, today)
    _plan(tracker, item, start, today, late=late, done=2)
    body = (
        "Le chantier a pris du retard : la livraison des matériaux est décalée. Nous vous tiendrons informés."
        if late
        else "Les travaux avancent comme prévu. Merci aux riverains pour leur patience."
    )
    updates.post_update(tracker, item, updates.UpdateInput("Point sur le chantier", body))
    if stage != "delivered":
        return
    changes = {"status": "delivered", "delivered_on": today - 20 * DAY, "budget_spent": share(voted, 97)}
    followups.track(tracker, item, changes, today)
    for milestone in item.milestones:
        if milestone.done_on is None:
            milestones.edit_milestone(
                tracker, milestone, milestones.MilestoneInput(milestone.title, milestone.planned_on, today - 20 * DAY)
            )
    update = updates.post_update(tracker, item, updates.UpdateInput(
        "Le projet est livré",
        "Le projet est terminé et ouvert à tous. Il a coûté un peu moins que prévu : le reliquat revient au "
        "budget participatif de l'an prochain.\n\n- inauguration samedi à 11 h\n- visite avec le conseil de quartier",
    ))  # fmt: skip
    photos.add_photo(tracker, item, picture((90, 150, 70), number), "Le projet livré, vu depuis la rue", update=update)
    photos.add_photo(
        tracker, item, picture((150, 130, 100), number + 1), "Le chantier en cours", milestone=item.milestones[2]
    )
    for person, stars, comment in zip(
        ctx.residents[:3], (5, 4, 3), ("Très réussi !", "Bien, mais il manque des bancs.", ""), strict=False
    ):
        ratings.rate(person, item, stars, comment)


def _outside_projects(tracker: User, staff: User, today: date) -> int:
    quartier = db.session.scalar(sa.select(Quartier).order_by(Quartier.slug).limit(1))
    square = followups.create_project(staff, followups.ProjectInput(
        "Rénovation des aires de jeux du square", "Trois aires de jeux remises à neuf, décidées par la mairie.",
        "cadre_de_vie", quartier.id if quartier else None, None, "Direction des parcs et jardins",
        Decimal("180000.00"),
    ))  # fmt: skip
    lots = [
        followups.create_project(
            staff,
            followups.ProjectInput(
                title,
                "",
                "cadre_de_vie",
                quartier.id if quartier else None,
                None,
                "Direction des parcs et jardins",
                amount,
                parent_id=square.id,
                weight=weight,
            ),
        )
        for title, amount, weight in (
            ("Lot 1 : sols souples", Decimal("60000.00"), 1),
            ("Lot 2 : jeux et agrès", Decimal("120000.00"), 2),
        )
    ]
    followups.track(tracker, lots[0], {"status": "delivered"}, today)
    followups.track(tracker, lots[1], {"status": "works", "progress": 40}, today)
    followups.track(tracker, square, {"status": "works", "started_on": today - 45 * DAY}, today)
    library = followups.create_project(staff, followups.ProjectInput(
        "Extension des horaires de la bibliothèque", "Ouverture le dimanche, décidée par le conseil municipal.",
        "culture", None, None, "Direction de la culture", Decimal("95000.50"),
    ))  # fmt: skip
    followups.track(tracker, library, {"status": "study", "progress": 5}, today)
    return 2


def load(ctx: DemoContext) -> str:
    tracker, staff = ctx.people.get(TRACKER), ctx.people.get(STAFF)
    year = utcnow().year
    last = db.session.scalar(sa.select(Edition).where(Edition.slug == f"bp-{year - 1}"))
    if tracker is None or staff is None or last is None:
        return "accountability: no tracker, staff or tallied edition, nothing loaded"
    ctx.place_role(TRACKER, "tracker", last.slug)
    today = overview.city_today()
    with current_app.test_request_context():  # messages of the services are translated per request
        items = list(
            db.session.scalars(sa.select(FollowUp).where(FollowUp.edition_id == last.id).order_by(FollowUp.id))
        )
        stages = []
        for number, item in enumerate(items):
            if item.status == "cancelled":  # an override withdrew it: accountability cancelled it then
                stages.append("cancelled")
                continue
            stage = STAGES[number % len(STAGES)]
            _stage(ctx, tracker, item, stage, number, today)
            stages.append(stage)
        for person in ctx.residents[:12]:
            for item in items[:3]:
                follows.follow(person, item)
        outside = _outside_projects(tracker, staff, today)
    db.session.flush()
    counts = ", ".join(f"{stages.count(stage)} {stage}" for stage in (*dict.fromkeys(STAGES), "cancelled"))
    return (
        f"accountability: {len(items)} winners followed by {TRACKER} ({counts}); "
        f"{outside} projects funded outside the budget"
    )
