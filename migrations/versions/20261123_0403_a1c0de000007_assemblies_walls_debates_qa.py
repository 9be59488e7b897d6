"""assemblies: sessions, activities, walls, debates, questions

Revision ID: a1c0de000007
Revises: a1c0de000006
Create Date: 2026-11-23 04:03:00
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "a1c0de000007"
down_revision = "a1c0de000006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
