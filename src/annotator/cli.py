"""`annotator`: opens the window; subcommands work without a screen."""

from __future__ import annotations

import argparse
import os
import re
import sys
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from annotator import __version__, i18n
from annotator.domain.errors import AnnotatorError, describe
from annotator.i18n import _
from annotator.settings import default_project_path

#: Stands for a space inside the default project path while help text is wrapped.
_KEPT_SPACE = "\ue000"


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's help layout, except that a line is never broken inside a word, at a hyphen
    (`REFI-QDA`) or inside the default project path: a path too long for the line gets a line of
    its own, whole, so that it can be copied."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        path = str(default_project_path())
        text = self._whitespace_matcher.sub(" ", text.replace(path, path.replace(" ", _KEPT_SPACE))).strip()
        lines = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)
        return [line.replace(_KEPT_SPACE, " ") for line in lines]


def project_target(text: str) -> Path | str:
    """--project: a project file, or a project on a PostgreSQL server (postgresql://…), which is
    kept as written (a path would fold its //)."""
    if text[:16].lower().startswith(("postgresql://", "postgres://")):
        return text
    return Path(text)


def _project_arg(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "--project",
        "-p",
        type=project_target,
        default=default,
        metavar=_("FILE"),
        help=_("project file (default: {path})").format(path=default_project_path()),
    )


