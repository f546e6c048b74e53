"""Hostile project files: objects in the schema that Annotator did not create, endless queries,
devices and pipes given as project files; each refused in one line, every file left as it was."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sqlalchemy import text
from tests.helpers import files_state, imported

from annotator.cli import main
from annotator.domain.errors import ProjectError
from annotator.services.annotations import add_annotation, list_annotations
from annotator.services.documents import import_texts
from annotator.services.handle import store_of
from annotator.services.merge import merge_file
from annotator.services.project import open_project

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = "Le ministre a parlé. L’opposition répond.\n"

#: What a hostile project adds to an ordinary one, and what the refusal names.
HOSTILE = {
    "trigger": (
        "CREATE TRIGGER purge AFTER INSERT ON annotations BEGIN DELETE FROM annotations; END",
        "trigger purge",
    ),
    "view": ("CREATE VIEW everything AS SELECT * FROM annotations", "view everything"),
    "endless view": (
        "CREATE VIEW endless AS WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) "
        "SELECT x FROM n",
        "view endless",
    ),
    "extra table": ("CREATE TABLE payload (blob BLOB)", "table payload"),
    "extra index": ("CREATE INDEX ix_sneaky ON annotations (note)", "index ix_sneaky"),
    "changed table": (
        "ALTER TABLE documents ADD COLUMN shout TEXT GENERATED ALWAYS AS (upper(text)) VIRTUAL",
        "table documents defined otherwise",
    ),
}


def _project(path: Path, annotator: str = "ana") -> None:
    project = open_project(path)
    (outcome,) = import_texts(project, [imported(ARTICLE)])
    add_annotation(project, outcome.document.id, "source", annotator, 0, 11)
    project.close()


def _hostile(path: Path, sql: str) -> Path:
    _project(path, "mallory")
    conn = sqlite3.connect(path)
    conn.execute(sql)
    conn.commit()
    conn.close()
    return path


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


@pytest.mark.parametrize("kind", HOSTILE)
def test_a_project_with_objects_annotator_did_not_create_is_refused_everywhere(tmp_path, kind, capsys):
    sql, named = HOSTILE[kind]
    theirs = _hostile(tmp_path / "theirs.annotator", sql)
    ours = tmp_path / "ours.annotator"
    _project(ours)
    before = files_state(tmp_path)

    with pytest.raises(ProjectError) as err:
        open_project(theirs)  # the window, or a command that writes
    assert str(theirs) in str(err.value) and named in str(err.value)
    for command in (["info"], ["labels"], ["stats"], ["export", "--out", "-"]):
        assert main([command[0], "--project", str(theirs), *command[1:]]) == 1
        line = _one_line(capsys.readouterr().err)
        assert str(theirs) in line and named in line
    assert main(["merge", "--project", str(ours), str(theirs)]) == 1
    line = _one_line(capsys.readouterr().err)
    assert str(theirs) in line and named in line
    assert files_state(tmp_path) == before


def test_a_query_that_never_ends_is_stopped_with_a_clear_error(tmp_path):
    path = tmp_path / "p.annotator"
    _project(path)
    project = open_project(path, create=False, read_only=True)
    endless = "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT max(x) FROM n"
    started = time.monotonic()
    try:
        with pytest.raises(ProjectError) as err, store_of(project).read() as session:
            session.execute(text(endless)).scalar()
    finally:
        project.close()
    assert time.monotonic() - started < 60
    assert str(path) in str(err.value) and "stopped" in str(err.value)


def test_ctrl_c_stops_a_long_query(tmp_path):
    path = tmp_path / "p.annotator"
    _project(path)
    script = textwrap.dedent(
        f"""
        from sqlalchemy import text
        from annotator.services.handle import store_of
        from annotator.services.project import open_project
        project = open_project({str(path)!r}, create=False, read_only=True)
        print("querying", flush=True)
        try:
            with store_of(project).read() as session:
                session.execute(text(
                    "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) "
                    "SELECT max(x) FROM n")).scalar()
        except KeyboardInterrupt:
            print("interrupted", flush=True)
        finally:
            project.close()
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                            cwd=ROOT)
    assert proc.stdout.readline().strip() == "querying"
    time.sleep(0.3)
    started = time.monotonic()
    proc.send_signal(signal.SIGINT)
    out, _ = proc.communicate(timeout=30)
    assert out.strip() == "interrupted"
    assert time.monotonic() - started < 1.5


