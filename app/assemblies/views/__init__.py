"""Routes of the assemblies area, by screen: joining, the room (phones), the facilitator's console, and the
read-only screens (projector, summary, exports, streams)."""

from app.assemblies.views import console, joining, room, screens  # noqa: F401
