"""Project facts table and an index for per-annotator queries.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "project_meta",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_project_meta"),
    )
    with op.batch_alter_table("annotations") as batch:
        batch.create_index("ix_annotations_annotator", ["annotator"])


def downgrade() -> None:
    with op.batch_alter_table("annotations") as batch:
        batch.drop_index("ix_annotations_annotator")
    op.drop_table("project_meta")
