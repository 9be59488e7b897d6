"""accounts: sign-in through OpenID Connect providers

Revision ID: a1c0de000008
Revises: a1c0de000007
Create Date: 2026-11-23 04:04:00
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "a1c0de000008"
down_revision = "a1c0de000007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
