"""Documents, codebook and annotations.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(36), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("date", sa.String(10), nullable=True),
        sa.Column("source_name", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("length", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_documents"),
        sa.UniqueConstraint("uuid", name="uq_documents_uuid"),
        sa.UniqueConstraint("sha256", name="uq_documents_sha256"),
    )
    op.create_table(
        "labels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(36), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("color", sa.String(9), nullable=False),
        sa.Column("shortcut", sa.String(1), nullable=True),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_labels"),
        sa.UniqueConstraint("uuid", name="uq_labels_uuid"),
        sa.UniqueConstraint("name", name="uq_labels_name"),
        sa.UniqueConstraint("shortcut", name="uq_labels_shortcut"),
    )
    op.create_table(
        "annotations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(36), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("label_id", sa.Integer(), nullable=False),
        sa.Column("annotator", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.CheckConstraint('start >= 0 AND start < "end"', name="span_order"),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"],
            name="fk_annotations_document_id_documents", ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["label_id"], ["labels.id"], name="fk_annotations_label_id_labels"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_annotations"),
        sa.UniqueConstraint("uuid", name="uq_annotations_uuid"),
        sa.UniqueConstraint(
            "document_id", "label_id", "annotator", "start", "end",
            name="uq_annotations_document_id_label_id_annotator_start_end",
        ),
    )
    op.create_index("ix_annotations_document_id_start", "annotations", ["document_id", "start"])
    op.create_index("ix_annotations_label_id", "annotations", ["label_id"])


def downgrade() -> None:
    op.drop_table("annotations")
    op.drop_table("labels")
    op.drop_table("documents")
