"""Routes of the dashboards: the staff and elected version, the public version, their CSV files."""

from app.dashboards.views import pages  # noqa: F401
