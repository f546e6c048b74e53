"""Word documents (.docx): the body's paragraphs in order, with python-docx.

What is kept: every paragraph of the body in document order (headings included, each as its own
line), paragraphs inside tables (cell by cell, row by row) and inside content controls, text
inserted with tracked changes; paragraphs are separated by a blank line, a line break inside a
paragraph stays a single newline, empty paragraphs are dropped.
What is dropped: footnotes and endnotes (and their reference marks), comments, headers and footers,
text boxes, text deleted with tracked changes, list numbers and bullets, images.
Metadata: the document properties' title, author, creation date (YYYY-MM-DD) and language.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from functools import cache
from pathlib import Path
from typing import Any

from annotator.domain.records import ImportedText
from annotator.io.extraction import (
    ExtractProblem,
    article_record,
    iso_day,
    join_blocks,
    quiet_libraries,
    refuse,
)
from annotator.io.readers import MAX_FILE_BYTES, megabytes, read_file_bytes
from annotator.io.zip_limits import MIB, ZipBudget, ZipLimits, ZipTooLarge

_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An encrypted Office file is a compound file holding a stream of this name (UTF-16 in its
# directory); an old Word .doc is a compound file without it.
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")
_QUOTED = re.compile(r"'([^']+)'")
_LXML_WHERE = re.compile(r",? line [0-9]+, column [0-9]+.*$")
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# Runs that show in the document as it reads with tracked changes accepted: also those inside
# hyperlinks, simple fields (dates, references), inline content controls and smart tags; not
# deleted or moved-away text, nor text boxes (paragraphs of their own inside a drawing).
_RUNS = (".//w:r[not(ancestor::w:del or ancestor::w:moveFrom or ancestor::w:txbxContent"
         " or ancestor::w:pict)]")


#: How far a Word file may expand: every part is read (and the XML parsed) by python-docx, so
#: the whole package is checked before it is opened. Real articles' parts are well under 1 MB.
DOCX_LIMITS = ZipLimits(member=32 * MIB, total=64 * MIB)


class _TooMuchText(Exception):
    """The paragraphs read so far are past the text limit."""


def read_docx_file(
    path: Path, max_bytes: int = MAX_FILE_BYTES, limits: ZipLimits = DOCX_LIMITS,
    max_text: int = MAX_FILE_BYTES,
) -> ImportedText:
    """Read a .docx article; raise ImportProblem for a protected, damaged, oversized (a file
    over `max_bytes`, an archive expanding past `limits`, a text over `max_text` bytes of UTF-8,
    found while the paragraphs are read) or empty document."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    path = Path(path)
    raw = read_file_bytes(path, max_bytes)
    if raw.startswith(_CFB_MAGIC):
        locked = _ENCRYPTION_STREAM in raw
        raise refuse(path, ExtractProblem.DOCX_PASSWORD if locked else ExtractProblem.OLD_WORD)
    if not raw.startswith(b"PK"):
        raise refuse(path, ExtractProblem.NOT_ZIP)
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            ZipBudget(archive, limits).check_all()
    except ZipTooLarge as exc:
        raise refuse(path, ExtractProblem.NOT_READ, refusal=exc) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, ValueError):
        raise refuse(path, ExtractProblem.DAMAGED_ZIP) from None
    except (NotImplementedError, RuntimeError) as exc:  # an unknown compression, encryption
        raise refuse(path, ExtractProblem.DAMAGED_DOCX, detail=str(exc)) from None
    with quiet_libraries("docx"):
        try:
            document = docx.Document(io.BytesIO(raw))
        except (zipfile.BadZipFile, PackageNotFoundError, zipfile.LargeZipFile):
            raise refuse(path, ExtractProblem.DAMAGED_ZIP) from None
        except KeyError as err:
            missing = _QUOTED.search(str(err))
            part = missing.group(1) if missing else str(err)
            raise refuse(path, ExtractProblem.DOCX_PART_MISSING, part=part) from None
        except Exception as err:  # a damaged part may fail in many ways
            raise refuse(path, ExtractProblem.DAMAGED_DOCX, detail=_describe(path, err)) from None
        if "wordprocessingml.document.main" not in document.part.content_type:
            raise refuse(path, ExtractProblem.NOT_WORD)
        try:
            text = join_blocks(_paragraph_texts(document.element.body, [max_text]))
        except _TooMuchText:
            raise refuse(path, ExtractProblem.TEXT_TOO_LARGE, limit=megabytes(max_text)) from None
        properties = document.core_properties
    if not text:
        raise refuse(path, ExtractProblem.NO_TEXT)
    return article_record(
        path,
        text,
        title=properties.title,
        date=iso_day(properties.created),
        author=properties.author,
        language=properties.language,
    )


def _paragraph_texts(container: Any, room: list[int]) -> list[str]:
    """The text of each paragraph under a body, cell or content control, in document order;
    `room[0]` is how many more bytes of text may come (_TooMuchText past it)."""
    texts: list[str] = []
    for child in container.iterchildren():
        tag = child.tag
        if tag == f"{{{_W}}}p":
            text = "".join(run.text for run in _runs()(child))
            room[0] -= len(text.encode("utf-8")) + 2  # and the blank line after it
            if room[0] < 0:
                raise _TooMuchText
            texts.append(text)
        elif tag == f"{{{_W}}}tbl":
            for cell in child.xpath("./w:tr/w:tc"):
                texts.extend(_paragraph_texts(cell, room))
        elif tag == f"{{{_W}}}sdt":
            for content in child.xpath("./w:sdtContent"):
                texts.extend(_paragraph_texts(content, room))
    return texts


@cache
def _runs() -> Any:
    """_RUNS compiled once (a paragraph's runs are looked up for every paragraph)."""
    from lxml import etree

    return etree.XPath(_RUNS, namespaces={"w": _W})


def _describe(path: Path, err: Exception) -> str:
    """A short reason for a failed load, naming the broken XML part and line when there is one."""
    from lxml import etree

    if isinstance(err, etree.XMLSyntaxError):
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if not name.endswith((".xml", ".rels")):
                    continue
                try:
                    etree.fromstring(archive.read(name))
                except etree.XMLSyntaxError as found:
                    line, column = found.position
                    reason = _LXML_WHERE.sub("", found.msg or str(found))
                    return f"{name} line {line}, column {column}: {reason}"
    return str(err).split("\n")[0] or type(err).__name__
