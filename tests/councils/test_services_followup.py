"""Minutes (draft, approved, published) and follow-up actions carried from session to session."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from app.core.db import utcnow
from app.core.errors import DomainError
from app.councils.services import actions, live, minutes, motions


def test_minutes_go_from_draft_to_approved_to_published(world: Any) -> None:
    body = world.body()
    moderator = world.moderator(body)
    session = world.session(body, actor=moderator)
    with pytest.raises(DomainError):
        minutes.save(moderator, session, "Trop tôt")  # the session has not taken place
    live.open_session(moderator, session)
    minutes.save(moderator, session, "## Présents\r\n\r\n12 membres")
    assert session.minutes == "## Présents\n\n12 membres"
    with pytest.raises(DomainError, match="Clôturez"):
        minutes.approve(moderator, session)
    live.close_session(moderator, session)
    with pytest.raises(DomainError, match="Approuvez"):
        minutes.publish(moderator, session)
    minutes.approve(moderator, session)
    assert session.minutes_status == "approved"
    minutes.save(moderator, session, "## Présents\n\n13 membres")  # a change needs a new approval
    assert session.minutes_status == "draft" and session.minutes_approved_at is None
    minutes.approve(moderator, session)
    minutes.publish(moderator, session)
    assert session.minutes_status == "published" and session.minutes_published_at is not None
    with pytest.raises(DomainError, match="publié"):
        minutes.save(moderator, session, "Réécriture")


def test_empty_minutes_cannot_be_approved(world: Any) -> None:
    body = world.body()
    moderator = world.moderator(body)
    session = world.session(body, actor=moderator)
    live.open_session(moderator, session)
    live.close_session(moderator, session)
    with pytest.raises(DomainError, match="vide"):
        minutes.approve(moderator, session)


def test_actions_need_an_owner_and_are_overdue_after_their_date(world: Any) -> None:
    body = world.body()
    moderator = world.moderator(body)
    with pytest.raises(DomainError) as error:
        actions.create_action(moderator, body, actions.ActionInput(title="", owner=""))
    assert {f for f, _ in error.value.problems} == {"title", "owner"}
    today = date(2027, 3, 1)
    late = actions.create_action(
        moderator, body, actions.ActionInput("Écrire à la mairie", "Bureau", today - timedelta(days=1))
    )
    on_time = actions.create_action(moderator, body, actions.ActionInput("Fête", "Secrétaire", today))
    undated = actions.create_action(moderator, body, actions.ActionInput("Affiches", "Tous"))
    assert late.is_overdue(today) and not on_time.is_overdue(today) and not undated.is_overdue(today)
    assert actions.open_actions(body) == [late, on_time, undated]  # due first, undated last
    actions.update_action(moderator, late, actions.ActionInput("Écrire à la mairie", "Bureau", late.due_on, "done"))
    assert late.closed_at is not None and not late.is_overdue(today)
    assert actions.closed_actions(body) == [late]
    actions.update_action(moderator, late, actions.ActionInput("Écrire à la mairie", "Bureau", late.due_on, "open"))
    assert late.closed_at is None


def test_open_actions_are_carried_into_the_next_session(world: Any) -> None:
    body = world.body(joining="open")
    moderator = world.moderator(body)
    member = world.member(body)
    first = world.session(body, actor=moderator, starts_in=timedelta(minutes=1))
    live.open_session(moderator, first)
    live.record_attendance(moderator, first, {member.id: "present"}, 0)
    motion = motions.create_motion(moderator, first, "Jardin", "", "hands")
    motions.record_hands(moderator, motion, 1, 0, 0, "Adopté")
    action = actions.create_action(moderator, body, actions.ActionInput("Déposer le projet", "Bureau"), motion=motion)
    assert action.session is first and actions.decided_in(first) == [action]
    action.created_at = utcnow() - timedelta(minutes=5)
    later = world.session(body, actor=moderator, starts_in=timedelta(days=30))
    assert actions.carried_into(later) == [action]
    actions.update_action(moderator, action, actions.ActionInput("Déposer le projet", "Bureau", status="done"))
    assert actions.carried_into(later) == []  # done before the next session: nothing to carry


def test_an_action_cannot_come_from_another_bodys_decision(world: Any) -> None:
    a, b = world.body("CIQ A", joining="open"), world.body("CIQ B")
    moderator = world.moderator(a)
    member = world.member(a)
    session = world.session(a, actor=moderator)
    live.open_session(moderator, session)
    live.record_attendance(moderator, session, {member.id: "present"}, 0)
    motion = motions.create_motion(moderator, session, "M", "", "hands")
    motions.record_hands(moderator, motion, 1, 0, 0, "")
    with pytest.raises(DomainError):
        actions.create_action(moderator, b, actions.ActionInput("X", "Y"), motion=motion)


def test_the_minutes_start_from_what_the_session_recorded(world: Any) -> None:
    body = world.body(joining="open")
    moderator = world.moderator(body)
    named = world.member(body, show_name=True, display_name="Nadia Publique")
    discreet = world.member(body, display_name="Marc Discret")
    session = world.session(body, actor=moderator)
    from app.councils.services import agenda

    agenda.add_item(session, "Propreté", 20)
    live.open_session(moderator, session)
    live.record_attendance(moderator, session, {named.id: "present", discreet.id: "present"}, 3)
    hands = motions.create_motion(moderator, session, "Balayeuse", "", "hands")
    motions.record_hands(moderator, hands, 2, 0, 0, "Demander la balayeuse le mardi.")
    vote = motions.create_motion(moderator, session, "Fête", "", "electronic", secret=False)
    motions.open_vote(moderator, vote)
    motions.cast(named, vote, "for")
    motions.cast(discreet, vote, "against")
    motions.close_vote(moderator, vote, "")
    actions.create_action(
        moderator, body, actions.ActionInput("Écrire à la mairie", "Bureau", date(2027, 5, 1)), motion=hands
    )
    draft = minutes.skeleton(session)
    assert "2 membre(s) présent(s), 0 excusé(s), 0 absent(s) ; 3 autre(s) personne(s)." in draft
    assert "Présents : Nadia Publique." in draft  # only those who agreed are named
    assert "### 1. Propreté" in draft and "**Balayeuse** : adoptée (pour 2, contre 0" in draft
    assert "Demander la balayeuse le mardi." in draft and "Écrire à la mairie — Bureau (échéance 01/05/2027)" in draft
    assert "Nadia Publique : Pour" in draft and "Marc Discret : Contre" in draft  # an open vote is on record
