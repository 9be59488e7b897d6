"""Routes of the votes area; importing this package attaches them to the blueprint."""

from app.votes.views import casting, public, staff

__all__ = ["casting", "public", "staff"]
