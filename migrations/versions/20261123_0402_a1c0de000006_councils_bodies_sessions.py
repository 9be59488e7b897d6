"""councils: bodies, memberships, sessions, minutes, actions

Revision ID: a1c0de000006
Revises: a1c0de000005
Create Date: 2026-11-23 04:02:00
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "a1c0de000006"
down_revision = "a1c0de000005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
