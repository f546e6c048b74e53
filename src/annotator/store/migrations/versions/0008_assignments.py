"""Assignments: which documents each annotator is to code, and when they marked one done. (Blind
mode, a project setting, is a row of project_meta and needs no table.)

On PostgreSQL the annotations also get row-level security: a session that names its annotator
(`annotator.name`, see `store.team`) may change and delete only that annotator's spans.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("annotator", sa.Text(), nullable=False),
        sa.Column("assigned_at", sa.String(32), nullable=False),
        sa.Column("done_at", sa.String(32), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"],
            name="fk_assignments_document_id_documents", ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_assignments"),
        sa.UniqueConstraint("document_id", "annotator", name="uq_assignments_document_id_annotator"),
    )
    op.create_index("ix_assignments_annotator", "assignments", ["annotator"])
    if op.get_bind().dialect.name == "postgresql":
        from annotator.store.project_file import binary_text_order
        from annotator.store.team import enable_row_security

        binary_text_order(op.get_bind())  # a policy's columns can no longer change type
        enable_row_security(op.get_bind())


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        from annotator.store.team import disable_row_security

        disable_row_security(op.get_bind())
    op.drop_index("ix_assignments_annotator", table_name="assignments")
    op.drop_table("assignments")
