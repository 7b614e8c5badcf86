"""Turns, feedback and tickets (schema version 1).

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

RowId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "turns",
        sa.Column("id", RowId, primary_key=True, autoincrement=True),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("session_id", sa.Text, nullable=False),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("answer", sa.Text, nullable=False, server_default=""),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("category", sa.Text),
        sa.Column("cited_ids", sa.Text, nullable=False, server_default="[]"),
        sa.Column("confidence", sa.Float),
        sa.Column("latency_ms", sa.Integer),
    )
    op.create_index("turns_by_session", "turns", ["session_id", "id"])
    op.create_index("turns_by_time", "turns", ["created_at"])
    op.create_table(
        "feedback",
        sa.Column("id", RowId, primary_key=True, autoincrement=True),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("turn_id", RowId),
        sa.Column("session_id", sa.Text, nullable=False),
        sa.Column("rating", sa.Text, nullable=False),
        sa.Column("comment", sa.Text, nullable=False, server_default=""),
        sa.CheckConstraint("rating IN ('up', 'down')", name="feedback_rating"),
    )
    op.create_index("feedback_by_time", "feedback", ["created_at"])
    op.create_table(
        "tickets",
        sa.Column("id", RowId, primary_key=True, autoincrement=True),
        sa.Column("number", sa.Text, nullable=False, unique=True),
        sa.Column("day", sa.Text, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("category", sa.Text, nullable=False),
        sa.Column("description", sa.Text, nullable=False),
        sa.Column("phone", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False, server_default=""),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("staff_note", sa.Text, nullable=False, server_default=""),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("updated_at", sa.Text, nullable=False),
        sa.UniqueConstraint("day", "seq"),
    )
    op.create_index("tickets_by_status", "tickets", ["status", "id"])


def downgrade() -> None:
    for table in ("tickets", "feedback", "turns"):
        op.drop_table(table)
