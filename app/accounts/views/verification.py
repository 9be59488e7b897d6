"""Residency verification by the resident, against the census the city imported."""

from __future__ import annotations

from flask import flash, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.blueprint import bp
from app.accounts.forms import DOCUMENT_LABELS, CensusVerificationForm
from app.accounts.permissions import can_verify_self
from app.accounts.services import verification
from app.core.errors import DomainError, apply_to_form
from app.core.htmx import redirect_to, render
from app.core.permissions import access
from app.extensions import db

TEMPLATE = "accounts/verification.html"


def _render(form: CensusVerificationForm) -> ResponseReturnValue:
    return render(
        TEMPLATE,
        block="census_form",
        form=form,
        locked_until=verification.locked_until(current_user),
        census_available=verification.census_available(),
        document_labels=DOCUMENT_LABELS,
    )


@bp.route("/verification", methods=["GET", "POST"])
@access("user")
def verify() -> ResponseReturnValue:
    form = CensusVerificationForm()
    if not can_verify_self(current_user):
        # Already verified: the page only shows the status.
        return _render(form)
    if form.validate_on_submit():
        data = verification.IdentityInput(form.document_type.data or "", form.document_number.data or "")
        try:
            verification.verify_with_census(current_user, data, form.birth_date.data)
        except verification.MatchFailed as error:
            db.session.commit()  # the failed attempt counts towards the lock
            apply_to_form(form, error)
        except DomainError as error:
            db.session.rollback()
            apply_to_form(form, error)
        else:
            db.session.commit()
            flash(_("C'est fait : votre résidence est vérifiée. Vous pourrez voter dans votre ville."), "success")
            return redirect_to(url_for("accounts.profile"))
    return _render(form)
