"""Demo data for the embedded mode: `flask demo load` fills an empty database so that
`make run` shows every feature that exists; each area adds its part here."""

from flask import Flask


def init_app(app: Flask) -> None:
    from app.demo.cli import demo_cli

    app.cli.add_command(demo_cli)
