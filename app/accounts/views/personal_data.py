"""A resident's own data: download all of it, or delete the account."""

from __future__ import annotations

import json

from flask import Response, flash, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from app.accounts.blueprint import bp
from app.accounts.forms import DeleteAccountForm, DeleteWithoutPasswordForm
from app.accounts.services import external_identities, personal_data
from app.accounts.views.oidc import forget_session, recently_reauthenticated
from app.core.db import utcnow
from app.core.errors import DomainError, apply_to_form
from app.core.htmx import redirect_to, render
from app.core.permissions import access
from app.extensions import db

TEMPLATE = "accounts/personal_data.html"


def _delete_form() -> DeleteAccountForm | DeleteWithoutPasswordForm:
    """The password confirms an erasure; an account without one signs in again at its provider."""
    if not current_user.password_hash and current_user.external_identities:
        return DeleteWithoutPasswordForm()
    return DeleteAccountForm()


def _context(form: DeleteAccountForm | DeleteWithoutPasswordForm) -> dict[str, object]:
    return {
        "form": form,
        "reauthenticated": recently_reauthenticated(),
        "linked_providers": [
            provider
            for provider in external_identities.providers()
            if external_identities.has_identity_with(current_user, provider.slug)
        ],
    }


@bp.get("/mes-donnees")
@access("user")
def my_data() -> ResponseReturnValue:
    return render(TEMPLATE, **_context(_delete_form()))


@bp.get("/mes-donnees/export.json")
@access("user")
def export_data() -> ResponseReturnValue:
    data = personal_data.export(current_user._get_current_object())  # type: ignore[attr-defined]
    body = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False)
    response = Response(body, mimetype="application/json")
    filename = f"parvis-mes-donnees-{utcnow():%Y-%m-%d}.json"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/supprimer")
@access("user")
def delete_account() -> ResponseReturnValue:
    form = _delete_form()
    if form.validate_on_submit():
        password = form.password.data if isinstance(form, DeleteAccountForm) else ""
        try:
            personal_data.erase(
                current_user._get_current_object(),  # type: ignore[attr-defined]
                password or "",
                reauthenticated=recently_reauthenticated(),
            )
        except DomainError as error:
            db.session.rollback()
            apply_to_form(form, error)
        else:
            db.session.commit()
            forget_session()
            logout_user()
            flash(
                _("Votre compte est supprimé. Vos contributions restent, sans votre nom. Merci d'avoir participé."),
                "success",
            )
            return redirect_to(url_for("home.index"))
    return render(TEMPLATE, block="delete_form", **_context(form))
