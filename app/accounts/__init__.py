"""Accounts: identity, email confirmation, residency verification, roles per place."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from app.extensions import db, login_manager


def init_app(app: Flask) -> None:
    from app.accounts import views  # noqa: F401  (routes attach to the blueprint)
    from app.accounts.blueprint import bp
    from app.accounts.models import User

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
        return user if user is not None and user.is_active else None

    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Connectez-vous pour accéder à cette page.")
    login_manager.login_message_category = "info"
    app.register_blueprint(bp)
