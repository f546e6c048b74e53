"""Why a file could not be read for import: the reason codes of `ImportProblem`s raised while
reading files and walking folders (io/readers.py), and their English wording, marked for the
catalogue. The table joins `domain.error_wording.WORDING`, so that `domain.errors.describe`
words these problems in the reader's language like every other error; `reason_wording` gives the
reason alone (without the file's name), for lists that show the name in a column of its own."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from annotator.domain.error_wording import Plural, english
from annotator.domain.errors import AnnotatorError, ImportProblem, describe, register_wording
from annotator.i18n import N_


class ReadProblem(StrEnum):
    """Why a file or folder could not be read (a reason code)."""

    BINARY = "read_binary"
    ONLY_WHITESPACE = "read_only_whitespace"
    NAME_NOT_UTF8 = "read_name_not_utf8"
    NOT_FOUND = "read_not_found"
    PERMISSION_DENIED = "read_permission_denied"
    CANNOT_READ = "read_cannot_read"  # values: detail (the system's words)
    IS_FOLDER = "read_is_folder"
    NOT_REGULAR = "read_not_regular"
    TOO_LARGE = "read_too_large"  # values: actual, limit (sizes as `megabytes` writes them)
    TOO_LARGE_PAGE = "read_too_large_page"  # the same, for a saved web page
    EMPTY = "read_empty"
    UNDECODABLE = "read_undecodable"  # values: line, encoding
    NO_SUPPORTED_FILES = "read_no_supported_files"  # values: supported
    UNSUPPORTED_TYPE = "read_unsupported_type"  # values: suffix, supported
    UNSUPPORTED_NO_EXTENSION = "read_unsupported_no_extension"  # values: supported
    NOT_FILE_OR_FOLDER = "read_not_file_or_folder"
    PATH_NOT_FOUND = "read_path_not_found"
    CANNOT_OPEN_FOLDER = "read_cannot_open_folder"  # values: detail


#: How each reason is worded (English, the catalogue's msgid; `describe` translates).
READ_WORDING: dict[str, str | Plural] = {
    ReadProblem.BINARY: N_("binary file, not text"),
    ReadProblem.ONLY_WHITESPACE: N_("file contains only whitespace, no text"),
    ReadProblem.NAME_NOT_UTF8: N_("the file name is not valid UTF-8: rename the file to import it"),
    ReadProblem.NOT_FOUND: N_("file not found"),
    ReadProblem.PERMISSION_DENIED: N_("cannot read the file (permission denied)"),
    ReadProblem.CANNOT_READ: N_("cannot read the file ({detail})"),
    ReadProblem.IS_FOLDER: N_("this is a folder, not a file"),
    ReadProblem.NOT_REGULAR: N_("not a regular file"),
    ReadProblem.TOO_LARGE: N_("file is too large ({actual}; the limit is {limit})"),
    ReadProblem.TOO_LARGE_PAGE: N_("file is too large ({actual}; the limit is {limit} for a saved web page)"),
    ReadProblem.EMPTY: N_("file is empty"),
    ReadProblem.UNDECODABLE: N_("undecodable bytes on line {line} (not valid {encoding})"),
    ReadProblem.NO_SUPPORTED_FILES: N_("no supported files in this folder (supported: {supported})"),
    ReadProblem.UNSUPPORTED_TYPE: N_("unsupported file type {suffix} (supported: {supported})"),
    ReadProblem.UNSUPPORTED_NO_EXTENSION: N_("unsupported file type (no extension) (supported: {supported})"),
    ReadProblem.NOT_FILE_OR_FOLDER: N_("not a regular file or folder"),
    ReadProblem.PATH_NOT_FOUND: N_("file or folder not found"),
    ReadProblem.CANNOT_OPEN_FOLDER: N_("cannot open the folder ({detail})"),
}
register_wording(READ_WORDING)


class Problem(str):
    """One problem of a file listed in a refusal (a row of a CSV, a line of a brat file, an
    element of a REFI-QDA project): its reason `code` and `values`. As a string it is the English
    sentence, for logs, sorting and comparisons; `domain.merge.worded_problem` words it in the
    reader's language."""

    __slots__ = ("code", "values")
    code: str
    values: dict[str, Any]

    def __new__(cls, code: str, /, **values: Any) -> Problem:
        made = super().__new__(cls, english(code, values))
        made.code = code
        made.values = values
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        return _problem, (self.code, self.values)


def _problem(code: str, values: dict[str, Any]) -> Problem:
    return Problem(code, **values)


def reason_wording(problem: ImportProblem) -> str:
    """The reason of `problem` alone, in the reader's language (its English `reason` when it has
    no code)."""
    if not problem.code:
        return problem.reason
    return describe(AnnotatorError(code=problem.code, **problem.values))
