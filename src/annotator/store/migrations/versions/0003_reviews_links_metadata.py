"""Document metadata, review verdicts, links between annotations and the codebook's link rules.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

DOCUMENT_FIELDS = ("author", "outlet", "url", "language")

#: The default link rules, added where the project has labels by these names.
DEFAULT_LINK_RULES = (("attributed_to", "claim", "source"), ("frames", "framing", "claim"))


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        for name in DOCUMENT_FIELDS:
            batch.add_column(sa.Column(name, sa.Text(), nullable=False, server_default=""))
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(36), nullable=False),
        sa.Column("annotation_id", sa.Integer(), nullable=False),
        sa.Column("reviewer", sa.Text(), nullable=False),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("copy_annotation_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "verdict IN ('accepted', 'rejected', 'commented')", name="ck_reviews_verdict_known"
        ),
        sa.ForeignKeyConstraint(
            ["annotation_id"], ["annotations.id"],
            name="fk_reviews_annotation_id_annotations", ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["copy_annotation_id"], ["annotations.id"],
            name="fk_reviews_copy_annotation_id_annotations", ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_reviews"),
        sa.UniqueConstraint("uuid", name="uq_reviews_uuid"),
    )
    op.create_index(
        "ix_reviews_annotation_id_created_at", "reviews", ["annotation_id", "created_at"]
    )
    op.create_table(
        "links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(36), nullable=False),
        sa.Column("relation", sa.Text(), nullable=False),
        sa.Column("from_annotation_id", sa.Integer(), nullable=False),
        sa.Column("to_annotation_id", sa.Integer(), nullable=False),
        sa.Column("annotator", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.CheckConstraint("from_annotation_id <> to_annotation_id", name="ck_links_not_self"),
        sa.ForeignKeyConstraint(
            ["from_annotation_id"], ["annotations.id"],
            name="fk_links_from_annotation_id_annotations", ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["to_annotation_id"], ["annotations.id"],
            name="fk_links_to_annotation_id_annotations", ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_links"),
        sa.UniqueConstraint("uuid", name="uq_links_uuid"),
        sa.UniqueConstraint(
            "from_annotation_id", "to_annotation_id", "relation",
            name="uq_links_from_annotation_id_to_annotation_id_relation",
        ),
    )
    op.create_index("ix_links_to_annotation_id", "links", ["to_annotation_id"])
    op.create_table(
        "link_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("relation", sa.Text(), nullable=False),
        sa.Column("from_label_id", sa.Integer(), nullable=False),
        sa.Column("to_label_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["from_label_id"], ["labels.id"],
            name="fk_link_rules_from_label_id_labels", ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["to_label_id"], ["labels.id"], name="fk_link_rules_to_label_id_labels", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_link_rules"),
        sa.UniqueConstraint(
            "from_label_id", "to_label_id", "relation",
            name="uq_link_rules_from_label_id_to_label_id_relation",
        ),
    )
    for relation, from_name, to_name in DEFAULT_LINK_RULES:
        op.execute(
            sa.text(
                "INSERT INTO link_rules (relation, from_label_id, to_label_id) "
                "SELECT :relation, f.id, t.id FROM labels f, labels t "
                "WHERE f.name = :from_name AND t.name = :to_name"
            ).bindparams(relation=relation, from_name=from_name, to_name=to_name)
        )


def downgrade() -> None:
    op.drop_table("link_rules")
    op.drop_index("ix_links_to_annotation_id", table_name="links")
    op.drop_table("links")
    op.drop_index("ix_reviews_annotation_id_created_at", table_name="reviews")
    op.drop_table("reviews")
    with op.batch_alter_table("documents") as batch:
        for name in reversed(DOCUMENT_FIELDS):
            batch.drop_column(name)
