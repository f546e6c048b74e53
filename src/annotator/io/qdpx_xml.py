"""Small helpers for reading QDA-XML: namespace-blind element access, GUIDs, colours, and the
checks that keep a hostile project.qde harmless (no DOCTYPE, no paths outside the project)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from xml.parsers import expat

HEX_COLOR = re.compile(r"#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")


def tag_name(tag: object) -> str:
    """An element's tag without its namespace (files without the namespace read the same)."""
    return str(tag).rpartition("}")[2]


def children(element: ET.Element | None, name: str) -> list[ET.Element]:
    """The child elements named `name` (any namespace)."""
    return [] if element is None else [child for child in element if tag_name(child.tag) == name]


def first_child(element: ET.Element | None, name: str) -> ET.Element | None:
    """The first child element named `name`, else None."""
    found = children(element, name)
    return found[0] if found else None


def clean_guid(value: str | None) -> str:
    """A GUID as we store UUIDs: no braces, lower case."""
    return (value or "").strip().strip("{}").lower()


def hex_color(value: str | None) -> str | None:
    """`#rrggbb` (lower case) of a `#rgb` or `#rrggbb` colour, else None."""
    value = (value or "").strip()
    if not HEX_COLOR.fullmatch(value):
        return None
    return ("#" + "".join(c * 2 for c in value[1:]) if len(value) == 4 else value).lower()


class _PrologDone(Exception):
    """Raised by the prolog scan: the root element starts (found=False) or a DOCTYPE (True)."""

    def __init__(self, found: bool) -> None:
        super().__init__(found)
        self.found = found


def has_doctype(data: bytes) -> bool:
    """True when the XML declares a DOCTYPE (entities could expand without bound); only the
    prolog is parsed."""
    parser = expat.ParserCreate()

    def doctype(*_: object) -> None:
        raise _PrologDone(True)

    def element(*_: object) -> None:
        raise _PrologDone(False)

    parser.StartDoctypeDeclHandler = doctype
    parser.StartElementHandler = element
    try:
        parser.Parse(data, True)
    except _PrologDone as done:
        return done.found
    except expat.ExpatError:
        return False  # malformed: the full parse names the line
    return False


def inside(file: Path, folder: Path) -> bool:
    """True when `file` (symbolic links followed) lies under `folder`."""
    try:
        file.resolve().relative_to(folder.resolve())
    except (ValueError, OSError):
        return False
    return True
