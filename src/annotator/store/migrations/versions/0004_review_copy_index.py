"""An index on the reviewer's copy of a reviewed annotation, so that deleting annotations does
not scan every review.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_reviews_copy_annotation_id", "reviews", ["copy_annotation_id"])


def downgrade() -> None:
    op.drop_index("ix_reviews_copy_annotation_id", table_name="reviews")
