"""Forms of the administration shell. The filter forms travel in the query string (GET): they
carry no CSRF token, since they change nothing."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SearchField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from app.accounts.models import ROLE_SCOPES
from app.accounts.services.roles import role_label
from app.admin.services import UserFilters


def _role_choices() -> list[tuple[str, str]]:
    return [(role, role_label(role)) for role in ROLE_SCOPES]


class UserFilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = SearchField(_l("Nom ou adresse e-mail"), validators=[Optional(), Length(max=100)])
    verified = SelectField(_l("Vérification"), default="", validators=[Optional()])
    role = SelectField(_l("Rôle"), default="", validators=[Optional()])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.verified.choices = [
            ("", _("Tous les comptes")),
            ("oui", _("Résidents vérifiés")),
            ("non", _("Non vérifiés")),
        ]
        self.role.choices = [("", _("Tous les rôles")), *_role_choices()]

    def filters(self) -> UserFilters:
        verified = {"oui": True, "non": False}.get(self.verified.data or "")
        return UserFilters(text=(self.q.data or "").strip(), verified=verified, role=self.role.data or "")


class GrantRoleForm(FlaskForm):
    role = SelectField(_l("Rôle"), validators=[DataRequired(_l("Choisissez un rôle."))])
    scope_id = StringField(
        _l("Lieu (facultatif)"),
        validators=[Optional(), Length(max=60, message=_l("60 caractères au plus."))],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.role.choices = [("", _("Choisir…")), *_role_choices()]


class RevokeForm(FlaskForm):
    """Only the CSRF token: the grant is in the URL."""


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    action = SelectField(_l("Action"), default="", validators=[Optional()])

    def __init__(self, actions: list[str], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.action.choices = [("", _("Toutes les actions")), *((a, a) for a in actions)]
