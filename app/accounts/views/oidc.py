"""Signing in through the city's OpenID Connect providers (a city portal, FranceConnect): the
button, the provider's answer, completing a new account or proving an old one, unlinking, and the
provider's sign-out. Every failure ends on a page that says what happened and offers the other
ways to sign in."""

from __future__ import annotations

import logging
import time
from typing import Any

from flask import Response, abort, flash, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user

from app.accounts.blueprint import bp
from app.accounts.models import User
from app.accounts.services import external_identities, oidc_attempts, oidc_client
from app.accounts.services.oidc_client import OIDCError
from app.accounts.views.profile import TEMPLATE as PROFILE_TEMPLATE
from app.accounts.views.profile import profile_page
from app.accounts.views.responses import done
from app.config import OIDCProvider
from app.core.errors import DomainError, NotFound
from app.core.htmx import redirect_to, render
from app.core.permissions import access
from app.core.urls import absolute_url, safe_next
from app.extensions import db, limiter

log = logging.getLogger(__name__)

SESSION_STATE = "oidc_state"  # the state of the sign-in this browser started
SESSION_PENDING = "oidc_pending"  # the attempt waiting for a new account or a proof
SESSION_LOGOUT = "oidc_logout"  # provider and ID token, to end the provider's session at sign-out
SESSION_LOGOUT_URL = "oidc_logout_url"  # the provider's sign-out, between our sign-out and its page
SESSION_REAUTH = "oidc_signed_in_at"  # when this browser last signed in through a provider
REAUTH_WINDOW = 600  # seconds during which that sign-in confirms an erasure

PROBLEMS = {
    "unavailable": _l(
        "%(provider)s ne répond pas pour le moment, ou sa réponse était inutilisable. Réessayez dans quelques "
        "minutes, ou connectez-vous autrement."
    ),
    "refused": _l(
        "Vous n'avez pas accepté de partager vos informations avec Parvis sur %(provider)s : vous n'êtes donc pas "
        "connecté. Vous pouvez recommencer, ou vous connecter autrement."
    ),
    "invalid": _l(
        "La réponse de %(provider)s n'a pas passé nos vérifications de sécurité : par prudence, nous ne vous avons "
        "pas connecté. Recommencez ; si cela se reproduit, connectez-vous autrement et prévenez la mairie."
    ),
    "expired": _l(
        "La réponse de %(provider)s était périmée (l'horloge de l'un des deux services est peut-être déréglée). "
        "Recommencez la connexion."
    ),
    "state": _l(
        "Cette connexion n'est plus valable : elle a déjà servi, elle a expiré, ou elle a été commencée dans un "
        "autre navigateur. Recommencez depuis cette page."
    ),
    "no_email": _l(
        "%(provider)s ne nous a pas transmis votre adresse e-mail, dont Parvis a besoin pour votre compte. "
        "Autorisez ce partage sur %(provider)s et recommencez, ou créez un compte avec votre adresse e-mail."
    ),
    "unverified_email": _l(
        "%(provider)s n'a pas vérifié l'adresse e-mail de votre compte chez lui : nous ne pouvons pas créer de "
        "compte Parvis avec. Vérifiez-la sur %(provider)s et recommencez, ou créez un compte avec votre adresse "
        "e-mail puis reliez %(provider)s depuis « Mon compte »."
    ),
    "taken": _l(
        "Ce compte %(provider)s est déjà relié à un autre compte Parvis. Connectez-vous avec lui, ou déliez-le "
        "d'abord de l'autre compte (page « Mon compte »)."
    ),
}
STATUSES = {"unavailable": 503, "refused": 200, "no_email": 200, "unverified_email": 200, "taken": 409}


def _provider(slug: str) -> OIDCProvider:
    provider = external_identities.find_provider(slug)
    if provider is None:
        abort(404)
    return provider


def _redirect_uri(slug: str) -> str:
    """Where the provider sends the resident back; the city registers it with the provider."""
    return absolute_url("accounts.oidc_callback", slug=slug)


def problem_page(error: OIDCError, slug: str) -> Response:
    log.warning("sign-in through %s failed: %s", slug, error)
    message = PROBLEMS.get(error.kind, PROBLEMS["invalid"]) % {"provider": external_identities.provider_label(slug)}
    return render(
        "accounts/oidc_problem.html",
        status=STATUSES.get(error.kind, 400),
        message=message,
        provider=external_identities.find_provider(slug),
    )


def open_session(user: User, slug: str, id_token: str) -> None:
    """Open the Parvis session and remember what ends the provider's one."""
    login_user(user)
    session[SESSION_LOGOUT] = {"p": slug, "t": id_token}
    session[SESSION_REAUTH] = int(time.time())


