"""Forms of the budgets area: they check the shape of the input; the rules live in services.
Dates are typed in the city's time zone and stored in UTC; money is typed in euros ("12 500,50")
and kept as an exact Decimal."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    IntegerField,
    SearchField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import HiddenInput

from app.budgets.models import (
    ALIGNMENTS,
    BALLOT_KINDS,
    ENVELOPE_SCOPES,
    PHASE_KINDS,
    PUBLIC_STATUSES,
    REPORT_REASONS,
    SUPPORT_LEADS_TO,
    THEME_LABELS,
    THEMES,
    VOTING_SCOPES,
)
from app.budgets.services.proposals import SORTS
from app.core.forms import LocalDateTimeField, MoneyField, NumberField, labelled, optional_int, pairs, to_utc
from app.votes.models import RULES

STATUS_LABELS = {
    "draft": _l("Brouillon"), "submitted": _l("Déposé"), "feasible": _l("Réalisable"),
    "unfeasible": _l("Non réalisable"), "merged": _l("Regroupé"), "withdrawn": _l("Retiré"),
    "not_preselected": _l("Non présélectionné"), "selected": _l("Soumis au vote"), "funded": _l("Lauréat"),
    "not_funded": _l("Non retenu au vote"),
}  # fmt: skip
PHASE_LABELS = {
    "submission": _l("Dépôt des projets"), "review": _l("Instruction par les services"),
    "support": _l("Soutiens (présélection)"), "voting": _l("Vote"), "results": _l("Résultats"),
    "followup": _l("Suivi des réalisations"),
}  # fmt: skip
SCOPE_LABELS = {"city": _l("Toute la ville"), "sector": _l("Un secteur"), "district": _l("Un arrondissement")}
BALLOT_LABELS = {
    "approval": _l("Choix de projets (nombre minimum et maximum)"),
    "knapsack": _l("Panier dans la limite du montant de l'enveloppe"),
}
VOTING_SCOPE_LABELS = {
    "own_and_city": _l("L'enveloppe de son secteur ou arrondissement et celle de toute la ville"),
    "own": _l("L'enveloppe de son secteur ou arrondissement seulement"),
    "all": _l("Toutes les enveloppes"),
}
LEADS_TO_LABELS = {
    "review": _l("Les plus soutenus sont instruits par les services"),
    "vote": _l("Les plus soutenus parmi les projets réalisables vont au vote"),
}
RULE_LABELS = {
    "greedy": _l("Les plus votés d'abord, tant que le montant le permet"),
    "mes": _l("Méthode des parts égales"),
    "mes-add1": _l("Méthode des parts égales, budget individuel augmenté jusqu'à épuisement"),
    "mes-add1-greedy": _l("Méthode des parts égales augmentée, puis les plus votés pour le reste"),
    "mes-add1-nostop": _l("Méthode des parts égales augmentée sans arrêt anticipé"),
}
DECISION_LABELS = {
    "feasible": _l("Jugé réalisable"), "unfeasible": _l("Jugé non réalisable"), "cost": _l("Coût réévalué"),
    "merge": _l("Regroupement"), "move": _l("Changement d'enveloppe"), "preselection": _l("Non présélectionné"),
    "selection": _l("Soumis au vote"), "reopen": _l("Instruction rouverte"),
}  # fmt: skip
ALIGNMENT_LABELS = {"for": _l("Pour"), "against": _l("Contre"), "neutral": _l("Neutre")}
REPORT_LABELS = {
    "offensive": _l("Propos injurieux ou haineux"), "spam": _l("Publicité ou spam"),
    "personal_data": _l("Données personnelles d'un tiers"), "off_topic": _l("Hors sujet"), "other": _l("Autre raison"),
}  # fmt: skip
SORT_LABELS = {
    "recent": _l("Les plus récents"), "supports": _l("Les plus soutenus"), "cost_asc": _l("Coût croissant"),
    "cost_desc": _l("Coût décroissant"), "title": _l("Titre (A à Z)"),
}  # fmt: skip


class SearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form: bookmarkable, no secret in the URL

    q = SearchField(_l("Mots du titre ou de la description"), validators=[Optional(), Length(max=100)])
    envelope = SelectField(_l("Enveloppe"), coerce=optional_int, choices=[], validate_choice=False)
    theme = SelectField(
        _l("Thème"), choices=[SelectChoice("", _l("Tous")), *labelled(THEME_LABELS, THEMES)], validate_choice=False
    )
    quartier = SelectField(_l("Quartier"), coerce=optional_int, choices=[], validate_choice=False)
    status = SelectField(
        _l("État"),
        choices=[SelectChoice("", _l("Tous")), *labelled(STATUS_LABELS, PUBLIC_STATUSES)],
        validate_choice=False,
    )
    sort = SelectField(_l("Trier par"), choices=labelled(SORT_LABELS, SORTS), validate_choice=False)


class EditionForm(FlaskForm):
    title = StringField(_l("Titre"), validators=[DataRequired(_l("Donnez un titre à l'édition.")), Length(max=200)])
    slug = StringField(_l("Identifiant dans les adresses (facultatif)"), validators=[Optional(), Length(max=60)])
    year = NumberField(_l("Année"), example=2027, validators=[DataRequired(_l("Indiquez l'année."))])
    description = TextAreaField(_l("Présentation"), validators=[Length(max=20_000)])
    unverified_may_propose = BooleanField(_l("Les comptes non vérifiés peuvent déposer un projet"))
    unverified_may_support = BooleanField(_l("Les comptes non vérifiés peuvent soutenir un projet"))
    support_limit = NumberField(_l("Nombre de projets que chacun peut soutenir (vide : pas de soutiens)"))
    support_pass_count = NumberField(_l("Nombre de projets retenus par enveloppe à l'issue des soutiens"))
    support_leads_to = SelectField(_l("Les soutiens décident"), choices=labelled(LEADS_TO_LABELS, SUPPORT_LEADS_TO))
    show_support_counts = BooleanField(_l("Afficher le nombre de soutiens de chaque projet"), default=True)
    voting_scope = SelectField(_l("Chacun vote dans"), choices=labelled(VOTING_SCOPE_LABELS, VOTING_SCOPES))
    rule = SelectField(_l("Règle de désignation des lauréats"), choices=labelled(RULE_LABELS, RULES))
    show_counts_during_vote = BooleanField(_l("Afficher les voix de chaque projet pendant le vote"))


class PhasesForm(FlaskForm):
    """Opening and closing of each phase; the fields are named `<kind>_starts` and `<kind>_ends`."""

    def dates(self) -> dict[str, tuple[datetime | None, datetime | None]]:
        return {kind: (to_utc(self[f"{kind}_starts"].data), to_utc(self[f"{kind}_ends"].data)) for kind in PHASE_KINDS}


for _kind in PHASE_KINDS:
    setattr(PhasesForm, f"{_kind}_starts", LocalDateTimeField(_l("Ouverture"), validators=[Optional()]))
    setattr(PhasesForm, f"{_kind}_ends", LocalDateTimeField(_l("Clôture"), validators=[Optional()]))


class EnvelopeForm(FlaskForm):
    name = StringField(_l("Nom"), validators=[DataRequired(_l("Donnez un nom à l'enveloppe.")), Length(max=160)])
    amount = MoneyField(_l("Montant (€)"))
    scope = SelectField(_l("Couvre"), choices=labelled(SCOPE_LABELS, ENVELOPE_SCOPES))
    sector_id = SelectField(_l("Secteur"), coerce=optional_int, choices=[], validate_choice=False)
    district_id = SelectField(_l("Arrondissement"), coerce=optional_int, choices=[], validate_choice=False)
    ballot_kind = SelectField(_l("Bulletin"), choices=labelled(BALLOT_LABELS, BALLOT_KINDS))
    min_choices = NumberField(_l("Nombre minimum de projets à choisir"))
    max_choices = NumberField(_l("Nombre maximum de projets à choisir"))
    min_share = NumberField(_l("Part minimale du montant à dépenser (%)"))
    position = NumberField(_l("Ordre d'affichage"), default=0)


class ProposalForm(FlaskForm):
    title = StringField(_l("Titre"), validators=[DataRequired(_l("Donnez un titre au projet.")), Length(max=160)])
    description = TextAreaField(_l("Description"), validators=[Length(max=20_000)])
    estimated_cost = MoneyField(_l("Coût estimé (€)"))
    theme = SelectField(_l("Thème"), choices=labelled(THEME_LABELS, THEMES))
    envelope_id = SelectField(_l("Enveloppe"), coerce=optional_int, choices=[], validate_choice=False)
    quartier_id = SelectField(_l("Quartier"), coerce=optional_int, choices=[], validate_choice=False)
    address = StringField(_l("Adresse ou lieu précis (facultatif)"), validators=[Optional(), Length(max=200)])


class ImageForm(FlaskForm):
    file = FileField(_l("Image (PNG, JPEG, GIF ou WebP, 5 Mo au plus)"))
    alt = StringField(
        _l("Ce que montre l'image (pour les personnes qui ne la voient pas)"), validators=[Length(max=200)]
    )


class CommentForm(FlaskForm):
    body = TextAreaField(_l("Votre commentaire"), validators=[Length(max=5000)])
    alignment = SelectField(_l("Votre avis sur le projet"), choices=labelled(ALIGNMENT_LABELS, ALIGNMENTS))
    parent_id = IntegerField(widget=HiddenInput(), validators=[Optional()])  # the comment replied to


class ReportForm(FlaskForm):
    reason = SelectField(_l("Raison"), choices=labelled(REPORT_LABELS, REPORT_REASONS))
    details = TextAreaField(_l("Précisions (facultatives)"), validators=[Length(max=2000)])


class ReasonForm(FlaskForm):
    reason = TextAreaField(_l("Raison (publique)"), validators=[Length(max=5000)])


class FeasibilityForm(FlaskForm):
    decision = SelectField(
        _l("Décision"), choices=pairs((("feasible", _l("Réalisable")), ("unfeasible", _l("Non réalisable"))))
    )
    cost = MoneyField(_l("Coût estimé par les services (€, facultatif)"))
    reason = TextAreaField(_l("Explication publique (obligatoire si non réalisable)"), validators=[Length(max=5000)])


class CostForm(FlaskForm):
    cost = MoneyField(_l("Nouveau coût (€)"))
    reason = TextAreaField(_l("Explication publique"), validators=[Length(max=5000)])


class MergeForm(FlaskForm):
    target_id = NumberField(_l("Numéro du projet qui le reprend"))
    reason = TextAreaField(_l("Explication publique"), validators=[Length(max=5000)])


class MoveForm(FlaskForm):
    envelope_id = SelectField(_l("Nouvelle enveloppe"), coerce=optional_int, choices=[], validate_choice=False)
    reason = TextAreaField(_l("Explication publique"), validators=[Length(max=5000)])
