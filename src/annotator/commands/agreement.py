"""`annotator agreement`: span F1, Cohen's kappa and Krippendorff's alpha between annotators."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.domain.errors import InvalidInput


def run_agreement(project_path: Path, args: argparse.Namespace) -> int:
    """`annotator agreement --project P --annotators A B [...]`."""
    raise InvalidInput("agreement is not available yet")
