"""Small helpers for messages people read."""

from __future__ import annotations

from collections.abc import Sequence


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """`1 document`, `2 documents` (`plural` for irregular nouns)."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def first_few(items: Sequence[str], shown: int) -> list[str]:
    """The first `shown` items, indented, then `… and N more` if there are more."""
    lines = [f"  {item}" for item in items[:shown]]
    if len(items) > shown:
        lines.append(f"  … and {len(items) - shown} more")
    return lines
