"""Write REFI-QDA projects (.qdpx): `project.qde` (QDA-XML 1.0) plus `sources/<guid>.txt`.

Users, codes (labels with colour and definition), document metadata as text variables, one text
source per document with one PlainTextSelection per annotation (its note as Description), its
document codes as codings of the whole source (a `Coding` of the `TextSource` itself, which the
schema allows beside its selections), and links. Source texts stream into the zip one document
at a time; project.qde is assembled at the end from a spooled body. Reading lives in `io/qdpx.py`.

Positions. The standard counts a PlainTextSelection's startPosition and endPosition in characters
of the source's plain text (the schema asks only for whole numbers); it does not pin down whether
a character outside the Basic Multilingual Plane (an emoji) is one or two (UTF-16 code units).
Programs count from 0 with the end exclusive, and so do we. We write
each source as its stored text, UTF-8 without a byte-order mark and with LF line breaks, and
positions in code points (Unicode characters) of that text: the questions of a byte-order
mark and of CRLF do not arise, a Unicode character is one character whatever the reader's
strings are made of, and the positions are the stored offsets, unchanged. A reader counting
UTF-16 code units would shift spans after an emoji; each selection's `name` carries the start of
its text (cut at 60 characters with `…`), so a reader can check where it lands, as ours does:
our import accepts both counts.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO

from annotator.domain.clock import utc_now_iso
from annotator.domain.ids import uuid_file_stem
from annotator.domain.records import (
    AnnotationInfo,
    DocumentCodeInfo,
    DocumentInfo,
    LabelInfo,
    LinkInfo,
)
from annotator.domain.wording import ntext
from annotator.i18n import _
from annotator.io.atomic import close_source, replaced_when_done
from annotator.io.qdpx import (
    PROJECT_FILE,
    QDA_NAMESPACE,
    VARIABLES,
    stable_guid,
    xsd_datetime,
)
from annotator.io.qdpx_xml import HEX_COLOR

SELECTION_NAME_LENGTH = 60

#: One document for the writer: its record, stored text, annotations and the links among them.
QdpxSource = tuple[DocumentInfo, str, Sequence[AnnotationInfo], Sequence[LinkInfo]]

_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class LeftOutKind(StrEnum):
    """What an export left out of the REFI-QDA project (a reason code)."""

    CODE_NOTES = "code_notes"  # values: count
    LINK_OUTSIDE = "link_outside"  # values: link, relation


class LeftOut(str):
    """One thing an export left out: its `kind` and `values`. As a string it is the English record
    (logs, comparisons); what people read is `left_out_wording(item)`."""

    __slots__ = ("kind", "values")
    kind: LeftOutKind
    values: dict[str, object]

    def __new__(cls, kind: LeftOutKind, **values: object) -> LeftOut:
        made = super().__new__(cls, _left_out_text(kind, values, english=True))
        made.kind = kind
        made.values = values
        return made

    def __reduce__(self) -> tuple[object, ...]:
        return (_left_out, (self.kind, self.values))


def _left_out(kind: LeftOutKind, values: dict[str, object]) -> LeftOut:
    return LeftOut(kind, **values)


#: The English records of LeftOutKind.CODE_NOTES (singular, plural); `_left_out_text` words them
#: for people with the same msgids.
_CODE_NOTES = ("{count} note of document codes left out (a coding of a whole source carries no description)",
               "{count} notes of document codes left out (a coding of a whole source carries no description)")
_LINK_OUTSIDE = "link {link} ({relation}) joins a span that is not exported: left out"


def _left_out_text(kind: LeftOutKind, values: Mapping[str, object], english: bool = False) -> str:
    if kind is LeftOutKind.CODE_NOTES:
        count = int(values["count"])  # type: ignore[call-overload]
        if english:
            return _CODE_NOTES[count != 1].format(count=count)
        return ntext(count, "{count} note of document codes left out (a coding of a whole source carries "
                     "no description)", "{count} notes of document codes left out (a coding of a whole "
                     "source carries no description)")
    if english:
        return _LINK_OUTSIDE.format(**values)
    return _("link {link} ({relation}) joins a span that is not exported: left out").format(**values)


def left_out_wording(item: str) -> str:
    """What an export left out, as the reader's language words it (other text as it is)."""
    return _left_out_text(item.kind, item.values) if isinstance(item, LeftOut) else item


@dataclass(frozen=True, slots=True)
class QdpxExport:
    """What `write_qdpx` wrote and what it could not carry."""

    path: str
    documents: int
    annotations: int
    links: int
    codes: int
    users: int
    skipped: tuple[str, ...]
    document_codes: int = 0


