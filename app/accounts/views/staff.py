"""City staff at a desk: find a resident by email, verify their residency after seeing their
document, or revoke a verification. Both are audited, since they decide who may vote."""

from __future__ import annotations

from typing import Any

from flask import request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.blueprint import bp
from app.accounts.forms import DOCUMENT_LABELS, InPersonVerificationForm, ResidentSearchForm
from app.accounts.models import User
from app.accounts.permissions import can_verify_resident, can_verify_residents
from app.accounts.services import verification
from app.accounts.views.responses import done
from app.core.errors import DomainError, apply_to_form
from app.core.htmx import render
from app.core.permissions import access, require
from app.extensions import db

TEMPLATE = "accounts/staff_verification.html"


def _context(resident: User | None, searched: bool, **forms: Any) -> dict[str, Any]:
    search_form = forms.pop("search_form", None) or ResidentSearchForm(
        formdata=None, email=resident.email if resident is not None else ""
    )
    return {
        "search_form": search_form,
        "resident": resident,
        "searched": searched,
        "verify_form": forms.pop("verify_form", None) or InPersonVerificationForm(formdata=None),
        "may_act": resident is not None and can_verify_resident(current_user, resident),
        "document_labels": DOCUMENT_LABELS,
        "notice": None,
        "problem": None,
    }


def _load(user_id: int) -> User:
    resident = db.get_or_404(User, user_id)
    require(can_verify_resident(current_user, resident))
    return resident


def _back(resident: User) -> str:
    return url_for("accounts.staff_verification", email=resident.email)


@bp.get("/personnel/verification")
@access("staff")
def staff_verification() -> ResponseReturnValue:
    require(can_verify_residents(current_user))
    form = ResidentSearchForm(formdata=request.args if "email" in request.args else None)
    resident = None
    searched = False
    if "email" in request.args and form.validate():
        searched = True
        resident = verification.find_resident(form.email.data or "")
    return render(TEMPLATE, block="resident", **_context(resident, searched, search_form=form))


@bp.post("/personnel/verification/<int:user_id>")
@access("staff")
def staff_verify(user_id: int) -> ResponseReturnValue:
    require(can_verify_residents(current_user))
    resident = _load(user_id)
    form = InPersonVerificationForm()
    if form.validate_on_submit():
        data = verification.IdentityInput(form.document_type.data or "", form.document_number.data or "")
        try:
            verification.verify_in_person(current_user, resident, data)
        except DomainError as error:
            db.session.rollback()
            apply_to_form(form, error)
        else:
            db.session.commit()
            return done(
                _("%(name)s est maintenant vérifié·e comme habitant·e.", name=resident.public_name),
                _back(resident),
                TEMPLATE,
                "resident",
                **_context(resident, True),
            )
    return render(TEMPLATE, block="resident", **_context(resident, True, verify_form=form))


@bp.post("/personnel/verification/<int:user_id>/revoquer")
@access("staff")
def staff_revoke(user_id: int) -> ResponseReturnValue:
    require(can_verify_residents(current_user))
    resident = _load(user_id)
    try:
        verification.revoke_verification(current_user, resident)
    except DomainError as error:
        db.session.rollback()
        context = _context(resident, True)
        context["problem"] = error.messages[0]
        return render(TEMPLATE, block="resident", **context)
    db.session.commit()
    return done(
        _("La vérification de %(name)s est révoquée.", name=resident.public_name),
        _back(resident),
        TEMPLATE,
        "resident",
        **_context(resident, True),
    )
