"""assemblies: sessions, activities, walls, debates, questions

Revision ID: a1c0de000007
Revises: a1c0de000006
Create Date: 2026-11-23 04:03:00
"""

import sqlalchemy as sa
from alembic import op

revision = "a1c0de000007"
down_revision = "a1c0de000006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assembly_assembly",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assembly_assembly")),
    )
    op.create_table(
        "assembly_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assembly_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("join_code", sa.String(length=12), nullable=False),
        sa.Column("identity", sa.String(length=10), nullable=False),
        sa.Column("moderation", sa.String(length=10), nullable=False),
        sa.Column("dot_budget", sa.Integer(), nullable=False),
        sa.Column("max_notes", sa.Integer(), nullable=False),
        sa.Column("note_interval", sa.Integer(), nullable=False),
        sa.Column("timer_ends_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assembly_id"],
            ["assembly_assembly.id"],
            name=op.f("fk_assembly_session_assembly_id_assembly_assembly"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assembly_session")),
        sa.UniqueConstraint("join_code", name=op.f("uq_assembly_session_join_code")),
    )
    op.create_index(op.f("ix_assembly_session_assembly_id"), "assembly_session", ["assembly_id"], unique=False)
    op.create_table(
        "assembly_activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("private_writing", sa.Boolean(), nullable=False),
        sa.Column("revealed_at", sa.DateTime(), nullable=True),
        sa.Column("statement", sa.Text(), nullable=False),
        sa.Column("highlighted_question_id", sa.Integer(), nullable=True),
        sa.Column("opened_at", sa.DateTime(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["assembly_session.id"],
            name=op.f("fk_assembly_activity_session_id_assembly_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assembly_activity")),
    )
    op.create_index(op.f("ix_assembly_activity_session_id"), "assembly_activity", ["session_id"], unique=False)
    op.create_table(
        "assembly_column",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["assembly_activity.id"],
            name=op.f("fk_assembly_column_activity_id_assembly_activity"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assembly_column")),
    )
    op.create_index(op.f("ix_assembly_column_activity_id"), "assembly_column", ["activity_id"], unique=False)
    op.create_table(
        "assembly_cluster",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("column_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["column_id"],
            ["assembly_column.id"],
            name=op.f("fk_assembly_cluster_column_id_assembly_column"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assembly_cluster")),
    )
    op.create_index(op.f("ix_assembly_cluster_column_id"), "assembly_cluster", ["column_id"], unique=False)
    op.create_table(
        "assembly_participant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("pseudonym", sa.String(length=40), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("joined_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["assembly_session.id"],
            name=op.f("fk_assembly_participant_session_id_assembly_session"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["account_user.id"],
            name=op.f("fk_assembly_participant_user_id_account_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assembly_participant")),
        sa.UniqueConstraint("session_id", "user_id", name=op.f("uq_assembly_participant_session_id_user_id")),
        sa.UniqueConstraint("token", name=op.f("uq_assembly_participant_token")),
    )
    op.create_index(op.f("ix_assembly_participant_session_id"), "assembly_participant", ["session_id"], unique=False)
    op.create_index(op.f("ix_assembly_participant_user_id"), "assembly_participant", ["user_id"], unique=False)
    op.create_table(
        "assembly_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("column_id", sa.Integer(), nullable=False),
        sa.Column("cluster_id", sa.Integer(), nullable=True),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=280), nullable=False),
        sa.Column("colour", sa.String(length=10), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("held_reason", sa.String(length=20), nullable=False),
        sa.Column("dots", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["assembly_activity.id"],
            name=op.f("fk_assembly_note_activity_id_assembly_activity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["assembly_cluster.id"],
            name=op.f("fk_assembly_note_cluster_id_assembly_cluster"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["column_id"],
            ["assembly_column.id"],
            name=op.f("fk_assembly_note_column_id_assembly_column"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["assembly_participant.id"],
            name=op.f("fk_assembly_note_participant_id_assembly_participant"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assembly_note")),
    )
    op.create_index(op.f("ix_assembly_note_activity_id"), "assembly_note", ["activity_id"], unique=False)
    op.create_index(op.f("ix_assembly_note_column_id"), "assembly_note", ["column_id"], unique=False)
    op.create_table(
        "assembly_question",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("held_reason", sa.String(length=20), nullable=False),
        sa.Column("votes", sa.Integer(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["assembly_activity.id"],
            name=op.f("fk_assembly_question_activity_id_assembly_activity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["answered_by_id"],
            ["account_user.id"],
            name=op.f("fk_assembly_question_answered_by_id_account_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["assembly_participant.id"],
            name=op.f("fk_assembly_question_participant_id_assembly_participant"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assembly_question")),
    )
    op.create_index(op.f("ix_assembly_question_activity_id"), "assembly_question", ["activity_id"], unique=False)
    op.create_table(
        "assembly_stance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("side", sa.String(length=10), nullable=False),
        sa.Column("first_side", sa.String(length=10), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["assembly_activity.id"],
            name=op.f("fk_assembly_stance_activity_id_assembly_activity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["assembly_participant.id"],
            name=op.f("fk_assembly_stance_participant_id_assembly_participant"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assembly_stance")),
        sa.UniqueConstraint(
            "activity_id", "participant_id", name=op.f("uq_assembly_stance_activity_id_participant_id")
        ),
    )
    op.create_index(op.f("ix_assembly_stance_activity_id"), "assembly_stance", ["activity_id"], unique=False)
    op.create_table(
        "assembly_stance_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("from_side", sa.String(length=10), nullable=True),
        sa.Column("to_side", sa.String(length=10), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["assembly_activity.id"],
            name=op.f("fk_assembly_stance_change_activity_id_assembly_activity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["assembly_participant.id"],
            name=op.f("fk_assembly_stance_change_participant_id_assembly_participant"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assembly_stance_change")),
    )
    op.create_index(
        op.f("ix_assembly_stance_change_activity_id"), "assembly_stance_change", ["activity_id"], unique=False
    )
    op.create_table(
        "assembly_dot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("note_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["assembly_activity.id"],
            name=op.f("fk_assembly_dot_activity_id_assembly_activity"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["note_id"], ["assembly_note.id"], name=op.f("fk_assembly_dot_note_id_assembly_note"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["assembly_participant.id"],
            name=op.f("fk_assembly_dot_participant_id_assembly_participant"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assembly_dot")),
        sa.UniqueConstraint("note_id", "participant_id", name=op.f("uq_assembly_dot_note_id_participant_id")),
    )
    op.create_index(op.f("ix_assembly_dot_activity_id"), "assembly_dot", ["activity_id"], unique=False)
    op.create_index(op.f("ix_assembly_dot_note_id"), "assembly_dot", ["note_id"], unique=False)
    op.create_table(
        "assembly_question_vote",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["assembly_participant.id"],
            name=op.f("fk_assembly_question_vote_participant_id_assembly_participant"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["assembly_question.id"],
            name=op.f("fk_assembly_question_vote_question_id_assembly_question"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assembly_question_vote")),
        sa.UniqueConstraint(
            "question_id", "participant_id", name=op.f("uq_assembly_question_vote_question_id_participant_id")
        ),
    )
    op.create_index(
        op.f("ix_assembly_question_vote_question_id"), "assembly_question_vote", ["question_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_assembly_question_vote_question_id"), table_name="assembly_question_vote")
    op.drop_table("assembly_question_vote")
    op.drop_index(op.f("ix_assembly_dot_note_id"), table_name="assembly_dot")
    op.drop_index(op.f("ix_assembly_dot_activity_id"), table_name="assembly_dot")
    op.drop_table("assembly_dot")
    op.drop_index(op.f("ix_assembly_stance_change_activity_id"), table_name="assembly_stance_change")
    op.drop_table("assembly_stance_change")
    op.drop_index(op.f("ix_assembly_stance_activity_id"), table_name="assembly_stance")
    op.drop_table("assembly_stance")
    op.drop_index(op.f("ix_assembly_question_activity_id"), table_name="assembly_question")
    op.drop_table("assembly_question")
    op.drop_index(op.f("ix_assembly_note_column_id"), table_name="assembly_note")
    op.drop_index(op.f("ix_assembly_note_activity_id"), table_name="assembly_note")
    op.drop_table("assembly_note")
    op.drop_index(op.f("ix_assembly_participant_user_id"), table_name="assembly_participant")
    op.drop_index(op.f("ix_assembly_participant_session_id"), table_name="assembly_participant")
    op.drop_table("assembly_participant")
    op.drop_index(op.f("ix_assembly_cluster_column_id"), table_name="assembly_cluster")
    op.drop_table("assembly_cluster")
    op.drop_index(op.f("ix_assembly_column_activity_id"), table_name="assembly_column")
    op.drop_table("assembly_column")
    op.drop_index(op.f("ix_assembly_activity_session_id"), table_name="assembly_activity")
    op.drop_table("assembly_activity")
    op.drop_index(op.f("ix_assembly_session_assembly_id"), table_name="assembly_session")
    op.drop_table("assembly_session")
    op.drop_table("assembly_assembly")
