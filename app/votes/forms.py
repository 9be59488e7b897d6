"""Forms of the votes area. They check the shape of the input; the vote's rules live in services.

A ballot's fields depend on the vote (one checkbox, points box or rank per option), so the ballot is read
from the posted data by `ballot_from_form`; `BallotForm` only carries the CSRF token.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    DecimalField,
    EmailField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from app.accounts.services.identity import DOCUMENT_LABELS
from app.core.errors import DomainError
from app.votes.models import RULES, Vote
from app.votes.services.votes import ELIGIBILITY_LABELS, KIND_LABELS, MAJORITY_LABELS, OptionSpec

RULE_LABELS = {
    "greedy": _l("Par nombre de voix, dans la limite du budget (glouton)"),
    "mes": _l("Parts égales (Method of Equal Shares), sans complément"),
    "mes-add1": _l("Parts égales, complétées par « +1 € par votant »"),
    "mes-add1-greedy": _l("Parts égales « +1 », puis le reste par nombre de voix"),
    "mes-add1-nostop": _l("Parts égales « +1 » jusqu'à épuisement (variante de Wieliczka)"),
}
CHANNEL_LABELS = {"web": _l("en ligne"), "paper": _l("sur papier"), "session": _l("en séance")}


def _options(pairs: Any) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


class BallotForm(FlaskForm):
    """The CSRF token of a ballot; the choices are read by `ballot_from_form`."""


def _int(value: str | None) -> int | None:
    text = (value or "").strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        return -1  # refused by the service with a message naming the option


def ballot_from_form(vote: Vote, data: Mapping[str, Any]) -> dict[str, Any]:
    """The ballot content posted by a casting form (see templates/votes/_ballot.html)."""
    if vote.kind in ("approval", "knapsack"):
        getlist = getattr(data, "getlist", None)
        return {"approve": list(getlist("approve")) if getlist else list(data.get("approve", []))}
    if vote.kind == "cumulative":
        points: dict[str, Any] = {}
        for option in vote.options:
            raw = (data.get(f"points-{option.id}") or "").strip()
            if raw:
                points[str(option.id)] = raw
        return {"points": points}
    if vote.kind == "ranking":
        by_rank: dict[int, int] = {}
        for option in vote.options:
            rank = _int(data.get(f"rank-{option.id}"))
            if rank is None:
                continue
            if rank < 1:
                raise DomainError([("rank", _("Un rang est un nombre entier à partir de 1."))])
            if rank in by_rank:
                raise DomainError(
                    [("rank", _("Deux options ont le rang %(rank)s : donnez à chacune un rang différent.", rank=rank))]
                )
            by_rank[rank] = option.id
        ranks = sorted(by_rank)
        if ranks and ranks != list(range(1, len(ranks) + 1)):
            missing = next(rank for rank in range(1, len(ranks) + 1) if rank not in by_rank)
            raise DomainError([("rank", _("Le rang %(rank)s manque : numérotez vos choix 1, 2, 3…", rank=missing))])
        return {"rank": [by_rank[rank] for rank in ranks]}
    choice = (data.get("choice") or "").strip()
    if choice == "abstain":
        return {"abstain": True}
    return {"choice": choice or None}


class ReceiptForm(FlaskForm):
    receipt = StringField(
        _l("Code du reçu"),
        validators=[DataRequired(_l("Recopiez le code de votre reçu.")), Length(max=40)],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
    )


class EmailReceiptForm(FlaskForm):
    receipt = HiddenField(validators=[DataRequired(), Length(max=40)])


class PaperBallotForm(FlaskForm):
    """Who the ballot is for: an account (by its email) or the identity document shown at the desk."""

    voter_email = EmailField(_l("Adresse e-mail du compte du votant"), validators=[Optional(), Length(max=254)])
    document_type = SelectField(_l("Pièce d'identité présentée"), choices=[], validators=[Optional()])
    document_number = StringField(_l("Numéro de la pièce"), validators=[Optional(), Length(max=40)])
    voter_name = StringField(_l("Nom du votant (votes publics seulement)"), validators=[Optional(), Length(max=120)])
    channel = SelectField(_l("Canal"), choices=[])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.document_type.choices = _options([("", _("— aucune, le votant a un compte —")), *DOCUMENT_LABELS.items()])
        self.channel.choices = _options([("paper", _("Bulletin papier")), ("session", _("Vote en séance"))])

    def validate(self, extra_validators: Any = None) -> bool:
        # Not an inline validator: Optional() on an empty field would stop the chain before it.
        valid = super().validate(extra_validators)
        if not self.voter_email.data and not (self.document_type.data and self.document_number.data):
            self.voter_email.errors = [
                *self.voter_email.errors,
                _("Indiquez le compte du votant, ou sa pièce d'identité (type et numéro)."),
            ]
            return False
        if self.voter_email.data and self.document_type.data:
            self.voter_email.errors = [
                *self.voter_email.errors,
                _("Indiquez le compte ou la pièce d'identité, pas les deux."),
            ]
            return False
        return valid


def _local(value: datetime | None) -> datetime | None:
    """A time typed in the city's zone, as an aware UTC datetime."""
    if value is None:
        return None
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Europe/Paris"))
    return value.replace(tzinfo=zone).astimezone(UTC)


