"""`annotator copy`: a whole project from a file to a server, a server to a file, or a file to a file."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.cli import printable
from annotator.domain.wording import ntext
from annotator.services.copy import copy_project_between


def run_copy(_project_path: Path | str, args: argparse.Namespace) -> int:
    """`annotator copy --from SRC --to DST`: every table, ids and UUIDs kept, in one go or not at all."""
    copied = copy_project_between(args.source, args.destination)
    documents = ntext(copied.documents, "{count} document", "{count} documents")
    annotations = ntext(copied.annotations, "{count} annotation", "{count} annotations")
    print(printable(ntext(
        sum(copied.rows.values()),
        "copied {source} to {target}: {count} row ({documents}, {annotations})",
        "copied {source} to {target}: {count} rows ({documents}, {annotations})",
        source=args.source, target=copied.target, documents=documents, annotations=annotations)))
    return 0
