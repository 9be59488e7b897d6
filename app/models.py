"""Every area's models, imported in one place so Alembic sees the whole schema."""

from app.accounts import models as accounts_models
from app.core import audit
from app.geo import models as geo_models

__all__ = ["accounts_models", "audit", "geo_models"]
