"""Demo feedback: the city's services with their delays and managers, work for the voirie agent
(`agent.voirie@parvis.example`, a named account of app/demo/accounts.py), and a year of reports
over every channel and service: most answered and resolved, some rejected with a reason, duplicates gathered into cases,
urgent ones not yet acknowledged and others past their target (so the queue shows alerts), and
satisfaction surveys, most answered. Everything goes through the services with the moment it
happened, so delays and figures are real. Seeded: two runs give the same data; a database that
already has services is left alone."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from app.accounts.models import User
from app.core.db import utcnow
from app.demo.context import DemoContext
from app.extensions import db
from app.feedback.models import Item, Service
from app.feedback.services import answers, cases, catalog, items, surveys
from app.geo.models import Quartier

AGENT = "agent.voirie@parvis.example"
DAY = timedelta(days=1)
HOUR = timedelta(hours=1)
REPORTS = 420
# (name, slug, target days, urgent acknowledgement hours, what residents report: category -> texts)
SERVICES: tuple[tuple[str, str, int, int, dict[str, tuple[str, ...]]], ...] = (
    ("Voirie", "voirie", 20, 4, {
        "Nid-de-poule": ("Un nid-de-poule profond au milieu de la chaussée, les deux-roues font des écarts.",
                         "Trou dans la chaussée devant l'arrêt de bus, une chute est vite arrivée."),
        "Trottoir abîmé": ("Le trottoir est défoncé, impossible de passer avec une poussette ou un fauteuil.",
                           "Dalles descellées sur le trottoir, une personne âgée est tombée hier."),
        "Signalisation": ("Le panneau stop est tordu et ne se voit plus depuis le carrefour.",
                          "Le marquage du passage piéton a disparu devant l'école."),
    }),
    ("Propreté", "proprete", 7, 4, {
        "Dépôt sauvage": ("Un matelas et des gravats abandonnés sur le trottoir depuis une semaine.",
                          "Dépôt sauvage de sacs au pied des conteneurs, les rats arrivent."),
        "Tags": ("Des tags sur la façade de la bibliothèque.", "Graffitis injurieux sur le mur du stade."),
        "Collecte": ("Les poubelles n'ont pas été ramassées depuis trois jours.",
                     "Le conteneur de tri déborde chaque week-end."),
    }),
    ("Écoles", "ecoles", 15, 2, {
        "Cantine": ("La cantine sert des repas froids depuis la rentrée.",
                    "Les enfants n'ont pas le temps de manger, le service est trop court."),
        "Bâtiment": ("Fuite d'eau au plafond de la classe de CP quand il pleut.",
                     "Le portail de l'école ne ferme plus, les enfants peuvent sortir seuls."),
    }),
    ("Espaces verts", "espaces-verts", 30, 8, {
        "Parc": ("Le parc n'est pas accessible en fauteuil : l'entrée a des marches et pas de rampe.",
                 "Les jeux du square sont cassés depuis des mois."),
        "Arbres": ("Une grosse branche menace de tomber sur le chemin du parc, c'est dangereux.",
                   "Les racines soulèvent le trottoir devant le numéro 8."),
    }),
    ("Éclairage public", "eclairage-public", 10, 4, {
        "Lampadaire éteint": ("Le lampadaire est éteint, la rue est dans le noir la nuit.",
                              "Toute la rue est sans éclairage depuis l'orage."),
        "Câble": ("Un câble électrique pend du lampadaire à hauteur d'enfant.",),
    }),
    ("Transports", "transports", 20, 6, {
        "Arrêt de bus": ("L'abri de l'arrêt de bus a ses vitres brisées.",
                         "Pas de banc ni d'abri à l'arrêt, les personnes âgées attendent debout."),
        "Stationnement": ("Des voitures garées sur le trottoir tous les soirs devant la crèche.",),
    }),
)  # fmt: skip
STREETS = (
    "rue Loubon",
    "boulevard National",
    "rue de la Belle de Mai",
    "place Cadenat",
    "rue d'Aubagne",
    "avenue des Chartreux",
    "rue Consolat",
    "boulevard de la Libération",
    "rue Paradis",
    "rue Sainte",
)
ANSWERS = (
    "Merci pour votre signalement : une équipe passe cette semaine.",
    "L'intervention est programmée ; nous vous tiendrons informé.",
    "C'est réparé. Merci de nous avoir prévenus.",
    "Nous avons transmis à l'entreprise chargée de l'entretien, qui intervient sous dix jours.",
)
REJECTIONS = (
    "Cette voie est privée : son entretien revient à la copropriété, que nous avons prévenue.",
    "Ce lieu relève de la Métropole : nous lui avons transmis votre signalement.",
)
# Web first; then phone, counter, field and post.
CHANNEL_WEIGHTS = (("web", 50), ("phone", 20), ("counter", 12), ("field", 12), ("mail", 6))
COMMENTS = ("Rapide et efficace.", "Il a fallu relancer.", "Merci !", "", "", "Réponse claire.", "Trop long.")


def _services() -> list[Service]:
    made = []
    for name, slug, target, urgent, categories in SERVICES:
        made.append(
            catalog.save_service(
                None,
                catalog.ServiceInput(
                    name, slug, "\n".join(categories), target, urgent, f"responsable.{slug}@parvis.example"
                ),
            )
        )
    return made


def _input(ctx: DemoContext, service: Service, quartiers: list[Quartier], channel: str) -> items.ItemInput:
    rng = ctx.rng
    _name, _slug, _target, _urgent, categories = next(spec for spec in SERVICES if spec[1] == service.slug)
    category = rng.choice(sorted(categories))
    quartier = rng.choice(quartiers)
    address = f"{rng.randint(1, 120)} {rng.choice(STREETS)}" if rng.random() < 0.7 else ""
    answer_by = rng.choice(("email", "phone", "postal")) if channel != "web" else "email"
    return items.ItemInput(
        service_id=service.id,
        text=rng.choice(categories[category]),
        category=category,
        quartier_id=quartier.id,
        address=address,
        contact_name=f"{rng.choice(('Mme', 'M.'))} {rng.choice(('Arnaud', 'Blanc', 'Hamidi', 'Rossi', 'Nguyen'))}",
        contact_email=f"habitant{rng.randint(1, 9999)}@demo.parvis.example",
        contact_phone=f"04 91 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
        contact_postal=f"{rng.randint(1, 120)} {rng.choice(STREETS)}, 13003 Marseille",
        answer_by=answer_by,
        channel=channel,
    )


def _report(ctx: DemoContext, service: Service, quartiers: list[Quartier], staff: User, when: datetime) -> Item:
    rng = ctx.rng
    channel = rng.choices([c for c, _w in CHANNEL_WEIGHTS], [w for _c, w in CHANNEL_WEIGHTS])[0]
    data = _input(ctx, service, quartiers, channel)
    resident = rng.choice(ctx.residents) if ctx.residents and rng.random() < 0.6 else None
    if channel == "web":
        return items.report(resident, data, now=when)
    return items.record(staff, data, resident if rng.random() < 0.3 else None, now=when)


def _work(ctx: DemoContext, item: Item, staff: User, now: datetime) -> str:
    """What the service did with the case since it came in, as time allowed; returns its fate."""
    rng = ctx.rng
    service = item.service
    cases.set_criticality(
        staff, item, item.suggested_criticality if rng.random() < 0.8 else "normal", now=item.created_at
    )
    age = now - item.created_at
    acknowledge = item.created_at + HOUR * rng.uniform(0.5, service.urgent_ack_hours * 3)
    if item.criticality == "urgent" and age < 2 * DAY and rng.random() < 0.5:
        return "late-urgent"  # nobody has looked at it yet
    if acknowledge >= now:
        return "new"
    answers.answer(staff, item, rng.choice(ANSWERS[:2]), now=acknowledge)
    resolve = acknowledge + DAY * rng.uniform(0.5, service.target_days * 1.4)
    if resolve >= now or rng.random() < 0.06:
        cases.change_status(staff, item, "in_progress", now=acknowledge + HOUR)
        return "open"
    if rng.random() < 0.07:
        cases.change_status(staff, item, "rejected", rng.choice(REJECTIONS), now=resolve)
        return "rejected"
    cases.change_status(staff, item, "resolved", now=resolve)
    answers.answer(staff, item, ANSWERS[2], now=resolve)
    for invitation in surveys.for_resolved_case(staff, item, now=resolve):
        if rng.random() < 0.55:
            score = rng.choices((1, 2, 3, 4, 5), (1, 2, 4, 6, 5))[0]
            surveys.answer(invitation, score, rng.choice(COMMENTS), now=resolve + DAY * rng.uniform(0.1, 5))
    return "resolved"


def load(ctx: DemoContext) -> str:
    if db.session.scalar(sa.select(Service.id).limit(1)) is not None:
        return "feedback: services already there, nothing loaded"
    quartiers = list(db.session.scalars(sa.select(Quartier).order_by(Quartier.slug)))
    agent = ctx.people.get(AGENT)
    if not quartiers or agent is None:
        return "feedback: no geography or demo accounts, nothing loaded"
    now = utcnow().replace(second=0, microsecond=0)
    rng = ctx.rng
    with current_app.test_request_context():  # messages of the services are translated per request
        services = _services()
        staff = ctx.people.get("admin@parvis.example") or agent
        moments = sorted(now - DAY * rng.uniform(0, 365) for _ in range(REPORTS))
        fates: dict[str, int] = {}
        duplicates = 0
        for when in moments:
            service = rng.choice(services)
            worker = agent if service.slug == "voirie" else staff
            item = _report(ctx, service, quartiers, worker, when)
            # About one report in six repeats a case of the same service still open at that moment.
            recent = list(
                db.session.scalars(
                    sa.select(Item).where(
                        Item.service_id == service.id,
                        Item.primary_id.is_(None),
                        Item.id != item.id,
                        Item.created_at >= when - 10 * DAY,
                        sa.or_(Item.closed_at.is_(None), Item.closed_at > when),
                    )
                )
            )
            if recent and rng.random() < 0.17:
                primary = rng.choice(recent)
                item.address, item.quartier_id = primary.address, primary.quartier_id
                cases.link_duplicate(worker, item, primary, now=when)
                duplicates += 1
                continue
            fate = _work(ctx, item, worker, now)
            fates[fate] = fates.get(fate, 0) + 1
        # Two old cases forgotten in the queue: past their target, the alert will go out.
        for when in (now - 45 * DAY, now - 33 * DAY):
            item = _report(ctx, services[0], quartiers, agent, when)
            cases.set_criticality(agent, item, "high", now=when)
            fates["late"] = fates.get("late", 0) + 1
        # And an urgent one nobody has acknowledged within its service's delay.
        lighting = next(service for service in services if service.slug == "eclairage-public")
        when = now - 9 * HOUR
        urgent = items.report(
            None,
            items.ItemInput(
                lighting.id,
                "Un câble électrique dénudé pend du lampadaire à hauteur d'enfant, devant l'école : danger !",
                "Câble",
                quartiers[0].id,
                "12 rue Loubon",
                contact_email="parent.eleve@demo.parvis.example",
            ),
            now=when,
        )
        cases.set_criticality(staff, urgent, urgent.suggested_criticality, now=when)
        fates["late"] += 1
        db.session.flush()
    summary = ", ".join(f"{count} {fate}" for fate, count in sorted(fates.items()))
    return (
        f"feedback: {len(services)} services, {REPORTS + 3} reports over a year ({summary}; {duplicates} duplicates), "
        f"service agent {AGENT}"
    )
