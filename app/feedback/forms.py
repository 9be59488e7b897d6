"""Forms of the feedback area: they check the shape of the input; the rules live in services. The
service and its category are one choice ("topic"), grouped by service, so the form needs no script
to offer a service's categories."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, EmailField, RadioField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from app.core.forms import NumberField, grouped, labelled, optional_int
from app.feedback.labels import (
    ANSWER_BY_LABELS,
    CHANNEL_LABELS,
    CRITICALITY_LABELS,
    SCORE_LABELS,
    STATUS_LABELS,
)
from app.feedback.models import (
    ANSWER_BY,
    CRITICALITIES,
    STAFF_CHANNELS,
    STATUSES,
    Service,
)

TOPIC_SEPARATOR = "|"


def topic_choices(services: list[Service]) -> list[SelectChoice]:
    """Each service's categories under its name, then "other" for the service itself."""
    groups = []
    for service in services:
        options = [(f"{service.id}{TOPIC_SEPARATOR}{name}", name) for name in service.category_list]
        options.append((f"{service.id}{TOPIC_SEPARATOR}", str(_l("Autre (%(service)s)", service=service.name))))
        groups.append((service.name, options))
    return [SelectChoice("", _l("Choisissez…")), *grouped(groups)]


def parse_topic(value: str | None) -> tuple[int | None, str]:
    """("12|Nid-de-poule") -> (12, "Nid-de-poule"); anything else gives no service."""
    service, _sep, category = (value or "").partition(TOPIC_SEPARATOR)
    return (int(service), category) if service.isdigit() else (None, "")


class _ItemFields(FlaskForm):
    topic = SelectField(_l("Service et sujet"), choices=[], validate_choice=False)
    quartier_id = SelectField(_l("Quartier"), coerce=optional_int, choices=[], validate_choice=False)
    address = StringField(_l("Adresse ou lieu précis (facultatif)"), validators=[Length(max=200)])
    text = TextAreaField(
        _l("Ce qui ne va pas"),
        validators=[DataRequired(_l("Décrivez le problème.")), Length(max=5000)],
    )


class ReportForm(_ItemFields):
    """The public web form. The contact fields are asked only of visitors who are not signed in."""

    photo = FileField(_l("Photo (facultative : PNG, JPEG, GIF ou WebP, 5 Mo au plus)"))
    contact_name = StringField(_l("Votre nom (facultatif)"), validators=[Length(max=120)])
    contact_email = EmailField(
        _l("Votre adresse électronique, pour recevoir la réponse"),
        validators=[Optional(), Email(_l("Cette adresse électronique n'est pas valable.")), Length(max=254)],
    )


class StaffEntryForm(_ItemFields):
    """What came by phone, at a counter, from the field or by post, entered by staff."""

    channel = SelectField(_l("Arrivé par"), choices=labelled(CHANNEL_LABELS, STAFF_CHANNELS))
    resident_email = EmailField(
        _l("Adresse du compte de la personne, si elle en a un"),
        validators=[Optional(), Email(_l("Cette adresse électronique n'est pas valable.")), Length(max=254)],
    )
    contact_name = StringField(_l("Nom de la personne"), validators=[Length(max=120)])
    answer_by = SelectField(_l("Lui répondre"), choices=labelled(ANSWER_BY_LABELS, ANSWER_BY))
    contact_email = EmailField(
        _l("Adresse électronique"),
        validators=[Optional(), Email(_l("Cette adresse électronique n'est pas valable.")), Length(max=254)],
    )
    contact_phone = StringField(_l("Téléphone"), validators=[Length(max=40)])
    contact_postal = TextAreaField(_l("Adresse postale"), validators=[Length(max=500)])


class QueueForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form: bookmarkable filters

    service = SelectField(_l("Service"), coerce=optional_int, choices=[], validate_choice=False)
    status = SelectField(
        _l("État"),
        choices=[
            SelectChoice("open", _l("Ouverts")),
            SelectChoice("all", _l("Tous")),
            *labelled(STATUS_LABELS, STATUSES),
        ],
        validate_choice=False,
    )
    criticality = SelectField(
        _l("Criticité"),
        choices=[SelectChoice("", _l("Toutes")), *labelled(CRITICALITY_LABELS, CRITICALITIES)],
        validate_choice=False,
    )
    quartier = SelectField(_l("Quartier"), coerce=optional_int, choices=[], validate_choice=False)
    mine = BooleanField(_l("Seulement ceux qui me sont attribués"))
    late = BooleanField(_l("Seulement ceux en retard"))


class CriticalityForm(FlaskForm):
    criticality = SelectField(_l("Criticité"), choices=labelled(CRITICALITY_LABELS, CRITICALITIES))


class AssignForm(FlaskForm):
    assignee_id = SelectField(_l("Attribué à"), coerce=optional_int, choices=[], validate_choice=False)


class StatusForm(FlaskForm):
    status = SelectField(_l("Nouvel état"), choices=[], validate_choice=False)
    reason = TextAreaField(
        _l("Raison (obligatoire pour un rejet, lue par les personnes)"), validators=[Length(max=2000)]
    )


class AnswerForm(FlaskForm):
    body = TextAreaField(
        _l("Réponse aux personnes qui l'ont signalé"),
        validators=[DataRequired(_l("Écrivez la réponse.")), Length(max=5000)],
    )


class DuplicateForm(FlaskForm):
    # No DataRequired: it would replace "not a number" by "required"; the view asks for a number.
    primary_id = NumberField(_l("Numéro du signalement principal"), example=42)


class ServiceForm(FlaskForm):
    name = StringField(_l("Nom"), validators=[DataRequired(_l("Donnez le nom du service.")), Length(max=120)])
    slug = StringField(_l("Identifiant (rôle des agents et adresses)"), validators=[Length(max=60)])
    categories = TextAreaField(_l("Catégories, une par ligne"), validators=[Length(max=5000)])
    target_days = NumberField(_l("Délai de traitement (jours)"), example=15)
    urgent_ack_hours = NumberField(_l("Délai de prise en compte d'une urgence (heures)"), example=4)
    manager_email = EmailField(
        _l("Adresse du ou de la responsable (alertes de retard)"),
        validators=[Optional(), Email(_l("Cette adresse électronique n'est pas valable.")), Length(max=254)],
    )
    active = BooleanField(_l("Proposé aux habitants"), default=True)


class SurveyForm(FlaskForm):
    score = RadioField(_l("Votre note"), choices=labelled(SCORE_LABELS, SCORE_LABELS), validate_choice=False)
    comment = TextAreaField(_l("Un commentaire (facultatif)"), validators=[Length(max=2000)])


class SessionSurveyForm(FlaskForm):
    session_id = SelectField(_l("Séance"), coerce=optional_int, choices=[], validate_choice=False)