def build_parser() -> argparse.ArgumentParser:
    """The command line: the window by default, and headless subcommands."""
    parser = argparse.ArgumentParser(
        prog="annotator",
        formatter_class=_HelpFormatter,
        description=_("Label spans in news articles; keep them in one SQLite project file."),
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}",
                        help=_("show program's version number and exit"))
    _project_arg(parser, None)
    parser.add_argument("--annotator", metavar=_("ANNOTATOR"),
                        help=_("your name as annotator (window only)"))
    sub = parser.add_subparsers(dest="command", metavar=_("COMMAND"))

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text, formatter_class=_HelpFormatter)
        _project_arg(p, argparse.SUPPRESS)
        return p

    p = command(
        "import",
        _("import articles (.txt, .md, .html, .htm, .docx, .pdf; folders recursively), "
          "or annotations from brat (--brat) or REFI-QDA (--qdpx)"),
    )
    p.add_argument("paths", nargs="*", type=Path, metavar=_("PATH"))
    p.add_argument("--brat", type=Path, metavar=_("DIR"), help=_("a folder of brat .txt + .ann pairs"))
    p.add_argument("--qdpx", type=Path, metavar=_("FILE"), help=_("a REFI-QDA project (.qdpx)"))
    p.add_argument("--sources-folder", type=Path, metavar=_("DIR"),
                   help=_("with --qdpx: the folder holding the sources the project keeps outside "
                          "the archive (only files inside it are read)"))
    p.add_argument("--annotator", metavar=_("NAME"),
                   help=_("annotator of brat annotations (default: from doc_annotator.ann names), "
                          "or of REFI-QDA selections that name no user"))
    p.add_argument("--map", dest="label_map", metavar=_("TYPE=LABEL,..."),
                   help=_("brat types to labels, e.g. Source=source,Content=claim"))
    p.add_argument("--no-suggest", action="store_true",
                   help=_("do not propose quotations and their sources in the imported articles this "
                          "time (the project proposes them on import unless told otherwise)"))

    p = command("export", _("write the annotations (CSV, JSON Lines, brat or REFI-QDA), a table with one "
                          "row per document (wide), tokens with B/I/O tags (CoNLL) or the links"))
    p.add_argument("--out", "-o", required=True, metavar=_("FILE"),
                   help=_("output file (a folder for brat), or - for stdout"))
    p.add_argument("--format", choices=("csv", "jsonl", "brat", "qdpx", "wide", "conll"), default="csv",
                   help=_("csv: one row per annotation (default); jsonl: the same as JSON Lines; brat: "
                          "a folder of .txt + .ann; qdpx: a REFI-QDA project; wide: CSV, one row per "
                          "document with count:LABEL and texts:LABEL columns (texts joined by ' | ', '|' "
                          "in a text written \\|); conll: tab-separated, one line per token (document_id, "
                          "token, text, start, end, then bio:LABEL per label: B-/I-/O), a blank line "
                          "after each document, one annotator's spans (pick with --annotator)"))
    p.add_argument("--links", action="store_true",
                   help=_("write the links between annotations as CSV instead of the annotations"))
    p.add_argument("--document-codes", action="store_true",
                   help=_("write the document codes as CSV instead of the annotations: one row per "
                          "document, code and annotator (takes --annotator, --label, --spreadsheet)"))
    p.add_argument("--annotator", action="append", default=[], dest="annotators",
                   metavar=_("NAME"), help=_("only this annotator (repeatable)"))
    p.add_argument("--label", action="append", default=[], dest="labels",
                   metavar=_("NAME"), help=_("only this label (repeatable)"))
    p.add_argument("--document", action="append", default=[], dest="documents", metavar=_("REF"),
                   help=_("only this document: its id, SHA-256 or file name (repeatable)"))
    p.add_argument("--spreadsheet", action="store_true",
                   help=_("with csv, wide or --links, for Excel/LibreOffice: UTF-8 BOM, formula-like "
                          "cells prefixed with '"))

    p = command("documents", _("write each stored text as a UTF-8 file named by document id"))
    p.add_argument("--out", "-o", required=True, type=Path, metavar=_("DIR"))

    command("info", _("print documents and annotation counts"))
    command("labels", _("print the codebook"))

    p = command(
        "merge",
        _("bring in a colleague's work: another project file, or an annotation CSV"),
    )
    p.add_argument("other", type=Path, metavar=_("OTHER"), help=_("a project file or a CSV file"))

    p = command("agreement", _("inter-annotator agreement per label and overall"))
    p.add_argument("--annotators", nargs="+", required=True, metavar=_("NAME"),
                   help=_("two or more annotators; span figures compare the second against the first"))
    p.add_argument("--label", action="append", default=[], dest="labels", metavar=_("NAME"),
                   help=_("only this label (repeatable)"))
    p.add_argument("--document", action="append", default=[], dest="documents", metavar=_("REF"),
                   help=_("only this document: its id, SHA-256 or file name (repeatable)"))
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.add_argument("--ci", action="store_true",
                   help=_("a 95%% confidence interval on every figure (bootstrap over documents)"))
    p.add_argument("--resamples", type=int, default=None, metavar="N",
                   help=_("with --ci: bootstrap resamples (default 1000)"))
    p.add_argument("--seed", type=int, default=None, metavar="N",
                   help=_("with --ci: random seed, so that runs repeat exactly (default 1)"))
    p.add_argument("--by", choices=("document",), default=None,
                   help=_("the figures of each document on its own, to see where disagreement is"))
    p.add_argument("--document-codes", action="store_true",
                   help=_("agreement on the document labels instead of the spans: kappa and alpha "
                          "per document label, each document a unit (present or absent)"))

    p = command("backup", _("copy the project safely into one file, even while it is in use"))
    p.add_argument("--out", "-o", required=True, type=Path, metavar=_("COPY"),
                   help=_("the copy to write (replaced if it exists; never the project itself)"))

    p = command("copy", _("copy a whole project between a project file and a PostgreSQL server (either way), "
                          "all or nothing, into a new file or an empty database"))
    p.add_argument("--from", dest="source", required=True, type=project_target, metavar=_("PROJECT"),
                   help=_("the project to copy: a file or postgresql://[user@]host[:port]/dbname"))
    p.add_argument("--to", dest="destination", required=True, type=project_target, metavar=_("PROJECT"),
                   help=_("where to copy it: a new file or an empty server database"))

    p = command("assign", _("give documents to annotators, mark them done, list everyone's progress"))
    p.add_argument("--annotator", metavar=_("NAME"), help=_("the annotator the documents are for"))
    p.add_argument("--document", action="append", default=[], dest="documents", metavar=_("REF"),
                   help=_("a document: its id, SHA-256 or file name (repeatable)"))
    p.add_argument("--all", action="store_true", help=_("every document of the project"))
    p.add_argument("--remove", action="store_true", help=_("take the documents back instead"))
    p.add_argument("--done", action="store_true", help=_("mark the annotator's documents done"))
    p.add_argument("--undone", action="store_true", help=_("mark them not done again"))
    p.add_argument("--list", action="store_true",
                   help=_("print each annotator's documents, how many are done, and agreement so far"))

    p = command("blind", _("blind mode: annotators do not see colleagues' spans on a document until they "
                           "mark it done"))
    p.add_argument("state", nargs="?", choices=("on", "off"), help=_("switch it on or off (default: say "
                                                                     "which it is)"))

    p = command("suggest", _("propose quotations and their sources in the documents, kept as suggestions "
                             "to accept or dismiss in the window (never exported as annotations)"))
    p.add_argument("--document", action="append", default=[], dest="documents", metavar=_("REF"),
                   help=_("only this document: its id, SHA-256 or file name (repeatable)"))
    p.add_argument("--out", "-o", metavar=_("FILE"),
                   help=_("also write the open suggestions as CSV (suggestion_id, document_id, "
                          "document_sha256, label, start, end, text, source_suggestion_id), or - for stdout"))
    p.add_argument("--spreadsheet", action="store_true",
                   help=_("with --out, for Excel/LibreOffice: UTF-8 BOM, formula-like cells prefixed with '"))

    p = command("stats", _("annotation statistics across the corpus"))
    p.add_argument("--by", choices=("document", "outlet", "month", "annotator"), default=None,
                   help=_("break the figures down (default: the whole corpus)"))
    p.add_argument("--format", choices=("table", "csv"), default="table")
    p.add_argument("--spreadsheet", action="store_true",
                   help=_("with --format csv, for Excel/LibreOffice: UTF-8 BOM, formula-like cells "
                          "prefixed with '"))
    p.add_argument("--include-rejected", action="store_true",
                   help=_("count the annotations a reviewer rejected too (left out by default)"))
    return parser


