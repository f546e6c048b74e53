"""Annotations as the rows they are read as: tuples of `ANNOTATION_ROW_FIELDS`.

The window keeps a document's thousands of annotations as plain tuples, as the project file gives
them: cheap to read, to hold, and to garbage-collect (the collector stops looking at tuples of
numbers and strings). A row holds what the window shows: it leaves out the document and the
label's name, which the window knows, and the UUID and times, which are read for the few
annotations a panel asks a record (AnnotationInfo) for.
"""

from __future__ import annotations

from operator import attrgetter

from annotator.domain.records import AnnotationInfo
from annotator.services.annotations import ANNOTATION_ROW_FIELDS

#: An annotation as a tuple of ANNOTATION_ROW_FIELDS, in their order.
AnnotationRow = tuple
#: An annotation's UUID, creation and update time (see list_annotation_stamps).
Stamps = tuple[str, str, str]

ID = ANNOTATION_ROW_FIELDS.index("id")
LABEL_ID = ANNOTATION_ROW_FIELDS.index("label_id")
ANNOTATOR = ANNOTATION_ROW_FIELDS.index("annotator")
START = ANNOTATION_ROW_FIELDS.index("start")
END = ANNOTATION_ROW_FIELDS.index("end")
NOTE = ANNOTATION_ROW_FIELDS.index("note")

NO_STAMPS: Stamps = ("", "", "")
"""The stamps of an annotation no longer in the project file."""

_fields_of = attrgetter(*ANNOTATION_ROW_FIELDS)


def as_row(ann: AnnotationInfo | AnnotationRow) -> AnnotationRow:
    """The row of an annotation (a row is returned as it is)."""
    return ann if type(ann) is tuple else _fields_of(ann)


def as_info(row: AnnotationRow, document_id: int, label_name: str, stamps: Stamps) -> AnnotationInfo:
    """The record of a row of the document `document_id`, whose label is named `label_name`,
    with its UUID and times `stamps`."""
    annotation_id, label_id, annotator, start, end, note = row
    uuid, created_at, updated_at = stamps
    return AnnotationInfo(annotation_id, uuid, document_id, label_id, label_name, annotator,
                          start, end, note, created_at, updated_at)


def reading_key(row: AnnotationRow) -> tuple[int, int, int]:
    """Reading order: by start, longer spans first, then by id."""
    return (row[START], -row[END], row[ID])
