"""Read REFI-QDA projects (.qdpx): a zip holding `project.qde` (QDA-XML 1.0) and source texts.

A .qdpx written by us or by other QDA software (QualCoder, ...) becomes a batch the merge service
stores. Writing lives in `io/qdpx_write.py`.

Positions. The standard counts a selection's startPosition and endPosition in characters of the
source's plain text (programs count from 0, the end exclusive) without pinning down what a
character is, and programs differ: QualCoder writes each source with a UTF-8 byte-order mark
and leaves it out of its count, and in its "MAXQDA line endings" mode writes CRLF line breaks
but counts each as one character; programs built on UTF-16 strings count a character outside the
Basic Multilingual Plane (an emoji) as two. So each source is read under every way of counting
that makes a difference for its text (byte-order mark counted or not, code points or UTF-16 code
units, CRLF as one character or two: `PositionCounting`), and the one under which every
selection that carries its text in its `name` finds that text there is kept, the standard
way (`STANDARD`) first. When none fits, the project is refused naming the source and the
selections that do not match. Positions end up as offsets into the stored text (byte-order mark
dropped, line breaks LF).
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from annotator.domain.clock import utc_now_iso
from annotator.domain.document_edit import clean_date, clean_field
from annotator.domain.error_wording import N_plural, Plural, Worded
from annotator.domain.errors import InvalidInput, register_wording
from annotator.domain.ids import canonical_uuid
from annotator.domain.links import check_relation
from annotator.domain.merge import (
    NOT_IMPORTED,
    SHOWN_PROBLEMS,
    MergeReport,
    english_refusal,
    refusal_message,
    timestamp_key,
    worded_problem,
)
from annotator.domain.offsets import Utf16Map
from annotator.domain.raw_offsets import RawOffsets
from annotator.domain.records import (
    ImportedText,
    IncomingAnnotation,
    IncomingBatch,
    IncomingDocumentCode,
    IncomingLabel,
    IncomingLink,
)
from annotator.domain.text import BOM, normalise_text, text_sha256, title_from_text
from annotator.domain.wording import first_few, ntext
from annotator.i18n import N_, _, pgettext
from annotator.i18n import number as shown_number
from annotator.io.qdpx_xml import (
    PrologCheck,
    children,
    clean_guid,
    first_child,
    hex_color,
    inside,
    tag_name,
)
from annotator.io.read_problems import Problem
from annotator.io.readers import megabytes
from annotator.io.zip_limits import MIB, ZipBudget, ZipLimits, ZipTooLarge

QDA_NAMESPACE = "urn:QDA-XML:project:1.0"
PROJECT_FILE = "project.qde"
#: GUIDs of things without a UUID of their own (users, codes, codings, variables) are uuid5 of
#: this namespace and "<kind>:<key>", so every export names them the same way.
QDPX_NAMESPACE = uuid.UUID("aa84ee0a-5b8b-4677-b3b0-e270bd79dc5b")
#: Document metadata written as text variables: (variable name, DocumentInfo attribute).
VARIABLES = (("File name", "source_name"), ("Date", "date"), ("Author", "author"),
             ("Outlet", "outlet"), ("URL", "url"), ("Language", "language"))
#: Largest source text read from the archive or from the sources folder.
MAX_SOURCE_BYTES = 64 * MIB
#: Largest project.qde read (checked on its declared size, then while it streams).
MAX_PROJECT_BYTES = 256 * MIB
#: What one .qdpx may expand to: project.qde and every source read, inside the archive or out.
QDPX_LIMITS = ZipLimits(member=MAX_PROJECT_BYTES, total=512 * MIB)
#: Most elements project.qde may hold (a project of 100,000 coded selections has about 400,000):
#: bounds the memory of the parsed tree.
MAX_XML_ELEMENTS = 2_000_000

_XSD_DATETIME = re.compile(r"-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")


class QdpxProblem(StrEnum):
    """Why a .qdpx (or an element of its project.qde) cannot be read (a reason code)."""

    AT = "qdpx_at"  # values: where (file and element), problem (a phrase or an error)
    SOURCES_NOT_FOLDER = "qdpx_sources_not_folder"  # values: folder
    CANNOT_OPEN = "qdpx_cannot_open"  # values: path, detail
    NOT_ZIP = "qdpx_not_zip"
    NO_PROJECT_FILE = "qdpx_no_project_file"  # values: name
    NOT_READ = "qdpx_not_read"  # values: refusal (of the archive's limits)
    MALFORMED_XML = "qdpx_malformed_xml"  # values: detail
    NESTED_TOO_DEEP = "qdpx_nested_too_deep"
    DAMAGED_ZIP = "qdpx_damaged_zip"  # values: detail
    DOCTYPE = "qdpx_doctype"
    TOO_MANY_ELEMENTS = "qdpx_too_many_elements"  # values: limit
    ROOT_NOT_PROJECT = "qdpx_root_not_project"  # values: tag
    NO_TEXT = "qdpx_no_text"
    NOT_IN_ARCHIVE = "qdpx_not_in_archive"  # values: reference, name
    NOT_UTF8 = "qdpx_not_utf8"  # values: reference, byte
    OUTSIDE_ARCHIVE = "qdpx_outside_archive"  # values: reference
    OUTSIDE_FOLDER = "qdpx_outside_folder"  # values: reference, folder
    ONLY_TXT = "qdpx_only_txt"  # values: reference
    SOURCE_MISSING = "qdpx_source_missing"  # values: reference, file
    SOURCE_NOT_REGULAR = "qdpx_source_not_regular"  # values: reference, file
    SOURCE_UNREADABLE = "qdpx_source_unreadable"  # values: file, detail
    SOURCE_TOO_LARGE = "qdpx_source_too_large"  # values: file, limit
    NO_SUCH_NOTE = "qdpx_no_such_note"  # values: guid
    VARIABLE_LEFT_OUT = "qdpx_variable_left_out"  # values: variable, error
    NOT_A_CODE = "qdpx_not_a_code"  # values: code_ref
    CODING_NOT_A_CODE = "qdpx_coding_not_a_code"  # values: coding, code_ref
    POSITIONS_NOT_NUMBERS = "qdpx_positions_not_numbers"
    PAST_SOURCE_END = "qdpx_past_source_end"  # values: end, source, length
    NEGATIVE_START = "qdpx_negative_start"  # values: start
    EMPTY_SPAN = "qdpx_empty_span"  # values: start, end
    GUID_TWICE = "qdpx_guid_twice"
    NO_CODING = "qdpx_no_coding"
    LINK_NOT_SELECTIONS = "qdpx_link_not_selections"  # values: guid
    CATEGORY = "qdpx_category"  # values: name
    NOT_AT_POSITIONS = "qdpx_not_at_positions"  # values: where, tried, counting, misses, count, shown
    NOT_AT_POSITIONS_MORE = "qdpx_not_at_positions_more"  # the same, and more (values: more)
    MISMATCH = "qdpx_mismatch"  # values: guid, start, end, name, found
    MISMATCH_NOWHERE = "qdpx_mismatch_nowhere"  # values: guid, start, end, name, error
    PAST_TEXT_END = "qdpx_past_text_end"  # values: end, length
    COUNTED_WITH = "qdpx_counted_with"  # values: where, problem, counting
    THEN = "qdpx_then"  # values: first, rest (phrases listed with a semicolon)
    TRIED = "qdpx_tried"  # values: ways (phrases)
    TRIED_STANDARD = "qdpx_tried_standard"  # values: counting (phrases)
    TRIED_BOM = "qdpx_tried_bom"
    TRIED_UTF16 = "qdpx_tried_utf16"
    TRIED_CRLF = "qdpx_tried_crlf"
    COUNTING_BOM = "qdpx_counting_bom"
    COUNTING_UTF16 = "qdpx_counting_utf16"
    COUNTING_CRLF = "qdpx_counting_crlf_as_one"
    COUNTING_STANDARD = "qdpx_counting_standard"
    WHOLE_SOURCE_NO_USER = "qdpx_whole_source_no_user"  # values: count, annotator
    WHOLE_SOURCE_AS_SPANS = "qdpx_whole_source_as_spans"  # values: count


#: How each problem is worded (English, the catalogue's msgid; `describe` translates).
QDPX_WORDING: dict[str, str | Plural] = {
    QdpxProblem.AT: N_("{where}: {problem}"),
    QdpxProblem.SOURCES_NOT_FOLDER: N_("{folder}: the sources folder is not a folder"),
    QdpxProblem.CANNOT_OPEN: N_("{path}: {detail}"),
    QdpxProblem.NOT_ZIP: N_("not a REFI-QDA project: the file is not a zip archive"),
    QdpxProblem.NO_PROJECT_FILE: N_("there is no {name} at the top of the archive"),
    QdpxProblem.NOT_READ: N_("not read: {refusal}"),
    QdpxProblem.MALFORMED_XML: N_("malformed XML: {detail}"),
    QdpxProblem.NESTED_TOO_DEEP: N_("elements nested too deep; not read"),
    QdpxProblem.DAMAGED_ZIP: N_("the zip archive is damaged ({detail})"),
    QdpxProblem.DOCTYPE: N_("has a DOCTYPE declaration, which REFI-QDA files do not use; not read"),
    QdpxProblem.TOO_MANY_ELEMENTS: N_("holds more than {limit:,} elements; not read"),
    QdpxProblem.ROOT_NOT_PROJECT: N_("the root element is <{tag}>, not <Project>"),
    QdpxProblem.NO_TEXT: N_("has neither PlainTextContent nor plainTextPath"),
    QdpxProblem.NOT_IN_ARCHIVE: N_(
        "plainTextPath {reference!r} names sources/{name}, which is not in the archive"),
    QdpxProblem.NOT_UTF8: N_("{reference} is not UTF-8 text (byte {byte})"),
    QdpxProblem.OUTSIDE_ARCHIVE: N_(
        "plainTextPath {reference!r} is outside the archive; not read unless you name the folder that holds "
        "the sources (--sources-folder DIR)"),
    QdpxProblem.OUTSIDE_FOLDER: N_("plainTextPath {reference!r} points outside the sources folder {folder}; "
                                   "not read"),
    QdpxProblem.ONLY_TXT: N_("plainTextPath {reference!r}: only .txt files outside the archive are read"),
    QdpxProblem.SOURCE_MISSING: N_("plainTextPath {reference!r}: {file} is not there"),
    QdpxProblem.SOURCE_NOT_REGULAR: N_("plainTextPath {reference!r}: {file} is not a regular file"),
    QdpxProblem.SOURCE_UNREADABLE: N_("{file}: cannot read the file ({detail})"),
    QdpxProblem.SOURCE_TOO_LARGE: N_("{file} is larger than {limit}"),
    QdpxProblem.NO_SUCH_NOTE: N_("NoteRef {guid}: no such Note"),
    QdpxProblem.VARIABLE_LEFT_OUT: N_("variable {variable!r} left out: {error}"),
    QdpxProblem.NOT_A_CODE: N_("CodeRef {code_ref!r} is not a code of the CodeBook"),
    QdpxProblem.CODING_NOT_A_CODE: N_("Coding {coding}: CodeRef {code_ref!r} is not a code of the CodeBook"),
    QdpxProblem.POSITIONS_NOT_NUMBERS: N_("startPosition and endPosition must be whole numbers"),
    QdpxProblem.PAST_SOURCE_END: N_("endPosition {end} is past the end of source {source!r} ({length} "
                                    "characters)"),
    QdpxProblem.NEGATIVE_START: N_("startPosition {start} is negative"),
    QdpxProblem.EMPTY_SPAN: N_("span {start}-{end} is empty or reversed"),
    QdpxProblem.GUID_TWICE: N_("the GUID is used by another selection too"),
    QdpxProblem.NO_CODING: N_("no Coding (no code), left out"),
    QdpxProblem.LINK_NOT_SELECTIONS: N_("Link {guid}: joins something other than two coded text selections, "
                                        "left out"),
    QdpxProblem.CATEGORY: N_("code {name!r} (not codable) is a category, not a label"),
    QdpxProblem.NOT_AT_POSITIONS: N_(
        "{where}: the texts its selections name are not at their positions, however they are counted "
        "({tried}); nothing from this source is imported. Closest, counting {counting}: {misses} of {count} "
        "differ: {shown}"),
    QdpxProblem.NOT_AT_POSITIONS_MORE: N_(
        "{where}: the texts its selections name are not at their positions, however they are counted "
        "({tried}); nothing from this source is imported. Closest, counting {counting}: {misses} of {count} "
        "differ: {shown}; \u2026 and {more} more"),
    QdpxProblem.MISMATCH: N_("PlainTextSelection {guid} ({start}-{end}): name {name}, text there {found}"),
    QdpxProblem.MISMATCH_NOWHERE: N_(
        "PlainTextSelection {guid} ({start}-{end}): name {name}, text there none ({error})"),
    QdpxProblem.PAST_TEXT_END: N_("endPosition {end} is past the end of the text ({length} positions)"),
    QdpxProblem.COUNTED_WITH: N_("{where}: {problem} (positions counted with {counting})"),
    QdpxProblem.THEN: N_("{first}; {rest}"),
    QdpxProblem.TRIED: N_("tried {ways}"),
    QdpxProblem.TRIED_STANDARD: N_("as the standard says: {counting}"),
    QdpxProblem.TRIED_BOM: N_("the byte-order mark counted or not"),
    QdpxProblem.TRIED_UTF16: N_("code points or UTF-16 code units"),
    QdpxProblem.TRIED_CRLF: N_("a CRLF as one character or two"),
    QdpxProblem.COUNTING_BOM: N_("the byte-order mark counted as a character"),
    QdpxProblem.COUNTING_UTF16: N_("UTF-16 code units (an emoji counts two)"),
    QdpxProblem.COUNTING_CRLF: N_("each CRLF line break counted as one character"),
    QdpxProblem.COUNTING_STANDARD: N_("code points, no byte-order mark, CRLF as two characters"),
    QdpxProblem.WHOLE_SOURCE_NO_USER: N_plural(
        "{count} coding of whole sources name no user: stored as {annotator!r}",
        "{count} codings of whole sources name no user: stored as {annotator!r}"),
    QdpxProblem.WHOLE_SOURCE_AS_SPANS: N_plural(
        "{count} coding of whole sources by codes that also code selections: stored as spans over the whole "
        "text",
        "{count} codings of whole sources by codes that also code selections: stored as spans over the whole "
        "text"),
}
register_wording(QDPX_WORDING)


def _at(where: str, code: str, /, **values: Any) -> Problem:
    """`where: problem`, carrying its codes and values."""
    return Problem(QdpxProblem.AT, where=where, problem=Problem(code, **values))


class QdpxProblems(InvalidInput):
    """A .qdpx that cannot be imported; lists each problem with its file and element."""

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        super().__init__(english_refusal(source, problems, NOT_IMPORTED))
        self.source = source
        self.problems = tuple(problems)

    def worded(self) -> str:
        """The refusal in the reader's language, each coded problem worded there."""
        return refusal_message(self.source, [worded_problem(p) for p in self.problems], NOT_IMPORTED)


