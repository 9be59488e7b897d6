"""Forms of the follow-up: they check the shape of the input; the rules live in services. Money is
typed in euros ("12 500,50") and kept as an exact Decimal; dates are days (JJ/MM/AAAA)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from app.accountability.models import STATUSES
from app.accountability.services.followups import ProjectInput
from app.budgets.models import THEME_LABELS, THEMES
from app.core.forms import FrenchDateField, MoneyField, NumberField, labelled, optional_int, pairs

STATUS_LABELS = {
    "planned": _l("Prévu"), "study": _l("À l'étude"), "works": _l("Travaux en cours"), "delivered": _l("Livré"),
    "cancelled": _l("Abandonné"),
}  # fmt: skip
SOURCE_LABELS = {"budget": _l("Budget participatif"), "city": _l("Décision de la ville")}
# How the history names each field a tracker changes.
FIELD_LABELS = {
    "status": _l("État"), "status_reason": _l("Raison de l'abandon"), "progress": _l("Avancement (%)"),
    "budget_voted": _l("Budget voté"), "budget_committed": _l("Montant engagé"), "budget_spent": _l("Montant dépensé"),
    "planned_start": _l("Début prévu"), "planned_end": _l("Fin prévue"), "started_on": _l("Début des travaux"),
    "delivered_on": _l("Date de livraison"), "service": _l("Service responsable"), "title": _l("Titre"),
    "description": _l("Description"), "planned_on": _l("Date prévue"), "done_on": _l("Date réelle"),
}  # fmt: skip
ZERO = Decimal("0.00")  # an amount left empty


def theme_choices(blank: str) -> list[Any]:
    return pairs([("", blank), *((key, THEME_LABELS[key]) for key in THEMES)])


class FilterForm(FlaskForm):
    """The overview's filters, in the query string (GET): no CSRF token, they change nothing."""

    class Meta:
        csrf = False

    edition = SelectField(_l("Édition"), coerce=optional_int, validate_choice=False)
    arrondissement = SelectField(_l("Arrondissement"), coerce=optional_int, validate_choice=False)
    quartier = SelectField(_l("Quartier"), coerce=optional_int, validate_choice=False)
    theme = SelectField(_l("Thème"), validate_choice=False)
    status = SelectField(_l("État"), validate_choice=False)
    late = BooleanField(_l("En retard seulement"))


class TrackingForm(FlaskForm):
    """What a tracker changes on a project: one form, so one save is one entry in the history."""

    status = SelectField(_l("État"), choices=labelled(STATUS_LABELS, STATUSES))
    status_reason = TextAreaField(
        _l("Raison de l'abandon (publique, pour l'état « Abandonné »)"), validators=[Length(max=5000)]
    )
    progress = NumberField(_l("Avancement (%)"), example=40)
    budget_voted = MoneyField(_l("Budget voté (€)"))
    budget_committed = MoneyField(_l("Montant engagé (€)"))
    budget_spent = MoneyField(_l("Montant dépensé (€)"))
    planned_start = FrenchDateField(_l("Début prévu"), validators=[Optional()])
    planned_end = FrenchDateField(_l("Fin prévue"), validators=[Optional()])
    started_on = FrenchDateField(_l("Début des travaux"), validators=[Optional()])
    delivered_on = FrenchDateField(_l("Date de livraison"), validators=[Optional()])
    service = StringField(_l("Service responsable"), validators=[Length(max=120)])

    def changes(self, computed_progress: bool) -> dict[str, Any]:
        """The values typed, as `followups.track` takes them; an empty amount means zero."""
        values = {name: getattr(self, name).data for name in (
            "status", "status_reason", "planned_start", "planned_end", "started_on", "delivered_on", "service",
        )}  # fmt: skip
        values["status_reason"] = values["status_reason"] or ""
        values["service"] = values["service"] or ""
        for name in ("budget_voted", "budget_committed", "budget_spent"):
            value = getattr(self, name).data
            values[name] = value if value is not None else ZERO
        if not computed_progress:
            values["progress"] = self.progress.data if self.progress.data is not None else 0
        return values


