"""Commands that only read (info, export, documents, stats, agreement, labels) open the project
read-only: they never wait for a writer, work on read-only folders and mounts, never upgrade an
older project in place, and leave every file as it was."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest
from tests.helpers import files_state, imported

from annotator.cli import main
from annotator.services.annotations import add_annotation
from annotator.services.documents import import_texts
from annotator.services.project import open_project

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
ARTICLE = "Le ministre a parlé. L’opposition répond.\n"


def reading_commands(out: Path) -> list[list[str]]:
    """Every reading command, writing what it writes under `out`."""
    return [
        ["info"],
        ["labels"],
        ["stats"],
        ["agreement", "--annotators", "ana", "bea"],
        ["export", "--out", str(out / "annotations.csv")],
        ["documents", "--out", str(out / "texts")],
    ]


def _project(path: Path) -> None:
    project = open_project(path)
    (outcome,) = import_texts(project, [imported(ARTICLE)])
    add_annotation(project, outcome.document.id, "source", "ana", 0, 11)
    add_annotation(project, outcome.document.id, "source", "bea", 0, 11)
    project.close()


def test_reading_commands_do_not_wait_for_a_writer_and_see_what_is_committed(tmp_path, capsys):
    path = tmp_path / "p.annotator"
    _project(path)
    out = tmp_path / "out"
    out.mkdir()
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # the window or a merge in the middle of a write
    writer.execute("UPDATE annotations SET annotator = 'carla' WHERE annotator = 'ana'")
    try:
        for command in reading_commands(out):
            started = time.monotonic()
            assert main([command[0], "--project", str(path), *command[1:]]) == 0, command
            assert time.monotonic() - started < 2.0, command
        captured = capsys.readouterr()
        assert "carla" not in captured.out
        assert "ana" in captured.out
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_reading_leaves_no_file_beside_the_project(tmp_path, capsys):
    folder = tmp_path / "project"
    folder.mkdir()
    path = folder / "p.annotator"
    _project(path)
    before = files_state(folder)
    for command in reading_commands(tmp_path):
        assert main([command[0], "--project", str(path), *command[1:]]) == 0, command
    capsys.readouterr()
    assert files_state(folder) == before


def test_an_older_project_is_read_through_an_upgraded_copy_and_never_upgraded(tmp_path, capsys,
                                                                              monkeypatch):
    folder = tmp_path / "project"
    folder.mkdir()
    path = folder / "old.annotator"
    conn = sqlite3.connect(path)
    conn.executescript((FIXTURES / "project_schema_0001.sql").read_text(encoding="utf-8"))
    conn.close()
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr("tempfile.tempdir", None)  # the standard library reads TMPDIR again
    before = files_state(folder)
    assert main(["info", "--project", str(path)]) == 0
    out = capsys.readouterr().out
    assert "documents: 1" in out and "annotations: 2" in out and "Old article" in out
    for command in reading_commands(tmp_path):
        if command[0] == "agreement":
            continue  # one annotator only
        assert main([command[0], "--project", str(path), *command[1:]]) == 0, command
    assert files_state(folder) == before
    assert list(scratch.iterdir()) == []
    assert sqlite3.connect(path).execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)


def test_ctrl_c_while_reading_an_older_project_removes_the_temporary_copy(tmp_path):
    path = tmp_path / "old.annotator"
    conn = sqlite3.connect(path)
    conn.executescript((FIXTURES / "project_schema_0001.sql").read_text(encoding="utf-8"))
    conn.close()
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    before = files_state(tmp_path)
    script = textwrap.dedent(
        f"""
        import sys
        from annotator.cli import main

        def ctrl_c_when_the_copy_opens(event, args):
            if event == "sqlite3.connect" and "annotator-read-" in str(args[0]):
                raise KeyboardInterrupt

        sys.addaudithook(ctrl_c_when_the_copy_opens)
        sys.exit(main(["info", "--project", {str(path)!r}]))
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=ROOT, env={**os.environ, "TMPDIR": str(scratch)}, timeout=60)
    assert result.returncode == 130, result.stderr
    assert list(scratch.iterdir()) == []
    assert files_state(tmp_path) == before