#: How each way of counting positions is worded (English, the catalogue's msgid).
COUNTING_WORDING: dict[str, str] = {
    "bom": N_("the byte-order mark counted as a character"),
    "utf16": N_("UTF-16 code units (an emoji counts two)"),
    "crlf_as_one": N_("each CRLF line break counted as one character"),
    "standard": N_("code points, no byte-order mark, CRLF as two characters"),
}


@dataclass(frozen=True, slots=True)
class PositionCounting:
    """How a text source's selection positions count its text; the default is the standard way
    (and ours): code points of the text without its byte-order mark, a CRLF two characters."""

    bom: bool = False  # the leading byte-order mark is a position
    utf16: bool = False  # a character outside the BMP is two positions (UTF-16 code units)
    crlf_as_one: bool = False  # a CRLF line break is one position

    @property
    def standard(self) -> bool:
        return self == STANDARD

    def words(self) -> str:
        """How it differs from the standard way, for people, in their language."""
        parts = [_(part) for flag, part in (
            (self.bom, COUNTING_WORDING["bom"]),
            (self.utf16, COUNTING_WORDING["utf16"]),
            (self.crlf_as_one, COUNTING_WORDING["crlf_as_one"]),
        ) if flag]
        return pgettext("list", ", ").join(parts) or _(COUNTING_WORDING["standard"])

    def phrases(self) -> tuple[Worded, ...]:
        """`words()` as phrases of a problem: English in its `str()`, translated where shown."""
        parts = tuple(Worded(code, {}) for flag, code in (
            (self.bom, QdpxProblem.COUNTING_BOM),
            (self.utf16, QdpxProblem.COUNTING_UTF16),
            (self.crlf_as_one, QdpxProblem.COUNTING_CRLF),
        ) if flag)
        return parts or (Worded(QdpxProblem.COUNTING_STANDARD, {}),)


