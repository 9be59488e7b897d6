"""Demo councils: the city's 10 citizen councils over its priority neighbourhoods and three dozen
CIQ, with members (the demo resident in the CIQ of La Belle de Mai, which `moderateur@` runs),
sessions past and to come with agendas, attendance, motions, published minutes and follow-up
actions, one of them overdue. Seeded: two runs give the same data."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from app.accounts.models import User
from app.core.db import utcnow
from app.councils.models import (
    Action,
    AgendaItem,
    Attendance,
    Body,
    Membership,
    Motion,
    Registration,
    Session,
)
from app.demo.context import DemoContext
from app.extensions import db
from app.geo.models import Quartier
from app.geo.services import slugify

PARIS = ZoneInfo("Europe/Paris")

# The ten citizen councils and the priority neighbourhoods (quartiers) each covers.
COUNCILS = (
    ("Conseil citoyen Centre-Ville", ("Belsunce", "Noailles", "Saint-Charles", "Thiers")),
    ("Conseil citoyen Belle de Mai – Saint-Mauront", ("La Belle de Mai", "Saint-Mauront", "Saint-Lazare")),
    ("Conseil citoyen Joliette – Arenc", ("La Joliette", "Arenc", "Grands-Carmes")),
    ("Conseil citoyen Malpassé – Saint-Just", ("Malpasse", "Saint-Just", "Les Olives")),
    ("Conseil citoyen Frais-Vallon – La Rose", ("La Rose", "Les Médecins", "Saint-Jérôme")),
    ("Conseil citoyen Grand Saint-Barthélemy", ("Saint-Barthélemy", "Le Merlan", "Sainte-Marthe", "Le Canet")),
    ("Conseil citoyen Saint-Louis – La Cabucelle", ("Saint-Louis", "La Cabucelle", "La Calade")),
    ("Conseil citoyen Aygalades – Notre-Dame-Limite", ("Les Aygalades", "Notre-Dame-Limite", "La Viste", "Les Borels")),
    ("Conseil citoyen Saint-Henri – L'Estaque", ("Saint-Henri", "L'Estaque", "Saint-André", "Les Riaux")),
    ("Conseil citoyen Vallée de l'Huveaune", ("La Capelette", "Pont-de-Vivaux", "La Valbarelle", "Saint-Marcel")),
)

# Quartiers with a CIQ of their own; a few CIQ cover two neighbouring quartiers.
CIQ_QUARTIERS = (
    ("La Belle de Mai",), ("Noailles",), ("Le Camas",), ("La Conception",), ("Castellane", "Lodi"), ("Vauban",),
    ("Endoume",), ("Saint-Victor",), ("Roucas-Blanc",), ("Bompard",), ("Bonneveine",), ("Pointe-Rouge",),
    ("Les Goudes", "Montredon"), ("Sainte-Anne",), ("Mazargues",), ("Sainte-Marguerite",), ("Le Cabot",),
    ("La Timone",), ("Saint-Loup",), ("La Valentine",), ("Saint-Menet",), ("Les Trois-Lucs",), ("Saint-Barnabé",),
    ("Montolivet",), ("Saint-Julien",), ("Château-Gombert",), ("La Croix-Rouge",), ("Saint-Mitre",),
    ("Les Chartreux",), ("Chutes-Lavie",), ("Cinq-Avenues",), ("La Blancarde",), ("Saint-Joseph",),
    ("Bon-Secours",), ("Les Crottes",), ("Verduron",),
)  # fmt: skip

PURPOSE_COUNCIL = (
    "Le conseil citoyen réunit des habitants tirés au sort et des acteurs locaux (associations, commerçants) "
    "des quartiers prioritaires de la politique de la ville. Il participe au contrat de ville, donne son avis "
    "sur les projets de rénovation urbaine et porte les demandes des habitants.\n\n"
    "**Séances** : une fois par mois, ouvertes au public."
)
PURPOSE_CIQ = (
    "Le comité d'intérêt de quartier de {name} défend le cadre de vie du quartier : propreté, voirie, "
    "stationnement, espaces verts, sécurité des écoles. Il relaie les demandes des habitants auprès de la "
    "mairie de secteur et suit les travaux.\n\nToute personne qui habite ou travaille dans le quartier peut adhérer."
)
AGENDAS = (
    (("Accueil et approbation du compte rendu précédent", 10), ("Propreté : bilan des signalements", 25),
     ("Travaux de voirie de la rue principale", 30), ("Questions diverses", 15)),
    (("Accueil", 5), ("Point sur les actions en cours", 20), ("Budget participatif : projets du quartier", 35),
     ("Sécurité aux abords des écoles", 25), ("Questions diverses", 15)),
    (("Accueil", 5), ("Présentation du projet de jardin partagé", 30), ("Stationnement et livraisons", 25),
     ("Fête de quartier", 20)),
)  # fmt: skip
MOTIONS = (
    ("Demander à la mairie de secteur un passage hebdomadaire de la balayeuse",
     "Le comité demande un passage hebdomadaire de la balayeuse le mardi matin.",
     "Écrire à la mairie de secteur", "Bureau du comité"),
    ("Soutenir le projet de jardin partagé au budget participatif",
     "Le comité soutient le dépôt du projet de jardin partagé au budget participatif.",
     "Déposer le projet sur la plateforme", "Commission cadre de vie"),
    ("Demander un passage piéton devant l'école",
     "Le comité demande un passage piéton protégé devant l'école élémentaire.",
     "Relancer le service voirie", "Secrétaire"),
)  # fmt: skip


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=PARIS).astimezone(UTC)


def _quartiers_by_name() -> dict[str, Quartier]:
    return {q.name: q for q in db.session.scalars(sa.select(Quartier))}


def _body(kind: str, name: str, quartiers: list[Quartier], joining: str) -> Body:
    purpose = PURPOSE_COUNCIL if kind == "council" else PURPOSE_CIQ.format(name=" et ".join(q.name for q in quartiers))
    body = Body(slug=slugify(name)[:60], kind=kind, name=name, purpose=purpose, joining=joining, quartiers=quartiers)
    db.session.add(body)
    return body


def _members(ctx: DemoContext, body: Body, now: datetime, extra: list[User]) -> list[Membership]:
    """Residents of the covered quartiers join, plus a few from elsewhere; some have left, some wait."""
    rng = ctx.rng
    covered = {q.id for q in body.quartiers}
    local = [r for r in ctx.residents if r.quartier_id in covered]
    others = [r for r in ctx.residents if r.quartier_id not in covered]
    people = list(dict.fromkeys(extra + local + rng.sample(others, min(len(others), rng.randint(4, 9)))))
    memberships = []
    for index, user in enumerate(people):
        requested = now - timedelta(days=rng.randint(20, 420))
        membership = Membership(
            body=body,
            user_id=user.id,
            requested_at=requested,
            show_name=user in extra or rng.random() < 0.6,
            position="member",
        )
        roll = rng.random()
        if user not in extra and roll < 0.08:
            membership.status = "pending"
            membership.request_message = "J'habite le quartier depuis peu et j'aimerais participer."
            membership.requested_at = now - timedelta(days=rng.randint(1, 10))
        elif user not in extra and roll < 0.18:
            membership.status = "left"
            membership.joined_at = requested + timedelta(days=2)
            membership.left_at = min(membership.joined_at + timedelta(days=rng.randint(30, 300)), now)
        else:
            membership.status = "active"
            membership.joined_at = requested + timedelta(days=rng.randint(0, 5))
        if index < 3 and membership.status == "active":
            membership.position = ("president", "secretary", "treasurer")[index]
        memberships.append(membership)
        db.session.add(membership)
    return memberships


def _past_session(
    ctx: DemoContext, body: Body, number: int, day: date, members: list[Membership], moderator: User
) -> Session:
    rng = ctx.rng
    agenda = AGENDAS[number % len(AGENDAS)]
    starts = _at(day, 18, 30)
    session = Session(
        body=body,
        title=f"Séance n° {number + 1}",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        mode="in_person",
        place="Maison pour tous, salle polyvalente",
        status="closed",
        opened_at=starts,
        closed_at=starts + timedelta(hours=2),
        guests=rng.randint(0, 12),
        created_by_id=moderator.id,
        created_at=starts - timedelta(days=21),
    )
    elapsed = timedelta()
    for position, (title, minutes) in enumerate(agenda, start=1):
        session.items.append(
            AgendaItem(
                position=position,
                title=title,
                duration_minutes=minutes,
                started_at=starts + elapsed,
                ended_at=starts + elapsed + timedelta(minutes=minutes),
            )
        )
        elapsed += timedelta(minutes=minutes)
    db.session.add(session)
    db.session.flush()
    present = 0
    for membership in members:
        if membership.joined_at is None or membership.joined_at > starts:
            continue
        if membership.left_at is not None and membership.left_at <= starts:
            continue
        roll = rng.random()
        status = "present" if roll < 0.62 else ("excused" if roll < 0.82 else "absent")
        present += status == "present"
        db.session.add(Attendance(session_id=session.id, user_id=membership.user_id, status=status, recorded_at=starts))
    title, text, action_title, owner = MOTIONS[number % len(MOTIONS)]
    votes_for = max(1, present - rng.randint(0, 3))
    against = rng.randint(0, max(0, present - votes_for))
    motion = Motion(
        session=session,
        agenda_item=session.items[1],
        title=title,
        text=text,
        method="hands",
        status="closed",
        votes_for=votes_for,
        votes_against=against,
        abstentions=max(0, present - votes_for - against),
        result="adopted" if votes_for > against else "rejected",
        decision=text,
        decided_at=starts + timedelta(minutes=50),
    )
    db.session.add(motion)
    session.minutes = (
        f"## {session.title}\n\n**Présents** : {present} membres et {session.guests} habitants.\n\n"
        + "\n".join(f"- **{item.title}** : échanges entre les participants." for item in session.items)
        + f"\n\n## Décision\n\n{text} Adoptée par {votes_for} voix pour et {against} contre.\n"
    )
    session.minutes_status = "published"
    session.minutes_approved_at = starts + timedelta(days=3)
    session.minutes_approved_by_id = moderator.id
    session.minutes_published_at = starts + timedelta(days=4)
    if motion.result == "adopted":
        # Only one action of the demo is overdue (the moderator's CIQ's): those already due are done.
        due = day + timedelta(days=30)
        done = due < utcnow().astimezone(PARIS).date() or rng.random() < 0.3
        db.session.add(
            Action(
                body=body,
                session=session,
                motion=motion,
                title=action_title,
                owner=owner,
                due_on=due,
                status="done" if done else "in_progress",
                closed_at=_at(due - timedelta(days=3), 12) if done else None,
                created_at=starts + timedelta(hours=2),
                updated_at=starts + timedelta(days=5),
            )
        )
    return session


def _upcoming_session(
    body: Body, day: date, title: str, moderator: User, agenda_index: int, seats: int | None
) -> Session:
    starts = _at(day, 18, 30)
    session = Session(
        body=body,
        title=title,
        description="Séance ouverte à tous les habitants du quartier.",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        mode="hybrid",
        place="Maison pour tous, salle polyvalente",
        online_url="https://visio.parvis.example/" + body.slug,
        seat_limit=seats,
        created_by_id=moderator.id,
    )
    for position, (item_title, minutes) in enumerate(AGENDAS[agenda_index % len(AGENDAS)], start=1):
        session.items.append(AgendaItem(position=position, title=item_title, duration_minutes=minutes))
    db.session.add(session)
    return session


def load(ctx: DemoContext) -> str:
    now = utcnow()
    today = now.astimezone(PARIS).date()
    names = _quartiers_by_name()
    moderator = ctx.people["moderateur@parvis.example"]
    resident = ctx.people["habitant@parvis.example"]
    bodies: list[Body] = []
    for name, quartier_names in COUNCILS:
        quartiers = [names[n] for n in quartier_names if n in names]
        if quartiers:
            bodies.append(_body("council", name, quartiers, "request"))
    for group in CIQ_QUARTIERS:
        quartiers = [names[n] for n in group if n in names]
        if quartiers:
            label = " et ".join(q.name for q in quartiers)
            bodies.append(_body("ciq", f"CIQ {label}", quartiers, "open" if ctx.rng.random() < 0.4 else "request"))
    db.session.flush()
    if not bodies:
        return "councils: no quartiers loaded, nothing created"

    home = next((b for b in bodies if b.kind == "ciq" and resident.quartier_id in {q.id for q in b.quartiers}), None)
    home = home or next(b for b in bodies if b.kind == "ciq")
    ctx.place_role("moderateur@parvis.example", "moderator", home.slug)

    sessions = actions = 0
    for index, body in enumerate(bodies):
        extra = [resident, moderator] if body is home else []
        # dates counted from midnight, not from this minute: who attended which session (and so the
        # data that follows) must not depend on the time of day the demo is loaded
        members = _members(ctx, body, _at(today, 0), extra)
        db.session.flush()
        past_count = 4 if body is home else ctx.rng.randint(1, 3)
        for number in range(past_count):
            day = today - timedelta(days=28 * (past_count - number) + ctx.rng.randint(0, 5))
            _past_session(ctx, body, number, day, members, moderator)
            sessions += 1
        upcoming_day = today + timedelta(days=3 + index % 25)
        _upcoming_session(
            body, upcoming_day, f"Séance n° {past_count + 1}", moderator, index, 40 if index % 3 == 0 else None
        )
        sessions += 1
    # The moderator's CIQ: a session this evening (the home page lists it), and an overdue action.
    _upcoming_session(home, today, "Réunion publique : propreté et voirie", moderator, 1, 30)
    db.session.add(
        Action(
            body=home,
            title="Obtenir un rendez-vous avec le service propreté de la métropole",
            owner="Présidente du comité",
            due_on=today - timedelta(days=12),
            status="open",
            note="Relance envoyée, pas de réponse à ce jour.",
            created_at=now - timedelta(days=60),
        )
    )
    sessions += 1
    db.session.flush()
    actions = db.session.scalar(sa.select(sa.func.count()).select_from(Action)) or 0
    upcoming = db.session.scalars(sa.select(Session).where(Session.body_id == home.id, Session.status == "planned"))
    for session in upcoming:
        db.session.add(Registration(session_id=session.id, user_id=resident.id))
    db.session.flush()
    councils = sum(1 for b in bodies if b.kind == "council")
    return (
        f"councils: {councils} citizen councils and {len(bodies) - councils} CIQ, {sessions} sessions, "
        f"{actions} follow-up actions; moderateur@ runs {home.name}"
    )
