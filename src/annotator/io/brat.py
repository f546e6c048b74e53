"""Read brat standoff folders (.txt + .ann pairs) into a batch the merge service stores.

brat offsets count characters of the .txt as brat reads it (a BOM and the CR of CRLF included);
they are moved onto the stored text with `RawOffsets`. The records of one .ann are parsed in
`io/brat_records.py`; writing lives in `io/brat_write.py`.

Names. A brat type cannot hold a comma or a space, so a collection gives the name people see in
visual.conf's `[labels]` section (`Name_Calling_Labeling | Name_Calling,Labeling`): a T, R or event
type with such a line is read as that name (the first one after the type). `--map` entries name
either the type or that name, and win over both. Case is kept as written.

Events. `E1  TYPE:Ttrigger ROLE:Ta ROLE:Tb...` becomes links between the spans it joins (the
trigger and argument spans stay annotations, as every T record):

- an event with a `Content` argument (attribution corpora: PolNeAR, PARC) gives a link from that
  Content span to each other argument span: to the `Source` as `attributed_to` (the project's
  attribution link, claim -attributed_to-> source), to any other as the role's name (`Cue`,
  `Content2`);
- any other event gives a link from its trigger span to each argument span, named after the
  role (`Theme`, `Cause`);
- `--map TYPE:ROLE=relation` names the links of one role of one event type instead.

Arguments that are not spans (nested events) are left out and reported; an event that gives no
link between two different spans is counted as skipped. Like `R` relations, these links are
stored whether or not the codebook has a link rule for their labels.
"""

from __future__ import annotations

import gc
import hashlib
import re
import uuid
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from annotator.domain.error_wording import N_plural, Plural, Worded
from annotator.domain.errors import AnnotatorError, ImportProblem, InvalidInput, describe, register_wording
from annotator.domain.merge import worded_problem
from annotator.domain.raw_offsets import RawOffsets
from annotator.domain.records import (
    ImportedText,
    IncomingAnnotation,
    IncomingBatch,
    IncomingLabel,
    IncomingLink,
)
from annotator.domain.validation import clean_label_name
from annotator.i18n import N_
from annotator.io.brat_records import (
    BRAT_LINE_BREAKS,
    SKIPPED_KINDS,
    BratProblem,
    EventRecord,
    TextRecord,
    escape_note,
    line_problem,
    parse_ann,
    said,
    unescape_note,
)
from annotator.io.read_problems import Problem
from annotator.io.readers import (
    MAX_FILE_BYTES,
    decode_text,
    plain_text_record,
    read_file_bytes,
    shown_path,
)

__all__ = [
    "BratProblems", "BratReading", "escape_note", "pair_files", "parse_label_map",
    "read_brat_folder", "read_text_file", "read_visual_colors", "read_visual_names", "stable_uuid",
    "unescape_note",
]
#: Stable ids for annotations and links read from brat: re-reading a folder gives the same ids.
BRAT_NAMESPACE = uuid.UUID("6f1f7c1e-3c55-4d0b-9a7e-2b1c51d0b7a1")
_NAMESPACE_BYTES = BRAT_NAMESPACE.bytes
MAX_LISTED_PROBLEMS = 20


class BratFolderProblem(StrEnum):
    """Why a brat folder (or a file in it) was refused as a whole (a reason code)."""

    FILE_REASON = "brat_file_reason"  # values: path, reason (a phrase)
    NOTHING_IMPORTED_ONE = "brat_nothing_imported_one"  # values: problem
    NOTHING_IMPORTED = "brat_nothing_imported"  # values: problems (one a line)
    NOTHING_IMPORTED_MORE = "brat_nothing_imported_more"  # values: problems, count (not listed)
    CANNOT_READ = "brat_cannot_read"  # values: file, detail
    NAME_NOT_UTF8 = "brat_name_not_utf8"  # values: file
    NO_TXT = "brat_no_txt"  # values: file, stem
    NO_ANNOTATOR = "brat_no_annotator"  # values: file
    NO_ANN_FILES = "brat_no_ann_files"  # values: folder
    MAP_ENTRY = "brat_map_entry"  # values: entry
    MAP_TWICE = "brat_map_twice"  # values: type
    TEXT_BLANK = "brat_text_blank"  # values: path
    NOT_A_FOLDER = "brat_not_a_folder"  # values: folder
    EMPTY_ANNOTATOR = "brat_empty_annotator"


