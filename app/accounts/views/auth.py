"""Signing in and out. Sign-in is rate limited with Flask-Limiter: a few failed attempts per
account per minute (successful ones do not count), and a generous ceiling per address."""

from __future__ import annotations

from flask import Response, flash, g, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_limiter import RequestLimit
from flask_login import current_user, login_user, logout_user
from werkzeug.exceptions import HTTPException

from app.accounts.blueprint import bp
from app.accounts.forms import LoginForm
from app.accounts.services import login as login_service
from app.accounts.services.registration import normalise_email
from app.accounts.views.oidc import end_provider_session, forget_session
from app.core.errorpages import render_error
from app.core.errors import DomainError, apply_to_form
from app.core.htmx import redirect_to, render
from app.core.permissions import access
from app.core.security import keyed_hash
from app.core.urls import safe_next
from app.extensions import db, limiter

FAILURES_PER_ACCOUNT = "5 per minute"
ATTEMPTS_PER_ADDRESS = "30 per minute"


def _account_key() -> str:
    """The limit counts per submitted address, normalised, whether or not an account has it;
    hashed, so the limiter's storage (Redis) holds no address."""
    return "login:" + keyed_hash(normalise_email(request.form.get("email", "")), "rate-limit")[:32]


def _failed(_response: Response) -> bool:
    return bool(g.get("login_failed"))


def _refused(message: str) -> Response:
    form = LoginForm()
    form.form_errors.append(message)
    return render("accounts/login.html", block="login_form", status=429, form=form)


def _too_many_for_account(_limit: RequestLimit) -> Response:
    return _refused(_("Trop de tentatives de connexion pour ce compte. Attendez une minute avant de réessayer."))


def _too_many_from_address(_limit: RequestLimit) -> Response:
    return _refused(_("Trop de tentatives de connexion depuis votre réseau. Attendez une minute avant de réessayer."))


@bp.errorhandler(429)
def rate_limited(error: HTTPException) -> ResponseReturnValue:
    """A breached limit answers with the page its `on_breach` rendered, else the error page."""
    return error.response if error.response is not None else render_error(429)


@bp.route("/connexion", methods=["GET", "POST"])
@access("public")
@limiter.limit(ATTEMPTS_PER_ADDRESS, methods=["POST"], on_breach=_too_many_from_address)
@limiter.limit(
    FAILURES_PER_ACCOUNT,
    key_func=_account_key,
    methods=["POST"],
    deduct_when=_failed,
    on_breach=_too_many_for_account,
)
def login() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect_to(safe_next(request.args.get("next"), "accounts.profile"))
    g.login_failed = False  # set below when the credentials are refused; read by `_failed`
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        try:
            user = login_service.authenticate(form.email.data or "", form.password.data or "")
        except DomainError as error:
            g.login_failed = True
            apply_to_form(form, error)
        else:
            db.session.commit()
            login_user(user, remember=bool(form.remember.data))
            if user.email_confirmed_at is None:
                flash(
                    _(
                        "Vous êtes connecté. Pensez à confirmer votre adresse e-mail : ouvrez le lien reçu, "
                        "ou demandez-en un nouveau depuis « Mon compte »."
                    ),
                    "warning",
                )
            else:
                flash(_("Bonjour %(name)s, vous êtes connecté.", name=user.public_name), "success")
            return redirect_to(safe_next(form.next.data))
    return render("accounts/login.html", block="login_form", form=form)


@bp.post("/deconnexion")
@access("public")
def logout() -> ResponseReturnValue:
    """Ends the Parvis session, then the provider's one when the resident came through a provider
    that offers it (it sends them back to the home page)."""
    provider_session = forget_session()
    if current_user.is_authenticated:
        logout_user()
        flash(_("Vous êtes déconnecté. À bientôt !"), "success")
        provider_logout = end_provider_session(provider_session)
        if provider_logout:
            return redirect_to(provider_logout)
    return redirect_to(url_for("home.index"))
