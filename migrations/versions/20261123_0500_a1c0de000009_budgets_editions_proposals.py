"""budgets: editions, phases, envelopes, proposals, review decisions, comments, reports, supports

Revision ID: a1c0de000009
Revises: a1c0de000008
Create Date: 2026-11-23 05:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "a1c0de000009"
down_revision = "a1c0de000008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "budget_edition",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=60), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("unverified_may_propose", sa.Boolean(), nullable=False),
        sa.Column("unverified_may_support", sa.Boolean(), nullable=False),
        sa.Column("support_limit", sa.Integer(), nullable=True),
        sa.Column("support_pass_count", sa.Integer(), nullable=True),
        sa.Column("support_leads_to", sa.String(length=10), nullable=False),
        sa.Column("show_support_counts", sa.Boolean(), nullable=False),
        sa.Column("voting_scope", sa.String(length=14), nullable=False),
        sa.Column("rule", sa.String(length=20), nullable=False),
        sa.Column("show_counts_during_vote", sa.Boolean(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["account_user.id"],
            name=op.f("fk_budget_edition_created_by_id_account_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_edition")),
        sa.UniqueConstraint("slug", name=op.f("uq_budget_edition_slug")),
    )
    with op.batch_alter_table("budget_edition", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_budget_edition_year"), ["year"], unique=False)

    op.create_table(
        "budget_envelope",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("edition_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=160), nullable=False),
        sa.Column("scope", sa.String(length=10), nullable=False),
        sa.Column("sector_id", sa.Integer(), nullable=True),
        sa.Column("district_id", sa.Integer(), nullable=True),
        sa.Column("amount", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("ballot_kind", sa.String(length=10), nullable=False),
        sa.Column("min_choices", sa.Integer(), nullable=True),
        sa.Column("max_choices", sa.Integer(), nullable=True),
        sa.Column("min_share", sa.Integer(), nullable=True),
        sa.Column("vote_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["district_id"], ["geo_district.id"], name=op.f("fk_budget_envelope_district_id_geo_district")
        ),
        sa.ForeignKeyConstraint(
            ["edition_id"],
            ["budget_edition.id"],
            name=op.f("fk_budget_envelope_edition_id_budget_edition"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["sector_id"], ["geo_sector.id"], name=op.f("fk_budget_envelope_sector_id_geo_sector")),
        sa.ForeignKeyConstraint(
            ["vote_id"], ["votes_vote.id"], name=op.f("fk_budget_envelope_vote_id_votes_vote"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_envelope")),
    )
    with op.batch_alter_table("budget_envelope", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_budget_envelope_edition_id"), ["edition_id"], unique=False)

    op.create_table(
        "budget_phase",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("edition_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["edition_id"],
            ["budget_edition.id"],
            name=op.f("fk_budget_phase_edition_id_budget_edition"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_phase")),
        sa.UniqueConstraint("edition_id", "kind", name=op.f("uq_budget_phase_edition_id_kind")),
    )
    with op.batch_alter_table("budget_phase", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_budget_phase_edition_id"), ["edition_id"], unique=False)

    op.create_table(
        "budget_proposal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("edition_id", sa.Integer(), nullable=False),
        sa.Column("envelope_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=160), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("estimated_cost", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("reviewed_cost", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("theme", sa.String(length=20), nullable=False),
        sa.Column("quartier_id", sa.Integer(), nullable=True),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=False),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        sa.Column("support_count", sa.Integer(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("hidden_at", sa.DateTime(), nullable=True),
        sa.Column("hidden_reason", sa.Text(), nullable=False),
        sa.Column("hidden_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["account_user.id"],
            name=op.f("fk_budget_proposal_author_id_account_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["edition_id"],
            ["budget_edition.id"],
            name=op.f("fk_budget_proposal_edition_id_budget_edition"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["envelope_id"], ["budget_envelope.id"], name=op.f("fk_budget_proposal_envelope_id_budget_envelope")
        ),
        sa.ForeignKeyConstraint(
            ["hidden_by_id"],
            ["account_user.id"],
            name=op.f("fk_budget_proposal_hidden_by_id_account_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["merged_into_id"],
            ["budget_proposal.id"],
            name=op.f("fk_budget_proposal_merged_into_id_budget_proposal"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["quartier_id"], ["geo_quartier.id"], name=op.f("fk_budget_proposal_quartier_id_geo_quartier")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_proposal")),
    )
    with op.batch_alter_table("budget_proposal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_budget_proposal_edition_id"), ["edition_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_budget_proposal_envelope_id"), ["envelope_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_budget_proposal_quartier_id"), ["quartier_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_budget_proposal_status"), ["status"], unique=False)

    op.create_table(
        "budget_comment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("alignment", sa.String(length=8), nullable=False),
        sa.Column("hidden_at", sa.DateTime(), nullable=True),
        sa.Column("hidden_reason", sa.Text(), nullable=False),
        sa.Column("hidden_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["account_user.id"],
            name=op.f("fk_budget_comment_author_id_account_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["hidden_by_id"],
            ["account_user.id"],
            name=op.f("fk_budget_comment_hidden_by_id_account_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["budget_comment.id"],
            name=op.f("fk_budget_comment_parent_id_budget_comment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["budget_proposal.id"],
            name=op.f("fk_budget_comment_proposal_id_budget_proposal"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_comment")),
    )
    with op.batch_alter_table("budget_comment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_budget_comment_parent_id"), ["parent_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_budget_comment_proposal_id"), ["proposal_id"], unique=False)

    op.create_table(
        "budget_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=14), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["account_user.id"],
            name=op.f("fk_budget_decision_actor_id_account_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["budget_proposal.id"],
            name=op.f("fk_budget_decision_proposal_id_budget_proposal"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_decision")),
    )
    with op.batch_alter_table("budget_decision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_budget_decision_proposal_id"), ["proposal_id"], unique=False)

    op.create_table(
        "budget_proposal_author",
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["budget_proposal.id"],
            name=op.f("fk_budget_proposal_author_proposal_id_budget_proposal"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["account_user.id"],
            name=op.f("fk_budget_proposal_author_user_id_account_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("proposal_id", "user_id", name=op.f("pk_budget_proposal_author")),
    )
    op.create_table(
        "budget_proposal_image",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("stored_name", sa.String(length=80), nullable=False),
        sa.Column("content_type", sa.String(length=40), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("alt", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["budget_proposal.id"],
            name=op.f("fk_budget_proposal_image_proposal_id_budget_proposal"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_proposal_image")),
        sa.UniqueConstraint("stored_name", name=op.f("uq_budget_proposal_image_stored_name")),
    )
    with op.batch_alter_table("budget_proposal_image", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_budget_proposal_image_proposal_id"), ["proposal_id"], unique=False)

    op.create_table(
        "budget_support",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("edition_id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["edition_id"],
            ["budget_edition.id"],
            name=op.f("fk_budget_support_edition_id_budget_edition"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["budget_proposal.id"],
            name=op.f("fk_budget_support_proposal_id_budget_proposal"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["account_user.id"], name=op.f("fk_budget_support_user_id_account_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_support")),
        sa.UniqueConstraint("proposal_id", "user_id", name=op.f("uq_budget_support_proposal_id_user_id")),
    )
    with op.batch_alter_table("budget_support", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_budget_support_edition_id"), ["edition_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_budget_support_proposal_id"), ["proposal_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_budget_support_user_id"), ["user_id"], unique=False)

    op.create_table(
        "budget_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("edition_id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=True),
        sa.Column("comment_id", sa.Integer(), nullable=True),
        sa.Column("reporter_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=14), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["comment_id"],
            ["budget_comment.id"],
            name=op.f("fk_budget_report_comment_id_budget_comment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["edition_id"],
            ["budget_edition.id"],
            name=op.f("fk_budget_report_edition_id_budget_edition"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["budget_proposal.id"],
            name=op.f("fk_budget_report_proposal_id_budget_proposal"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reporter_id"],
            ["account_user.id"],
            name=op.f("fk_budget_report_reporter_id_account_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by_id"],
            ["account_user.id"],
            name=op.f("fk_budget_report_resolved_by_id_account_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_report")),
    )
    with op.batch_alter_table("budget_report", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_budget_report_edition_id"), ["edition_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("budget_report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_budget_report_edition_id"))

    op.drop_table("budget_report")
    with op.batch_alter_table("budget_support", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_budget_support_user_id"))
        batch_op.drop_index(batch_op.f("ix_budget_support_proposal_id"))
        batch_op.drop_index(batch_op.f("ix_budget_support_edition_id"))

    op.drop_table("budget_support")
    with op.batch_alter_table("budget_proposal_image", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_budget_proposal_image_proposal_id"))

    op.drop_table("budget_proposal_image")
    op.drop_table("budget_proposal_author")
    with op.batch_alter_table("budget_decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_budget_decision_proposal_id"))

    op.drop_table("budget_decision")
    with op.batch_alter_table("budget_comment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_budget_comment_proposal_id"))
        batch_op.drop_index(batch_op.f("ix_budget_comment_parent_id"))

    op.drop_table("budget_comment")
    with op.batch_alter_table("budget_proposal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_budget_proposal_status"))
        batch_op.drop_index(batch_op.f("ix_budget_proposal_quartier_id"))
        batch_op.drop_index(batch_op.f("ix_budget_proposal_envelope_id"))
        batch_op.drop_index(batch_op.f("ix_budget_proposal_edition_id"))

    op.drop_table("budget_proposal")
    with op.batch_alter_table("budget_phase", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_budget_phase_edition_id"))

    op.drop_table("budget_phase")
    with op.batch_alter_table("budget_envelope", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_budget_envelope_edition_id"))

    op.drop_table("budget_envelope")
    with op.batch_alter_table("budget_edition", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_budget_edition_year"))

    op.drop_table("budget_edition")
