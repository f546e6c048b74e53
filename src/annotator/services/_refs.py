"""Finding the rows a caller names: a label by id or name, an annotation, documents by reference."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, or_, select
from sqlalchemy.orm import Session

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
        raise NotFound(f"unknown label {label!r}")
    return found


def spell_labels(names: Sequence[str], codebook: Sequence[str], what: str = "label") -> list[str]:
    """Each name as the codebook spells it, matched ignoring case; InvalidInput for an unknown one."""
    folded: dict[str, str] = {}
    for known in codebook:
        folded.setdefault(known.casefold(), known)
    exact = set(codebook)
    spelled: list[str] = []
    for name in names:
        wanted = name.strip()
        found = wanted if wanted in exact else folded.get(wanted.casefold())
        if found is None:
            listed = ", ".join(sorted(codebook)) or "none"
            raise InvalidInput(f"unknown {what} {name!r} (labels: {listed})")
        if found not in spelled:
            spelled.append(found)
    return spelled


def label_names(conn: Session | Connection, names: Sequence[str]) -> list[str]:
    """The codebook's spelling of each label name, matched ignoring case (the codebook is)."""
    codebook = list(conn.scalars(select(Label.name).order_by(Label.position, Label.id)))
    return spell_labels(names, codebook)


def known_annotators(conn: Session | Connection) -> set[str]:
    """Everyone who has at least one annotation in the project."""
    return set(conn.scalars(select(Annotation.annotator).distinct()))


def annotator_names(conn: Session | Connection, names: Sequence[str]) -> list[str]:
    """Each name stripped; InvalidInput for one without annotations (listing who has some)."""
    wanted = [name.strip() for name in names]
    if not wanted:
        return []
    known = known_annotators(conn)
    missing = [name for name in wanted if name not in known]
    if missing:
        listed = ", ".join(sorted(known)) or "none"
        raise InvalidInput(f"no annotations by {missing[0]!r} (annotators: {listed})")
    return wanted


def find_annotation(session: Session, annotation_id: int) -> Annotation:
    """The annotation with this id; NotFound once it is gone."""
    ann = session.get(Annotation, annotation_id)
    if ann is None:
        raise NotFound(f"annotation {annotation_id} no longer exists")
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
            raise InvalidInput(f"no document matches {ref!r} (give its id, SHA-256 or file name)")
        ids.extend(found)
    return sorted(set(ids))
