"""Ending a sign-in through a provider that needs the resident: completing a new account with what
the provider did not say, or proving that the account already using the provider's address is
theirs (its password, or a mailed link) before the two are linked."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Response, flash, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from app.accounts import mails
from app.accounts.blueprint import bp
from app.accounts.forms import CompleteAccountForm, ProvePasswordForm
from app.accounts.models import User
from app.accounts.services import external_identities, oidc_attempts
from app.accounts.services.oidc_attempts import Pending
from app.accounts.services.oidc_client import OIDCError
from app.accounts.services.profile import quartiers_by_district
from app.accounts.views.oidc import SESSION_PENDING, open_session, problem_page
from app.core.errors import DomainError, apply_to_form
from app.core.htmx import redirect_to, render
from app.core.permissions import access
from app.core.urls import safe_next
from app.extensions import db, limiter


def _waiting() -> Pending:
    return oidc_attempts.pending(session.get(SESSION_PENDING))


def _after_pending(user: User, waiting: Pending, next_url: str) -> Response:
    session.pop(SESSION_PENDING, None)
    open_session(user, waiting.provider, waiting.id_token)
    return redirect_to(safe_next(next_url))


def _finish_pending(
    waiting: Pending, form: FlaskForm, action: Callable[[], User], message: Callable[[User], str]
) -> Response | None:
    """Run the service that ends a waiting sign-in: signed in on success; None (the form shows the
    errors) when the resident can correct something; the problem page when they cannot."""
    next_url = waiting.attempt.next_url
    try:
        user = action()
    except DomainError as error:
        db.session.rollback()
        apply_to_form(form, error)
        return None
    except OIDCError as error:
        db.session.rollback()
        return problem_page(error, waiting.provider)
    db.session.commit()
    flash(message(user), "success")
    return _after_pending(user, waiting, next_url)


@bp.route("/oidc/nouveau-compte", methods=["GET", "POST"])
@access("public")
def oidc_complete() -> ResponseReturnValue:
    """A first sign-in through a provider: the resident adds what the provider did not say."""
    try:
        waiting = _waiting()
    except OIDCError as error:
        return problem_page(error, "")
    if waiting.existing_account is not None:
        return redirect_to(url_for("accounts.oidc_prove"))
    form = CompleteAccountForm(**({"display_name": waiting.name} if request.method == "GET" else {}))
    form.quartier_id.set_groups(quartiers_by_district())
    if form.validate_on_submit():
        data = oidc_attempts.CompletionInput(
            display_name=form.display_name.data or "",
            quartier_id=form.quartier_id.data,
            locale=session.get("lang"),
            gender=form.gender.data,
            age_band=form.age_band.data,
            demographics_consent=bool(form.consent.data),
        )
        finished = _finish_pending(
            waiting,
            form,
            lambda: oidc_attempts.complete_account(waiting, data),
            lambda user: _("Bienvenue %(name)s ! Votre compte est créé.", name=user.public_name),
        )
        if finished is not None:
            return finished
    return render(
        "accounts/oidc_complete.html",
        block="complete_form",
        form=form,
        waiting=waiting,
        provider_label=external_identities.provider_label(waiting.provider),
    )


def _pending_key() -> str:
    return f"oidc-prove:{session.get(SESSION_PENDING, '')}"


def _prove_page(form: ProvePasswordForm, status: int = 200, notice: str | None = None, **extra: Any) -> Response:
    waiting = _waiting()
    return render(
        "accounts/oidc_prove.html",
        status=status,
        form=form,
        waiting=waiting,
        account=waiting.existing_account,
        provider_label=external_identities.provider_label(waiting.provider),
        notice=notice,
        **extra,
    )


def _too_many_proofs(_limit: Any) -> Response:
    form = ProvePasswordForm()
    form.form_errors.append(_("Trop de tentatives. Attendez une minute, ou recevez plutôt un lien par e-mail."))
    return _prove_page(form, status=429)


@bp.route("/oidc/lier", methods=["GET", "POST"])
@access("public")
@limiter.limit("5 per minute", key_func=_pending_key, methods=["POST"], on_breach=_too_many_proofs)
def oidc_prove() -> ResponseReturnValue:
    """An account already uses the provider's address: its owner proves it is theirs."""
    try:
        waiting = _waiting()
    except OIDCError as error:
        return problem_page(error, "")
    if waiting.existing_account is None:
        return redirect_to(url_for("accounts.oidc_complete"))
    form = ProvePasswordForm()
    if form.validate_on_submit():
        finished = _finish_pending(
            waiting,
            form,
            lambda: oidc_attempts.prove_with_password(waiting, form.password.data or ""),
            lambda _user: _(
                "Votre compte Parvis est relié à %(provider)s : vous pourrez désormais vous connecter avec l'un "
                "ou l'autre.",
                provider=external_identities.provider_label(waiting.provider),
            ),
        )
        if finished is not None:
            return finished
    return _prove_page(form)


@bp.post("/oidc/lier/email")
@access("public")
@limiter.limit("3 per hour", key_func=_pending_key)
def oidc_send_link() -> ResponseReturnValue:
    try:
        waiting = _waiting()
    except OIDCError as error:
        return problem_page(error, "")
    account = waiting.existing_account
    if account is None:
        return redirect_to(url_for("accounts.oidc_complete"))
    token = oidc_attempts.link_token(waiting, account)
    db.session.commit()
    sent = mails.send_link_identity(account, token, external_identities.provider_label(waiting.provider))
    notice = (
        _(
            "Nous avons envoyé un lien à %(email)s. Ouvrez-le pour relier les deux comptes et vous connecter.",
            email=account.email,
        )
        if sent
        else None
    )
    form = ProvePasswordForm(formdata=None)
    if not sent:
        form.form_errors.append(_("L'e-mail n'a pas pu partir. Réessayez dans quelques minutes."))
    return _prove_page(form, notice=notice)


@bp.route("/oidc/lier/confirmer/<token>", methods=["GET", "POST"])
@access("public")
def oidc_link_by_mail(token: str) -> ResponseReturnValue:
    """The mailed link. Opening it shows a button (mail scanners open links); the button links."""
    try:
        waiting, user = oidc_attempts.waiting_for_token(token)
    except DomainError as error:
        return render("accounts/oidc_link_mail.html", status=400, problem=error.messages[0], token=token)
    label = external_identities.provider_label(waiting.provider)
    if request.method == "GET":
        return render("accounts/oidc_link_mail.html", problem=None, token=token, provider_label=label, account=user)
    next_url = waiting.attempt.next_url
    password_set_before_confirmation = user.email_confirmed_at is None and bool(user.password_hash)
    try:
        user = oidc_attempts.prove_with_token(token)
    except DomainError as error:
        db.session.rollback()
        return render("accounts/oidc_link_mail.html", status=400, problem=error.messages[0], token=token)
    except OIDCError as error:
        db.session.rollback()
        return problem_page(error, waiting.provider)
    db.session.commit()
    flash(_("Votre compte Parvis est relié à %(provider)s.", provider=label), "success")
    if password_set_before_confirmation:
        flash(
            _(
                "Par sécurité, le mot de passe choisi avant la confirmation de votre adresse a été retiré. "
                "Choisissez-en un nouveau depuis « Mon compte » si vous voulez aussi vous connecter avec."
            ),
            "warning",
        )
    return _after_pending(user, waiting, next_url)
