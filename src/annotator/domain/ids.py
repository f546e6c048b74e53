"""Identifiers read from files: only real UUIDs, in their canonical form, become ids (and file
names: `annotator documents` and the REFI-QDA export name files after document ids)."""

from __future__ import annotations

import re
import uuid

from annotator.domain.errors import InvalidInput

_CANONICAL = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def canonical_uuid(value: object) -> str | None:
    """`value` as `str(uuid.UUID(value))` (36 characters, lower case, hyphens), or None when it
    is not a UUID. Braces, upper case and a missing hyphen are accepted and normalised; a path,
    a name or anything else is not."""
    if not isinstance(value, str):
        return None
    if len(value) == 36 and _CANONICAL.fullmatch(value):
        return value
    try:
        return str(uuid.UUID(value.strip()))
    except ValueError:
        return None


def uuid_file_stem(value: str) -> str:
    """The name a file written for the id `value` gets: its canonical UUID. An id that is not a
    UUID (such as `../x`, from a damaged or hostile project) is refused: nothing else ever
    becomes part of a path."""
    checked = canonical_uuid(value)
    if checked is None:
        raise InvalidInput(f"document id {value!r} is not a UUID; no file is named after it")
    return checked
