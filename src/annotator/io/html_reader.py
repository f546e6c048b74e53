"""Saved news pages (.html, .htm): the article's main text and its metadata, with trafilatura.

What is kept: the article's headings, paragraphs, lists and quotes, in page order, each block
separated from the next by a blank line (line breaks inside a block stay single newlines).
What is dropped: navigation, menus, ads, related links, comments, footers, tables, images and
link targets. Metadata: title, date (YYYY-MM-DD, only from the page's markup, never guessed from
the text), author, outlet (the site name), URL (canonical or og:url) and language (the page's
lang attribute or content-language declaration).
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Any

from annotator.domain.records import ImportedText
from annotator.domain.text import normalise_text
from annotator.io.extraction import (
    ExtractProblem,
    article_record,
    iso_day,
    join_blocks,
    quiet_libraries,
    refuse,
)
from annotator.io.read_problems import ReadProblem
from annotator.io.readers import MAX_HTML_BYTES, decode_text, read_file_bytes

# Where a page declares its encoding: <meta charset>, <meta http-equiv content="...; charset=">,
# or an XML declaration. Browsers look at the first 1024 bytes; saved pages sometimes put long
# comments first, so a little more is searched.
_PRESCAN_BYTES = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")
# Web pages labelled Latin-1 or ASCII are decoded as windows-1252, as browsers do.
_AS_CP1252 = frozenset({"latin_1", "iso8859_1", "ascii", "cp1252"})
_LANG_META = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")

_LOGGERS = ("trafilatura", "htmldate", "courlan", "justext", "charset_normalizer")



def read_html_file(path: Path, max_bytes: int = MAX_HTML_BYTES) -> ImportedText:
    """Extract the article of a saved web page; raise ImportProblem if the page has none or is
    larger than `max_bytes` (the extractor's time grows quickly with the page's size)."""
    path = Path(path)
    raw = read_file_bytes(path, max_bytes, "a saved web page")
    markup = decode_html(raw, str(path))
    if "\x00" in markup:
        raise refuse(path, ReadProblem.BINARY)
    return extract_article(path, markup)


def decode_html(raw: bytes, name: str) -> str:
    """Decode a page: byte-order mark, then strict UTF-8, then the charset the page declares
    (when its bytes fit it), then the guesses used for plain-text files.

    Valid UTF-8 wins over a declared charset: pages saved as UTF-8 but still labelled Latin-1 are
    common, while legacy-encoded text is almost never valid UTF-8.
    """
    if raw.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return decode_text(raw, name)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = declared_encoding(raw)
    if declared is not None:
        try:
            return raw.decode(declared)
        except UnicodeDecodeError:
            pass  # the label is wrong (often UTF-8 pages labelled Latin-1): guess instead
    return decode_text(raw, name)


def declared_encoding(raw: bytes) -> str | None:
    """The Python codec of the charset a page declares in its first bytes, or None."""
    head = raw[:_PRESCAN_BYTES]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if match is None:
        return None
    try:
        codec = codecs.lookup(match.group(1).decode("ascii")).name.replace("-", "_")
    except (LookupError, UnicodeDecodeError):
        return None
    if codec in _AS_CP1252:
        return "cp1252"
    if codec.startswith(("utf_16", "utf_32")):
        return None  # a page read as 8-bit text cannot really be UTF-16 (that needs a BOM)
    return codec


def extract_article(path: Path, markup: str) -> ImportedText:
    """The article text and metadata of decoded page markup."""
    import trafilatura

    markup = normalise_text(markup)
    with quiet_libraries(*_LOGGERS):
        tree = trafilatura.load_html(markup) if markup.strip() else None
        if tree is None:
            raise refuse(path, ExtractProblem.NOT_HTML)
        language = page_language(tree)
        document = trafilatura.bare_extraction(
            tree,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            include_formatting=False,
            deduplicate=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
        text = join_blocks(_blocks(document))
    if not text:
        raise refuse(path, ExtractProblem.NO_ARTICLE)
    return article_record(
        path,
        text,
        title=getattr(document, "title", None),
        date=iso_day(getattr(document, "date", None)),
        author=_authors(getattr(document, "author", None)),
        outlet=getattr(document, "sitename", None),
        url=getattr(document, "url", None),
        language=language,
    )


def _blocks(document: Any) -> list[str]:
    """One string per top-level block of the extracted body (heading, paragraph, list, quote)."""
    from trafilatura.xml import xmltotxt

    body = getattr(document, "body", None)
    if body is None:
        return []
    blocks = []
    for child in body:
        child.tail = None
        blocks.append(xmltotxt(child, False))
    return blocks


def _authors(value: object) -> str | None:
    """trafilatura separates several authors with "; "; keep that."""
    return None if value is None else str(value)


def page_language(tree: Any) -> str:
    """The page's language tag: <html lang>, xml:lang, or a content-language declaration."""
    root = tree.getroottree().getroot() if hasattr(tree, "getroottree") else tree
    for value in (
        root.get("lang"),
        root.get("xml:lang"),
        *root.xpath("//meta[translate(@http-equiv, 'CONTENT-LANGUAGE', 'content-language')"
                    "='content-language']/@content"),
    ):
        tag = (value or "").split(",")[0].strip()
        if _LANG_META.match(tag):
            return tag.replace("_", "-")
    return ""
