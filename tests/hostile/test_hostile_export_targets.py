"""Export targets that must not be written over: the project itself (by any name), device nodes,
FIFOs, sockets and folders; and a writer that fails half-way leaves nothing partial."""

from __future__ import annotations

import os
import resource
import socket
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from tests.helpers import files_state

from annotator.cli import main
from annotator.services.annotations import add_annotation
from annotator.services.documents import import_texts, list_documents
from annotator.services.links import add_link
from annotator.services.project import open_project

TEXT = "Selon le ministre, « tout va bien ».\nL’opposition dément.\n"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def project(tmp_path) -> Path:
    """A project with one document, a claim linked to its source."""
    from tests.helpers import imported

    path = tmp_path / "work" / "p.annotator"
    path.parent.mkdir()
    store = open_project(path)
    import_texts(store, [imported(TEXT, "a.txt", "Article")])
    (doc,) = list_documents(store)
    source = add_annotation(store, doc.id, "source", "ana", 6, 17, "the minister")
    claim = add_annotation(store, doc.id, "claim", "ana", 19, 35)
    add_link(store, claim.id, source.id, "ana")
    store.close()
    return path


def project_count(path: Path) -> int:
    store = open_project(path)
    try:
        from annotator.services.project import project_summary

        return project_summary(store).total_annotations
    finally:
        store.close()


WRITERS = [
    ("export",),
    ("export", "--format", "jsonl"),
    ("export", "--spreadsheet"),
    ("export", "--format", "qdpx"),
    ("export", "--links"),
]


def _refused(capsys, tmp_path, project, out: Path, *command: str) -> str:
    before = files_state(tmp_path)
    code, _, err = run(capsys, command[0], "-p", str(project), *command[1:], "--out", str(out))
    assert code == 1, err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert files_state(tmp_path) == before
    assert project_count(project) == 2
    return err


@pytest.mark.parametrize("command", WRITERS)
def test_an_export_onto_the_project_file_is_refused(capsys, tmp_path, project, command):
    err = _refused(capsys, tmp_path, project, project, *command)
    assert f"{project}: is the project file" in err


@pytest.mark.parametrize("command", WRITERS)
@pytest.mark.parametrize("suffix", ["-wal", "-shm", "-journal"])
def test_an_export_onto_the_projects_sqlite_side_files_is_refused(capsys, tmp_path, project,
                                                                   command, suffix):
    side = project.with_name(project.name + suffix)
    err = _refused(capsys, tmp_path, project, side, *command)
    assert f"{side}: is the project's {suffix} file" in err
    assert not side.exists()


@pytest.mark.parametrize("command", WRITERS)
def test_an_export_onto_a_symlink_or_hard_link_to_the_project_is_refused(capsys, tmp_path, project,
                                                                         command):
    (tmp_path / "other").mkdir()
    symlink = tmp_path / "other" / "export.csv"
    symlink.symlink_to(project)
    hard = tmp_path / "other" / "hard.csv"
    os.link(project, hard)
    for out in (symlink, hard, tmp_path / "other" / ".." / "work" / "p.annotator"):
        err = _refused(capsys, tmp_path, project, out, *command)
        assert "is the project file" in err


def test_an_export_onto_a_symlink_to_the_side_file_name_is_refused(capsys, tmp_path, project):
    dangling = tmp_path / "wal.csv"
    dangling.symlink_to(project.with_name(project.name + "-wal"))  # the log does not exist now
    err = _refused(capsys, tmp_path, project, dangling, "export")
    assert "is the project's -wal file" in err


def test_stdout_appended_to_the_project_is_refused(tmp_path, project):
    before = files_state(tmp_path)
    with project.open("ab") as sink:
        result = subprocess.run(
            [sys.executable, "-m", "annotator", "export", "-p", str(project), "--out", "-"],
            stdout=sink, stderr=subprocess.PIPE, text=True,
        )
    assert result.returncode == 1
    assert "is the project file" in result.stderr and "Traceback" not in result.stderr
    assert files_state(tmp_path) == before


def test_brat_and_documents_never_write_over_the_project(capsys, tmp_path, project):
    err = _refused(capsys, tmp_path, project, project, "export", "--format", "brat")
    assert "is the project file" in err
    # a project that happens to bear the name `documents` gives one of its texts
    store = open_project(project)
    (doc,) = list_documents(store)
    store.close()
    texts = tmp_path / "texts"
    texts.mkdir()
    named = texts / f"{doc.uuid}.txt"
    project.rename(named)
    before = files_state(tmp_path)
    code, _, err = run(capsys, "documents", "-p", str(named), "--out", str(texts))
    assert code == 1 and f"{named}: is the project file" in err
    assert files_state(tmp_path) == before
    assert project_count(named) == 2


# Device nodes, FIFOs, sockets, folders


