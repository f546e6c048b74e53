"""On a PostgreSQL server the server itself keeps an annotator off a colleague's annotations, and
the team commands work on the command line."""

from __future__ import annotations

import psycopg
import pytest
from tests.helpers import imported, span_of

from annotator.cli import main
from annotator.services.annotations import add_annotation, list_annotations
from annotator.services.assignments import act_as
from annotator.services.documents import get_document_text, import_texts
from annotator.services.project import open_project


def _shared(pg_url):
    project = open_project(pg_url)
    (outcome,) = import_texts(project, [imported("Selon le ministre, la réforme sauvera des emplois.\n")])
    doc = outcome.document
    text = get_document_text(project, doc.id)
    add_annotation(project, doc.id, "source", "ana", *span_of(text, "le ministre"))
    add_annotation(project, doc.id, "claim", "ben", *span_of(text, "sauvera"))
    return project, doc


def _member(pg_cluster, pg_url) -> str:
    """A role that is not a superuser (a superuser is never held by row security), allowed to
    write the project's tables."""
    role = f"member_{pg_url.rsplit('/', 1)[-1]}"
    pg_cluster.admin(f'CREATE ROLE "{role}"')
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{role}"')
        conn.execute(f'GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO "{role}"')
    return role


def test_an_update_of_a_colleagues_annotation_through_sql_changes_nothing(pg_cluster, pg_url):
    project, _ = _shared(pg_url)
    project.close()
    role = _member(pg_cluster, pg_url)
    with psycopg.connect(pg_url) as conn:
        conn.execute(f'SET ROLE "{role}"')
        conn.execute("SET annotator.name = 'ben'")
        changed = conn.execute("UPDATE annotations SET note = 'mine now' WHERE annotator = 'ana'").rowcount
        removed = conn.execute("DELETE FROM annotations WHERE annotator = 'ana'").rowcount
        own = conn.execute("UPDATE annotations SET note = 'ok' WHERE annotator = 'ben'").rowcount
        assert (changed, removed, own) == (0, 0, 1)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE annotations SET annotator = 'ana' WHERE annotator = 'ben'")
        conn.rollback()
        conn.execute(f'SET ROLE "{role}"')
        assert conn.execute("SELECT count(*) FROM annotations").fetchone() == (2,)  # everyone reads
        # a session that names nobody (the command line, a merge, a codebook change) is not held
        conn.execute("SET annotator.name = ''")
        assert conn.execute("UPDATE annotations SET note = 'merged' WHERE annotator = 'ana'").rowcount == 1


def test_the_window_s_connections_name_their_annotator_to_the_server(pg_url):
    from sqlalchemy import text

    from annotator.services.handle import store_of

    setting = text("SELECT current_setting('annotator.name', true)")
    project, doc = _shared(pg_url)
    try:
        act_as(project, "ana")
        assert {a.annotator for a in list_annotations(project, doc.id)} == {"ana", "ben"}
        with store_of(project).read() as session:
            assert session.execute(setting).scalar() == "ana"
        act_as(project, None)
        with store_of(project).read() as session:
            assert session.execute(setting).scalar() in ("", None)
    finally:
        project.close()


def test_assign_list_done_and_blind_on_the_command_line(pg_url, capsys):
    project, doc = _shared(pg_url)
    project.close()
    assert main(["assign", "--project", pg_url, "--annotator", "ana", "--all"]) == 0
    assert main(["assign", "--project", pg_url, "--annotator", "ben", "--all"]) == 0
    assert "1 document assigned to ben" in capsys.readouterr().out
    assert main(["assign", "--project", pg_url, "--annotator", "ana", "--all", "--done"]) == 0
    assert main(["assign", "--project", pg_url, "--list"]) == 0
    out = capsys.readouterr().out
    assert "ana: 1 of 1 done, 1 annotations" in out and "ben: 0 of 1 done" in out
    assert "no document is done by two annotators yet" in out
    assert main(["assign", "--project", pg_url, "--annotator", "ben", "--all", "--done"]) == 0
    assert main(["assign", "--project", pg_url, "--list"]) == 0
    assert "over 1 document done by two or more" in capsys.readouterr().out
    assert main(["blind", "--project", pg_url]) == 0
    assert "blind mode is off" in capsys.readouterr().out
    assert main(["blind", "--project", pg_url, "on"]) == 0
    assert main(["blind", "--project", pg_url]) == 0
    assert "blind mode is on" in capsys.readouterr().out.splitlines()[-1]


def test_assign_without_annotator_or_documents_says_what_is_missing(tmp_path, capsys):
    target = tmp_path / "p.annotator"
    open_project(target).close()
    assert main(["assign", "--project", str(target), "--all"]) == 2
    assert "--annotator NAME" in capsys.readouterr().err
    assert main(["assign", "--project", str(target), "--annotator", "ana"]) == 2
    assert "--document REF" in capsys.readouterr().err
    assert main(["assign", "--project", str(target), "--annotator", "ana", "--document", "nope"]) == 1
    assert "nope" in capsys.readouterr().err


def _row_security(url: str) -> tuple[bool, bool, list[str]]:
    with psycopg.connect(url) as conn:
        on, forced = conn.execute("SELECT relrowsecurity, relforcerowsecurity FROM pg_class "
                                  "WHERE relname = 'annotations'").fetchone()
        policies = [row[0] for row in conn.execute(
            "SELECT policyname FROM pg_policies WHERE tablename = 'annotations' ORDER BY policyname")]
    return on, forced, policies


POLICIES = ["annotations_add", "annotations_change", "annotations_read", "annotations_remove"]


def test_row_security_is_there_on_a_new_an_upgraded_and_a_copied_server_project(pg_cluster, pg_url, tmp_path):
    open_project(pg_url).close()
    assert _row_security(pg_url) == (True, True, POLICIES)
    names = [pg_cluster.new_database(), pg_cluster.new_database()]
    try:
        _later_projects(pg_url, *(pg_cluster.url(name) for name in names), tmp_path)
    finally:
        for name in names:
            pg_cluster.drop_database(name)


def _later_projects(pg_url: str, older: str, copy: str, tmp_path) -> None:
    from annotator.store.engine import ProjectStore, make_server_engine
    from annotator.store.project_file import _upgrade_on_server

    store = ProjectStore(path=None, url=older, engine=make_server_engine(older))
    try:
        _upgrade_on_server(store, "0007")
    finally:
        store.close()
    assert _row_security(older)[2] == []
    open_project(older).close()  # upgraded to 0008
    assert _row_security(older) == (True, True, POLICIES)
    archive = tmp_path / "archive.annotator"
    assert main(["copy", "--from", pg_url, "--to", str(archive)]) == 0
    assert main(["copy", "--from", str(archive), "--to", copy]) == 0
    assert _row_security(copy) == (True, True, POLICIES)
