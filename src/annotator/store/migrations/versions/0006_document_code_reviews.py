"""Reviews of document codes: a reviewer's verdict (accept, reject, comment) on a colleague's
document code, with the same verdicts as the reviews of spans; the latest accept or reject is
its status, the history stays.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document_code_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(36), nullable=False),
        sa.Column("document_code_id", sa.Integer(), nullable=False),
        sa.Column("reviewer", sa.Text(), nullable=False),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.CheckConstraint(
            "verdict IN ('accepted', 'rejected', 'commented')",
            name="ck_document_code_reviews_verdict_known",
        ),
        sa.ForeignKeyConstraint(
            ["document_code_id"], ["document_codes.id"],
            name="fk_document_code_reviews_document_code_id_document_codes", ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_document_code_reviews"),
        sa.UniqueConstraint("uuid", name="uq_document_code_reviews_uuid"),
    )
    op.create_index(
        "ix_document_code_reviews_document_code_id", "document_code_reviews", ["document_code_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_document_code_reviews_document_code_id", table_name="document_code_reviews")
    op.drop_table("document_code_reviews")