def _char_device(path: Path) -> Path:
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # what /dev/null is
    except PermissionError:
        pytest.skip("cannot make device nodes here")
    return path


@pytest.mark.parametrize("command", WRITERS)
def test_a_character_device_is_written_to_not_replaced(capsys, tmp_path, project, command):
    device = _char_device(tmp_path / "null")
    code, _, err = run(capsys, command[0], "-p", str(project), *command[1:], "--out", str(device))
    assert code == 0, err
    assert stat.S_ISCHR(os.lstat(device).st_mode)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".null")] == []


@pytest.fixture
def dev_null_kept():
    """The machine's /dev/null: a character device before and after (restored, and failed, if not)."""
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)
    yield Path("/dev/null")
    info = os.lstat("/dev/null")
    if not stat.S_ISCHR(info.st_mode):
        os.unlink("/dev/null")
        os.mknod("/dev/null", stat.S_IFCHR | 0o666, os.makedev(1, 3))
        os.chmod("/dev/null", 0o666)
        pytest.fail("/dev/null was replaced by the export (restored)")


@pytest.mark.parametrize("command", WRITERS)
def test_dev_null_stays_the_systems_device(capsys, project, dev_null_kept, command):
    code, _, err = run(capsys, command[0], "-p", str(project), *command[1:], "--out", "/dev/null")
    assert code == 0, err
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)
    assert not [p for p in Path("/dev").iterdir() if p.name.startswith(".null.")]


@pytest.fixture
def dev_stdout_kept():
    """The machine's /dev/stdout: the same kind of entry before and after (restored, and failed, if not)."""
    before = os.lstat("/dev/stdout")
    link = os.readlink("/dev/stdout") if stat.S_ISLNK(before.st_mode) else None
    yield
    if stat.S_IFMT(os.lstat("/dev/stdout").st_mode) != stat.S_IFMT(before.st_mode):
        os.unlink("/dev/stdout")
        os.symlink(link or "/proc/self/fd/1", "/dev/stdout")
        pytest.fail("/dev/stdout was replaced by the export (restored)")


@pytest.mark.parametrize("command", [("export",), ("export", "--format", "qdpx"),
                                     ("export", "--links")])
@pytest.mark.parametrize("into", ["file", "pipe"])
def test_dev_stdout_is_written_through(tmp_path, project, dev_stdout_kept, command, into):
    argv = [sys.executable, "-m", "annotator", *command, "-p", str(project), "--out", "/dev/stdout"]
    if into == "file":
        sink = tmp_path / "captured"
        with sink.open("wb") as fh:
            result = subprocess.run(argv, stdout=fh, stderr=subprocess.PIPE, check=False)
        written = sink.read_bytes()
    else:
        result = subprocess.run(argv, capture_output=True, check=False)
        written = result.stdout
    assert result.returncode == 0, result.stderr
    assert written.startswith(b"PK" if "qdpx" in command else b"link_id," if "--links" in command
                              else b"annotation_id,")
    assert not [p for p in Path("/dev").iterdir() if p.name.startswith(".stdout.")]