class MilestoneForm(FlaskForm):
    title = StringField(_l("Étape"), validators=[DataRequired(_l("Donnez un titre à l'étape.")), Length(max=200)])
    planned_on = FrenchDateField(_l("Date prévue"), validators=[InputRequired(_l("Indiquez la date prévue."))])
    done_on = FrenchDateField(_l("Date réelle (une fois l'étape franchie)"), validators=[Optional()])
    description = TextAreaField(_l("Précisions (facultatif)"), validators=[Length(max=2000)])


class UpdateForm(FlaskForm):
    title = StringField(_l("Titre"), validators=[DataRequired(_l("Donnez un titre à l'actualité.")), Length(max=200)])
    body = TextAreaField(
        _l("Texte (Markdown : **gras**, *italique*, listes, liens)"),
        validators=[DataRequired(_l("Écrivez le texte de l'actualité.")), Length(max=20_000)],
    )
    photo = FileField(_l("Photo (facultatif)"))
    photo_alt = StringField(_l("Ce que montre la photo"), validators=[Length(max=200)])
    milestone_id = SelectField(_l("Étape illustrée (facultatif)"), coerce=optional_int, validate_choice=False)


class PhotoForm(FlaskForm):
    photo = FileField(_l("Photo"))
    alt = StringField(_l("Ce que montre la photo"), validators=[Length(max=200)])
    milestone_id = SelectField(_l("Étape illustrée (facultatif)"), coerce=optional_int, validate_choice=False)


class ProjectForm(FlaskForm):
    """A project funded outside the participatory budget, or a sub-project of a follow-up."""

    title = StringField(_l("Titre"), validators=[DataRequired(_l("Donnez un titre au projet.")), Length(max=200)])
    description = TextAreaField(_l("Description (Markdown)"), validators=[Length(max=20_000)])
    theme = SelectField(_l("Thème"), validate_choice=False)
    quartier_id = SelectField(_l("Quartier"), coerce=optional_int, validate_choice=False)
    service = StringField(_l("Service responsable"), validators=[Length(max=120)])
    budget_voted = MoneyField(_l("Budget voté (€)"))
    parent_id = NumberField(_l("Sous-projet du projet n° (facultatif)"), example=12)
    weight = NumberField(_l("Poids dans l'avancement du projet parent"), example=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.theme.choices = theme_choices(str(_l("Sans thème")))

    def to_input(self) -> ProjectInput:
        return ProjectInput(
            title=self.title.data or "",
            description=self.description.data or "",
            theme=self.theme.data if self.theme.data in THEMES else "",
            quartier_id=self.quartier_id.data,
            service=self.service.data or "",
            budget_voted=self.budget_voted.data if self.budget_voted.data is not None else ZERO,
            parent_id=self.parent_id.data,
            weight=self.weight.data if self.weight.data is not None else 1,
        )


class TrackerForm(FlaskForm):
    email = StringField(
        _l("Adresse e-mail du compte"), validators=[DataRequired(_l("Indiquez l'adresse du compte.")), Length(max=254)]
    )
    scope = SelectField(_l("Pour"), validate_choice=False)


class CsvForm(FlaskForm):
    file = FileField(_l("Fichier CSV"))


class RatingForm(FlaskForm):
    stars = SelectField(
        _l("Votre note"),
        coerce=optional_int,
        choices=pairs([(5, _l("5 — très satisfait")), (4, "4"), (3, "3"), (2, "2"), (1, _l("1 — très déçu"))]),
    )
    comment = TextAreaField(_l("Votre commentaire (facultatif)"), validators=[Length(max=2000)])


class ConfirmForm(FlaskForm):
    """Only the CSRF token: follow, unfollow, remove."""
