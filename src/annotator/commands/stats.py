"""`annotator stats`: annotation statistics across the corpus."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.domain.errors import InvalidInput


def run_stats(project_path: Path, args: argparse.Namespace) -> int:
    """`annotator stats --project P [--by ...]`."""
    raise InvalidInput("stats is not available yet")
