"""Write annotations as a brat standoff collection that brat and INCEpTION open.

Layout: `annotation.conf` and `visual.conf` at the top, then one folder per annotator holding
`<document>.txt` (the stored text, UTF-8, LF) and `<document>.ann` for each document the
annotator labelled. A span that crosses line breaks is written as brat itself writes it: one
fragment per line, the fragments of the covered text joined by a space. "Line breaks" are all the
characters brat's reader ends a `.ann` line at (`BRAT_LINE_BREAKS`: form feed, U+0085, U+2028...),
so every record stays on its line; the reader joins such fragments into one span again.

Types: a label or relation name that is not a brat type (a comma, a space) is written as one with
`_`, made unique among entity and relation types alike, and `visual.conf`'s `[labels]` section
gives its real name (`Name_Calling_Labeling | Name_Calling,Labeling`), which the reader takes back.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from annotator.domain.errors import InvalidInput
from annotator.domain.records import AnnotationInfo, DocumentInfo, LabelInfo, LinkInfo, LinkRuleInfo
from annotator.io.atomic import close_source, folder_filled_when_done, refuse_project_files
from annotator.io.brat_records import BRAT_LINE_BREAKS, escape_note

_NOT_IN_TYPE = re.compile(r"[^\w-]+")
_NOT_IN_FILE_NAME = re.compile(r'[\x00-\x1f<>:"/\\|?*]+')
_LINE_BREAK = re.compile(f"[{re.escape(BRAT_LINE_BREAKS)}]")
_RESERVED_NAMES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                   *(f"lpt{i}" for i in range(10))}

#: One document for the writer: its record, stored text, annotations and the links among them.
BratSource = tuple[DocumentInfo, str, Sequence[AnnotationInfo], Sequence[LinkInfo]]


@dataclass(frozen=True, slots=True)
class BratExport:
    """What `write_brat` wrote and what it could not carry."""

    folder: Path
    files: int
    documents: int
    annotations: int
    links: int
    skipped: tuple[str, ...]


def brat_type(name: str) -> str:
    """A label or relation name as a brat type: runs of spaces and punctuation become `_`."""
    return _NOT_IN_TYPE.sub("_", name.strip()).strip("_") or "label"


def safe_file_name(name: str, fallback: str) -> str:
    """`name` usable as a file or folder name on Windows, macOS and Linux."""
    cleaned = _NOT_IN_FILE_NAME.sub("_", unicodedata.normalize("NFC", name)).strip(" .")
    if not cleaned or cleaned.split(".")[0].lower() in _RESERVED_NAMES:
        return fallback
    return cleaned[:80]


def document_file_stem(document: DocumentInfo) -> str:
    """`<file-name-slug>-<first 8 hex of the text's SHA-256>`: stable across projects, no `_`."""
    short = document.sha256[:8]
    base = Path(document.source_name).stem or document.title
    ascii_base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_base.lower()).strip("-")
    slug = slug.removesuffix(f"-{short}")[:40].strip("-")  # a file this export wrote before
    return f"{slug}-{short}" if slug else f"document-{short}"


def line_fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The pieces of [start, end) between line breaks (brat's form of a multi-line span), every
    character of `BRAT_LINE_BREAKS` counting as one."""
    fragments: list[tuple[int, int]] = []
    position = start
    search = _LINE_BREAK.search
    while position < end:
        found = search(text, position, end)
        stop = end if found is None else found.start()
        if stop > position:
            fragments.append((position, stop))
        position = stop + 1
    return fragments


class TypeNames:
    """brat types of labels and relations: valid, unique across both kinds, stable in a collection."""

    def __init__(self, labels: Iterable[str]) -> None:
        self.entities: dict[str, str] = {}
        self.relations: dict[str, str] = {}
        self._taken: set[str] = set()
        for name in labels:
            self.entity(name)

    def _new(self, name: str) -> str:
        base = brat_type(name)
        candidate, n = base, 1
        while candidate in self._taken:
            n += 1
            candidate = f"{base}_{n}"
        self._taken.add(candidate)
        return candidate

    def entity(self, name: str) -> str:
        """The brat type of a label."""
        found = self.entities.get(name)
        if found is None:
            found = self.entities[name] = self._new(name)
        return found

    def relation(self, name: str) -> str:
        """The brat type of a link relation (never one a label uses)."""
        found = self.relations.get(name)
        if found is None:
            found = self.relations[name] = self._new(name)
        return found


def ann_content(
    text: str, annotations: Sequence[AnnotationInfo], links: Sequence[LinkInfo],
    types: TypeNames, skipped: list[str], where: str,
) -> tuple[str, int, int]:
    """The .ann text for one document and annotator, and the spans and links written."""
    lines: list[str] = []
    notes: list[str] = []
    t_ids: dict[int, str] = {}
    ordered = sorted(annotations, key=lambda a: (a.start, a.end, a.label, a.uuid))
    for ann in ordered:
        fragments = line_fragments(text, ann.start, ann.end)
        if not fragments:
            skipped.append(f"{where}: a span made only of line breaks at {ann.start} was left out")
            continue
        t_id = f"T{len(t_ids) + 1}"
        t_ids[ann.id] = t_id
        ranges = ";".join(f"{s} {e}" for s, e in fragments)
        covered = " ".join(text[s:e] for s, e in fragments)
        lines.append(f"{t_id}\t{types.entity(ann.label)} {ranges}\t{covered}")
        if ann.note:
            notes.append(f"#{len(notes) + 1}\tAnnotatorNotes {t_id}\t{escape_note(ann.note)}")
    relations: list[tuple[str, int, int]] = []
    for link in links:
        source, target = t_ids.get(link.from_annotation_id), t_ids.get(link.to_annotation_id)
        if source is None or target is None:
            skipped.append(f"{where}: a {link.relation!r} link to another annotator's span was left out")
            continue
        relations.append((types.relation(link.relation), int(source[1:]), int(target[1:])))
    for number, (relation, source_n, target_n) in enumerate(sorted(relations), 1):
        lines.append(f"R{number}\t{relation} Arg1:T{source_n} Arg2:T{target_n}")
    return "\n".join(lines + notes) + ("\n" if lines or notes else ""), len(t_ids), len(relations)


