"""Annotations as the rows they are read as: tuples of `ANNOTATION_ROW_FIELDS`.

The window keeps a document's thousands of annotations as plain tuples, as the project file gives
them: cheap to read, to hold, and to garbage-collect (the collector stops looking at tuples of
numbers and strings). A row leaves out the document and the label's name, which the window
knows; a record (AnnotationInfo) is made only for the few a panel asks for.
"""

from __future__ import annotations

from operator import attrgetter

from annotator.domain.records import AnnotationInfo
from annotator.services.annotations import ANNOTATION_ROW_FIELDS

#: An annotation as a tuple of ANNOTATION_ROW_FIELDS, in their order.
AnnotationRow = tuple

ID = ANNOTATION_ROW_FIELDS.index("id")
UUID = ANNOTATION_ROW_FIELDS.index("uuid")
LABEL_ID = ANNOTATION_ROW_FIELDS.index("label_id")
ANNOTATOR = ANNOTATION_ROW_FIELDS.index("annotator")
START = ANNOTATION_ROW_FIELDS.index("start")
END = ANNOTATION_ROW_FIELDS.index("end")
NOTE = ANNOTATION_ROW_FIELDS.index("note")

_fields_of = attrgetter(*ANNOTATION_ROW_FIELDS)


def as_row(ann: AnnotationInfo | AnnotationRow) -> AnnotationRow:
    """The row of an annotation (a row is returned as it is)."""
    return ann if type(ann) is tuple else _fields_of(ann)


def as_info(row: AnnotationRow, document_id: int, label_name: str) -> AnnotationInfo:
    """The record of a row of the document `document_id`, whose label is named `label_name`."""
    annotation_id, uuid, label_id, annotator, start, end, note, created_at, updated_at = row
    return AnnotationInfo(annotation_id, uuid, document_id, label_id, label_name, annotator,
                          start, end, note, created_at, updated_at)


def reading_key(row: AnnotationRow) -> tuple[int, int, int]:
    """Reading order: by start, longer spans first, then by id."""
    return (row[START], -row[END], row[ID])
