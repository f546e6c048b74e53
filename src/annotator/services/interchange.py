"""Interchange formats: documents with their annotations and links for exports, brat in and out."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import aliased

from annotator.domain.merge import MergeReport, worded_problem
from annotator.domain.records import AnnotationInfo, DocumentInfo, LinkInfo
from annotator.domain.wording import counted, first_few, ntext
from annotator.i18n import _
from annotator.io.brat import BratReading, parse_label_map, read_brat_folder
from annotator.io.brat_write import BratExport, write_brat
from annotator.services._convert import document_info
from annotator.services._refs import annotator_names, document_ids, label_names
from annotator.services.handle import Project, store_of
from annotator.services.labels import list_labels
from annotator.services.links import list_link_rules
from annotator.services.merge import READING, MergeProgress, merge_batch
from annotator.store.models import Annotation, Document, Label, Link

DocumentWithAnnotations = tuple[DocumentInfo, str, list[AnnotationInfo], list[LinkInfo]]

#: The stage an export reports as `progress(documents written, 0, WRITING)`.
WRITING = "writing"

_ANNOTATION_COLUMNS = (
    Annotation.id, Annotation.uuid, Annotation.document_id, Annotation.label_id, Label.name,
    Annotation.annotator, Annotation.start, Annotation.end, Annotation.note,
    Annotation.created_at, Annotation.updated_at,
)


def iter_documents_with_annotations(
    project: Project,
    annotators: Sequence[str] = (),
    include_empty: bool = False,
    labels: Sequence[str] = (),
    documents: Sequence[str] = (),
) -> Iterator[DocumentWithAnnotations]:
    """Each document (by id) with its text, its annotations and the links between them.

    `annotators` and `labels` (names, case aside) keep only their annotations (and the links
    joining two kept ones); `documents` (id, SHA-256 or file name) keep only those documents.
    An unknown name or document is refused. Documents without any kept annotation are left out
    unless `include_empty`.
    """
    with store_of(project).read() as session:
        names = annotator_names(session, annotators)
        spelled = label_names(session, labels) if labels else []
        chosen = document_ids(session, documents) if documents else []
        query = (
            select(*_ANNOTATION_COLUMNS)
            .join(Label, Label.id == Annotation.label_id)
            .order_by(Annotation.document_id, Annotation.start, Annotation.end, Annotation.id)
        )
        if names:
            query = query.where(Annotation.annotator.in_(names))
        if spelled:
            query = query.where(Label.name.in_(spelled))
        if chosen:
            query = query.where(Annotation.document_id.in_(chosen))
        by_document: dict[int, list[AnnotationInfo]] = {}
        kept: set[int] = set()
        for row in session.execute(query):
            by_document.setdefault(row[2], []).append(AnnotationInfo(*row))
            kept.add(row[0])
        source, target = aliased(Annotation), aliased(Annotation)
        link_query = (
            select(Link.id, Link.uuid, Link.relation, Link.from_annotation_id,
                   Link.to_annotation_id, Link.annotator, Link.created_at, source.document_id)
            .join(source, source.id == Link.from_annotation_id)
            .join(target, target.id == Link.to_annotation_id)
            .order_by(Link.id)
        )
        if names:
            link_query = link_query.where(
                source.annotator.in_(names), target.annotator.in_(names)
            )
        links_by_document: dict[int, list[LinkInfo]] = {}
        for row in session.execute(link_query):
            if not (spelled or chosen) or (row[3] in kept and row[4] in kept):
                links_by_document.setdefault(row[-1], []).append(LinkInfo(*row[:-1]))
        in_order = select(Document).order_by(Document.id).execution_options(yield_per=20)
        if chosen:
            in_order = in_order.where(Document.id.in_(chosen))
        for doc in session.scalars(in_order):
            annotations = by_document.get(doc.id, [])
            if annotations or include_empty:
                yield (document_info(doc, len(annotations)), doc.text, annotations,
                       links_by_document.get(doc.id, []))
            session.expunge(doc)


def reported(sources: Iterable[DocumentWithAnnotations], progress: MergeProgress | None
             ) -> Iterator[DocumentWithAnnotations]:
    """`sources` as they are, with `progress(n, 0, WRITING)` before each document: what it
    raises stops the export, whose writer then leaves no file."""
    for n, source in enumerate(sources):
        if progress is not None:
            progress(n, 0, WRITING)
        yield source


def import_brat(
    project: Project, folder: Path, annotator: str | None = None, label_map: str | None = None,
    progress: MergeProgress | None = None,
) -> tuple[BratReading, MergeReport]:
    """Read a brat folder and merge it into the project, all or nothing. `progress(done, total,
    stage)` follows the files read (READING), then the merge (see MergeProgress); what it
    raises stops the import, and nothing is stored."""
    def read(done: int, total: int) -> None:
        if progress is not None:
            progress(done, total, READING)

    reading = read_brat_folder(Path(folder), annotator, parse_label_map(label_map), read)
    return reading, merge_batch(project, reading.batch, progress)


def export_brat(
    project: Project,
    folder: Path,
    annotators: Sequence[str] = (),
    labels: Sequence[str] = (),
    documents: Sequence[str] = (),
    progress: MergeProgress | None = None,
) -> BratExport:
    """Write the annotations (all, or some annotators', labels' or documents') as brat files;
    `progress`: see `reported` (a stopped export leaves the folder as it was)."""
    sources = reported(iter_documents_with_annotations(project, annotators, labels=labels,
                                                       documents=documents), progress)
    return write_brat(Path(folder), sources, list_labels(project), list_link_rules(project),
                      project=project.path)


#: How many skipped brat records the summary names before counting the rest.
SHOWN_SKIPS = 10


def brat_import_summary(reading: BratReading, report: MergeReport) -> list[str]:
    """What a brat import read, stored and left out, for people, in their language (type, relation
    and label names are data, shown as they are)."""
    lines = [ntext(reading.ann_files, "Read {count} .ann file", "Read {count} .ann files")]
    if reading.unmapped_types:
        lines.append(_("brat entity types used as the labels of the same name: {types}").format(
            types=", ".join(reading.unmapped_types)))
    if reading.unmapped_relations:
        lines.append(_("brat relation types used as the link relations of the same name: {types}").format(
            types=", ".join(reading.unmapped_relations)))
    if reading.named_types:
        named = "; ".join(_("{brat} as {name}").format(brat=brat, name=name)
                          for brat, name in reading.named_types)
        lines.append(_("brat types read as the names visual.conf gives them: {types}").format(types=named))
    if reading.event_links:
        lines.append(_("brat events read as links: {links}").format(links="; ".join(reading.event_links)))
    if reading.unused_map:
        lines.append(_("--map entries that named no type in the folder: {entries}").format(
            entries="; ".join(reading.unused_map)))
    lines.extend(report.summary_lines())
    if reading.skipped:
        lines.append(ntext(len(reading.skipped), "brat records left out: {count}",
                           "brat records left out: {count}"))
        shown = [worded_problem(skip) for skip in reading.skipped[:SHOWN_SKIPS]]
        lines.extend(first_few(shown + list(reading.skipped[SHOWN_SKIPS:]), SHOWN_SKIPS))
    return lines


def brat_export_summary(result: BratExport) -> list[str]:
    """What a brat export wrote and left out, for people, in their language."""
    lines = [
        _("Wrote {folder}: {documents}, {spans}, {links} in {files}").format(
            folder=result.folder, documents=counted(result.documents, "document", "documents"),
            spans=counted(result.annotations, "span", "spans"), links=counted(result.links, "link", "links"),
            files=counted(result.files, "file", "files"))
    ]
    lines.extend(f"  {worded_problem(item)}" for item in result.skipped)
    return lines
