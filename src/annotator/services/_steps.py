"""What the services that undo and redo steps share: rows found by UUID, checked against the
snapshot a step kept, and put back with their old row id only while nobody else has it.

Row ids are not identities: SQLite gives a deleted row's id to the next row inserted, which may
be a colleague's (a merge, another program). Steps therefore find rows by UUID, and a row that
is no longer as the step left it is refused (ChangedSince) rather than overwritten.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import bindparam, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from annotator.domain.error_wording import ErrorCode, Worded
from annotator.domain.errors import ChangedSince
from annotator.domain.records import AnnotationInfo
from annotator.store.models import Annotation, Label
from annotator.store.queries import in_chunks

#: The columns of an AnnotationInfo, in its field order (with the label's name).
ANNOTATION_COLUMNS = (
    Annotation.id,
    Annotation.uuid,
    Annotation.document_id,
    Annotation.label_id,
    Label.name,
    Annotation.annotator,
    Annotation.start,
    Annotation.end,
    Annotation.note,
    Annotation.created_at,
    Annotation.updated_at,
    Annotation.origin,
)


#: Built once (an undo runs it on one row): the annotations whose UUIDs are in :uuids.
_BY_UUID = (
    select(*ANNOTATION_COLUMNS)
    .join(Label, Label.id == Annotation.label_id)
    .where(Annotation.uuid.in_(bindparam("uuids", expanding=True)))
)


def annotations_by_uuid(session: Session, uuids: Iterable[str]) -> dict[str, AnnotationInfo]:
    """The annotations that have these UUIDs now, by UUID (missing ones are left out)."""
    wanted = list(dict.fromkeys(uuids))
    found: dict[str, AnnotationInfo] = {}
    conn = session.connection()
    for part in in_chunks(wanted):
        rows = conn.execute(_BY_UUID, {"uuids": list(part)})
        found.update((row[1], AnnotationInfo(*row)) for row in rows)
    return found


def same_annotation(now: AnnotationInfo, then: AnnotationInfo) -> bool:
    """True if `now` is `then` unchanged: same UUID, span, label (by name), note and times.

    The row ids may differ: a step that put the annotation back may have had to give it a new one.
    Its origin is not compared: a snapshot read without it says "manual".
    """
    return dataclasses.replace(now, id=then.id, label_id=then.label_id, origin=then.origin) == then


def what_changed(now: AnnotationInfo, then: AnnotationInfo) -> tuple[Worded, ...]:
    """How `now` differs from `then`, phrase by phrase ("now «framing»", "its note changed"):
    worded where the refusal is shown."""
    parts = []
    if now.label != then.label:
        parts.append(Worded(ErrorCode.NOW_LABEL, {"label": now.label}))
    if (now.document_id, now.start, now.end) != (then.document_id, then.start, then.end):
        parts.append(Worded(ErrorCode.SPAN_CHANGED, {}))
    if now.annotator != then.annotator:
        parts.append(Worded(ErrorCode.NOW_BY, {"annotator": now.annotator}))
    if now.note != then.note:
        parts.append(Worded(ErrorCode.NOTE_CHANGED, {}))
    if not parts:
        parts.append(Worded(ErrorCode.UPDATED_AT, {"time": now.updated_at}))
    return tuple(parts)


def changed_since(then: AnnotationInfo, now: AnnotationInfo) -> ChangedSince:
    """The refusal for an annotation that is no longer as the step left it."""
    return ChangedSince(code=ErrorCode.CHANGED_SINCE, label=then.label, annotator=then.annotator,
                        changes=what_changed(now, then))


def dict_without(record: object, *fields: str) -> dict:
    """A record's fields as a row, without `fields` (e.g. a label's name that is not a column)."""
    row = dataclasses.asdict(record)  # type: ignore[call-overload]
    for name in fields:
        del row[name]
    return row


_TAKEN_IDS: dict[type, object] = {}  # model -> its ids among :ids (built once per model)
_IDS_BY_UUID: dict[type, object] = {}  # model -> (uuid, id) of its rows among :uuids


def _prepared(model: type) -> tuple:
    if model not in _TAKEN_IDS:
        _TAKEN_IDS[model] = select(model.id).where(  # type: ignore[attr-defined]
            model.id.in_(bindparam("ids", expanding=True)))  # type: ignore[attr-defined]
        _IDS_BY_UUID[model] = select(model.uuid, model.id).where(  # type: ignore[attr-defined]
            model.uuid.in_(bindparam("uuids", expanding=True)))  # type: ignore[attr-defined]
    return _TAKEN_IDS[model], _IDS_BY_UUID[model]


def insert_keeping_ids(session: Session, model: type, rows: Sequence[dict]) -> dict[str, int]:
    """Insert rows (each with "id" and "uuid"); a row keeps its old id unless another row has it
    now, else SQLite gives it a new one. Returns the id of every row, by UUID."""
    if not rows:
        return {}
    taken_ids, ids_by_uuid = _prepared(model)
    conn = session.connection()
    ids = [row["id"] for row in rows]
    taken: set[int] = set()
    for part in in_chunks(ids):
        taken.update(conn.execute(taken_ids, {"ids": list(part)}).scalars())  # type: ignore[call-overload]
    keeping = [row for row in rows if row["id"] not in taken]
    renumbered = [{k: v for k, v in row.items() if k != "id"} for row in rows if row["id"] in taken]
    for batch in (keeping, renumbered):
        if batch:
            session.execute(insert(model), list(batch))
    result = {row["uuid"]: row["id"] for row in keeping}
    uuids = [row["uuid"] for row in renumbered]
    for part in in_chunks(uuids):
        result.update(conn.execute(ids_by_uuid, {"uuids": list(part)}).all())  # type: ignore[call-overload]
    return result


@contextmanager
def refusing_clashes(what: ErrorCode) -> Iterator[None]:
    """A uniqueness or reference clash the checks did not foresee becomes a refusal, not a crash.

    Wrap the whole `with project.write()`, so that a clash found when the session flushes at
    commit is caught too; the transaction is rolled back either way. `what`, a CLASH_… code,
    names the step.
    """
    try:
        yield
    except IntegrityError as exc:
        raise ChangedSince(code=what, detail=exc.orig) from None
