"""Parse the records of one brat `.ann` file against its text (offsets checked, notes attached).

Offsets are code points of the `.txt` as brat reads it (a BOM and the CR of CRLF included) and
are moved onto the stored text with `RawOffsets`. Tools that count UTF-16 units (Java, .NET)
give other offsets after a character outside the BMP (an emoji): when the covered text only
matches that way, the record is read so.

brat reads a `.ann` with Python's `readlines`, which ends a line at every character of
`BRAT_LINE_BREAKS` (form feed, U+0085, U+2028... not only LF): a record holding one is cut in
two there. Writers keep them out of records: covered text is split into fragments around them,
notes write them as `\\u0085`-style escapes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from annotator.domain.error_wording import N_plural, Plural, Worded
from annotator.domain.errors import InvalidInput, register_wording
from annotator.domain.raw_offsets import RawOffsets
from annotator.i18n import N_
from annotator.io.read_problems import Problem


class BratProblem(StrEnum):
    """Why a line of a brat `.ann` file (or a file of a brat folder) cannot be read, or what was
    left out of it (a reason code). A line's problem is `LINE` (file, line) around a phrase."""

    LINE = "brat_line"  # values: file, line, problem (a phrase or an error)
    UNKNOWN_TYPE = "brat_unknown_type"  # values: head
    NOT_A_RECORD = "brat_not_a_record"  # values: text (the line's first 60 characters)
    ID_TWICE = "brat_id_twice"  # values: id
    RELATION_FIELDS = "brat_relation_fields"
    EVENT_FIELDS = "brat_event_fields"
    NOTE_FIELDS = "brat_note_fields"
    NOTE_NOT_SPAN = "brat_note_not_span"  # values: target
    NOTE_UNKNOWN_ID = "brat_note_unknown_id"  # values: target
    RELATION_UNKNOWN_ID = "brat_relation_unknown_id"  # values: arg
    EVENT_UNKNOWN_ID = "brat_event_unknown_id"  # values: arg
    OFFSET_TOO_LARGE = "brat_offset_too_large"  # values: offset (quoted, cut), digits
    BAD_OFFSETS = "brat_bad_offsets"  # values: offsets (quoted, cut)
    BAD_TYPE = "brat_bad_type"  # values: type
    COVERED_DIFFERS = "brat_covered_differs"  # values: covered, expected (quoted, cut)
    RELATION_NOT_SPAN = "brat_relation_not_span"
    RELATION_TO_ITSELF = "brat_relation_to_itself"
    EVENT_CONTENT_NOT_SPAN = "brat_event_content_not_span"  # values: anchor
    EVENT_TRIGGER_NOT_SPAN = "brat_event_trigger_not_span"  # values: anchor
    EVENT_ARGUMENT_NOT_SPAN = "brat_event_argument_not_span"  # values: role, arg
    # record kinds read but not kept; values: records, kind, files
    SKIPPED_ATTRIBUTES = "brat_skipped_attributes"
    SKIPPED_MODIFICATIONS = "brat_skipped_modifications"
    SKIPPED_NORMALIZATIONS = "brat_skipped_normalizations"
    SKIPPED_EVENTS = "brat_skipped_events"
    SKIPPED_EQUIVALENCES = "brat_skipped_equivalences"
    SKIPPED_NOTES = "brat_skipped_notes"


