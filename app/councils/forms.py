"""Forms of the councils area: they check the shape of the input; the rules live in services.
Dates are typed in the city's time zone (Europe/Paris) and stored in UTC."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    EmailField,
    SearchField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.core.forms import FrenchDateField, LocalDateTimeField, NumberField, labelled, optional_int, pairs
from app.councils.models import ACTION_STATUSES, BODY_KINDS, JOINING, MOTION_METHODS, POSITIONS, SESSION_MODES

KIND_LABELS = {"council": _l("Conseil citoyen"), "ciq": _l("Comité d'intérêt de quartier (CIQ)")}
JOINING_LABELS = {
    "open": _l("Ouverte : chacun adhère librement"),
    "request": _l("Sur demande, acceptée par la modération"),
}
POSITION_LABELS = {
    "president": _l("Président·e"),
    "secretary": _l("Secrétaire"),
    "treasurer": _l("Trésorier·e"),
    "member": _l("Membre"),
}
MODE_LABELS = {"in_person": _l("En salle"), "online": _l("En ligne"), "hybrid": _l("En salle et en ligne")}
METHOD_LABELS = {
    "hands": _l("À main levée (je saisis le décompte)"),
    "electronic": _l("Vote électronique des membres présents"),
}
ACTION_STATUS_LABELS = {
    "open": _l("À faire"),
    "in_progress": _l("En cours"),
    "done": _l("Fait"),
    "dropped": _l("Abandonné"),
}
ATTENDANCE_LABELS = {"present": _l("Présent·e"), "excused": _l("Excusé·e"), "absent": _l("Absent·e")}
CHOICE_LABELS = {"for": _l("Pour"), "against": _l("Contre"), "abstain": _l("Abstention")}


class SearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form: bookmarkable, no secret in the URL

    q = SearchField(_l("Nom ou quartier"), validators=[Optional(), Length(max=100)])
    kind = SelectField(
        _l("Type"), choices=[SelectChoice("", _l("Tous")), *labelled(KIND_LABELS, BODY_KINDS)], validators=[Optional()]
    )
    district = SelectField(_l("Arrondissement"), coerce=optional_int, choices=[], validate_choice=False)
    quartier = SelectField(_l("Quartier"), coerce=optional_int, choices=[], validate_choice=False)


class BodyForm(FlaskForm):
    name = StringField(_l("Nom"), validators=[DataRequired(_l("Donnez un nom à l'instance.")), Length(max=160)])
    kind = SelectField(_l("Type"), choices=labelled(KIND_LABELS, BODY_KINDS))
    purpose = TextAreaField(_l("Objet et fonctionnement"), validators=[Length(max=10_000)])
    joining = SelectField(_l("Adhésion"), choices=labelled(JOINING_LABELS, JOINING))
    contact_email = EmailField(_l("Adresse de contact (facultative)"), validators=[Optional(), Length(max=254)])
    quartier_ids = SelectMultipleField(_l("Quartiers couverts"), coerce=int, choices=[], validate_choice=False)


class JoinForm(FlaskForm):
    message = TextAreaField(_l("Un mot pour la modération (facultatif)"), validators=[Length(max=1000)])
    show_name = BooleanField(_l("J'accepte que mon nom apparaisse dans la liste publique des membres"))


class DecisionForm(FlaskForm):
    message = TextAreaField(_l("Message à la personne"), validators=[Length(max=1000)])


class PositionForm(FlaskForm):
    position = SelectField(_l("Fonction"), choices=labelled(POSITION_LABELS, POSITIONS))


class SessionForm(FlaskForm):
    title = StringField(_l("Titre"), validators=[DataRequired(_l("Donnez un titre à la séance.")), Length(max=160)])
    starts_at = LocalDateTimeField(_l("Début"), validators=[InputRequired(_l("Indiquez la date et l'heure de début."))])
    ends_at = LocalDateTimeField(_l("Fin"), validators=[InputRequired(_l("Indiquez la date et l'heure de fin."))])
    mode = SelectField(_l("Où"), choices=labelled(MODE_LABELS, SESSION_MODES))
    place = StringField(_l("Adresse de la salle"), validators=[Length(max=200)])
    online_url = URLField(_l("Lien de la réunion en ligne"), validators=[Length(max=500)])
    seat_limit = NumberField(
        _l("Nombre de places"),
        validators=[Optional(), NumberRange(min=1, max=100_000, message=_l("De 1 à 100 000 places."))],
    )
    description = TextAreaField(_l("Présentation"), validators=[Length(max=10_000)])


class CancelForm(FlaskForm):
    reason = TextAreaField(_l("Raison de l'annulation"), validators=[Length(max=1000)])


class AgendaItemForm(FlaskForm):
    title = StringField(_l("Point"), validators=[DataRequired(_l("Donnez un titre au point.")), Length(max=200)])
    duration_minutes = NumberField(_l("Durée prévue (minutes)"), default=10)
    description = TextAreaField(_l("Précisions"), validators=[Length(max=5000)])


class DocumentForm(FlaskForm):
    title = StringField(
        _l("Titre du document"), validators=[DataRequired(_l("Donnez un titre au document.")), Length(max=160)]
    )
    file = FileField(_l("Fichier (PDF ou image, 10 Mo au plus)"))


class GuestsForm(FlaskForm):
    guests = NumberField(_l("Personnes non membres présentes"), default=0)


class MotionForm(FlaskForm):
    title = StringField(
        _l("Intitulé"), validators=[DataRequired(_l("Donnez un intitulé à la motion.")), Length(max=200)]
    )
    text = TextAreaField(_l("Texte soumis au vote"), validators=[Length(max=10_000)])
    method = SelectField(_l("Mode de vote"), choices=labelled(METHOD_LABELS, MOTION_METHODS))
    secret = BooleanField(_l("Vote secret (vote électronique seulement)"))
    agenda_item_id = SelectField(_l("Point de l'ordre du jour"), coerce=optional_int, choices=[], validate_choice=False)


class HandsForm(FlaskForm):
    votes_for = NumberField(_l("Pour"))
    votes_against = NumberField(_l("Contre"))
    abstentions = NumberField(_l("Abstentions"), default=0)
    decision = TextAreaField(_l("Texte de la décision"), validators=[Length(max=10_000)])


class CloseVoteForm(FlaskForm):
    decision = TextAreaField(_l("Texte de la décision"), validators=[Length(max=10_000)])


class CastForm(FlaskForm):
    choice = SelectField(_l("Votre vote"), choices=pairs(CHOICE_LABELS.items()))


class MinutesForm(FlaskForm):
    text = TextAreaField(_l("Compte rendu (Markdown)"), validators=[Length(max=100_000)])


class ActionForm(FlaskForm):
    title = StringField(
        _l("Action"), validators=[DataRequired(_l("Décrivez l'action en quelques mots.")), Length(max=200)]
    )
    owner = StringField(
        _l("Qui s'en charge"),
        validators=[
            DataRequired(_l("Indiquez qui s'en charge (une personne, un service, le bureau…).")),
            Length(max=120),
        ],
    )
    due_on = FrenchDateField(_l("Échéance"), validators=[Optional()])
    status = SelectField(_l("État"), choices=labelled(ACTION_STATUS_LABELS, ACTION_STATUSES))
    note = TextAreaField(_l("Où en est-on"), validators=[Length(max=5000)])
    motion_id = SelectField(_l("Décision d'origine"), coerce=optional_int, choices=[], validate_choice=False)