def _cli(*args: str, env: dict[str, str] | None = None, timeout: float = 60
         ) -> subprocess.CompletedProcess[str]:
    """The command line in a child process (a refusal that hangs or eats memory cannot take the
    tests down with it): at most `timeout` seconds and 2 GB."""
    import resource

    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 * 2**30, 2 * 2**30))

    return subprocess.run(
        [sys.executable, "-m", "annotator", *args], capture_output=True, text=True, cwd=ROOT,
        timeout=timeout, preexec_fn=limit_memory, stdin=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
    )


def test_dev_zero_as_the_colleagues_file_is_refused_in_one_line(tmp_path):
    ours = tmp_path / "ours.annotator"
    _project(ours)
    before = files_state(tmp_path)
    result = _cli("merge", "--project", str(ours), "/dev/zero")
    assert result.returncode == 1
    line = _one_line(result.stderr)
    assert "/dev/zero" in line and "regular file" in line
    assert files_state(tmp_path) == before


def test_a_fifo_as_the_colleagues_file_or_as_the_project_is_refused_at_once(tmp_path):
    ours = tmp_path / "ours.annotator"
    _project(ours)
    fifo = tmp_path / "colleague.annotator"
    os.mkfifo(fifo)
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    before = files_state(tmp_path)
    for args in (("merge", "--project", str(ours), str(fifo)), ("info", "--project", str(fifo)),
                 ("import", "--project", str(fifo), str(article))):
        result = _cli(*args, timeout=30)
        assert result.returncode == 1, args
        line = _one_line(result.stderr)
        assert str(fifo) in line and "regular file" in line
    assert files_state(tmp_path) == before


def test_a_colleagues_log_that_is_a_fifo_or_a_device_is_refused(tmp_path):
    ours = tmp_path / "ours.annotator"
    _project(ours)
    theirs = tmp_path / "theirs.annotator"
    _project(theirs, "bea")
    wal = tmp_path / "theirs.annotator-wal"
    for make in (lambda: os.mkfifo(wal), lambda: wal.symlink_to("/dev/zero")):
        make()
        before = files_state(tmp_path)
        result = _cli("merge", "--project", str(ours), str(theirs), timeout=30)
        assert result.returncode == 1
        line = _one_line(result.stderr)
        assert str(wal) in line and "regular file" in line
        assert files_state(tmp_path) == before
        wal.unlink()


AUDIT_INTERRUPT = textwrap.dedent(
    """
    import sys
    from annotator.cli import main

    def ctrl_c_when_a_copy_opens(event, args):
        if event == "sqlite3.connect" and {marker!r} in str(args[0]):
            raise KeyboardInterrupt

    sys.addaudithook(ctrl_c_when_a_copy_opens)
    sys.exit(main({argv!r}))
    """
)


def test_temporary_copies_are_removed_after_refusals_and_ctrl_c(tmp_path):
    ours = tmp_path / "ours.annotator"
    _project(ours)
    theirs = tmp_path / "theirs.annotator"
    _project(theirs, "bea")
    hostile = _hostile(tmp_path / "hostile.annotator", HOSTILE["trigger"][0])
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {"TMPDIR": str(scratch)}
    before = files_state(tmp_path)
    result = _cli("merge", "--project", str(ours), str(hostile), env=env)
    assert result.returncode == 1 and "trigger purge" in result.stderr
    assert list(scratch.iterdir()) == []
    script = AUDIT_INTERRUPT.format(marker="annotator-merge-",
                                    argv=["merge", "--project", str(ours), str(theirs)])
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            cwd=ROOT, env={**os.environ, **env}, timeout=60)
    assert result.returncode == 130, result.stderr
    assert list(scratch.iterdir()) == []
    assert files_state(tmp_path) == before


def test_merging_never_changes_the_colleagues_files_even_while_they_work(tmp_path):
    ours = tmp_path / "ours" / "p.annotator"
    ours.parent.mkdir()
    _project(ours)
    theirs = tmp_path / "theirs" / "p.annotator"
    theirs.parent.mkdir()
    _project(theirs, "bea")
    held = open_project(theirs)  # the colleague's window: recent work sits in the -wal
    try:
        with store_of(held).read() as session:
            doc_id = session.execute(text("SELECT id FROM documents")).scalar_one()
        add_annotation(held, doc_id, "claim", "bea", 12, 20)
        before = files_state(theirs.parent)
        project = open_project(ours)
        try:
            report = merge_file(project, theirs)
            assert report.annotations_added == 2
            assert len(list_annotations(project, 1)) == 3
        finally:
            project.close()
        assert files_state(theirs.parent) == before
    finally:
        held.close()
