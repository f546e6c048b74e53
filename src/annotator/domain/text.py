"""Rules for stored text: line-break normalisation, hashing, titles and the seed header."""

from __future__ import annotations

import hashlib
import re
import unicodedata

BOM = "\ufeff"
ELLIPSIS = "\u2026"

# " date 2022-11 Title": optional leading blanks, the word `date`, YYYY-MM, then a title.
_SEED_HEADER = re.compile(r"[ \t]*date[ \t]+([0-9]{4}-(?:0[1-9]|1[0-2]))[ \t]+(\S.*)")


def normalise_text(decoded: str) -> str:
    """Drop one leading BOM and turn CRLF and lone CR into LF; change nothing else."""
    if decoded.startswith(BOM):
        decoded = decoded[1:]
    return decoded.replace("\r\n", "\n").replace("\r", "\n")


def text_sha256(text: str) -> str:
    """Hex SHA-256 of the UTF-8 encoding of `text`."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_seed_header(text: str) -> tuple[str | None, str | None]:
    """Return (date "YYYY-MM", title) from a " date YYYY-MM Title" first line, else (None, None)."""
    first_line = text.split("\n", 1)[0].rstrip("\r")
    match = _SEED_HEADER.fullmatch(first_line)
    if match is None:
        return None, None
    title = match.group(2).strip()
    if not title:
        return None, None
    return match.group(1), title


def title_from_text(text: str, max_len: int = 200) -> str:
    """First non-blank line, stripped, cut to `max_len` on a word boundary with an ellipsis."""
    if max_len < 1:
        raise ValueError("max_len must be at least 1")
    for line in text.splitlines():
        stripped = line.strip()
        if stripped:
            return _shorten(stripped, max_len)
    return ""


def _shorten(line: str, max_len: int) -> str:
    """Cut `line` to at most `max_len` characters, ellipsis included, preferring a word boundary."""
    if len(line) <= max_len:
        return line
    limit = max_len - 1  # room for the ellipsis
    cut = line[:limit]
    if not line[limit].isspace():
        boundary = _last_space(cut)
        # Only back up to a word boundary when it keeps at least half of the allowed length.
        if boundary >= limit // 2 and boundary > 0:
            cut = cut[:boundary]
    # Never separate a base letter from the combining marks that follow it.
    while cut and unicodedata.combining(line[len(cut)]):
        cut = cut[:-1]
    cut = cut.rstrip().rstrip(",;:").rstrip()
    return cut + ELLIPSIS


def _last_space(value: str) -> int:
    """Index of the last whitespace character in `value`, or -1."""
    for index in range(len(value) - 1, -1, -1):
        if value[index].isspace():
            return index
    return -1
