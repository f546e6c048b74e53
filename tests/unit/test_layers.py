"""The core knows no Qt; the UI writes no SQL."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import annotator

PACKAGE = Path(annotator.__file__).parent
CORE = ("domain", "store", "services", "io")


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_layers_import_no_qt_at_runtime():
    code = (
        "import sys\n"
        + "".join(f"import annotator.{layer}\n" for layer in CORE)
        + "import annotator.services.annotations, annotator.services.documents, annotator.services.export\n"
        + "import annotator.services.labels, annotator.services.project, annotator.store.project_file\n"
        + "import annotator.io.readers, annotator.io.export, annotator.operations\n"
        + "import annotator.commands.basic, annotator.cli\n"
        + "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_core_layers_do_not_mention_qt_and_io_stays_above_domain_only():
    for layer in CORE:
        for path in (PACKAGE / layer).rglob("*.py"):
            imports = _imports(path)
            assert not any(name.startswith(("PySide6", "shiboken6")) for name in imports), path
            assert not any(name.startswith("annotator.ui") for name in imports), path
            if layer in ("domain", "io"):
                assert not any(
                    name.startswith(("sqlalchemy", "annotator.store", "annotator.services"))
                    for name in imports
                ), path


def test_ui_never_touches_sql():
    for path in (PACKAGE / "ui").rglob("*.py"):
        imports = _imports(path)
        forbidden = ("sqlalchemy", "sqlite3", "annotator.store")
        assert not any(name.startswith(forbidden) for name in imports), path
