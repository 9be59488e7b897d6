"""Feedback: what residents report through every channel, the service queues that sort and answer
it, late-item alerts, and satisfaction surveys."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Registers the area's blueprint, its `flask feedback` commands and its answers to the shared
    signals."""
    from app.feedback import signals, views  # noqa: F401  (routes attach to the blueprint)
    from app.feedback.blueprint import bp
    from app.feedback.commands import feedback_cli

    app.register_blueprint(bp)
    app.cli.add_command(feedback_cli)
    signals.connect()
