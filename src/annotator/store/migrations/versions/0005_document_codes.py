"""Document codes: labels get a kind ('span' or 'document'), and a document-kind label set on a
whole document by an annotator is a row of `document_codes`.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("labels") as batch:
        batch.add_column(sa.Column("kind", sa.String(16), nullable=False, server_default="span"))
        batch.create_check_constraint("kind_known", "kind IN ('span', 'document')")
    op.create_table(
        "document_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(36), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("label_id", sa.Integer(), nullable=False),
        sa.Column("annotator", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"],
            name="fk_document_codes_document_id_documents", ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["label_id"], ["labels.id"], name="fk_document_codes_label_id_labels"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_document_codes"),
        sa.UniqueConstraint("uuid", name="uq_document_codes_uuid"),
        sa.UniqueConstraint(
            "document_id", "label_id", "annotator",
            name="uq_document_codes_document_id_label_id_annotator",
        ),
    )
    op.create_index("ix_document_codes_label_id", "document_codes", ["label_id"])


def downgrade() -> None:
    op.drop_index("ix_document_codes_label_id", table_name="document_codes")
    op.drop_table("document_codes")
    with op.batch_alter_table("labels") as batch:
        batch.drop_constraint("ck_labels_kind_known", type_="check")
        batch.drop_column("kind")
