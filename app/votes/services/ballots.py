"""A ballot's content, checked against its vote's limits, with messages that say what to change.

Contents are plain dicts (see the package docstring); `validate` returns them normalised (option ids as
integers, sorted where order means nothing) so that equal choices are stored identically.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask_babel import format_currency, format_decimal, ngettext
from flask_babel import gettext as _

from app.core.errors import DomainError
from app.votes.models import Vote


def money(amount: Decimal) -> str:
    return format_currency(amount, "EUR")


def _option_ids(vote: Vote, raw: Any, field: str) -> list[int]:
    if not isinstance(raw, list | tuple):
        raise DomainError([(field, _("Ce bulletin est mal formé : recommencez depuis la page du vote."))])
    known = {option.id for option in vote.options}
    ids: list[int] = []
    for item in raw:
        try:
            option_id = int(item)
        except (TypeError, ValueError):
            option_id = -1
        if option_id not in known:
            raise DomainError([(field, _("Une des options choisies n'existe pas dans ce vote : rechargez la page."))])
        if option_id in ids:
            raise DomainError([(field, _("Vous avez choisi deux fois la même option : gardez-la une seule fois."))])
        ids.append(option_id)
    return ids


def _count_limits(vote: Vote, count: int, field: str) -> None:
    low = vote.min_choices if vote.min_choices is not None else 1
    high = vote.max_choices
    if count < low:
        raise DomainError(
            [
                (
                    field,
                    ngettext(
                        "Choisissez au moins %(num)s option (vous en avez choisi %(chosen)s).",
                        "Choisissez au moins %(num)s options (vous en avez choisi %(chosen)s).",
                        low,
                        chosen=count,
                    ),
                )
            ]
        )
    if high is not None and count > high:
        raise DomainError(
            [
                (
                    field,
                    ngettext(
                        "Choisissez au plus %(num)s option : retirez-en %(extra)s.",
                        "Choisissez au plus %(num)s options : retirez-en %(extra)s.",
                        high,
                        extra=count - high,
                    ),
                )
            ]
        )


def _approval(vote: Vote, content: dict[str, Any]) -> dict[str, Any]:
    ids = _option_ids(vote, content.get("approve", []), "approve")
    _count_limits(vote, len(ids), "approve")
    if vote.kind == "knapsack":
        _knapsack_limits(vote, ids)
    return {"approve": sorted(ids)}


def ballot_cost(vote: Vote, ids: list[int]) -> Decimal:
    costs = {option.id: option.cost or Decimal(0) for option in vote.options}
    return sum((costs[option_id] for option_id in ids), Decimal(0))


def minimum_spend(vote: Vote) -> Decimal | None:
    if vote.budget is None or not vote.min_share:
        return None
    return vote.budget * vote.min_share / 100


def _knapsack_limits(vote: Vote, ids: list[int]) -> None:
    budget = vote.budget or Decimal(0)
    total = ballot_cost(vote, ids)
    if total > budget:
        raise DomainError(
            [
                (
                    "approve",
                    _(
                        "Vos choix coûtent %(total)s, soit %(over)s de plus que le budget de %(budget)s : "
                        "retirez un ou plusieurs projets.",
                        total=money(total),
                        over=money(total - budget),
                        budget=money(budget),
                    ),
                )
            ]
        )
    floor = minimum_spend(vote)
    if floor is not None and total < floor:
        raise DomainError(
            [
                (
                    "approve",
                    _(
                        "Vos choix coûtent %(total)s : il faut en choisir pour au moins %(floor)s "
                        "(%(share)s %% du budget). Ajoutez un ou plusieurs projets.",
                        total=money(total),
                        floor=money(floor),
                        share=vote.min_share,
                    ),
                )
            ]
        )


def _points(vote: Vote, content: dict[str, Any]) -> dict[str, Any]:
    raw = content.get("points", {})
    if not isinstance(raw, dict):
        raise DomainError([("points", _("Ce bulletin est mal formé : recommencez depuis la page du vote."))])
    labels = {option.id: option.label for option in vote.options}
    points: dict[int, int] = {}
    for key, value in raw.items():
        (option_id,) = _option_ids(vote, [key], "points")
        try:
            amount = int(value) if str(value).strip() else 0
        except (TypeError, ValueError):
            raise DomainError(
                [("points", _("« %(option)s » : indiquez un nombre entier de points.", option=labels[option_id]))]
            ) from None
        if amount < 0:
            raise DomainError(
                [
                    (
                        "points",
                        _("« %(option)s » : le nombre de points ne peut pas être négatif.", option=labels[option_id]),
                    )
                ]
            )
        if vote.points_per_option is not None and amount > vote.points_per_option:
            raise DomainError(
                [
                    (
                        "points",
                        _(
                            "« %(option)s » : au plus %(max)s points par option ; retirez-en %(extra)s.",
                            option=labels[option_id],
                            max=vote.points_per_option,
                            extra=amount - vote.points_per_option,
                        ),
                    )
                ]
            )
        if amount:
            points[option_id] = amount
    total = sum(points.values())
    if not total:
        raise DomainError([("points", _("Donnez au moins un point à une option."))])
    if vote.points_total is not None and total > vote.points_total:
        raise DomainError(
            [
                (
                    "points",
                    _(
                        "Vous avez donné %(total)s points pour %(max)s disponibles : retirez-en %(extra)s.",
                        total=total,
                        max=vote.points_total,
                        extra=total - vote.points_total,
                    ),
                )
            ]
        )
    _count_limits(vote, len(points), "points")
    return {"points": {str(option_id): points[option_id] for option_id in sorted(points)}}


def _ranking(vote: Vote, content: dict[str, Any]) -> dict[str, Any]:
    ids = _option_ids(vote, content.get("rank", []), "rank")
    if not ids:
        raise DomainError([("rank", _("Classez au moins une option."))])
    limit = vote.max_ranked
    if limit is not None and len(ids) > limit:
        raise DomainError(
            [
                (
                    "rank",
                    ngettext(
                        "Classez au plus %(num)s option : retirez-en %(extra)s de votre classement.",
                        "Classez au plus %(num)s options : retirez-en %(extra)s de votre classement.",
                        limit,
                        extra=len(ids) - limit,
                    ),
                )
            ]
        )
    if vote.min_choices is not None and len(ids) < vote.min_choices:
        _count_limits(vote, len(ids), "rank")
    return {"rank": ids}


def _single(vote: Vote, content: dict[str, Any]) -> dict[str, Any]:
    if content.get("abstain"):
        if "choice" in content and content["choice"] not in (None, ""):
            raise DomainError([("choice", _("Choisissez une option ou l'abstention, pas les deux."))])
        if not vote.allow_abstain:
            raise DomainError([("choice", _("L'abstention n'est pas prévue pour ce vote : choisissez une option."))])
        return {"abstain": True}
    if content.get("choice") in (None, ""):
        if vote.allow_abstain:
            raise DomainError([("choice", _("Choisissez une option, ou l'abstention."))])
        raise DomainError([("choice", _("Choisissez une option."))])
    (option_id,) = _option_ids(vote, [content["choice"]], "choice")
    return {"choice": option_id}


VALIDATORS = {
    "approval": _approval,
    "knapsack": _approval,
    "cumulative": _points,
    "ranking": _ranking,
    "single": _single,
}


def validate(vote: Vote, content: Any) -> dict[str, Any]:
    if not isinstance(content, dict):
        raise DomainError(_("Ce bulletin est mal formé : recommencez depuis la page du vote."))
    return VALIDATORS[vote.kind](vote, content)


def describe(vote: Vote, content: dict[str, Any]) -> list[str]:
    """A ballot in words, one line per choice, for the published list and the open-vote record."""
    labels = {option.id: option.label for option in vote.options}
    if "abstain" in content:
        return [_("Abstention")]
    if "choice" in content:
        return [labels.get(content["choice"], "?")]
    if "approve" in content:
        return [labels.get(option_id, "?") for option_id in content["approve"]]
    if "rank" in content:
        return [f"{rank}. {labels.get(option_id, '?')}" for rank, option_id in enumerate(content["rank"], start=1)]
    if "points" in content:
        return [
            _("%(option)s : %(points)s pts", option=labels.get(int(key), "?"), points=format_decimal(value))
            for key, value in content["points"].items()
        ]
    return []
