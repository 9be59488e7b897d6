"""Routes of the budgets area, one module per screen family; importing this package attaches them
to the blueprint."""

from app.budgets.views import discussion, editions, proposals, results, review, voting

__all__ = ["discussion", "editions", "proposals", "results", "review", "voting"]