#: How each problem is worded (English, the catalogue's msgid; `describe` translates).
BRAT_LINE_WORDING: dict[str, str | Plural] = {
    BratProblem.LINE: N_("{file}, line {line}: {problem}"),
    BratProblem.UNKNOWN_TYPE: N_("unknown record type {head!r}"),
    BratProblem.NOT_A_RECORD: N_("not a brat record: {text!r}"),
    BratProblem.ID_TWICE: N_("the id {id} is used twice"),
    BratProblem.RELATION_FIELDS: N_("a relation needs TYPE Arg1:ID Arg2:ID"),
    BratProblem.EVENT_FIELDS: N_("an event needs TYPE:ID then ROLE:ID arguments"),
    BratProblem.NOTE_FIELDS: N_("a note needs TYPE ID then the note"),
    BratProblem.NOTE_NOT_SPAN: N_("note on {target} (not a span) skipped"),
    BratProblem.NOTE_UNKNOWN_ID: N_("note on unknown id {target!r}"),
    BratProblem.RELATION_UNKNOWN_ID: N_("relation to unknown id {arg!r}"),
    BratProblem.EVENT_UNKNOWN_ID: N_("event argument {arg!r} is an unknown id"),
    BratProblem.OFFSET_TOO_LARGE: N_("offset {offset} is too large (more than {digits} digits)"),
    BratProblem.BAD_OFFSETS: N_("offsets {offsets} are not START END[;START END...]"),
    BratProblem.BAD_TYPE: N_("{type!r} is not a usable type name"),
    BratProblem.COVERED_DIFFERS: N_(
        "the covered text {covered} does not match the .txt, which has {expected} there"),
    BratProblem.RELATION_NOT_SPAN: N_("relation to a record that is not a span, skipped"),
    BratProblem.RELATION_TO_ITSELF: N_("relation from a span to itself, skipped"),
    BratProblem.EVENT_CONTENT_NOT_SPAN: N_("event whose Content {anchor} is not a span, skipped"),
    BratProblem.EVENT_TRIGGER_NOT_SPAN: N_("event whose trigger {anchor} is not a span, skipped"),
    BratProblem.EVENT_ARGUMENT_NOT_SPAN: N_("event argument {role}:{arg} is not a span, skipped"),
    BratProblem.SKIPPED_ATTRIBUTES: N_plural(
        "{records} {kind} record(s) in {files} file(s) skipped: attributes are not kept",
        "{records} {kind} record(s) in {files} file(s) skipped: attributes are not kept", "records"),
    BratProblem.SKIPPED_MODIFICATIONS: N_plural(
        "{records} {kind} record(s) in {files} file(s) skipped: attributes (modifications) are not kept",
        "{records} {kind} record(s) in {files} file(s) skipped: attributes (modifications) are not kept",
        "records"),
    BratProblem.SKIPPED_NORMALIZATIONS: N_plural(
        "{records} {kind} record(s) in {files} file(s) skipped: normalizations are not kept",
        "{records} {kind} record(s) in {files} file(s) skipped: normalizations are not kept", "records"),
    BratProblem.SKIPPED_EVENTS: N_plural(
        "{records} {kind} record(s) in {files} file(s) skipped: events that join no two different spans are "
        "not kept (their trigger and argument spans are)",
        "{records} {kind} record(s) in {files} file(s) skipped: events that join no two different spans are "
        "not kept (their trigger and argument spans are)", "records"),
    BratProblem.SKIPPED_EQUIVALENCES: N_plural(
        "{records} {kind} record(s) in {files} file(s) skipped: equivalences are not kept",
        "{records} {kind} record(s) in {files} file(s) skipped: equivalences are not kept", "records"),
    BratProblem.SKIPPED_NOTES: N_plural(
        "{records} {kind} record(s) in {files} file(s) skipped: only AnnotatorNotes are kept",
        "{records} {kind} record(s) in {files} file(s) skipped: only AnnotatorNotes are kept", "records"),
}
register_wording(BRAT_LINE_WORDING)

#: Record kinds of the brat format that are read but not kept, with the reason given (a code of
#: the summary's sentence); notes other than AnnotatorNotes are `BratProblem.SKIPPED_NOTES`.
SKIPPED_KINDS = {
    "A": BratProblem.SKIPPED_ATTRIBUTES,
    "M": BratProblem.SKIPPED_MODIFICATIONS,
    "N": BratProblem.SKIPPED_NORMALIZATIONS,
    "E": BratProblem.SKIPPED_EVENTS,
    "*": BratProblem.SKIPPED_EQUIVALENCES,
}


def line_problem(where: str, line: int, problem: Worded | BaseException) -> Problem:
    """`where, line N: problem`, carrying its codes and values."""
    return Problem(BratProblem.LINE, file=where, line=line, problem=problem)