STANDARD = PositionCounting()


@dataclass(frozen=True, slots=True)
class SourceCounting:
    """The way of counting positions kept for one text source, and the evidence for it."""

    guid: str
    name: str
    counting: PositionCounting
    #: Selections whose `name` was compared with the text at their positions (all matched).
    checked: int


@dataclass(frozen=True, slots=True)
class QdpxReading:
    """A .qdpx read: the batch to merge, and what was left out."""

    batch: IncomingBatch
    sources: int
    selections: int
    skipped: tuple[str, ...]
    #: Selections coded without a known user, and the annotator they were stored under.
    without_user: int = 0
    stored_as: str = "unknown"
    #: Whether `stored_as` was chosen (--annotator / the window's annotator) or the default.
    annotator_chosen: bool = False
    #: How each text source counts its positions (see `PositionCounting`).
    countings: tuple[SourceCounting, ...] = ()

    @property
    def counted_otherwise(self) -> tuple[SourceCounting, ...]:
        """The text sources whose positions count their text another way than the standard."""
        return tuple(item for item in self.countings if not item.counting.standard)


def stable_guid(kind: str, key: str) -> str:
    """The GUID every export gives a user, code, coding or variable (`kind`) named `key`."""
    return str(uuid.uuid5(QDPX_NAMESPACE, f"{kind}:{key}"))


