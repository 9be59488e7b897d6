"""Every area's models, imported in one place so Alembic sees the whole schema."""

from app.accountability import models as accountability_models
from app.accounts import models as accounts_models
from app.assemblies import models as assemblies_models
from app.budgets import models as budgets_models
from app.budgets import outcomes as budgets_outcomes
from app.core import audit
from app.core.live import models as live_models
from app.councils import models as councils_models
from app.feedback import models as feedback_models
from app.geo import models as geo_models
from app.votes import models as votes_models

__all__ = [
    "accountability_models",
    "accounts_models",
    "assemblies_models",
    "audit",
    "budgets_models",
    "budgets_outcomes",
    "councils_models",
    "feedback_models",
    "geo_models",
    "live_models",
    "votes_models",
]
