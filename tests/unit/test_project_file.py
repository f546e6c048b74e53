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
from annotator.services.handle import store_of
from annotator.services.labels import list_labels
from annotator.services.project import open_project
from annotator.store.project_file import head_revision

FIXTURES = Path(__file__).parent.parent / "fixtures"


def test_new_project_is_plain_sqlite_with_pragmas_and_default_codebook(tmp_path):
    path = tmp_path / "new.annotator"
    project = open_project(path)
    labels = list_labels(project)
    with store_of(project).engine.connect() as conn:
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


@pytest.mark.parametrize("revision", ["0001", "0002", "0003"])
def test_an_upgraded_project_has_the_schema_a_new_one_is_created_with(tmp_path, revision):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from annotator.store.engine import make_engine
    from annotator.store.models import Base

    path = tmp_path / f"p{revision}.annotator"
    conn = sqlite3.connect(path)
    conn.executescript((FIXTURES / f"project_schema_{revision}.sql").read_text(encoding="utf-8"))
    conn.close()
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


#: Legal file names that a URL or URI would read as something else.
ODD_NAMES = (
    "Qui parle ?.annotator",
    "notes#2.annotator",
    "%42.annotator",
    "100%.annotator",
    "deux  mots .annotator",
    "Žižek – 日本語 😮.annotator",
    "-leading-dash.annotator",
    "?mode=memory.annotator",
)


@pytest.mark.parametrize("name", ODD_NAMES)
def test_any_legal_file_name_opens_exactly_that_file(tmp_path, name):
    folder = tmp_path / "x"
    folder.mkdir()
    path = folder / name
    project = open_project(path)
    from tests.helpers import imported

    from annotator.services.documents import import_texts

    (outcome,) = import_texts(project, [imported("Le ministre a parlé.")])
    add_annotation(project, outcome.document.id, "source", "ana", 3, 11)
    project.close()
    assert sorted(p.name for p in folder.iterdir()) == [name]
    project = open_project(path, create=False)
    assert [(a.start, a.end) for a in list_annotations(project, outcome.document.id)] == [(3, 11)]
    project.close()
    project = open_project(path, create=False, read_only=True)
    assert [(a.start, a.end) for a in list_annotations(project, outcome.document.id)] == [(3, 11)]
    project.close()
    assert sorted(p.name for p in folder.iterdir()) == [name]
    assert sqlite3.connect(path).execute("SELECT count(*) FROM annotations").fetchone() == (1,)


@pytest.mark.parametrize("name", ODD_NAMES)
def test_merge_into_and_from_odd_names_touches_only_the_files_named(tmp_path, name, capsys):
    from tests.helpers import imported

    from annotator.cli import main
    from annotator.services.documents import import_texts

    folder = tmp_path / "x"
    folder.mkdir()
    theirs = folder / f"theirs {name}"
    colleague = open_project(theirs)
    (outcome,) = import_texts(colleague, [imported("Le ministre a parlé.")])
    add_annotation(colleague, outcome.document.id, "source", "bea", 3, 11)
    colleague.close()
    ours = folder / name
    open_project(ours).close()
    assert main(["merge", f"--project={ours}", "--", str(theirs)]) == 0
    capsys.readouterr()
    assert sorted(p.name for p in folder.iterdir()) == sorted([name, theirs.name])
    assert main(["info", f"--project={ours}"]) == 0
    assert "1  bea" in capsys.readouterr().out.replace("       ", "")


AUDITED_OPEN = textwrap.dedent(
    """
    import json, os, signal, sys
    from annotator.services.project import open_project
    events = []

    def watch(event, args):
        if event == "sqlite3.connect":
            events.append(["connect", str(args[0])])
        elif event == "os.rename":
            events.append(["rename", os.fsdecode(args[0]), os.fsdecode(args[1])])
            if {kill_at_rename!r}:
                os.kill(os.getpid(), signal.SIGKILL)

    sys.addaudithook(watch)
    open_project({path!r}).close()
    print(json.dumps(events))
    """
)


def _run_audited(path: Path, kill_at_rename: bool = False) -> subprocess.CompletedProcess[str]:
    root = Path(__file__).parent.parent.parent
    script = AUDITED_OPEN.format(path=str(path), kill_at_rename=kill_at_rename)
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=root,
                          timeout=120)


def test_the_pre_upgrade_backup_is_written_under_another_name_then_renamed(tmp_path):
    path = _old_project(tmp_path)
    before = list(sqlite3.connect(path).iterdump())
    result = _run_audited(path)
    assert result.returncode == 0, result.stderr
    import json

    events = json.loads(result.stdout.strip().splitlines()[-1])
    backup = tmp_path / "old.annotator.bak-0001"
    assert not any(kind == "connect" and str(backup) in target for kind, target, *_ in events)
    renames = [event[1:] for event in events if event[0] == "rename"]
    assert len(renames) == 1 and renames[0][1] == str(backup)
    assert Path(renames[0][0]).parent == tmp_path and not Path(renames[0][0]).exists()
    assert list(sqlite3.connect(backup).iterdump()) == before


def test_a_kill_during_the_pre_upgrade_backup_leaves_no_half_backup_and_the_project_intact(tmp_path):
    path = _old_project(tmp_path)
    before = list(sqlite3.connect(path).iterdump())
    result = _run_audited(path, kill_at_rename=True)  # killed with the copy written, not renamed
    assert result.returncode == -9
    backup = tmp_path / "old.annotator.bak-0001"
    assert not backup.exists()
    assert list(sqlite3.connect(path).iterdump()) == before
    project = open_project(path)  # the next start makes the backup and upgrades
    assert project.backup_path == backup
    project.close()
    assert list(sqlite3.connect(backup).iterdump()) == before


def test_a_project_at_revision_0003_gains_the_index_on_review_copies(tmp_path):
    path = tmp_path / "p0003.annotator"
    conn = sqlite3.connect(path)
    conn.executescript((FIXTURES / "project_schema_0003.sql").read_text(encoding="utf-8"))
    conn.close()
    project = open_project(path)
    assert project.backup_path is not None and project.backup_path.name.endswith(".bak-0003")
    project.close()
    conn = sqlite3.connect(path)
    plan = conn.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM reviews WHERE copy_annotation_id = 1"
    ).fetchall()
    assert "ix_reviews_copy_annotation_id" in str(plan)
    new = tmp_path / "new.annotator"
    open_project(new).close()
    assert "ix_reviews_copy_annotation_id" in str(
        sqlite3.connect(new).execute("EXPLAIN QUERY PLAN SELECT id FROM reviews "
                                     "WHERE copy_annotation_id = 1").fetchall()
    )


def test_the_known_schemas_are_exactly_what_annotator_makes_at_each_revision():
    from tests.known_schemas import as_json, build

    from annotator.store.schema_check import KNOWN_SCHEMAS_FILE

    assert KNOWN_SCHEMAS_FILE.read_text(encoding="utf-8") == as_json(build()), (
        "rewrite it with: python -m tests.known_schemas"
    )
