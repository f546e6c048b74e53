"""`annotator merge`: bring a colleague's project or annotation CSV into this project."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.domain.errors import InvalidInput


def run_merge(project_path: Path, args: argparse.Namespace) -> int:
    """`annotator merge --project P OTHER`."""
    raise InvalidInput("merge is not available yet")
