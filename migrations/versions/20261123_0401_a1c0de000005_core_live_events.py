"""core: live events for live screens

Revision ID: a1c0de000005
Revises: a1c0de000004
Create Date: 2026-11-23 04:01:00
"""

import sqlalchemy as sa
from alembic import op

revision = "a1c0de000005"
down_revision = "a1c0de000004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "core_live_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("html", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_core_live_event")),
    )
    op.create_index("ix_core_live_event_channel_id", "core_live_event", ["channel", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_core_live_event_channel_id", table_name="core_live_event")
    op.drop_table("core_live_event")
