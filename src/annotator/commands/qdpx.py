"""REFI-QDA projects in and out: `import --qdpx FILE`, `export --format qdpx --out FILE`."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.domain.errors import InvalidInput


def run_qdpx_import(project_path: Path, args: argparse.Namespace) -> int:
    """`annotator import --qdpx FILE`."""
    raise InvalidInput("not available yet")


def run_qdpx_export(project_path: Path, args: argparse.Namespace) -> int:
    """`annotator export --format qdpx --out FILE.qdpx`."""
    raise InvalidInput("not available yet")
