"""Administration shell: users and their roles, the audit log."""

from flask import Flask


def init_app(app: Flask) -> None:
    from app.admin import views  # noqa: F401  (routes attach to the blueprint)
    from app.admin.blueprint import bp

    app.register_blueprint(bp)
