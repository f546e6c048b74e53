"""Small helpers for messages people read, in the language in force (annotator.i18n)."""

from __future__ import annotations

from collections.abc import Sequence

from annotator.i18n import ngettext, number


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """`1 document`, `2 documents` (`plural` for irregular nouns), translated through the
    catalogue's plural forms (`0 document` in French). Pass `plural` explicitly so that the
    extractor finds both forms: `counted(n, "document", "documents")`."""
    return f"{number(n)} {ngettext(noun, plural or noun + 's', n)}"


def ntext(n: int, singular: str, plural: str, **fields: object) -> str:
    """The sentence for `n` in the language's plural form, `{count}` filled with `number(n)` and
    the other `{name}` placeholders with `fields`:
    `ntext(n, "{count} link written to {file}", "{count} links written to {file}", file=out)`."""
    return ngettext(singular, plural, n).format(count=number(n), **fields)


def first_few(items: Sequence[str], shown: int) -> list[str]:
    """The first `shown` items, indented, then `… and N more` if there are more."""
    lines = [f"  {item}" for item in items[:shown]]
    if len(items) > shown:
        more = len(items) - shown
        lines.append("  " + ntext(more, "… and {count} more", "… and {count} more"))
    return lines