@bp.get("/oidc/<slug>")
@access("public")
# Generous: a workshop room signs dozens of residents in behind one address.
@limiter.limit("120 per minute")
def oidc_start(slug: str) -> ResponseReturnValue:
    """The "Se connecter avec …" button: off to the provider. Signed in, it links instead.
    A link, not a form: the page's CSP (form-action 'self') would stop a form's redirect to the
    provider. Starting costs nothing: only the browser that started may finish (the state)."""
    provider = _provider(slug)
    user = current_user._get_current_object() if current_user.is_authenticated else None  # type: ignore[attr-defined]
    next_url = safe_next(request.args.get("next"), "accounts.profile" if user else "home.index")
    try:
        started = oidc_attempts.start(provider, _redirect_uri(slug), next_url, user)
    except OIDCError as error:
        db.session.rollback()
        return problem_page(error, slug)
    db.session.commit()
    session[SESSION_STATE] = started.state
    return redirect_to(started.url)


@bp.get("/oidc/<slug>/retour")
@access("public")
def oidc_callback(slug: str) -> ResponseReturnValue:
    provider = _provider(slug)
    session_state = session.pop(SESSION_STATE, "")
    try:
        attempt = oidc_attempts.spend_state(slug, request.args.get("state", ""), session_state)
        # Committed on its own: a state is spent even when what follows fails, so it cannot be replayed.
        db.session.commit()
        next_url = attempt.next_url
        outcome = oidc_attempts.receive(
            provider, attempt, _redirect_uri(slug), request.args.get("code"), request.args.get("error")
        )
    except OIDCError as error:
        db.session.rollback()
        return problem_page(error, slug)
    db.session.commit()
    if outcome.kind in ("complete", "prove"):
        session[SESSION_PENDING] = outcome.attempt.id
        return redirect_to(url_for("accounts.oidc_complete" if outcome.kind == "complete" else "accounts.oidc_prove"))
    assert outcome.user is not None
    open_session(outcome.user, slug, outcome.id_token)
    if outcome.kind == "linked":
        flash(_("Votre compte Parvis est relié à %(provider)s.", provider=provider.label), "success")
    else:
        flash(
            _(
                "Bonjour %(name)s, vous êtes connecté avec %(provider)s.",
                name=outcome.user.public_name,
                provider=provider.label,
            ),
            "success",
        )
    return redirect_to(safe_next(next_url))


@bp.post("/oidc/delier/<int:identity_id>")
@access("user")
def oidc_unlink(identity_id: int) -> ResponseReturnValue:
    user = current_user._get_current_object()  # type: ignore[attr-defined]
    try:
        slug = external_identities.unlink(user, identity_id)
    except NotFound:
        abort(404)
    except DomainError as error:
        db.session.rollback()
        return render(
            PROFILE_TEMPLATE, block="providers", status=422, **profile_page(providers_error=error.messages[0])
        )
    db.session.commit()
    logout_info = session.get(SESSION_LOGOUT)
    if isinstance(logout_info, dict) and logout_info.get("p") == slug:
        session.pop(SESSION_LOGOUT)
    message = _("%(provider)s n'est plus relié à votre compte.", provider=external_identities.provider_label(slug))
    return done(message, url_for("accounts.profile"), PROFILE_TEMPLATE, "providers", **profile_page())


@bp.get("/oidc/deconnexion")
@access("public")
def oidc_signed_out() -> ResponseReturnValue:
    """After our sign-out, on to the provider's: a page that goes there by itself (and a link), as
    the sign-out form may not redirect to another site (CSP form-action 'self')."""
    url = session.pop(SESSION_LOGOUT_URL, None)
    if not isinstance(url, str):
        return redirect_to(url_for("home.index"))
    return render("accounts/oidc_signed_out.html", logout_url=url)


def provider_logout_url(saved: Any) -> str | None:
    """Where to end the provider's session after ours (RP-initiated logout), if it offers that."""
    if not isinstance(saved, dict):
        return None
    provider = external_identities.find_provider(str(saved.get("p", "")))
    token = saved.get("t")
    if provider is None or not isinstance(token, str):
        return None
    return oidc_client.logout_url(provider, token, absolute_url("home.index"))


def end_provider_session(saved: Any) -> str | None:
    """At sign-out: the local page that sends the resident on to the provider's sign-out, if any."""
    url = provider_logout_url(saved)
    if url is None:
        return None
    session[SESSION_LOGOUT_URL] = url
    return url_for("accounts.oidc_signed_out")


def forget_session() -> Any:
    """At sign-out: drop what this browser kept about providers; returns the logout details."""
    for key in (SESSION_STATE, SESSION_PENDING, SESSION_REAUTH):
        session.pop(key, None)
    return session.pop(SESSION_LOGOUT, None)


def recently_reauthenticated() -> bool:
    signed_in_at = session.get(SESSION_REAUTH)
    return isinstance(signed_in_at, int) and 0 <= time.time() - signed_in_at <= REAUTH_WINDOW