def _shown_line(brat_name: str, name: str) -> str | None:
    """visual.conf's `[labels]` line giving `name` to a type, when brat can read it back."""
    if brat_name == name or "|" in name or "\t" in name or _LINE_BREAK.search(name):
        return None
    return f"{brat_name} | {name}"


def conf_files(
    labels: Sequence[LabelInfo], rules: Sequence[LinkRuleInfo], types: TypeNames,
    relations_used: Iterable[str],
) -> tuple[str, str]:
    """annotation.conf (entities = labels, relations = link rules) and visual.conf (colours and
    the real names of types written with `_`)."""
    entity_lines = [types.entity(label.name) for label in labels]
    by_relation: dict[str, tuple[list[str], list[str]]] = {}
    for rule in rules:
        sources, targets = by_relation.setdefault(rule.relation, ([], []))
        for bucket, label in ((sources, rule.from_label), (targets, rule.to_label)):
            if types.entity(label) not in bucket:
                bucket.append(types.entity(label))
    for relation in relations_used:
        by_relation.setdefault(relation, (["<ENTITY>"], ["<ENTITY>"]))
    relation_lines = [
        f"{types.relation(rel)}\tArg1:{'|'.join(a)}, Arg2:{'|'.join(b)}"
        for rel, (a, b) in by_relation.items()
    ]
    relation_lines.append("<OVERLAP>\tArg1:<ANY>, Arg2:<ANY>, <OVL-TYPE>:<ANY>")
    annotation_conf = "\n".join(
        ["[entities]", *entity_lines, "", "[relations]", *relation_lines, "",
         "[events]", "", "[attributes]", ""]
    )
    shown = [line for line in (
        *(_shown_line(types.entity(label.name), label.name) for label in labels),
        *(_shown_line(types.relation(rel), rel) for rel in by_relation),
    ) if line is not None]
    colours = [f"{types.entity(label.name)}\tbgColor:{label.color[:7]}" for label in labels]
    visual_conf = "\n".join(["[labels]", *shown, "", "[drawing]",
                             "SPAN_DEFAULT\tfgColor:black, bgColor:lightgreen, borderColor:darken",
                             "ARC_DEFAULT\tcolor:black, arrowHead:triangle-5", *colours, ""])
    return annotation_conf, visual_conf


def write_brat(
    folder: Path, sources: Iterable[BratSource], labels: Sequence[LabelInfo],
    rules: Sequence[LinkRuleInfo] = (), project: Path | None = None,
) -> BratExport:
    """Write the collection into `folder` (new or empty); one folder per annotator.

    The files appear only once all are written (`folder_filled_when_done`); `project` (the file
    the export comes from) is never written over.
    """
    folder = Path(folder)
    refuse_project_files(folder, project)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InvalidInput(f"{folder}: choose a new or empty folder for the brat export")
    try:
        with folder_filled_when_done(folder, project=project) as work:
            return _write_collection(folder, work, sources, labels, rules)
    finally:
        close_source(sources)


def _write_collection(
    folder: Path, work: Path, sources: Iterable[BratSource], labels: Sequence[LabelInfo],
    rules: Sequence[LinkRuleInfo],
) -> BratExport:
    """Write the files into `work`; the summary names `folder`, where they will be."""
    types = TypeNames(label.name for label in labels)
    skipped: list[str] = []
    stems: set[str] = set()
    folders: dict[str, str] = {}
    relations_used: set[str] = set()
    files = spans = written_links = 0
    documents: set[int] = set()
    for document, text, doc_annotations, links in sources:
        stem = document_file_stem(document)
        if stem in stems:
            stem = f"{stem.rsplit('-', 1)[0]}-{document.sha256}"
        stems.add(stem)
        by_annotator: dict[str, list[AnnotationInfo]] = defaultdict(list)
        for ann in doc_annotations:
            by_annotator[ann.annotator].append(ann)
        for annotator, own in sorted(by_annotator.items()):
            if annotator not in folders:
                name = safe_file_name(annotator, f"annotator-{len(folders) + 1}")
                while name.casefold() in {f.casefold() for f in folders.values()}:
                    name = f"{name}-{len(folders) + 1}"
                folders[annotator] = name
                if name != annotator:
                    skipped.append(f"annotator {annotator!r} is written as the folder {name!r}")
            own_ids = {ann.id for ann in own}
            own_links = [link for link in links if link.from_annotation_id in own_ids]
            where = f"{folders[annotator]}/{stem}.ann"
            content, n_spans, n_links = ann_content(text, own, own_links, types, skipped, where)
            relations_used.update(link.relation for link in own_links)
            target = work / folders[annotator]
            target.mkdir(exist_ok=True)
            (target / f"{stem}.txt").write_bytes(text.encode("utf-8"))
            (target / f"{stem}.ann").write_bytes(content.encode("utf-8"))
            files += 2
            spans += n_spans
            written_links += n_links
            documents.add(document.id)
    annotation_conf, visual_conf = conf_files(labels, rules, types, sorted(relations_used))
    (work / "annotation.conf").write_bytes(annotation_conf.encode("utf-8"))
    (work / "visual.conf").write_bytes(visual_conf.encode("utf-8"))
    return BratExport(folder, files + 2, len(documents), spans, written_links, tuple(skipped))
