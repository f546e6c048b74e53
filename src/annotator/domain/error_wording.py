"""The English wording of every error code (`domain.errors.AnnotatorError.code`), marked for the
catalogue with `N_()` and translated where it is shown (`domain.errors.describe`).

A wording is one whole sentence with named placeholders filled from the error's values
(`{label}`, `{annotator}`, `{path}`; `{document!r}` where English quotes the value as Python
does); a `Plural` gives both English forms and names the value that counts. A new code: a
member of `ErrorCode`, its wording here, then extract and translate (docs/translating.md).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, NamedTuple

from annotator.i18n import N_


class Plural(NamedTuple):
    """A wording with plural forms, chosen by the value named `count`."""

    singular: str
    plural: str
    count: str = "count"


def N_plural(singular: str, plural: str, count: str = "count") -> Plural:  # noqa: N802 - extractor keyword
    """Mark a plural wording for the catalogue (`ngettext` where shown)."""
    return Plural(singular, plural, count)


class ErrorCode(StrEnum):
    """Why something was refused or failed."""

    # documents, labels and annotations that are not (or no longer) there
    UNKNOWN_DOCUMENT = "unknown_document"
    UNKNOWN_LABEL = "unknown_label"
    ANNOTATION_GONE = "annotation_gone"
    LABEL_GONE = "label_gone"
    # annotations
    ANNOTATION_BACK_CHANGED = "annotation_back_changed"
    LABEL_CODES_DOCUMENTS = "label_codes_documents"
    # labels and the codebook
    UNKNOWN_LABEL_KIND = "unknown_label_kind"
    KIND_USED_BY_ANNOTATIONS = "kind_used_by_annotations"
    KIND_USED_BY_DOCUMENT_CODES = "kind_used_by_document_codes"
    LABEL_NAME_TAKEN = "label_name_taken"
    SHORTCUT_TAKEN = "shortcut_taken"
    LABEL_CHANGED = "label_changed"
    LABEL_CHANGED_NO_KEY = "label_changed_no_key"
    CODEBOOK_LABELS_CHANGED = "codebook_labels_changed"
    ORDER_NOT_EVERY_LABEL = "order_not_every_label"
    MOVE_TO_DELETED_LABEL = "move_to_deleted_label"
    MOVE_TO_OTHER_KIND = "move_to_other_kind"
    DELETE_USED_BY_ANNOTATIONS = "delete_used_by_annotations"
    DELETE_USED_BY_DOCUMENT_CODES = "delete_used_by_document_codes"
    LABEL_BACK_ALREADY = "label_back_already"
    # references given on the command line or in a filter
    UNKNOWN_NAMED_LABEL = "unknown_named_label"
    UNKNOWN_NAMED_LABEL_NONE = "unknown_named_label_none"
    UNKNOWN_DOCUMENT_LABEL = "unknown_document_label"
    UNKNOWN_DOCUMENT_LABEL_NONE = "unknown_document_label_none"
    UNKNOWN_SOURCE_LABEL = "unknown_source_label"
    UNKNOWN_SOURCE_LABEL_NONE = "unknown_source_label_none"
    UNKNOWN_CLAIM_LABEL = "unknown_claim_label"
    UNKNOWN_CLAIM_LABEL_NONE = "unknown_claim_label_none"
    NO_ANNOTATIONS_BY = "no_annotations_by"
    NO_ANNOTATIONS_BY_NONE = "no_annotations_by_none"
    NO_DOCUMENT_MATCHES = "no_document_matches"
    # the project file
    PROJECT_READ_ONLY_OPEN = "project_read_only_open"
    QUERY_STOPPED = "query_stopped"
    PROJECT_IN_USE = "project_in_use"
    PROJECT_READ_ONLY_FILE = "project_read_only_file"
    PROJECT_DAMAGED = "project_damaged"
    DISK_FULL = "disk_full"
    PROJECT_UNUSABLE = "project_unusable"


WORDING: dict[str, str | Plural] = {
    ErrorCode.UNKNOWN_DOCUMENT: N_("unknown document {document!r}"),
    ErrorCode.UNKNOWN_LABEL: N_("unknown label {label!r}"),
    ErrorCode.ANNOTATION_GONE: N_("annotation {annotation} no longer exists"),
    ErrorCode.LABEL_GONE: N_("the label «{label}» is no longer in the codebook"),
    ErrorCode.ANNOTATION_BACK_CHANGED: N_("«{label}» by {annotator} is in the project again, changed "
                                          "({changes})"),
    ErrorCode.LABEL_CODES_DOCUMENTS: N_("the label «{label}» codes whole documents, not spans of text"),
    ErrorCode.UNKNOWN_LABEL_KIND: N_("unknown label kind {kind!r} (kinds: {kinds})"),
    ErrorCode.KIND_USED_BY_ANNOTATIONS: N_plural(
        "the label «{label}» is used by {count} annotation; its kind cannot change while it is used",
        "the label «{label}» is used by {count} annotations; its kind cannot change while it is used"),
    ErrorCode.KIND_USED_BY_DOCUMENT_CODES: N_plural(
        "the label «{label}» is used by {count} document code; its kind cannot change while it is used",
        "the label «{label}» is used by {count} document codes; its kind cannot change while it is "
        "used"),
    ErrorCode.LABEL_NAME_TAKEN: N_("a label named {label!r} already exists"),
    ErrorCode.SHORTCUT_TAKEN: N_("the key {key} is already the shortcut of {label!r}"),
    ErrorCode.LABEL_CHANGED: N_("the label «{label}» was changed since (now «{name}», {color}, key {key})"),
    ErrorCode.LABEL_CHANGED_NO_KEY: N_("the label «{label}» was changed since (now «{name}», {color}, "
                                       "key none)"),
    ErrorCode.CODEBOOK_LABELS_CHANGED: N_("the codebook gained or lost a label since"),
    ErrorCode.ORDER_NOT_EVERY_LABEL: N_("the new order must list every label exactly once"),
    ErrorCode.MOVE_TO_DELETED_LABEL: N_("cannot move annotations to the label being deleted"),
    ErrorCode.MOVE_TO_OTHER_KIND: N_("cannot move the {kind} label «{label}»'s work to the {target_kind} "
                                     "label «{target}»"),
    ErrorCode.DELETE_USED_BY_ANNOTATIONS: N_plural(
        "the label «{label}» is used by {count} annotation; remove them first, or delete the label "
        "from the codebook",
        "the label «{label}» is used by {count} annotations; remove them first, or delete the label "
        "from the codebook"),
    ErrorCode.DELETE_USED_BY_DOCUMENT_CODES: N_plural(
        "the label «{label}» is used by {count} document code; remove them first, or delete the label "
        "from the codebook",
        "the label «{label}» is used by {count} document codes; remove them first, or delete the "
        "label from the codebook"),
    ErrorCode.LABEL_BACK_ALREADY: N_("the label «{label}» is in the codebook again"),
    ErrorCode.UNKNOWN_NAMED_LABEL: N_("unknown label {name!r} (labels: {labels})"),
    ErrorCode.UNKNOWN_NAMED_LABEL_NONE: N_("unknown label {name!r} (labels: none)"),
    ErrorCode.UNKNOWN_DOCUMENT_LABEL: N_("unknown document label {name!r} (labels: {labels})"),
    ErrorCode.UNKNOWN_DOCUMENT_LABEL_NONE: N_("unknown document label {name!r} (labels: none)"),
    ErrorCode.UNKNOWN_SOURCE_LABEL: N_("unknown source label {name!r} (labels: {labels})"),
    ErrorCode.UNKNOWN_SOURCE_LABEL_NONE: N_("unknown source label {name!r} (labels: none)"),
    ErrorCode.UNKNOWN_CLAIM_LABEL: N_("unknown claim label {name!r} (labels: {labels})"),
    ErrorCode.UNKNOWN_CLAIM_LABEL_NONE: N_("unknown claim label {name!r} (labels: none)"),
    ErrorCode.NO_ANNOTATIONS_BY: N_("no annotations by {annotator!r} (annotators: {annotators})"),
    ErrorCode.NO_ANNOTATIONS_BY_NONE: N_("no annotations by {annotator!r} (annotators: none)"),
    ErrorCode.NO_DOCUMENT_MATCHES: N_("no document matches {ref!r} (give its id, SHA-256 or file name)"),
    ErrorCode.PROJECT_READ_ONLY_OPEN: N_("{path}: the project is open for reading only"),
    ErrorCode.QUERY_STOPPED: N_("{path}: a query ran far longer than a project of this size needs and was "
                                "stopped; the project file is damaged or was made to hang programs"),
    ErrorCode.PROJECT_IN_USE: N_("{path}: the project is in use by another program (waited {seconds:g} "
                                 "s); close it there and try again"),
    ErrorCode.PROJECT_READ_ONLY_FILE: N_("{path}: the project file or its folder is read-only"),
    ErrorCode.PROJECT_DAMAGED: N_("{path}: the project file is damaged ({detail})"),
    ErrorCode.DISK_FULL: N_("{path}: the disk is full"),
    ErrorCode.PROJECT_UNUSABLE: N_("{path}: cannot use the project file ({detail})"),
}


def english(code: str, values: dict[str, Any]) -> str:
    """The English sentence of `code` filled with `values` (what `str()` of the error reads)."""
    entry = WORDING[code]
    if isinstance(entry, Plural):
        entry = entry.singular if values[entry.count] == 1 else entry.plural
    return entry.format(**values)
