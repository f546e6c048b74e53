"""Timestamps as stored and exported: ISO 8601, UTC, millisecond precision."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now_iso() -> str:
    """The current time as `2026-11-27T08:30:00.123Z`."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
