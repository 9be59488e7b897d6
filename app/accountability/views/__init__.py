"""The follow-up's routes: public pages and feeds, trackers' pages, staff's pages."""

from app.accountability.views import feeds, manage, public, tracking  # noqa: F401
