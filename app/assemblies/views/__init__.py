"""Routes of the assemblies area, by screen: the room (phones), the facilitator's console, and the
read-only screens (projector, summary, exports, streams)."""

from app.assemblies.views import console, room, screens  # noqa: F401
