"""accounts: sign-in through OpenID Connect providers

Revision ID: a1c0de000008
Revises: a1c0de000007
Create Date: 2026-11-23 04:04:00
"""

import sqlalchemy as sa
from alembic import op

revision = "a1c0de000008"
down_revision = "a1c0de000007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "account_external_identity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("provider", sa.String(length=30), nullable=False),
        sa.Column("subject_hash", sa.String(length=64), nullable=False),
        sa.Column("identity_key", sa.String(length=64), nullable=True),
        sa.Column("linked_at", sa.DateTime(), nullable=False),
        sa.Column("last_login_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["account_user.id"],
            name=op.f("fk_account_external_identity_user_id_account_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_external_identity")),
        sa.UniqueConstraint("identity_key", name=op.f("uq_account_external_identity_identity_key")),
        sa.UniqueConstraint(
            "provider", "subject_hash", name=op.f("uq_account_external_identity_provider_subject_hash")
        ),
    )
    with op.batch_alter_table("account_external_identity") as batch_op:
        batch_op.create_index(batch_op.f("ix_account_external_identity_user_id"), ["user_id"], unique=False)

    op.create_table(
        "account_oidc_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("state_hash", sa.String(length=64), nullable=False),
        sa.Column("provider", sa.String(length=30), nullable=False),
        sa.Column("purpose", sa.String(length=10), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("nonce", sa.String(length=64), nullable=False),
        sa.Column("code_verifier", sa.String(length=128), nullable=False),
        sa.Column("next_url", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("returned_at", sa.DateTime(), nullable=True),
        sa.Column("pending", sa.Text(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["account_user.id"],
            name=op.f("fk_account_oidc_attempt_user_id_account_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_oidc_attempt")),
        sa.UniqueConstraint("state_hash", name=op.f("uq_account_oidc_attempt_state_hash")),
    )
    with op.batch_alter_table("account_oidc_attempt") as batch_op:
        batch_op.create_index(batch_op.f("ix_account_oidc_attempt_expires_at"), ["expires_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_account_oidc_attempt_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("account_oidc_attempt") as batch_op:
        batch_op.drop_index(batch_op.f("ix_account_oidc_attempt_user_id"))
        batch_op.drop_index(batch_op.f("ix_account_oidc_attempt_expires_at"))
    op.drop_table("account_oidc_attempt")
    with op.batch_alter_table("account_external_identity") as batch_op:
        batch_op.drop_index(batch_op.f("ix_account_external_identity_user_id"))
    op.drop_table("account_external_identity")
