"""feedback: feedback from every channel

Services with their delays and managers, items from the web and staff entry (duplicates linked to a
primary), answers, alerts already mailed, satisfaction surveys with one response per invitation.

Revision ID: a1c0de000012
Revises: a1c0de000011
Create Date: 2026-12-03 08:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "a1c0de000012"
down_revision = "a1c0de000011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feedback_service",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("categories", sa.Text(), nullable=False),
        sa.Column("target_days", sa.Integer(), nullable=False),
        sa.Column("urgent_ack_hours", sa.Integer(), nullable=False),
        sa.Column("manager_email", sa.String(length=254), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_service")),
        sa.UniqueConstraint("slug", name=op.f("uq_feedback_service_slug")),
    )
    op.create_table(
        "feedback_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(length=120), nullable=False),
        sa.Column("quartier_id", sa.Integer(), nullable=True),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=False),
        sa.Column("criticality", sa.String(length=8), nullable=False),
        sa.Column("suggested_criticality", sa.String(length=8), nullable=False),
        sa.Column("suggestion_reasons", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("contact_name", sa.String(length=120), nullable=False),
        sa.Column("contact_email", sa.String(length=254), nullable=False),
        sa.Column("contact_phone", sa.String(length=40), nullable=False),
        sa.Column("contact_postal", sa.Text(), nullable=False),
        sa.Column("answer_by", sa.String(length=8), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("primary_id", sa.Integer(), nullable=True),
        sa.Column("photo_name", sa.String(length=80), nullable=True),
        sa.Column("acknowledged_at", sa.DateTime(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignee_id"],
            ["account_user.id"],
            name=op.f("fk_feedback_item_assignee_id_account_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["account_user.id"],
            name=op.f("fk_feedback_item_author_id_account_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["primary_id"],
            ["feedback_item.id"],
            name=op.f("fk_feedback_item_primary_id_feedback_item"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["quartier_id"], ["geo_quartier.id"], name=op.f("fk_feedback_item_quartier_id_geo_quartier")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["account_user.id"],
            name=op.f("fk_feedback_item_recorded_by_id_account_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"], ["feedback_service.id"], name=op.f("fk_feedback_item_service_id_feedback_service")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_item")),
    )
    with op.batch_alter_table("feedback_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_item_author_id"), ["author_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_feedback_item_channel"), ["channel"], unique=False)
        batch_op.create_index(batch_op.f("ix_feedback_item_primary_id"), ["primary_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_feedback_item_quartier_id"), ["quartier_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_feedback_item_service_id"), ["service_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_feedback_item_status"), ["status"], unique=False)

    op.create_table(
        "feedback_survey",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_kind", sa.String(length=20), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["account_user.id"],
            name=op.f("fk_feedback_survey_created_by_id_account_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["feedback_service.id"],
            name=op.f("fk_feedback_survey_service_id_feedback_service"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_survey")),
    )
    with op.batch_alter_table("feedback_survey", schema=None) as batch_op:
        batch_op.create_index("ix_feedback_survey_subject", ["subject_kind", "subject_id"], unique=False)

    op.create_table(
        "feedback_alert",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"], ["feedback_item.id"], name=op.f("fk_feedback_alert_item_id_feedback_item"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_alert")),
        sa.UniqueConstraint("item_id", "kind", name=op.f("uq_feedback_alert_item_id_kind")),
    )
    with op.batch_alter_table("feedback_alert", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_alert_item_id"), ["item_id"], unique=False)

    op.create_table(
        "feedback_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["account_user.id"],
            name=op.f("fk_feedback_answer_author_id_account_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["feedback_item.id"], name=op.f("fk_feedback_answer_item_id_feedback_item"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_answer")),
    )
    with op.batch_alter_table("feedback_answer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_answer_item_id"), ["item_id"], unique=False)

    op.create_table(
        "feedback_invitation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["feedback_survey.id"],
            name=op.f("fk_feedback_invitation_survey_id_feedback_survey"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["account_user.id"],
            name=op.f("fk_feedback_invitation_user_id_account_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_invitation")),
        sa.UniqueConstraint("survey_id", "email", name=op.f("uq_feedback_invitation_survey_id_email")),
    )
    with op.batch_alter_table("feedback_invitation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_invitation_survey_id"), ["survey_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_feedback_invitation_user_id"), ["user_id"], unique=False)

    op.create_table(
        "feedback_survey_response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("invitation_id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("score BETWEEN 1 AND 5", name=op.f("ck_feedback_survey_response_score_range")),
        sa.ForeignKeyConstraint(
            ["invitation_id"],
            ["feedback_invitation.id"],
            name=op.f("fk_feedback_survey_response_invitation_id_feedback_invitation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["feedback_survey.id"],
            name=op.f("fk_feedback_survey_response_survey_id_feedback_survey"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_survey_response")),
        sa.UniqueConstraint("invitation_id", name=op.f("uq_feedback_survey_response_invitation_id")),
    )
    with op.batch_alter_table("feedback_survey_response", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_survey_response_survey_id"), ["survey_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("feedback_survey_response", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_survey_response_survey_id"))

    op.drop_table("feedback_survey_response")
    with op.batch_alter_table("feedback_invitation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_invitation_user_id"))
        batch_op.drop_index(batch_op.f("ix_feedback_invitation_survey_id"))

    op.drop_table("feedback_invitation")
    with op.batch_alter_table("feedback_answer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_answer_item_id"))

    op.drop_table("feedback_answer")
    with op.batch_alter_table("feedback_alert", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_alert_item_id"))

    op.drop_table("feedback_alert")
    with op.batch_alter_table("feedback_survey", schema=None) as batch_op:
        batch_op.drop_index("ix_feedback_survey_subject")

    op.drop_table("feedback_survey")
    with op.batch_alter_table("feedback_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_item_status"))
        batch_op.drop_index(batch_op.f("ix_feedback_item_service_id"))
        batch_op.drop_index(batch_op.f("ix_feedback_item_quartier_id"))
        batch_op.drop_index(batch_op.f("ix_feedback_item_primary_id"))
        batch_op.drop_index(batch_op.f("ix_feedback_item_channel"))
        batch_op.drop_index(batch_op.f("ix_feedback_item_author_id"))

    op.drop_table("feedback_item")
    op.drop_table("feedback_service")
