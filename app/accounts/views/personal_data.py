"""A resident's own data: download all of it, or delete the account."""

from __future__ import annotations

import json

from flask import Response, flash, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from app.accounts.blueprint import bp
from app.accounts.forms import DeleteAccountForm
from app.accounts.services import personal_data
from app.core.db import utcnow
from app.core.errors import DomainError, apply_to_form
from app.core.htmx import redirect_to, render
from app.core.permissions import access
from app.extensions import db

TEMPLATE = "accounts/personal_data.html"


@bp.get("/mes-donnees")
@access("user")
def my_data() -> ResponseReturnValue:
    return render(TEMPLATE, form=DeleteAccountForm())


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
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            personal_data.erase(current_user._get_current_object(), form.password.data or "")  # type: ignore[attr-defined]
        except DomainError as error:
            db.session.rollback()
            apply_to_form(form, error)
        else:
            db.session.commit()
            logout_user()
            flash(
                _("Votre compte est supprimé. Vos contributions restent, sans votre nom. Merci d'avoir participé."),
                "success",
            )
            return redirect_to(url_for("home.index"))
    return render(TEMPLATE, block="delete_form", form=form)
