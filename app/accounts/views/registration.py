"""Creating an account, confirming its email address, and sending the confirmation again."""

from __future__ import annotations

from flask import Response, flash, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_limiter import RequestLimit
from flask_login import current_user, login_user

from app.accounts import mails
from app.accounts.blueprint import bp
from app.accounts.forms import RegisterForm
from app.accounts.services import registration
from app.accounts.services.profile import quartiers_by_district
from app.core.errors import DomainError, apply_to_form
from app.core.htmx import redirect_to, render
from app.core.permissions import access
from app.core.urls import safe_next
from app.extensions import db, limiter


def _user_key() -> str:
    return f"user:{current_user.id}"


def _resend_refused(_limit: RequestLimit) -> Response:
    return render(
        "accounts/confirmation.html",
        status=429,
        problem=_("Vous avez déjà demandé plusieurs e-mails de confirmation. Réessayez dans une heure."),
    )


@bp.route("/inscription", methods=["GET", "POST"])
@access("public")
# Generous: a workshop room registers dozens of people behind one address.
@limiter.limit("60 per hour", methods=["POST"])
def register() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect_to(url_for("accounts.profile"))
    form = RegisterForm()
    form.quartier_id.set_groups(quartiers_by_district())
    if form.validate_on_submit():
        data = registration.RegistrationInput(
            email=form.email.data or "",
            password=form.password.data or "",
            display_name=form.display_name.data or "",
            quartier_id=form.quartier_id.data,
            # Only a language the visitor picked with the switch; otherwise the site's default applies.
            locale=session.get("lang"),
        )
        try:
            user = registration.register(data)
        except DomainError as error:
            apply_to_form(form, error)
        else:
            db.session.commit()
            login_user(user)
            if mails.send_confirmation(user):
                flash(
                    _(
                        "Bienvenue ! Votre compte est créé. Nous vous avons envoyé un e-mail à %(email)s : "
                        "ouvrez le lien qu'il contient pour confirmer votre adresse.",
                        email=user.email,
                    ),
                    "success",
                )
            else:
                flash(
                    _(
                        "Votre compte est créé, mais l'e-mail de confirmation n'a pas pu partir. "
                        "Demandez-en un nouveau un peu plus tard depuis cette page."
                    ),
                    "warning",
                )
            return redirect_to(safe_next(request.args.get("next"), "accounts.confirmation"))
    return render("accounts/register.html", block="register_form", form=form)


@bp.get("/confirmer/<token>")
@access("public")
def confirm_email(token: str) -> ResponseReturnValue:
    """The link in the mail. Opening it twice does no harm; it works signed in or not."""
    try:
        user = registration.confirm_email(token)
    except DomainError as error:
        db.session.rollback()
        return render("accounts/confirmation.html", status=400, problem=error.messages[0])
    db.session.commit()
    flash(_("Merci, votre adresse e-mail est confirmée."), "success")
    if current_user.is_authenticated and current_user.id == user.id:
        return redirect_to(url_for("accounts.profile"))
    return redirect_to(url_for("accounts.login"))


@bp.get("/confirmation")
@access("user")
def confirmation() -> ResponseReturnValue:
    return render("accounts/confirmation.html", problem=None)


@bp.post("/confirmation/renvoyer")
@access("user")
@limiter.limit("3 per hour", key_func=_user_key, on_breach=_resend_refused)
def resend_confirmation() -> ResponseReturnValue:
    if not registration.can_resend_confirmation(current_user):
        flash(_("Votre adresse e-mail est déjà confirmée."), "info")
    elif mails.send_confirmation(current_user):
        flash(_("Un nouvel e-mail de confirmation a été envoyé à %(email)s.", email=current_user.email), "success")
    else:
        flash(_("L'e-mail n'a pas pu partir. Réessayez dans quelques minutes."), "error")
    return redirect_to(url_for("accounts.confirmation"))
