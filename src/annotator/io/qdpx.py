"""Read REFI-QDA projects (.qdpx): a zip holding `project.qde` (QDA-XML 1.0) and source texts.

A .qdpx written by us or by other QDA software (QualCoder, ...) becomes a batch the merge service
stores. Positions are code points; a source's text is moved onto the stored text (BOM and the
CR of each CRLF dropped) with `RawOffsets`. Writing lives in `io/qdpx_write.py`.
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from annotator.domain.clock import utc_now_iso
from annotator.domain.document_edit import clean_date, clean_field
from annotator.domain.errors import InvalidInput
from annotator.domain.links import check_relation
from annotator.domain.merge import SHOWN_PROBLEMS, MergeReport, refusal_message, timestamp_key
from annotator.domain.raw_offsets import RawOffsets
from annotator.domain.records import (
    ImportedText,
    IncomingAnnotation,
    IncomingBatch,
    IncomingLabel,
    IncomingLink,
)
from annotator.domain.text import text_sha256, title_from_text
from annotator.domain.wording import counted, first_few
from annotator.io.qdpx_xml import (
    children,
    clean_guid,
    first_child,
    has_doctype,
    hex_color,
    inside,
    tag_name,
)

QDA_NAMESPACE = "urn:QDA-XML:project:1.0"
PROJECT_FILE = "project.qde"
#: GUIDs of things without a UUID of their own (users, codes, codings, variables) are uuid5 of
#: this namespace and "<kind>:<key>", so every export names them the same way.
QDPX_NAMESPACE = uuid.UUID("aa84ee0a-5b8b-4677-b3b0-e270bd79dc5b")
#: Document metadata written as text variables: (variable name, DocumentInfo attribute).
VARIABLES = (("File name", "source_name"), ("Date", "date"), ("Author", "author"),
             ("Outlet", "outlet"), ("URL", "url"), ("Language", "language"))
#: Largest source text read from an archive or beside it (a guard against zip bombs).
MAX_SOURCE_BYTES = 64 * 1024 * 1024
#: Largest project.qde read (its size as the archive declares it; reading stops there).
MAX_PROJECT_BYTES = 256 * 1024 * 1024

_XSD_DATETIME = re.compile(r"-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")


class QdpxProblems(InvalidInput):
    """A .qdpx that cannot be imported; lists each problem with its file and element."""

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        super().__init__(refusal_message(source, problems, "not imported"))
        self.problems = tuple(problems)


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


def stable_guid(kind: str, key: str) -> str:
    """The GUID every export gives a user, code, coding or variable (`kind`) named `key`."""
    return str(uuid.uuid5(QDPX_NAMESPACE, f"{kind}:{key}"))


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


def read_qdpx(path: Path | str, default_annotator: str | None = None) -> QdpxReading:
    """Read a .qdpx into a batch; refuse it (QdpxProblems) listing every problem found.

    `default_annotator` names the annotations whose selection and coding have no known user.
    """
    path = Path(path)
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise QdpxProblems(str(path), ["not a REFI-QDA project: the file is not a zip archive"]
                           ) from None
    except OSError as exc:
        raise InvalidInput(f"{path}: {exc.strerror or exc}") from None
    with archive:
        top = [name for name in archive.namelist() if "/" not in name.strip("/")]
        qde = PROJECT_FILE if PROJECT_FILE in top else None
        others = [name for name in top if name.lower().endswith(".qde")]
        if qde is None and len(others) == 1:
            qde = others[0]
        if qde is None:
            raise QdpxProblems(str(path), [f"there is no {PROJECT_FILE} at the top of the archive"])
        if archive.getinfo(qde).file_size > MAX_PROJECT_BYTES:
            raise QdpxProblems(str(path), [f"{qde} is larger than "
                                           f"{MAX_PROJECT_BYTES // 2**20} MB"])
        try:
            data = archive.read(qde)
            if has_doctype(data):
                raise QdpxProblems(str(path), [f"{qde}: has a DOCTYPE declaration, which "
                                               "REFI-QDA files do not use; not read"])
            root = ET.fromstring(data)
            return _Reader(path, archive, qde, default_annotator).read(root)
        except ET.ParseError as exc:
            raise QdpxProblems(str(path), [f"{qde}: malformed XML: {exc}"]) from None
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise QdpxProblems(str(path), [f"the zip archive is damaged ({exc})"]) from None


class _Reader:
    """Turns the element tree of one project.qde into a batch, collecting problems."""

    def __init__(self, path: Path, archive: zipfile.ZipFile, qde: str, annotator: str | None):
        self.path, self.archive, self.qde = path, archive, qde
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
        self.base_path = ""

    def read(self, root: ET.Element) -> QdpxReading:
        if tag_name(root.tag) != "Project":
            raise QdpxProblems(str(self.path), [f"{self.qde}: the root element is "
                                                f"<{tag_name(root.tag)}>, not <Project>"])
        self.base_path = root.get("basePath") or ""
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
        if self.problems:
            raise QdpxProblems(str(self.path), self.problems)
        batch = IncomingBatch(str(self.path), tuple(self.documents), tuple(self.labels),
                              tuple(self.annotations), (), tuple(links))
        return QdpxReading(batch, len(self.documents), len(self.selections), tuple(self.skipped),
                           len(self.without_user), self.default_annotator, self.annotator_chosen)

    def _codes(self, codes: list[ET.Element]) -> None:
        for code in codes:
            name = (code.get("name") or "").strip()
            self.codes[clean_guid(code.get("guid"))] = name
            if code.get("isCodable", "true").strip() in ("true", "1"):
                description = first_child(code, "Description")
                definition = (description.text or "") if description is not None else ""
                self.labels.append(IncomingLabel(name, hex_color(code.get("color")), definition))
            else:
                self.skipped.append(f"code {name!r} (not codable) is a category, not a label")
            self._codes(children(code, "Code"))

    def _load(self, element: ET.Element, where: str) -> str | None:
        """The text of a TextSource or Note: inline, in the archive, or beside the .qdpx."""
        inline = first_child(element, "PlainTextContent")
        if inline is not None:
            return inline.text or ""
        reference = (element.get("plainTextPath") or "").strip()
        if not reference:
            self.problems.append(f"{where}: has neither PlainTextContent nor plainTextPath")
            return None
        scheme, _, rest = reference.partition("://")
        if scheme == "internal":
            names = [f"sources/{rest}", rest]
            found = next((n for n in names if n in self.archive.NameToInfo), None)
            if found is None:
                self.problems.append(f"{where}: plainTextPath {reference!r} names sources/{rest}, "
                                     "which is not in the archive")
                return None
            if self.archive.getinfo(found).file_size > MAX_SOURCE_BYTES:
                self.problems.append(f"{where}: sources/{rest} is larger than "
                                     f"{MAX_SOURCE_BYTES // 2**20} MB")
                return None
            data = self.archive.read(found)
        else:
            if scheme in ("absolute", "file"):
                file = Path(rest)
            else:
                base = self.path.parent
                if scheme == "relative" and self.base_path:
                    base = Path(self.base_path)
                file = base / (rest if scheme == "relative" else reference)
                if not inside(file, base):
                    self.problems.append(f"{where}: plainTextPath {reference!r} points outside "
                                         f"{base}; not read")
                    return None
            if file.suffix.lower() != ".txt":
                self.problems.append(f"{where}: plainTextPath {reference!r}: only .txt files "
                                     "outside the archive are read")
                return None
            if not file.is_file():
                self.problems.append(f"{where}: plainTextPath {reference!r}: {file} is not there")
                return None
            if file.stat().st_size > MAX_SOURCE_BYTES:
                self.problems.append(f"{where}: {file} is larger than "
                                     f"{MAX_SOURCE_BYTES // 2**20} MB")
                return None
            data = file.read_bytes()
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            self.problems.append(f"{where}: {reference} is not UTF-8 text (byte {exc.start})")
            return None

    def _note(self, element: ET.Element) -> list[str]:
        """The Description of `element` and the texts of the notes its NoteRefs name."""
        description = first_child(element, "Description")
        texts = [description.text or ""] if description is not None else []  # kept as written
        for ref in children(element, "NoteRef"):
            note = self.notes.get(clean_guid(ref.get("targetGUID")))
            if note is None:
                self.skipped.append(f"{self.qde}: NoteRef {ref.get('targetGUID')}: no such Note")
                continue
            text = self._load(note, f"{self.qde}: Note {note.get('guid')}")
            texts.append((text or "").replace("\r\n", "\n").replace("\r", "\n").strip())
        return [text for text in texts if text.strip()]

    def _text_source(self, source: ET.Element) -> None:
        guid, name = clean_guid(source.get("guid")), (source.get("name") or "").strip()
        where = f"{self.qde}: TextSource {guid} ({name!r})"
        raw = self._load(source, where)
        if raw is None:
            return
        mapping = RawOffsets(raw)
        text = mapping.stored_text
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
                self.skipped.append(f"{where}: variable {variable!r} left out: {exc}")
                meta[key] = ""
        title = (name if "\n" not in name and "\r" not in name else " ".join(name.split())
                 ) or title_from_text(text) or guid
        self.documents.append(ImportedText(
            source_name=meta["source_name"] or name or f"{guid}.txt", title=title,
            date=meta["date"] or None, text=text, sha256=text_sha256(text), author=meta["author"],
            outlet=meta["outlet"], url=meta["url"], language=meta["language"], uuid=guid or None,
        ))
        if children(source, "Coding"):
            self.skipped.append(f"{where}: codings of the whole source left out")
        for selection in children(source, "PlainTextSelection"):
            self._selection(selection, mapping, self.documents[-1], name or guid)

    def _selection(self, selection: ET.Element, mapping: RawOffsets, doc: ImportedText,
                   source_name: str) -> None:
        guid = clean_guid(selection.get("guid"))
        where = f"{self.qde}: PlainTextSelection {guid}"
        if guid in self.selections:
            self.problems.append(f"{where}: the GUID is used by another selection too")
            return
        try:
            start = int(selection.get("startPosition", ""))
            end = int(selection.get("endPosition", ""))
        except ValueError:
            self.problems.append(f"{where}: startPosition and endPosition must be whole numbers")
            return
        length = mapping.raw_length
        if end > length:
            self.problems.append(f"{where}: endPosition {end} is past the end of source "
                                 f"{source_name!r} ({length} characters)")
            return
        try:
            if start < 0:
                raise InvalidInput(f"startPosition {start} is negative")
            start, end = mapping.span(start, end)
        except InvalidInput as exc:
            self.problems.append(f"{where}: {exc}")
            return
        codings = children(selection, "Coding")
        if not codings:
            self.skipped.append(f"{where}: no Coding (no code), left out")
            return
        note = "\n\n".join(self._note(selection))
        for number, coding in enumerate(codings):
            ref = first_child(coding, "CodeRef")
            code = clean_guid(ref.get("targetGUID")) if ref is not None else ""
            if code not in self.codes:
                self.problems.append(f"{where}: Coding {coding.get('guid')}: CodeRef {code!r} is "
                                     "not a code of the CodeBook")
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
                uuid=guid if number == 0 else stable_guid("coding", f"{guid}/{coding.get('guid')}"),
                note="\n\n".join(part for part in (note, extra) if part),
                created_at=coding.get("creationDateTime") or selection.get("creationDateTime"),
                updated_at=selection.get("modifiedDateTime"),
            )
            self.annotations.append(annotation)
            self.selections.setdefault(guid, annotation)

    def _links(self, links: list[ET.Element], created_at: str) -> list[IncomingLink]:
        incoming = []
        for link in links:
            guid = clean_guid(link.get("guid"))
            origin = self.selections.get(clean_guid(link.get("originGUID")))
            target = self.selections.get(clean_guid(link.get("targetGUID")))
            if origin is None or target is None:
                self.skipped.append(f"{self.qde}: Link {guid}: joins something other than two "
                                    "coded text selections, left out")
                continue
            incoming.append(IncomingLink(f"{self.qde}: Link {guid}", guid,
                                         _relation(link.get("name")), origin.uuid or "",
                                         target.uuid or "", origin.annotator, created_at))
        return incoming


def import_summary(reading: QdpxReading, report: MergeReport) -> list[str]:
    """What an import read, stored and left out, for people."""
    lines = [f"read {reading.batch.source}: {reading.sources} text sources, "
             f"{reading.selections} coded selections"]
    if reading.without_user:
        verb = "names" if reading.without_user == 1 else "name"
        lines.append(f"{counted(reading.without_user, 'selection')} {verb} no user: stored as "
                     f"{reading.stored_as!r}" + ("" if reading.annotator_chosen else
                                                 "; import with --annotator NAME to choose"))
    lines.extend(report.summary_lines())
    if reading.skipped:
        lines.append(f"left out of the REFI-QDA project: {len(reading.skipped)}")
        lines.extend(first_few(reading.skipped, SHOWN_PROBLEMS))
    return lines