#: How each reason is worded (English, the catalogue's msgid; `describe` translates).
BRAT_WORDING: dict[str, str | Plural] = {
    BratFolderProblem.FILE_REASON: N_("{path}: {reason}"),
    BratFolderProblem.NOTHING_IMPORTED_ONE: N_("nothing was imported: {problem}"),
    BratFolderProblem.NOTHING_IMPORTED: N_("nothing was imported:\n{problems}"),
    BratFolderProblem.NOTHING_IMPORTED_MORE: N_plural(
        "nothing was imported:\n{problems}\n... and {count} more problems",
        "nothing was imported:\n{problems}\n... and {count} more problems"),
    BratFolderProblem.CANNOT_READ: N_("{file}: cannot read the file ({detail})"),
    BratFolderProblem.NAME_NOT_UTF8: N_(
        "{file}: the file or folder name is not valid UTF-8: rename it to import it"),
    BratFolderProblem.NO_TXT: N_(
        "{file}: no .txt file named {stem}.txt (nor <document>.txt for a <document>_<annotator>.ann)"),
    BratFolderProblem.NO_ANNOTATOR: N_(
        "{file}: no annotator: give --annotator NAME, or name the file <document>_<annotator>.ann, or put it "
        "in a folder named after the annotator"),
    BratFolderProblem.NO_ANN_FILES: N_("{folder}: no .ann files in this folder"),
    BratFolderProblem.MAP_ENTRY: N_(
        "--map entry {entry!r} is not TYPE=LABEL (e.g. Source=source,Content=claim)"),
    BratFolderProblem.MAP_TWICE: N_("--map gives two labels for the brat type {type!r}"),
    BratFolderProblem.TEXT_BLANK: N_("{path}: the text file is binary or blank"),
    BratFolderProblem.NOT_A_FOLDER: N_("{folder}: not a folder"),
    BratFolderProblem.EMPTY_ANNOTATOR: N_("the annotator's name is empty"),
}
register_wording(BRAT_WORDING)


class BratProblems(AnnotatorError):
    """One or more records of a brat folder cannot be read; lists each with file and line (each
    problem a `Problem` carrying its codes where it has them)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(str(_listed(problems, str)))
        self.problems = problems

    def worded(self) -> str:
        """The refusal in the reader's language, each coded problem worded there."""
        return describe(_listed(self.problems, worded_problem))


def _as_problem(error: AnnotatorError) -> str:
    """An error met reading one file, as a listed problem keeping its code and values."""
    if not error.code:
        return str(error)
    if isinstance(error, ImportProblem):
        reason = Worded(error.code, error.values)
        return Problem(BratFolderProblem.FILE_REASON, path=error.path, reason=reason)
    return Problem(error.code, **error.values)


def _listed(problems: list[str], shown: Callable[[str], str]) -> AnnotatorError:
    """The refusal listing the first problems, each as `shown` words it."""
    if len(problems) == 1:
        return AnnotatorError(code=BratFolderProblem.NOTHING_IMPORTED_ONE, problem=shown(problems[0]))
    listed = "\n".join(shown(problem) for problem in problems[:MAX_LISTED_PROBLEMS])
    more = len(problems) - MAX_LISTED_PROBLEMS
    if more > 0:
        return AnnotatorError(code=BratFolderProblem.NOTHING_IMPORTED_MORE, problems=listed, count=more)
    return AnnotatorError(code=BratFolderProblem.NOTHING_IMPORTED, problems=listed)


