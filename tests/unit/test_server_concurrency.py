"""Many people writing one server project at once: every acknowledged annotation is there, once;
and each write is announced to listening windows, a colleague's apart from one's own."""

from __future__ import annotations

import multiprocessing
import select

from tests.helpers import imported
from tests.pg_cluster import committed_rows

from annotator.services.annotations import add_annotation
from annotator.services.changes import listen_for_changes
from annotator.services.documents import import_texts
from annotator.services.project import open_project

WORKERS = 8
EACH = 500
#: One word per annotation of every worker: worker w's i-th span is word w * EACH + i.
WORD = "mot "


def _write(job: tuple[str, int, int]) -> list[tuple[str, int]]:
    """A colleague's session: EACH annotations, one transaction each; what was acknowledged."""
    address, document_id, worker = job
    project = open_project(address, create=False)
    acknowledged = []
    try:
        for i in range(EACH):
            start = (worker * EACH + i) * len(WORD)
            info = add_annotation(project, document_id, "claim", f"worker {worker}", start, start + 3)
            acknowledged.append((info.uuid, info.start))
    finally:
        project.close()
    return acknowledged


def test_eight_colleagues_writing_500_annotations_each_at_once_leave_all_4000_once(pg_url):
    project = open_project(pg_url)
    try:
        (outcome,) = import_texts(project, [imported(WORD * (WORKERS * EACH), title="Long")])
    finally:
        project.close()
    document_id = outcome.document.id
    with multiprocessing.get_context("spawn").Pool(WORKERS) as pool:
        results = pool.map(_write, [(pg_url, document_id, w) for w in range(WORKERS)])
    acknowledged = {uuid for result in results for uuid, _start in result}
    assert len(acknowledged) == WORKERS * EACH
    rows = committed_rows(pg_url, 'SELECT uuid, annotator, start, "end" FROM annotations')
    assert len(rows) == WORKERS * EACH
    assert {row[0] for row in rows} == acknowledged
    assert len({row[1:] for row in rows}) == WORKERS * EACH  # no span twice
    for worker in range(WORKERS):
        starts = sorted(row[2] for row in rows if row[1] == f"worker {worker}")
        assert starts == [(worker * EACH + i) * len(WORD) for i in range(EACH)]


def test_a_listener_hears_a_colleagues_writes_and_not_its_own(pg_url):
    mine = open_project(pg_url)
    colleague = open_project(pg_url)
    listener = listen_for_changes(mine)
    try:
        (outcome,) = import_texts(mine, [imported("Le ministre parle.", title="Court")])
        add_annotation(mine, outcome.document.id, "claim", "ana", 0, 2)
        select.select([listener.fileno()], [], [], 0.5)
        assert listener.take() == 0
        add_annotation(colleague, outcome.document.id, "claim", "bruno", 3, 10)
        readable, _, _ = select.select([listener.fileno()], [], [], 2)
        assert readable and listener.take() == 1
        assert listener.take() == 0
    finally:
        listener.close()
        colleague.close()
        mine.close()


def test_a_project_file_has_nothing_to_listen_to(tmp_path):
    project = open_project(tmp_path / "p.annotator")
    try:
        assert listen_for_changes(project) is None
    finally:
        project.close()


def test_a_merge_into_a_team_project_works_for_a_role_that_row_security_holds(pg_cluster, tmp_path):
    """Not every server admits a superuser: a database owned by an ordinary role, whose sessions
    the annotations' row-level security holds, takes a colleague's 300 annotations too."""
    import os

    import psycopg

    from annotator.services.merge import merge_file

    name = pg_cluster.new_database()
    role = f"owner_{os.getpid()}"
    pg_cluster.admin(f'CREATE ROLE "{role}" LOGIN')
    pg_cluster.admin(f'ALTER DATABASE "{name}" OWNER TO "{role}"')
    with psycopg.connect(pg_cluster.url(name), autocommit=True) as conn:
        conn.execute(f'ALTER SCHEMA public OWNER TO "{role}"')
    address = f"postgresql://{role}@{pg_cluster.url(name).split('@', 1)[1]}"
    colleague = open_project(tmp_path / "colleague.annotator")
    (outcome,) = import_texts(colleague, [imported(WORD * 300, title="Mots")])
    for i in range(300):
        add_annotation(colleague, outcome.document.id, "claim", "bruno", i * len(WORD), i * len(WORD) + 3)
    colleague.close()
    project = open_project(address)
    try:
        assert committed_rows(address, "SELECT row_security_active('annotations')") == [(True,)]
        assert merge_file(project, tmp_path / "colleague.annotator").annotations_added == 300
    finally:
        project.close()
        pg_cluster.drop_database(name)
