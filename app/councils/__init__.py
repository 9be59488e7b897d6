"""Councils and neighbourhood committees (CIQ): bodies, members, sessions run live, minutes, decisions."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Registers the area's blueprint and commands."""
