"""Routes of the feedback area, one module per screen family; importing this package attaches them
to the blueprint."""

from app.feedback.views import common, queue, reports, services, surveys

__all__ = ["common", "queue", "reports", "services", "surveys"]
