"""Staff sign-in sessions and idempotency keys (issue 15's hardening; schema version 4).

Files written by the bot before alembic at its user_version 3 or 4 already have both tables (same columns), so
each is created only when missing; bot.records.migrate adopts such files at 0002.

Revision ID: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    if not inspector.has_table("staff_sessions"):
        op.create_table(
            "staff_sessions",
            sa.Column("id_hash", sa.Text, primary_key=True),
            sa.Column("csrf_token", sa.Text, nullable=False),
            sa.Column("created_at", sa.Text, nullable=False),
            sa.Column("expires_at", sa.Text, nullable=False),
        )
    if not inspector.has_table("idempotency_keys"):
        op.create_table(
            "idempotency_keys",
            sa.Column("endpoint", sa.Text, primary_key=True),
            sa.Column("key", sa.Text, primary_key=True),
            sa.Column("request_hash", sa.Text, nullable=False),
            sa.Column("created_at", sa.Text, nullable=False),
            sa.Column("status", sa.Integer),
            sa.Column("body", sa.Text),
        )


def downgrade() -> None:
    op.drop_table("idempotency_keys")
    op.drop_table("staff_sessions")
