"""geo: sectors, districts and quartiers

Revision ID: a1c0de000002
Revises: a1c0de000001
Create Date: 2026-11-23 03:31:00
"""

import sqlalchemy as sa
from alembic import op

revision = "a1c0de000002"
down_revision = "a1c0de000001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "geo_sector",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("town_hall", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_geo_sector")),
        sa.UniqueConstraint("number", name=op.f("uq_geo_sector_number")),
    )
    op.create_table(
        "geo_district",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("population", sa.Integer(), nullable=True),
        sa.Column("population_year", sa.Integer(), nullable=True),
        sa.Column("sector_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["sector_id"], ["geo_sector.id"], name=op.f("fk_geo_district_sector_id_geo_sector")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_geo_district")),
        sa.UniqueConstraint("code", name=op.f("uq_geo_district_code")),
    )
    with op.batch_alter_table("geo_district", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_geo_district_number"), ["number"], unique=False)
        batch_op.create_index(batch_op.f("ix_geo_district_sector_id"), ["sector_id"], unique=False)
    op.create_table(
        "geo_quartier",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("district_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["district_id"], ["geo_district.id"], name=op.f("fk_geo_quartier_district_id_geo_district")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_geo_quartier")),
        sa.UniqueConstraint("slug", name=op.f("uq_geo_quartier_slug")),
    )
    with op.batch_alter_table("geo_quartier", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_geo_quartier_district_id"), ["district_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("geo_quartier", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_geo_quartier_district_id"))
    op.drop_table("geo_quartier")
    with op.batch_alter_table("geo_district", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_geo_district_sector_id"))
        batch_op.drop_index(batch_op.f("ix_geo_district_number"))
    op.drop_table("geo_district")
    op.drop_table("geo_sector")
