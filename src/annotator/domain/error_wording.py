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


class Worded(NamedTuple):
    """A phrase of an error (a part of a list of changes, say): its code and values. `str()` is
    the English; `domain.errors.describe` translates it where the error is shown."""

    code: str
    values: dict[str, Any]

    def __str__(self) -> str:
        return english(self.code, self.values)


class ErrorCode(StrEnum):
    """Why something was refused or failed."""

    DUPLICATE_SPAN = "duplicate_span"
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
    # undo and redo steps that no longer apply
    CHANGED_SINCE = "changed_since"
    NOW_LABEL = "now_label"
    SPAN_CHANGED = "span_changed"
    NOW_BY = "now_by"
    NOTE_CHANGED = "note_changed"
    UPDATED_AT = "updated_at"
    HAS_LINK_SINCE = "has_link_since"
    HAS_REVIEW_SINCE = "has_review_since"
    CLASH_TAKING_REVIEW_BACK = "clash_taking_review_back"
    CLASH_PUTTING_REVIEW_BACK = "clash_putting_review_back"
    CLASH_PUTTING_ANNOTATIONS_BACK = "clash_putting_annotations_back"
    CLASH_DELETING_ANNOTATIONS = "clash_deleting_annotations"
    CLASH_CHANGING_ANNOTATION = "clash_changing_annotation"
    CLASH_PUTTING_LINK_RULE_BACK = "clash_putting_link_rule_back"
    CLASH_PUTTING_LINK_BACK = "clash_putting_link_back"
    # reviews
    ANNOTATION_GONE_QUOTED = "annotation_gone_quoted"
    EMPTY_COMMENT = "empty_comment"
    OWN_ANNOTATION = "own_annotation"
    REVIEW_GONE = "review_gone"
    REVIEW_BACK_ALREADY = "review_back_already"
    SPAN_TAKEN_BY = "span_taken_by"
    # document codes and their reviews
    LABEL_LABELS_SPANS = "label_labels_spans"
    DOCUMENT_ALREADY_CODED = "document_already_coded"
    DOCUMENT_CODE_GONE = "document_code_gone"
    DOCUMENT_CODE_CHANGED = "document_code_changed"
    DOCUMENT_CODE_BACK_ALREADY = "document_code_back_already"
    CODED_DOCUMENT_GONE = "coded_document_gone"
    AGREEMENT_NEEDS_TWO = "agreement_needs_two"
    ANNOTATOR_TWICE = "annotator_twice"
    NO_DOCUMENT_LABELS = "no_document_labels"
    NO_DOCUMENT_CODES_BY = "no_document_codes_by"
    NO_DOCUMENT_CODES_BY_NONE = "no_document_codes_by_none"
    DOCUMENT_CODE_ID_GONE = "document_code_id_gone"
    OWN_DOCUMENT_CODE = "own_document_code"
    DOCUMENT_CODE_REVIEW_GONE = "document_code_review_gone"
    # documents and retrieval
    IN_DOCUMENT = "in_document"
    NOTHING_TO_SEARCH = "nothing_to_search"
    DOCUMENT_GONE = "document_gone"
    TOO_MANY_LABELS = "too_many_labels"
    DOCUMENT_LABEL_NOT_EXPORTED = "document_label_not_exported"
    UNKNOWN_GROUPING = "unknown_grouping"
    # links and link rules
    LINK_RULE_GONE = "link_rule_gone"
    RULE_NO_LONGER_ALLOWED = "rule_no_longer_allowed"
    RULE_EXISTS = "rule_exists"
    LINK_TO_ITSELF = "link_to_itself"
    LINK_ACROSS_DOCUMENTS = "link_across_documents"
    NO_LINK_RULE_BACKWARDS = "no_link_rule_backwards"
    NO_LINK_RULE_TARGETS = "no_link_rule_targets"
    NO_LINK_RULE_AT_ALL = "no_link_rule_at_all"
    LINK_TARGET = "link_target"
    LINK_SEVERAL_WAYS = "link_several_ways"
    RELATION_NOT_ALLOWED = "relation_not_allowed"
    LINK_EXISTS_BETWEEN = "link_exists_between"
    LINK_GONE = "link_gone"
    THIS_LINK_GONE = "this_link_gone"
    LINK_END_GONE = "link_end_gone"
    LINK_EXISTS = "link_exists"
    # the project file
    NO_SUCH_PROJECT = "no_such_project"
    NO_SUCH_FOLDER = "no_such_folder"
    PROJECT_IS_FOLDER = "project_is_folder"
    PROJECT_NOT_REGULAR = "project_not_regular"
    PROJECT_EMPTY = "project_empty"
    FOLDER_READ_ONLY = "folder_read_only"
    PROJECT_FILE_READ_ONLY = "project_file_read_only"
    EMPTY_DATABASE = "empty_database"
    LOG_UNREADABLE = "log_unreadable"
    CANNOT_READ_FILE = "cannot_read_file"
    NOT_SQLITE = "not_sqlite"
    FOREIGN_DATABASE = "foreign_database"
    NEWER_SCHEMA = "newer_schema"
    FOREIGN_SCHEMA = "foreign_schema"
    FOREIGN_SCHEMA_MORE = "foreign_schema_more"
    FOLDER_READ_ONLY_SQLITE = "folder_read_only_sqlite"
    COPY_IS_FOLDER = "copy_is_folder"
    COPY_NOT_REGULAR = "copy_not_regular"
    COPY_IS_PROJECT = "copy_is_project"
    CANNOT_WRITE_COPY = "cannot_write_copy"
    CANNOT_WRITE_BACKUP = "cannot_write_backup"
    UPGRADE_BROKE_REFERENCES = "upgrade_broke_references"
    PROJECT_READ_ONLY_OPEN = "project_read_only_open"
    QUERY_STOPPED = "query_stopped"
    PROJECT_IN_USE = "project_in_use"
    PROJECT_READ_ONLY_FILE = "project_read_only_file"
    PROJECT_DAMAGED = "project_damaged"
    DISK_FULL = "disk_full"
    PROJECT_UNUSABLE = "project_unusable"
    # a project on a database server
    SERVER_DRIVER_MISSING = "server_driver_missing"
    SERVER_ADDRESS_INVALID = "server_address_invalid"
    SERVER_ADDRESS_HAS_PASSWORD = "server_address_has_password"
    SERVER_UNREACHABLE = "server_unreachable"
    SERVER_LOGIN_FAILED = "server_login_failed"
    NO_SUCH_DATABASE = "no_such_database"
    EMPTY_SERVER_DATABASE = "empty_server_database"
    FOREIGN_SERVER_DATABASE = "foreign_server_database"
    SERVER_SCHEMA_OLDER = "server_schema_older"
    SERVER_NO_FILE_COPY = "server_no_file_copy"
    # team projects: copies, assignments and whose annotations one may change
    COPY_DESTINATION_NOT_EMPTY = "copy_destination_not_empty"
    COPY_REFUSED = "copy_refused"
    NOT_YOUR_ANNOTATION = "not_your_annotation"
    NOT_ASSIGNED = "not_assigned"
    # rules every annotation, label and link obeys
    OFFSETS_NOT_WHOLE = "offsets_not_whole"
    SPAN_OUTSIDE_DOCUMENT = "span_outside_document"
    EMPTY_ANNOTATOR = "empty_annotator"
    LABEL_NEEDS_NAME = "label_needs_name"
    LABEL_NAME_NOT_ONE_LINE = "label_name_not_one_line"
    BAD_COLOR = "bad_color"
    BAD_SHORTCUT = "bad_shortcut"
    BAD_RELATION = "bad_relation"
    # a document's details
    DOCUMENT_NEEDS_TITLE = "document_needs_title"
    DATE_DOES_NOT_EXIST = "date_does_not_exist"
    DATE_NOT_WRITTEN_RIGHT = "date_not_written_right"
    TITLE_NOT_ONE_LINE = "title_not_one_line"
    TITLE_TOO_LONG = "title_too_long"
    AUTHOR_NOT_ONE_LINE = "author_not_one_line"
    AUTHOR_TOO_LONG = "author_too_long"
    OUTLET_NOT_ONE_LINE = "outlet_not_one_line"
    OUTLET_TOO_LONG = "outlet_too_long"
    URL_NOT_ONE_LINE = "url_not_one_line"
    URL_TOO_LONG = "url_too_long"
    LANGUAGE_NOT_ONE_LINE = "language_not_one_line"
    LANGUAGE_TOO_LONG = "language_too_long"
    FIELD_NOT_ONE_LINE = "field_not_one_line"
    FIELD_TOO_LONG = "field_too_long"
    # retrieval and corpus search
    BAD_CONTEXT_WIDTH = "bad_context_width"
    BAD_FROM_DATE = "bad_from_date"
    BAD_TO_DATE = "bad_to_date"
    EMPTY_DATE_RANGE = "empty_date_range"
    BAD_REGEX = "bad_regex"
    # agreement intervals
    BAD_RESAMPLES = "bad_resamples"
    BAD_SEED = "bad_seed"
    TOO_FEW_DOCUMENTS_TO_RESAMPLE = "too_few_documents_to_resample"
    # an item of a merged file that refuses the merge (shown after where it is)
    MERGE_NOT_TIMESTAMP = "merge_not_timestamp"  # values: value
    MERGE_SPAN_OUT_OF_RANGE = "merge_span_out_of_range"  # values: start, end, length
    MERGE_BAD_VERDICT = "merge_bad_verdict"  # values: verdict, verdicts
    MERGE_EMPTY_REVIEWER = "merge_empty_reviewer"
    MERGE_LABEL_SPANS_HERE = "merge_label_spans_here"  # values: label
    MERGE_LABEL_DOCUMENTS_HERE = "merge_label_documents_here"  # values: label
    MERGE_LABEL_SPAN_THERE = "merge_label_span_there"  # values: label
    MERGE_LABEL_DOCUMENT_THERE = "merge_label_document_there"  # values: label
    MERGE_ID_NOT_UUID = "merge_id_not_uuid"  # values: value
    MERGE_ANNOTATION_ID_NOT_UUID = "merge_annotation_id_not_uuid"  # values: value
    MERGE_ORIGIN_ID_NOT_UUID = "merge_origin_id_not_uuid"  # values: value
    MERGE_TARGET_ID_NOT_UUID = "merge_target_id_not_uuid"  # values: value
    MERGE_CODE_ID_NOT_UUID = "merge_code_id_not_uuid"  # values: value
    MERGE_LINK_INCOMPLETE = "merge_link_incomplete"
    MERGE_SHA256_MISMATCH = "merge_sha256_mismatch"
    MERGE_SHA256_IN_NEITHER = "merge_sha256_in_neither"  # values: sha
    MERGE_DOCUMENT_ID_IN_NEITHER = "merge_document_id_in_neither"  # values: document
    MERGE_TITLE_IN_NEITHER = "merge_title_in_neither"  # values: title
    MERGE_TITLE_AMBIGUOUS = "merge_title_ambiguous"  # values: count, title
    MERGE_TEXT_DIFFERS = "merge_text_differs"  # values: theirs, ours (a skip's detail)
    # where an item of a merged file is (the `where` of a problem)
    MERGE_WHERE_DOCUMENT = "merge_where_document"  # values: title, source
    MERGE_WHERE_REVIEW = "merge_where_review"  # values: file, id
    MERGE_WHERE_LINK = "merge_where_link"  # values: file, id
    MERGE_WHERE_CODE = "merge_where_code"  # values: file, id
    MERGE_WHERE_CODE_REVIEW = "merge_where_code_review"  # values: file, id


