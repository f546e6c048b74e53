"""Document codes: a document-kind label set on a whole article by one annotator.

Each function is one transaction. Removing a code returns its snapshot, and `restore_document_code`
puts it back with the same UUID: the undo and redo of setting or removing one. Steps find a code
by UUID and act only on one still as the step left it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from dataclasses import replace

from sqlalchemy import Select, Subquery, func, select
from sqlalchemy.orm import Session

from annotator.domain.agreement import AgreementReport, document_code_agreement
from annotator.domain.clock import utc_now_iso
from annotator.domain.error_wording import ErrorCode
from annotator.domain.errors import ChangedSince, InvalidInput, NotFound
from annotator.domain.records import DocumentCodeInfo, DocumentCodeReviewInfo
from annotator.domain.review import DECISIVE_VERDICTS
from annotator.domain.validation import clean_annotator
from annotator.services._refs import document_ids, find_label, spell_labels
from annotator.services.handle import Project, store_of
from annotator.store.models import Document, DocumentCode, DocumentCodeReview, Label

#: Reason codes of a refusal (`DocumentCodeRefused.reason`).
NOT_A_DOCUMENT_LABEL = "span_label"
ALREADY_SET = "already_set"


class DocumentCodeRefused(InvalidInput):
    """A document code that cannot be set; `reason` is one of the reason codes above."""

    def __init__(self, reason: str, code: str, **values: object) -> None:
        super().__init__(code=code, **values)
        self.reason = reason


def _info(code: DocumentCode, label_name: str) -> DocumentCodeInfo:
    return DocumentCodeInfo(
        id=code.id, uuid=code.uuid, document_id=code.document_id, label_id=code.label_id,
        label=label_name, annotator=code.annotator, note=code.note,
        created_at=code.created_at, updated_at=code.updated_at,
    )


def _document_label(session: Session, label: int | str) -> Label:
    lab = find_label(session, label)
    if lab.kind != "document":
        raise DocumentCodeRefused(NOT_A_DOCUMENT_LABEL, ErrorCode.LABEL_LABELS_SPANS, label=lab.name)
    return lab


def _refuse_taken(session: Session, document_id: int, lab: Label, annotator: str) -> None:
    taken = session.scalar(select(DocumentCode.id).where(
        DocumentCode.document_id == document_id, DocumentCode.label_id == lab.id,
        DocumentCode.annotator == annotator))
    if taken is not None:
        raise DocumentCodeRefused(ALREADY_SET, ErrorCode.DOCUMENT_ALREADY_CODED, annotator=annotator,
                                  label=lab.name)


def set_document_code(
    project: Project, document_id: int, label: int | str, annotator: str, note: str = ""
) -> DocumentCodeInfo:
    """Code a whole document with a document-kind label (by id or name); refused for a span
    label, an unknown document or label, or a code the annotator already set."""
    name = clean_annotator(annotator)
    with store_of(project).write() as session:
        if session.get(Document, document_id) is None:
            raise NotFound(code=ErrorCode.UNKNOWN_DOCUMENT, document=document_id)
        lab = _document_label(session, label)
        _refuse_taken(session, document_id, lab, name)
        now = utc_now_iso()
        code = DocumentCode(uuid=str(uuid.uuid4()), document_id=document_id, label_id=lab.id,
                            annotator=name, note=(note or "").strip(), created_at=now,
                            updated_at=now)
        session.add(code)
        session.flush()
        return _info(code, lab.name)


def _by_uuid(session: Session, snapshot: DocumentCodeInfo) -> DocumentCode | None:
    return session.scalars(select(DocumentCode).where(DocumentCode.uuid == snapshot.uuid)).first()


def remove_document_code(project: Project, snapshot: DocumentCodeInfo) -> DocumentCodeInfo:
    """Remove the code `snapshot` is (found by UUID), if it is still as `snapshot` says; returns
    it as it was, with the reviews that went with it, for `restore_document_code`."""
    with store_of(project).write() as session:
        code = _by_uuid(session, snapshot)
        if code is None:
            raise NotFound(code=ErrorCode.DOCUMENT_CODE_GONE, label=snapshot.label,
                           annotator=snapshot.annotator)
        lab = session.get(Label, code.label_id)
        now = _info(code, lab.name if lab is not None else snapshot.label)
        fields = ("document_id", "label_id", "annotator", "note", "updated_at")
        if any(getattr(now, f) != getattr(snapshot, f) for f in fields):
            raise ChangedSince(code=ErrorCode.DOCUMENT_CODE_CHANGED, label=snapshot.label,
                               annotator=snapshot.annotator)
        reviews = tuple(
            DocumentCodeReviewInfo(id=r.id, uuid=r.uuid, document_code_id=r.document_code_id,
                                   reviewer=r.reviewer, verdict=r.verdict, comment=r.comment,
                                   created_at=r.created_at)
            for r in session.scalars(select(DocumentCodeReview)
                                     .where(DocumentCodeReview.document_code_id == code.id)
                                     .order_by(DocumentCodeReview.id))
        )
        session.delete(code)  # its reviews go with it (ON DELETE CASCADE), kept in the snapshot
        return replace(now, reviews=reviews)


def restore_document_code(project: Project, snapshot: DocumentCodeInfo) -> DocumentCodeInfo:
    """Put a removed code back with its UUID, times, note and reviews (its row id too, unless
    another code has it now); refused when it is there again or its document or label is gone."""
    with store_of(project).write() as session:
        if _by_uuid(session, snapshot) is not None:
            raise ChangedSince(code=ErrorCode.DOCUMENT_CODE_BACK_ALREADY, label=snapshot.label,
                               annotator=snapshot.annotator)
        if session.get(Document, snapshot.document_id) is None:
            raise NotFound(code=ErrorCode.CODED_DOCUMENT_GONE, label=snapshot.label)
        lab = session.get(Label, snapshot.label_id)
        if lab is None:
            raise NotFound(code=ErrorCode.LABEL_GONE, label=snapshot.label)
        lab = _document_label(session, lab.id)
        _refuse_taken(session, snapshot.document_id, lab, snapshot.annotator)
        code = DocumentCode(uuid=snapshot.uuid, document_id=snapshot.document_id,
                            label_id=lab.id, annotator=snapshot.annotator, note=snapshot.note,
                            created_at=snapshot.created_at, updated_at=snapshot.updated_at)
        if session.get(DocumentCode, snapshot.id) is None:
            code.id = snapshot.id
        session.add(code)
        session.flush()
        for review in snapshot.reviews:  # the reviews removed with it, unless brought back meanwhile
            if session.scalar(select(DocumentCodeReview.id)
                              .where(DocumentCodeReview.uuid == review.uuid)) is None:
                session.add(DocumentCodeReview(
                    uuid=review.uuid, document_code_id=code.id, reviewer=review.reviewer,
                    verdict=review.verdict, comment=review.comment, created_at=review.created_at))
        return _info(code, lab.name)


def _listing() -> Select:
    return (select(DocumentCode, Label.name)
            .join(Label, Label.id == DocumentCode.label_id)
            .order_by(Label.position, Label.id, DocumentCode.annotator, DocumentCode.id))


def list_document_codes(project: Project, document_id: int) -> list[DocumentCodeInfo]:
    """The codes of one document, in codebook order, then by annotator."""
    with store_of(project).read() as session:
        return [_info(code, name) for code, name in
                session.execute(_listing().where(DocumentCode.document_id == document_id))]


def document_codes_by_document(
    project: Project, annotators: Sequence[str] = (), labels: Sequence[str] = ()
) -> dict[int, list[DocumentCodeInfo]]:
    """Every document code by document id; only these annotators' or labels' (names, case
    aside; span labels among them select no code) when named."""
    query = _listing()
    if annotators:
        query = query.where(DocumentCode.annotator.in_([a.strip() for a in annotators]))
    folded = {name.strip().casefold() for name in labels}
    found: dict[int, list[DocumentCodeInfo]] = {}
    with store_of(project).read() as session:
        for code, name in session.execute(query):
            if not folded or name.casefold() in folded:
                found.setdefault(code.document_id, []).append(_info(code, name))
    return found


def _latest_reviews(decisive: bool) -> Subquery:
    """Each reviewed code's latest review (of any kind, or only accept/reject), as the
    annotation export reads those of spans."""
    newest_first = func.row_number().over(
        partition_by=DocumentCodeReview.document_code_id,
        order_by=(DocumentCodeReview.created_at.desc(), DocumentCodeReview.id.desc()),
    )
    query = select(
        DocumentCodeReview.document_code_id, DocumentCodeReview.verdict,
        DocumentCodeReview.reviewer, DocumentCodeReview.comment, DocumentCodeReview.created_at,
        newest_first.label("rank"),
    )
    if decisive:
        query = query.where(DocumentCodeReview.verdict.in_(DECISIVE_VERDICTS))
    return query.subquery()


def iter_document_code_rows(
    project: Project,
    annotators: Sequence[str] = (),
    labels: Sequence[str] = (),
) -> Iterator[tuple[str, ...]]:
    """Every document code as an export row (DOCUMENT_CODE_COLUMNS), by document, then codebook
    order, then annotator; optionally only these annotators' or labels' codes. The review
    columns are those of the annotation export: the status (latest accept or reject, else
    "commented"), then the latest review's reviewer, comment and time; empty when unreviewed.
    Read in one snapshot."""
    latest = _latest_reviews(decisive=False)
    decided = _latest_reviews(decisive=True)
    query = (
        select(Document.uuid, Document.title, Label.name, DocumentCode.annotator,
               DocumentCode.note, DocumentCode.created_at, DocumentCode.updated_at,
               DocumentCode.uuid,
               func.coalesce(decided.c.verdict, latest.c.verdict, ""),
               func.coalesce(latest.c.reviewer, ""),
               func.coalesce(latest.c.comment, ""),
               func.coalesce(latest.c.created_at, ""))
        .join(Document, Document.id == DocumentCode.document_id)
        .join(Label, Label.id == DocumentCode.label_id)
        .outerjoin(latest, (latest.c.document_code_id == DocumentCode.id) & (latest.c.rank == 1))
        .outerjoin(decided, (decided.c.document_code_id == DocumentCode.id) & (decided.c.rank == 1))
        .order_by(Document.id, Label.position, Label.id, DocumentCode.annotator)
    )
    if annotators:
        query = query.where(DocumentCode.annotator.in_([a.strip() for a in annotators]))
    if labels:
        query = query.where(Label.name.in_(list(labels)))
    with store_of(project).read() as session:
        for row in session.execute(query.execution_options(yield_per=1000)):
            yield tuple(row)


def document_code_labels(project: Project, names: Sequence[str]) -> list[str]:
    """Each name as the codebook spells its document label (case aside); InvalidInput naming
    the document labels for one that is not."""
    with store_of(project).read() as session:
        codebook = list(session.scalars(select(Label.name).where(Label.kind == "document")
                                        .order_by(Label.position, Label.id)))
    return spell_labels(names, codebook, "document label")


def document_code_counts(project: Project) -> tuple[dict[str, int], dict[str, int]]:
    """How many document codes each annotator set, and how many each document label has (every
    document label, in codebook order)."""
    with store_of(project).read() as session:
        per_annotator = dict(session.execute(
            select(DocumentCode.annotator, func.count()).group_by(DocumentCode.annotator)
            .order_by(DocumentCode.annotator)).all())
        per_label = dict(session.execute(
            select(Label.name, func.count(DocumentCode.id))
            .outerjoin(DocumentCode, DocumentCode.label_id == Label.id)
            .where(Label.kind == "document").group_by(Label.id).order_by(Label.position)).all())
    return per_annotator, per_label


def document_code_agreement_report(
    project: Project,
    annotators: Sequence[str],
    labels: Sequence[str] = (),
    documents: Sequence[str] = (),
) -> AgreementReport:
    """Agreement of `annotators` (the first is the reference for kappa) on each document label
    (`labels`, case aside; all when none given), over the documents two or more of them coded,
    or exactly `documents` (id, SHA-256 or file name). See `document_code_agreement`."""
    names = tuple(name.strip() for name in annotators)
    if len(names) < 2:
        raise InvalidInput(code=ErrorCode.AGREEMENT_NEEDS_TWO, count=len(names), annotators=", ".join(names))
    twice = [name for position, name in enumerate(names) if name in names[:position]]
    if twice:
        raise InvalidInput(code=ErrorCode.ANNOTATOR_TWICE, annotator=twice[0])
    with store_of(project).read() as session:
        codebook = list(session.scalars(select(Label.name).where(Label.kind == "document")
                                        .order_by(Label.position, Label.id)))
        if not codebook:
            raise InvalidInput(code=ErrorCode.NO_DOCUMENT_LABELS)
        spelled = spell_labels(labels, codebook, "document label")
        chosen = [name for name in codebook if not labels or name in spelled]
        known = set(session.scalars(select(DocumentCode.annotator).distinct()))
        missing = [name for name in names if name not in known]
        if missing:
            raise InvalidInput(
                code=ErrorCode.NO_DOCUMENT_CODES_BY if known else ErrorCode.NO_DOCUMENT_CODES_BY_NONE,
                annotator=missing[0], annotators=", ".join(sorted(known)))
        ids = document_ids(session, documents) if documents else list(
            session.scalars(select(Document.id).order_by(Document.id)))
        codes = session.execute(
            select(DocumentCode.document_id, DocumentCode.annotator, Label.name)
            .join(Label, Label.id == DocumentCode.label_id)
            .where(DocumentCode.annotator.in_(names))).all()
    return document_code_agreement(names, chosen, ids, map(tuple, codes),
                                   every_document=bool(documents))
