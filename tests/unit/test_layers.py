"""The core knows no Qt; the UI writes no SQL."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

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


ABOVE_SERVICES = [PACKAGE / "ui", PACKAGE / "commands", PACKAGE / "cli.py", PACKAGE / "operations.py"]
#: What only the services may reach behind a project handle.
SQL_MODULES = ("sqlalchemy", "sqlite3", "annotator.store")
STORE_ONLY = {"engine", "write_connection", "raw_connection", "_store", "store_of", "Session", "sessionmaker"}


def _python_files(*roots: Path) -> list[Path]:
    return [p for root in roots for p in ([root] if root.is_file() else sorted(root.rglob("*.py")))]


def _reaches(path: Path) -> list[str]:
    """Every import of the store, SQLAlchemy or the driver, and every use of a store-only name."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.startswith(SQL_MODULES)]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            names = {a.name for a in node.names}
            if module.startswith(SQL_MODULES):
                found.append(module)
            if module == "annotator" and "store" in names:
                found.append("annotator.store")
            if module == "annotator.services.handle" and names & STORE_ONLY:
                found.append("store_of")
        elif isinstance(node, ast.Attribute) and node.attr in STORE_ONLY:
            found.append(f".{node.attr}")
        elif isinstance(node, ast.Name) and node.id in STORE_ONLY:
            found.append(node.id)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith(
            ("annotator.store", "sqlalchemy")
        ):
            found.append(node.value)  # importlib.import_module("annotator.store…")
    return found


def test_nothing_above_the_services_reaches_the_store():
    reached = {str(p.relative_to(PACKAGE)): r for p in _python_files(*ABOVE_SERVICES) if (r := _reaches(p))}
    assert reached == {}


def test_a_project_handle_opens_no_session_and_gives_no_engine(tmp_path):
    from annotator.services import Project
    from annotator.services.project import open_project

    project = open_project(tmp_path / "p.annotator")
    try:
        assert isinstance(project, Project)
        for name in ("engine", "write", "read", "write_connection", "raw_connection", "session"):
            assert not hasattr(project, name), name
        assert project.path == tmp_path / "p.annotator"
        with pytest.raises(AttributeError):
            project.engine = object()  # nothing can be hung on it either
    finally:
        project.close()


def test_only_io_writes_or_reads_csv():
    """File formats live in io/: no other module of the package imports the csv module."""
    importing = sorted(
        str(path.relative_to(PACKAGE))
        for path in _python_files(PACKAGE)
        if path.relative_to(PACKAGE).parts[0] != "io"
        and any(name == "csv" or name.startswith("csv.") for name in _imports(path))
    )
    assert importing == []


def test_window_features_are_given_a_context_not_the_window():
    """Only the window's own module (and the entry points that open it) know the main window;
    nothing hangs attributes on an object from outside it."""
    import re

    ui = PACKAGE / "ui"
    entry_points = {"main_window.py", "__init__.py", "app.py"}
    mentions = re.compile(r"\bMainWindow\b")
    knowing = sorted(
        name
        for path in _python_files(ui)
        if (name := str(path.relative_to(ui))) not in entry_points
        and (
            mentions.search(path.read_text(encoding="utf-8")) or "annotator.ui.main_window" in _imports(path)
        )
    )
    assert knowing == []
    hanging = sorted(
        str(path.relative_to(ui))
        for path in _python_files(ui)
        if "type: ignore[attr-defined]" in path.read_text(encoding="utf-8")
    )
    assert hanging == []


def test_the_window_starts_without_loading_the_heavy_libraries():
    code = (
        "import sys\n"
        "import annotator.ui.main_window, annotator.cli\n"
        "heavy = ('numpy', 'pandas', 'trafilatura', 'lxml', 'pypdf', 'docx', 'charset_normalizer')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"  # each costs start-up time; they load when first used