@dataclass(frozen=True, slots=True)
class BratReading:
    """A brat folder read: the batch to merge and what was not carried over."""

    batch: IncomingBatch
    ann_files: int
    #: Entity (T record) types without a --map entry, used as the labels of the same name.
    unmapped_types: tuple[str, ...]
    skipped: tuple[str, ...]
    #: Relation (R record) types without a --map entry, used as link relations of the same name.
    unmapped_relations: tuple[str, ...] = ()
    #: (brat type, name) for types read as the name visual.conf's [labels] gives them.
    named_types: tuple[tuple[str, str], ...] = ()
    #: Links made from events, as `TYPE:ROLE -> relation: count`.
    event_links: tuple[str, ...] = ()
    #: --map entries that named nothing in the folder.
    unused_map: tuple[str, ...] = ()


def stable_uuid(name: str) -> str:
    """`uuid.uuid5(BRAT_NAMESPACE, name)` as a string, without building UUID objects."""
    return _uuid5_text(hashlib.sha1(_NAMESPACE_BYTES + name.encode("utf-8")).hexdigest())


def _map_pieces(spec: str) -> list[str]:
    """`spec` cut at its commas, `\\,` kept as a comma inside a piece."""
    pieces, current, chars = [], [], iter(spec)
    for char in chars:
        if char == "\\":
            following = next(chars, "")
            current.append("," if following == "," else char + following)
        elif char == ",":
            pieces.append("".join(current))
            current = []
        else:
            current.append(char)
    return [*pieces, "".join(current)]


def parse_label_map(spec: str | None) -> dict[str, str]:
    """`Source=source,Content=claim` as {brat type or visual.conf name: name}; refuse a malformed
    entry.

    A name may hold a comma: a piece without `=` belongs to the type of the entry after it
    (`Name_Calling,Labeling=insult`), and `\\,` is a comma anywhere (`T=Name_Calling\\,Labeling`).
    `TYPE:ROLE=relation` names the links of an event role.
    """
    mapping: dict[str, str] = {}
    pending: list[str] = []
    entries: list[str] = []
    for piece in _map_pieces(spec or ""):
        if "=" not in piece and (pending or piece.strip()):
            pending.append(piece)
            continue
        if piece.strip() or pending:
            entries.append(",".join([*pending, piece]))
        pending = []
    if pending:
        entries.append(",".join(pending))
    for entry in entries:
        brat_type, sep, name = entry.partition("=")
        brat_type, name = brat_type.strip(), name.strip()
        if not sep or not brat_type or not name:
            raise InvalidInput(code=BratFolderProblem.MAP_ENTRY, entry=entry.strip())
        if brat_type in mapping and mapping[brat_type] != name:
            raise InvalidInput(code=BratFolderProblem.MAP_TWICE, type=brat_type)
        mapping[brat_type] = clean_label_name(name)
    return mapping


def read_text_file(path: Path, max_bytes: int = MAX_FILE_BYTES) -> tuple[RawOffsets, ImportedText]:
    """A .txt decoded like any article, with the map from its raw offsets to the stored text."""
    mapping = RawOffsets(decode_text(read_file_bytes(path, max_bytes), str(path)))
    text = mapping.stored_text
    if "\x00" in text or not text.strip():
        raise InvalidInput(code=BratFolderProblem.TEXT_BLANK, path=path)
    return mapping, plain_text_record(path.name, text)


def _uuid5_text(digest: str) -> str:
    """A SHA-1 hex digest as the text of a version-5 UUID (what `uuid.uuid5` would give)."""
    return (f"{digest[:8]}-{digest[8:12]}-5{digest[13:16]}-{_VARIANT[digest[16]]}{digest[17:20]}-"
            f"{digest[20:32]}")


_VARIANT = {f"{n:x}": "89ab"[n & 3] for n in range(16)}


