"""accounts: users, roles per place, census, verification attempts

Revision ID: a1c0de000003
Revises: a1c0de000002
Create Date: 2026-11-23 03:32:00
"""

import sqlalchemy as sa
from alembic import op

revision = "a1c0de000003"
down_revision = "a1c0de000002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "account_census_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("identity_hash", sa.String(length=64), nullable=False),
        sa.Column("check_hash", sa.String(length=64), nullable=False),
        sa.Column("quartier_id", sa.Integer(), nullable=True),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("batch", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["quartier_id"],
            ["geo_quartier.id"],
            name=op.f("fk_account_census_entry_quartier_id_geo_quartier"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_census_entry")),
        sa.UniqueConstraint("identity_hash", name=op.f("uq_account_census_entry_identity_hash")),
    )
    op.create_table(
        "account_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("password_hash", sa.String(length=255), nullable=True),
        sa.Column("display_name", sa.String(length=80), nullable=False),
        sa.Column("locale", sa.String(length=5), nullable=True),
        sa.Column("email_confirmed_at", sa.DateTime(), nullable=True),
        sa.Column("last_login_at", sa.DateTime(), nullable=True),
        sa.Column("erased_at", sa.DateTime(), nullable=True),
        sa.Column("quartier_id", sa.Integer(), nullable=True),
        sa.Column("gender", sa.String(length=10), nullable=True),
        sa.Column("age_band", sa.String(length=10), nullable=True),
        sa.Column("demographics_consent_at", sa.DateTime(), nullable=True),
        sa.Column("identity_hash", sa.String(length=64), nullable=True),
        sa.Column("verified_at", sa.DateTime(), nullable=True),
        sa.Column("verification_method", sa.String(length=12), nullable=True),
        sa.Column("verified_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["quartier_id"], ["geo_quartier.id"], name=op.f("fk_account_user_quartier_id_geo_quartier")
        ),
        sa.ForeignKeyConstraint(
            ["verified_by_id"], ["account_user.id"], name=op.f("fk_account_user_verified_by_id_account_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_user")),
        sa.UniqueConstraint("email", name=op.f("uq_account_user_email")),
        sa.UniqueConstraint("identity_hash", name=op.f("uq_account_user_identity_hash")),
    )
    with op.batch_alter_table("account_user", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_account_user_quartier_id"), ["quartier_id"], unique=False)
    op.create_table(
        "account_role_grant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("scope_id", sa.String(length=60), nullable=False),
        sa.Column("granted_by_id", sa.Integer(), nullable=True),
        sa.Column("granted_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["granted_by_id"],
            ["account_user.id"],
            name=op.f("fk_account_role_grant_granted_by_id_account_user"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["account_user.id"],
            name=op.f("fk_account_role_grant_user_id_account_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_role_grant")),
        sa.UniqueConstraint("user_id", "role", "scope_id", name="uq_account_role_grant_place"),
    )
    with op.batch_alter_table("account_role_grant", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_account_role_grant_user_id"), ["user_id"], unique=False)
    op.create_table(
        "account_verification_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["account_user.id"],
            name=op.f("fk_account_verification_attempt_user_id_account_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_verification_attempt")),
    )
    with op.batch_alter_table("account_verification_attempt", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_account_verification_attempt_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_account_verification_attempt_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("account_verification_attempt", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_account_verification_attempt_user_id"))
        batch_op.drop_index(batch_op.f("ix_account_verification_attempt_at"))
    op.drop_table("account_verification_attempt")
    with op.batch_alter_table("account_role_grant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_account_role_grant_user_id"))
    op.drop_table("account_role_grant")
    with op.batch_alter_table("account_user", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_account_user_quartier_id"))
    op.drop_table("account_user")
    op.drop_table("account_census_entry")
