"""Suggestions: spans proposed by the rules (quotations and their speakers) kept with their state
(open, accepted, dismissed) so that a dismissal is remembered; an annotation says whether the
analyst labelled it or accepted a proposal (`origin`: 'manual' or 'suggested').

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("annotations") as batch:
        batch.add_column(sa.Column("origin", sa.Text(), nullable=False, server_default="manual"))
        batch.create_check_constraint("origin_known", "origin IN ('manual', 'suggested')")
    op.create_table(
        "suggestions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(36), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("source_suggestion_id", sa.Integer(), nullable=True),
        sa.Column("state", sa.String(16), nullable=False, server_default="open"),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.CheckConstraint("kind IN ('claim', 'source')", name="kind_known"),
        # Named as the models name them (the naming convention adds "ck_suggestions_").
        sa.CheckConstraint("state IN ('open', 'accepted', 'dismissed')", name="state_known"),
        sa.CheckConstraint('start >= 0 AND start < "end"', name="span_order"),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"],
            name="fk_suggestions_document_id_documents", ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_suggestion_id"], ["suggestions.id"],
            name="fk_suggestions_source_suggestion_id_suggestions", ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_suggestions"),
        sa.UniqueConstraint("uuid", name="uq_suggestions_uuid"),
        sa.UniqueConstraint(
            "document_id", "kind", "start", "end",
            name="uq_suggestions_document_id_kind_start_end",
        ),
    )
    op.create_index("ix_suggestions_document_id_start", "suggestions", ["document_id", "start"])
    op.create_index(
        "ix_suggestions_source_suggestion_id", "suggestions", ["source_suggestion_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_suggestions_source_suggestion_id", table_name="suggestions")
    op.drop_index("ix_suggestions_document_id_start", table_name="suggestions")
    op.drop_table("suggestions")
    with op.batch_alter_table("annotations") as batch:
        batch.drop_constraint("ck_annotations_origin_known", type_="check")
        batch.drop_column("origin")
