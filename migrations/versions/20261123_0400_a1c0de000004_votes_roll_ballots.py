"""votes: votes, voter roll, ballots

Revision ID: a1c0de000004
Revises: a1c0de000003
Create Date: 2026-11-23 04:00:00
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "a1c0de000004"
down_revision = "a1c0de000003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
