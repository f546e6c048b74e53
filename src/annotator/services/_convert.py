"""ORM rows to the frozen records the UI and CLI see."""

from __future__ import annotations

from annotator.domain.records import AnnotationInfo, DocumentInfo, LabelInfo, ReviewInfo
from annotator.store.models import Annotation, Document, Label, Review


def document_info(doc: Document, annotation_count: int = 0) -> DocumentInfo:
    """A document row as a record (without its text)."""
    return DocumentInfo(
        id=doc.id,
        uuid=doc.uuid,
        title=doc.title,
        date=doc.date,
        source_name=doc.source_name,
        sha256=doc.sha256,
        length=doc.length,
        imported_at=doc.imported_at,
        annotation_count=annotation_count,
        author=doc.author,
        outlet=doc.outlet,
        url=doc.url,
        language=doc.language,
    )


def label_info(label: Label) -> LabelInfo:
    """A label row as a record."""
    return LabelInfo(
        id=label.id,
        uuid=label.uuid,
        name=label.name,
        color=label.color,
        shortcut=label.shortcut,
        definition=label.definition,
        position=label.position,
        kind=label.kind,
    )


def annotation_info(ann: Annotation, label_name: str) -> AnnotationInfo:
    """An annotation row as a record."""
    return AnnotationInfo(
        id=ann.id,
        uuid=ann.uuid,
        document_id=ann.document_id,
        label_id=ann.label_id,
        label=label_name,
        annotator=ann.annotator,
        start=ann.start,
        end=ann.end,
        note=ann.note,
        created_at=ann.created_at,
        updated_at=ann.updated_at,
    )


def review_info(row: Review) -> ReviewInfo:
    """A review row as a record."""
    return ReviewInfo(
        id=row.id,
        uuid=row.uuid,
        annotation_id=row.annotation_id,
        reviewer=row.reviewer,
        verdict=row.verdict,
        comment=row.comment,
        created_at=row.created_at,
        copy_annotation_id=row.copy_annotation_id,
    )