def _text(value: str) -> str:
    value = _NOT_XML.sub("\ufffd", value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace(
        "\r", "&#13;")


def _attr(value: object) -> str:
    escaped = _text(str(value)).replace('"', "&quot;")
    return escaped.replace("\n", "&#10;").replace("\t", "&#9;")


def _tag(element: str, close: bool = False, /, **attrs: object) -> str:
    """`<element a="v" ...>` (or `.../>` when `close`); empty and None values are left out."""
    pairs = "".join(f' {key}="{_attr(value)}"' for key, value in attrs.items()
                    if value not in (None, ""))
    return f"<{element}{pairs}{'/' if close else ''}>"


def _selection_name(covered: str) -> str:
    if len(covered) <= SELECTION_NAME_LENGTH:
        return covered
    return covered[: SELECTION_NAME_LENGTH - 1] + "\u2026"


class _Writer:
    """Builds project.qde: sources are written into a spooled body as documents stream by."""

    def __init__(self, users: Sequence[str], labels: Sequence[LabelInfo],
                 document_codes: Mapping[int, Sequence[DocumentCodeInfo]] | None = None) -> None:
        self.document_codes = document_codes or {}
        self.document_codes_written = 0
        self.notes_left_out = 0
        self.users = {name: stable_guid("user", name) for name in users}
        self.labels = list(labels)
        self.codes = {label.name: stable_guid("code", label.name.casefold()) for label in labels}
        self.variables_used: set[str] = set()
        self.uuid_of: dict[int, str] = {}
        self.links: list[LinkInfo] = []
        self.skipped: list[str] = []
        self.documents = self.annotations = self.links_written = 0

    def user(self, name: str) -> str:
        return self.users.setdefault(name, stable_guid("user", name))

    def code(self, name: str) -> str:
        if name not in self.codes:  # a label missing from `labels`: still written as a code
            self.codes[name] = stable_guid("code", name.casefold())
            self.labels.append(LabelInfo(0, "", name, "", None, "", len(self.labels)))
        return self.codes[name]

    def text_source(
        self, doc: DocumentInfo, text: str, annotations: Iterable[AnnotationInfo]
    ) -> str:
        guid = uuid_file_stem(doc.uuid)  # names the source's file in the archive
        parts = [_tag("TextSource", guid=guid, name=doc.title,
                      plainTextPath=f"internal://{guid}.txt")]
        for ann in sorted(annotations, key=lambda a: (a.start, a.end, a.label, a.uuid)):
            self.uuid_of[ann.id] = ann.uuid
            user, created = self.user(ann.annotator), xsd_datetime(ann.created_at)
            parts.append(_tag(
                "PlainTextSelection", guid=ann.uuid, name=_selection_name(text[ann.start:ann.end]),
                startPosition=ann.start, endPosition=ann.end, creatingUser=user,
                creationDateTime=created, modifiedDateTime=xsd_datetime(ann.updated_at),
            ))
            description = f"<Description>{_text(ann.note)}</Description>" if ann.note else ""
            parts[-1] += (description
                          + _tag("Coding", guid=stable_guid("coding", ann.uuid), creatingUser=user,
                                 creationDateTime=created)
                          + _tag("CodeRef", True, targetGUID=self.code(ann.label))
                          + "</Coding></PlainTextSelection>")
            self.annotations += 1
        for code in sorted(self.document_codes.get(doc.id, ()),
                           key=lambda c: (c.label, c.annotator, c.uuid)):
            parts.append(_tag("Coding", guid=code.uuid, creatingUser=self.user(code.annotator),
                              creationDateTime=xsd_datetime(code.created_at))
                         + _tag("CodeRef", True, targetGUID=self.code(code.label)) + "</Coding>")
            self.document_codes_written += 1
            self.notes_left_out += bool(code.note)
        for name, attribute in VARIABLES:
            value = getattr(doc, attribute) or ""
            if value:
                self.variables_used.add(name)
                parts.append("<VariableValue>"
                             + _tag("VariableRef", True, targetGUID=stable_guid("variable", name))
                             + f"<TextValue>{_text(value)}</TextValue></VariableValue>")
        parts.append("</TextSource>\n")
        self.documents += 1
        return "\n".join(parts)

    def head(self, project_name: str) -> str:
        parts = ['<?xml version="1.0" encoding="UTF-8"?>\n',
                 _tag("Project", xmlns=QDA_NAMESPACE, name=project_name, origin="Annotator",
                      creationDateTime=utc_now_iso()) + "\n"]
        if self.users:
            parts.append("<Users>\n")
            parts.extend(_tag("User", True, guid=guid, name=name) + "\n"
                         for name, guid in self.users.items())
            parts.append("</Users>\n")
        if self.labels:
            parts.append("<CodeBook><Codes>\n")
            for label in self.labels:
                color = label.color[:7] if HEX_COLOR.fullmatch(label.color[:7]) else None
                parts.append(_tag("Code", guid=self.codes[label.name], name=label.name,
                                  isCodable="true", color=color))
                if label.definition:
                    parts.append(f"<Description>{_text(label.definition)}</Description>")
                parts.append("</Code>\n")
            parts.append("</Codes></CodeBook>\n")
        if self.variables_used:
            parts.append("<Variables>\n")
            parts.extend(_tag("Variable", True, guid=stable_guid("variable", name), name=name,
                              typeOfVariable="Text") + "\n"
                         for name, _ in VARIABLES if name in self.variables_used)
            parts.append("</Variables>\n")
        if self.documents:
            parts.append("<Sources>\n")
        return "".join(parts)

    def tail(self) -> str:
        parts = ["</Sources>\n"] if self.documents else []
        if self.notes_left_out:
            self.skipped.append(LeftOut(LeftOutKind.CODE_NOTES, count=self.notes_left_out))
        links = []
        for link in sorted(self.links, key=lambda item: item.uuid):
            origin = self.uuid_of.get(link.from_annotation_id)
            target = self.uuid_of.get(link.to_annotation_id)
            if origin is None or target is None:
                self.skipped.append(LeftOut(LeftOutKind.LINK_OUTSIDE, link=link.uuid,
                                            relation=link.relation))
                continue
            links.append(_tag("Link", True, guid=link.uuid, name=link.relation, direction="OneWay",
                              originGUID=origin, targetGUID=target) + "\n")
        if links:
            parts.extend(["<Links>\n", *links, "</Links>\n"])
        self.links_written = len(links)
        parts.append("</Project>\n")
        return "".join(parts)


def write_qdpx(
    target: Path | str | IO[bytes], project_name: str, users: Sequence[str],
    labels: Sequence[LabelInfo], sources: Iterable[QdpxSource], project: Path | None = None,
    document_codes: Mapping[int, Sequence[DocumentCodeInfo]] | None = None,
) -> QdpxExport:
    """Write a .qdpx; a path appears only once complete. Sources stream one at a time.

    `document_codes` (by document id) are written as codings of their documents' sources.
    `project` (the file the export comes from) is never written over.
    """
    try:
        if isinstance(target, (str, Path)):
            with replaced_when_done(Path(target), project=project) as out:
                return _write(out, str(target), project_name, users, labels, sources,
                              document_codes)
        return _write(target, getattr(target, "name", "qdpx"), project_name, users, labels,
                      sources, document_codes)
    finally:
        close_source(sources)


def _write(out: IO[bytes], name: str, project_name: str, users: Sequence[str],
           labels: Sequence[LabelInfo], sources: Iterable[QdpxSource],
           document_codes: Mapping[int, Sequence[DocumentCodeInfo]] | None = None) -> QdpxExport:
    writer = _Writer(users, labels, document_codes)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive, \
            tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024) as body:
        for document, text, annotations, links in sources:
            archive.writestr(f"sources/{uuid_file_stem(document.uuid)}.txt",
                             text.encode("utf-8"))
            body.write(writer.text_source(document, text, annotations).encode("utf-8"))
            writer.links.extend(links)
        tail = writer.tail()
        with archive.open(PROJECT_FILE, "w") as qde:
            qde.write(writer.head(project_name).encode("utf-8"))
            body.seek(0)
            shutil.copyfileobj(body, qde)
            qde.write(tail.encode("utf-8"))
    return QdpxExport(name, writer.documents, writer.annotations, writer.links_written,
                      len(writer.codes), len(writer.users), tuple(writer.skipped),
                      writer.document_codes_written)


def export_summary(result: QdpxExport) -> list[str]:
    """What an export wrote and left out, for people, in their language."""
    wrote = {"path": result.path,
             "documents": ntext(result.documents, "{count} document", "{count} documents"),
             "selections": ntext(result.annotations, "{count} selection", "{count} selections"),
             "links": ntext(result.links, "{count} link", "{count} links"),
             "codes": ntext(result.codes, "{count} code", "{count} codes"),
             "users": ntext(result.users, "{count} user", "{count} users")}
    if result.document_codes:
        codes = ntext(result.document_codes, "{count} document code", "{count} document codes")
        lines = [_("Wrote {path}: {documents}, {selections}, {links}, {codes}, {users}, "
                   "{document_codes}").format(document_codes=codes, **wrote)]
    else:
        lines = [_("Wrote {path}: {documents}, {selections}, {links}, {codes}, {users}").format(**wrote)]
    lines.extend(f"  {left_out_wording(item)}" for item in result.skipped)
    return lines
