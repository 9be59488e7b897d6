"""Creating, configuring, opening and closing votes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.accounts.models import User
from app.accounts.services.identity import voter_keys
from app.core.db import utcnow
from app.core.errors import DomainError, NotFound
from app.extensions import db
from app.votes.models import ELIGIBILITY, KINDS, MAJORITIES, RULES, Ballot, EligibleVoter, Vote, VoteOption
from app.votes.signals import ballot_closed, vote_opened


@dataclass(frozen=True)
class OptionSpec:
    label: str
    description: str = ""
    cost: Decimal | None = None
    ref: str = ""


# A motion's two options, recognised by their refs; abstention is a separate answer (`allow_abstain`).
MOTION_OPTIONS = (OptionSpec(label="Pour", ref="yes"), OptionSpec(label="Contre", ref="no"))


def is_motion(vote: Vote) -> bool:
    return vote.kind == "single" and [option.ref for option in vote.options] == ["yes", "no"]


KIND_LABELS = {
    "approval": _l("Approbation (choisir plusieurs options)"),
    "knapsack": _l("Sac à dos (choisir dans la limite d'un budget)"),
    "cumulative": _l("Points à répartir"),
    "ranking": _l("Classement"),
    "single": _l("Choix unique (pour, contre, abstention…)"),
}
ELIGIBILITY_LABELS = {
    "signed_in": _l("Toute personne ayant un compte"),
    "verified": _l("Les habitants dont la résidence est vérifiée"),
    "area": _l("Les habitants vérifiés de certains arrondissements ou quartiers"),
    "list": _l("Une liste nominative (par exemple les membres présents)"),
}
MAJORITY_LABELS = {
    "relative": _l("Majorité relative (l'option qui a le plus de voix)"),
    "absolute": _l("Majorité absolue (plus de la moitié des suffrages exprimés)"),
    "two_thirds": _l("Majorité des deux tiers des suffrages exprimés"),
}

# The settings `create_vote` and `update_vote` accept, with their defaults.
SETTINGS: dict[str, Any] = {
    "description": "",
    "secret": True,
    "opens_at": None,
    "closes_at": None,
    "owner": "",
    "owner_ref": "",
    "eligibility": "verified",
    "district_ids": (),
    "quartier_ids": (),
    "min_choices": None,
    "max_choices": None,
    "budget": None,
    "min_share": None,
    "points_per_option": None,
    "points_total": None,
    "max_ranked": None,
    "rank_points": None,
    "allow_abstain": True,
    "quorum": None,
    "majority": "absolute",
    "rule": "greedy",
}


def get_vote(vote_id: int) -> Vote:
    vote = db.session.get(Vote, vote_id)
    if vote is None:
        raise NotFound(_("Ce vote n'existe pas."))
    return vote


def votes_owned_by(owner: str, owner_ref: str | None = None) -> list[Vote]:
    query = sa.select(Vote).where(Vote.owner == owner)
    if owner_ref is not None:
        query = query.where(Vote.owner_ref == owner_ref)
    return list(db.session.scalars(query.order_by(Vote.id)))


def status(vote: Vote, now: datetime | None = None) -> str:
    now = now or utcnow()
    if vote.closed_at is not None or (vote.closes_at is not None and vote.closes_at <= now):
        return "closed"
    if vote.opens_at is None:
        return "draft"
    if vote.opens_at > now:
        return "scheduled"
    return "open"


def ballot_count(vote: Vote) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Ballot).where(Ballot.vote_id == vote.id)) or 0


# Bounds that keep numbers within their columns (Numeric(14, 2), INTEGER) on every database.
MAX_AMOUNT = Decimal("999999999999.99")
MAX_COUNT = 1_000_000


def _positive(value: int | None, field: str, problems: list[tuple[str | None, str]], zero_ok: bool = False) -> None:
    if value is not None and (value < 0 or (value == 0 and not zero_ok)):
        problems.append((field, _("Indiquez un nombre entier positif.")))
    elif value is not None and value > MAX_COUNT:
        problems.append((field, _("Ce nombre est trop grand (au plus %(max)s).", max=MAX_COUNT)))


def _check(title: str, kind: str, options: Sequence[OptionSpec], settings: dict[str, Any]) -> None:
    """Every setting a vote needs for its kind, with a message that says what to change."""
    problems: list[tuple[str | None, str]] = []
    if not title.strip():
        problems.append(("title", _("Donnez un titre au vote.")))
    elif len(title.strip()) > 200:
        problems.append(("title", _("Le titre dépasse 200 caractères : raccourcissez-le.")))
    if kind not in KINDS:
        problems.append(("kind", _("Choisissez un type de bulletin dans la liste.")))
    labels = [option.label.strip() for option in options]
    if len(labels) < 2:
        problems.append(("options", _("Un vote a besoin d'au moins deux options.")))
    if any(not label for label in labels):
        problems.append(("options", _("Chaque option a besoin d'un libellé.")))
    if len({label.casefold() for label in labels}) != len(labels):
        problems.append(("options", _("Deux options portent le même libellé : distinguez-les.")))
    if any(option.cost is not None and option.cost < 0 for option in options):
        problems.append(("options", _("Un coût ne peut pas être négatif.")))
    if any(option.cost is not None and option.cost > MAX_AMOUNT for option in options):
        problems.append(("options", _("Un coût dépasse le plus grand montant possible.")))
    if settings["budget"] is not None and settings["budget"] > MAX_AMOUNT:
        problems.append(("budget", _("Ce budget dépasse le plus grand montant possible.")))
    if any(len(option.label.strip()) > 200 for option in options):
        problems.append(("options", _("Un libellé d'option dépasse 200 caractères : raccourcissez-le.")))
    if settings["eligibility"] not in ELIGIBILITY:
        problems.append(("eligibility", _("Choisissez qui peut voter dans la liste.")))
    if settings["eligibility"] == "area" and not (settings["district_ids"] or settings["quartier_ids"]):
        problems.append(("eligibility", _("Choisissez au moins un arrondissement ou un quartier.")))
    if settings["majority"] not in MAJORITIES:
        problems.append(("majority", _("Choisissez une règle de majorité dans la liste.")))
    if settings["rule"] not in RULES:
        problems.append(("rule", _("Choisissez une règle de dépouillement dans la liste.")))
    opens_at, closes_at = settings["opens_at"], settings["closes_at"]
    if opens_at and closes_at and closes_at <= opens_at:
        problems.append(("closes_at", _("La clôture doit venir après l'ouverture.")))
    for field in ("min_choices", "max_choices", "points_per_option", "points_total", "max_ranked"):
        _positive(settings[field], field, problems)
    _positive(settings["quorum"], "quorum", problems, zero_ok=True)
    low, high = settings["min_choices"], settings["max_choices"]
    if low is not None and high is not None and low > high:
        problems.append(("min_choices", _("Le minimum d'options dépasse le maximum : baissez-le.")))
    if high is not None and labels and high > len(labels):
        problems.append(("max_choices", _("Le maximum dépasse le nombre d'options (%(n)s).", n=len(labels))))
    if kind == "knapsack" or settings["rule"] != "greedy":
        if settings["budget"] is None or settings["budget"] <= 0:
            problems.append(("budget", _("Indiquez le budget disponible, un montant positif.")))
        if any(option.cost is None for option in options):
            problems.append(("options", _("Indiquez le coût de chaque option (sur chaque ligne, après « ; »).")))
    if settings["min_share"] is not None and not 0 <= settings["min_share"] <= 100:
        problems.append(("min_share", _("La part minimale est un pourcentage, entre 0 et 100.")))
    if kind == "cumulative" and not settings["points_total"]:
        problems.append(("points_total", _("Indiquez le nombre de points que chaque votant répartit.")))
    per_option, total = settings["points_per_option"], settings["points_total"]
    if per_option and total and per_option > total:
        problems.append(("points_per_option", _("Le maximum par option dépasse le total de points.")))
    points = settings["rank_points"]
    if points is not None and (not points or any(not isinstance(p, int) or p < 0 for p in points)):
        problems.append(("rank_points", _("Les points par rang sont des entiers positifs, du premier au dernier.")))
    if kind == "ranking" and points:
        ranks = settings["max_ranked"] or len(labels)
        if len(points) < ranks:
            problems.append(
                (
                    "rank_points",
                    _(
                        "Donnez des points pour chacun des %(ranks)s rangs (vous en avez donné %(given)s).",
                        ranks=ranks,
                        given=len(points),
                    ),
                )
            )
    if kind == "single" and settings["rule"] != "greedy":
        problems.append(("rule", _("Un vote à choix unique se décompte à la majorité, sans règle budgétaire.")))
    if problems:
        raise DomainError(problems)


def _settings(values: dict[str, Any], base: dict[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(SETTINGS)
    if unknown:
        raise TypeError(f"unknown vote settings: {', '.join(sorted(unknown))}")
    merged = {**base, **values}
    merged["district_ids"] = sorted({int(i) for i in merged["district_ids"] or ()})
    merged["quartier_ids"] = sorted({int(i) for i in merged["quartier_ids"] or ()})
    return merged


def _apply(vote: Vote, title: str, kind: str, options: Sequence[OptionSpec] | None, settings: dict[str, Any]) -> None:
    vote.title = title.strip()
    vote.kind = kind
    for name, value in settings.items():
        setattr(vote, name, list(value) if isinstance(value, tuple) else value)
    if options is not None:
        # Options are rows of their own: touch the vote so that its version (`updated_at`, which the
        # per-process copies of its rules go by, see `definitions`) changes with them.
        vote.updated_at = utcnow()
        vote.options.clear()
        db.session.flush()
        vote.options.extend(
            VoteOption(
                position=index,
                label=option.label.strip(),
                description=option.description.strip(),
                cost=option.cost,
                ref=option.ref,
            )
            for index, option in enumerate(options)
        )


def create_vote(actor: User | None, *, title: str, kind: str, options: Sequence[OptionSpec], **values: Any) -> Vote:
    settings = _settings(values, SETTINGS)
    _check(title, kind, options, settings)
    vote = Vote(created_by_id=actor.id if actor else None)
    _apply(vote, title, kind, options, settings)
    db.session.add(vote)
    db.session.flush()
    return vote


def _current_settings(vote: Vote) -> dict[str, Any]:
    return {name: getattr(vote, name) for name in SETTINGS}


def update_vote(actor: User | None, vote: Vote, **values: Any) -> Vote:
    """Change a vote's settings while nobody has voted yet (a change afterwards would change the rules
    under the voters' feet)."""
    if ballot_count(vote):
        raise DomainError(_("Des bulletins ont déjà été déposés : ce vote ne peut plus être modifié."))
    title = values.pop("title", vote.title)
    kind = values.pop("kind", vote.kind)
    options = values.pop("options", None)
    settings = _settings(values, _current_settings(vote))
    current = [OptionSpec(o.label, o.description, o.cost, o.ref) for o in vote.options]
    _check(title, kind, options if options is not None else current, settings)
    _apply(vote, title, kind, options, settings)
    db.session.flush()
    return vote


