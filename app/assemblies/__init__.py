"""Citizens' assemblies: live sessions with post-it walls, shifting debates and Q&A."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Registers the area's blueprint and commands."""
