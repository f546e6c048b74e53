"""Errors a user can cause. Each carries a reason code (`code`, a key of
`domain.error_wording.WORDING`) and the data it names (`values`: label names, an annotator, a
path, a count), so that wherever it is shown it is worded in the user's language by `describe`;
`str()` of it is the English sentence (logs, tests, comparisons)."""

from __future__ import annotations

from typing import Any

from annotator import i18n
from annotator.domain.error_wording import WORDING, Plural, Worded, english


class AnnotatorError(Exception):
    """Base of every error whose message is for the user (never shown as a traceback).

    `AnnotatorError(code=ErrorCode.X, label=..., ...)` words itself from the table; a plain
    `AnnotatorError("sentence")` (no code) is shown as it is."""

    def __init__(self, message: str | None = None, *, code: str = "", **values: Any) -> None:
        super().__init__(english(code, values) if message is None else message)
        self.code = code
        self.values = values

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuilt as it was (code, values and a subclass's own attributes), not from `args`.
        return _restore, (type(self), self.args, self.__dict__)


def _restore(cls: type[AnnotatorError], args: tuple[Any, ...], state: dict[str, Any]) -> AnnotatorError:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


def register_wording(table: dict[str, str | Plural]) -> None:
    """Join a layer's own table of codes and wordings (io's reading problems, say) to the one
    `describe` words from; a code already worded otherwise is refused."""
    clash = [code for code, entry in table.items() if WORDING.get(code, entry) != entry]
    if clash:
        raise ValueError(f"reason codes worded twice: {', '.join(sorted(clash))}")
    WORDING.update(table)


def describe(error: BaseException) -> str:
    """What `error` says, in the current language: its code's wording translated and filled with
    its values; an error listing several problems words itself (`worded()`); an error without a
    known code reads as its `str()`."""
    worded = getattr(error, "worded", None)
    if isinstance(error, AnnotatorError) and callable(worded):
        return worded()
    code = getattr(error, "code", "")
    if not isinstance(error, AnnotatorError) or code not in WORDING:
        return str(error)
    text = _worded(code, error.values)
    if isinstance(error, ImportProblem):
        return i18n._("{path}: {reason}").format(path=error.path, reason=text)
    return text


def _worded(code: str, given: dict[str, Any]) -> str:
    """The wording of `code` in the current language, filled with `given` (phrases and nested
    errors worded too)."""
    entry = WORDING[code]
    values = {key: _shown(value) for key, value in given.items()}
    if isinstance(entry, Plural):
        n = given[entry.count]
        values[entry.count] = i18n.number(n)
        return i18n.ngettext(entry.singular, entry.plural, n).format(**values)
    return i18n._(entry).format(**values)


def _shown(value: Any) -> Any:
    if isinstance(value, Worded):
        return _worded(value.code, value.values)
    if isinstance(value, tuple) and value and all(isinstance(part, Worded) for part in value):
        return ", ".join(_worded(part.code, part.values) for part in value)
    if isinstance(value, BaseException):
        return describe(value)
    if isinstance(value, i18n.Size | i18n.Figure):
        return value.shown()
    if isinstance(value, str) and getattr(value, "code", "") in WORDING:
        return _worded(value.code, value.values)  # type: ignore[attr-defined]  # a coded problem
    return value


class InvalidInput(AnnotatorError):
    """A value the user gave is not acceptable (bad offsets, empty name, ...)."""


class NotFound(AnnotatorError):
    """A document, label or annotation that does not exist in the project."""


class DuplicateAnnotation(AnnotatorError):
    """The same annotator already gave the same label to the same span."""


class ChangedSince(AnnotatorError):
    """What an undo or redo step would change was changed since by others (a merge, another
    program): the step no longer applies. The message says what changed; the caller says what
    was not done."""


class ProjectError(AnnotatorError):
    """The project file cannot be opened or written (corrupt, foreign, newer, locked...)."""


class ImportProblem(AnnotatorError):
    """One file could not be imported; names the file and the reason (`reason`, English; with a
    `code`, worded from the table and shown after the file's name)."""

    def __init__(self, path: str, reason: str | None = None, *, code: str = "", **values: Any) -> None:
        reason = english(code, values) if reason is None else reason
        super().__init__(f"{path}: {reason}", code=code, **values)
        self.path = path
        self.reason = reason
