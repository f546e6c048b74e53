"""The project file: created, reopened, upgraded with a backup, or refused untouched."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from annotator.domain.errors import ProjectError
from annotator.services.annotations import add_annotation, list_annotations
from annotator.services.labels import list_labels
from annotator.services.project import open_project
from annotator.store.project_file import head_revision

FIXTURES = Path(__file__).parent.parent / "fixtures"


def test_new_project_is_plain_sqlite_with_pragmas_and_default_codebook(tmp_path):
    path = tmp_path / "new.annotator"
    project = open_project(path)
    labels = list_labels(project)
    with project.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    project.close()
    assert [(lab.name, lab.shortcut) for lab in labels] == [("source", "1"), ("claim", "2"), ("framing", "3")]
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision()
    assert conn.execute("SELECT count(*) FROM labels").fetchone()[0] == 3


def test_reopening_keeps_codebook_and_makes_no_backup(tmp_path):
    path = tmp_path / "p.annotator"
    open_project(path).close()
    project = open_project(path)
    assert project.backup_path is None
    assert len(list_labels(project)) == 3
    project.close()
    assert [p.name for p in tmp_path.iterdir() if ".bak" in p.name] == []


def _old_project(tmp_path: Path) -> Path:
    path = tmp_path / "old.annotator"
    conn = sqlite3.connect(path)
    conn.executescript((FIXTURES / "project_schema_0001.sql").read_text(encoding="utf-8"))
    conn.close()
    return path


def test_older_schema_is_backed_up_then_upgraded_with_data_intact(tmp_path):
    path = _old_project(tmp_path)
    before = list(sqlite3.connect(path).iterdump())
    project = open_project(path)
    assert project.backup_path is not None and project.backup_path.exists()
    assert project.backup_path.name == "old.annotator.bak-0001"
    assert list(sqlite3.connect(project.backup_path).iterdump()) == before
    anns = list_annotations(project, 1)
    assert [(a.label, a.start, a.end, a.note) for a in anns] == [
        ("source", 12, 23, "the minister"),
        ("claim", 34, 46, ""),
    ]
    assert [lab.name for lab in list_labels(project)] == ["source", "claim"]
    project.close()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision()
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    backup = sqlite3.connect(project.backup_path)
    assert backup.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"


def _refused(path: Path, *fragments: str) -> None:
    before = path.read_bytes()
    with pytest.raises(ProjectError) as err:
        open_project(path)
    for fragment in fragments:
        assert fragment in str(err.value)
    assert str(path) in str(err.value)
    assert path.read_bytes() == before, "a refused file must be left byte-for-byte unchanged"
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_newer_schema_is_refused_untouched(tmp_path):
    path = tmp_path / "future.annotator"
    open_project(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()  # still in WAL mode, as a newer Annotator would leave it
    _refused(path, "newer version of Annotator", "9999")


def test_text_file_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.annotator"
    path.write_text("these are my notes, not a project\n", encoding="utf-8")
    _refused(path, "not an SQLite database")


def test_corrupt_file_is_refused_untouched(tmp_path):
    path = tmp_path / "broken.annotator"
    open_project(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
    data = bytearray(path.read_bytes())
    data[4096:8192] = b"\xde\xad\xbe\xef" * 1024  # wreck the second page
    path.write_bytes(bytes(data))
    _refused(path, "damaged")


def test_foreign_sqlite_database_is_refused_untouched(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    conn.commit()
    conn.close()
    _refused(path, "another program")


def test_missing_folder_is_refused(tmp_path):
    with pytest.raises(ProjectError, match="does not exist"):
        open_project(tmp_path / "nowhere" / "p.annotator")
    assert not (tmp_path / "nowhere").exists()


def test_unwritable_place_is_refused(tmp_path):
    with pytest.raises(ProjectError) as err:
        open_project(Path("/proc/p.annotator"))
    assert "/proc" in str(err.value)


def test_project_locked_by_another_program_waits_then_says_so(tmp_path):
    path = tmp_path / "busy.annotator"
    project = open_project(path, busy_timeout=0.3)
    from tests.helpers import imported

    from annotator.services.documents import import_texts

    (outcome,) = import_texts(project, [imported("Un texte court.")])
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(ProjectError, match="in use by another program"):
            add_annotation(project, outcome.document.id, "claim", "ana", 0, 2)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert list_annotations(project, outcome.document.id) == []
    project.close()


def test_acknowledged_annotation_survives_kill_9(tmp_path):
    path = tmp_path / "crash.annotator"
    script = textwrap.dedent(
        f"""
        import sys, time
        from annotator.services.project import open_project
        from annotator.services.documents import import_texts
        from annotator.services.annotations import add_annotation
        from tests.helpers import imported
        p = open_project({str(path)!r})
        (o,) = import_texts(p, [imported("Le ministre a parlé.")])
        a = add_annotation(p, o.document.id, "source", "ana", 3, 11)
        print("acknowledged", a.uuid, flush=True)
        time.sleep(60)
        """
    )
    root = Path(__file__).parent.parent.parent
    proc = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=root,
        env={**__import__("os").environ, "PYTHONPATH": f"{root}:{root / 'src'}"},
    )
    line = proc.stdout.readline()
    proc.kill()  # SIGKILL: no cleanup, no checkpoint
    proc.wait()
    assert line.startswith("acknowledged")
    uuid = line.split()[1]
    conn = sqlite3.connect(path)
    row = conn.execute("SELECT start, \"end\" FROM annotations WHERE uuid = ?", (uuid,)).fetchone()
    assert row == (3, 11)


def test_known_revisions_match_the_migration_scripts():
    from alembic.script import ScriptDirectory

    from annotator.store.project_file import REVISIONS, alembic_config

    script = ScriptDirectory.from_config(alembic_config())
    chain = [rev.revision for rev in reversed(list(script.walk_revisions()))]
    assert tuple(chain) == REVISIONS
    assert script.get_current_head() == REVISIONS[-1]


def test_reopening_an_up_to_date_project_does_not_load_alembic(tmp_path):
    path = tmp_path / "p.annotator"
    open_project(path).close()
    code = (
        "import sys\n"
        "from annotator.services.project import open_project\n"
        f"open_project({str(path)!r}).close()\n"
        "print('alembic' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_migrations_run_with_foreign_keys_off_so_a_table_rebuild_cascades_nothing(tmp_path):
    from annotator.store.engine import make_engine
    from annotator.store.project_file import foreign_keys_off

    path = _old_project(tmp_path)
    engine = make_engine(path)
    with engine.connect() as conn:
        foreign_keys_off(conn)
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 0
        # What a batch migration does to a parent table: copy, drop, rename.
        conn.exec_driver_sql("CREATE TABLE documents_copy AS SELECT * FROM documents")
        conn.exec_driver_sql("DROP TABLE documents")
        conn.exec_driver_sql("ALTER TABLE documents_copy RENAME TO documents")
        conn.commit()
        assert conn.exec_driver_sql("SELECT count(*) FROM annotations").scalar() == 2
    engine.dispose()


def test_reading_commands_never_create_a_project(tmp_path):
    empty = tmp_path / "empty.annotator"
    empty.write_bytes(b"")
    for path, message in ((empty, "the file is empty"), (tmp_path / "none.annotator", "no such project")):
        with pytest.raises(ProjectError, match=message):
            open_project(path, create=False)
    assert empty.read_bytes() == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.annotator"]


def test_an_upgraded_project_has_the_schema_a_new_one_is_created_with(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from annotator.store.engine import make_engine
    from annotator.store.models import Base

    path = _old_project(tmp_path)
    open_project(path).close()
    engine = make_engine(path)
    with engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert differences == []


def test_an_upgraded_project_gets_the_default_link_rules_for_its_labels(tmp_path):
    path = _old_project(tmp_path)  # labels: source and claim, no framing
    open_project(path).close()
    rules = sqlite3.connect(path).execute(
        "SELECT r.relation, f.name, t.name FROM link_rules r "
        "JOIN labels f ON f.id = r.from_label_id JOIN labels t ON t.id = r.to_label_id"
    ).fetchall()
    assert rules == [("attributed_to", "claim", "source")]
