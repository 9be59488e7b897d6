"""Forgotten password: ask for a link by email, then choose a new password through it."""

from __future__ import annotations

from flask import Response, flash, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_limiter import RequestLimit
from flask_login import current_user, logout_user

from app.accounts import mails
from app.accounts.blueprint import bp
from app.accounts.forms import ForgotPasswordForm, ResetPasswordForm
from app.accounts.services import passwords
from app.accounts.services.registration import normalise_email
from app.core.errors import DomainError, apply_to_form
from app.core.htmx import redirect_to, render
from app.core.permissions import access
from app.core.security import keyed_hash
from app.extensions import db, limiter


def _email_key() -> str:
    # Hashed, so the limiter's storage holds no address.
    return "reset:" + keyed_hash(normalise_email(request.form.get("email", "")), "rate-limit")[:32]


def _too_many(_limit: RequestLimit) -> Response:
    form = ForgotPasswordForm()
    form.form_errors.append(_("Trop de demandes pour cette adresse. Réessayez dans une heure."))
    return render("accounts/forgot_password.html", block="forgot_form", status=429, form=form)


@bp.route("/mot-de-passe-oublie", methods=["GET", "POST"])
@access("public")
@limiter.limit("30 per hour", methods=["POST"], on_breach=_too_many)
@limiter.limit("5 per hour", key_func=_email_key, methods=["POST"], on_breach=_too_many)
def forgot_password() -> ResponseReturnValue:
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = passwords.account_for_reset(form.email.data or "")
        if user is not None:
            mails.send_reset(user)
        # The same answer whether or not an account has this address.
        flash(
            _(
                "Si un compte utilise cette adresse, un e-mail vient de lui être envoyé avec un lien pour choisir "
                "un nouveau mot de passe. Le lien est valable une heure."
            ),
            "success",
        )
        return redirect_to(url_for("accounts.login"))
    return render("accounts/forgot_password.html", block="forgot_form", form=form)


@bp.route("/mot-de-passe/nouveau/<token>", methods=["GET", "POST"])
@access("public")
def reset_password(token: str) -> ResponseReturnValue:
    try:
        passwords.user_from_reset_token(token)
    except DomainError as error:
        return render("accounts/reset_password.html", status=400, form=None, problem=error.messages[0])
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            user = passwords.reset_password(token, form.password.data or "")
        except DomainError as error:
            db.session.rollback()
            apply_to_form(form, error)
        else:
            db.session.commit()
            mails.send_password_changed(user)
            if current_user.is_authenticated:
                logout_user()
            flash(_("Votre mot de passe est changé. Connectez-vous avec le nouveau."), "success")
            return redirect_to(url_for("accounts.login"))
    return render("accounts/reset_password.html", block="reset_form", form=form, problem=None)
