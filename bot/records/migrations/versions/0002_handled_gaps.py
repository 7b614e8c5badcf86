"""The dashboard's knowledge-gap queue: turns staff marked as handled (schema version 2).

Revision ID: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "handled_gaps",
        sa.Column(
            "turn_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            primary_key=True,
            autoincrement=False,
        ),
        sa.Column("handled_at", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("handled_gaps")
