"""Team work in one project: who codes which documents, who has finished, blind mode, and who may
change which annotations.

- **Assignments**: a document given to an annotator (`assign`, `unassign`), marked done by them
  (`mark_done`); `list_assignments` and `team_progress` say how far everyone is.
- **Acting annotator**: the window names who is working (`act_as`). From then on the annotation
  services refuse a change to another annotator's annotation (`NotYours`), undo and redo steps
  included; reviews stay a colleague's business as before. On a PostgreSQL server the server
  itself holds the same rule (row-level security, see `store.team`).
- **Blind mode** (a project setting): the annotations listed for the acting annotator on a
  document they have not marked done leave out everyone else's spans. Exports, agreement and
  statistics are not affected.

Each change is one transaction and returns what it changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from annotator.domain.agreement import OVERALL, AgreementReport
from annotator.domain.clock import utc_now_iso
from annotator.domain.error_wording import ErrorCode
from annotator.domain.errors import AnnotatorError, InvalidInput
from annotator.domain.validation import clean_annotator
from annotator.services._refs import document_ids
from annotator.services.handle import Project, store_of
from annotator.store import team
from annotator.store.models import Annotation, Assignment, Document, ProjectMeta

#: project_meta key of blind mode ("on" when on).
BLIND_KEY = "blind_mode"


class NotYours(AnnotatorError):
    """A change to another annotator's annotation, refused."""


@dataclass(frozen=True, slots=True)
class AssignmentInfo:
    """A document given to an annotator; `done_at` None until they mark it done; `annotations`:
    how many spans they have in it."""

    document_id: int
    title: str
    annotator: str
    assigned_at: str
    done_at: str | None
    annotations: int

    @property
    def done(self) -> bool:
        return self.done_at is not None


@dataclass(frozen=True, slots=True)
class AssignmentChange:
    """What an assign, unassign or done call changed: (document id, annotator) pairs."""

    added: tuple[tuple[int, str], ...] = ()
    removed: tuple[tuple[int, str], ...] = ()
    done: tuple[tuple[int, str], ...] = ()
    undone: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True, slots=True)
class AnnotatorProgress:
    """One annotator's share: documents assigned, done, and spans in the assigned documents."""

    annotator: str
    assigned: int
    done: int
    annotations: int


@dataclass(frozen=True, slots=True)
class TeamProgress:
    """Everyone's progress, and agreement so far over the documents at least two of them marked
    done (None when there are none such)."""

    annotators: tuple[AnnotatorProgress, ...]
    agreement: AgreementReport | None
    documents_compared: int

    def overall(self, measure: str) -> float | None:
        """An overall agreement figure (first pair for pairwise measures), or None."""
        if self.agreement is None:
            return None
        try:
            return self.agreement.figure(OVERALL, measure).value
        except KeyError:
            return None


# ----- who is working -----------------------------------------------------------------------


def act_as(project: Project, annotator: str | None) -> None:
    """From now on `project` is worked in by `annotator` (None: by nobody in particular, as the
    command line and merges are): blind mode hides colleagues' spans from them and, in a team
    project on a server, only their own annotations may be changed."""
    name = clean_annotator(annotator) if annotator is not None else None
    team.act_as(store_of(project).engine, name)


def acting_annotator(project: Project) -> str | None:
    """The annotator `project` is worked in by, or None."""
    return team.acting_annotator(store_of(project).engine)


def refuse_others(session: Session, annotators: Iterable[str]) -> None:
    """Refuse (NotYours) unless every one of `annotators` is the acting annotator (when one acts,
    in a team project; a project file's holder may change every span in it)."""
    bind = session.get_bind()
    acting = team.acting_annotator(bind)  # type: ignore[arg-type]
    if acting is None or not team.keeps_to_own(bind):  # type: ignore[arg-type]
        return
    for name in annotators:
        if name != acting:
            raise NotYours(code=ErrorCode.NOT_YOUR_ANNOTATION, annotator=name)


# ----- assignments --------------------------------------------------------------------------


def assign(project: Project, annotator: str, documents: Sequence[int | str] = (),
           every: bool = False) -> AssignmentChange:
    """Give documents (ids, or refs: UUID, SHA-256, file name; or `every` document) to
    `annotator`; those already theirs stay as they are. Returns the pairs added."""
    name = clean_annotator(annotator)
    with store_of(project).write() as session:
        ids = _ids(session, documents, every)
        have = set(session.scalars(select(Assignment.document_id).where(Assignment.annotator == name)))
        new = [i for i in ids if i not in have]
        if new:
            now = utc_now_iso()
            session.execute(insert(Assignment), [
                {"document_id": i, "annotator": name, "assigned_at": now, "done_at": None} for i in new])
    return AssignmentChange(added=tuple((i, name) for i in new))


def unassign(project: Project, annotator: str, documents: Sequence[int | str] = (),
             every: bool = False) -> AssignmentChange:
    """Take documents back from `annotator` (their annotations stay). Returns the pairs removed."""
    name = clean_annotator(annotator)
    with store_of(project).write() as session:
        ids = _ids(session, documents, every)
        have = set(session.scalars(select(Assignment.document_id).where(
            Assignment.annotator == name, Assignment.document_id.in_(ids))))
        gone = [i for i in ids if i in have]
        if gone:
            session.execute(delete(Assignment).where(
                Assignment.annotator == name, Assignment.document_id.in_(gone)))
    return AssignmentChange(removed=tuple((i, name) for i in gone))


