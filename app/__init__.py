"""Parvis: the application factory."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from app import config as settings
from app.config import ROOT


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the application; `config` overrides the environment (tests use it)."""
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder="static",
    )
    app.config.update(settings.load(config))
    # One instance folder for everything kept on disk (uploads, outlines, the embedded database).
    app.instance_path = app.config["INSTANCE_DIR"]
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for name in ("app", "alembic.runtime.migration"):  # our own notes, and which migrations ran
        logging.getLogger(name).setLevel(logging.INFO)
    if app.config["TRUSTED_PROXIES"]:
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]

    _init_extensions(app)
    _init_core(app)
    _init_areas(app)
    return app


def _init_extensions(app: Flask) -> None:
    from app.core.i18n import select_locale
    from app.core.pool import FairQueuePool
    from app.extensions import babel, csrf, db, htmx, limiter, login_manager, migrate

    # First come, first served for database connections (SQLite in memory keeps its StaticPool).
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"poolclass": FairQueuePool, **app.config["SQLALCHEMY_ENGINE_OPTIONS"]}
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    htmx.init_app(app)
    folders = ";".join(str(folder) for folder in settings.translation_folders().values())
    babel.init_app(app, locale_selector=select_locale, default_translation_directories=folders)
    limiter.init_app(app)
    login_manager.init_app(app)

    import app.models


def _init_core(app: Flask) -> None:
    from app.core import audit, errorpages, live, security, sessions, templating

    security.init_app(app)
    sessions.init_app(app)
    errorpages.init_app(app)
    audit.init_app(app)
    templating.init_app(app)
    live.init_app(app)


def _init_areas(app: Flask) -> None:
    from app import (
        accountability,
        accounts,
        admin,
        assemblies,
        budgets,
        councils,
        dashboards,
        demo,
        feedback,
        geo,
        home,
        opendata,
        votes,
    )

    for area in (
        geo,
        accounts,
        votes,
        councils,
        budgets,
        assemblies,
        feedback,
        accountability,
        dashboards,
        opendata,
        home,
        admin,
        demo,
    ):
        area.init_app(app)
