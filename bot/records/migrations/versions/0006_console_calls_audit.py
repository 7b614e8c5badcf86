"""The caseworker console: closed phone calls, the staff audit log, and the role and name of a staff
session (schema version 6).

Files written by the bot before alembic at its user_version 5 already have all of it (same columns), so each
table, index and column is created only when missing; bot.records.migrate adopts such files at 0002.

Revision ID: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

RowId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    present = {c["name"] for c in inspector.get_columns("staff_sessions")}
    if "role" not in present:
        op.add_column("staff_sessions", sa.Column("role", sa.Text, nullable=False, server_default="admin"))
    if "name" not in present:
        op.add_column("staff_sessions", sa.Column("name", sa.Text, nullable=False, server_default=""))
    if not inspector.has_table("calls"):
        op.create_table(
            "calls",
            sa.Column("id", RowId, primary_key=True, autoincrement=True),
            sa.Column("created_at", sa.Text, nullable=False),
            sa.Column("outcome", sa.Text, nullable=False),
            sa.Column("topics", sa.Text, nullable=False, server_default="[]"),
            sa.Column("category", sa.Text, nullable=False, server_default=""),
            sa.Column("notes", sa.Text, nullable=False, server_default=""),
            sa.Column("ticket_number", sa.Text),
            sa.Column("caseworker", sa.Text, nullable=False, server_default=""),
            sa.CheckConstraint("outcome IN ('resolved', 'ticket')", name="calls_outcome"),
        )
        op.create_index("calls_by_time", "calls", ["created_at"])
    if not inspector.has_table("audit_log"):
        op.create_table(
            "audit_log",
            sa.Column("id", RowId, primary_key=True, autoincrement=True),
            sa.Column("created_at", sa.Text, nullable=False),
            sa.Column("actor", sa.Text, nullable=False),
            sa.Column("role", sa.Text, nullable=False),
            sa.Column("action", sa.Text, nullable=False),
            sa.Column("target", sa.Text, nullable=False, server_default=""),
            sa.Column("detail", sa.Text, nullable=False, server_default=""),
        )
        op.create_index("audit_by_time", "audit_log", ["created_at"])


def downgrade() -> None:
    op.drop_table("audit_log")
    op.drop_table("calls")
    with op.batch_alter_table("staff_sessions") as batch:
        batch.drop_column("name")
        batch.drop_column("role")