def mark_done(project: Project, annotator: str, documents: Sequence[int | str] = (),
              done: bool = True, every: bool = False) -> AssignmentChange:
    """Mark documents of `annotator` done (or, `done` False, not done again). A document not
    assigned to them is refused (InvalidInput), nothing changed. Returns the pairs changed."""
    name = clean_annotator(annotator)
    with store_of(project).write() as session:
        if every:
            ids = list(session.scalars(select(Assignment.document_id).where(Assignment.annotator == name)))
        else:
            ids = _ids(session, documents, False)
        rows = dict(session.execute(select(Assignment.document_id, Assignment.done_at).where(
            Assignment.annotator == name, Assignment.document_id.in_(ids))).all())
        for i in ids:
            if i not in rows:
                title = session.scalar(select(Document.title).where(Document.id == i))
                raise InvalidInput(code=ErrorCode.NOT_ASSIGNED, document=title if title is not None else i,
                                   annotator=name)
        changing = [i for i in ids if (rows[i] is None) == done]
        if changing:
            session.execute(update(Assignment).where(
                Assignment.annotator == name, Assignment.document_id.in_(changing)
            ).values(done_at=utc_now_iso() if done else None))
    pairs = tuple((i, name) for i in changing)
    return AssignmentChange(done=pairs) if done else AssignmentChange(undone=pairs)


def _ids(session: Session, documents: Sequence[int | str], every: bool) -> list[int]:
    if every:
        return list(session.scalars(select(Document.id).order_by(Document.id)))
    numbers = [d for d in documents if isinstance(d, int)]
    refs = [d for d in documents if not isinstance(d, int)]
    ids = set(document_ids(session, refs)) if refs else set()
    if numbers:
        known = set(session.scalars(select(Document.id).where(Document.id.in_(numbers))))
        missing = sorted(set(numbers) - known)
        if missing:
            raise InvalidInput(code=ErrorCode.NO_DOCUMENT_MATCHES, ref=missing[0])
        ids |= known
    return sorted(ids)


def list_assignments(project: Project, annotator: str | None = None) -> list[AssignmentInfo]:
    """The assignments (of `annotator`, or everyone's), by annotator then document, each with how
    many spans its annotator has in the document."""
    counts = (select(Annotation.document_id, Annotation.annotator, func.count().label("n"))
              .group_by(Annotation.document_id, Annotation.annotator).subquery())
    query = (
        select(Assignment.document_id, Document.title, Assignment.annotator, Assignment.assigned_at,
               Assignment.done_at, func.coalesce(counts.c.n, 0))
        .join(Document, Document.id == Assignment.document_id)
        .outerjoin(counts, (counts.c.document_id == Assignment.document_id)
                   & (counts.c.annotator == Assignment.annotator))
        .order_by(Assignment.annotator, Assignment.document_id)
    )
    if annotator is not None:
        query = query.where(Assignment.annotator == annotator)
    with store_of(project).read() as session:
        return [AssignmentInfo(*row) for row in session.execute(query)]


def team_progress(project: Project) -> TeamProgress:
    """Every assigned annotator's progress, and agreement (services.agreement's figures) over the
    documents two or more of them marked done, as far as they have come."""
    from annotator.services.agreement import agreement_report

    rows = list_assignments(project)
    people: dict[str, list[AssignmentInfo]] = {}
    for row in rows:
        people.setdefault(row.annotator, []).append(row)
    progress = tuple(
        AnnotatorProgress(name, len(mine), sum(r.done for r in mine), sum(r.annotations for r in mine))
        for name, mine in people.items()
    )
    finishers: dict[int, set[str]] = {}
    for row in rows:
        if row.done and row.annotations:
            finishers.setdefault(row.document_id, set()).add(row.annotator)
    shared = sorted(d for d, names in finishers.items() if len(names) >= 2)
    names = sorted({name for d in shared for name in finishers[d]})
    report = None
    if shared:
        with store_of(project).read() as session:
            uuids = list(session.scalars(select(Document.uuid).where(Document.id.in_(shared))))
        report = agreement_report(project, names, documents=uuids)
    return TeamProgress(annotators=progress, agreement=report, documents_compared=len(shared))


# ----- blind mode ---------------------------------------------------------------------------


def blind_mode(project: Project) -> bool:
    """Whether the project is in blind mode."""
    with store_of(project).read() as session:
        return session.get(ProjectMeta, BLIND_KEY) is not None


def set_blind_mode(project: Project, on: bool) -> bool:
    """Switch blind mode on or off; returns whether that changed anything."""
    with store_of(project).write() as session:
        row = session.get(ProjectMeta, BLIND_KEY)
        if on and row is None:
            session.add(ProjectMeta(key=BLIND_KEY, value="on"))
            return True
        if not on and row is not None:
            session.delete(row)
            return True
    return False


def blind_to_others(session: Session, document_id: int) -> str | None:
    """The acting annotator when blind mode hides colleagues' spans of this document from them
    (blind mode on, and they have not marked it done); else None."""
    acting = team.acting_annotator(session.get_bind())  # type: ignore[arg-type]
    if acting is None or session.get(ProjectMeta, BLIND_KEY) is None:
        return None
    done = session.scalar(select(Assignment.done_at).where(
        Assignment.document_id == document_id, Assignment.annotator == acting))
    return None if done is not None else acting


def assigned_documents(project: Project, annotator: str) -> dict[int, bool]:
    """The documents given to `annotator`: document id -> done."""
    with store_of(project).read() as session:
        return {d: done is not None for d, done in session.execute(
            select(Assignment.document_id, Assignment.done_at).where(Assignment.annotator == annotator))}