#: Subcommand -> "module:function" under annotator.commands (imported only when used).
HANDLERS = {
    "import": "interchange:run_import",
    "export": "interchange:run_export",
    "documents": "basic:run_documents",
    "info": "basic:run_info",
    "labels": "basic:run_labels",
    "merge": "merge:run_merge",
    "agreement": "agreement:run_agreement",
    "stats": "stats:run_stats",
    "backup": "backup:run_backup",
    "suggest": "suggest:run_suggest",
    "copy": "copy:run_copy",
    "assign": "assign:run_assign",
    "blind": "assign:run_blind",
}


def _parse(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> argparse.Namespace:
    """The arguments; an option the subcommand does not know (`export --fromat csv`) is refused
    with that subcommand's usage, not the top-level one."""
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        sub = next((action for action in parser._actions
                    if isinstance(action, argparse._SubParsersAction)), None)
        command_parser = sub.choices.get(args.command) if sub and args.command else None
        # in argparse's own words (its catalogue, not ours), as when it refuses them itself
        argparse_words = argparse._  # type: ignore[attr-defined]
        (command_parser or parser).error(argparse_words("unrecognized arguments: %s") % " ".join(unknown))
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `annotator` and `python -m annotator`."""
    i18n.setup()  # the system's language; the window then applies the user's choice
    args = _parse(build_parser(), argv)
    project_path: Path | str = args.project or default_project_path()
    try:
        if args.command is None:
            return _open_window(project_path, args.annotator, explicit=args.project is not None)
        import importlib

        if args.project is None and args.command == "import":
            # The default project lives in the user's data folder, made on first use.
            project_path.parent.mkdir(parents=True, exist_ok=True)
        module_name, function_name = HANDLERS[args.command].split(":")
        module = importlib.import_module(f"annotator.commands.{module_name}")
        return getattr(module, function_name)(project_path, args)
    except AnnotatorError as exc:
        _error(describe(exc))
        return 1
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except OSError as exc:  # a file the user named could not be read or written
        where = f"{exc.filename}: " if exc.filename else ""
        _error(f"{where}{exc.strerror or exc}")
        return 1
    except KeyboardInterrupt:
        _error(_("interrupted"))
        return 130


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return _NAMED_ESCAPES.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROLS_BUT_LINES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_NAMED_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def printable(text: object, lines: bool = False) -> str:
    """`text` (names, titles, labels, messages: anything that came from a file or a project) as
    it may be printed on a terminal: control characters (C0, DEL, C1, ESC) as `\\x1b`-style
    escapes, and the bytes of a file name that is not UTF-8 as `\\xff`. With `lines`, line breaks
    and tabs are kept (they separate the records of a message)."""
    return (_CONTROLS_BUT_LINES if lines else _CONTROLS).sub(_escape, str(text))


def _error(message: str, stream: TextIO | None = None) -> None:
    print(_("annotator: error: {message}").format(message=printable(message, lines=True)),
          file=stream or sys.stderr)


def _no_screen() -> bool:
    """On Linux, no display to open a window on (and no Qt platform chosen by hand)."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _open_window(project_path: Path | str, annotator_name: str | None, explicit: bool) -> int:
    if _no_screen():
        _error(_(
            "no screen to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set); "
            "the subcommands work without one: annotator --help"
        ))
        return 1
    if not explicit and isinstance(project_path, Path):  # not a server's address
        project_path.parent.mkdir(parents=True, exist_ok=True)
    from annotator.ui.app import run_app

    return run_app(project_path, annotator_name, seed_first_run=not explicit)