def own_uuid(kind: str, guid: str) -> str | None:
    """The UUID a source, selection or link (`kind`) with GUID `guid` is stored under: the GUID
    when it is a UUID (in canonical form), else one derived from it (the same at every import);
    None when it has no GUID. Nothing a file names becomes an id (nor a file name) unchecked."""
    if not guid:
        return None
    return canonical_uuid(guid) or stable_guid(kind, guid)


def xsd_datetime(value: str | None) -> str | None:
    """`value` as an xsd:dateTime (ours already are); None when it is not a date and time."""
    if not value or _XSD_DATETIME.fullmatch(value):
        return value or None
    try:
        moment = timestamp_key(value)
    except ValueError:
        return None
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _relation(name: str | None) -> str:
    """A link's name as a relation (one word); `linked` when it has none."""
    word = re.sub(r"\W+", "_", (name or "").strip()).strip("_")
    try:
        return check_relation(word)
    except InvalidInput:
        return check_relation(("r_" + word)[:64]) if word else "linked"


def read_qdpx(
    path: Path | str, default_annotator: str | None = None,
    sources_folder: Path | str | None = None, limits: ZipLimits = QDPX_LIMITS,
    max_elements: int = MAX_XML_ELEMENTS,
) -> QdpxReading:
    """Read a .qdpx into a batch; refuse it (QdpxProblems) listing every problem found.

    `default_annotator` names the annotations whose selection and coding have no known user.
    Sources are read from inside the archive; those outside it only from inside
    `sources_folder` (symbolic links followed), when one is given. `limits` bound what the
    archive and the sources may expand to, `max_elements` the elements of project.qde.
    """
    path = Path(path)
    folder = None
    if sources_folder is not None:
        folder = Path(sources_folder).expanduser()
        if not folder.is_dir():
            raise InvalidInput(code=QdpxProblem.SOURCES_NOT_FOLDER, folder=folder)
        folder = folder.resolve()
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise QdpxProblems(str(path), [Problem(QdpxProblem.NOT_ZIP)]) from None
    except OSError as exc:
        raise InvalidInput(code=QdpxProblem.CANNOT_OPEN, path=path, detail=exc.strerror or exc) from None
    with archive:
        top = [name for name in archive.namelist() if "/" not in name.strip("/")]
        qde = PROJECT_FILE if PROJECT_FILE in top else None
        others = [name for name in top if name.lower().endswith(".qde")]
        if qde is None and len(others) == 1:
            qde = others[0]
        if qde is None:
            raise QdpxProblems(str(path), [Problem(QdpxProblem.NO_PROJECT_FILE, name=PROJECT_FILE)])
        budget = ZipBudget(archive, limits)
        try:
            root = _parse(budget.stream(qde), qde, max_elements)
            return _Reader(path, budget, qde, default_annotator, folder).read(root)
        except _Refused as refused:
            raise QdpxProblems(str(path), [refused.reason]) from None
        except ZipTooLarge as exc:
            raise QdpxProblems(str(path), [Problem(QdpxProblem.NOT_READ, refusal=exc)]) from None
        except ET.ParseError as exc:
            raise QdpxProblems(str(path), [_at(qde, QdpxProblem.MALFORMED_XML, detail=str(exc))]) from None
        except RecursionError:
            raise QdpxProblems(str(path), [_at(qde, QdpxProblem.NESTED_TOO_DEEP)]) from None
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError,
                RuntimeError) as exc:
            raise QdpxProblems(str(path), [Problem(QdpxProblem.DAMAGED_ZIP, detail=str(exc))]) from None


#: Mismatching selections named when a source's positions fit no way of counting.
SHOWN_MISMATCHES = 3
#: Characters of a name or text quoted in a message.
QUOTED_LENGTH = 60


