"""The resident's own page: what they tell us about themselves, their password, and a summary
of their confirmation, verification and roles. Each section is a form of its own that htmx
swaps in place; without JavaScript each posts and comes back to the page."""

from __future__ import annotations

from typing import Any

from flask import current_app, flash, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_user
from flask_login.config import COOKIE_NAME

from app.accounts import mails
from app.accounts.blueprint import bp
from app.accounts.forms import (
    AGE_BAND_LABELS,
    DOCUMENT_LABELS,
    GENDER_LABELS,
    ChangePasswordForm,
    DemographicsForm,
    ProfileForm,
)
from app.accounts.permissions import can_unlink_identity
from app.accounts.services import external_identities, passwords
from app.accounts.services import profile as profile_service
from app.accounts.services.verification import census_available
from app.accounts.views.responses import done
from app.core.errors import DomainError, apply_to_form
from app.core.htmx import redirect_to, render
from app.core.permissions import access
from app.extensions import db

TEMPLATE = "accounts/profile.html"


def _details_form(**kwargs: Any) -> ProfileForm:
    form = ProfileForm(**kwargs)
    form.quartier_id.set_groups(profile_service.quartiers_by_district())
    return form


def profile_page(**overrides: Any) -> dict[str, Any]:
    """Everything the profile page needs; `overrides` replaces a section's fresh form (the one
    just posted, with its errors) or message."""
    user = current_user
    context: dict[str, Any] = {
        "user": user,
        "details_form": _details_form(
            formdata=None, display_name=user.display_name, quartier_id=user.quartier_id, locale=user.locale or ""
        ),
        "demographics_form": DemographicsForm(
            formdata=None,
            gender=user.gender or "",
            age_band=user.age_band or "",
            consent=user.demographics_consent_at is not None,
        ),
        "password_form": ChangePasswordForm(formdata=None),
        "gender_labels": GENDER_LABELS,
        "age_band_labels": AGE_BAND_LABELS,
        "document_labels": DOCUMENT_LABELS,
        "census_available": census_available(),
        "notice": None,
        **_providers(user),
    }
    context.update(overrides)
    return context


def _providers(user: Any) -> dict[str, Any]:
    """The providers linked to the account (with whether each may be unlinked), and those the
    city offers that are not linked yet."""
    configured = external_identities.configured_slugs()
    return {
        "linked_identities": [
            (
                identity,
                external_identities.provider_label(identity.provider),
                can_unlink_identity(user, identity, configured),
            )
            for identity in user.external_identities
        ],
        "providers_to_link": [
            provider
            for provider in external_identities.providers()
            if not external_identities.has_identity_with(user, provider.slug)
        ],
        "providers_error": None,
    }


def _url() -> str:
    return url_for("accounts.profile")


@bp.get("/")
@access("user")
def profile() -> ResponseReturnValue:
    return render(TEMPLATE, **profile_page())


@bp.post("/profil")
@access("user")
def update_details() -> ResponseReturnValue:
    form = _details_form()
    if form.validate_on_submit():
        data = profile_service.ProfileInput(
            display_name=form.display_name.data or "", quartier_id=form.quartier_id.data, locale=form.locale.data
        )
        previous_locale = current_user.locale
        try:
            profile_service.update_profile(current_user, data)
        except DomainError as error:
            db.session.rollback()
            apply_to_form(form, error)
        else:
            db.session.commit()
            message = _("Vos informations sont enregistrées.")
            if current_user.locale:
                session["lang"] = current_user.locale
            if current_user.locale != previous_locale:
                # Another language: the whole page must be drawn again, not one section.
                flash(message, "success")
                return redirect_to(_url())
            return done(message, _url(), TEMPLATE, "details", **profile_page())
    return render(TEMPLATE, block="details", **profile_page(details_form=form))


@bp.post("/profil/demographie")
@access("user")
def update_demographics() -> ResponseReturnValue:
    form = DemographicsForm()
    if form.validate_on_submit():
        try:
            profile_service.set_demographics(
                current_user, form.gender.data, form.age_band.data, bool(form.consent.data)
            )
        except DomainError as error:
            db.session.rollback()
            apply_to_form(form, error)
        else:
            db.session.commit()
            return done(_("Merci, vos réponses sont enregistrées."), _url(), TEMPLATE, "demographics", **profile_page())
    return render(TEMPLATE, block="demographics", **profile_page(demographics_form=form))


@bp.post("/profil/demographie/retirer")
@access("user")
def withdraw_demographics() -> ResponseReturnValue:
    profile_service.withdraw_demographics(current_user)
    db.session.commit()
    return done(
        _("Votre consentement est retiré et vos réponses sont effacées."),
        _url(),
        TEMPLATE,
        "demographics",
        **profile_page(),
    )


@bp.post("/profil/mot-de-passe")
@access("user")
def change_password() -> ResponseReturnValue:
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            passwords.change_password(current_user, form.current_password.data or "", form.new_password.data or "")
        except DomainError as error:
            db.session.rollback()
            apply_to_form(form, error)
        else:
            db.session.commit()
            user = current_user._get_current_object()  # type: ignore[attr-defined]
            # The session key changed with the password: renew this session, the others end.
            remembered = request.cookies.get(current_app.config.get("REMEMBER_COOKIE_NAME", COOKIE_NAME))
            login_user(user, remember=bool(remembered))
            mails.send_password_changed(user)
            return done(
                _("Votre mot de passe est changé. Vos autres appareils ont été déconnectés."),
                _url(),
                TEMPLATE,
                "password",
                **profile_page(),
            )
    return render(TEMPLATE, block="password", **profile_page(password_form=form))