def set_eligible_voters(actor: User | None, vote: Vote, users: Iterable[User]) -> None:
    """Replace the explicit list of voters: each person by every key that stands for them."""
    db.session.execute(sa.delete(EligibleVoter).where(EligibleVoter.vote_id == vote.id))
    keys = sorted({key for user in users for key in voter_keys(user)})
    db.session.add_all(EligibleVoter(vote_id=vote.id, voter_key=key) for key in keys)
    db.session.flush()


def eligible_voter_keys(vote: Vote) -> set[str]:
    return set(db.session.scalars(sa.select(EligibleVoter.voter_key).where(EligibleVoter.vote_id == vote.id)))


def open_vote(actor: User | None, vote: Vote, now: datetime | None = None) -> None:
    now = now or utcnow()
    state = status(vote, now)
    if state == "closed":
        raise DomainError(_("Ce vote est clos : il ne peut pas rouvrir."))
    if state == "open":
        return
    vote.opens_at = now
    db.session.flush()
    vote_opened.send(current_app._get_current_object(), vote=vote)  # type: ignore[attr-defined]


def _record_close(vote: Vote, now: datetime) -> bool:
    """Record the close with a conditional update, so that of two requests closing the same vote at
    once only one announces it."""
    closes_at = now if vote.closes_at is None or vote.closes_at > now else vote.closes_at
    db.session.flush()
    result = db.session.execute(
        sa.update(Vote)
        .where(Vote.id == vote.id, Vote.closed_at.is_(None))
        .values(closed_at=now, closes_at=closes_at)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(vote)
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return False
    from app.votes.services.casting import scrub_insertion_traces  # casting imports this module

    scrub_insertion_traces(vote)
    ballot_closed.send(current_app._get_current_object(), vote=vote)  # type: ignore[attr-defined]
    return True


def close_vote(actor: User | None, vote: Vote, now: datetime | None = None) -> None:
    now = now or utcnow()
    if vote.closed_at is not None:
        raise DomainError(_("Ce vote est déjà clos."))
    if status(vote, now) in ("draft", "scheduled"):
        raise DomainError(_("Ce vote n'est pas encore ouvert : supprimez-le ou ouvrez-le d'abord."))
    _record_close(vote, now)


def close_due_votes(now: datetime | None = None) -> list[Vote]:
    """Record the close of every vote whose closing time has passed (idempotent)."""
    now = now or utcnow()
    query = sa.select(Vote).where(Vote.closed_at.is_(None), Vote.closes_at.is_not(None), Vote.closes_at <= now)
    return [vote for vote in db.session.scalars(query) if _record_close(vote, vote.closes_at or now)]


def close_if_due(vote: Vote, now: datetime | None = None) -> None:
    """A page about a vote past its closing time records the close, so results never wait for a cron."""
    now = now or utcnow()
    if vote.closed_at is None and vote.closes_at is not None and vote.closes_at <= now:
        _record_close(vote, vote.closes_at)


def delete_vote(actor: User | None, vote: Vote) -> None:
    if ballot_count(vote):
        raise DomainError(_("Des bulletins ont déjà été déposés : ce vote ne peut plus être supprimé."))
    db.session.delete(vote)
    db.session.flush()
