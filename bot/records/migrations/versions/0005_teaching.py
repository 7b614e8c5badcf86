"""Staff teaching from real traffic: linked and declined questions, with who and when (schema version 5).

Files written by the bot before alembic at its user_version 4 already have the table (same columns), so it
is created only when missing; bot.records.migrate adopts such files at 0002.

Revision ID: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if sa.inspect(op.get_bind()).has_table("teaching"):
        return
    op.create_table(
        "teaching",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), primary_key=True, autoincrement=True
        ),
        sa.Column("created_at", sa.Text, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("snippet_id", sa.Text, nullable=False, server_default=""),
        sa.Column("path", sa.Text, nullable=False, server_default=""),
        sa.Column("staff", sa.Text, nullable=False, server_default=""),
        sa.Column("client", sa.Text, nullable=False, server_default=""),
    )


def downgrade() -> None:
    op.drop_table("teaching")
