"""Forms of the assemblies area. Simple actions (a dot, a side, a moderation button) post plain
fields that the services check; these are the forms with text to validate."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateTimeLocalField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.assemblies.services.qa import MAX_QUESTION_LENGTH
from app.assemblies.services.wall import MAX_NOTE_LENGTH
from app.core.forms import pairs

COLOUR_LABELS = {
    "yellow": _l("Jaune"),
    "pink": _l("Rose"),
    "blue": _l("Bleu"),
    "green": _l("Vert"),
    "orange": _l("Orange"),
}


class CodeForm(FlaskForm):
    code = StringField(
        _l("Code de la séance"), validators=[DataRequired(_l("Saisissez le code affiché dans la salle."))]
    )


class JoinForm(FlaskForm):
    pseudonym = StringField(
        _l("Votre pseudonyme"), validators=[Optional(), Length(max=40, message=_l("40 caractères au plus."))]
    )


class NoteForm(FlaskForm):
    column_id = SelectField(_l("Colonne"), coerce=int, validate_choice=False)
    text = TextAreaField(
        _l("Votre idée"),
        validators=[
            DataRequired(_l("Écrivez votre idée avant de l'envoyer.")),
            Length(max=MAX_NOTE_LENGTH, message=_l("%(max)s caractères au plus.", max=MAX_NOTE_LENGTH)),
        ],
    )
    colour = RadioField(_l("Couleur"), choices=pairs(COLOUR_LABELS.items()), default="yellow")


class QuestionForm(FlaskForm):
    text = TextAreaField(
        _l("Votre question"),
        validators=[
            DataRequired(_l("Écrivez votre question.")),
            Length(max=MAX_QUESTION_LENGTH, message=_l("%(max)s caractères au plus.", max=MAX_QUESTION_LENGTH)),
        ],
    )


class AssemblyForm(FlaskForm):
    title = StringField(_l("Titre"), validators=[DataRequired(_l("Donnez un titre à l'assemblée.")), Length(max=200)])
    description = TextAreaField(_l("Présentation"), validators=[Optional(), Length(max=5000)])


class SessionForm(FlaskForm):
    title = StringField(
        _l("Titre de la séance"), validators=[DataRequired(_l("Donnez un titre à la séance.")), Length(max=200)]
    )
    starts_at = DateTimeLocalField(
        _l("Début"), format="%Y-%m-%dT%H:%M", validators=[InputRequired(_l("Indiquez le début."))]
    )
    ends_at = DateTimeLocalField(_l("Fin"), format="%Y-%m-%dT%H:%M", validators=[InputRequired(_l("Indiquez la fin."))])
    identity = SelectField(
        _l("Participation"),
        choices=pairs([("pseudonym", _l("Avec un simple pseudonyme")), ("account", _l("Avec un compte Parvis"))]),
    )
    moderation = SelectField(
        _l("Modération"),
        choices=pairs(
            [
                ("none", _l("Aucune (seul le filtre de mots retient des notes)")),
                ("post", _l("Après affichage")),
                ("pre", _l("Avant affichage")),
            ]
        ),
        default="post",
    )
    dot_budget = IntegerField(_l("Points par personne et par mur"), default=5, validators=[NumberRange(0, 50)])
    max_notes = IntegerField(_l("Notes par personne et par mur, au plus"), default=10, validators=[NumberRange(1, 100)])
    note_interval = IntegerField(
        _l("Secondes entre deux notes d'une même personne"), default=10, validators=[NumberRange(0, 600)]
    )


class ActivityForm(FlaskForm):
    kind = SelectField(
        _l("Activité"),
        choices=pairs(
            [("wall", _l("Mur de post-it")), ("debate", _l("Débat mouvant")), ("qa", _l("Questions aux élus"))]
        ),
    )
    title = StringField(_l("Titre"), validators=[DataRequired(_l("Donnez un titre à l'activité.")), Length(max=200)])
    statement = TextAreaField(_l("Affirmation (débat)"), validators=[Optional(), Length(max=1000)])
    columns = TextAreaField(_l("Colonnes du mur, une par ligne"), validators=[Optional(), Length(max=2000)])
    private_writing = BooleanField(_l("Écriture individuelle, puis dévoilement"))


class TitleForm(FlaskForm):
    title = StringField(_l("Titre"), validators=[DataRequired(_l("Donnez un titre.")), Length(max=120)])
