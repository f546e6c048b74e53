"""Files shipped with Annotator: the default codebook, icons and the seed article."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from annotator.domain.errors import InvalidInput

_CHECKOUT_ROOT = Path(__file__).resolve().parents[2]
_COLOR_PATTERN = re.compile(r"#[0-9a-fA-F]{6}")
_CODEBOOK_KEYS = ("name", "color", "shortcut", "definition")


@dataclass(frozen=True, slots=True)
class DefaultLabel:
    """One label of a codebook file, before it is stored in a project."""

    name: str
    color: str
    shortcut: str | None
    definition: str


def _shipped_dir(name: str) -> Path:
    """The installed package's copy of a top-level folder, else the source checkout's."""
    installed = files("annotator") / name
    if isinstance(installed, Path) and installed.is_dir():
        return installed
    checkout = _CHECKOUT_ROOT / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(
        f"Annotator's {name!r} folder is missing: looked in {installed} and {checkout}; "
        "reinstall Annotator"
    )


def resource_path(*parts: str) -> Path:
    """Path of a file (or folder) under the shipped `resources/`; FileNotFoundError if absent."""
    path = _shipped_dir("resources").joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"Annotator resource not found: {path}")
    return path


def seeds_dir() -> Path:
    """Folder holding the sample articles shipped with Annotator."""
    return _shipped_dir("seeds")


def icon_path(name: str) -> Path:
    """Path of a shipped SVG icon, by name with or without `.svg` (e.g. "undo")."""
    if not name or "/" in name or "\\" in name:
        raise FileNotFoundError(f"not an icon name: {name!r}")
    filename = name if name.endswith(".svg") else f"{name}.svg"
    return resource_path("icons", filename)


def load_default_codebook() -> list[DefaultLabel]:
    """The codebook new projects start with (source, claim, framing)."""
    return load_codebook(resource_path("codebook.json"))


def load_codebook(path: Path) -> list[DefaultLabel]:
    """Read and check a codebook JSON file: a list of {name, color, shortcut, definition}."""
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"{path}: cannot read the codebook ({exc})") from exc
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{path}: line {exc.lineno}: not valid JSON ({exc.msg})") from exc
    return _parse_codebook(data, str(path))


def _parse_codebook(data: object, origin: str) -> list[DefaultLabel]:
    """Check the decoded JSON and build the labels; errors name `origin` and the entry."""
    if not isinstance(data, list) or not data:
        raise InvalidInput(f"{origin}: a codebook must be a non-empty JSON list of labels")
    labels = [
        _parse_label(entry, f"{origin}: label {index}") for index, entry in enumerate(data, 1)
    ]
    _reject_duplicates([label.name.casefold() for label in labels], "name", origin)
    _reject_duplicates(
        [label.shortcut for label in labels if label.shortcut is not None], "shortcut", origin
    )
    return labels


def _parse_label(entry: object, where: str) -> DefaultLabel:
    """One codebook entry, checked field by field."""
    if not isinstance(entry, dict):
        raise InvalidInput(f"{where}: expected an object with {', '.join(_CODEBOOK_KEYS)}")
    unknown = sorted(set(entry) - set(_CODEBOOK_KEYS))
    if unknown:
        raise InvalidInput(f"{where}: unknown field(s) {', '.join(unknown)}")
    missing = [key for key in _CODEBOOK_KEYS if key not in entry]
    if missing:
        raise InvalidInput(f"{where}: missing field(s) {', '.join(missing)}")
    name, color, shortcut, definition = (entry[key] for key in _CODEBOOK_KEYS)
    if not isinstance(name, str) or not name.strip():
        raise InvalidInput(f"{where}: name must be a non-empty string")
    where = f"{where} ({name})"
    if not isinstance(color, str) or not _COLOR_PATTERN.fullmatch(color):
        raise InvalidInput(f"{where}: color must look like #rrggbb, got {color!r}")
    if shortcut is not None and (
        not isinstance(shortcut, str) or len(shortcut) != 1 or shortcut.isspace()
    ):
        raise InvalidInput(f"{where}: shortcut must be one key such as \"1\", or null")
    if not isinstance(definition, str):
        raise InvalidInput(f"{where}: definition must be a string")
    return DefaultLabel(name=name.strip(), color=color, shortcut=shortcut, definition=definition)


def _reject_duplicates(values: list[str], field: str, origin: str) -> None:
    """Raise if two labels share the same value of `field`."""
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise InvalidInput(f"{origin}: two labels have the same {field} {value!r}")
        seen.add(value)
