"""A throwaway PostgreSQL 15 cluster for the tests, and a fresh database for each test that asks.

The cluster is made once per test session with `initdb` in a temporary folder, listens only on a
unix socket in that folder (no TCP port, so nothing clashes with a server already running), trusts
local connections, and is stopped and removed at the end. PostgreSQL refuses to run as root: as
root the folder is given to the `postgres` system user (made by Debian's package) and the server
runs as that user through `runuser`.

Each test gets its own database, copied from a template (fast); the server runs without fsync,
since a test's data need not survive a crash.

Without the binaries or the driver the tests that ask for a server are skipped, with the reason;
with ANNOTATOR_PG_TESTS=require (set by .ci/run) they fail instead, so CI always runs them.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest

#: Where Debian's postgresql-15 package puts the server programs.
PG_BIN = Path(os.environ.get("ANNOTATOR_PG_BIN", "/usr/lib/postgresql/15/bin"))
#: "require": a missing server is a failure, not a skip.
REQUIRE_ENV = "ANNOTATOR_PG_TESTS"
SERVER_USER = "postgres"
PORT = 5432  # names the socket file only: the server listens on no TCP port
TEMPLATE = "annotator_template"


@dataclass
class Cluster:
    """A running throwaway cluster: its folder, the socket folder, and the user to connect as."""

    root: Path
    socket_dir: Path
    user: str
    run_as: str | None  # the system user the server runs as (when the tests run as root)
    _numbers: Iterator[int] = itertools.count(1)

    def url(self, database: str) -> str:
        """A project address for `database`: postgresql://user@<socket folder>/database."""
        host = quote(str(self.socket_dir), safe="")
        return f"postgresql://{self.user}@{host}:{PORT}/{database}"

    def admin(self, sql: str) -> None:
        """Run one statement outside a transaction in the maintenance database."""
        import psycopg

        with psycopg.connect(host=str(self.socket_dir), port=PORT, user=self.user, dbname="postgres",
                             autocommit=True) as conn:
            conn.execute(sql)

    def new_database(self, icu_locale: str | None = None) -> str:
        """A new empty database; with `icu_locale` (say "en-US") it sorts text as people of that
        language do, as many servers' databases do, instead of code point by code point."""
        name = f"test_{os.getpid()}_{next(self._numbers)}"
        if icu_locale is None:
            self.admin(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE}"')
        else:
            self.admin(f'CREATE DATABASE "{name}" TEMPLATE template0 LOCALE_PROVIDER icu '
                       f"ICU_LOCALE '{icu_locale}'")
        return name

    def drop_database(self, name: str) -> None:
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def password_login(self, password: str) -> str:
        """A new login role that the server admits only with `password` (SCRAM); its name."""
        role = f"member_{os.getpid()}_{next(self._numbers)}"
        self.admin(f"CREATE ROLE \"{role}\" LOGIN PASSWORD '{password}'")
        hba = self.root / "data" / "pg_hba.conf"
        hba.write_text(f"local all {role} scram-sha-256\n" + hba.read_text(encoding="utf-8"),
                       encoding="utf-8")
        _run([str(PG_BIN / "pg_ctl"), "-D", str(self.root / "data"), "reload"], self.run_as,
             self.root / "server.log")
        self.admin("SELECT pg_sleep(0.2)")  # the reload takes effect in new sessions
        return role


def _missing() -> str | None:
    """Why no cluster can be made here, or None."""
    for program in ("initdb", "pg_ctl", "postgres"):
        if not (PG_BIN / program).is_file():
            return f"PostgreSQL 15 server programs not found in {PG_BIN} (Debian package: postgresql)"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "the PostgreSQL driver is not installed (pip install 'psycopg[binary]')"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(SERVER_USER)
        except KeyError:
            return f"running as root and no '{SERVER_USER}' system user to run the server as"
        if shutil.which("runuser") is None:
            return "running as root and no runuser to start the server as another user"
    return None


def _run(command: list[str], run_as: str | None, log: Path) -> None:
    if run_as is not None:
        command = ["runuser", "-u", run_as, "--", *command]
    with log.open("ab") as out:
        done = subprocess.run(command, stdout=out, stderr=subprocess.STDOUT, check=False)
    if done.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}):\n{tail}")


#: The clusters' folders: <temporary folder>/annotator-pg-*, each with the test process's pid.
PREFIX = "annotator-pg-"
OWNER_FILE = "owner.pid"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_abandoned_clusters() -> None:
    """Stop and remove the clusters of test sessions that were killed before they could."""
    for root in Path(tempfile.gettempdir()).glob(f"{PREFIX}*"):
        try:
            owner = int((root / OWNER_FILE).read_text(encoding="ascii"))
        except (OSError, ValueError):
            continue  # not one of ours, or still being made
        if owner == os.getpid() or _alive(owner):
            continue
        run_as = root.owner() if os.geteuid() == 0 and root.owner() != "root" else None
        if (root / "data" / "postmaster.pid").exists():
            try:
                _run([str(PG_BIN / "pg_ctl"), "-D", str(root / "data"), "-m", "immediate", "-w", "stop"],
                     run_as, root / "server.log")
            except (RuntimeError, OSError):
                pass
        shutil.rmtree(root, ignore_errors=True)


