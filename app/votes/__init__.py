"""Votes: one engine for every vote — voter roll and anonymous ballots kept apart, receipts, tally rules."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Registers the area's blueprint and commands."""
