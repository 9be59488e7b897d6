"""budgets: voting and results

Revision ID: a1c0de000010
Revises: a1c0de000009
Create Date: 2026-11-23 06:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "a1c0de000010"
down_revision = "a1c0de000009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "budget_envelope_result",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("envelope_id", sa.Integer(), nullable=False),
        sa.Column("vote_id", sa.Integer(), nullable=True),
        sa.Column("rule", sa.String(length=20), nullable=False),
        sa.Column("ballots", sa.Integer(), nullable=False),
        sa.Column("web_ballots", sa.Integer(), nullable=False),
        sa.Column("paper_ballots", sa.Integer(), nullable=False),
        sa.Column("budget", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("tallied_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["envelope_id"],
            ["budget_envelope.id"],
            name=op.f("fk_budget_envelope_result_envelope_id_budget_envelope"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["vote_id"],
            ["votes_vote.id"],
            name=op.f("fk_budget_envelope_result_vote_id_votes_vote"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_envelope_result")),
        sa.UniqueConstraint("envelope_id", name=op.f("uq_budget_envelope_result_envelope_id")),
    )
    op.create_table(
        "budget_result_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("result_id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("votes", sa.Integer(), nullable=False),
        sa.Column("cost", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("selected", sa.Boolean(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["budget_proposal.id"],
            name=op.f("fk_budget_result_line_proposal_id_budget_proposal"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["result_id"],
            ["budget_envelope_result.id"],
            name=op.f("fk_budget_result_line_result_id_budget_envelope_result"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_result_line")),
        sa.UniqueConstraint("result_id", "proposal_id", name=op.f("uq_budget_result_line_result_id_proposal_id")),
    )
    with op.batch_alter_table("budget_result_line", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_budget_result_line_proposal_id"), ["proposal_id"], unique=False)

    op.create_table(
        "budget_override",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("envelope_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("funded", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["account_user.id"],
            name=op.f("fk_budget_override_actor_id_account_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["envelope_id"],
            ["budget_envelope.id"],
            name=op.f("fk_budget_override_envelope_id_budget_envelope"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["budget_proposal.id"],
            name=op.f("fk_budget_override_proposal_id_budget_proposal"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_override")),
    )
    with op.batch_alter_table("budget_override", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_budget_override_envelope_id"), ["envelope_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_budget_override_proposal_id"), ["proposal_id"], unique=False)

    op.create_table(
        "budget_participation",
        sa.Column("edition_id", sa.Integer(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("computed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["edition_id"],
            ["budget_edition.id"],
            name=op.f("fk_budget_participation_edition_id_budget_edition"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("edition_id", name=op.f("pk_budget_participation")),
    )


def downgrade() -> None:
    op.drop_table("budget_participation")
    with op.batch_alter_table("budget_override", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_budget_override_proposal_id"))
        batch_op.drop_index(batch_op.f("ix_budget_override_envelope_id"))

    op.drop_table("budget_override")
    with op.batch_alter_table("budget_result_line", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_budget_result_line_proposal_id"))

    op.drop_table("budget_result_line")
    op.drop_table("budget_envelope_result")
