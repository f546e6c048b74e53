"""Read brat standoff folders (.txt + .ann pairs) into a batch the merge service stores.

brat offsets count characters of the .txt as brat reads it (a BOM and the CR of CRLF included);
they are moved onto the stored text with `RawOffsets`. Writing lives in `io/brat_write.py`.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from annotator.domain.errors import AnnotatorError, InvalidInput
from annotator.domain.raw_offsets import RawOffsets
from annotator.domain.records import (
    ImportedText,
    IncomingAnnotation,
    IncomingBatch,
    IncomingLabel,
    IncomingLink,
)
from annotator.domain.text import parse_seed_header, text_sha256, title_from_text
from annotator.domain.validation import clean_label_name
from annotator.io.readers import MAX_FILE_BYTES, decode_text, read_file_bytes

#: Record kinds of the brat format that are read but not kept, with the reason given.
SKIPPED_KINDS = {
    "A": "attributes are not kept",
    "M": "attributes (modifications) are not kept",
    "N": "normalizations are not kept",
    "E": "events are not kept (their trigger and argument spans are)",
    "*": "equivalences are not kept",
}
_RECORD_ID = re.compile(r"[TRAMNE#]\d+|\*\d*")
_LOOKS_LIKE_ID = re.compile(r"[A-Za-z#*]\w*")
_NOTE_ESCAPES = re.compile(r"\\([\\nt])")
#: Stable ids for annotations and links read from brat: re-reading a folder gives the same ids.
BRAT_NAMESPACE = uuid.UUID("6f1f7c1e-3c55-4d0b-9a7e-2b1c51d0b7a1")
_NAMESPACE_BYTES = BRAT_NAMESPACE.bytes
MAX_LISTED_PROBLEMS = 20


class BratProblems(AnnotatorError):
    """One or more records of a brat folder cannot be read; lists each with file and line."""

    def __init__(self, problems: list[str]) -> None:
        shown = problems[:MAX_LISTED_PROBLEMS]
        more = len(problems) - len(shown)
        tail = f"\n... and {more} more problems" if more else ""
        head = "nothing was imported: " if len(problems) == 1 else "nothing was imported:\n"
        super().__init__(head + "\n".join(shown) + tail)
        self.problems = problems


@dataclass(frozen=True, slots=True)
class BratReading:
    """A brat folder read: the batch to merge and what was not carried over."""

    batch: IncomingBatch
    ann_files: int
    unmapped_types: tuple[str, ...]
    skipped: tuple[str, ...]


@dataclass(slots=True)
class _TextRecord:
    line: int
    type: str
    fragments: list[tuple[int, int]]  # stored offsets
    notes: list[str] = field(default_factory=list)


def stable_uuid(name: str) -> str:
    """`uuid.uuid5(BRAT_NAMESPACE, name)` as a string, without building UUID objects."""
    digest = bytearray(hashlib.sha1(_NAMESPACE_BYTES + name.encode("utf-8")).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50
    digest[8] = (digest[8] & 0x3F) | 0x80
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def parse_label_map(spec: str | None) -> dict[str, str]:
    """`Source=source,Content=claim` as {brat type: name}; refuse a malformed entry."""
    mapping: dict[str, str] = {}
    for entry in (spec or "").split(","):
        if not entry.strip():
            continue
        brat_type, sep, name = entry.partition("=")
        brat_type, name = brat_type.strip(), name.strip()
        if not sep or not brat_type or not name or " " in brat_type:
            raise InvalidInput(
                f"--map entry {entry.strip()!r} is not TYPE=LABEL (e.g. Source=source,Content=claim)"
            )
        if brat_type in mapping and mapping[brat_type] != name:
            raise InvalidInput(f"--map gives two labels for the brat type {brat_type!r}")
        mapping[brat_type] = clean_label_name(name)
    return mapping


def unescape_note(value: str) -> str:
    """Undo the escaping of note line breaks (`\\n`), tabs (`\\t`) and backslashes (`\\\\`)."""
    return _NOTE_ESCAPES.sub(lambda m: {"n": "\n", "t": "\t", "\\": "\\"}[m.group(1)], value)


def escape_note(value: str) -> str:
    """A note on one line: backslash, line break and tab written as `\\\\`, `\\n`, `\\t`."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")