def said(code: str, **values: Any) -> Worded:
    """A phrase of a problem: its code and values."""
    return Worded(code, values)
#: Every character at which brat's reader (Python's `str.splitlines`) ends a line of a `.ann`.
BRAT_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_NOTE_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"  # escaped as \\uXXXX in notes
_RECORD_ID = re.compile(r"[TRAMNE#][0-9]+|\*[0-9]*")
_LOOKS_LIKE_ID = re.compile(r"[A-Za-z#*]\w*")
_NOTE_ESCAPES = re.compile(r"\\([\\nt]|u(?:000[bBcC]|001[cCdDeE]|0085|202[89]))")
_NOTE_CHARS = {"n": "\n", "t": "\t", "\\": "\\",
               **{f"u{ord(c):04x}": c for c in _NOTE_BREAKS},
               **{f"u{ord(c):04X}": c for c in _NOTE_BREAKS}}
_NOTE_BREAK_ESCAPES = {ord(c): f"\\u{ord(c):04x}" for c in _NOTE_BREAKS}
_BLANKS = " \t"
#: Offsets longer than this are refused (no text has that many characters); it also keeps
#: int() from meeting a number of thousands of digits.
MAX_OFFSET_DIGITS = 15


def unescape_note(value: str) -> str:
    """Undo the escaping of note line breaks (`\\n`), tabs (`\\t`), backslashes (`\\\\`) and the
    other characters brat breaks lines at (`\\u0085`, `\\u2028`...)."""
    if "\\" not in value:
        return value
    return _NOTE_ESCAPES.sub(lambda m: _NOTE_CHARS[m.group(1)], value)


