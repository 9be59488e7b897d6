"""Routes of the councils area, one module per screen family; importing this package attaches
them to the blueprint."""

from app.councils.views import directory, followup, live, members, motions, sessions

__all__ = ["directory", "followup", "live", "members", "motions", "sessions"]