def read_text_file(path: Path, max_bytes: int = MAX_FILE_BYTES) -> tuple[RawOffsets, ImportedText]:
    """A .txt decoded like any article, with the map from its raw offsets to the stored text."""
    mapping = RawOffsets(decode_text(read_file_bytes(path, max_bytes), str(path)))
    text = mapping.stored_text
    if "\x00" in text or not text.strip():
        raise InvalidInput(f"{path}: the text file is binary or blank")
    date, header_title = parse_seed_header(text)
    title = title_from_text(header_title if header_title is not None else text)
    document = ImportedText(
        source_name=path.name, title=title, date=date, text=text, sha256=text_sha256(text)
    )
    return mapping, document


class _Collector:
    """Builds one batch out of many .ann files, keeping annotations unique."""

    def __init__(self, label_map: Mapping[str, str]) -> None:
        self.label_map = label_map
        self.problems: list[str] = []
        self.skipped: list[str] = []
        self.skipped_kinds: dict[str, list[int]] = {}  # kind -> [records, files]
        self.unmapped: set[str] = set()
        self.labels: dict[str, IncomingLabel] = {}
        self.documents: dict[str, ImportedText] = {}
        self.annotations: dict[tuple[str, str, str, int, int], IncomingAnnotation] = {}
        self.links: dict[str, IncomingLink] = {}
        self.colors: dict[str, str] = {}

    def skipped_summary(self) -> list[str]:
        """Skipped record kinds with counts, then the single skipped records."""
        lines = [
            f"{records} {kind} record(s) in {files} file(s) skipped: "
            f"{SKIPPED_KINDS.get(kind, 'only AnnotatorNotes are kept')}"
            for kind, (records, files) in sorted(self.skipped_kinds.items())
        ]
        return lines + self.skipped

    def name_of(self, brat_type: str) -> str:
        """The label or relation name of a brat type."""
        name = self.label_map.get(brat_type)
        if name is None:
            self.unmapped.add(brat_type)
            return brat_type
        return name

    def read_pair(self, txt: Path, ann: Path, where: str, annotator: str) -> None:
        """Parse one .ann against its .txt and add what it holds."""
        try:
            mapping, document = read_text_file(txt)
            content = _read_ann(ann)
        except AnnotatorError as exc:
            self.problems.append(str(exc))
            return
        except OSError as exc:
            self.problems.append(f"{where}: cannot read the file ({exc.strerror or exc})")
            return
        self.documents.setdefault(document.sha256, document)
        # The .ann file's time: re-reading an unchanged file changes nothing, an edited one wins.
        stamp = datetime.fromtimestamp(ann.stat().st_mtime, UTC).isoformat(timespec="milliseconds")
        stamp = stamp.replace("+00:00", "Z")
        records, relations = self._parse(content, where, mapping)
        stored = mapping.stored_text
        first_part: dict[str, str] = {}
        for brat_id, rec in records.items():
            label = self.name_of(rec.type)
            self.labels.setdefault(label, IncomingLabel(label, self.colors.get(rec.type)))
            parts = _join_line_fragments(rec.fragments, stored)
            base_note = "\n".join(rec.notes)
            for index, (start, end) in enumerate(parts, 1):
                note = base_note
                if len(parts) > 1:
                    marker = f"part {index} of {len(parts)} of brat {brat_id}"
                    note = f"{note}\n{marker}" if note else marker
                key = (document.sha256, annotator, label, start, end)
                found = self.annotations.get(key)
                if found is None:
                    ident = f"{document.sha256}:{annotator}:{label}:{start}:{end}"
                    found = IncomingAnnotation(
                        where=f"{where}, line {rec.line}", label=label, start=start, end=end,
                        annotator=annotator, document_sha256=document.sha256,
                        uuid=stable_uuid(ident), note=note,
                        text=stored[start:end], created_at=stamp, updated_at=stamp,
                    )
                    self.annotations[key] = found
                elif note and note not in found.note.split("\n"):
                    merged = f"{found.note}\n{note}" if found.note else note
                    self.annotations[key] = _with_note(found, merged)
                first_part.setdefault(brat_id, found.uuid or "")
        for line, rel_type, arg1, arg2 in relations:
            here = f"{where}, line {line}"
            if arg1 not in first_part or arg2 not in first_part:
                self.skipped.append(f"{here}: relation to a record that is not a span, skipped")
                continue
            source, target = first_part[arg1], first_part[arg2]
            if source == target:
                self.skipped.append(f"{here}: relation from a span to itself, skipped")
                continue
            relation = self.name_of(rel_type)
            link_id = stable_uuid(f"{relation}:{source}:{target}")
            self.links.setdefault(
                link_id,
                IncomingLink(
                    where=here, uuid=link_id, relation=relation, from_annotation_uuid=source,
                    to_annotation_uuid=target, annotator=annotator, created_at=stamp,
                ),
            )

    def _parse(
        self, content: str, where: str, mapping: RawOffsets
    ) -> tuple[dict[str, _TextRecord], list[tuple[int, str, str, str]]]:
        """T records (with notes attached) and R records of one .ann file."""
        lines = content.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        records: dict[str, _TextRecord] = {}
        relations: list[tuple[int, str, str, str]] = []
        notes: list[tuple[int, str, str]] = []
        other_ids: set[str] = set()
        skipped: dict[str, int] = defaultdict(int)
        index = 0
        while index < len(lines):
            number, line = index + 1, lines[index].rstrip("\r")
            index += 1
            if not line.strip():
                continue
            head, tab, rest = line.partition("\t")
            here = f"{where}, line {number}"
            if not tab or not _RECORD_ID.fullmatch(head):
                if tab and _LOOKS_LIKE_ID.fullmatch(head):
                    self.problems.append(f"{here}: unknown record type {head!r}")
                else:
                    self.problems.append(f"{here}: not a brat record: {line[:60]!r}")
                continue
            if head in records or head in other_ids:
                self.problems.append(f"{here}: the id {head} is used twice")
                continue
            kind = head[0]
            if kind == "T":
                record, extra = self._text_record(rest, here, number, mapping, lines, index)
                index += extra
                if record is not None:
                    records[head] = record
            elif kind == "R":
                fields = rest.split("\t", 1)[0].split()
                args = [arg.partition(":")[2] for arg in fields[1:]]
                if len(fields) != 3 or not all(args):
                    self.problems.append(f"{here}: a relation needs TYPE Arg1:ID Arg2:ID")
                    continue
                other_ids.add(head)
                relations.append((number, fields[0], args[0], args[1]))
            elif kind == "#":
                kind_and_target, _, note = rest.partition("\t")
                parts = kind_and_target.split()
                if len(parts) != 2:
                    self.problems.append(f"{here}: a note needs TYPE ID then the note")
                    continue
                other_ids.add(head)
                if parts[0] != "AnnotatorNotes":
                    skipped[f"# {parts[0]}"] += 1
                    continue
                notes.append((number, parts[1], unescape_note(note)))
            else:
                other_ids.add(head)
                skipped[kind] += 1
        for number, target, note in notes:
            if target in records:
                if note:
                    records[target].notes.append(note)
            elif target in other_ids:
                self.skipped.append(f"{where}, line {number}: note on {target} (not a span) skipped")
            else:
                self.problems.append(f"{where}, line {number}: note on unknown id {target!r}")
        for number, _, arg1, arg2 in relations:
            for arg in (arg1, arg2):
                if arg not in records and arg not in other_ids:
                    self.problems.append(f"{where}, line {number}: relation to unknown id {arg!r}")
        for kind, count in skipped.items():
            totals = self.skipped_kinds.setdefault(kind, [0, 0])
            totals[0] += count
            totals[1] += 1
        return records, relations

    def _text_record(
        self, rest: str, here: str, number: int, mapping: RawOffsets, lines: list[str], index: int
    ) -> tuple[_TextRecord | None, int]:
        """A T record and how many continuation lines its covered text used."""
        spec, has_text, covered = rest.partition("\t")
        brat_type, _, ranges = spec.partition(" ")
        fragments: list[tuple[int, int]] = []
        try:
            for fragment in ranges.split(";"):
                raw_start, raw_end = (int(value) for value in fragment.split())
                fragments.append(mapping.span(raw_start, raw_end))
        except InvalidInput as exc:
            self.problems.append(f"{here}: {exc} (the .txt has {mapping.raw_length} characters)")
            return None, 0
        except ValueError:
            self.problems.append(f"{here}: offsets {ranges!r} are not START END[;START END...]")
            return None, 0
        if not brat_type or not _valid_label(brat_type, self.label_map):
            self.problems.append(f"{here}: {brat_type!r} is not a usable type name")
            return None, 0
        stored = mapping.stored_text
        expected = " ".join(stored[start:end] for start, end in fragments)
        used = 0
        if has_text and covered != expected and covered != expected.replace("\n", " "):
            wanted = expected.count("\n")
            following = [line.rstrip("\r") for line in lines[index : index + wanted]]
            if wanted and "\n".join([covered, *following]) == expected:
                used = wanted
            else:
                self.problems.append(
                    f"{here}: the covered text {_clip(covered)} does not match the .txt, "
                    f"which has {_clip(expected)} there"
                )
                return None, 0
        return _TextRecord(number, brat_type, fragments), used


