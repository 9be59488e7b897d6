"""Forms of the vote, the paper ballots and the overrides. A ballot's boxes depend on the envelope
(one per project, named "approve" as in templates/votes/_ballot.html), so they are read from the
posted data by `ballot_content`; the forms carry the CSRF token and the other fields."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.accounts.services.identity import DOCUMENT_LABELS
from app.core.forms import pairs

# How each winner rule works, in plain French, for the ballot and the results pages.
RULE_EXPLANATIONS = {
    "greedy": _l(
        "Les projets sont classés du plus voté au moins voté ; on les retient dans cet ordre tant que "
        "l'argent restant de l'enveloppe suffit à payer le suivant. Un projet trop cher pour ce qui reste "
        "est passé, et l'on continue avec les suivants."
    ),
    "mes": _l(
        "Méthode des parts égales : l'enveloppe est partagée à parts égales entre les votants ; chaque projet "
        "est payé par ceux qui l'ont choisi, avec leur part. Un projet soutenu par peu de monde mais peu coûteux "
        "a ainsi sa chance, et chaque groupe de votants obtient des projets à proportion de sa taille."
    ),
    "mes-add1": _l(
        "Méthode des parts égales, puis, s'il reste de l'argent, on augmente un peu la part de chacun et on "
        "recommence, jusqu'à ce que l'enveloppe soit utilisée au mieux."
    ),
    "mes-add1-greedy": _l(
        "Méthode des parts égales (avec parts augmentées tant que c'est utile), puis l'argent qui reste va aux "
        "projets les plus votés qui tiennent encore dans l'enveloppe."
    ),
    "mes-add1-nostop": _l("Méthode des parts égales, en augmentant les parts jusqu'à épuisement de l'enveloppe."),
}
GENDER_LABELS = {"femme": _l("Femmes"), "homme": _l("Hommes"), "autre": _l("Autre genre")}
CHANNEL_LABELS = {"web": _l("En ligne"), "paper": _l("Sur papier"), "session": _l("En séance")}


def ballot_content(data: Mapping[str, Any]) -> dict[str, Any]:
    """The ticked projects of a posted ballot (option ids as typed; the vote engine checks them)."""
    getlist = getattr(data, "getlist", None)
    return {"approve": list(getlist("approve")) if getlist else list(data.get("approve", []))}


class BallotForm(FlaskForm):
    """The CSRF token of a ballot; the ticked boxes are read by `ballot_content`."""


class ReceiptForm(FlaskForm):
    receipt = StringField(
        _l("Code du reçu"),
        validators=[DataRequired(_l("Recopiez le code de votre reçu.")), Length(max=40)],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
    )


class PaperForm(FlaskForm):
    """Who the paper ballot is for (their account, or the identity document checked at the desk) and where."""

    place = StringField(
        _l("Lieu de la saisie"), validators=[DataRequired(_l("Indiquez le lieu de la saisie.")), Length(max=120)]
    )
    voter_email = EmailField(_l("Adresse e-mail du compte du votant"), validators=[Optional(), Length(max=254)])
    document_type = SelectField(_l("Pièce d'identité présentée"), choices=[], validators=[Optional()])
    document_number = StringField(_l("Numéro de la pièce"), validators=[Optional(), Length(max=40)])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.document_type.choices = pairs([("", _l("— aucune, le votant a un compte —")), *DOCUMENT_LABELS.items()])

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if not self.voter_email.data and not (self.document_type.data and self.document_number.data):
            self.voter_email.errors = [
                *self.voter_email.errors,
                _l("Indiquez le compte du votant, ou sa pièce d'identité (type et numéro)."),
            ]
            return False
        if self.voter_email.data and self.document_type.data:
            self.voter_email.errors = [*self.voter_email.errors, _l("Indiquez le compte ou la pièce, pas les deux.")]
            return False
        return valid


class OverrideForm(FlaskForm):
    reason = TextAreaField(
        _l("Raison publique de cette décision"),
        validators=[DataRequired(_l("Expliquez publiquement cette décision.")), Length(max=5000)],
    )