class _Counted:
    """A source's raw text (as decoded: byte-order mark and CRs kept) read under one way of
    counting positions: turns a selection's positions into stored-text offsets."""

    def __init__(self, raw: str, counting: PositionCounting) -> None:
        body = raw[1:] if raw.startswith(BOM) else raw
        if counting.crlf_as_one:
            body = body.replace("\r\n", "\n")
        counted = BOM + body if counting.bom and raw.startswith(BOM) else body
        self.mapping = RawOffsets(counted)
        self.counting = counting
        self.utf16 = counting.utf16 and self.mapping.has_astral
        self.length = Utf16Map(counted).utf16_length if self.utf16 else len(counted)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The stored (start, end) of a selection's positions; InvalidInput when they fall
        outside the text, inside a character or between the CR and LF of a line break."""
        if end > self.length:
            raise InvalidInput(code=QdpxProblem.PAST_TEXT_END, end=end, length=self.length)
        if self.utf16:
            start, end = self.mapping.utf16_to_raw(start), self.mapping.utf16_to_raw(end)
        return self.mapping.span(start, end)


def _same_text(name: str, covered: str) -> bool:
    """Whether a selection's `name` is the text it covers: compared with runs of white space
    as one space (an XML parser turns raw line breaks in an attribute into spaces); a name cut
    short with `…` or `...` must begin the text."""
    wanted, found = " ".join(name.split()), " ".join(covered.split())
    if wanted == found:
        return True
    if wanted.endswith(("\u2026", "...")):
        head = wanted.rstrip(".\u2026").rstrip()
        return bool(head) and found.startswith(head)
    return False


def _quoted(text: str) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= QUOTED_LENGTH else text[: QUOTED_LENGTH - 1] + "\u2026")


def countings_for(raw: str) -> list[PositionCounting]:
    """The ways of counting that differ on `raw`, the standard way first, then those that
    differ from it in fewer respects."""
    boms = (False, True) if raw.startswith(BOM) else (False,)
    units = (False, True) if Utf16Map(raw).utf16_length != len(raw) else (False,)
    crlfs = (False, True) if "\r\n" in raw else (False,)
    found = [PositionCounting(bom, utf16, crlf) for bom in boms for utf16 in units
             for crlf in crlfs]
    return sorted(found, key=lambda c: (c.bom + c.utf16 + c.crlf_as_one, c.bom, c.utf16))


def _fits(counted: _Counted, start: int, end: int) -> bool:
    try:
        counted.span(start, end)
    except InvalidInput:
        return False
    return True


def _ways(tried: Sequence[PositionCounting]) -> Worded:
    """The ways of counting tried, for people (a phrase, worded where shown)."""
    ways = tuple(Worded(code, {}) for flag, code in (
        (any(c.bom for c in tried), QdpxProblem.TRIED_BOM),
        (any(c.utf16 for c in tried), QdpxProblem.TRIED_UTF16),
        (any(c.crlf_as_one for c in tried), QdpxProblem.TRIED_CRLF),
    ) if flag)
    if ways:
        return Worded(QdpxProblem.TRIED, {"ways": ways})
    return Worded(QdpxProblem.TRIED_STANDARD, {"counting": STANDARD.phrases()})


def _in_turn(phrases: Sequence[Worded]) -> Worded:
    """`phrases` listed with semicolons, as one phrase."""
    *head, listed = phrases
    for phrase in reversed(head):
        listed = Worded(QdpxProblem.THEN, {"first": phrase, "rest": listed})
    return listed


class _Refused(Exception):
    """project.qde cannot be read at all (the reason names it)."""

    def __init__(self, reason: Problem) -> None:
        super().__init__(reason)
        self.reason = reason


def _parse(chunks: Iterable[bytes], qde: str, max_elements: int) -> ET.Element:
    """The element tree of project.qde as it streams in; refused when it declares a DOCTYPE
    (entities could expand without bound) or holds more than `max_elements` elements."""
    prolog = PrologCheck()
    parser = ET.XMLPullParser(events=("start",))
    held: list[bytes] = []  # chunks kept back until the prolog is known to have no DOCTYPE
    root: ET.Element | None = None
    count = 0
    for chunk in chunks:
        if prolog.doctype is None:
            prolog.feed(chunk)
            if prolog.doctype:
                raise _Refused(_at(qde, QdpxProblem.DOCTYPE))
            held.append(chunk)
            if prolog.doctype is None:
                continue
        for part in held or [chunk]:
            parser.feed(part)
        held = []
        for _event, element in parser.read_events():
            root = element if root is None else root
            count += 1
        if count > max_elements:
            raise _Refused(_at(qde, QdpxProblem.TOO_MANY_ELEMENTS, limit=max_elements))
    for part in held:
        parser.feed(part)
    parser.close()
    for _event, element in parser.read_events():
        root = element if root is None else root
    if root is None:
        raise ET.ParseError("no element found")
    return root


class _Reader:
    """Turns the element tree of one project.qde into a batch, collecting problems."""

    def __init__(self, path: Path, budget: ZipBudget, qde: str, annotator: str | None,
                 sources_folder: Path | None = None):
        self.path, self.budget, self.qde = path, budget, qde
        self.archive = budget.archive
        self.sources_folder = sources_folder
        self.default_annotator = (annotator or "").strip() or "unknown"
        self.annotator_chosen = bool((annotator or "").strip())
        self.without_user: set[str] = set()  # GUIDs of selections stored as default_annotator
        self.problems: list[str] = []
        self.skipped: list[str] = []
        self.users: dict[str, str] = {}
        self.codes: dict[str, str] = {}
        self.labels: list[IncomingLabel] = []
        self.notes: dict[str, ET.Element] = {}
        self.variables: dict[str, str] = {}
        self.documents: list[ImportedText] = []
        self.annotations: list[IncomingAnnotation] = []
        self.selections: dict[str, IncomingAnnotation] = {}  # GUID -> its first annotation
        self.countings: list[SourceCounting] = []
        #: Codings of a whole source: (where, code GUID, coding, source element, its document).
        self.source_codings: list[tuple[str, str, ET.Element, ET.Element, ImportedText]] = []

    def read(self, root: ET.Element) -> QdpxReading:
        if tag_name(root.tag) != "Project":
            raise QdpxProblems(str(self.path), [_at(self.qde, QdpxProblem.ROOT_NOT_PROJECT,
                                                    tag=tag_name(root.tag))])
        for user in children(first_child(root, "Users"), "User"):
            name = (user.get("name") or user.get("id") or "").strip()
            self.users[clean_guid(user.get("guid"))] = name
        self._codes(children(first_child(first_child(root, "CodeBook"), "Codes"), "Code"))
        self.notes = {clean_guid(note.get("guid")): note
                      for note in children(first_child(root, "Notes"), "Note")}
        for variable in children(first_child(root, "Variables"), "Variable"):
            name = (variable.get("name") or "").casefold()
            self.variables[clean_guid(variable.get("guid"))] = name
        kinds: dict[str, int] = {}
        sources = first_child(root, "Sources")
        for source in [] if sources is None else list(sources):
            if tag_name(source.tag) == "TextSource":
                self._text_source(source)
            else:
                kinds[tag_name(source.tag)] = kinds.get(tag_name(source.tag), 0) + 1
        self.skipped.extend(f"{count} {kind}(s) left out: only text sources are read"
                            for kind, count in kinds.items())
        links = self._links(children(first_child(root, "Links"), "Link"),
                            xsd_datetime(root.get("creationDateTime")) or utc_now_iso())
        document_codes = self._document_codes()
        if self.problems:
            raise QdpxProblems(str(self.path), self.problems)
        batch = IncomingBatch(str(self.path), tuple(self.documents), tuple(self.labels),
                              tuple(self.annotations), (), tuple(links), tuple(document_codes))
        return QdpxReading(batch, len(self.documents), len(self.selections), tuple(self.skipped),
                           len(self.without_user), self.default_annotator, self.annotator_chosen,
                           tuple(self.countings))

    def _codes(self, codes: list[ET.Element]) -> None:
        for code in codes:
            name = (code.get("name") or "").strip()
            self.codes[clean_guid(code.get("guid"))] = name
            if code.get("isCodable", "true").strip() in ("true", "1"):
                description = first_child(code, "Description")
                definition = (description.text or "") if description is not None else ""
                self.labels.append(IncomingLabel(name, hex_color(code.get("color")), definition))
            else:
                self.skipped.append(Problem(QdpxProblem.CATEGORY, name=name))
            self._codes(children(code, "Code"))

    def _load(self, element: ET.Element, where: str) -> str | None:
        """The text of a TextSource or Note: inline, in the archive, or in the sources folder."""
        inline = first_child(element, "PlainTextContent")
        if inline is not None:
            return inline.text or ""
        reference = (element.get("plainTextPath") or "").strip()
        if not reference:
            self.problems.append(_at(where, QdpxProblem.NO_TEXT))
            return None
        scheme, _, rest = reference.partition("://")
        if scheme == "internal":
            names = [f"sources/{rest}", rest]
            found = next((n for n in names if n in self.archive.NameToInfo), None)
            if found is None:
                self.problems.append(_at(where, QdpxProblem.NOT_IN_ARCHIVE, reference=reference, name=rest))
                return None
            try:
                data = self.budget.read(found, MAX_SOURCE_BYTES)
            except ZipTooLarge as exc:
                self.problems.append(_at(where, QdpxProblem.NOT_READ, refusal=exc))
                return None
        else:
            data = self._outside(reference, scheme, rest, where)
            if data is None:
                return None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            self.problems.append(_at(where, QdpxProblem.NOT_UTF8, reference=reference, byte=exc.start))
            return None

    def _outside(self, reference: str, scheme: str, rest: str, where: str) -> bytes | None:
        """A source outside the archive: read only from inside the sources folder, when the
        analyst gave one (a relative path from there; an absolute one when it leads there, else
        the file of that name there), symbolic links followed; only .txt files."""
        folder = self.sources_folder
        if folder is None:
            self.problems.append(_at(where, QdpxProblem.OUTSIDE_ARCHIVE, reference=reference))
            return None
        if scheme in ("absolute", "file"):
            file = Path(rest)
            if not inside(file, folder):
                name = PureWindowsPath(rest).name if "\\" in rest else PurePosixPath(rest).name
                file = folder / name
        else:
            file = folder / (rest if scheme == "relative" else reference)
        if not inside(file, folder):
            self.problems.append(_at(where, QdpxProblem.OUTSIDE_FOLDER, reference=reference, folder=folder))
            return None
        file = file.resolve()
        if file.suffix.lower() != ".txt":
            self.problems.append(_at(where, QdpxProblem.ONLY_TXT, reference=reference))
            return None
        if not file.exists():
            self.problems.append(_at(where, QdpxProblem.SOURCE_MISSING, reference=reference, file=file))
            return None
        if not file.is_file():
            self.problems.append(_at(where, QdpxProblem.SOURCE_NOT_REGULAR, reference=reference, file=file))
            return None
        limit = min(MAX_SOURCE_BYTES, self.budget.limits.member)
        try:
            with file.open("rb") as handle:
                data = handle.read(limit + 1)
        except OSError as exc:
            detail = exc.strerror or exc
            self.problems.append(_at(where, QdpxProblem.SOURCE_UNREADABLE, file=file, detail=detail))
            return None
        if len(data) > limit:
            self.problems.append(_at(where, QdpxProblem.SOURCE_TOO_LARGE, file=file, limit=megabytes(limit)))
            return None
        try:
            self.budget.take(len(data))
        except ZipTooLarge as exc:
            self.problems.append(_at(where, QdpxProblem.NOT_READ, refusal=exc))
            return None
        return data

    def _note(self, element: ET.Element) -> list[str]:
        """The Description of `element` and the texts of the notes its NoteRefs name."""
        description = first_child(element, "Description")
        texts = [description.text or ""] if description is not None else []  # kept as written
        for ref in children(element, "NoteRef"):
            note = self.notes.get(clean_guid(ref.get("targetGUID")))
            if note is None:
                self.skipped.append(_at(self.qde, QdpxProblem.NO_SUCH_NOTE, guid=ref.get("targetGUID")))
                continue
            text = self._load(note, f"{self.qde}: Note {note.get('guid')}")
            texts.append((text or "").replace("\r\n", "\n").replace("\r", "\n").strip())
        return [text for text in texts if text.strip()]

    def _text_source(self, source: ET.Element) -> None:
        guid, name = clean_guid(source.get("guid")), (source.get("name") or "").strip()
        doc_uuid = own_uuid("source", guid)
        where = f"{self.qde}: TextSource {guid} ({name!r})"
        raw = self._load(source, where)
        if raw is None:
            return
        text = normalise_text(raw)
        values: dict[str, str] = {}
        for value in children(source, "VariableValue"):
            ref = first_child(value, "VariableRef")
            if ref is not None:
                variable = self.variables.get(clean_guid(ref.get("targetGUID")), "")
                values[variable] = "".join(value.itertext()).strip()
        meta: dict[str, str] = {}
        for variable, key in VARIABLES:
            value = values.get(variable.casefold(), "")
            try:
                meta[key] = (value if key == "source_name" else clean_date(value) or ""
                             if key == "date" else clean_field(variable, value))
            except InvalidInput as exc:
                self.skipped.append(_at(where, QdpxProblem.VARIABLE_LEFT_OUT, variable=variable, error=exc))
                meta[key] = ""
        title = (name if "\n" not in name and "\r" not in name else " ".join(name.split())
                 ) or title_from_text(text) or guid
        self.documents.append(ImportedText(
            source_name=meta["source_name"] or name or f"{doc_uuid or 'source'}.txt",
            title=title,
            date=meta["date"] or None, text=text, sha256=text_sha256(text), author=meta["author"],
            outlet=meta["outlet"], url=meta["url"], language=meta["language"], uuid=doc_uuid,
        ))
        for coding in children(source, "Coding"):
            ref = first_child(coding, "CodeRef")
            code = clean_guid(ref.get("targetGUID")) if ref is not None else ""
            coding_where = f"{where}: Coding {clean_guid(coding.get('guid'))}"
            if code not in self.codes:
                self.problems.append(_at(coding_where, QdpxProblem.NOT_A_CODE, code_ref=code))
                continue
            self.source_codings.append((coding_where, code, coding, source, self.documents[-1]))
        longest = Utf16Map(raw).utf16_length  # the longest count: BOM, CRs and UTF-16 units
        positions = [found for selection in children(source, "PlainTextSelection")
                     if (found := self._positions(selection, raw, longest, name or guid))]
        counted = self._counting(raw, positions, text, where, guid, name or guid)
        if counted is None:
            return
        for selection, start, end in positions:
            self._selection(selection, start, end, counted, self.documents[-1])

    def _positions(self, selection: ET.Element, raw: str, longest: int, source_name: str,
                   ) -> tuple[ET.Element, int, int] | None:
        """A selection's (element, startPosition, endPosition) when they can be positions in
        the source (`longest` positions under the longest way of counting); else a problem and
        None."""
        where = f"{self.qde}: PlainTextSelection {clean_guid(selection.get('guid'))}"
        try:
            start = int(selection.get("startPosition", ""))
            end = int(selection.get("endPosition", ""))
        except ValueError:
            self.problems.append(_at(where, QdpxProblem.POSITIONS_NOT_NUMBERS))
            return None
        if end > longest:
            length = len(raw) - raw.startswith(BOM)
            self.problems.append(_at(where, QdpxProblem.PAST_SOURCE_END, end=end, source=source_name,
                                     length=length))
            return None
        if start < 0:
            self.problems.append(_at(where, QdpxProblem.NEGATIVE_START, start=start))
            return None
        if start >= end:
            self.problems.append(_at(where, QdpxProblem.EMPTY_SPAN, start=start, end=end))
            return None
        return selection, start, end

    def _counting(self, raw: str, positions: list[tuple[ET.Element, int, int]], text: str,
                  where: str, guid: str, source_name: str) -> _Counted | None:
        """The way of counting under which every selection that names its text finds it at its
        positions (and, among those, every selection falls on the text), the standard way
        first; None, with a problem naming the selections that do not match, when none fits."""
        named = [(selection, start, end, selection.get("name") or "")
                 for selection, start, end in positions if (selection.get("name") or "").split()]
        tried = countings_for(raw)
        closest: tuple[int, list[Worded], PositionCounting] | None = None  # misses, the first
        fallback: _Counted | None = None
        for counting in tried:
            counted = _Counted(raw, counting)
            misses, shown = 0, []
            for selection, start, end, name in named:
                about = {"guid": clean_guid(selection.get("guid")), "start": start, "end": end,
                         "name": _quoted(name)}
                try:
                    first, last = counted.span(start, end)
                    mismatch = Worded(QdpxProblem.MISMATCH, {**about, "found": _quoted(text[first:last])})
                    if _same_text(name, text[first:last]):
                        continue
                except InvalidInput as exc:
                    mismatch = Worded(QdpxProblem.MISMATCH_NOWHERE, {**about, "error": exc})
                misses += 1
                if len(shown) < SHOWN_MISMATCHES:
                    shown.append(mismatch)
            if misses:
                if closest is None or misses < closest[0]:
                    closest = (misses, shown, counting)
                continue
            if fallback is None:
                fallback = counted
            if all(_fits(counted, start, end) for _, start, end in positions):
                fallback = counted
                break
        if fallback is not None:
            self.countings.append(SourceCounting(guid, source_name, fallback.counting, len(named)))
            return fallback
        assert closest is not None
        misses, shown, counting = closest
        values = {"where": where, "tried": _ways(tried), "counting": counting.phrases(), "misses": misses,
                  "count": len(named), "shown": _in_turn(shown)}
        if misses > len(shown):
            more = misses - len(shown)
            self.problems.append(Problem(QdpxProblem.NOT_AT_POSITIONS_MORE, **values, more=more))
        else:
            self.problems.append(Problem(QdpxProblem.NOT_AT_POSITIONS, **values))
        return None

    def _selection(self, selection: ET.Element, start: int, end: int, counted: _Counted,
                   doc: ImportedText) -> None:
        guid = clean_guid(selection.get("guid"))
        where = f"{self.qde}: PlainTextSelection {guid}"
        if guid in self.selections:
            self.problems.append(_at(where, QdpxProblem.GUID_TWICE))
            return
        try:
            start, end = counted.span(start, end)
        except InvalidInput as exc:
            counting = counted.counting
            self.problems.append(Problem(QdpxProblem.AT, where=where, problem=exc) if counting.standard
                                 else Problem(QdpxProblem.COUNTED_WITH, where=where, problem=exc,
                                              counting=counting.phrases()))
            return
        codings = children(selection, "Coding")
        if not codings:
            self.skipped.append(_at(where, QdpxProblem.NO_CODING))
            return
        note = "\n\n".join(self._note(selection))
        for number, coding in enumerate(codings):
            ref = first_child(coding, "CodeRef")
            code = clean_guid(ref.get("targetGUID")) if ref is not None else ""
            if code not in self.codes:
                self.problems.append(_at(where, QdpxProblem.CODING_NOT_A_CODE, coding=coding.get("guid"),
                                         code_ref=code))
                continue
            extra = "\n\n".join(self._note(coding))
            user = self.users.get(clean_guid(coding.get("creatingUser"))) or self.users.get(
                clean_guid(selection.get("creatingUser")))
            if not user:
                self.without_user.add(guid)
            annotation = IncomingAnnotation(
                where=where if number == 0 else f"{where}, Coding {coding.get('guid')}",
                label=self.codes[code], start=start, end=end,
                annotator=user or self.default_annotator, document_sha256=doc.sha256,
                uuid=(own_uuid("selection", guid) if number == 0
                      else stable_guid("coding", f"{guid}/{coding.get('guid')}")),
                note="\n\n".join(part for part in (note, extra) if part),
                created_at=coding.get("creationDateTime") or selection.get("creationDateTime"),
                updated_at=selection.get("modifiedDateTime"),
            )
            self.annotations.append(annotation)
            self.selections.setdefault(guid, annotation)

    def _document_codes(self) -> list[IncomingDocumentCode]:
        """The codings of whole sources: document codes when their code codes no selection in
        the file (its label is then a document label); otherwise spans over the whole text,
        since a label here codes either spans or documents."""
        span_codes = {annotation.label for annotation in self.annotations}
        document_names = {self.codes[code] for _, code, *_ in self.source_codings
                          if self.codes[code] not in span_codes}
        self.labels = [replace(label, kind="document") if label.name in document_names else label
                       for label in self.labels]
        codes: list[IncomingDocumentCode] = []
        as_spans = without_user = 0
        for where, code, coding, source, doc in self.source_codings:
            name = self.codes[code]
            user = self.users.get(clean_guid(coding.get("creatingUser"))) or self.users.get(
                clean_guid(source.get("creatingUser")))
            without_user += not user
            note = "\n\n".join(self._note(coding))
            created = coding.get("creationDateTime")
            guid = clean_guid(coding.get("guid"))
            if name in document_names:
                codes.append(IncomingDocumentCode(
                    where, name, user or self.default_annotator, doc.sha256,
                    uuid=own_uuid("coding", guid) or stable_guid("coding", f"{doc.sha256}/{code}"),
                    note=note, created_at=created, updated_at=created))
            elif doc.text:
                as_spans += 1
                self.annotations.append(IncomingAnnotation(
                    where=where, label=name, start=0, end=len(doc.text),
                    annotator=user or self.default_annotator, document_sha256=doc.sha256,
                    uuid=own_uuid("coding", guid), note=note, created_at=created))
        if without_user:
            self.skipped.append(Problem(QdpxProblem.WHOLE_SOURCE_NO_USER, count=without_user,
                                        annotator=self.default_annotator))
        if as_spans:
            self.skipped.append(Problem(QdpxProblem.WHOLE_SOURCE_AS_SPANS, count=as_spans))
        return codes

    def _links(self, links: list[ET.Element], created_at: str) -> list[IncomingLink]:
        incoming = []
        for link in links:
            guid = clean_guid(link.get("guid"))
            origin = self.selections.get(clean_guid(link.get("originGUID")))
            target = self.selections.get(clean_guid(link.get("targetGUID")))
            if origin is None or target is None:
                self.skipped.append(_at(self.qde, QdpxProblem.LINK_NOT_SELECTIONS, guid=guid))
                continue
            incoming.append(IncomingLink(f"{self.qde}: Link {guid}",
                                         own_uuid("link", guid) or stable_guid(
                                             "link", f"{origin.uuid}/{target.uuid}"),
                                         _relation(link.get("name")), origin.uuid or "",
                                         target.uuid or "", origin.annotator, created_at))
        return incoming


def import_summary(reading: QdpxReading, report: MergeReport) -> list[str]:
    """What an import read, stored and left out, for people, in their language."""
    whole = len(reading.batch.document_codes)
    # English says "1 text sources" as it always did; the catalogue gives French its singular.
    read = {"source": reading.batch.source,
            "sources": ntext(reading.sources, "{count} text sources", "{count} text sources"),
            "selections": ntext(reading.selections, "{count} coded selections", "{count} coded selections")}
    if whole:
        codes = ntext(whole, "{count} document code", "{count} document codes")
        lines = [_("read {source}: {sources}, {selections}, {codes} (codings of a whole source)").format(
            codes=codes, **read)]
    else:
        lines = [_("read {source}: {sources}, {selections}").format(**read)]
    if reading.without_user:
        name = repr(reading.stored_as)
        if reading.annotator_chosen:
            lines.append(ntext(reading.without_user, "{count} selection names no user: stored as {name}",
                               "{count} selections name no user: stored as {name}", name=name))
        else:
            lines.append(ntext(reading.without_user,
                               "{count} selection names no user: stored as {name}; import with "
                               "--annotator NAME to choose",
                               "{count} selections name no user: stored as {name}; import with "
                               "--annotator NAME to choose", name=name))
    otherwise = reading.counted_otherwise
    if otherwise:
        lines.append(ntext(len(otherwise),
                           "positions counted otherwise than the standard says in {count} text source "
                           "(the way under which the selections find the texts they name):",
                           "positions counted otherwise than the standard says in {count} text sources "
                           "(the way under which the selections find the texts they name):"))
        lines.extend(first_few([_counting_line(item) for item in otherwise], SHOWN_PROBLEMS))
    lines.extend(report.summary_lines())
    if reading.skipped:
        left_out = shown_number(len(reading.skipped))
        lines.append(_("left out of the REFI-QDA project: {count}").format(count=left_out))
        lines.extend(first_few(reading.skipped, SHOWN_PROBLEMS))
    return lines


def _counting_line(item: SourceCounting) -> str:
    if item.checked:
        evidence = ntext(item.checked, "{count} selection checked against the text named",
                         "{count} selections checked against the text named")
    else:
        evidence = _("no selection names its text; only so do all positions fall on the text")
    return _("{name}: {counting} ({evidence})").format(
        name=_quoted(item.name), counting=item.counting.words(), evidence=evidence)