def _read_ann(path: Path) -> str:
    """The .ann file decoded; an empty one (a document nobody annotated yet) is allowed."""
    if path.stat().st_size == 0:
        return ""
    return decode_text(read_file_bytes(path, MAX_FILE_BYTES * 4), str(path)).removeprefix("\ufeff")


def _valid_label(brat_type: str, label_map: Mapping[str, str]) -> bool:
    try:
        clean_label_name(label_map.get(brat_type, brat_type))
    except InvalidInput:
        return False
    return True


def _clip(value: str, limit: int = 40) -> str:
    return repr(value if len(value) <= limit else value[: limit - 1] + "\u2026")


def _with_note(ann: IncomingAnnotation, note: str) -> IncomingAnnotation:
    return replace(ann, note=note)


def _join_line_fragments(fragments: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Fragments joined where only line breaks (and blanks) separate them.

    brat splits a span that crosses a line into fragments around the line break; such a span is
    one annotation again. Other gaps keep the fragments apart.
    """
    parts = [fragments[0]]
    for start, end in fragments[1:]:
        last_start, last_end = parts[-1]
        gap = text[last_end:start]
        if last_end < start and "\n" in gap and not gap.strip():
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


def _same_folder(paths: list[Path], folder: Path) -> Path | None:
    return next((path for path in paths if path.parent == folder), None)


def pair_files(folder: Path, annotator: str | None) -> tuple[list[tuple[Path, Path, str]], list[str]]:
    """(txt, ann, annotator) for every .ann under `folder`, and the problems met."""
    texts: dict[str, list[Path]] = defaultdict(list)
    anns: list[Path] = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
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
    problems: list[str] = []
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
            problems.append(f"{rel}: no .txt file named {stem}.txt (nor <document>.txt "
                            "for a <document>_<annotator>.ann)")
            continue
        if who is None and ann.parent != folder:
            who = ann.parent.name
        if not who or not who.strip():
            problems.append(
                f"{rel}: no annotator: give --annotator NAME, or name the file "
                "<document>_<annotator>.ann, or put it in a folder named after the annotator"
            )
            continue
        pairs.append((txt, ann, who.strip()))
    if not anns:
        problems.append(f"{folder}: no .ann files in this folder")
    return pairs, problems


def read_brat_folder(
    folder: Path, annotator: str | None = None, label_map: Mapping[str, str] | None = None
) -> BratReading:
    """Read every .txt + .ann pair under `folder`; raise BratProblems listing every bad record."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InvalidInput(f"{folder}: not a folder")
    if annotator is not None and not annotator.strip():
        raise InvalidInput("the annotator's name is empty")
    pairs, problems = pair_files(folder, annotator)
    collector = _Collector(label_map or {})
    collector.problems.extend(problems)
    collector.colors = read_visual_colors(folder)
    for txt, ann, who in pairs:
        collector.read_pair(txt, ann, ann.relative_to(folder).as_posix(), who)
    if collector.problems:
        raise BratProblems(collector.problems)
    batch = IncomingBatch(
        source=str(folder),
        documents=tuple(collector.documents.values()),
        labels=tuple(collector.labels.values()),
        annotations=tuple(collector.annotations.values()),
        links=tuple(collector.links.values()),
    )
    return BratReading(
        batch=batch,
        ann_files=len(pairs),
        unmapped_types=tuple(sorted(collector.unmapped)),
        skipped=tuple(collector.skipped_summary()),
    )