WORDING: dict[str, str | Plural] = {
    ErrorCode.DUPLICATE_SPAN: N_(
        "this span already has the label {label!r} from {annotator}"),
    ErrorCode.UNKNOWN_DOCUMENT: N_(
        "unknown document {document!r}"),
    ErrorCode.UNKNOWN_LABEL: N_(
        "unknown label {label!r}"),
    ErrorCode.ANNOTATION_GONE: N_(
        "annotation {annotation} no longer exists"),
    ErrorCode.LABEL_GONE: N_(
        "the label «{label}» is no longer in the codebook"),
    ErrorCode.ANNOTATION_BACK_CHANGED: N_(
        "«{label}» by {annotator} is in the project again, changed ({changes})"),
    ErrorCode.LABEL_CODES_DOCUMENTS: N_(
        "the label «{label}» codes whole documents, not spans of text"),
    ErrorCode.UNKNOWN_LABEL_KIND: N_(
        "unknown label kind {kind!r} (kinds: {kinds})"),
    ErrorCode.KIND_USED_BY_ANNOTATIONS: N_plural(
        "the label «{label}» is used by {count} annotation; its kind cannot change while it is used",
        "the label «{label}» is used by {count} annotations; its kind cannot change while it is used"),
    ErrorCode.KIND_USED_BY_DOCUMENT_CODES: N_plural(
        "the label «{label}» is used by {count} document code; its kind cannot change while it is used",
        "the label «{label}» is used by {count} document codes; its kind cannot change while it is used"),
    ErrorCode.LABEL_NAME_TAKEN: N_(
        "a label named {label!r} already exists"),
    ErrorCode.SHORTCUT_TAKEN: N_(
        "the key {key} is already the shortcut of {label!r}"),
    ErrorCode.LABEL_CHANGED: N_(
        "the label «{label}» was changed since (now «{name}», {color}, key {key})"),
    ErrorCode.LABEL_CHANGED_NO_KEY: N_(
        "the label «{label}» was changed since (now «{name}», {color}, key none)"),
    ErrorCode.CODEBOOK_LABELS_CHANGED: N_(
        "the codebook gained or lost a label since"),
    ErrorCode.ORDER_NOT_EVERY_LABEL: N_(
        "the new order must list every label exactly once"),
    ErrorCode.MOVE_TO_DELETED_LABEL: N_(
        "cannot move annotations to the label being deleted"),
    ErrorCode.MOVE_TO_OTHER_KIND: N_(
        "cannot move the {kind} label «{label}»'s work to the {target_kind} label «{target}»"),
    ErrorCode.DELETE_USED_BY_ANNOTATIONS: N_plural(
        "the label «{label}» is used by {count} annotation; remove them first, or delete the label from the "
        "codebook",
        "the label «{label}» is used by {count} annotations; remove them first, or delete the label from "
        "the codebook"),
    ErrorCode.DELETE_USED_BY_DOCUMENT_CODES: N_plural(
        "the label «{label}» is used by {count} document code; remove them first, or delete the label from "
        "the codebook",
        "the label «{label}» is used by {count} document codes; remove them first, or delete the label from "
        "the codebook"),
    ErrorCode.LABEL_BACK_ALREADY: N_(
        "the label «{label}» is in the codebook again"),
    ErrorCode.UNKNOWN_NAMED_LABEL: N_(
        "unknown label {name!r} (labels: {labels})"),
    ErrorCode.UNKNOWN_NAMED_LABEL_NONE: N_(
        "unknown label {name!r} (labels: none)"),
    ErrorCode.UNKNOWN_DOCUMENT_LABEL: N_(
        "unknown document label {name!r} (labels: {labels})"),
    ErrorCode.UNKNOWN_DOCUMENT_LABEL_NONE: N_(
        "unknown document label {name!r} (labels: none)"),
    ErrorCode.UNKNOWN_SOURCE_LABEL: N_(
        "unknown source label {name!r} (labels: {labels})"),
    ErrorCode.UNKNOWN_SOURCE_LABEL_NONE: N_(
        "unknown source label {name!r} (labels: none)"),
    ErrorCode.UNKNOWN_CLAIM_LABEL: N_(
        "unknown claim label {name!r} (labels: {labels})"),
    ErrorCode.UNKNOWN_CLAIM_LABEL_NONE: N_(
        "unknown claim label {name!r} (labels: none)"),
    ErrorCode.NO_ANNOTATIONS_BY: N_(
        "no annotations by {annotator!r} (annotators: {annotators})"),
    ErrorCode.NO_ANNOTATIONS_BY_NONE: N_(
        "no annotations by {annotator!r} (annotators: none)"),
    ErrorCode.NO_DOCUMENT_MATCHES: N_(
        "no document matches {ref!r} (give its id, SHA-256 or file name)"),
    ErrorCode.CHANGED_SINCE: N_(
        "«{label}» by {annotator} was changed since ({changes})"),
    ErrorCode.NOW_LABEL: N_(
        "now «{label}»"),
    ErrorCode.SPAN_CHANGED: N_(
        "its span changed"),
    ErrorCode.NOW_BY: N_(
        "now by {annotator}"),
    ErrorCode.NOTE_CHANGED: N_(
        "its note changed"),
    ErrorCode.UPDATED_AT: N_(
        "updated {time}"),
    ErrorCode.HAS_LINK_SINCE: N_(
        "«{label}» by {annotator} has a link made since"),
    ErrorCode.HAS_REVIEW_SINCE: N_(
        "«{label}» by {annotator} has a review by {reviewer} made since"),
    ErrorCode.CLASH_TAKING_REVIEW_BACK: N_(
        "taking the review back clashes with what the project holds now ({detail})"),
    ErrorCode.CLASH_PUTTING_REVIEW_BACK: N_(
        "putting the review back clashes with what the project holds now ({detail})"),
    ErrorCode.CLASH_PUTTING_ANNOTATIONS_BACK: N_(
        "putting the annotations back clashes with what the project holds now ({detail})"),
    ErrorCode.CLASH_DELETING_ANNOTATIONS: N_(
        "deleting the annotations clashes with what the project holds now ({detail})"),
    ErrorCode.CLASH_CHANGING_ANNOTATION: N_(
        "changing the annotation clashes with what the project holds now ({detail})"),
    ErrorCode.CLASH_PUTTING_LINK_RULE_BACK: N_(
        "putting the link rule back clashes with what the project holds now ({detail})"),
    ErrorCode.CLASH_PUTTING_LINK_BACK: N_(
        "putting the link back clashes with what the project holds now ({detail})"),
    ErrorCode.ANNOTATION_GONE_QUOTED: N_(
        "annotation {annotation!r} no longer exists"),
    ErrorCode.EMPTY_COMMENT: N_(
        "a comment needs some text"),
    ErrorCode.OWN_ANNOTATION: N_(
        "this annotation is {annotator}'s own: review is of a colleague's work (change the annotator name "
        "to review as someone else)"),
    ErrorCode.REVIEW_GONE: N_(
        "this review no longer exists (its annotation was deleted)"),
    ErrorCode.REVIEW_BACK_ALREADY: N_(
        "this review is in the project again (brought back by others)"),
    ErrorCode.SPAN_TAKEN_BY: N_(
        "{annotator} already has this span labelled «{label}»"),
    ErrorCode.LABEL_LABELS_SPANS: N_(
        "the label «{label}» labels spans, not whole documents"),
    ErrorCode.DOCUMENT_ALREADY_CODED: N_(
        "{annotator} already coded this document «{label}»"),
    ErrorCode.DOCUMENT_CODE_GONE: N_(
        "the document code «{label}» of {annotator} is no longer in the project"),
    ErrorCode.DOCUMENT_CODE_CHANGED: N_(
        "the document code «{label}» of {annotator} was changed since"),
    ErrorCode.DOCUMENT_CODE_BACK_ALREADY: N_(
        "the document code «{label}» of {annotator} is in the project again"),
    ErrorCode.CODED_DOCUMENT_GONE: N_(
        "the document of the code «{label}» is no longer in the project"),
    ErrorCode.AGREEMENT_NEEDS_TWO: N_(
        "agreement needs at least two annotators (got {count}: {annotators})"),
    ErrorCode.ANNOTATOR_TWICE: N_(
        "annotator {annotator!r} is given twice"),
    ErrorCode.NO_DOCUMENT_LABELS: N_(
        "the codebook has no document labels"),
    ErrorCode.NO_DOCUMENT_CODES_BY: N_(
        "no document codes by {annotator!r} (annotators: {annotators})"),
    ErrorCode.NO_DOCUMENT_CODES_BY_NONE: N_(
        "no document codes by {annotator!r} (annotators: none)"),
    ErrorCode.DOCUMENT_CODE_ID_GONE: N_(
        "document code {code_uuid!r} is no longer in the project"),
    ErrorCode.OWN_DOCUMENT_CODE: N_(
        "this document code is {annotator}'s own: review is of a colleague's work (change the annotator "
        "name to review as someone else)"),
    ErrorCode.DOCUMENT_CODE_REVIEW_GONE: N_(
        "this review of a document code no longer exists (its code was removed)"),
    ErrorCode.IN_DOCUMENT: N_(
        "document {title!r}: {error}"),
    ErrorCode.NOTHING_TO_SEARCH: N_(
        "type something to search for"),
    ErrorCode.DOCUMENT_GONE: N_(
        "document {document} no longer exists"),
    ErrorCode.TOO_MANY_LABELS: N_(
        "agreement compares at most {count} labels at once; choose some with --label"),
    ErrorCode.DOCUMENT_LABEL_NOT_EXPORTED: N_(
        "{label!r} is a document label: the wide and CoNLL exports have span labels only"),
    ErrorCode.UNKNOWN_GROUPING: N_(
        "cannot group by {by!r}: choose one of {choices}"),
    ErrorCode.LINK_RULE_GONE: N_(
        "link rule {rule} no longer exists"),
    ErrorCode.RULE_NO_LONGER_ALLOWED: N_(
        "the codebook no longer allows «{from_label}» {relation} «{to_label}»"),
    ErrorCode.RULE_EXISTS: N_(
        "the codebook already allows «{from_label}» {relation} «{to_label}»"),
    ErrorCode.LINK_TO_ITSELF: N_(
        "a span cannot be linked to itself"),
    ErrorCode.LINK_ACROSS_DOCUMENTS: N_(
        "only spans of the same document can be linked"),
    ErrorCode.NO_LINK_RULE_BACKWARDS: N_(
        "the codebook allows no link from a «{from_label}» to a «{to_label}»; it links a «{to_label}» to a "
        "«{from_label}» ({relation})"),
    ErrorCode.NO_LINK_RULE_TARGETS: N_(
        "the codebook allows no link from a «{from_label}» to a «{to_label}»; a «{from_label}» can be "
        "{targets}"),
    ErrorCode.NO_LINK_RULE_AT_ALL: N_(
        "the codebook allows no link from a «{from_label}» to a «{to_label}»; a «{from_label}» cannot be "
        "linked at all"),
    ErrorCode.LINK_TARGET: N_(
        "{relation} a «{label}»"),
    ErrorCode.LINK_SEVERAL_WAYS: N_(
        "a «{from_label}» can be linked to a «{to_label}» in several ways ({relations}); say which"),
    ErrorCode.RELATION_NOT_ALLOWED: N_(
        "the codebook allows no «{relation}» link from a «{from_label}» to a «{to_label}» (allowed: "
        "{relations})"),
    ErrorCode.LINK_EXISTS_BETWEEN: N_(
        "this «{from_label}» is already {relation} that «{to_label}»"),
    ErrorCode.LINK_GONE: N_(
        "link {link} no longer exists"),
    ErrorCode.THIS_LINK_GONE: N_(
        "this link no longer exists"),
    ErrorCode.LINK_END_GONE: N_(
        "a span of this link no longer exists"),
    ErrorCode.LINK_EXISTS: N_(
        "this link exists already"),
    ErrorCode.PROJECT_READ_ONLY_OPEN: N_(
        "{path}: the project is open for reading only"),
    ErrorCode.QUERY_STOPPED: N_(
        "{path}: a query ran far longer than a project of this size needs and was stopped; the project file "
        "is damaged or was made to hang programs"),
    ErrorCode.PROJECT_IN_USE: N_(
        "{path}: the project is in use by another program (waited {seconds} s); close it there and try "
        "again"),
    ErrorCode.PROJECT_READ_ONLY_FILE: N_(
        "{path}: the project file or its folder is read-only"),
    ErrorCode.PROJECT_DAMAGED: N_(
        "{path}: the project file is damaged ({detail})"),
    ErrorCode.DISK_FULL: N_(
        "{path}: the disk is full"),
    ErrorCode.PROJECT_UNUSABLE: N_(
        "{path}: cannot use the project file ({detail})"),
    ErrorCode.NO_SUCH_PROJECT: N_(
        "{path}: no such project file"),
    ErrorCode.SERVER_DRIVER_MISSING: N_(
        "{path}: a project on a PostgreSQL server needs the psycopg driver (pip install 'annotator[team]')"),
    ErrorCode.SERVER_ADDRESS_INVALID: N_(
        "{path}: not a server address Annotator can read ({detail}); write "
        "postgresql://user@host:port/database"),
    ErrorCode.SERVER_ADDRESS_HAS_PASSWORD: N_(
        "{path}: refused: the address holds a password; leave it out and keep it in PGPASSWORD, "
        "~/.pgpass or a service file"),
    ErrorCode.SERVER_UNREACHABLE: N_(
        "{path}: cannot reach the database server ({detail})"),
    ErrorCode.SERVER_LOGIN_FAILED: N_(
        "{path}: the database server refused the login ({detail}); Annotator reads the password from "
        "PGPASSWORD, ~/.pgpass or a service file"),
    ErrorCode.NO_SUCH_DATABASE: N_(
        "{path}: no such database on the server; ask its administrator to create it"),
    ErrorCode.EMPTY_SERVER_DATABASE: N_(
        "{path}: an empty database, not a project yet"),
    ErrorCode.FOREIGN_SERVER_DATABASE: N_(
        "{path}: not an Annotator project (a database holding tables of another program)"),
    ErrorCode.SERVER_SCHEMA_OLDER: N_(
        "{path}: the project on the server has an older schema ({revision}); open it once to work in "
        "it, which upgrades it, then read it"),
    ErrorCode.SERVER_NO_FILE_COPY: N_(
        "{path}: a project on a server is not copied into a file here; its server's backups keep it"),
    ErrorCode.COPY_DESTINATION_NOT_EMPTY: N_(
        "{path}: not empty; a project is copied only into a new file or an empty database"),
    ErrorCode.COPY_REFUSED: N_(
        "{path}: the copy was refused and nothing was written ({detail})"),
    ErrorCode.NOT_YOUR_ANNOTATION: N_(
        "this annotation is {annotator}'s: you may change only your own annotations (review a "
        "colleague's instead)"),
    ErrorCode.NOT_ASSIGNED: N_(
        "the document {document!r} is not assigned to {annotator}"),
    ErrorCode.NO_SUCH_FOLDER: N_(
        "{path}: the folder {folder} does not exist"),
    ErrorCode.PROJECT_IS_FOLDER: N_(
        "{path}: is a folder, not a project file"),
    ErrorCode.PROJECT_NOT_REGULAR: N_(
        "{path}: not a regular file (a device, pipe or socket), not a project file"),
    ErrorCode.PROJECT_EMPTY: N_(
        "{path}: the file is empty"),
    ErrorCode.FOLDER_READ_ONLY: N_(
        "{path}: the folder {folder} is read-only"),
    ErrorCode.PROJECT_FILE_READ_ONLY: N_(
        "{path}: the project file is read-only"),
    ErrorCode.EMPTY_DATABASE: N_(
        "{path}: an empty SQLite database, not a project yet"),
    ErrorCode.LOG_UNREADABLE: N_(
        "{path}: the folder {folder} is read-only and the project's latest changes are still in {wal}, "
        "which cannot be read without {shm}; copy the project file and {wal} together to a folder you can "
        "write to, and open the copy"),
    ErrorCode.CANNOT_READ_FILE: N_(
        "{path}: cannot read the file ({detail})"),
    ErrorCode.NOT_SQLITE: N_(
        "{path}: not an Annotator project (not an SQLite database file)"),
    ErrorCode.FOREIGN_DATABASE: N_(
        "{path}: not an Annotator project (an SQLite database of another program)"),
    ErrorCode.NEWER_SCHEMA: N_(
        "{path}: written by a newer version of Annotator (schema {revision}); this version reads schemas "
        "up to {head}. Update Annotator to open it."),
    ErrorCode.FOREIGN_SCHEMA: N_(
        "{path}: refused: the project holds {problems}; a project file changed outside Annotator could act "
        "inside it"),
    ErrorCode.FOREIGN_SCHEMA_MORE: N_(
        "{path}: refused: the project holds {problems} (and {more} more); a project file changed outside "
        "Annotator could act inside it"),
    ErrorCode.FOLDER_READ_ONLY_SQLITE: N_(
        "{path}: the folder {folder} is read-only and SQLite cannot read the project there"),
    ErrorCode.COPY_IS_FOLDER: N_(
        "{path}: is a folder; give the name of the copy to write"),
    ErrorCode.COPY_NOT_REGULAR: N_(
        "{path}: not a regular file; give the name of the copy to write"),
    ErrorCode.COPY_IS_PROJECT: N_(
        "{path}: is the project itself or one of its files; choose another name"),
    ErrorCode.CANNOT_WRITE_COPY: N_(
        "{path}: cannot write the copy ({detail})"),
    ErrorCode.CANNOT_WRITE_BACKUP: N_(
        "{path}: cannot write the backup {backup} before upgrading ({detail}); nothing was changed"),
    ErrorCode.UPGRADE_BROKE_REFERENCES: N_(
        "{path}: upgrade left broken references: {detail}"),
    ErrorCode.OFFSETS_NOT_WHOLE: N_(
        "offsets must be whole numbers, got {start!r} and {end!r}"),
    ErrorCode.SPAN_OUTSIDE_DOCUMENT: N_(
        "span [{start}, {end}) is outside the document: need 0 <= start < end <= {length}"),
    ErrorCode.EMPTY_ANNOTATOR: N_(
        "the annotator's name is empty"),
    ErrorCode.LABEL_NEEDS_NAME: N_(
        "a label needs a name"),
    ErrorCode.LABEL_NAME_NOT_ONE_LINE: N_(
        "label name {label!r} must be one line of at most 64 characters"),
    ErrorCode.BAD_COLOR: N_(
        "colour {color!r} is not of the form #rrggbb"),
    ErrorCode.BAD_SHORTCUT: N_(
        "shortcut {key!r} must be one of the keys 1 to 9"),
    ErrorCode.BAD_RELATION: N_(
        "relation {relation!r} must be one word of letters, digits and underscores (at most 64), such as "
        "attributed_to"),
    ErrorCode.DOCUMENT_NEEDS_TITLE: N_(
        "a document needs a title"),
    ErrorCode.DATE_DOES_NOT_EXIST: N_(
        "date {date!r} does not exist"),
    ErrorCode.DATE_NOT_WRITTEN_RIGHT: N_(
        "date {date!r} must be written YYYY-MM-DD (or left empty)"),
    ErrorCode.TITLE_NOT_ONE_LINE: N_(
        "the title must be one line"),
    ErrorCode.TITLE_TOO_LONG: N_(
        "the title is too long (at most {most} characters)"),
    ErrorCode.AUTHOR_NOT_ONE_LINE: N_(
        "the author must be one line"),
    ErrorCode.AUTHOR_TOO_LONG: N_(
        "the author is too long (at most {most} characters)"),
    ErrorCode.OUTLET_NOT_ONE_LINE: N_(
        "the outlet must be one line"),
    ErrorCode.OUTLET_TOO_LONG: N_(
        "the outlet is too long (at most {most} characters)"),
    ErrorCode.URL_NOT_ONE_LINE: N_(
        "the url must be one line"),
    ErrorCode.URL_TOO_LONG: N_(
        "the url is too long (at most {most} characters)"),
    ErrorCode.LANGUAGE_NOT_ONE_LINE: N_(
        "the language must be one line"),
    ErrorCode.LANGUAGE_TOO_LONG: N_(
        "the language is too long (at most {most} characters)"),
    ErrorCode.FIELD_NOT_ONE_LINE: N_(
        "the {field} must be one line"),
    ErrorCode.FIELD_TOO_LONG: N_(
        "the {field} is too long (at most {most} characters)"),
    ErrorCode.BAD_CONTEXT_WIDTH: N_(
        "context width {context!r} must be a whole number from 0 to 1000"),
    ErrorCode.BAD_FROM_DATE: N_(
        "from date {date!r} is not of the form YYYY, YYYY-MM or YYYY-MM-DD"),
    ErrorCode.BAD_TO_DATE: N_(
        "to date {date!r} is not of the form YYYY, YYYY-MM or YYYY-MM-DD"),
    ErrorCode.EMPTY_DATE_RANGE: N_(
        "the date range is empty: {low} comes after {high}"),
    ErrorCode.BAD_REGEX: N_(
        "not a valid regular expression {pattern!r}: {detail}"),
    ErrorCode.BAD_RESAMPLES: N_(
        "the number of resamples must be a whole number from 1 to {most:,} (got {resamples})"),
    ErrorCode.BAD_SEED: N_(
        "the seed must be a whole number, 0 or more (got {seed})"),
    ErrorCode.TOO_FEW_DOCUMENTS_TO_RESAMPLE: N_(
        "intervals resample documents and need at least two documents counted (here {documents})"),
    ErrorCode.MERGE_NOT_TIMESTAMP: N_(
        "{value!r} is not an ISO 8601 date and time"),
    ErrorCode.MERGE_SPAN_OUT_OF_RANGE: N_plural(
        "span [{start}, {end}) is out of range (the document has {length} character)",
        "span [{start}, {end}) is out of range (the document has {length} characters)", count="length"),
    ErrorCode.MERGE_BAD_VERDICT: N_(
        "verdict {verdict!r} is not one of {verdicts}"),
    ErrorCode.MERGE_EMPTY_REVIEWER: N_(
        "the reviewer's name is empty"),
    ErrorCode.MERGE_LABEL_SPANS_HERE: N_(
        "the label {label!r} labels spans here, not whole documents"),
    ErrorCode.MERGE_LABEL_DOCUMENTS_HERE: N_(
        "the label {label!r} codes whole documents here; a span cannot have it"),
    ErrorCode.MERGE_LABEL_SPAN_THERE: N_(
        "the label {label!r} is a span label there and a document label here"),
    ErrorCode.MERGE_LABEL_DOCUMENT_THERE: N_(
        "the label {label!r} is a document label there and a span label here"),
    ErrorCode.MERGE_ID_NOT_UUID: N_(
        "its id {value!r} is not a UUID"),
    ErrorCode.MERGE_ANNOTATION_ID_NOT_UUID: N_(
        "the id of its annotation {value!r} is not a UUID"),
    ErrorCode.MERGE_ORIGIN_ID_NOT_UUID: N_(
        "the id of its origin {value!r} is not a UUID"),
    ErrorCode.MERGE_TARGET_ID_NOT_UUID: N_(
        "the id of its target {value!r} is not a UUID"),
    ErrorCode.MERGE_CODE_ID_NOT_UUID: N_(
        "the id of its document code {value!r} is not a UUID"),
    ErrorCode.MERGE_LINK_INCOMPLETE: N_(
        "a link needs a relation and a created_at date and time"),
    ErrorCode.MERGE_SHA256_MISMATCH: N_(
        "its SHA-256 does not match its text"),
    ErrorCode.MERGE_SHA256_IN_NEITHER: N_(
        "document_sha256 {sha} is in neither project"),
    ErrorCode.MERGE_DOCUMENT_ID_IN_NEITHER: N_(
        "document_id {document} is in neither project"),
    ErrorCode.MERGE_TITLE_IN_NEITHER: N_(
        "document_title {title!r} is in neither project"),
    ErrorCode.MERGE_TITLE_AMBIGUOUS: N_plural(
        "{count} document has the title {title!r}; give document_sha256",
        "{count} documents have the title {title!r}; give document_sha256"),
    ErrorCode.MERGE_TEXT_DIFFERS: N_(
        "the file has {theirs}, the document has {ours}"),
    ErrorCode.MERGE_WHERE_DOCUMENT: N_(
        "document {title!r} ({source})"),
    ErrorCode.MERGE_WHERE_REVIEW: N_(
        "{file}: review {id}"),
    ErrorCode.MERGE_WHERE_LINK: N_(
        "{file}: link {id}"),
    ErrorCode.MERGE_WHERE_CODE: N_(
        "{file}: document code {id}"),
    ErrorCode.MERGE_WHERE_CODE_REVIEW: N_(
        "{file}: document code review {id}"),
}


def english(code: str, values: dict[str, Any]) -> str:
    """The English sentence of `code` filled with `values` (what `str()` of the error reads)."""
    entry = WORDING[code]
    if isinstance(entry, Plural):
        entry = entry.singular if values[entry.count] == 1 else entry.plural
    return entry.format(**{key: _english_value(value) for key, value in values.items()})


def _english_value(value: Any) -> Any:
    """A value as the English sentence shows it: phrases and nested errors as their English, a
    tuple of phrases as a list."""
    if isinstance(value, tuple) and value and all(isinstance(part, Worded) for part in value):
        return ", ".join(str(part) for part in value)
    return str(value) if isinstance(value, Worded | BaseException) else value
