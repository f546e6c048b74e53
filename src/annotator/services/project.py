"""Opening a project, its first-run contents, and a summary of what it holds."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, insert, select

from annotator.assets import load_default_codebook
from annotator.domain.links import DEFAULT_LINK_RULES
from annotator.domain.records import DocumentInfo, ImportedText, ImportOutcome
from annotator.domain.validation import check_color
from annotator.services.documents import import_texts, list_documents
from annotator.services.handle import Project, store_of
from annotator.store.engine import BUSY_TIMEOUT_S
from annotator.store.models import Annotation, Label, LinkRule, ProjectMeta
from annotator.store.project_file import copy_project, open_store

SEEDS_IMPORTED = "seeds_imported"


def open_project(
    path: Path | str, busy_timeout: float = BUSY_TIMEOUT_S, create: bool = True,
    read_only: bool = False,
) -> Project:
    """Open a project (creating it unless `create` is False); a new one gets the default codebook.

    `read_only`: only to read it (never created, upgraded or written, no write lock taken).
    """
    store = open_store(path, busy_timeout=busy_timeout, create=create, read_only=read_only)
    project = Project(store)
    if read_only:
        return project
    try:
        with store.write() as session:
            if session.scalar(select(func.count()).select_from(Label)) == 0 and not session.get(
                ProjectMeta, "codebook_created"
            ):
                rows = [
                    {
                        "uuid": str(uuid.uuid4()),
                        "name": entry.name,
                        "color": check_color(entry.color),
                        "shortcut": entry.shortcut,
                        "definition": entry.definition,
                        "position": position,
                    }
                    for position, entry in enumerate(load_default_codebook())
                ]
                session.execute(insert(Label), rows)
                ids = {name: id_ for name, id_ in session.execute(select(Label.name, Label.id))}
                session.execute(
                    insert(LinkRule),
                    [
                        {"relation": relation, "from_label_id": ids[a], "to_label_id": ids[b]}
                        for relation, a, b in DEFAULT_LINK_RULES
                        if a in ids and b in ids
                    ],
                )
                session.add(ProjectMeta(key="codebook_created", value="default"))
    except BaseException:
        project.close()
        raise
    return project


def save_copy(project: Project, out: Path | str) -> Path:
    """Write a consistent, self-contained copy of the project to `out`; returns where.

    SQLite's backup API copies everything committed (work still in the -wal included) under a
    temporary name beside `out`, renamed when complete; the copy keeps no -wal and opens as a
    project. The project itself, its -wal and -shm are refused as `out`.
    """
    return copy_project(store_of(project), out)


def import_seeds_once(
    project: Project, read_seeds: Callable[[], Sequence[ImportedText]]
) -> list[ImportOutcome]:
    """Import the sample articles the first time a project is opened with them, never again."""
    with store_of(project).read() as session:
        if session.get(ProjectMeta, SEEDS_IMPORTED) is not None:
            return []
    outcomes = import_texts(project, read_seeds())
    with store_of(project).write() as session:
        session.merge(ProjectMeta(key=SEEDS_IMPORTED, value="yes"))
    return outcomes


@dataclass(frozen=True, slots=True)
class ProjectSummary:
    """Documents, and annotation counts per annotator and per span label (document labels have
    `document_codes.document_code_counts`)."""

    documents: list[DocumentInfo]
    per_annotator: dict[str, int]
    per_label: dict[str, int]
    total_annotations: int


def project_summary(project: Project) -> ProjectSummary:
    """What the project holds."""
    documents = list_documents(project)
    with store_of(project).read() as session:
        per_annotator = {
            name: n
            for name, n in session.execute(
                select(Annotation.annotator, func.count())
                .group_by(Annotation.annotator)
                .order_by(Annotation.annotator)
            )
        }
        per_label = {
            name: n
            for name, n in session.execute(
                select(Label.name, func.count(Annotation.id))
                .outerjoin(Annotation, Annotation.label_id == Label.id)
                .where(Label.kind == "span")  # document labels code documents, not spans
                .group_by(Label.id)
                .order_by(Label.position)
            )
        }
    return ProjectSummary(
        documents=documents,
        per_annotator=per_annotator,
        per_label=per_label,
        total_annotations=sum(per_annotator.values()),
    )
