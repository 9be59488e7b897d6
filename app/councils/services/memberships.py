"""Memberships: joining (at once for an open body, on request otherwise), the moderator's answer,
positions, leaving, and whether a member's name may be shown."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from app.accounts.models import User
from app.core.db import utcnow
from app.core.errors import DomainError, NotFound
from app.councils.models import POSITIONS, Body, Membership
from app.extensions import db

MESSAGE_MAX = 1000


def membership_of(user: User | None, body: Body) -> Membership | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(sa.select(Membership).where(Membership.body_id == body.id, Membership.user_id == user.id))


def get_membership(body: Body, membership_id: int) -> Membership:
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.body_id != body.id:
        raise NotFound(_("Cette adhésion n'existe pas."))
    return membership


def join(user: User, body: Body, message: str = "", *, show_name: bool = False) -> Membership:
    """Join an open body at once, or ask to join one on request. Asking again after leaving or a
    refusal reuses the person's row."""
    if user.is_erased:
        raise DomainError(_("Ce compte a été supprimé."))
    message = message.strip()
    if len(message) > MESSAGE_MAX:
        raise DomainError(
            [("message", _("Votre message est trop long (%(max)s caractères au plus).", max=MESSAGE_MAX))]
        )
    membership = membership_of(user, body)
    if membership is not None and membership.status in ("pending", "active"):
        raise DomainError(
            _("Vous êtes déjà membre.") if membership.is_active else _("Votre demande est déjà en attente.")
        )
    now = utcnow()
    if membership is None:
        membership = Membership(body=body, user_id=user.id)
        db.session.add(membership)
    membership.request_message = message
    membership.reply_message = ""
    membership.requested_at = now
    membership.show_name = show_name
    membership.position = "member"
    membership.left_at = None
    membership.decided_by_id = None
    if body.is_open:
        membership.status = "active"
        membership.joined_at = now
    else:
        membership.status = "pending"
        membership.joined_at = None
    db.session.flush()
    return membership


def decide(actor: User, membership: Membership, accept: bool, message: str = "") -> Membership:
    """The moderator's answer to a request, with an optional message the person will read."""
    if membership.status != "pending":
        raise DomainError(_("Cette demande a déjà reçu une réponse."))
    message = message.strip()
    if len(message) > MESSAGE_MAX:
        raise DomainError(
            [("message", _("Votre message est trop long (%(max)s caractères au plus).", max=MESSAGE_MAX))]
        )
    if not accept and not message:
        raise DomainError([("message", _("Expliquez en quelques mots pourquoi la demande est refusée."))])
    membership.status = "active" if accept else "declined"
    membership.reply_message = message
    membership.decided_by_id = actor.id
    if accept:
        membership.joined_at = utcnow()
    db.session.flush()
    return membership


def leave(user: User, body: Body) -> Membership:
    membership = membership_of(user, body)
    if membership is None or membership.status not in ("pending", "active"):
        raise DomainError(_("Vous n'êtes pas membre de cette instance."))
    was_active = membership.is_active
    membership.status = "left"
    membership.position = "member"
    if was_active:
        membership.left_at = utcnow()
    db.session.flush()
    return membership


def set_position(actor: User, membership: Membership, position: str) -> Membership:
    if position not in POSITIONS:
        raise DomainError([("position", _("Choisissez une fonction dans la liste."))])
    if not membership.is_active:
        raise DomainError(_("Seul un membre peut recevoir une fonction."))
    if position != "member":
        holder = db.session.scalar(
            sa.select(Membership).where(
                Membership.body_id == membership.body_id,
                Membership.position == position,
                Membership.status == "active",
                Membership.id != membership.id,
            )
        )
        if holder is not None:
            holder.position = "member"  # one president, one secretary, one treasurer
    membership.position = position
    db.session.flush()
    return membership


def set_show_name(user: User, body: Body, show: bool) -> Membership:
    membership = membership_of(user, body)
    if membership is None or membership.status not in ("pending", "active"):
        raise DomainError(_("Vous n'êtes pas membre de cette instance."))
    membership.show_name = show
    db.session.flush()
    return membership


def active_members(body: Body) -> list[Membership]:
    """Members, officers first, then by name."""
    order = sa.case({position: index for index, position in enumerate(POSITIONS)}, value=Membership.position)
    query = (
        sa.select(Membership)
        .join(Membership.user)
        .where(Membership.body_id == body.id, Membership.status == "active", User.erased_at.is_(None))
        .order_by(order, User.display_name, User.id)
    )
    return list(db.session.scalars(query))


def pending_requests(body: Body) -> list[Membership]:
    query = (
        sa.select(Membership)
        .where(Membership.body_id == body.id, Membership.status == "pending")
        .order_by(Membership.requested_at)
    )
    return list(db.session.scalars(query))


def is_member(user: User | None, body: Body) -> bool:
    membership = membership_of(user, body)
    return membership is not None and membership.is_active


def memberships_of(user: User) -> list[Membership]:
    query = sa.select(Membership).where(Membership.user_id == user.id, Membership.status.in_(("pending", "active")))
    return list(db.session.scalars(query))
