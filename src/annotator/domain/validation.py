"""Rules every annotation and label obeys, checked before anything is written."""

from __future__ import annotations

import re

from annotator.domain.error_wording import ErrorCode
from annotator.domain.errors import InvalidInput

_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
SHORTCUT_KEYS = "123456789"


def check_offsets(start: int, end: int, length: int) -> None:
    """Refuse a span unless 0 <= start < end <= length (code points)."""
    if not (isinstance(start, int) and isinstance(end, int)):
        raise InvalidInput(code=ErrorCode.OFFSETS_NOT_WHOLE, start=start, end=end)
    if not 0 <= start < end <= length:
        raise InvalidInput(code=ErrorCode.SPAN_OUTSIDE_DOCUMENT, start=start, end=end, length=length)


def clean_annotator(name: str) -> str:
    """The annotator's name, trimmed; refuse an empty one."""
    cleaned = (name or "").strip()
    if not cleaned:
        raise InvalidInput(code=ErrorCode.EMPTY_ANNOTATOR)
    return cleaned


def clean_label_name(name: str) -> str:
    """A label name, trimmed; refuse an empty one or one with line breaks."""
    cleaned = (name or "").strip()
    if not cleaned:
        raise InvalidInput(code=ErrorCode.LABEL_NEEDS_NAME)
    if "\n" in cleaned or "\r" in cleaned or len(cleaned) > 64:
        raise InvalidInput(code=ErrorCode.LABEL_NAME_NOT_ONE_LINE, label=cleaned[:64])
    return cleaned


def check_color(color: str) -> str:
    """A `#rrggbb` colour, lower-cased."""
    if not _COLOR.match(color or ""):
        raise InvalidInput(code=ErrorCode.BAD_COLOR, color=color)
    return color.lower()


def check_shortcut(key: str | None) -> str | None:
    """A label shortcut: one of the keys 1-9, or none."""
    if key in (None, ""):
        return None
    if key not in SHORTCUT_KEYS or len(key) != 1:
        raise InvalidInput(code=ErrorCode.BAD_SHORTCUT, key=key)
    return key


#: Colours offered to new labels, in order (the colour-blind-safe Okabe-Ito palette first).
NEW_LABEL_COLORS = ("#009e73", "#0072b2", "#d55e00", "#f0e442", "#56b4e9", "#e69f00", "#cc79a7", "#999999")


def suggest_new_label(
    names: list[str], colors: list[str], keys: list[str | None]
) -> tuple[str, str, str | None]:
    """A free name, an unused colour and a free shortcut key for a label being added."""
    taken = {name.casefold() for name in names}
    name, n = "new label", 1
    while name in taken:
        n += 1
        name = f"new label {n}"
    used = {color.lower() for color in colors}
    color = next((c for c in NEW_LABEL_COLORS if c not in used), NEW_LABEL_COLORS[0])
    key = next((k for k in SHORTCUT_KEYS if k not in keys), None)
    return name, color, key
