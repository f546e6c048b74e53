"""Frozen records passed between layers: what the UI and the CLI see of the project."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """A stored document without its text."""

    id: int
    uuid: str
    title: str
    date: str | None
    source_name: str
    sha256: str
    length: int
    imported_at: str
    annotation_count: int = 0


@dataclass(frozen=True, slots=True)
class LabelInfo:
    """One entry of the codebook."""

    id: int
    uuid: str
    name: str
    color: str
    shortcut: str | None
    definition: str
    position: int


@dataclass(frozen=True, slots=True)
class AnnotationInfo:
    """One labelled span; `start`/`end` are code-point offsets into the stored text."""

    id: int
    uuid: str
    document_id: int
    label_id: int
    label: str
    annotator: str
    start: int
    end: int
    note: str
    created_at: str
    updated_at: str


@dataclass(frozen=True, slots=True)
class AnnotationEdit:
    """An annotation before and after a relabel or note edit."""

    before: AnnotationInfo
    after: AnnotationInfo


@dataclass(frozen=True, slots=True)
class ImportedText:
    """A file read and decoded, ready to be stored."""

    source_name: str
    title: str
    date: str | None
    text: str
    sha256: str


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What an import did with one file."""

    source_name: str
    status: str  # "imported" | "already in project"
    document: DocumentInfo


EXPORT_COLUMNS: tuple[str, ...] = (
    "annotation_id",
    "document_id",
    "document_title",
    "document_date",
    "document_sha256",
    "annotator",
    "label",
    "start",
    "end",
    "text",
    "note",
    "created_at",
    "updated_at",
)