def local_input(value: datetime | None) -> datetime | None:
    """An aware UTC datetime as the naive local time a datetime-local field shows."""
    if value is None:
        return None
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Europe/Paris"))
    return value.astimezone(zone).replace(tzinfo=None)


def parse_options(text: str) -> list[OptionSpec]:
    """One option a line: "Label" or "Label ; cost" (a cost in euros, decimal comma or point)."""
    options = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        label, _sep, cost_text = line.partition(";")
        cost = None
        if cost_text.strip():
            try:
                cost = Decimal(cost_text.strip().replace(" ", "").replace("\u202f", "").replace(",", "."))
            except InvalidOperation:
                raise DomainError(
                    [
                        (
                            "options",
                            _(
                                "Ligne %(line)s : « %(cost)s » n'est pas un montant.",
                                line=number,
                                cost=cost_text.strip(),
                            ),
                        )
                    ]
                ) from None
            if not cost.is_finite():
                raise DomainError([("options", _("Ligne %(line)s : le montant est invalide.", line=number))])
        options.append(OptionSpec(label=label.strip(), cost=cost))
    return options


def format_options(vote: Vote) -> str:
    return "\n".join(
        f"{option.label} ; {option.cost}" if option.cost is not None else option.label for option in vote.options
    )


def _positive_int(label: Any) -> IntegerField:
    return IntegerField(label, validators=[Optional(), NumberRange(min=0, message=_l("Un nombre positif."))])


