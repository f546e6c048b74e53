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
