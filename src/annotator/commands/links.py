"""`annotator export --links --out FILE`: the links between annotations as CSV."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.domain.errors import InvalidInput


def run_links_export(project_path: Path, args: argparse.Namespace) -> int:
    """`annotator export --links --out FILE`."""
    raise InvalidInput("not available yet")