# ----- read-only folders and mounts -------------------------------------------------------


def _read_only_mount_works() -> bool:
    if shutil.which("unshare") is None:
        return False
    with tempfile.TemporaryDirectory() as folder:
        probe = subprocess.run(
            ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c",
             'mount --bind -o ro "$0" "$0" && ! touch "$0/x" 2>/dev/null', folder],
            capture_output=True,
        )
    return probe.returncode == 0


needs_read_only_mount = pytest.mark.skipif(
    sys.platform != "linux" or not _read_only_mount_works(),
    reason="needs unshare to mount a folder read-only in a user namespace",
)


def in_read_only_mount(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`annotator ARGS` in a child that sees `folder` as a read-only mount."""
    script = 'mount --bind -o ro "$0" "$0" && exec "$@"'
    return subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script, str(folder),
         sys.executable, "-m", "annotator", *args],
        capture_output=True, text=True, cwd=ROOT, timeout=120, stdin=subprocess.DEVNULL,
    )


def _killed_writer(path: Path) -> str:
    """A program that wrote an annotation and was killed before any checkpoint: the annotation
    is only in the -wal (beside its -shm). Returns the annotation's UUID."""
    script = textwrap.dedent(
        f"""
        import os, signal
        from annotator.services.project import open_project
        from annotator.services.annotations import add_annotation
        from annotator.services.documents import list_documents
        p = open_project({str(path)!r})
        (doc,) = list_documents(p)
        a = add_annotation(p, doc.id, "claim", "carla", 12, 20)
        print(a.uuid, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=ROOT, timeout=60)
    return result.stdout.strip()


@needs_read_only_mount
def test_reading_commands_work_on_a_read_only_mount(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    path = folder / "p.annotator"
    _project(path)
    out = tmp_path / "out"
    out.mkdir()
    before = files_state(folder)
    for command in reading_commands(out):
        result = in_read_only_mount(folder, command[0], "--project", str(path), *command[1:])
        assert result.returncode == 0, (command, result.stderr)
    assert "ana" in (out / "annotations.csv").read_text(encoding="utf-8")
    assert files_state(folder) == before


@needs_read_only_mount
def test_a_read_only_mount_with_a_log_and_its_index_reads_the_latest_work(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    path = folder / "p.annotator"
    _project(path)
    uuid = _killed_writer(path)
    assert {p.name for p in folder.iterdir()} == {"p.annotator", "p.annotator-wal", "p.annotator-shm"}
    before = files_state(folder)
    out = tmp_path / "out.csv"
    result = in_read_only_mount(folder, "export", "--project", str(path), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert uuid in out.read_text(encoding="utf-8")
    result = in_read_only_mount(folder, "info", "--project", str(path))
    assert result.returncode == 0 and "carla" in result.stdout
    assert files_state(folder) == before


@needs_read_only_mount
def test_a_read_only_mount_with_a_log_but_no_index_is_refused_saying_why(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    path = folder / "p.annotator"
    _project(path)
    _killed_writer(path)
    (folder / "p.annotator-shm").unlink()
    before = files_state(folder)
    result = in_read_only_mount(folder, "info", "--project", str(path))
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert str(path) in line and "read-only" in line and "p.annotator-wal" in line
    assert "damaged" not in line
    assert files_state(folder) == before


@needs_read_only_mount
def test_writing_in_a_read_only_folder_is_named_as_such(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    path = folder / "p.annotator"
    _project(path)
    theirs = tmp_path / "theirs.annotator"
    _project(theirs)
    article = tmp_path / "a.txt"
    article.write_text("Un autre texte.\n", encoding="utf-8")
    before = files_state(folder)
    for args in (("merge", "--project", str(path), str(theirs)),
                 ("import", "--project", str(path), str(article))):
        result = in_read_only_mount(folder, *args)
        assert result.returncode == 1, args
        (line,) = result.stderr.strip().splitlines()
        assert str(path) in line and "read-only" in line and "damaged" not in line
    assert files_state(folder) == before
