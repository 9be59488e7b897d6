"""Demo assemblies: "Assemblée citoyenne du futur", with a past session whose wall, debate and
Q&A are full, and a session open now (join code FUTUR7) that a newcomer can join at once."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from app.assemblies.models import AssemblySession, Dot, Note, Participant, Question, StanceChange
from app.assemblies.services import debate, qa, sessions, wall
from app.core.db import utcnow
from app.demo.context import DemoContext
from app.extensions import db

OPEN_CODE = "FUTUR7"
FACILITATOR = "animateur@parvis.example"
ELECTED = "elu@parvis.example"

PAST_WALL = {
    "Se déplacer": [
        ("Un tram jusqu'à l'Estaque et aux quartiers Nord", "blue"),
        ("Des pistes cyclables séparées des voitures sur la Corniche", "green"),
        ("Des navettes maritimes toute l'année, pas seulement l'été", "blue"),
        ("Des trottoirs praticables avec une poussette ou un fauteuil", "yellow"),
        ("Métro jusqu'à 1 h du matin le week-end", "pink"),
        ("Des bus plus fréquents le soir à Saint-Antoine", "yellow"),
    ],
    "Habiter": [
        ("Rénover les copropriétés dégradées avant qu'il soit trop tard", "orange"),
        ("Encadrer les meublés touristiques dans le centre", "yellow"),
        ("Des logements pour les étudiants près des facs", "pink"),
        ("Des jardins partagés au pied des immeubles", "green"),
        ("Rendre les écoles fraîches l'été", "orange"),
    ],
    "Respirer": [
        ("Planter des arbres dans chaque rue du 3e", "green"),
        ("Des fontaines à eau potable dans les parcs", "blue"),
        ("Rouvrir l'accès aux calanques en transports en commun", "yellow"),
        ("Moins de bateaux de croisière à quai, ou branchés électriquement", "pink"),
        ("Des cours d'école ouvertes aux familles le week-end", "green"),
    ],
}
CLUSTERS = {"Se déplacer": ("Transports en commun", [0, 2, 4, 5]), "Respirer": ("Plus de vert", [0, 4])}
PAST_QUESTIONS = [
    (
        "Quand le tram ira-t-il jusqu'aux quartiers Nord ?",
        "Les études sont lancées ; un calendrier sera présenté au printemps.",
    ),
    (
        "Comment la ville va-t-elle protéger les écoles de la chaleur ?",
        "Trente cours d'école seront végétalisées d'ici 2028.",
    ),
    (
        "Les décisions de l'assemblée seront-elles vraiment appliquées ?",
        "Chaque proposition recevra une réponse écrite du conseil municipal.",
    ),
    ("Peut-on avoir des bus de nuit dans les 13e et 14e ?", ""),
    ("Que devient le budget participatif de l'an dernier ?", ""),
]
SIDES = ("agree", "undecided", "disagree")


def _participants(ctx: DemoContext, session: AssemblySession, count: int) -> list[Participant]:
    people = []
    for resident in ctx.residents[:count]:
        first = resident.display_name.split()[0]
        people.append(sessions.join(None, session, f"{first} {resident.display_name.split()[-1][0]}."))
    return people


def _past_session(ctx: DemoContext, assembly: object, now: object) -> AssemblySession:
    rng = ctx.rng
    start = utcnow() - timedelta(days=14, hours=-18)
    session = sessions.create_session(
        None,
        assembly,  # type: ignore[arg-type]
        sessions.SessionInput(
            title="Séance 1 — Marseille en 2040", starts_at=start, ends_at=start + timedelta(hours=3), note_interval=0
        ),
    )
    session.status = "open"
    people = _participants(ctx, session, 28)

    board = sessions.add_activity(None, session, "wall", "Ce que nous voulons pour 2040", columns=list(PAST_WALL))
    sessions.set_activity_status(None, board, "open")
    notes: dict[str, list[Note]] = {}
    for column in board.columns:
        notes[column.title] = [
            wall.post_note(rng.choice(people), board, column.id, text, colour)
            for text, colour in PAST_WALL[column.title]
        ]
    for title, (cluster_title, indexes) in CLUSTERS.items():
        column = next(c for c in board.columns if c.title == title)
        cluster = wall.add_cluster(None, board, column.id, cluster_title)
        for index in indexes:
            wall.move_note(None, notes[title][index], column.id, cluster.id, None)
    every_note = [note for group in notes.values() for note in group]
    for person in people:
        for note in rng.sample(every_note, k=rng.randint(2, session.dot_budget)):
            wall.set_dot(person, note, True)

    argument = sessions.add_activity(
        None,
        session,
        "debate",
        "Débat mouvant",
        statement="En 2040, la voiture individuelle n'entre plus dans le centre-ville.",
    )
    sessions.set_activity_status(None, argument, "open")
    for person in people:
        debate.take_side(person, argument, rng.choices(SIDES, weights=(4, 3, 4))[0])
    for person in rng.sample(people, k=9):  # after the arguments, some people moved
        debate.take_side(person, argument, rng.choices(SIDES, weights=(6, 2, 1))[0])

    questions = sessions.add_activity(None, session, "qa", "Questions aux élus")
    sessions.set_activity_status(None, questions, "open")
    elected = ctx.people.get(ELECTED)
    for text, answer in PAST_QUESTIONS:
        question = qa.ask(rng.choice(people), questions, text)
        for person in rng.sample(people, k=rng.randint(3, 15)):
            if person.id != question.participant_id:
                qa.upvote(person, question)
        if answer:
            qa.highlight(elected, question)
            qa.answer(elected, question, answer)
    sessions.set_session_status(None, session, "closed")
    _spread_in_time(session, start)
    return session


def _spread_in_time(session: AssemblySession, start: object) -> None:
    """What the services stamped "now" happened during the past session."""
    activity_ids = [a.id for a in session.activities]
    for model, column in ((Note, Note.created_at), (Question, Question.created_at)):
        db.session.execute(
            sa.update(model).where(model.activity_id.in_(activity_ids)).values({column: start + timedelta(minutes=20)})  # type: ignore[attr-defined, operator]
        )
    db.session.execute(
        sa.update(Dot).where(Dot.activity_id.in_(activity_ids)).values(at=start + timedelta(minutes=50))  # type: ignore[operator]
    )
    db.session.execute(
        sa.update(StanceChange)
        .where(StanceChange.activity_id.in_(activity_ids))
        .values(at=start + timedelta(minutes=80))  # type: ignore[operator]
    )
    for activity in session.activities:
        activity.opened_at = start
        activity.closed_at = start + timedelta(hours=3)
    for person in db.session.scalars(sa.select(Participant).where(Participant.session_id == session.id)):
        # last seen at the end: they took part (a participant "untouched" since joining has equal times)
        person.joined_at, person.last_seen_at = start, start + timedelta(hours=3)


def _open_session(ctx: DemoContext, assembly: object) -> AssemblySession:
    now = utcnow()
    session = sessions.create_session(
        None,
        assembly,  # type: ignore[arg-type]
        sessions.SessionInput(
            title="Séance 2 — Le climat dans nos quartiers",
            starts_at=now - timedelta(minutes=30),
            ends_at=now + timedelta(hours=4),
            note_interval=5,
        ),
    )
    session.join_code = OPEN_CODE
    sessions.set_session_status(None, session, "open")
    board = sessions.add_activity(
        None, session, "wall", "Vivre avec la chaleur", columns=["Ce qui nous gêne", "Ce qui marche déjà", "Nos idées"]
    )
    sessions.add_activity(
        None,
        session,
        "debate",
        "Débat mouvant",
        statement="Il faut interdire la climatisation dans les bureaux publics.",
    )
    sessions.add_activity(None, session, "qa", "Questions aux élus")
    sessions.set_activity_status(None, board, "open")
    people = _participants(ctx, session, 6)
    starters = [
        ("Ce qui nous gêne", "Les rues sans ombre entre le Vieux-Port et la gare", "orange"),
        ("Ce qui nous gêne", "Les appartements sous les toits, invivables en août", "pink"),
        ("Ce qui marche déjà", "Le parc Longchamp ouvert plus tard le soir", "green"),
        ("Nos idées", "Des brumisateurs aux arrêts de bus", "blue"),
    ]
    for person, (title, text, colour) in zip(people, starters, strict=False):
        column = next(c for c in board.columns if c.title == title)
        wall.post_note(person, board, column.id, text, colour)
    session.timer_ends_at = now + timedelta(minutes=20)
    return session


def load(ctx: DemoContext) -> str:
    with current_app.test_request_context():  # live fragments are rendered with url_for
        assembly = sessions.create_assembly(
            None,
            "Assemblée citoyenne du futur",
            "Quarante habitantes et habitants tirés au sort imaginent la ville de 2040 et "
            "font des propositions au conseil municipal.",
        )
        past = _past_session(ctx, assembly, None)
        current = _open_session(ctx, assembly)
        ctx.place_role(FACILITATOR, "facilitator", str(assembly.id))
        db.session.flush()
        notes = db.session.scalar(
            sa.select(sa.func.count(Note.id)).where(Note.activity_id.in_([a.id for a in past.activities]))
        )
    return (
        f"assemblies: 1 assembly, a past session ({notes} notes, debate, Q&A) and a session open now "
        f"(code {current.join_code}, facilitator {FACILITATOR})"
    )
