"""votes: votes, voter roll, ballots

Revision ID: a1c0de000004
Revises: a1c0de000003
Create Date: 2026-11-23 04:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "a1c0de000004"
down_revision = "a1c0de000003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "votes_vote",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("secret", sa.Boolean(), nullable=False),
        sa.Column("owner", sa.String(length=30), nullable=False),
        sa.Column("owner_ref", sa.String(length=60), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("opens_at", sa.DateTime(), nullable=True),
        sa.Column("closes_at", sa.DateTime(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("eligibility", sa.String(length=10), nullable=False),
        sa.Column("district_ids", sa.JSON(), nullable=False),
        sa.Column("quartier_ids", sa.JSON(), nullable=False),
        sa.Column("min_choices", sa.Integer(), nullable=True),
        sa.Column("max_choices", sa.Integer(), nullable=True),
        sa.Column("budget", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("min_share", sa.Integer(), nullable=True),
        sa.Column("points_per_option", sa.Integer(), nullable=True),
        sa.Column("points_total", sa.Integer(), nullable=True),
        sa.Column("max_ranked", sa.Integer(), nullable=True),
        sa.Column("rank_points", sa.JSON(), nullable=True),
        sa.Column("allow_abstain", sa.Boolean(), nullable=False),
        sa.Column("quorum", sa.Integer(), nullable=True),
        sa.Column("majority", sa.String(length=12), nullable=False),
        sa.Column("rule", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["account_user.id"], name=op.f("fk_votes_vote_created_by_id_account_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_votes_vote")),
    )
    with op.batch_alter_table("votes_vote", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_votes_vote_owner"), ["owner"], unique=False)

    op.create_table(
        "votes_option",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vote_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("cost", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("ref", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(
            ["vote_id"], ["votes_vote.id"], name=op.f("fk_votes_option_vote_id_votes_vote"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_votes_option")),
    )
    with op.batch_alter_table("votes_option", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_votes_option_vote_id"), ["vote_id"], unique=False)

    op.create_table(
        "votes_eligible_voter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vote_id", sa.Integer(), nullable=False),
        sa.Column("voter_key", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(
            ["vote_id"],
            ["votes_vote.id"],
            name=op.f("fk_votes_eligible_voter_vote_id_votes_vote"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_votes_eligible_voter")),
        sa.UniqueConstraint("vote_id", "voter_key", name=op.f("uq_votes_eligible_voter_vote_id_voter_key")),
    )
    with op.batch_alter_table("votes_eligible_voter", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_votes_eligible_voter_vote_id"), ["vote_id"], unique=False)

    # The roll and the ballots: no column, key or sequence links a row of one to a row of the other.
    op.create_table(
        "votes_roll",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vote_id", sa.Integer(), nullable=False),
        sa.Column("voter_key", sa.String(length=80), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("entered_by_id", sa.Integer(), nullable=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entered_by_id"], ["account_user.id"], name=op.f("fk_votes_roll_entered_by_id_account_user")
        ),
        sa.ForeignKeyConstraint(
            ["vote_id"], ["votes_vote.id"], name=op.f("fk_votes_roll_vote_id_votes_vote"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_votes_roll")),
        sa.UniqueConstraint("vote_id", "voter_key", name=op.f("uq_votes_roll_vote_id_voter_key")),
    )
    with op.batch_alter_table("votes_roll", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_votes_roll_voter_key"), ["voter_key"], unique=False)
    op.create_table(
        "votes_ballot",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("vote_id", sa.Integer(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("receipt_hash", sa.String(length=64), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["vote_id"], ["votes_vote.id"], name=op.f("fk_votes_ballot_vote_id_votes_vote"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_votes_ballot")),
        sa.UniqueConstraint("receipt_hash", name=op.f("uq_votes_ballot_receipt_hash")),
        sqlite_with_rowid=False,  # no hidden insertion-order number on SQLite (see the model)
    )
    with op.batch_alter_table("votes_ballot", schema=None) as batch_op:
        batch_op.create_index("ix_votes_ballot_vote_receipt", ["vote_id", "receipt_hash"], unique=False)

    op.create_table(
        "votes_open_choice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("vote_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("voter_name", sa.String(length=120), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("receipt_hash", sa.String(length=64), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["account_user.id"],
            name=op.f("fk_votes_open_choice_user_id_account_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["vote_id"], ["votes_vote.id"], name=op.f("fk_votes_open_choice_vote_id_votes_vote"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_votes_open_choice")),
        sa.UniqueConstraint("receipt_hash", name=op.f("uq_votes_open_choice_receipt_hash")),
    )
    with op.batch_alter_table("votes_open_choice", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_votes_open_choice_vote_id"), ["vote_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("votes_open_choice", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_votes_open_choice_vote_id"))
    op.drop_table("votes_open_choice")
    with op.batch_alter_table("votes_ballot", schema=None) as batch_op:
        batch_op.drop_index("ix_votes_ballot_vote_receipt")
    op.drop_table("votes_ballot")
    with op.batch_alter_table("votes_roll", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_votes_roll_voter_key"))
    op.drop_table("votes_roll")
    with op.batch_alter_table("votes_eligible_voter", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_votes_eligible_voter_vote_id"))
    op.drop_table("votes_eligible_voter")
    with op.batch_alter_table("votes_option", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_votes_option_vote_id"))
    op.drop_table("votes_option")
    with op.batch_alter_table("votes_vote", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_votes_vote_owner"))
    op.drop_table("votes_vote")
