"""SQLAlchemy models of the project file."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Index, MetaData, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base of every table; constraints get predictable names for migrations."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Document(Base):
    """An imported article; its text never changes after import."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    title: Mapped[str] = mapped_column(Text)
    date: Mapped[str | None] = mapped_column(String(10))
    source_name: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    text: Mapped[str] = mapped_column(Text)
    length: Mapped[int]
    imported_at: Mapped[str] = mapped_column(String(32))
    author: Mapped[str] = mapped_column(Text, default="", server_default="")
    outlet: Mapped[str] = mapped_column(Text, default="", server_default="")
    url: Mapped[str] = mapped_column(Text, default="", server_default="")
    language: Mapped[str] = mapped_column(Text, default="", server_default="")


class Label(Base):
    """A codebook entry: a span label, or a document code (`kind` 'document') set on a whole
    article."""

    __tablename__ = "labels"
    __table_args__ = (
        UniqueConstraint("shortcut"),
        CheckConstraint("kind IN ('span', 'document')", name="kind_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    color: Mapped[str] = mapped_column(String(9))
    shortcut: Mapped[str | None] = mapped_column(String(1))
    definition: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    kind: Mapped[str] = mapped_column(String(16), default="span", server_default="span")


class Annotation(Base):
    """A labelled span: [start, end) in code points of the document's stored text."""

    __tablename__ = "annotations"
    __table_args__ = (
        UniqueConstraint("document_id", "label_id", "annotator", "start", "end"),
        CheckConstraint("start >= 0 AND start < \"end\"", name="span_order"),
        Index("ix_annotations_document_id_start", "document_id", "start"),
        Index("ix_annotations_annotator", "annotator"),
        Index("ix_annotations_label_id", "label_id"),
        CheckConstraint("origin IN ('manual', 'suggested')", name="origin_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    label_id: Mapped[int] = mapped_column(ForeignKey("labels.id"))
    annotator: Mapped[str] = mapped_column(Text)
    start: Mapped[int]
    end: Mapped[int]
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[str] = mapped_column(String(32))
    # 'manual': labelled by the analyst; 'suggested': a proposal the analyst accepted.
    origin: Mapped[str] = mapped_column(Text, server_default="manual")


class Suggestion(Base):
    """A span proposed by the rules (a quotation, its speaker), not an annotation until accepted.

    Its `state` stays when a document is proposed for again: an accepted or dismissed proposal is
    not offered twice. A claim's `source_suggestion_id` is the proposal of its speaker."""

    __tablename__ = "suggestions"
    __table_args__ = (
        UniqueConstraint("document_id", "kind", "start", "end"),
        CheckConstraint("kind IN ('claim', 'source')", name="kind_known"),
        CheckConstraint("state IN ('open', 'accepted', 'dismissed')", name="state_known"),
        CheckConstraint("start >= 0 AND start < \"end\"", name="span_order"),
        Index("ix_suggestions_document_id_start", "document_id", "start"),
        # Deleting a source proposal sets source_suggestion_id to NULL where it points at it.
        Index("ix_suggestions_source_suggestion_id", "source_suggestion_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    start: Mapped[int]
    end: Mapped[int]
    source_suggestion_id: Mapped[int | None] = mapped_column(
        ForeignKey("suggestions.id", ondelete="SET NULL")
    )
    state: Mapped[str] = mapped_column(String(16), server_default="open")
    created_at: Mapped[str] = mapped_column(String(32))


class DocumentCode(Base):
    """A document-kind label set on a whole document by one annotator (at most once)."""

    __tablename__ = "document_codes"
    __table_args__ = (
        UniqueConstraint("document_id", "label_id", "annotator"),
        Index("ix_document_codes_label_id", "label_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    label_id: Mapped[int] = mapped_column(ForeignKey("labels.id"))
    annotator: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[str] = mapped_column(String(32))
    updated_at: Mapped[str] = mapped_column(String(32))


class Review(Base):
    """A reviewer's verdict on an annotation; the latest one counts, the history stays."""

    __tablename__ = "reviews"
    __table_args__ = (
        CheckConstraint("verdict IN ('accepted', 'rejected', 'commented')", name="verdict_known"),
        Index("ix_reviews_annotation_id_created_at", "annotation_id", "created_at"),
        # Deleting an annotation sets copy_annotation_id to NULL where it points at it.
        Index("ix_reviews_copy_annotation_id", "copy_annotation_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    annotation_id: Mapped[int] = mapped_column(ForeignKey("annotations.id", ondelete="CASCADE"))
    reviewer: Mapped[str] = mapped_column(Text)
    verdict: Mapped[str] = mapped_column(String(16))
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[str] = mapped_column(String(32))
    # The reviewer's own copy made when accepting into a gold layer (kept if the copy is deleted).
    copy_annotation_id: Mapped[int | None] = mapped_column(
        ForeignKey("annotations.id", ondelete="SET NULL")
    )


class DocumentCodeReview(Base):
    """A reviewer's verdict on a document code; as for spans, the latest accept or reject is its
    status and the history stays."""

    __tablename__ = "document_code_reviews"
    __table_args__ = (
        CheckConstraint("verdict IN ('accepted', 'rejected', 'commented')", name="verdict_known"),
        Index("ix_document_code_reviews_document_code_id", "document_code_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    document_code_id: Mapped[int] = mapped_column(
        ForeignKey("document_codes.id", ondelete="CASCADE")
    )
    reviewer: Mapped[str] = mapped_column(Text)
    verdict: Mapped[str] = mapped_column(String(16))
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[str] = mapped_column(String(32))


class Link(Base):
    """A directed relation between two annotations, e.g. a claim attributed to its source."""

    __tablename__ = "links"
    __table_args__ = (
        UniqueConstraint("from_annotation_id", "to_annotation_id", "relation"),
        CheckConstraint("from_annotation_id <> to_annotation_id", name="not_self"),
        Index("ix_links_to_annotation_id", "to_annotation_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)
    relation: Mapped[str] = mapped_column(Text)
    from_annotation_id: Mapped[int] = mapped_column(ForeignKey("annotations.id", ondelete="CASCADE"))
    to_annotation_id: Mapped[int] = mapped_column(ForeignKey("annotations.id", ondelete="CASCADE"))
    annotator: Mapped[str] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String(32))


class LinkRule(Base):
    """The codebook's word on which label pairs a link may join, and under which relation name."""

    __tablename__ = "link_rules"
    __table_args__ = (UniqueConstraint("from_label_id", "to_label_id", "relation"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    relation: Mapped[str] = mapped_column(Text)
    from_label_id: Mapped[int] = mapped_column(ForeignKey("labels.id", ondelete="CASCADE"))
    to_label_id: Mapped[int] = mapped_column(ForeignKey("labels.id", ondelete="CASCADE"))


class Assignment(Base):
    """A document given to an annotator to code, and when they marked it done (None: not yet)."""

    __tablename__ = "assignments"
    __table_args__ = (
        UniqueConstraint("document_id", "annotator"),
        Index("ix_assignments_annotator", "annotator"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    annotator: Mapped[str] = mapped_column(Text)
    assigned_at: Mapped[str] = mapped_column(String(32))
    done_at: Mapped[str | None] = mapped_column(String(32))


class ProjectMeta(Base):
    """Key/value facts about the project itself (who created it, whether seeds were imported)."""

    __tablename__ = "project_meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
