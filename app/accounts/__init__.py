"""Accounts: identity, email confirmation, residency verification, roles per place."""

from __future__ import annotations

import hmac

import sqlalchemy as sa
from flask import Flask
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from app.extensions import db, login_manager


def init_app(app: Flask) -> None:
    from app.accounts import views  # noqa: F401  (routes attach to the blueprint)
    from app.accounts.blueprint import bp
    from app.accounts.cli import census_cli
    from app.accounts.models import User
    from app.accounts.services.external_identities import providers

    # Built once (a statement keeps its cache key), with the linked identities in the same query: casting
    # a ballot reads the keys they vouch for.
    by_id = sa.select(User).where(User.id == sa.bindparam("id")).options(joinedload(User.external_identities))

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        """`<id>:<session key>` (see `User.get_id`): a session made before the password changed
        no longer loads. A bare id, as test fixtures write, is still read."""
        ident, _, key = user_id.partition(":")
        user = db.session.scalars(by_id, {"id": int(ident)}).unique().one_or_none() if ident.isdigit() else None
        if user is None or not user.is_active:
            return None
        if key and not hmac.compare_digest(key, user.session_key):
            return None
        return user

    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Connectez-vous pour accéder à cette page.")
    login_manager.login_message_category = "info"
    # The "Se connecter avec …" buttons appear on several pages (sign-in, registration, failures).
    app.jinja_env.globals["oidc_providers"] = providers
    app.register_blueprint(bp)
    app.cli.add_command(census_cli)