def escape_note(value: str) -> str:
    """A note on one line: backslash, line break and tab written as `\\\\`, `\\n`, `\\t`, the other
    characters brat breaks lines at as `\\u000c`, `\\u0085`, `\\u2028`..."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = value.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")
    return value.translate(_NOTE_BREAK_ESCAPES)


@dataclass(slots=True)
class TextRecord:
    """A `T` record: its line, brat type and fragments as stored (start, end) offsets."""

    line: int
    type: str
    fragments: list[tuple[int, int]]
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class EventRecord:
    """An `E` record: `TYPE:TRIGGER ROLE:ID ROLE:ID...` (ids as written)."""

    line: int
    type: str
    trigger: str
    arguments: tuple[tuple[str, str], ...]


@dataclass(slots=True)
class AnnContent:
    """What one .ann file holds: T records by id, relations, events, and what could not be used."""

    records: dict[str, TextRecord] = field(default_factory=dict)
    relations: list[tuple[int, str, str, str]] = field(default_factory=list)  # line, type, 1, 2
    events: list[EventRecord] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    skipped_kinds: dict[str, int] = field(default_factory=dict)


def parse_ann(
    content: str, where: str, mapping: RawOffsets, usable_type: Callable[[str], bool]
) -> AnnContent:
    """The records of a decoded .ann (`where` names it in messages) on the text of `mapping`."""
    found = AnnContent()
    records, problems = found.records, found.problems
    lines = content.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    notes: list[tuple[int, str, str]] = []
    other_ids: set[str] = set()
    skipped = found.skipped_kinds
    fullmatch = _RECORD_ID.fullmatch
    stored, span, length = mapping.stored_text, mapping.span, mapping.raw_length
    identity = mapping.is_identity
    index = 0
    while index < len(lines):
        number, line = index + 1, lines[index]
        index += 1
        if line[-1:] == "\r":
            line = line[:-1]
        head, tab, rest = line.partition("\t")
        if not tab or fullmatch(head) is None:
            if not line.strip():
                continue
            if tab and _LOOKS_LIKE_ID.fullmatch(head):
                problems.append(line_problem(where, number, said(BratProblem.UNKNOWN_TYPE, head=head)))
            else:
                problems.append(line_problem(where, number, said(BratProblem.NOT_A_RECORD, text=line[:60])))
            continue
        if head in records or head in other_ids:
            problems.append(line_problem(where, number, said(BratProblem.ID_TWICE, id=head)))
            continue
        kind = head[0]
        if kind == "T":
            # Fast path: one fragment whose covered text matches (nearly every record).
            spec, has_text, covered = rest.partition("\t")
            brat_type, _, ranges = spec.partition(" ")
            numbers = ranges.split()
            if len(numbers) == 2 and usable_type(brat_type) and ranges.isascii():
                first, last = numbers
                if (first.isdigit() and last.isdigit() and len(first) <= MAX_OFFSET_DIGITS
                        and len(last) <= MAX_OFFSET_DIGITS):
                    start, end = int(first), int(last)
                    if identity:
                        good = start < end <= length
                    else:
                        try:
                            start, end = span(start, end)
                            good = True
                        except InvalidInput:
                            good = False
                    if good and (not has_text or covered == stored[start:end]):
                        records[head] = TextRecord(number, brat_type, [(start, end)])
                        continue
            record, used = _text_record(rest, where, number, mapping, lines, index, usable_type,
                                        problems)
            index += used
            if record is not None:
                records[head] = record
            else:
                other_ids.add(head)  # refused above; notes and relations on it say nothing more
        elif kind == "R":
            relation = _relation(rest)
            if relation is None:
                problems.append(line_problem(where, number, said(BratProblem.RELATION_FIELDS)))
                continue
            other_ids.add(head)
            found.relations.append((number, *relation))
        elif kind == "E":
            event = _event(rest, number)
            if event is None:
                problems.append(line_problem(where, number, said(BratProblem.EVENT_FIELDS)))
                continue
            other_ids.add(head)
            found.events.append(event)
        elif kind == "#":
            kind_and_target, _, note = rest.partition("\t")
            parts = kind_and_target.split()
            if len(parts) != 2:
                problems.append(line_problem(where, number, said(BratProblem.NOTE_FIELDS)))
                continue
            other_ids.add(head)
            if parts[0] != "AnnotatorNotes":
                skipped[f"# {parts[0]}"] = skipped.get(f"# {parts[0]}", 0) + 1
                continue
            notes.append((number, parts[1], unescape_note(note)))
        else:
            other_ids.add(head)
            skipped[kind] = skipped.get(kind, 0) + 1
    for number, target, note in notes:
        if target in records:
            if note:
                records[target].notes.append(note)
        elif target in other_ids:
            if target[0] != "T":  # a refused T record is reported already
                found.skipped.append(line_problem(where, number,
                                                  said(BratProblem.NOTE_NOT_SPAN, target=target)))
        else:
            problems.append(line_problem(where, number, said(BratProblem.NOTE_UNKNOWN_ID, target=target)))
    for number, _, arg1, arg2 in found.relations:
        for arg in (arg1, arg2):
            if arg not in records and arg not in other_ids:
                problems.append(line_problem(where, number, said(BratProblem.RELATION_UNKNOWN_ID, arg=arg)))
    for event in found.events:
        for arg in (event.trigger, *(arg for _, arg in event.arguments)):
            if arg not in records and arg not in other_ids:
                problems.append(line_problem(where, event.line, said(BratProblem.EVENT_UNKNOWN_ID, arg=arg)))
                break
    return found


def _event(rest: str, number: int) -> EventRecord | None:
    """The E record of its fields (`TYPE:TRIGGER ROLE:ID...`), else None."""
    fields = rest.split("\t", 1)[0].split()
    pairs = [item.split(":") for item in fields]
    if not pairs or any(len(pair) != 2 or not all(pair) for pair in pairs):
        return None
    (event_type, trigger), *arguments = pairs
    return EventRecord(number, event_type, trigger, tuple((role, arg) for role, arg in arguments))


def _relation(rest: str) -> tuple[str, str, str] | None:
    """(type, Arg1 id, Arg2 id) of an R record's fields (roles in either order), else None."""
    fields = rest.split("\t", 1)[0].split()
    if len(fields) != 3:
        return None
    (role1, _, arg1), (role2, _, arg2) = (item.partition(":") for item in fields[1:])
    if not arg1 or not arg2:
        return None
    if (role1, role2) == ("Arg2", "Arg1"):
        arg1, arg2 = arg2, arg1
    return fields[0], arg1, arg2


