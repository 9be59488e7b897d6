"""URL samples for tests/test_access.py: one open session of an assembly, with a wall note and a
question, so that every assemblies route has something to point at."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from app.core.db import utcnow


def _world(s: Any) -> dict[str, Any]:
    def build() -> dict[str, Any]:
        from app.assemblies.models import Activity, Assembly, AssemblySession, Note, Participant, Question, WallColumn
        from app.extensions import db

        now = utcnow()
        assembly = Assembly(title="Assemblée d'essai")
        session = AssemblySession(
            assembly=assembly,
            title="Séance d'essai",
            starts_at=now - timedelta(hours=1),
            ends_at=now + timedelta(hours=1),
            status="open",
            join_code="ESSAI2",
        )
        board = Activity(session=session, kind="wall", title="Mur", status="open")
        column = WallColumn(activity=board, title="Idées")
        questions = Activity(session=session, kind="qa", title="Questions", position=1)
        person = Participant(session=session, pseudonym="Témoin", token="jeton-access")
        db.session.add_all([assembly, session, board, column, questions, person])
        db.session.flush()
        note = Note(activity=board, column=column, participant=person, text="Une idée")
        question = Question(activity_id=questions.id, participant=person, text="Une question ?")
        db.session.add_all([note, question])
        db.session.commit()
        return {"assembly": assembly.id, "session": session.id, "activity": board.id, "note": note.id,
                "question": question.id, "code": session.join_code}  # fmt: skip

    return s.once("assemblies", build)  # type: ignore[no-any-return]


def _session(s: Any) -> dict[str, Any]:
    return {"session_id": _world(s)["session"]}


URL_ARGS = {
    "assemblies.assembly": lambda s: {"assembly_id": _world(s)["assembly"]},
    "assemblies.create_session": lambda s: {"assembly_id": _world(s)["assembly"]},
    "assemblies.join": lambda s: {"code": _world(s)["code"]},
    "assemblies.room": _session,
    "assemblies.room_state": _session,
    "assemblies.stream_room": _session,
    "assemblies.post_note": _session,
    "assemblies.dot": lambda s: {**_session(s), "note_id": _world(s)["note"]},
    "assemblies.take_side": _session,
    "assemblies.ask": _session,
    "assemblies.support": lambda s: {**_session(s), "question_id": _world(s)["question"]},
    "assemblies.projector": _session,
    "assemblies.summary": _session,
    "assemblies.export_json": _session,
    "assemblies.export_csv": lambda s: {**_session(s), "kind": "notes"},
    "assemblies.console": _session,
    "assemblies.moderation": _session,
    "assemblies.stream_staff": _session,
    "assemblies.session_status": _session,
    "assemblies.timer": _session,
    "assemblies.add_activity": _session,
    "assemblies.activity_status": lambda s: {"activity_id": _world(s)["activity"]},
    "assemblies.add_column": lambda s: {"activity_id": _world(s)["activity"]},
    "assemblies.add_cluster": lambda s: {"activity_id": _world(s)["activity"]},
    "assemblies.move_note": lambda s: {"note_id": _world(s)["note"]},
    "assemblies.moderate_note": lambda s: {"note_id": _world(s)["note"]},
    "assemblies.question_action": lambda s: {"question_id": _world(s)["question"]},
}


def _cluster(s: Any) -> dict[str, Any]:
    def build() -> int:
        from app.assemblies.models import Cluster, Note
        from app.extensions import db

        note = db.session.get(Note, _world(s)["note"])
        cluster = Cluster(column_id=note.column_id, title="Groupe")
        db.session.add(cluster)
        db.session.commit()
        return cluster.id

    return {"cluster_id": s.once("assemblies-cluster", build)}


URL_ARGS["assemblies.move_cluster"] = _cluster
