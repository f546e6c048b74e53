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


class PrologCheck:
    """Reads the start of an XML document as it arrives, until it is known whether it declares
    a DOCTYPE (entities could expand without bound): `doctype` is True at a DOCTYPE, False once
    the root element starts or the XML turns out malformed (the full parse names the line),
    None until then."""

    def __init__(self) -> None:
        self.doctype: bool | None = None
        self._parser = expat.ParserCreate()
        self._parser.StartDoctypeDeclHandler = self._found_doctype
        self._parser.StartElementHandler = self._found_element

    @staticmethod
    def _found_doctype(*_: object) -> None:
        raise _PrologDone(True)

    @staticmethod
    def _found_element(*_: object) -> None:
        raise _PrologDone(False)

    def feed(self, data: bytes, final: bool = False) -> None:
        """Read the next piece of the document (`final`: the last)."""
        if self.doctype is not None:
            return
        try:
            self._parser.Parse(data, final)
        except _PrologDone as done:
            self.doctype = done.found
        except expat.ExpatError:
            self.doctype = False
        if final and self.doctype is None:
            self.doctype = False


def inside(file: Path, folder: Path) -> bool:
    """True when `file` (symbolic links followed) lies under `folder`."""
    try:
        file.resolve().relative_to(folder.resolve())
    except (ValueError, OSError):
        return False
    return True
