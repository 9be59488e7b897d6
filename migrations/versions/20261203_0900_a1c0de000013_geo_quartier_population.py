"""geo: quartier population

Each quartier may carry its own census population and the year of that figure, so that the
dashboards can compare quartiers per 1,000 inhabitants. Both nullable: unknown until a file gives them.

Revision ID: a1c0de000013
Revises: a1c0de000012
Create Date: 2026-12-03 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "a1c0de000013"
down_revision = "a1c0de000012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("geo_quartier", schema=None) as batch_op:
        batch_op.add_column(sa.Column("population", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("population_year", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("geo_quartier", schema=None) as batch_op:
        batch_op.drop_column("population_year")
        batch_op.drop_column("population")