class _Collector:
    """Builds one batch out of many .ann files, keeping annotations unique."""

    def __init__(self, label_map: Mapping[str, str], names: Mapping[str, str] | None = None) -> None:
        self.label_map = label_map
        self.names = names or {}  # brat type -> the name visual.conf's [labels] shows
        self.used_map: set[str] = set()
        self.named: set[tuple[str, str]] = set()
        self.event_links: dict[str, int] = {}
        self.label_types: dict[str, str] = {}  # label -> the first brat type read as it
        self.problems: list[str] = []
        self.skipped: list[str] = []
        self.skipped_kinds: dict[str, list[int]] = {}  # kind -> [records, files]
        self.unmapped: set[str] = set()
        self.unmapped_relations: set[str] = set()
        self.labels: dict[str, IncomingLabel] = {}
        self.documents: dict[str, ImportedText] = {}
        self.annotations: dict[tuple[str, str, str, int, int], IncomingAnnotation] = {}
        self.links: dict[str, IncomingLink] = {}
        self.colors: dict[str, str] = {}
        self.usable: dict[str, bool] = {}

    def skipped_summary(self) -> list[str]:
        """Skipped record kinds with counts, then the single skipped records."""
        lines: list[str] = [
            Problem(SKIPPED_KINDS.get(kind, BratProblem.SKIPPED_NOTES), records=records, kind=kind,
                    files=files)
            for kind, (records, files) in sorted(self.skipped_kinds.items())
        ]
        return lines + self.skipped

    def _resolved(self, brat_type: str) -> tuple[str, str]:
        """(name, how): the --map entry of the type or its shown name, else that name, else the
        type; `how` is "map", "named" or "same"."""
        shown = self.names.get(brat_type)
        for key in (brat_type, shown):
            if key is not None and key in self.label_map:
                return self.label_map[key], "map"
        if shown is not None and shown != brat_type:
            return shown, "named"
        return brat_type, "same"

    def name_of(self, brat_type: str, relation: bool = False) -> str:
        """The label (or with `relation`, the link relation) name of a brat type."""
        name, how = self._resolved(brat_type)
        if how == "map":
            self.used_map.add(brat_type if brat_type in self.label_map else self.names[brat_type])
        elif how == "named":
            self.named.add((brat_type, name))
        else:
            (self.unmapped_relations if relation else self.unmapped).add(brat_type)
        return name

    def usable_type(self, brat_type: str) -> bool:
        """True when the type (or its --map entry) makes a valid label name."""
        usable = self.usable.get(brat_type)
        if usable is None:
            try:
                clean_label_name(self._resolved(brat_type)[0])
                usable = True
            except InvalidInput:
                usable = False
            self.usable[brat_type] = usable
        return usable

    def label_of(self, brat_type: str) -> str:
        """The label of a T record's type, added to the batch's labels the first time."""
        label = self.name_of(brat_type)
        if label not in self.labels:
            self.labels[label] = IncomingLabel(label, self.colors.get(brat_type))
            self.label_types[label] = brat_type
        return label

    def read_pair(self, txt: Path, ann: Path, where: str, annotator: str) -> None:
        """Parse one .ann against its .txt and add what it holds."""
        try:
            mapping, document = read_text_file(txt)
            content = _read_ann(ann)
            # The .ann file's time: re-reading an unchanged file changes nothing, an edited one
            # wins.
            moment = datetime.fromtimestamp(ann.stat().st_mtime, UTC)
        except AnnotatorError as exc:
            self.problems.append(_as_problem(exc))
            return
        except OSError as exc:
            detail = exc.strerror or exc
            self.problems.append(Problem(BratFolderProblem.CANNOT_READ, file=where, detail=detail))
            return
        parsed = parse_ann(content, where, mapping, self.usable_type)
        self.problems.extend(parsed.problems)
        self.skipped.extend(parsed.skipped)
        for kind, count in parsed.skipped_kinds.items():
            self._count_skipped(kind, count)
        if parsed.problems or self.problems:
            return  # nothing will be stored: spare building the annotations
        sha = document.sha256
        self.documents.setdefault(sha, document)
        stamp = moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
        first_part = self._add_records(parsed.records, mapping.stored_text, sha, annotator,
                                       where, stamp)
        for line, rel_type, arg1, arg2 in parsed.relations:
            here = f"{where}, line {line}"
            if arg1 not in first_part or arg2 not in first_part:
                self.skipped.append(line_problem(where, line, said(BratProblem.RELATION_NOT_SPAN)))
                continue
            source, target = first_part[arg1], first_part[arg2]
            if source == target:
                self.skipped.append(line_problem(where, line, said(BratProblem.RELATION_TO_ITSELF)))
                continue
            relation = self.name_of(rel_type, relation=True)
            self._add_link(here, relation, source, target, annotator, stamp)
        unlinked = sum(not self._add_event(event, first_part, where, annotator, stamp)
                       for event in parsed.events)
        if unlinked:
            self._count_skipped("E", unlinked)

    def _count_skipped(self, kind: str, count: int) -> None:
        """Add one file's `count` skipped records of `kind`."""
        totals = self.skipped_kinds.setdefault(kind, [0, 0])
        totals[0] += count
        totals[1] += 1

    def _add_link(self, where: str, relation: str, source: str, target: str, annotator: str,
                  stamp: str) -> None:
        link_id = stable_uuid(f"{relation}:{source}:{target}")
        if link_id not in self.links:
            self.links[link_id] = IncomingLink(where, link_id, relation, source, target,
                                               annotator, stamp)

    def event_relation(self, event_type: str, role: str, attribution: bool) -> str:
        """The relation of the links an event role gives (see the module's docstring)."""
        key = f"{event_type}:{role}"
        shown = self.names.get(event_type)
        for candidate in (key, f"{shown}:{role}" if shown else None):
            if candidate is not None and candidate in self.label_map:
                self.used_map.add(candidate)
                return self.label_map[candidate]
        if attribution and role == "Source":
            return "attributed_to"
        return re.sub(r"\W+", "_", role).strip("_") or "argument"

    def _add_event(self, event: EventRecord, first_part: dict[str, str], where: str,
                   annotator: str, stamp: str) -> bool:
        """The links of one event; False when it gave none."""
        here = f"{where}, line {event.line}"
        arguments = list(event.arguments)
        content = next((i for i, (role, _) in enumerate(arguments) if role == "Content"), None)
        anchor = event.trigger if content is None else arguments.pop(content)[1]
        source = first_part.get(anchor)
        if source is None:
            kind = (BratProblem.EVENT_TRIGGER_NOT_SPAN if content is None
                    else BratProblem.EVENT_CONTENT_NOT_SPAN)
            self.skipped.append(line_problem(where, event.line, said(kind, anchor=anchor)))
            return False
        made = False
        for role, arg in arguments:
            target = first_part.get(arg)
            if target is None:
                not_span = said(BratProblem.EVENT_ARGUMENT_NOT_SPAN, role=role, arg=arg)
                self.skipped.append(line_problem(where, event.line, not_span))
                continue
            if target == source:
                continue
            relation = self.event_relation(event.type, role, content is not None)
            self._add_link(here, relation, source, target, annotator, stamp)
            described = f"{event.type}:{role} as {relation}"
            self.event_links[described] = self.event_links.get(described, 0) + 1
            made = True
        return made

    def _add_records(
        self, records: dict[str, TextRecord], stored: str, sha: str, annotator: str, where: str,
        stamp: str,
    ) -> dict[str, str]:
        """Annotations of one file's T records; the UUID of each record's first part."""
        annotations = self.annotations
        labels: dict[str, str] = {}
        # uuid5 of "<sha>:<annotator>:<label>:<start>:<end>": the common head is hashed once.
        prefix = hashlib.sha1(_NAMESPACE_BYTES + f"{sha}:{annotator}:".encode())
        first_part: dict[str, str] = {}
        for brat_id, rec in records.items():
            label = labels.get(rec.type)
            if label is None:
                label = labels[rec.type] = self.label_of(rec.type)
            fragments = rec.fragments
            parts = fragments if len(fragments) == 1 else _join_line_fragments(fragments, stored)
            base_note = "\n".join(rec.notes)
            for index, (start, end) in enumerate(parts, 1):
                note = base_note
                if len(parts) > 1:
                    marker = f"part {index} of {len(parts)} of brat {brat_id}"
                    note = f"{note}\n{marker}" if note else marker
                key = (sha, annotator, label, start, end)
                found = annotations.get(key)
                if found is None:
                    digest = prefix.copy()
                    digest.update(f"{label}:{start}:{end}".encode())
                    found = IncomingAnnotation(
                        f"{where}, line {rec.line}", label, start, end, annotator, sha, None,
                        _uuid5_text(digest.hexdigest()), note, stored[start:end], stamp, stamp,
                    )
                    annotations[key] = found
                elif note and note not in found.note.split("\n"):
                    merged = f"{found.note}\n{note}" if found.note else note
                    annotations[key] = replace(found, note=merged)
                if brat_id not in first_part:
                    first_part[brat_id] = found.uuid or ""
        return first_part


