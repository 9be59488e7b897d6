"""Minutes: drafted in Markdown during or after the session, approved by the moderator, then
published on the session's page."""

from __future__ import annotations

from flask_babel import format_datetime
from flask_babel import gettext as _

from app.accounts.models import User
from app.core import audit
from app.core.db import utcnow
from app.core.errors import DomainError
from app.councils.models import Session
from app.councils.services import actions, electronic, live, memberships
from app.extensions import db

MAX_LENGTH = 100_000


def save(actor: User, session: Session, text: str) -> Session:
    if session.status in ("planned", "cancelled"):
        raise DomainError(_("Le compte rendu s'écrit pendant ou après la séance."))
    if session.minutes_status == "published":
        raise DomainError(_("Ce compte rendu est publié : il ne peut plus être modifié."))
    if len(text) > MAX_LENGTH:
        raise DomainError([("text", _("Le compte rendu est trop long (%(max)s caractères au plus).", max=MAX_LENGTH))])
    session.minutes = text.replace("\r\n", "\n").strip()
    if session.minutes_status == "approved":
        # A change after approval needs a new approval.
        session.minutes_status = "draft"
        session.minutes_approved_at = None
        session.minutes_approved_by_id = None
    db.session.flush()
    return session


def approve(actor: User, session: Session) -> Session:
    if session.status != "closed":
        raise DomainError(_("Clôturez la séance avant d'approuver son compte rendu."))
    if session.minutes_status != "draft":
        raise DomainError(_("Ce compte rendu est déjà approuvé."))
    if not session.minutes.strip():
        raise DomainError([("text", _("Le compte rendu est vide : rédigez-le avant de l'approuver."))])
    session.minutes_status = "approved"
    session.minutes_approved_at = utcnow()
    session.minutes_approved_by_id = actor.id
    db.session.flush()
    return session


def publish(actor: User, session: Session) -> Session:
    if session.minutes_status != "approved":
        raise DomainError(_("Approuvez le compte rendu avant de le publier."))
    session.minutes_status = "published"
    session.minutes_published_at = utcnow()
    audit.record("councils.minutes_published", actor_id=actor.id, subject_type="council_session", subject_id=session.id)
    db.session.flush()
    return session


def skeleton(session: Session) -> str:
    """A first draft in Markdown from what the session recorded: attendance (members named only
    if they agreed), the agenda, motions with their results and decisions, the actions decided.
    The moderator completes it with the debates."""
    statuses = live.attendance(session)
    named = {m.user_id: m.user.public_name for m in memberships.active_members(session.body) if m.show_name}
    present = [uid for uid, status in statuses.items() if status == "present"]
    lines = [
        f"# {session.title}",
        "",
        _(
            "%(body)s, %(date)s.",
            body=session.body.name,
            date=format_datetime(session.starts_at, "EEEE d MMMM y, HH:mm"),
        ),
        "",
        f"## {_('Présences')}",
        "",
        _(
            "%(present)s membre(s) présent(s), %(excused)s excusé(s), %(absent)s absent(s) ; "
            "%(guests)s autre(s) personne(s).",
            present=len(present),
            excused=sum(1 for s in statuses.values() if s == "excused"),
            absent=sum(1 for s in statuses.values() if s == "absent"),
            guests=session.guests,
        ),
    ]
    names = sorted(named[uid] for uid in present if uid in named)
    if names:
        lines += ["", _("Présents : %(names)s.", names=", ".join(names))]
    lines += ["", f"## {_('Ordre du jour')}", ""]
    for item in session.items:
        lines += [f"### {item.position}. {item.title}", "", _("(Résumé des échanges.)"), ""]
    decided = [m for m in session.motions if m.status == "closed"]
    if decided:
        lines += [f"## {_('Décisions')}", ""]
        for motion in decided:
            result = _("adoptée") if motion.result == "adopted" else _("rejetée")
            lines.append(
                _(
                    "- **%(title)s** : %(result)s (pour %(yes)s, contre %(no)s, abstentions %(abstain)s).",
                    title=motion.title,
                    result=result,
                    yes=motion.votes_for,
                    no=motion.votes_against,
                    abstain=motion.abstentions,
                )
            )
            if motion.decision:
                lines.append(f"  {motion.decision}")
            choices = electronic.open_choices(motion) if motion.method == "electronic" else []
            if choices:
                lines.append(
                    "  " + _("Vote nominatif : %(choices)s.", choices="; ".join(f"{n} : {c}" for n, c in choices))
                )
        lines.append("")
    follow = actions.decided_in(session)
    if follow:
        lines += [f"## {_('Actions')}", ""]
        for action in follow:
            due = _(" (échéance %(date)s)", date=action.due_on.strftime("%d/%m/%Y")) if action.due_on else ""
            lines.append(f"- {action.title} — {action.owner}{due}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
