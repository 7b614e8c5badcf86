"""The issues of each answered turn (topic key and how it was handled), for the dashboard's per-issue counts
(schema version 7). Turns logged before it keep an empty list.

Revision ID: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Like 0004 to 0006, only what is missing: an adopted pre-alembic file may lack the table altogether.
    inspector = sa.inspect(op.get_bind())
    if not inspector.has_table("turns"):
        return
    if "issues" not in {c["name"] for c in inspector.get_columns("turns")}:
        op.add_column("turns", sa.Column("issues", sa.Text, nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("turns") as batch:
        batch.drop_column("issues")
