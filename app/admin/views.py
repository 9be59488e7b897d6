"""Administration shell: counts, accounts and their roles, the audit log."""

from __future__ import annotations

from typing import Any

from flask import flash, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts.models import RoleGrant, User
from app.accounts.services.roles import grant_role, revoke_role, role_label, scope_label
from app.admin.blueprint import bp
from app.admin.forms import AuditFilterForm, GrantRoleForm, RevokeForm, UserFilterForm
from app.admin.permissions import can_manage_roles, can_view_admin, can_view_audit
from app.admin.services import (
    UserFilters,
    account_counts,
    audit_actions,
    audit_query,
    user_query,
    users_by_id,
)
from app.core import audit
from app.core.errors import DomainError, apply_to_form
from app.core.htmx import redirect_to, render
from app.core.permissions import access, require
from app.extensions import db

PER_PAGE = 25


@bp.context_processor
def _labels() -> dict[str, Any]:
    return {"role_label": role_label, "scope_label": scope_label}


def _actor() -> User:
    return current_user._get_current_object()  # type: ignore[attr-defined,no-any-return]


def _page_number() -> int:
    return max(request.args.get("page", 1, type=int) or 1, 1)


def _query_args(*names: str) -> dict[str, Any]:
    """The filters in the URL, so that page links keep them."""
    return {name: request.args[name] for name in names if request.args.get(name)}


@bp.get("/")
@access("staff")
def index() -> ResponseReturnValue:
    require(can_view_admin(current_user))
    return render("admin/index.html", counts=account_counts(), can_view_audit=can_view_audit(current_user))


@bp.get("/comptes")
@access("staff")
def users() -> ResponseReturnValue:
    require(can_view_admin(current_user))
    form = UserFilterForm(formdata=request.args)
    filters = form.filters() if form.validate() else UserFilters()
    page = db.paginate(user_query(filters), page=_page_number(), per_page=PER_PAGE, error_out=False)
    return render(
        "admin/users.html",
        block="results",
        form=form,
        page=page,
        query=_query_args("q", "verified", "role"),
    )


def _user_page(user: User, form: GrantRoleForm, status: int = 200) -> ResponseReturnValue:
    verifier = db.session.get(User, user.verified_by_id) if user.verified_by_id else None
    return render(
        "admin/user.html",
        status=status,
        user=user,
        verifier=verifier,
        form=form,
        revoke_form=RevokeForm(),
        can_manage=can_manage_roles(current_user),
    )


@bp.get("/comptes/<int:user_id>")
@access("staff")
def user(user_id: int) -> ResponseReturnValue:
    account = db.get_or_404(User, user_id)
    require(can_view_admin(current_user))
    return _user_page(account, GrantRoleForm(formdata=None))


@bp.post("/comptes/<int:user_id>/roles")
@access("admin")
def grant(user_id: int) -> ResponseReturnValue:
    account = db.get_or_404(User, user_id)
    require(can_manage_roles(current_user))
    form = GrantRoleForm()
    if form.validate_on_submit():
        try:
            grant_role(_actor(), account, form.role.data, form.scope_id.data or "")
        except DomainError as error:
            apply_to_form(form, error)
        else:
            db.session.commit()
            flash(_("Rôle accordé."), "success")
            return redirect_to(url_for("admin.user", user_id=account.id))
    return _user_page(account, form, status=422)


@bp.post("/roles/<int:grant_id>/retirer")
@access("admin")
def revoke(grant_id: int) -> ResponseReturnValue:
    role_grant = db.get_or_404(RoleGrant, grant_id)
    require(can_manage_roles(current_user))
    user_id = role_grant.user_id
    if RevokeForm().validate_on_submit():
        try:
            revoke_role(_actor(), role_grant)
        except DomainError as error:
            db.session.rollback()
            for message in error.messages:
                flash(message, "error")
        else:
            db.session.commit()
            flash(_("Rôle retiré."), "success")
    return redirect_to(url_for("admin.user", user_id=user_id))


@bp.get("/journal")
@access("admin")
def audit_log() -> ResponseReturnValue:
    require(can_view_audit(current_user))
    form = AuditFilterForm(audit_actions(), formdata=request.args)
    action = (form.action.data or "") if form.validate() else ""
    page = db.paginate(audit_query(action), page=_page_number(), per_page=PER_PAGE, error_out=False)
    return render(
        "admin/audit.html",
        block="results",
        form=form,
        page=page,
        actors=users_by_id(entry.actor_id for entry in page.items if entry.actor_id is not None),
        query=_query_args("action"),
        # Called by the template outside the results block: an htmx swap of the results does not
        # walk the whole chain again.
        verify_chain=audit.verify,
    )