def start_cluster() -> Cluster:
    """initdb, start the server on a socket in the cluster's folder, make the template database."""
    remove_abandoned_clusters()
    root = Path(tempfile.mkdtemp(prefix=PREFIX))
    (root / OWNER_FILE).write_text(str(os.getpid()), encoding="ascii")
    run_as = SERVER_USER if os.geteuid() == 0 else None
    if run_as is not None:
        entry = pwd.getpwnam(run_as)
        os.chown(root, entry.pw_uid, entry.pw_gid)
    user = run_as or pwd.getpwuid(os.geteuid()).pw_name
    data, sockets, log = root / "data", root / "sockets", root / "server.log"
    log.touch()
    if run_as is not None:
        os.chown(log, entry.pw_uid, entry.pw_gid)
    _run([str(PG_BIN / "initdb"), "-D", str(data), "-U", user, "--auth=trust", "--encoding=UTF8",
          "--locale=C", "--no-sync"], run_as, log)
    _run(["mkdir", "-p", str(sockets)], run_as, log)
    options = (f"-k {sockets} -p {PORT} -c listen_addresses='' -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
    _run([str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "start"],
         run_as, log)
    cluster = Cluster(root=root, socket_dir=sockets, user=user, run_as=run_as)
    try:
        cluster.admin(f'CREATE DATABASE "{TEMPLATE}"')
    except BaseException:
        stop_cluster(cluster)
        raise
    return cluster


def stop_cluster(cluster: Cluster) -> None:
    """Stop the server at once and remove its folder."""
    try:
        _run([str(PG_BIN / "pg_ctl"), "-D", str(cluster.root / "data"), "-m", "immediate", "-w", "stop"],
             cluster.run_as, cluster.root / "server.log")
    finally:
        shutil.rmtree(cluster.root, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """The session's throwaway cluster (skipped, or failed under ANNOTATOR_PG_TESTS=require,
    when it cannot be made here)."""
    reason = _missing()
    if reason is not None:
        if os.environ.get(REQUIRE_ENV) == "require":
            pytest.fail(f"{REQUIRE_ENV}=require but {reason}", pytrace=False)
        pytest.skip(reason)
    cluster = start_cluster()
    try:
        yield cluster
    finally:
        stop_cluster(cluster)


@pytest.fixture
def pg_url(pg_cluster: Cluster) -> Iterator[str]:
    """The address of a fresh, empty database of the session's cluster, dropped after the test."""
    name = pg_cluster.new_database()
    try:
        yield pg_cluster.url(name)
    finally:
        pg_cluster.drop_database(name)


@dataclass
class Backend:
    """Where a test's project lives: a SQLite file in tmp_path, or a fresh server database."""

    name: str  # "sqlite" or "postgresql"
    _tmp: Path
    _url: str | None = None

    def target(self, name: str = "test.annotator") -> Path | str:
        """The project's place: the file `name` in tmp_path, or the test's server database."""
        return self._tmp / name if self._url is None else self._url


#: The backend of the running test, when it takes `backend` (see `project_place`).
_active: Backend | None = None


def project_place(path: Path) -> Path | str:
    """Where a test's own project goes: the file `path`, or, while the test runs with the
    postgresql backend, the test's server database instead (`tests.helpers` builds its projects
    here). Other files a test names stay files."""
    if _active is None or _active.name == "sqlite":
        return path
    return _active.target()


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    """Each test that takes it runs twice: with a project file and with a project on a server.

    A test module opts in whole with `pytestmark = pytest.mark.usefixtures("backend")`: the
    projects `tests.helpers` makes then live on the server in the second run."""
    global _active
    if request.param == "sqlite":
        chosen = Backend("sqlite", tmp_path)
    else:
        chosen = Backend("postgresql", tmp_path, request.getfixturevalue("pg_url"))
    _active = chosen
    try:
        yield chosen
    finally:
        _active = None


def committed_rows(target: Path | str, sql: str) -> list[tuple]:
    """The rows of `sql` as another program reads them, on a connection of its own: what was
    committed to the project file, or to the project database on the server."""
    if isinstance(target, str) and target.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(target) as conn:
            return [tuple(row) for row in conn.execute(sql).fetchall()]
    import sqlite3

    conn = sqlite3.connect(target)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def committed_dump(target: Path | str) -> list:
    """Everything committed to the project: the file's SQL dump, or every table's rows on the server."""
    if not (isinstance(target, str) and target.startswith("postgresql://")):
        import sqlite3

        with sqlite3.connect(target) as conn:
            return list(conn.iterdump())
    tables = [name for (name,) in committed_rows(
        target, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                "ORDER BY table_name")]
    return [(table, sorted(committed_rows(target, f'SELECT * FROM "{table}"'), key=repr))
            for table in tables]


def files_only(reason: str) -> None:
    """Skip the running test in its postgresql `backend` run: it is about SQLite files (`reason`)."""
    if _active is not None and _active.name != "sqlite":
        pytest.skip(f"project files only: {reason}")
