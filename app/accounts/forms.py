"""Forms of the accounts area: they check the shape of the input; the rules live in services."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, Email, EqualTo, InputRequired, Length, Optional, ValidationError

from app.accounts.models import AGE_BANDS, GENDERS
from app.accounts.services.identity import DOCUMENT_LABELS
from app.core.forms import FrenchDateField, optional_int

GENDER_LABELS = {"femme": _l("Femme"), "homme": _l("Homme"), "autre": _l("Autre")}
AGE_BAND_LABELS = {
    "16-17": _l("16 ou 17 ans"),
    "18-24": _l("18 à 24 ans"),
    "25-34": _l("25 à 34 ans"),
    "35-49": _l("35 à 49 ans"),
    "50-64": _l("50 à 64 ans"),
    "65-79": _l("65 à 79 ans"),
    "80+": _l("80 ans et plus"),
}
LOCALE_LABELS = {"fr": "Français", "en": "English"}


def _optional(value: Any) -> Any:
    """Blank select options mean "no answer"."""
    return None if value in ("", None, "None") else value


def _choices(blank: Any, labels: dict[str, Any]) -> list[SelectChoice]:
    """A first blank choice, then one per key."""
    return [SelectChoice("", blank), *(SelectChoice(key, label) for key, label in labels.items())]


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _email_field(label: Any = None) -> EmailField:
    return EmailField(
        label or _l("Adresse e-mail"),
        filters=[_strip],
        validators=[
            DataRequired(_l("Saisissez votre adresse e-mail.")),
            Email(_l("Cette adresse e-mail n'est pas valide (exemple : prenom.nom@exemple.fr).")),
            Length(max=254, message=_l("Cette adresse est trop longue.")),
        ],
    )


class ListField(SelectField):
    """A select whose impossible answers (a tampered form, a page left open while the list
    changed) get a French message of our own."""

    def __init__(self, label: Any = None, invalid: Any = None, **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self.invalid_message = invalid or _l("Choisissez une réponse dans la liste.")

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(self.invalid_message) from error

    def pre_validate(self, form: Any) -> None:
        try:
            super().pre_validate(form)
        except ValidationError as error:
            raise ValidationError(self.invalid_message) from error


class QuartierField(ListField):
    """Quartiers grouped by arrondissement, with a first "not given" choice."""

    def __init__(self, label: Any = None, **kwargs: Any) -> None:
        super().__init__(
            label or _l("Quartier où vous habitez"),
            invalid=_l("Choisissez un quartier dans la liste."),
            coerce=optional_int,
            choices=[],
            **kwargs,
        )
        self.blank_label = _l("— Je ne précise pas —")

    def set_groups(self, groups: list[tuple[str, list[tuple[int, str]]]]) -> None:
        self.choices = [
            SelectChoice("", self.blank_label),
            *(SelectChoice(value, label, optgroup=group) for group, items in groups for value, label in items),
        ]


class LoginForm(FlaskForm):
    email = _email_field()
    password = PasswordField(_l("Mot de passe"), validators=[DataRequired(_l("Saisissez votre mot de passe."))])
    remember = BooleanField(_l("Rester connecté sur cet appareil"))
    next = HiddenField()


class RegisterForm(FlaskForm):
    email = _email_field()
    display_name = StringField(
        _l("Nom affiché"), validators=[DataRequired(_l("Choisissez le nom affiché à côté de vos contributions."))]
    )
    password = PasswordField(_l("Mot de passe"), validators=[DataRequired(_l("Choisissez un mot de passe."))])
    password_confirm = PasswordField(
        _l("Mot de passe, une seconde fois"),
        validators=[
            DataRequired(_l("Saisissez le mot de passe une seconde fois.")),
            EqualTo("password", _l("Les deux mots de passe ne sont pas identiques.")),
        ],
    )
    quartier_id = QuartierField(validators=[Optional()])


class ForgotPasswordForm(FlaskForm):
    email = _email_field()


class ResetPasswordForm(FlaskForm):
    password = PasswordField(
        _l("Nouveau mot de passe"), validators=[DataRequired(_l("Choisissez un nouveau mot de passe."))]
    )
    password_confirm = PasswordField(
        _l("Nouveau mot de passe, une seconde fois"),
        validators=[
            DataRequired(_l("Saisissez le mot de passe une seconde fois.")),
            EqualTo("password", _l("Les deux mots de passe ne sont pas identiques.")),
        ],
    )


class ProfileForm(FlaskForm):
    display_name = StringField(
        _l("Nom affiché"), validators=[DataRequired(_l("Choisissez le nom affiché à côté de vos contributions."))]
    )
    quartier_id = QuartierField(validators=[Optional()])
    locale = ListField(
        _l("Langue de l'interface"),
        coerce=_optional,
        choices=_choices(_l("Celle choisie en haut de page (français par défaut)"), LOCALE_LABELS),
    )


class DemographicsForm(FlaskForm):
    gender = ListField(
        _l("Genre"),
        coerce=_optional,
        choices=_choices(_l("— Je ne réponds pas —"), {key: GENDER_LABELS[key] for key in GENDERS}),
    )
    age_band = ListField(
        _l("Tranche d'âge"),
        coerce=_optional,
        choices=_choices(_l("— Je ne réponds pas —"), {key: AGE_BAND_LABELS[key] for key in AGE_BANDS}),
    )
    consent = BooleanField(
        _l(
            "J'accepte que ces réponses soient utilisées, uniquement de façon agrégée, pour mesurer qui participe. "
            "Je peux retirer mon accord à tout moment."
        )
    )


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Mot de passe actuel"), validators=[DataRequired(_l("Saisissez votre mot de passe actuel."))]
    )
    new_password = PasswordField(
        _l("Nouveau mot de passe"), validators=[DataRequired(_l("Choisissez un nouveau mot de passe."))]
    )
    new_password_confirm = PasswordField(
        _l("Nouveau mot de passe, une seconde fois"),
        validators=[
            DataRequired(_l("Saisissez le nouveau mot de passe une seconde fois.")),
            EqualTo("new_password", _l("Les deux mots de passe ne sont pas identiques.")),
        ],
    )


def _document_fields() -> tuple[ListField, StringField]:
    document_type = ListField(
        _l("Type de document"),
        choices=_choices(_l("— Choisissez —"), DOCUMENT_LABELS),
        validators=[InputRequired(_l("Choisissez le type de document."))],
    )
    document_number = StringField(
        _l("Numéro du document"),
        validators=[
            DataRequired(_l("Saisissez le numéro du document.")),
            Length(max=40, message=_l("Ce numéro est trop long.")),
        ],
    )
    return document_type, document_number


class CensusVerificationForm(FlaskForm):
    document_type, document_number = _document_fields()
    birth_date = FrenchDateField(
        _l("Date de naissance"),
        example="14/07/1980",
        validators=[InputRequired(_l("Saisissez votre date de naissance (JJ/MM/AAAA)."))],
    )


class ResidentSearchForm(FlaskForm):
    class Meta:
        csrf = False  # a search by GET changes nothing

    email = _email_field(_l("Adresse e-mail du compte"))


class InPersonVerificationForm(FlaskForm):
    document_type, document_number = _document_fields()
    seen = BooleanField(
        _l("J'ai vu l'original du document et il est au nom de cette personne."),
        validators=[DataRequired(_l("Cochez la case pour confirmer que vous avez vu le document."))],
    )


class DeleteAccountForm(FlaskForm):
    password = PasswordField(
        _l("Votre mot de passe"), validators=[DataRequired(_l("Saisissez votre mot de passe pour confirmer."))]
    )
    confirm = BooleanField(
        _l("Je comprends que la suppression est définitive."),
        validators=[DataRequired(_l("Cochez la case pour confirmer la suppression."))],
    )


class DeleteWithoutPasswordForm(FlaskForm):
    """Erasure of an account that signs in only through a provider: the resident signed in again
    there just before, so the checkbox is all that is asked."""

    confirm = BooleanField(
        _l("Je comprends que la suppression est définitive."),
        validators=[DataRequired(_l("Cochez la case pour confirmer la suppression."))],
    )


class ProviderStartForm(FlaskForm):
    """The button that sends the resident to a provider; `next` is where to go once signed in."""

    next = HiddenField()


class CompleteAccountForm(DemographicsForm):
    """A new account from a provider's answer: only what the provider did not say."""

    display_name = StringField(
        _l("Nom affiché"), validators=[DataRequired(_l("Choisissez le nom affiché à côté de vos contributions."))]
    )
    quartier_id = QuartierField(validators=[Optional()])


class ProvePasswordForm(FlaskForm):
    password = PasswordField(
        _l("Mot de passe de votre compte Parvis"), validators=[DataRequired(_l("Saisissez votre mot de passe."))]
    )
