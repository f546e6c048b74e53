"""Finding the rows a caller names: a label by id or name, an annotation, documents by reference."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, func, or_, select
from sqlalchemy.orm import Session

from annotator.domain.error_wording import ErrorCode
from annotator.domain.errors import InvalidInput, NotFound
from annotator.store.models import Annotation, Document, Label


def find_label(session: Session, label: int | str) -> Label:
    """The label with this id (an int) or name (a str); NotFound if there is none."""
    found = (
        session.get(Label, label)
        if isinstance(label, int)
        else session.scalars(select(Label).where(Label.name == label)).first()
    )
    if found is None:
        raise NotFound(code=ErrorCode.UNKNOWN_LABEL, label=label)
    return found


#: The refusal of an unknown name, and of one when the codebook has none, by what was named.
UNKNOWN_NAME = {
    "label": (ErrorCode.UNKNOWN_NAMED_LABEL, ErrorCode.UNKNOWN_NAMED_LABEL_NONE),
    "document label": (ErrorCode.UNKNOWN_DOCUMENT_LABEL, ErrorCode.UNKNOWN_DOCUMENT_LABEL_NONE),
    "source label": (ErrorCode.UNKNOWN_SOURCE_LABEL, ErrorCode.UNKNOWN_SOURCE_LABEL_NONE),
    "claim label": (ErrorCode.UNKNOWN_CLAIM_LABEL, ErrorCode.UNKNOWN_CLAIM_LABEL_NONE),
}


def spell_labels(names: Sequence[str], codebook: Sequence[str], what: str = "label") -> list[str]:
    """Each name as the codebook spells it, matched ignoring case; InvalidInput for an unknown one
    (`what`, a key of UNKNOWN_NAME, says which labels were asked for)."""
    folded: dict[str, str] = {}
    for known in codebook:
        folded.setdefault(known.casefold(), known)
    exact = set(codebook)
    spelled: list[str] = []
    for name in names:
        wanted = name.strip()
        found = wanted if wanted in exact else folded.get(wanted.casefold())
        if found is None:
            some, none = UNKNOWN_NAME[what]
            raise InvalidInput(code=some if codebook else none, name=name,
                               labels=", ".join(sorted(codebook)))
        if found not in spelled:
            spelled.append(found)
    return spelled


def label_names(conn: Session | Connection, names: Sequence[str]) -> list[str]:
    """The codebook's spelling of each label name, matched ignoring case (the codebook is)."""
    codebook = list(conn.scalars(select(Label.name).order_by(Label.position, Label.id)))
    return spell_labels(names, codebook)


def known_annotators(conn: Session | Connection) -> set[str]:
    """Everyone who has at least one annotation in the project.

    Read along the annotator index one name after the next (a handful of lookups), not over
    every annotation: a million annotations answer as fast as a hundred."""
    first = select(func.min(Annotation.annotator).label("name"))
    names = first.cte("known_annotators", recursive=True)
    following = (select(func.min(Annotation.annotator)).where(Annotation.annotator > names.c.name)
                 .scalar_subquery())
    names = names.union_all(select(following).where(names.c.name.is_not(None)))
    return set(conn.scalars(select(names.c.name).where(names.c.name.is_not(None))))


def annotator_names(conn: Session | Connection, names: Sequence[str]) -> list[str]:
    """Each name stripped; InvalidInput for one without annotations (listing who has some)."""
    wanted = [name.strip() for name in names]
    if not wanted:
        return []
    known = known_annotators(conn)
    missing = [name for name in wanted if name not in known]
    if missing:
        raise InvalidInput(code=ErrorCode.NO_ANNOTATIONS_BY if known else ErrorCode.NO_ANNOTATIONS_BY_NONE,
                           annotator=missing[0], annotators=", ".join(sorted(known)))
    return wanted


def find_annotation(session: Session, annotation_id: int) -> Annotation:
    """The annotation with this id; NotFound once it is gone."""
    ann = session.get(Annotation, annotation_id)
    if ann is None:
        raise NotFound(code=ErrorCode.ANNOTATION_GONE, annotation=annotation_id)
    return ann


def document_ids(conn: Session | Connection, refs: Sequence[str]) -> list[int]:
    """Ids of the documents each ref names (UUID, SHA-256 or file name), sorted, each once."""
    ids: list[int] = []
    for ref in refs:
        found = conn.scalars(
            select(Document.id).where(
                or_(Document.uuid == ref, Document.sha256 == ref, Document.source_name == ref)
            )
        ).all()
        if not found:
            raise InvalidInput(code=ErrorCode.NO_DOCUMENT_MATCHES, ref=ref)
        ids.extend(found)
    return sorted(set(ids))