class VoteForm(FlaskForm):
    title = StringField(_l("Titre"), validators=[DataRequired(_l("Donnez un titre au vote.")), Length(max=200)])
    description = TextAreaField(_l("Description (Markdown)"), validators=[Optional(), Length(max=20000)])
    kind = SelectField(_l("Type de bulletin"), choices=[])
    options = TextAreaField(
        _l("Options, une par ligne"), validators=[DataRequired(_l("Indiquez au moins deux options."))]
    )
    public = BooleanField(_l("Vote public : le choix de chaque votant est publié avec son nom"))
    opens_at = DateTimeLocalField(_l("Ouverture"), validators=[Optional()], format="%Y-%m-%dT%H:%M")
    closes_at = DateTimeLocalField(_l("Clôture"), validators=[Optional()], format="%Y-%m-%dT%H:%M")
    eligibility = SelectField(_l("Qui peut voter"), choices=[])
    district_ids = SelectMultipleField(_l("Arrondissements"), choices=[], coerce=int, validate_choice=True)
    quartier_ids = SelectMultipleField(_l("Quartiers"), choices=[], coerce=int, validate_choice=True)
    min_choices = _positive_int(_l("Nombre minimum d'options à choisir"))
    max_choices = _positive_int(_l("Nombre maximum d'options à choisir"))
    budget = DecimalField(
        _l("Budget (€)"), places=2, validators=[Optional(), NumberRange(min=0, message=_l("Un montant positif."))]
    )
    min_share = IntegerField(
        _l("Part minimale du budget à dépenser (%)"),
        validators=[Optional(), NumberRange(min=0, max=100, message=_l("Entre 0 et 100."))],
    )
    points_per_option = _positive_int(_l("Points au plus par option"))
    points_total = _positive_int(_l("Points à répartir au total"))
    max_ranked = _positive_int(_l("Nombre d'options à classer au plus"))
    rank_points = StringField(_l("Points par rang (par exemple 3, 2, 1 ; vide = Borda)"), validators=[Optional()])
    allow_abstain = BooleanField(_l("L'abstention est possible"), default=True)
    quorum = _positive_int(_l("Quorum (nombre minimum de votants)"))
    majority = SelectField(_l("Majorité requise"), choices=[])
    rule = SelectField(_l("Règle de dépouillement"), choices=[])

    def __init__(
        self,
        *args: Any,
        districts: Sequence[tuple[int, str]] = (),
        quartiers: Sequence[tuple[str, list[tuple[int, str]]]] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = _options(KIND_LABELS.items())
        # An explicit list is set by the area that owns the vote (the members present in a session).
        self.eligibility.choices = _options((key, label) for key, label in ELIGIBILITY_LABELS.items() if key != "list")
        self.majority.choices = _options(MAJORITY_LABELS.items())
        self.rule.choices = _options((rule, RULE_LABELS[rule]) for rule in RULES)
        self.district_ids.choices = _options(districts)
        self.quartier_ids.choices = [
            SelectChoice(value, label, optgroup=group) for group, items in quartiers for value, label in items
        ]

    def validate_rank_points(self, field: Any) -> None:
        text = (field.data or "").strip()
        if text and not all(part.strip().isdigit() for part in text.split(",")):
            raise ValidationError(_("Des nombres entiers séparés par des virgules, par exemple 3, 2, 1."))

    def settings(self) -> dict[str, Any]:
        """The form as `create_vote`/`update_vote` keyword arguments (options may raise DomainError)."""
        rank_text = (self.rank_points.data or "").strip()
        return {
            "title": self.title.data or "",
            "kind": self.kind.data,
            "options": parse_options(self.options.data or ""),
            "description": self.description.data or "",
            "secret": not self.public.data,
            "opens_at": _local(self.opens_at.data),
            "closes_at": _local(self.closes_at.data),
            "eligibility": self.eligibility.data,
            "district_ids": self.district_ids.data or [],
            "quartier_ids": self.quartier_ids.data or [],
            "min_choices": self.min_choices.data,
            "max_choices": self.max_choices.data,
            "budget": self.budget.data,
            "min_share": self.min_share.data,
            "points_per_option": self.points_per_option.data,
            "points_total": self.points_total.data,
            "max_ranked": self.max_ranked.data,
            "rank_points": [int(part) for part in rank_text.split(",")] if rank_text else None,
            "allow_abstain": bool(self.allow_abstain.data),
            "quorum": self.quorum.data,
            "majority": self.majority.data,
            "rule": self.rule.data,
        }

    def fill_from(self, vote: Vote) -> None:
        for name in (
            "title",
            "description",
            "kind",
            "eligibility",
            "district_ids",
            "quartier_ids",
            "min_choices",
            "max_choices",
            "budget",
            "min_share",
            "points_per_option",
            "points_total",
            "max_ranked",
            "allow_abstain",
            "quorum",
            "majority",
            "rule",
        ):
            getattr(self, name).data = getattr(vote, name)
        self.options.data = format_options(vote)
        self.public.data = not vote.secret
        self.opens_at.data = local_input(vote.opens_at)
        self.closes_at.data = local_input(vote.closes_at)
        self.rank_points.data = ", ".join(str(p) for p in vote.rank_points) if vote.rank_points else ""