def _text_record(
    rest: str, where: str, number: int, mapping: RawOffsets, lines: list[str], index: int,
    usable_type: Callable[[str], bool], problems: list[str],
) -> tuple[TextRecord | None, int]:
    """A T record and how many continuation lines its covered text used."""
    spec, has_text, covered = rest.partition("\t")
    brat_type, _, ranges = spec.partition(" ")
    longest = max(ranges.replace(";", " ").split(), key=len, default="")
    if len(longest) > MAX_OFFSET_DIGITS:
        too_large = said(BratProblem.OFFSET_TOO_LARGE, offset=_clip(longest, 20), digits=MAX_OFFSET_DIGITS)
        problems.append(line_problem(where, number, too_large))
        return None, 0
    try:
        raw = [_fragment(fragment) for fragment in ranges.split(";")]
    except ValueError:
        problems.append(line_problem(where, number, said(BratProblem.BAD_OFFSETS, offsets=_clip(ranges))))
        return None, 0
    if not brat_type or not usable_type(brat_type):
        problems.append(line_problem(where, number, said(BratProblem.BAD_TYPE, type=brat_type)))
        return None, 0
    error: InvalidInput | None = None
    try:
        fragments = [mapping.span(start, end) for start, end in raw]
    except InvalidInput as exc:
        if not (has_text and mapping.has_astral):
            problems.append(line_problem(where, number, exc))
            return None, 0
        fragments, error = [], exc
    stored = mapping.stored_text
    if not has_text:
        return TextRecord(number, brat_type, fragments), 0
    if fragments:
        used = _covered_lines(covered, fragments, stored, lines, index)
        if used is not None:
            return TextRecord(number, brat_type, fragments), used
    if mapping.has_astral:  # offsets counted in UTF-16 units?
        try:
            units = [mapping.span(mapping.utf16_to_raw(start), mapping.utf16_to_raw(end))
                     for start, end in raw]
        except InvalidInput:
            units = []
        used = _covered_lines(covered, units, stored, lines, index) if units else None
        if used is not None:
            return TextRecord(number, brat_type, units), used
        if not fragments and error is not None:
            problems.append(line_problem(where, number, error))
            return None, 0
    expected = " ".join(stored[start:end] for start, end in fragments)
    problems.append(line_problem(where, number, said(BratProblem.COVERED_DIFFERS, covered=_clip(covered),
                                                     expected=_clip(expected))))
    return None, 0


def _fragment(fragment: str) -> tuple[int, int]:
    """`START END` as two ints; ValueError when it is not that."""
    start, end = fragment.split()
    if not (start.isascii() and end.isascii()):
        raise ValueError(fragment)
    return int(start), int(end)


def _covered_lines(
    covered: str, fragments: list[tuple[int, int]], stored: str, lines: list[str], index: int
) -> int | None:
    """How many continuation lines the covered text uses when it matches the fragments
    (blanks at its end aside), else None."""
    if len(fragments) == 1:
        start, end = fragments[0]
        expected = stored[start:end]
    else:
        expected = " ".join(stored[start:end] for start, end in fragments)
    if covered == expected:
        return 0
    if "\n" not in expected:
        return 0 if covered.rstrip(_BLANKS) == expected.rstrip(_BLANKS) else None
    if covered.rstrip(_BLANKS) == expected.replace("\n", " ").rstrip(_BLANKS):
        return 0
    wanted = expected.count("\n")
    following = [line.removesuffix("\r") for line in lines[index : index + wanted]]
    joined = "\n".join([covered, *following])
    return wanted if joined.rstrip(_BLANKS) == expected.rstrip(_BLANKS) else None


def _clip(value: str, limit: int = 40) -> str:
    return repr(value if len(value) <= limit else value[: limit - 1] + "\u2026")
