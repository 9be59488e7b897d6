"""councils: bodies, memberships, sessions, minutes, actions

Revision ID: a1c0de000006
Revises: a1c0de000005
Create Date: 2026-11-23 04:02:00
"""

import sqlalchemy as sa
from alembic import op

revision = "a1c0de000006"
down_revision = "a1c0de000005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "council_body",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=160), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("joining", sa.String(length=10), nullable=False),
        sa.Column("contact_email", sa.String(length=254), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_council_body")),
        sa.UniqueConstraint("slug", name=op.f("uq_council_body_slug")),
    )
    with op.batch_alter_table("council_body", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_council_body_kind"), ["kind"], unique=False)

    op.create_table(
        "council_body_quartier",
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("quartier_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["body_id"],
            ["council_body.id"],
            name=op.f("fk_council_body_quartier_body_id_council_body"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["quartier_id"],
            ["geo_quartier.id"],
            name=op.f("fk_council_body_quartier_quartier_id_geo_quartier"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("body_id", "quartier_id", name=op.f("pk_council_body_quartier")),
    )
    op.create_table(
        "council_membership",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("position", sa.String(length=12), nullable=False),
        sa.Column("show_name", sa.Boolean(), nullable=False),
        sa.Column("request_message", sa.Text(), nullable=False),
        sa.Column("reply_message", sa.Text(), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("joined_at", sa.DateTime(), nullable=True),
        sa.Column("left_at", sa.DateTime(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["body_id"],
            ["council_body.id"],
            name=op.f("fk_council_membership_body_id_council_body"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["account_user.id"],
            name=op.f("fk_council_membership_decided_by_id_account_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["account_user.id"],
            name=op.f("fk_council_membership_user_id_account_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_council_membership")),
        sa.UniqueConstraint("body_id", "user_id", name=op.f("uq_council_membership_body_id_user_id")),
    )
    with op.batch_alter_table("council_membership", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_council_membership_body_id"), ["body_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_council_membership_user_id"), ["user_id"], unique=False)

    op.create_table(
        "council_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=160), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("mode", sa.String(length=10), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("online_url", sa.String(length=500), nullable=False),
        sa.Column("seat_limit", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("live_version", sa.Integer(), nullable=False),
        sa.Column("current_position", sa.Integer(), nullable=True),
        sa.Column("guests", sa.Integer(), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("cancelled_reason", sa.Text(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.Text(), nullable=False),
        sa.Column("minutes_status", sa.String(length=10), nullable=False),
        sa.Column("minutes_approved_at", sa.DateTime(), nullable=True),
        sa.Column("minutes_approved_by_id", sa.Integer(), nullable=True),
        sa.Column("minutes_published_at", sa.DateTime(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["body_id"], ["council_body.id"], name=op.f("fk_council_session_body_id_council_body"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["account_user.id"],
            name=op.f("fk_council_session_created_by_id_account_user"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["minutes_approved_by_id"],
            ["account_user.id"],
            name=op.f("fk_council_session_minutes_approved_by_id_account_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_council_session")),
    )
    with op.batch_alter_table("council_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_council_session_body_id"), ["body_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_council_session_starts_at"), ["starts_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_council_session_status"), ["status"], unique=False)

    op.create_table(
        "council_agenda_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["council_session.id"],
            name=op.f("fk_council_agenda_item_session_id_council_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_council_agenda_item")),
    )
    with op.batch_alter_table("council_agenda_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_council_agenda_item_session_id"), ["session_id"], unique=False)

    op.create_table(
        "council_attendance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["council_session.id"],
            name=op.f("fk_council_attendance_session_id_council_session"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["account_user.id"],
            name=op.f("fk_council_attendance_user_id_account_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_council_attendance")),
        sa.UniqueConstraint("session_id", "user_id", name=op.f("uq_council_attendance_session_id_user_id")),
    )
    with op.batch_alter_table("council_attendance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_council_attendance_session_id"), ["session_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_council_attendance_user_id"), ["user_id"], unique=False)

    op.create_table(
        "council_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=160), nullable=False),
        sa.Column("stored_name", sa.String(length=80), nullable=False),
        sa.Column("content_type", sa.String(length=40), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["council_session.id"],
            name=op.f("fk_council_document_session_id_council_session"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["account_user.id"],
            name=op.f("fk_council_document_uploaded_by_id_account_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_council_document")),
        sa.UniqueConstraint("stored_name", name=op.f("uq_council_document_stored_name")),
    )
    with op.batch_alter_table("council_document", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_council_document_session_id"), ["session_id"], unique=False)

    op.create_table(
        "council_registration",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["council_session.id"],
            name=op.f("fk_council_registration_session_id_council_session"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["account_user.id"],
            name=op.f("fk_council_registration_user_id_account_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_council_registration")),
        sa.UniqueConstraint("session_id", "user_id", name=op.f("uq_council_registration_session_id_user_id")),
    )
    with op.batch_alter_table("council_registration", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_council_registration_session_id"), ["session_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_council_registration_user_id"), ["user_id"], unique=False)

    op.create_table(
        "council_speaker",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("raised_at", sa.DateTime(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["council_session.id"],
            name=op.f("fk_council_speaker_session_id_council_session"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["account_user.id"], name=op.f("fk_council_speaker_user_id_account_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_council_speaker")),
    )
    with op.batch_alter_table("council_speaker", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_council_speaker_session_id"), ["session_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_council_speaker_user_id"), ["user_id"], unique=False)

    op.create_table(
        "council_motion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("agenda_item_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("method", sa.String(length=12), nullable=False),
        sa.Column("secret", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("votes_for", sa.Integer(), nullable=True),
        sa.Column("votes_against", sa.Integer(), nullable=True),
        sa.Column("abstentions", sa.Integer(), nullable=True),
        sa.Column("result", sa.String(length=10), nullable=True),
        sa.Column("decision", sa.Text(), nullable=False),
        sa.Column("vote_ref", sa.String(length=60), nullable=True),
        sa.Column("opened_at", sa.DateTime(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["agenda_item_id"],
            ["council_agenda_item.id"],
            name=op.f("fk_council_motion_agenda_item_id_council_agenda_item"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["council_session.id"],
            name=op.f("fk_council_motion_session_id_council_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_council_motion")),
    )
    with op.batch_alter_table("council_motion", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_council_motion_session_id"), ["session_id"], unique=False)

    op.create_table(
        "council_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("motion_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("owner", sa.String(length=120), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["body_id"], ["council_body.id"], name=op.f("fk_council_action_body_id_council_body"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["motion_id"],
            ["council_motion.id"],
            name=op.f("fk_council_action_motion_id_council_motion"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["council_session.id"],
            name=op.f("fk_council_action_session_id_council_session"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_council_action")),
    )
    with op.batch_alter_table("council_action", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_council_action_body_id"), ["body_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_council_action_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("council_action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_council_action_status"))
        batch_op.drop_index(batch_op.f("ix_council_action_body_id"))

    op.drop_table("council_action")
    with op.batch_alter_table("council_motion", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_council_motion_session_id"))

    op.drop_table("council_motion")
    with op.batch_alter_table("council_speaker", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_council_speaker_user_id"))
        batch_op.drop_index(batch_op.f("ix_council_speaker_session_id"))

    op.drop_table("council_speaker")
    with op.batch_alter_table("council_registration", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_council_registration_user_id"))
        batch_op.drop_index(batch_op.f("ix_council_registration_session_id"))

    op.drop_table("council_registration")
    with op.batch_alter_table("council_document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_council_document_session_id"))

    op.drop_table("council_document")
    with op.batch_alter_table("council_attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_council_attendance_user_id"))
        batch_op.drop_index(batch_op.f("ix_council_attendance_session_id"))

    op.drop_table("council_attendance")
    with op.batch_alter_table("council_agenda_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_council_agenda_item_session_id"))

    op.drop_table("council_agenda_item")
    with op.batch_alter_table("council_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_council_session_status"))
        batch_op.drop_index(batch_op.f("ix_council_session_starts_at"))
        batch_op.drop_index(batch_op.f("ix_council_session_body_id"))

    op.drop_table("council_session")
    with op.batch_alter_table("council_membership", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_council_membership_user_id"))
        batch_op.drop_index(batch_op.f("ix_council_membership_body_id"))

    op.drop_table("council_membership")
    op.drop_table("council_body_quartier")
    with op.batch_alter_table("council_body", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_council_body_kind"))

    op.drop_table("council_body")
