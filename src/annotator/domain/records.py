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
    author: str = ""
    outlet: str = ""
    url: str = ""
    language: str = ""


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
    kind: str = "span"  # "span": labels spans of text; "document": a code of the whole document


#: What a label codes: spans of text, or a whole document (a document code).
LABEL_KINDS: tuple[str, ...] = ("span", "document")


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
    #: "manual", or "suggested" for a span accepted from a suggestion (kept when it is put back).
    origin: str = "manual"


@dataclass(frozen=True, slots=True)
class AnnotationEdit:
    """An annotation before and after a relabel or note edit."""

    before: AnnotationInfo
    after: AnnotationInfo


@dataclass(frozen=True, slots=True)
class DocumentCodeInfo:
    """A document-kind label set on a whole document by one annotator.

    `reviews` is filled only in the snapshot a removal returns: the reviews that went with the
    code, which putting it back restores too."""

    id: int
    uuid: str
    document_id: int
    label_id: int
    label: str
    annotator: str
    note: str
    created_at: str
    updated_at: str
    reviews: tuple[DocumentCodeReviewInfo, ...] = ()


@dataclass(frozen=True, slots=True)
class ImportedText:
    """A file read and decoded, ready to be stored."""

    source_name: str
    title: str
    date: str | None
    text: str
    sha256: str
    author: str = ""
    outlet: str = ""
    url: str = ""
    language: str = ""
    uuid: str | None = None  # kept when a colleague's document is merged in


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What an import did with one file."""

    source_name: str
    status: str  # "imported" | "already in project"
    document: DocumentInfo


@dataclass(frozen=True, slots=True)
class ReviewInfo:
    """One verdict on an annotation; the latest verdict of an annotation is its review status."""

    id: int
    uuid: str
    annotation_id: int
    reviewer: str
    verdict: str  # "accepted" | "rejected" | "commented"
    comment: str
    created_at: str
    copy_annotation_id: int | None = None


@dataclass(frozen=True, slots=True)
class DocumentCodeReviewInfo:
    """A reviewer's verdict on a document code (as ReviewInfo is on a span)."""

    id: int
    uuid: str
    document_code_id: int
    reviewer: str
    verdict: str  # "accepted" | "rejected" | "commented"
    comment: str
    created_at: str


@dataclass(frozen=True, slots=True)
class DocumentCodeReviewOutcome:
    """What one review of a document code did: the verdict stored, the code as it was reviewed,
    and the reviewer's own code when accepting set it for them.

    `copy_created` tells whether this review set the reviewer's code (undo removes it) or the
    reviewer had already set it (undo leaves it).
    """

    review: DocumentCodeReviewInfo
    code: DocumentCodeInfo
    copy: DocumentCodeInfo | None = None
    copy_created: bool = False


@dataclass(frozen=True, slots=True)
class LinkInfo:
    """A directed link between two annotations (e.g. claim -> source, relation "attributed_to")."""

    id: int
    uuid: str
    relation: str
    from_annotation_id: int
    to_annotation_id: int
    annotator: str
    created_at: str


@dataclass(frozen=True, slots=True)
class LinkSnapshot:
    """A link with the UUIDs of the two annotations it joins: how undo and redo find them again
    (their row ids may have changed, or been given to other annotations)."""

    link: LinkInfo
    from_uuid: str
    to_uuid: str


@dataclass(frozen=True, slots=True)
class LinkRuleInfo:
    """The codebook allows links of `relation` from `from_label` spans to `to_label` spans."""

    id: int
    relation: str
    from_label_id: int
    from_label: str
    to_label_id: int
    to_label: str


# ----- what an importer hands to the merge service (io builds these; services store them) -----


@dataclass(frozen=True, slots=True)
class IncomingLabel:
    """A label named by incoming work; created in the codebook if the project lacks it."""

    name: str
    color: str | None = None
    definition: str = ""
    kind: str = "span"  # a label the codebook lacks is created of this kind


@dataclass(frozen=True, slots=True)
class IncomingAnnotation:
    """An annotation read from another project or an interchange file.

    `where` names its origin for messages ("colleague.csv, row 12"). The document is found by
    `document_sha256`, else by `document_uuid`, else by a `document_title` that is unique in the
    project. `text`, when the source gives it, must equal the document's `text[start:end]`.
    """

    where: str
    label: str
    start: int
    end: int
    annotator: str
    document_sha256: str | None = None
    document_title: str | None = None
    uuid: str | None = None
    note: str = ""
    text: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    document_uuid: str | None = None  # the document's id in our projects (export column document_id)
    #: "manual", or "suggested" (made by accepting a suggestion); None: not given (a new
    #: annotation is manual, an updated one keeps its own).
    origin: str | None = None


@dataclass(frozen=True, slots=True)
class IncomingReview:
    """A verdict on an incoming (or existing) annotation, identified by the annotation's UUID."""

    where: str
    uuid: str
    annotation_uuid: str
    reviewer: str
    verdict: str
    comment: str
    created_at: str


@dataclass(frozen=True, slots=True)
class IncomingLink:
    """A link between two annotations identified by UUID."""

    where: str
    uuid: str
    relation: str
    from_annotation_uuid: str
    to_annotation_uuid: str
    annotator: str
    created_at: str


@dataclass(frozen=True, slots=True)
class IncomingDocumentCode:
    """A document code read from another project or an interchange file; its document is found
    as an IncomingAnnotation's is (SHA-256, else UUID, else a unique title)."""

    where: str
    label: str
    annotator: str
    document_sha256: str | None = None
    document_uuid: str | None = None
    document_title: str | None = None
    uuid: str | None = None
    note: str = ""
    created_at: str | None = None
    updated_at: str | None = None


@dataclass(frozen=True, slots=True)
class IncomingDocumentCodeReview:
    """A review of a document code brought by a merge, naming the code by UUID."""

    where: str
    uuid: str
    document_code_uuid: str
    reviewer: str
    verdict: str
    comment: str
    created_at: str


@dataclass(frozen=True, slots=True)
class IncomingBatch:
    """Everything one merge or interchange import brings; stored all-or-nothing."""

    source: str  # the file it came from, for the summary
    documents: tuple[ImportedText, ...] = ()
    labels: tuple[IncomingLabel, ...] = ()
    annotations: tuple[IncomingAnnotation, ...] = ()
    reviews: tuple[IncomingReview, ...] = ()
    links: tuple[IncomingLink, ...] = ()
    document_codes: tuple[IncomingDocumentCode, ...] = ()
    document_code_reviews: tuple[IncomingDocumentCodeReview, ...] = ()


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
    "review_status",
    "reviewer",
    "review_comment",
    "reviewed_at",
    "document_outlet",
    "document_url",
    "origin",
)

#: The columns of `annotator export --document-codes`: one row per document, code and annotator;
#: the review columns carry the code's review state as in EXPORT_COLUMNS.
DOCUMENT_CODE_COLUMNS: tuple[str, ...] = (
    "document_id",
    "document_title",
    "label",
    "annotator",
    "note",
    "created_at",
    "updated_at",
    "document_code_id",
    "review_status",
    "reviewer",
    "review_comment",
    "reviewed_at",
)
