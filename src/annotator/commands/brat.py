"""brat standoff in and out: `import --brat DIR`, `export --format brat --out DIR`."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.domain.errors import InvalidInput


def run_brat_import(project_path: Path, args: argparse.Namespace) -> int:
    """`annotator import --brat DIR [--annotator NAME] [--map T=label,...]`."""
    raise InvalidInput("not available yet")


def run_brat_export(project_path: Path, args: argparse.Namespace) -> int:
    """`annotator export --format brat --out DIR`."""
    raise InvalidInput("not available yet")
