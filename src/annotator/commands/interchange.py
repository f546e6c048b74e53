"""`annotator import` and `annotator export`: articles and plain exports, brat, REFI-QDA and links."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.commands import basic
from annotator.domain.errors import InvalidInput


def run_import(project_path: Path, args: argparse.Namespace) -> int:
    """`annotator import`: articles by path, or annotations with --brat / --qdpx."""
    if args.brat is not None:
        raise InvalidInput("brat import is not available yet")
    if args.qdpx is not None:
        raise InvalidInput("REFI-QDA import is not available yet")
    if not args.paths:
        raise InvalidInput("nothing to import: give files or folders, --brat DIR or --qdpx FILE")
    return basic.run_import(project_path, args)


def run_export(project_path: Path, args: argparse.Namespace) -> int:
    """`annotator export`: CSV/JSON Lines rows, brat files, a REFI-QDA project, or the links."""
    if args.links:
        raise InvalidInput("link export is not available yet")
    if args.format == "brat":
        raise InvalidInput("brat export is not available yet")
    if args.format == "qdpx":
        raise InvalidInput("REFI-QDA export is not available yet")
    return basic.run_export(project_path, args)
