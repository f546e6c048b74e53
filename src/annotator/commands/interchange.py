"""`annotator import` and `annotator export`: articles and plain exports, brat, REFI-QDA and links."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.domain.errors import InvalidInput
from annotator.i18n import _


def run_import(project_path: Path, args: argparse.Namespace) -> int:
    """`annotator import`: articles by path, or annotations with --brat / --qdpx."""
    if sum((bool(args.paths), args.brat is not None, args.qdpx is not None)) > 1:
        raise InvalidInput(_("give either files and folders, or --brat DIR, or --qdpx FILE"))
    if args.brat is None and (args.label_map is not None or (
            args.qdpx is None and args.annotator is not None)):
        raise InvalidInput(_("--annotator and --map go with --brat (and --annotator with --qdpx)"))
    if args.qdpx is None and getattr(args, "sources_folder", None) is not None:
        raise InvalidInput(_("--sources-folder goes with --qdpx"))
    if args.brat is not None:
        from annotator.commands.brat import run_brat_import

        return run_brat_import(project_path, args)
    if args.qdpx is not None:
        from annotator.commands.qdpx import run_qdpx_import

        return run_qdpx_import(project_path, args)
    if not args.paths:
        raise InvalidInput(_("nothing to import: give files or folders, --brat DIR or --qdpx FILE"))
    from annotator.commands.basic import run_import as run_article_import

    return run_article_import(project_path, args)


def run_export(project_path: Path, args: argparse.Namespace) -> int:
    """`annotator export`: CSV/JSON Lines rows, brat files, a REFI-QDA project, or the links."""
    if args.spreadsheet and args.format not in ("csv", "wide") and not (
            args.links or getattr(args, "document_codes", False)):
        raise InvalidInput(_("--spreadsheet goes with CSV only; leave it out for --format {format}").format(
            format=args.format))
    if getattr(args, "document_codes", False):
        from annotator.commands.document_codes import run_document_codes_export

        return run_document_codes_export(project_path, args)
    if args.links:
        from annotator.commands.links import run_links_export

        return run_links_export(project_path, args)
    if args.format == "brat":
        from annotator.commands.brat import run_brat_export

        return run_brat_export(project_path, args)
    if args.format == "qdpx":
        from annotator.commands.qdpx import run_qdpx_export

        return run_qdpx_export(project_path, args)
    from annotator.commands.basic import run_export as run_row_export

    return run_row_export(project_path, args)
