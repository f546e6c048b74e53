"""Suggestions: quotations and their speakers proposed by the rules, kept apart from annotations.

A suggestion is not an annotation: it is never exported, merged or counted. An analyst accepts it
(it becomes an annotation of theirs with origin 'suggested', a quotation linked to its speaker
under the codebook's link rule) or dismisses it; either is remembered for the document, so that
proposing again offers only what is still open. Every change is one transaction returning what
changed; the undo and redo functions find rows by UUID and refuse when they changed since.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from annotator.domain.clock import utc_now_iso
from annotator.domain.error_wording import ErrorCode, N_plural, Plural
from annotator.domain.errors import ChangedSince, InvalidInput, NotFound, register_wording
from annotator.domain.records import AnnotationInfo, LinkInfo, LinkSnapshot
from annotator.domain.suggest import CLAIM, LANGUAGES, SOURCE, detect_language, propose
from annotator.domain.validation import check_offsets, clean_annotator
from annotator.i18n import N_
from annotator.services._dependents import LINK_COLUMNS, dependents_of
from annotator.services._steps import ANNOTATION_COLUMNS, annotations_by_uuid, changed_since, same_annotation
from annotator.services.annotations import refuse_document_label
from annotator.services.handle import Project, store_of
from annotator.store.models import Annotation, Document, Label, Link, LinkRule, ProjectMeta, Suggestion
from annotator.store.queries import execute_many, in_chunks, plain_rows

#: The kinds of suggestion, in the order the codebook dialog shows them.
KINDS: tuple[str, ...] = (CLAIM, SOURCE)
#: States of a suggestion: offered, taken as an annotation, or turned down.
OPEN, ACCEPTED, DISMISSED = "open", "accepted", "dismissed"
#: `Annotation.origin` of an annotation made by accepting a suggestion (else 'manual').
SUGGESTED_ORIGIN = "suggested"
MANUAL_ORIGIN = "manual"
ORIGINS: tuple[str, ...] = (MANUAL_ORIGIN, SUGGESTED_ORIGIN)

#: project_meta keys: the label (its UUID; "" for none) each kind is accepted as, and whether
#: imported documents get suggestions ("yes"/"no"; absent: yes).
LABEL_KEY = "suggest_label_{kind}"
ON_IMPORT_KEY = "suggest_on_import"
#: The labels each kind maps to while the project has not chosen: these names, if span labels.
DEFAULT_LABEL_NAMES = {CLAIM: "claim", SOURCE: "source"}
#: The relation preferred when several rules allow a claim -> source link.
PREFERRED_RELATION = "attributed_to"
#: Documents read per round trip while proposing (their texts are held meanwhile).
DOCUMENTS_PER_READ = 50


class SuggestionProblem(StrEnum):
    """Why a suggestion step was refused (a reason code)."""

    GONE = "suggestion_gone"  # values: suggestion (its id)
    NOT_OPEN = "suggestion_not_open"  # values: state
    NO_CLAIM_LABEL = "suggestion_no_claim_label"
    NO_SOURCE_LABEL = "suggestion_no_source_label"
    UNKNOWN_KIND = "suggestion_unknown_kind"  # values: kind
    CHANGED_SINCE = "suggestion_changed_since"  # values: count
    ANNOTATION_TAKEN = "suggestion_annotation_taken"  # values: label, annotator


SUGGESTION_WORDING: dict[str, str | Plural] = {
    SuggestionProblem.GONE: N_("this suggestion is no longer in the project (the document was proposed for "
                               "again)"),
    SuggestionProblem.NOT_OPEN: N_("this suggestion was accepted or dismissed since"),
    SuggestionProblem.NO_CLAIM_LABEL: N_("no label is chosen for suggested quotations: choose one in the "
                                         "codebook"),
    SuggestionProblem.NO_SOURCE_LABEL: N_("no label is chosen for suggested sources: choose one in the "
                                          "codebook"),
    SuggestionProblem.UNKNOWN_KIND: N_("unknown kind of suggestion {kind!r} (claim or source)"),
    SuggestionProblem.CHANGED_SINCE: N_plural(
        "a suggestion was accepted, dismissed or proposed again since",
        "{count} suggestions were accepted, dismissed or proposed again since",
    ),
    SuggestionProblem.ANNOTATION_TAKEN: N_("«{label}» by {annotator} is there already under another id"),
}
register_wording(SUGGESTION_WORDING)


@dataclass(frozen=True, slots=True)
class SuggestionInfo:
    """One proposed span [start, end) in code points; `label_id`/`label_name` are the label its
    kind is accepted as (None when the codebook has none). A claim's `source_suggestion_id` is
    the proposal of its speaker, if any."""

    id: int
    uuid: str
    document_id: int
    kind: str
    label_id: int | None
    label_name: str | None
    start: int
    end: int
    source_suggestion_id: int | None


@dataclass(frozen=True, slots=True)
class DocumentSuggested:
    """What proposing found in one document: its open suggestions now, how many of them are new,
    and the language the rules read it in (None: neither French nor English, nothing proposed)."""

    document_id: int
    open: int
    added: int
    language: str | None


@dataclass(frozen=True, slots=True)
class SuggestRun:
    """A run of `suggest_documents`; `cancelled`: stopped, nothing changed."""

    documents: tuple[DocumentSuggested, ...] = ()
    cancelled: bool = False

    @property
    def open(self) -> int:
        """Open suggestions in the documents proposed for."""
        return sum(d.open for d in self.documents)

    @property
    def added(self) -> int:
        """Suggestions new in this run."""
        return sum(d.added for d in self.documents)

    @property
    def unread(self) -> int:
        """Documents in no language the rules know (nothing proposed)."""
        return sum(1 for d in self.documents if d.language is None)


@dataclass(frozen=True, slots=True)
class SuggestionsAccepted:
    """What accepting suggestions did, for the window to show and its undo step to take back.

    `annotations`: made by the acceptance (origin 'suggested'); `reused`: the analyst's own
    annotations of the same span and label, linked but left as they were; `links`: made;
    `suggestion_uuids`: the suggestions now accepted (a quotation's speaker with it);
    `unlinked`: quotations left without a link to their speaker because the codebook has no
    link rule from the quotation's label to the speaker's (`no_link_rule`)."""

    annotations: tuple[AnnotationInfo, ...]
    reused: tuple[AnnotationInfo, ...]
    links: tuple[LinkSnapshot, ...]
    suggestion_uuids: tuple[str, ...]
    unlinked: int = 0
    annotator: str = ""

    @property
    def no_link_rule(self) -> bool:
        """True when a quotation could not be linked to its speaker for want of a link rule."""
        return self.unlinked > 0


@dataclass(frozen=True, slots=True)
class SuggestionsDismissed:
    """Suggestions turned down (as they were when dismissed)."""

    suggestions: tuple[SuggestionInfo, ...] = field(default_factory=tuple)


# ---------------------------------------------------------------------------------------------
# Label mapping and the import setting


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise InvalidInput(code=SuggestionProblem.UNKNOWN_KIND, kind=kind)


def _labels(session: Session) -> dict[str, tuple[int, str] | None]:
    """kind -> (label id, name) it is accepted as, or None."""
    meta = dict(session.execute(
        select(ProjectMeta.key, ProjectMeta.value).where(
            ProjectMeta.key.in_([LABEL_KEY.format(kind=k) for k in KINDS]))).all())
    spans = session.execute(
        select(Label.id, Label.uuid, Label.name).where(Label.kind == "span")).all()
    by_uuid = {row.uuid: (row.id, row.name) for row in spans}
    by_name = {row.name: (row.id, row.name) for row in spans}
    found: dict[str, tuple[int, str] | None] = {}
    for kind in KINDS:
        chosen = meta.get(LABEL_KEY.format(kind=kind))
        if chosen is None:
            found[kind] = by_name.get(DEFAULT_LABEL_NAMES[kind])
        else:
            found[kind] = by_uuid.get(chosen) if chosen else None
    return found


def suggestion_labels(project: Project) -> dict[str, int | None]:
    """kind ('claim', 'source') -> id of the span label its suggestions are accepted as, or None.

    Until the project chooses, the labels named 'claim' and 'source'."""
    with store_of(project).read() as session:
        return {kind: (found[0] if found else None) for kind, found in _labels(session).items()}


def set_suggestion_label(project: Project, kind: str, label_id: int | None) -> int | None:
    """Accept suggestions of `kind` as the span label `label_id` (None: as no label, which
    refuses accepting them). Returns the label id it had before (for undo)."""
    _check_kind(kind)
    with store_of(project).write() as session:
        before = _labels(session)[kind]
        value = ""
        if label_id is not None:
            row = session.execute(
                select(Label.uuid, Label.name, Label.kind).where(Label.id == label_id)).first()
            if row is None:
                raise NotFound(code=ErrorCode.UNKNOWN_LABEL, label=label_id)
            refuse_document_label(row.kind, row.name)
            value = row.uuid
        session.merge(ProjectMeta(key=LABEL_KEY.format(kind=kind), value=value))
        return before[0] if before else None


def suggest_on_import(project: Project) -> bool:
    """Whether imported documents get suggestions (on unless the project turned it off)."""
    with store_of(project).read() as session:
        return proposes_on_import(session)


def proposes_on_import(session: Session) -> bool:
    """`suggest_on_import` inside the caller's transaction (an import storing documents)."""
    return session.scalar(select(ProjectMeta.value).where(ProjectMeta.key == ON_IMPORT_KEY)) != "no"


def set_suggest_on_import(project: Project, on: bool) -> bool:
    """Turn suggestions for imported documents on or off; returns the setting before."""
    with store_of(project).write() as session:
        before = proposes_on_import(session)
        session.merge(ProjectMeta(key=ON_IMPORT_KEY, value="yes" if on else "no"))
        return before


# ---------------------------------------------------------------------------------------------
# Proposing


class _Cancelled(Exception):
    """Raised while proposing to stop a run before anything is stored."""


#: A suggestion's place in its document: (kind, start, end).
_Key = tuple[str, int, int]


@dataclass(frozen=True, slots=True)
class _Proposed:
    """What the rules propose in one document: its suggestions in their order, and each claim
    with its source (None for none)."""

    document_id: int
    language: str | None
    keys: tuple[_Key, ...]
    claims: tuple[tuple[_Key, _Key | None], ...]


def _language(stored: str | None) -> str | None:
    """The rules' language for a document's `language` field ('fr', 'fr-FR', 'en_GB'), else None."""
    code = (stored or "").strip().lower()[:2]
    return code if code in LANGUAGES else None


def suggest_documents(
    project: Project,
    document_ids: Sequence[int] | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> SuggestRun:
    """Propose quotations and their speakers in these documents (None: every document) and
    store them in one transaction.

    A document's open suggestions are replaced by what the rules propose now (one proposed again
    keeps its id); accepted and dismissed ones stay and are not offered again. The texts are read
    and the rules run before the write transaction begins, so that the project is locked only
    while the suggestions are stored. `progress(done, total)` is called before the first document
    and after each; `cancelled()` is asked between documents, and a run it stops changes nothing
    (`SuggestRun.cancelled`). An unknown id is refused before anything changes.
    """
    store = store_of(project)
    try:
        with store.read() as session:
            ids = _document_ids(session, document_ids)
            proposed = _propose_all(session, ids, progress, cancelled)
    except _Cancelled:
        return SuggestRun(cancelled=True)
    with store.write() as session:
        return SuggestRun(_store(session, proposed))


def suggest_in_session(
    session: Session, document_ids: Sequence[int], progress: Callable[[int, int], None] | None = None,
) -> tuple[DocumentSuggested, ...]:
    """Propose for these documents inside the caller's write transaction (an import storing them);
    `progress(done, total)` after each document."""
    return _store(session, _propose_all(session, list(document_ids), progress, None))


def _document_ids(session: Session, document_ids: Sequence[int] | None) -> list[int]:
    if document_ids is None:
        return list(session.scalars(select(Document.id).order_by(Document.id)))
    ids = list(dict.fromkeys(document_ids))
    known: set[int] = set()
    for part in in_chunks(ids):
        known.update(session.scalars(select(Document.id).where(Document.id.in_(part))))
    missing = [i for i in ids if i not in known]
    if missing:
        raise NotFound(code=ErrorCode.UNKNOWN_DOCUMENT, document=missing[0])
    return ids


def _propose_all(
    session: Session, ids: list[int], progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
) -> list[_Proposed]:
    """Run the rules on each document, a few texts read at a time."""
    conn = session.connection()
    total = len(ids)
    if progress is not None:
        progress(0, total)
    found: list[_Proposed] = []
    for part in in_chunks(ids, DOCUMENTS_PER_READ):
        texts = {row[0]: (row[1], row[2]) for row in plain_rows(conn, select(
            Document.id, Document.text, Document.language).where(Document.id.in_(part)))}
        for document_id in part:
            if cancelled is not None and cancelled():
                raise _Cancelled
            if document_id in texts:
                found.append(_propose_one(document_id, *texts[document_id]))
            if progress is not None:
                progress(len(found), total)
    return found


def _propose_one(document_id: int, text: str, stored_language: str | None) -> _Proposed:
    language = _language(stored_language) or detect_language(text)
    proposals = propose(text, language) if language is not None else ()
    keys: list[_Key | None] = []
    length = len(text)
    for proposal in proposals:
        if proposal.kind in KINDS and 0 <= proposal.start < proposal.end <= length:
            keys.append((proposal.kind, proposal.start, proposal.end))
        else:
            keys.append(None)  # a rule's slip: never stored
    claims = []
    for proposal, key in zip(proposals, keys, strict=True):
        if key is None or key[0] != CLAIM:
            continue
        source = proposal.source
        source_key = keys[source] if source is not None and 0 <= source < len(keys) else None
        claims.append((key, source_key if source_key is not None and source_key[0] == SOURCE else None))
    return _Proposed(document_id, language, tuple(dict.fromkeys(k for k in keys if k is not None)),
                     tuple(claims))


def _store(session: Session, proposed: list[_Proposed]) -> tuple[DocumentSuggested, ...]:
    """Store what was proposed against the suggestions the documents have now (a document
    deleted meanwhile is left out)."""
    conn = session.connection()
    now = utc_now_iso()
    results: list[DocumentSuggested] = []
    for part in in_chunks(proposed, DOCUMENTS_PER_READ * 10):
        ids = [p.document_id for p in part]
        there = set(session.scalars(select(Document.id).where(Document.id.in_(ids))))
        existing: dict[int, dict[_Key, tuple[int, str]]] = {i: {} for i in ids}
        for row in plain_rows(conn, select(
                Suggestion.document_id, Suggestion.kind, Suggestion.start, Suggestion.end, Suggestion.id,
                Suggestion.state).where(Suggestion.document_id.in_(ids))):
            existing[row[0]][(row[1], row[2], row[3])] = (row[4], row[5])
        stale: list[int] = []
        new_rows: list[dict] = []
        claims: list[tuple[int, _Key, _Key | None]] = []
        for found in part:
            if found.document_id not in there:
                continue
            mine = existing[found.document_id]
            wanted = set(found.keys)
            stale.extend(row[0] for key, row in mine.items() if row[1] == OPEN and key not in wanted)
            added = [key for key in found.keys if key not in mine]
            new_rows.extend({"uuid": str(uuid.uuid4()), "document_id": found.document_id, "kind": kind,
                             "start": start, "end": end, "state": OPEN, "created_at": now}
                            for kind, start, end in added)
            claims.extend((found.document_id, claim, source) for claim, source in found.claims)
            kept_open = sum(1 for key, row in mine.items() if row[1] == OPEN and key in wanted)
            results.append(DocumentSuggested(found.document_id, kept_open + len(added), len(added),
                                             found.language))
        for chunk in in_chunks(stale):
            conn.execute(delete(Suggestion).where(Suggestion.id.in_(chunk)))
        execute_many(conn, insert(Suggestion), new_rows)
        _point_claims_at_sources(conn, sorted(there), claims)
    return tuple(results)


_SET_SOURCE = (
    update(Suggestion).where(Suggestion.id == bindparam("claim_id"))
    .values(source_suggestion_id=bindparam("source_id"))
)


def _point_claims_at_sources(
    conn, document_ids: Sequence[int], wanted: list[tuple[int, _Key, _Key | None]],
) -> None:
    """Set each proposed claim's source suggestion as the rules attribute it now."""
    if not wanted:
        return
    rows: dict[tuple[int, str, int, int], tuple[int, int | None]] = {}
    for row in plain_rows(conn, select(
            Suggestion.document_id, Suggestion.kind, Suggestion.start, Suggestion.end, Suggestion.id,
            Suggestion.source_suggestion_id).where(Suggestion.document_id.in_(list(document_ids)))):
        rows[(row[0], row[1], row[2], row[3])] = (row[4], row[5])
    changes = []
    for document_id, key, source_key in wanted:
        claim_id, current = rows[(document_id, *key)]
        source_id = rows[(document_id, *source_key)][0] if source_key is not None else None
        if source_id != current:
            changes.append({"claim_id": claim_id, "source_id": source_id})
    execute_many(conn, _SET_SOURCE, changes)


# ---------------------------------------------------------------------------------------------
# Reading


_INFO_COLUMNS = (
    Suggestion.id, Suggestion.uuid, Suggestion.document_id, Suggestion.kind, Suggestion.start,
    Suggestion.end, Suggestion.source_suggestion_id,
)


def _info(row: Sequence, labels: dict[str, tuple[int, str] | None]) -> SuggestionInfo:
    sid, suuid, document_id, kind, start, end, source = row[:7]
    label = labels.get(kind)
    return SuggestionInfo(sid, suuid, document_id, kind, label[0] if label else None,
                          label[1] if label else None, start, end, source)


def list_suggestions(
    project: Project, document_id: int, annotator: str | None = None
) -> list[SuggestionInfo]:
    """The open suggestions of a document in reading order (by start, longer first).

    With `annotator`, those whose span that annotator has labelled already with the label the
    suggestion would get are left out (already done)."""
    with store_of(project).read() as session:
        labels = _labels(session)
        rows = plain_rows(session.connection(), select(*_INFO_COLUMNS).where(
            Suggestion.document_id == document_id, Suggestion.state == OPEN))
        done: set[tuple[int, int, int]] = set()
        name = (annotator or "").strip()
        if name and rows:
            done = {tuple(r) for r in plain_rows(session.connection(), select(
                Annotation.label_id, Annotation.start, Annotation.end).where(
                Annotation.document_id == document_id, Annotation.annotator == name))}
    found = [_info(row, labels) for row in rows]
    if done:
        found = [s for s in found if (s.label_id, s.start, s.end) not in done]
    return sorted(found, key=lambda s: (s.start, -s.end, s.kind != SOURCE, s.id))


def count_open_suggestions(project: Project, document_ids: Iterable[int] | None = None) -> dict[int, int]:
    """Open suggestions per document (documents without any left out)."""
    with store_of(project).read() as session:
        query = select(Suggestion.document_id, func.count()).where(Suggestion.state == OPEN)
        if document_ids is not None:
            wanted = list(document_ids)
            found: dict[int, int] = {}
            for part in in_chunks(wanted):
                found.update(session.execute(
                    query.where(Suggestion.document_id.in_(part)).group_by(Suggestion.document_id)).all())
            return found
        return dict(session.execute(query.group_by(Suggestion.document_id)).all())  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# Accepting


_SUGGESTIONS_BY_ID = select(*_INFO_COLUMNS, Suggestion.state).where(
    Suggestion.id.in_(bindparam("ids", expanding=True)))
_SUGGESTIONS_BY_UUID = select(*_INFO_COLUMNS, Suggestion.state).where(
    Suggestion.uuid.in_(bindparam("ids", expanding=True)))


def _rows(session: Session, query, values: Sequence) -> list[tuple]:
    conn = session.connection()
    rows: list[tuple] = []
    for part in in_chunks(list(values)):
        rows += conn.execute(query, {"ids": list(part)}).all()
    return rows


def _open_rows(session: Session, wanted: list[int]) -> dict[int, tuple]:
    """The rows of the suggestions `wanted` by id; refused when one is gone or no longer open."""
    rows = {row[0]: row for row in _rows(session, _SUGGESTIONS_BY_ID, wanted)}
    for sid in wanted:
        if sid not in rows:
            raise NotFound(code=SuggestionProblem.GONE, suggestion=sid)
        if rows[sid][7] != OPEN:
            raise ChangedSince(code=SuggestionProblem.NOT_OPEN, state=rows[sid][7])
    return rows


def accept_suggestions(
    project: Project, suggestion_ids: Sequence[int], annotator: str
) -> SuggestionsAccepted:
    """Make annotations of `annotator` (origin 'suggested') from open suggestions, in one
    transaction; accepting all of a document = all its open ids.

    A quotation's speaker suggestion, if still open, is accepted with it; where the analyst
    already has that span with the label it would get, their annotation is used instead of a new
    one. A quotation is linked to its speaker when the codebook has a link rule from its label to
    the speaker's; else both are made without the link (`unlinked`). Refused, changing nothing,
    when a suggestion is gone or no longer open, or its kind has no label.
    """
    name = clean_annotator(annotator)
    wanted = list(dict.fromkeys(suggestion_ids))
    with store_of(project).write() as session:
        labels = _labels(session)
        rows = _open_rows(session, wanted)
        for sid in wanted:
            _label_for(labels, rows[sid][3])
        # the speakers of the quotations, accepted with them when open
        sources = {row[6] for row in rows.values() if row[3] == CLAIM and row[6] is not None} - set(rows)
        companions = {row[0]: row for row in _rows(session, _SUGGESTIONS_BY_ID, sorted(sources))}
        source_label = labels[SOURCE]
        accepting = dict(rows)
        if source_label is not None:
            accepting.update((sid, row) for sid, row in companions.items() if row[7] == OPEN)
        documents = sorted({row[2] for row in accepting.values()} | {row[2] for row in companions.values()})
        lengths = dict(session.execute(
            select(Document.id, Document.length).where(Document.id.in_(documents))).all())
        # the analyst's annotations at these spans with these labels
        spans: set[tuple[int, int, int, int]] = set()
        for row in [*accepting.values(), *companions.values()]:
            label = labels.get(row[3])
            if label is not None:
                spans.add((row[2], label[0], row[4], row[5]))
        existing = _existing(session, name, spans)
        now = utc_now_iso()
        made: dict[tuple[int, int, int, int], dict] = {}
        by_suggestion: dict[int, tuple[int, int, int, int]] = {}
        for sid, row in sorted(accepting.items(), key=lambda item: (item[1][2], item[1][4], item[1][5])):
            document_id, kind, start, end = row[2], row[3], row[4], row[5]
            label_id, _ = _label_for(labels, kind)
            check_offsets(start, end, lengths[document_id])
            key = (document_id, label_id, start, end)
            by_suggestion[sid] = key
            if key in existing or key in made:
                continue
            made[key] = {"uuid": str(uuid.uuid4()), "document_id": document_id, "label_id": label_id,
                         "annotator": name, "start": start, "end": end, "note": "", "created_at": now,
                         "updated_at": now, "origin": SUGGESTED_ORIGIN}
        if made:
            session.execute(insert(Annotation), list(made.values()))
        created = annotations_by_uuid(session, [row["uuid"] for row in made.values()])
        new = {key: created[row["uuid"]] for key, row in made.items()}
        for sid, row in companions.items():  # a speaker not accepted now may be annotated already
            label = labels.get(SOURCE)
            if label is not None and sid not in by_suggestion:
                key = (row[2], label[0], row[4], row[5])
                if key in existing:
                    by_suggestion[sid] = key
        links, unlinked = _link_claims(session, name, accepting, by_suggestion, {**existing, **new})
        _set_state(session, list(accepting), ACCEPTED)
        reused = {existing[key].uuid: existing[key] for sid, key in by_suggestion.items()
                  if sid in accepting and key in existing}
        return SuggestionsAccepted(
            annotations=tuple(new.values()),
            reused=tuple(reused.values()),
            links=tuple(links),
            suggestion_uuids=tuple(row[1] for row in accepting.values()),
            unlinked=unlinked,
            annotator=name,
        )


def _label_for(labels: dict[str, tuple[int, str] | None], kind: str) -> tuple[int, str]:
    found = labels.get(kind)
    if found is None:
        raise InvalidInput(code=SuggestionProblem.NO_CLAIM_LABEL if kind == CLAIM
                           else SuggestionProblem.NO_SOURCE_LABEL)
    return found


def _existing(
    session: Session, annotator: str, spans: set[tuple[int, int, int, int]],
) -> dict[tuple[int, int, int, int], AnnotationInfo]:
    """The annotator's annotations with these (document, label, start, end), by that key."""
    if not spans:
        return {}
    found: dict[tuple[int, int, int, int], AnnotationInfo] = {}
    documents = sorted({key[0] for key in spans})
    query = (select(*ANNOTATION_COLUMNS).join(Label, Label.id == Annotation.label_id)
             .where(Annotation.annotator == annotator,
                    Annotation.document_id.in_(bindparam("ids", expanding=True)),
                    Annotation.start.in_(sorted({key[2] for key in spans}))))
    for row in _rows(session, query, documents):
        info = AnnotationInfo(*row)
        key = (info.document_id, info.label_id, info.start, info.end)
        if key in spans:
            found[key] = info
    return found


def _link_claims(
    session: Session, annotator: str, accepting: dict[int, tuple],
    by_suggestion: dict[int, tuple[int, int, int, int]],
    annotations: dict[tuple[int, int, int, int], AnnotationInfo],
) -> tuple[list[LinkSnapshot], int]:
    """Link each accepted quotation to its speaker's annotation under the codebook's rule."""
    pairs = []
    for sid, row in accepting.items():
        if row[3] != CLAIM or row[6] is None or row[6] not in by_suggestion:
            continue
        claim, source = annotations[by_suggestion[sid]], annotations.get(by_suggestion[row[6]])
        if source is not None and claim.id != source.id:
            pairs.append((claim, source))
    if not pairs:
        return [], 0
    rules: dict[tuple[int, int], list[str]] = {}
    for relation, a, b in session.execute(
            select(LinkRule.relation, LinkRule.from_label_id, LinkRule.to_label_id).order_by(LinkRule.id)):
        rules.setdefault((a, b), []).append(relation)
    links: list[LinkSnapshot] = []
    unlinked = 0
    now = utc_now_iso()
    for claim, source in pairs:
        allowed = rules.get((claim.label_id, source.label_id))
        if not allowed:
            unlinked += 1
            continue
        relation = PREFERRED_RELATION if PREFERRED_RELATION in allowed else allowed[0]
        exists = session.scalar(select(Link.id).where(
            Link.from_annotation_id == claim.id, Link.to_annotation_id == source.id,
            Link.relation == relation))
        if exists is not None:
            continue
        row = {"uuid": str(uuid.uuid4()), "relation": relation, "from_annotation_id": claim.id,
               "to_annotation_id": source.id, "annotator": annotator, "created_at": now}
        link_id = session.execute(insert(Link).returning(Link.id), row).scalar_one()
        links.append(LinkSnapshot(LinkInfo(id=link_id, **row), claim.uuid, source.uuid))
    return links, unlinked


def _set_state(session: Session, ids: Sequence[int], state: str) -> None:
    conn = session.connection()
    for part in in_chunks(list(ids)):
        conn.execute(update(Suggestion).where(Suggestion.id.in_(part)).values(state=state))


def _suggestions_in_state(session: Session, uuids: Sequence[str], state: str) -> list[tuple]:
    """The suggestions with these UUIDs, all of them in `state`; else ChangedSince."""
    rows = _rows(session, _SUGGESTIONS_BY_UUID, list(dict.fromkeys(uuids)))
    off = len(set(uuids)) - sum(1 for row in rows if row[7] == state)
    if off:
        raise ChangedSince(code=SuggestionProblem.CHANGED_SINCE, count=off)
    return rows


def undo_accept(project: Project, accepted: SuggestionsAccepted) -> SuggestionsAccepted:
    """Take an acceptance back exactly: its links and the annotations it made go (found by UUID),
    the analyst's reused annotations stay, its suggestions are open again.

    Refused, changing nothing, when one of those annotations is gone or changed since, has a
    link or review made since, or when a suggestion is no longer accepted. Returns `accepted`.
    """
    with store_of(project).write() as session:
        rows = _suggestions_in_state(session, accepted.suggestion_uuids, ACCEPTED)
        conn = session.connection()
        link_uuids = [snap.link.uuid for snap in accepted.links]
        present = {row[1] for row in _rows(session, select(*LINK_COLUMNS).where(
            Link.uuid.in_(bindparam("ids", expanding=True))), link_uuids)}
        if len(present) != len(set(link_uuids)):
            raise NotFound(code=ErrorCode.THIS_LINK_GONE)
        now = annotations_by_uuid(session, [a.uuid for a in accepted.annotations])
        for snap in accepted.annotations:
            current = now.get(snap.uuid)
            if current is None:
                raise NotFound(code=ErrorCode.ANNOTATION_GONE, annotation=snap.id)
            if not same_annotation(current, snap):
                raise changed_since(snap, current)
        ids = [now[a.uuid].id for a in accepted.annotations]
        found = dependents_of(session, ids)
        for link in found.links:
            if link.uuid not in present:
                ends = (link.from_annotation_id, link.to_annotation_id)
                ann = next(a for a in now.values() if a.id in ends)
                raise ChangedSince(code=ErrorCode.HAS_LINK_SINCE, label=ann.label, annotator=ann.annotator)
        if found.reviews:
            ann = next(a for a in now.values() if a.id == found.reviews[0].annotation_id)
            raise ChangedSince(code=ErrorCode.HAS_REVIEW_SINCE, label=ann.label, annotator=ann.annotator,
                               reviewer=found.reviews[0].reviewer)
        for part in in_chunks(link_uuids):
            conn.execute(delete(Link).where(Link.uuid.in_(part)))
        for part in in_chunks(ids):
            conn.execute(delete(Annotation).where(Annotation.id.in_(part)))
        _set_state(session, [row[0] for row in rows], OPEN)
        return accepted


def redo_accept(project: Project, accepted: SuggestionsAccepted) -> SuggestionsAccepted:
    """Do an acceptance again after its undo: the same annotations (same UUIDs and times) and
    links, the suggestions accepted again. Refused, changing nothing, when a suggestion is no
    longer open, or a span is taken or a linked annotation gone. Returns it with the row ids now."""
    with store_of(project).write() as session:
        rows = _suggestions_in_state(session, accepted.suggestion_uuids, OPEN)
        labels = {name: label_id for label_id, name in session.execute(select(Label.id, Label.name))}
        present = annotations_by_uuid(session, [a.uuid for a in accepted.annotations])
        if present:
            ann = next(iter(present.values()))
            raise ChangedSince(code=SuggestionProblem.ANNOTATION_TAKEN, label=ann.label,
                               annotator=ann.annotator)
        back: list[AnnotationInfo] = []
        for snap in accepted.annotations:
            if snap.label not in labels:
                raise NotFound(code=ErrorCode.LABEL_GONE, label=snap.label)
            clash = session.scalar(select(Annotation.id).where(
                Annotation.document_id == snap.document_id, Annotation.label_id == labels[snap.label],
                Annotation.annotator == snap.annotator, Annotation.start == snap.start,
                Annotation.end == snap.end))
            if clash is not None:
                raise ChangedSince(code=SuggestionProblem.ANNOTATION_TAKEN, label=snap.label,
                                   annotator=snap.annotator)
            row = {"uuid": snap.uuid, "document_id": snap.document_id, "label_id": labels[snap.label],
                   "annotator": snap.annotator, "start": snap.start, "end": snap.end, "note": snap.note,
                   "created_at": snap.created_at, "updated_at": snap.updated_at, "origin": SUGGESTED_ORIGIN}
            new_id = session.execute(insert(Annotation).returning(Annotation.id), row).scalar_one()
            back.append(dataclasses.replace(snap, id=new_id, label_id=labels[snap.label]))
        ends = {a.uuid: a.id for a in back}
        reused = annotations_by_uuid(session, [a.uuid for a in accepted.reused])
        ends.update((a.uuid, a.id) for a in reused.values())
        links: list[LinkSnapshot] = []
        for snap in accepted.links:
            if snap.from_uuid not in ends or snap.to_uuid not in ends:
                raise NotFound(code=ErrorCode.LINK_END_GONE)
            link = dataclasses.replace(snap.link, from_annotation_id=ends[snap.from_uuid],
                                       to_annotation_id=ends[snap.to_uuid])
            values = dataclasses.asdict(link)
            del values["id"]
            link_id = session.execute(insert(Link).returning(Link.id), values).scalar_one()
            links.append(dataclasses.replace(snap, link=dataclasses.replace(link, id=link_id)))
        _set_state(session, [row[0] for row in rows], ACCEPTED)
        return dataclasses.replace(accepted, annotations=tuple(back), links=tuple(links))


# ---------------------------------------------------------------------------------------------
# Dismissing


def dismiss_suggestions(project: Project, suggestion_ids: Sequence[int]) -> SuggestionsDismissed:
    """Turn down open suggestions (remembered: proposing again does not offer them); all or none."""
    wanted = list(dict.fromkeys(suggestion_ids))
    with store_of(project).write() as session:
        labels = _labels(session)
        rows = _open_rows(session, wanted)
        _set_state(session, wanted, DISMISSED)
        return SuggestionsDismissed(tuple(_info(rows[sid], labels) for sid in wanted))


def restore_suggestions(project: Project, dismissed: SuggestionsDismissed) -> SuggestionsDismissed:
    """Undo a dismissal: the suggestions (found by UUID) are open again; refused, changing
    nothing, when one is gone or no longer dismissed."""
    with store_of(project).write() as session:
        rows = _suggestions_in_state(session, [s.uuid for s in dismissed.suggestions], DISMISSED)
        _set_state(session, [row[0] for row in rows], OPEN)
        return dismissed


def redo_dismiss(project: Project, dismissed: SuggestionsDismissed) -> SuggestionsDismissed:
    """Redo a dismissal after its undo (found by UUID); refused when one is no longer open."""
    with store_of(project).write() as session:
        rows = _suggestions_in_state(session, [s.uuid for s in dismissed.suggestions], OPEN)
        _set_state(session, [row[0] for row in rows], DISMISSED)
        return dismissed


# ---------------------------------------------------------------------------------------------
# The command line


def find_documents(project: Project, refs: Sequence[str]) -> list[int]:
    """Ids of the documents each ref names (its id, SHA-256 or file name), sorted; InvalidInput
    naming the first ref that matches none."""
    from annotator.services._refs import document_ids

    with store_of(project).read() as session:
        return document_ids(session, list(refs))


#: A row of `iter_suggestion_rows`: suggestion id, document id, document SHA-256, label, start,
#: end, text, the source suggestion's id ("" for none).
SuggestionRow = tuple[str, str, str, str, int, int, str, str]


def iter_suggestion_rows(
    project: Project, document_ids: Sequence[int] | None = None
) -> Iterator[SuggestionRow]:
    """The open suggestions of these documents (None: all), in document then reading order, each
    with its text sliced from the stored text; `label` is the label its kind is accepted as, or
    the kind ('claim', 'source') when the codebook has none."""
    from sqlalchemy.orm import aliased

    source = aliased(Suggestion)
    query = (
        select(Suggestion.uuid, Document.uuid, Document.sha256, Suggestion.kind, Suggestion.start,
               Suggestion.end, source.uuid, Suggestion.document_id)
        .join(Document, Document.id == Suggestion.document_id)
        .outerjoin(source, source.id == Suggestion.source_suggestion_id)
        .where(Suggestion.state == OPEN)
        .order_by(Suggestion.document_id, Suggestion.start, Suggestion.end.desc(), Suggestion.kind.desc(),
                  Suggestion.id)
    )
    with store_of(project).read() as session:
        labels = {kind: (found[1] if found else kind) for kind, found in _labels(session).items()}
        conn = session.connection()
        wanted = None if document_ids is None else set(document_ids)
        current, text = -1, ""
        for row in conn.execution_options(yield_per=5000).execute(query):
            s_uuid, d_uuid, sha, kind, start, end, source_uuid, document_id = row
            if wanted is not None and document_id not in wanted:
                continue
            if document_id != current:
                current = document_id
                text = session.scalar(select(Document.text).where(Document.id == document_id)) or ""
            yield (s_uuid, d_uuid, sha, labels.get(kind, kind), start, end, text[start:end],
                   source_uuid or "")
