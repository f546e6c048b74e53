"""`annotator backup`: a consistent one-file copy of a project, even of one whose last work is still
in its -wal after a crash; never half-written, never over the project itself."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from tests.helpers import files_state, imported

from annotator.cli import main
from annotator.services.annotations import add_annotation, list_annotations
from annotator.services.documents import import_texts, list_documents
from annotator.services.project import open_project

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = "Le ministre a parlé. L’opposition répond.\n"


def _project(path: Path) -> None:
    project = open_project(path)
    (outcome,) = import_texts(project, [imported(ARTICLE)])
    add_annotation(project, outcome.document.id, "source", "ana", 0, 11)
    project.close()


def _uuids(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {uuid for (uuid,) in conn.execute("SELECT uuid FROM annotations")}
    finally:
        conn.close()


def _killed_writer(path: Path, count: int) -> list[str]:
    """A window that saved `count` annotations and was killed without a checkpoint; their UUIDs,
    each printed once the service had returned (acknowledged)."""
    script = textwrap.dedent(
        f"""
        import os, signal
        from annotator.services.project import open_project
        from annotator.services.annotations import add_annotation
        from annotator.services.documents import list_documents
        p = open_project({str(path)!r})
        (doc,) = list_documents(p)
        for n in range({count}):
            a = add_annotation(p, doc.id, "claim", "carla", n, n + 5)
            print(a.uuid, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=ROOT, timeout=120)
    assert result.returncode == -9
    return result.stdout.split()


def test_a_copy_after_a_crash_holds_every_acknowledged_annotation_and_opens_as_a_project(
        tmp_path, capsys):
    folder = tmp_path / "work"
    folder.mkdir()
    path = folder / "p.annotator"
    _project(path)
    acknowledged = _killed_writer(path, 30)
    assert len(acknowledged) == 30
    assert (folder / "p.annotator-wal").stat().st_size > 0  # the work is in the log only

    bare = tmp_path / "bare copy.annotator"
    shutil.copyfile(path, bare)  # what copying the file alone gives
    assert not set(acknowledged) <= _uuids(bare)

    copy = tmp_path / "copie ?.annotator"
    assert main(["backup", "--project", str(path), "--out", str(copy)]) == 0
    assert str(copy) in capsys.readouterr().out
    assert set(acknowledged) <= _uuids(copy)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bare copy.annotator", "copie ?.annotator",
                                                        "work"]
    conn = sqlite3.connect(copy)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    conn.close()
    project = open_project(copy, create=False)
    (doc,) = list_documents(project)
    assert len(list_annotations(project, doc.id)) == 31
    project.close()


def test_a_copy_of_an_open_project_is_complete_and_the_copy_replaces_an_older_one(tmp_path, capsys):
    path = tmp_path / "p.annotator"
    _project(path)
    project = open_project(path)  # the window is open and keeps writing
    copy = tmp_path / "copy.annotator"
    copy.write_bytes(b"an older copy")
    try:
        (doc,) = list_documents(project)
        latest = add_annotation(project, doc.id, "claim", "ana", 12, 20)
        assert main(["backup", "--project", str(path), "--out", str(copy)]) == 0
    finally:
        project.close()
    assert latest.uuid in _uuids(copy)
    assert not (tmp_path / "copy.annotator-wal").exists()


@pytest.mark.parametrize("target", ["itself", "-wal", "-shm", "hard link", "symlink"])
def test_the_copy_is_never_the_project_or_one_of_its_files(tmp_path, target, capsys):
    path = tmp_path / "p.annotator"
    _project(path)
    project = open_project(path)  # keeps its -wal and -shm
    try:
        out = {"itself": path, "-wal": tmp_path / "p.annotator-wal",
               "-shm": tmp_path / "p.annotator-shm", "hard link": tmp_path / "link.annotator",
               "symlink": tmp_path / "sym.annotator"}[target]
        if target == "hard link":
            os.link(path, out)
        elif target == "symlink":
            out.symlink_to(path)
        before = files_state(tmp_path)
        assert main(["backup", "--project", str(path), "--out", str(out)]) == 1
        (line,) = capsys.readouterr().err.strip().splitlines()
        assert str(out) in line and "the project itself" in line
        assert files_state(tmp_path) == before
    finally:
        project.close()


def test_a_folder_or_a_missing_folder_is_refused(tmp_path, capsys):
    path = tmp_path / "p.annotator"
    _project(path)
    before = files_state(tmp_path)
    for out, reason in ((tmp_path, "is a folder"), (tmp_path / "nowhere" / "c.annotator", "does not exist")):
        assert main(["backup", "--project", str(path), "--out", str(out)]) == 1
        (line,) = capsys.readouterr().err.strip().splitlines()
        assert str(out) in line and reason in line
    assert files_state(tmp_path) == before


AUDITED_BACKUP = textwrap.dedent(
    """
    import json, os, signal, sys
    from annotator.cli import main
    events = []

    def watch(event, args):
        if event == "sqlite3.connect":
            events.append(["connect", str(args[0])])
        elif event == "os.rename":
            events.append(["rename", os.fsdecode(args[0]), os.fsdecode(args[1])])
            if {kill!r}:
                os.kill(os.getpid(), signal.SIGKILL)

    sys.addaudithook(watch)
    code = main(["backup", "--project", {path!r}, "--out", {out!r}])
    print(json.dumps(events))
    sys.exit(code)
    """
)


def test_the_copy_is_written_under_another_name_and_a_kill_leaves_the_older_copy(tmp_path):
    path = tmp_path / "p.annotator"
    _project(path)
    out = tmp_path / "copy.annotator"
    script = AUDITED_BACKUP.format(path=str(path), out=str(out), kill=False)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    events = json.loads(result.stdout.strip().splitlines()[-1])
    assert not any(event[0] == "connect" and str(out) in event[1] for event in events)
    ((_, temporary, target),) = [event for event in events if event[0] == "rename"]
    assert target == str(out) and Path(temporary).parent == tmp_path
    older = out.read_bytes()

    project = open_project(path)
    (doc,) = list_documents(project)
    add_annotation(project, doc.id, "claim", "ana", 12, 20)
    project.close()
    before = files_state(tmp_path)
    script = AUDITED_BACKUP.format(path=str(path), out=str(out), kill=True)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT,
                            timeout=60)
    assert result.returncode == -9
    assert out.read_bytes() == older  # killed before the rename: the older copy is whole
    leftovers = {Path(name).name for name in set(files_state(tmp_path)) - set(before)}
    # the killed copy's temporary file, and what SQLite keeps beside a project being read
    assert all(name.startswith(".copy.annotator.") or name in ("p.annotator-wal", "p.annotator-shm")
               for name in leftovers), leftovers
