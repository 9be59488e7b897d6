"""Votes: one engine for every vote — voter roll and anonymous ballots kept apart, receipts, tally rules."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Registers the area's blueprint, commands and signal receivers."""
    from app.votes import receivers, views  # noqa: F401  (routes attach to the blueprint; receivers connect)
    from app.votes.blueprint import bp
    from app.votes.cli import votes_cli
    from app.votes.commands import register

    app.register_blueprint(bp)
    register(votes_cli)
    app.cli.add_command(votes_cli)