def _read_ann(path: Path) -> str:
    """The .ann file decoded; an empty one (a document nobody annotated yet) is allowed."""
    if path.stat().st_size == 0:
        return ""
    return decode_text(read_file_bytes(path, MAX_FILE_BYTES * 4), str(path)).removeprefix("\ufeff")


def _join_line_fragments(fragments: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Fragments joined where only line breaks (and blanks) separate them.

    brat splits a span that crosses a line into fragments around the line break (any character
    of `BRAT_LINE_BREAKS`); such a span is one annotation again. Other gaps keep the fragments
    apart.
    """
    parts = [fragments[0]]
    for start, end in fragments[1:]:
        last_start, last_end = parts[-1]
        gap = text[last_end:start]
        if last_end < start and not gap.strip() and any(c in BRAT_LINE_BREAKS for c in gap):
            parts[-1] = (last_start, max(end, last_end))
        else:
            parts.append((start, end))
    return parts


def read_visual_colors(folder: Path) -> dict[str, str]:
    """`bgColor:#rrggbb` per type from the visual.conf files under `folder`."""
    colors: dict[str, str] = {}
    pattern = re.compile(r"^(\S+)\s+.*\bbgColor:(#[0-9a-fA-F]{6})\b")
    for conf in sorted(folder.rglob("visual.conf")):
        try:
            content = conf.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for line in content.splitlines():
            match = pattern.match(line)
            if match:
                colors.setdefault(match.group(1), match.group(2).lower())
    return colors


def read_visual_names(folder: Path) -> dict[str, str]:
    """{brat type: the first name after it} from the `[labels]` sections of the visual.conf files
    under `folder` (`Name_Calling_Labeling | Name_Calling,Labeling`); the first file wins."""
    names: dict[str, str] = {}
    for conf in sorted(folder.rglob("visual.conf")):
        try:
            content = conf.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        section = ""
        for line in content.splitlines():
            stripped = line.strip()
            if stripped.startswith("[") and stripped.endswith("]"):
                section = stripped[1:-1].strip()
                continue
            if section != "labels" or not stripped or stripped.startswith("#"):
                continue
            terms = [term.strip() for term in line.split("\t", 1)[0].split("|")]
            terms = [term for term in terms if term]
            if len(terms) > 1:
                names.setdefault(terms[0], terms[1])
    return names


def read_entity_order(folder: Path) -> dict[str, int]:
    """{brat type: place} of the `[entities]` of the first annotation.conf under `folder`."""
    for conf in sorted(folder.rglob("annotation.conf"), key=lambda p: (len(p.parts), p)):
        try:
            content = conf.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        order: dict[str, int] = {}
        section = ""
        for line in content.splitlines():
            stripped = line.strip()
            if stripped.startswith("[") and stripped.endswith("]"):
                section = stripped[1:-1].strip()
            elif section == "entities" and stripped and not stripped.startswith("#"):
                order.setdefault(stripped.split()[0].lstrip("!"), len(order))
        return order
    return {}


def _same_folder(paths: list[Path], folder: Path) -> Path | None:
    return next((path for path in paths if path.parent == folder), None)


def pair_files(folder: Path, annotator: str | None) -> tuple[list[tuple[Path, Path, str]], list[str]]:
    """(txt, ann, annotator) for every .ann under `folder`, and the problems met."""
    texts: dict[str, list[Path]] = defaultdict(list)
    anns: list[Path] = []
    problems: list[str] = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        try:
            str(relative).encode("utf-8")
        except UnicodeEncodeError:
            if path.suffix in (".txt", ".ann"):
                problems.append(Problem(BratFolderProblem.NAME_NOT_UTF8, file=shown_path(relative)))
            continue
        if path.suffix == ".txt":
            texts[path.stem].append(path)
        elif path.suffix == ".ann":
            anns.append(path)

    def find(stem: str, near: Path) -> Path | None:
        candidates = texts.get(stem, [])
        same = [p for p in candidates if p.parent == near]
        if same:
            return same[0]
        return candidates[0] if len(candidates) == 1 else None

    pairs: list[tuple[Path, Path, str]] = []
    for ann in anns:
        rel = ann.relative_to(folder).as_posix()
        txt, who = _same_folder(texts.get(ann.stem, []), ann.parent), annotator
        stem = ann.stem
        # doc_annotator.ann near doc.txt: the longest document name that exists wins.
        for cut in range(len(stem) - 1, 0, -1) if txt is None else ():
            if stem[cut] == "_" and (found := find(stem[:cut], ann.parent)) is not None:
                txt, who = found, annotator or stem[cut + 1 :]
                break
        if txt is None:
            txt = find(stem, ann.parent)
        if txt is None:
            problems.append(Problem(BratFolderProblem.NO_TXT, file=rel, stem=stem))
            continue
        if who is None and ann.parent != folder:
            who = ann.parent.name
        if not who or not who.strip():
            problems.append(Problem(BratFolderProblem.NO_ANNOTATOR, file=rel))
            continue
        pairs.append((txt, ann, who.strip()))
    if not anns:
        problems.append(Problem(BratFolderProblem.NO_ANN_FILES, folder=folder))
    return pairs, problems


def read_brat_folder(
    folder: Path, annotator: str | None = None, label_map: Mapping[str, str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> BratReading:
    """Read every .txt + .ann pair under `folder`; raise BratProblems listing every bad record.

    `progress(pairs read, pairs in all)` is called before each pair and after the last; what it
    raises stops the reading."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InvalidInput(code=BratFolderProblem.NOT_A_FOLDER, folder=folder)
    if annotator is not None and not annotator.strip():
        raise InvalidInput(code=BratFolderProblem.EMPTY_ANNOTATOR)
    pairs, problems = pair_files(folder, annotator)
    collector = _Collector(label_map or {}, read_visual_names(folder))
    collector.problems.extend(problems)
    collector.colors = read_visual_colors(folder)
    collecting = gc.isenabled()
    gc.disable()  # tens of thousands of records, none of them cyclic: spare the collector's runs
    try:
        for done, (txt, ann, who) in enumerate(pairs):
            if progress is not None:
                progress(done, len(pairs))
            collector.read_pair(txt, ann, ann.relative_to(folder).as_posix(), who)
        if progress is not None:
            progress(len(pairs), len(pairs))
    finally:
        if collecting:
            gc.enable()
    if collector.problems:
        raise BratProblems(collector.problems)
    # New labels in annotation.conf's order (the codebook's, in an exported collection).
    order = read_entity_order(folder)
    labels = sorted(collector.labels.values(),
                    key=lambda label: order.get(collector.label_types[label.name], len(order)))
    batch = IncomingBatch(
        source=str(folder),
        documents=tuple(collector.documents.values()),
        labels=tuple(labels),
        annotations=tuple(collector.annotations.values()),
        links=tuple(collector.links.values()),
    )
    return BratReading(
        batch=batch,
        ann_files=len(pairs),
        unmapped_types=tuple(sorted(collector.unmapped)),
        skipped=tuple(collector.skipped_summary()),
        unmapped_relations=tuple(sorted(collector.unmapped_relations)),
        named_types=tuple(sorted(collector.named)),
        event_links=tuple(f"{described}: {count}"
                          for described, count in sorted(collector.event_links.items())),
        unused_map=tuple(key for key in (label_map or {}) if key not in collector.used_map),
    )