@pytest.mark.parametrize("command", WRITERS)
def test_a_fifo_is_written_to_and_stays_a_fifo(capsys, tmp_path, project, command):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with fifo.open("rb") as reader:
            received.append(reader.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        code, _, err = run(capsys, command[0], "-p", str(project), *command[1:], "--out", str(fifo))
    finally:
        if reader.is_alive():  # unblock the reader if the export never opened the FIFO
            try:
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
            except OSError:  # ENXIO: the reader closed it in the meantime
                pass
        reader.join(timeout=10)
    assert code == 0, err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert received and received[0]
    expected = b"PK" if "qdpx" in command else b""
    assert received[0].startswith(expected)


@pytest.mark.parametrize("command", WRITERS)
def test_a_socket_is_refused_in_one_line(capsys, tmp_path, project, command):
    path = tmp_path / "sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    try:
        err = _refused(capsys, tmp_path, project, path, *command)
    finally:
        server.close()
    assert f"{path}: is a socket, not a regular file" in err
    assert stat.S_ISSOCK(os.lstat(path).st_mode)


def test_a_block_device_is_refused_in_one_line(capsys, tmp_path, project):
    path = tmp_path / "disk"
    try:
        os.mknod(path, stat.S_IFBLK | 0o600, os.makedev(7, 0))
    except PermissionError:
        pytest.skip("cannot make device nodes here")
    err = _refused(capsys, tmp_path, project, path, "export")
    assert f"{path}: is a block device, not a regular file" in err


@pytest.mark.parametrize("command", WRITERS)
def test_a_folder_is_refused_in_one_line(capsys, tmp_path, project, command):
    folder = tmp_path / "folder"
    folder.mkdir()
    err = _refused(capsys, tmp_path, project, folder, *command)
    assert f"{folder}: is a folder" in err


def test_a_symlink_to_a_file_is_followed_and_stays_a_link(capsys, tmp_path, project):
    real = tmp_path / "real.csv"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    code, _, err = run(capsys, "export", "-p", str(project), "--out", str(link))
    assert code == 0, err
    assert link.is_symlink() and real.read_text(encoding="utf-8").startswith("annotation_id,")


def test_a_file_written_over_keeps_its_permissions(capsys, tmp_path, project):
    out = tmp_path / "shared.csv"
    out.write_text("old\n", encoding="utf-8")
    out.chmod(0o640)
    assert run(capsys, "export", "-p", str(project), "--out", str(out))[0] == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert out.read_text(encoding="utf-8").startswith("annotation_id,")


# A failure half-way (the file-size limit stands in for a full disk) leaves nothing partial.

LIMIT = 100_000


def _big_project(tmp_path: Path) -> Path:
    """Two documents: a small one, then one whose text (and export) is over the size limit."""
    import random
    import string

    from tests.helpers import imported

    path = tmp_path / "big" / "p.annotator"
    path.parent.mkdir()
    store = open_project(path)
    small = "Un petit article.\n"
    letters = random.Random(7).choices(string.ascii_letters + string.digits + " .,;", k=300_000)
    large = "".join(letters) + "\n"  # hardly compressible: a zip of it is over the limit too
    import_texts(store, [imported(small, "a.txt", "A"), imported(large, "b.txt", "B")])
    first, second = list_documents(store)
    add_annotation(store, first.id, "claim", "ana", 0, 5)
    add_annotation(store, second.id, "claim", "ana", 0, len(large) - 1)
    store.close()
    return path


def _limited(*argv: str) -> subprocess.CompletedProcess[str]:
    """The command line with a file-size limit: writing past LIMIT bytes fails as on a full disk."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))

    return subprocess.run([sys.executable, "-m", "annotator", *argv], capture_output=True,
                          text=True, preexec_fn=limit, check=False)


@pytest.mark.parametrize("existing", [False, True])
@pytest.mark.parametrize("command", [("documents",), ("export", "--format", "brat")])
def test_a_folder_export_that_fails_half_way_leaves_nothing(tmp_path, command, existing):
    project = _big_project(tmp_path)
    out = tmp_path / "out"
    if existing:
        out.mkdir()
        if command == ("documents",):
            (out / "kept.txt").write_text("mine\n", encoding="utf-8")
    before = files_state(tmp_path)
    result = _limited(*command, "-p", str(project), "--out", str(out))
    assert result.returncode == 1, result.stdout
    assert str(out) in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1
    assert files_state(tmp_path) == before


@pytest.mark.parametrize("command", [("export",), ("export", "--format", "jsonl"),
                                     ("export", "--format", "qdpx")])
def test_a_file_export_that_fails_half_way_leaves_the_old_file(tmp_path, command):
    project = _big_project(tmp_path)
    out = tmp_path / "out.dat"
    out.write_bytes(b"the previous export\n")
    before = files_state(tmp_path)
    result = _limited(*command, "-p", str(project), "--out", str(out))
    assert result.returncode == 1, result.stdout
    assert str(out) in result.stderr and "Traceback" not in result.stderr
    assert files_state(tmp_path) == before


def test_documents_into_an_existing_folder_keeps_other_files_and_replaces_its_own(tmp_path, capsys):
    project = _big_project(tmp_path)
    out = tmp_path / "texts"
    out.mkdir()
    (out / "notes.md").write_text("mine\n", encoding="utf-8")
    store = open_project(project)
    docs = list_documents(store)
    store.close()
    (out / f"{docs[0].uuid}.txt").write_text("stale\n", encoding="utf-8")
    code, stdout, err = run(capsys, "documents", "-p", str(project), "--out", str(out))
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["notes.md", *(f"{d.uuid}.txt" for d in docs)])
    assert (out / "notes.md").read_text(encoding="utf-8") == "mine\n"
    assert (out / f"{docs[0].uuid}.txt").read_text(encoding="utf-8") == "Un petit article.\n"
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_documents_refuses_a_folder_holding_a_folder_of_a_texts_name(tmp_path, capsys):
    project = _big_project(tmp_path)
    store = open_project(project)
    docs = list_documents(store)
    store.close()
    out = tmp_path / "texts"
    (out / f"{docs[1].uuid}.txt").mkdir(parents=True)
    before = files_state(tmp_path)
    code, _, err = run(capsys, "documents", "-p", str(project), "--out", str(out))
    assert code == 1 and f"{out / docs[1].uuid}.txt: is a folder" in err
    assert err.count("\n") == 1
    assert files_state(tmp_path) == before
