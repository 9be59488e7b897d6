"""accountability: follow-up of funded projects

Revision ID: a1c0de000011
Revises: a1c0de000010
Create Date: 2026-12-03 07:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "a1c0de000011"
down_revision = "a1c0de000010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "accountability_follow_up",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=True),
        sa.Column("edition_id", sa.Integer(), nullable=True),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("theme", sa.String(length=20), nullable=False),
        sa.Column("quartier_id", sa.Integer(), nullable=True),
        sa.Column("district_id", sa.Integer(), nullable=True),
        sa.Column("service", sa.String(length=120), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.Column("votes", sa.Integer(), nullable=True),
        sa.Column("budget_voted", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("budget_committed", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("budget_spent", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("planned_start", sa.Date(), nullable=True),
        sa.Column("planned_end", sa.Date(), nullable=True),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("delivered_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["district_id"], ["geo_district.id"], name=op.f("fk_accountability_follow_up_district_id_geo_district")
        ),
        sa.ForeignKeyConstraint(
            ["edition_id"],
            ["budget_edition.id"],
            name=op.f("fk_accountability_follow_up_edition_id_budget_edition"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["accountability_follow_up.id"],
            name=op.f("fk_accountability_follow_up_parent_id_accountability_follow_up"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["budget_proposal.id"],
            name=op.f("fk_accountability_follow_up_proposal_id_budget_proposal"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["quartier_id"], ["geo_quartier.id"], name=op.f("fk_accountability_follow_up_quartier_id_geo_quartier")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accountability_follow_up")),
        sa.UniqueConstraint("proposal_id", name=op.f("uq_accountability_follow_up_proposal_id")),
    )
    with op.batch_alter_table("accountability_follow_up", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_accountability_follow_up_district_id"), ["district_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_accountability_follow_up_edition_id"), ["edition_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_accountability_follow_up_parent_id"), ["parent_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_accountability_follow_up_quartier_id"), ["quartier_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_accountability_follow_up_status"), ["status"], unique=False)

    op.create_table(
        "accountability_follower",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("follow_up_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["follow_up_id"],
            ["accountability_follow_up.id"],
            name=op.f("fk_accountability_follower_follow_up_id_accountability_follow_up"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["account_user.id"],
            name=op.f("fk_accountability_follower_user_id_account_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accountability_follower")),
        sa.UniqueConstraint("follow_up_id", "user_id", name=op.f("uq_accountability_follower_follow_up_id_user_id")),
    )
    with op.batch_alter_table("accountability_follower", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_accountability_follower_follow_up_id"), ["follow_up_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_accountability_follower_user_id"), ["user_id"], unique=False)

    op.create_table(
        "accountability_milestone",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("follow_up_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("planned_on", sa.Date(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["follow_up_id"],
            ["accountability_follow_up.id"],
            name=op.f("fk_accountability_milestone_follow_up_id_accountability_follow_up"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accountability_milestone")),
    )
    with op.batch_alter_table("accountability_milestone", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_accountability_milestone_follow_up_id"), ["follow_up_id"], unique=False)

    op.create_table(
        "accountability_rating",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("follow_up_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("stars", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("stars BETWEEN 1 AND 5", name=op.f("ck_accountability_rating_stars_range")),
        sa.ForeignKeyConstraint(
            ["follow_up_id"],
            ["accountability_follow_up.id"],
            name=op.f("fk_accountability_rating_follow_up_id_accountability_follow_up"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["account_user.id"],
            name=op.f("fk_accountability_rating_user_id_account_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accountability_rating")),
        sa.UniqueConstraint("follow_up_id", "user_id", name=op.f("uq_accountability_rating_follow_up_id_user_id")),
    )
    with op.batch_alter_table("accountability_rating", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_accountability_rating_follow_up_id"), ["follow_up_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_accountability_rating_user_id"), ["user_id"], unique=False)

    op.create_table(
        "accountability_update",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("follow_up_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["account_user.id"],
            name=op.f("fk_accountability_update_author_id_account_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["follow_up_id"],
            ["accountability_follow_up.id"],
            name=op.f("fk_accountability_update_follow_up_id_accountability_follow_up"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accountability_update")),
    )
    with op.batch_alter_table("accountability_update", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_accountability_update_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_accountability_update_follow_up_id"), ["follow_up_id"], unique=False)

    op.create_table(
        "accountability_photo",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("follow_up_id", sa.Integer(), nullable=False),
        sa.Column("milestone_id", sa.Integer(), nullable=True),
        sa.Column("update_id", sa.Integer(), nullable=True),
        sa.Column("stored_name", sa.String(length=80), nullable=False),
        sa.Column("content_type", sa.String(length=40), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("alt", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["follow_up_id"],
            ["accountability_follow_up.id"],
            name=op.f("fk_accountability_photo_follow_up_id_accountability_follow_up"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["milestone_id"],
            ["accountability_milestone.id"],
            name=op.f("fk_accountability_photo_milestone_id_accountability_milestone"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["update_id"],
            ["accountability_update.id"],
            name=op.f("fk_accountability_photo_update_id_accountability_update"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accountability_photo")),
        sa.UniqueConstraint("stored_name", name=op.f("uq_accountability_photo_stored_name")),
    )
    with op.batch_alter_table("accountability_photo", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_accountability_photo_follow_up_id"), ["follow_up_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_accountability_photo_milestone_id"), ["milestone_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_accountability_photo_update_id"), ["update_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("accountability_photo", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accountability_photo_update_id"))
        batch_op.drop_index(batch_op.f("ix_accountability_photo_milestone_id"))
        batch_op.drop_index(batch_op.f("ix_accountability_photo_follow_up_id"))

    op.drop_table("accountability_photo")
    with op.batch_alter_table("accountability_update", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accountability_update_follow_up_id"))
        batch_op.drop_index(batch_op.f("ix_accountability_update_at"))

    op.drop_table("accountability_update")
    with op.batch_alter_table("accountability_rating", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accountability_rating_user_id"))
        batch_op.drop_index(batch_op.f("ix_accountability_rating_follow_up_id"))

    op.drop_table("accountability_rating")
    with op.batch_alter_table("accountability_milestone", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accountability_milestone_follow_up_id"))

    op.drop_table("accountability_milestone")
    with op.batch_alter_table("accountability_follower", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accountability_follower_user_id"))
        batch_op.drop_index(batch_op.f("ix_accountability_follower_follow_up_id"))

    op.drop_table("accountability_follower")
    with op.batch_alter_table("accountability_follow_up", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accountability_follow_up_status"))
        batch_op.drop_index(batch_op.f("ix_accountability_follow_up_quartier_id"))
        batch_op.drop_index(batch_op.f("ix_accountability_follow_up_parent_id"))
        batch_op.drop_index(batch_op.f("ix_accountability_follow_up_edition_id"))
        batch_op.drop_index(batch_op.f("ix_accountability_follow_up_district_id"))

    op.drop_table("accountability_follow_up")
