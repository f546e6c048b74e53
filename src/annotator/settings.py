"""Every user setting in one place: key, type and default. The project file holds project data."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from platformdirs import user_data_path

ORGANIZATION = "Annotator"
APPLICATION = "Annotator"
SETTINGS_VERSION = 1
"""Stored under SETTINGS_VERSION_KEY, so that a later version can convert older settings."""
SETTINGS_VERSION_KEY = "settings/version"

T = TypeVar("T")


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One user preference kept in QSettings."""

    key: str
    type: type
    default: T


ANNOTATOR_NAME: Setting[str] = Setting("annotator/name", str, "")
RECENT_PROJECTS: Setting[list[str]] = Setting("projects/recent", list, [])
LAST_DOCUMENT: Setting[str] = Setting("projects/last_document", str, "")  # "<project>\t<uuid>"
SNAP_TO_WORDS: Setting[bool] = Setting("view/snap_to_words", bool, True)
FONT_POINT_SIZE: Setting[int] = Setting("view/font_point_size", int, 13)
WINDOW_GEOMETRY: Setting[bytes] = Setting("window/geometry", bytes, b"")
WINDOW_STATE: Setting[bytes] = Setting("window/state", bytes, b"")
SPLITTER_SIZES: Setting[list[int]] = Setting("window/splitter_sizes", list, [])
EXPORT_SPREADSHEET: Setting[bool] = Setting("export/spreadsheet", bool, False)
HIDDEN_ANNOTATORS: Setting[list[str]] = Setting("view/hidden_annotators", list, [])  # per project
REVIEW_COPY_ACCEPTED: Setting[bool] = Setting("review/copy_accepted", bool, False)
LAST_FOLDER: Setting[str] = Setting("files/last_folder", str, "")  # where file dialogs open
#: The language of the window, a key of annotator.i18n.LANGUAGES; "" follows the system's locale.
#: Read at start-up (a change shows after a restart).
LANGUAGE: Setting[str] = Setting("view/language", str, "")
#: Labels drawn in the colour-blind-safe palette by codebook position (the stored colours stay).
COLOUR_BLIND_SAFE: Setting[bool] = Setting("view/colour_blind_safe", bool, False)

MAX_RECENT_PROJECTS = 8
PROJECT_SUFFIX = ".annotator"


def default_project_path() -> Path:
    """The project opened when none is named: in the platform's user data folder."""
    return user_data_path("annotator", appauthor=False) / f"default{PROJECT_SUFFIX}"


def hidden_annotators_key(project_path: Path) -> str:
    """Where the annotators hidden in one project's view are remembered (a list of names)."""
    import hashlib

    digest = hashlib.sha1(str(project_path).encode("utf-8")).hexdigest()[:16]
    return f"{HIDDEN_ANNOTATORS.key}/{digest}"


def last_document_key(project_path: Path) -> str:
    """Where the current document of one project is remembered (its UUID)."""
    import hashlib

    digest = hashlib.sha1(str(project_path).encode("utf-8")).hexdigest()[:16]
    return f"{LAST_DOCUMENT.key}/{digest}"
