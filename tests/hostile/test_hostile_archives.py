"""Hostile archives: Word files and REFI-QDA projects that expand without bound (zip bombs, made
here small: a run of zeros or spaces packs about 1,000 times), and REFI-QDA projects whose sources
point at files outside the archive. Each is refused in one line, quickly, with little memory, and
every file is left as it was."""

from __future__ import annotations

import os
import random
import struct
import time
import tracemalloc
import zipfile
from pathlib import Path

import docx  # noqa: F401  (loaded here: its import is not what the tests measure)
import pytest
from tests.article_files import write_docx
from tests.helpers import ARTICLE, files_state

from annotator.cli import main
from annotator.domain.errors import ImportProblem
from annotator.io.docx_reader import read_docx_file
from annotator.io.qdpx import QdpxProblems, read_qdpx
from annotator.io.zip_limits import MIB, ZipLimits
from annotator.services.documents import list_documents
from annotator.services.project import open_project

SMALL = ZipLimits(member=1 * MIB, total=2 * MIB)
QDA = 'xmlns="urn:QDA-XML:project:1.0"'
SOURCE = "0a1b2c3d-0000-4000-8000-00000000000a"


def write_member(archive: zipfile.ZipFile, name: str, head: bytes, filler: bytes, size: int,
                 tail: bytes = b"") -> None:
    """A member of `head`, `filler` repeated to `size` bytes in all, then `tail`, written a
    megabyte at a time (the test never holds the whole member)."""
    with archive.open(name, "w") as member:
        member.write(head)
        left = size - len(head) - len(tail)
        block = filler * (MIB // len(filler))
        while left > 0:
            member.write(block[:left])
            left -= len(block)
        member.write(tail)


def docx_with(path: Path, size: int, filler: bytes = b" ") -> Path:
    """A real Word file whose document.xml is `size` bytes long: blank space after its root
    element (valid XML there)."""
    write_docx(path, footnote=False)
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            if name == "word/document.xml":
                write_member(archive, name, data, filler, size)
            else:
                archive.writestr(name, data)
    return path


def letters(noise: random.Random, size: int) -> bytes:
    """`size` bytes of random lower-case letters and spaces: text that packs only a few times."""
    return noise.randbytes(size).translate(bytes(b"abcdefghijklmnopqrstuvwxyz  "[n % 28]
                                                 for n in range(256)))


def measured(action):
    """(what `action` raised, seconds, peak megabytes allocated while it ran)."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        action()
    except Exception as exc:  # the refusal under test
        caught = exc
    else:
        caught = None
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] / MIB
    tracemalloc.stop()
    return caught, elapsed, peak


# ----- Word files ------------------------------------------------------------------------------


def test_a_word_part_declaring_more_than_the_limit_is_refused_before_it_is_inflated(tmp_path):
    path = docx_with(tmp_path / "bomb.docx", 2 * MIB)
    caught, elapsed, peak = measured(lambda: read_docx_file(path, limits=SMALL))
    assert isinstance(caught, ImportProblem) and caught.path == str(path)
    assert caught.reason == ("not read: word/document.xml expands to 2 MB (the limit is 1 MB for "
                             "one file in the archive)")
    assert elapsed < 5 and peak < 5


def test_word_parts_expanding_together_past_the_archive_limit_are_refused(tmp_path):
    path = write_docx(tmp_path / "many.docx", footnote=False)
    noise = random.Random(1)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        for number in range(3):  # pictures do not compress: each under the limit, not all three
            archive.writestr(f"word/media/image{number}.png", noise.randbytes(800 * 1024))
    caught, _, _ = measured(lambda: read_docx_file(path, limits=SMALL))
    assert isinstance(caught, ImportProblem)
    assert caught.reason == ("not read: the archive expands to more than 2 MB (the limit for all "
                             "its files together)")


def test_a_modest_zip_bomb_is_refused_with_the_default_limits_and_the_batch_goes_on(
        tmp_path, capsys):
    folder = tmp_path / "articles"
    folder.mkdir()
    bomb = docx_with(folder / "bomb.docx", 20 * MIB)  # 20 MB of spaces in a file of about 30 KB
    assert bomb.stat().st_size < MIB
    (folder / "note.txt").write_text(ARTICLE, encoding="utf-8")
    before = files_state(folder)
    started = time.perf_counter()
    code = main(["import", "--project", str(tmp_path / "p.annotator"), str(folder)])
    elapsed = time.perf_counter() - started
    out, err = capsys.readouterr()
    assert code == 1 and "1 imported, 0 already in project, 1 not imported" in out
    assert f"skipped {bomb}: not read: word/document.xml expands " in err
    assert "times its packed size (real documents stay under 100 times): a zip bomb?" in err
    assert "Traceback" not in err and elapsed < 10
    assert files_state(folder) == before


def test_a_word_part_whose_header_understates_its_size_is_refused_as_damaged(tmp_path):
    path = docx_with(tmp_path / "liar.docx", 4 * MIB)
    data = bytearray(path.read_bytes())
    name = b"word/document.xml"
    declared = 20_000  # far less than the part holds
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(signature)
        while at != -1:
            name_length = struct.unpack_from("<H", data, at + (26 if signature[2] == 3 else 28))[0]
            start = at + (30 if signature[2] == 3 else 46)
            if data[start:start + name_length] == name:
                struct.pack_into("<I", data, at + size_at, declared)
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))
    caught, elapsed, peak = measured(lambda: read_docx_file(path))
    assert isinstance(caught, ImportProblem)
    assert caught.reason.startswith("damaged Word document")
    assert elapsed < 5 and peak < 20


# ----- REFI-QDA projects -----------------------------------------------------------------------


def qde(sources: str = "", root: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<Project {QDA} name="p" {root}>'
            f"<Sources>{sources}</Sources></Project>").encode()


def text_source(reference: str, guid: str = SOURCE) -> str:
    return f'<TextSource guid="{guid}" name="interview" plainTextPath="{reference}"/>'


def qdpx(path: Path, project: bytes, size: int = 0, filler: bytes = b" ",
         members: dict[str, bytes] | None = None) -> Path:
    """A .qdpx holding `project` as project.qde, made `size` bytes long with `filler`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        write_member(archive, "project.qde", project, filler, max(size, len(project)))
        for name, data in (members or {}).items():
            archive.writestr(name, data)
    return path


def refused_qdpx(path: Path, **options) -> str:
    with pytest.raises(QdpxProblems) as caught:
        read_qdpx(path, **options)
    message = str(caught.value)
    assert message.startswith(f"{path}: not imported, nothing was changed")
    return message


def test_a_project_qde_expanding_past_the_limit_is_refused_before_it_is_inflated(tmp_path):
    path = qdpx(tmp_path / "bomb.qdpx", qde(), size=2 * MIB)
    caught, elapsed, peak = measured(lambda: read_qdpx(path, limits=SMALL))
    assert isinstance(caught, QdpxProblems)
    assert ("not read: project.qde expands to 2 MB (the limit is 1 MB for one file in the "
            "archive)") in str(caught)
    assert elapsed < 5 and peak < 5


def test_a_modest_qdpx_bomb_is_refused_with_the_default_limits(tmp_path, capsys):
    path = qdpx(tmp_path / "in" / "bomb.qdpx", qde(), size=50 * MIB)
    assert path.stat().st_size < MIB
    target = tmp_path / "new.annotator"
    before = files_state(tmp_path)
    started = time.perf_counter()
    code = main(["import", "--project", str(target), "--qdpx", str(path)])
    elapsed = time.perf_counter() - started
    err = capsys.readouterr().err
    assert code == 1 and "project.qde expands " in err and "a zip bomb?" in err
    assert "Traceback" not in err and elapsed < 10
    assert files_state(tmp_path) == before and not target.exists()


def test_sources_expanding_together_past_the_archive_limit_are_refused(tmp_path):
    noise = random.Random(2)
    sources, members = [], {}
    for number in range(3):  # 800 KB of text each, under the member limit; 2.4 MB together
        guid = f"0a1b2c3d-0000-4000-8000-00000000010{number}"
        sources.append(text_source(f"internal://{guid}.txt", guid))
        members[f"sources/{guid}.txt"] = letters(noise, 800 * 1024)
    path = qdpx(tmp_path / "big.qdpx", qde("".join(sources)), members=members)
    message = refused_qdpx(path, limits=SMALL)
    assert ("not read: the archive expands to more than 2 MB (the limit for all its files "
            "together)") in message


def test_a_project_qde_with_too_many_elements_is_refused_while_it_streams(tmp_path):
    path = qdpx(tmp_path / "wide.qdpx", qde("".join(
        f'<TextSource guid="{i}" name="s"><PlainTextContent>x</PlainTextContent></TextSource>'
        for i in range(3_000))))
    message = refused_qdpx(path, max_elements=1_000)
    assert "project.qde: holds more than 1,000 elements; not read" in message


def test_codes_nested_without_end_are_refused_in_one_line(tmp_path):
    depth = 50_000
    codes = "".join(f'<Code guid="{i}" name="c{i}" isCodable="true">' for i in range(depth))
    data = (f'<?xml version="1.0"?>\n<Project {QDA}><CodeBook><Codes>{codes}'
            + "</Code>" * depth + "</Codes></CodeBook></Project>").encode()
    message = refused_qdpx(qdpx(tmp_path / "deep.qdpx", data))
    assert "project.qde: elements nested too deep; not read" in message


def test_a_doctype_after_a_long_prolog_is_still_refused(tmp_path):
    noise = random.Random(3)
    comment = letters(noise, 3 * MIB // 2).decode()
    data = (f'<?xml version="1.0"?>\n<!-- {comment} -->\n<!DOCTYPE Project [<!ENTITY a "aaaa">]>'
            f'\n<Project {QDA}>&a;</Project>').encode()
    message = refused_qdpx(qdpx(tmp_path / "late.qdpx", data))
    assert "project.qde: has a DOCTYPE declaration" in message


# ----- REFI-QDA sources outside the archive ----------------------------------------------------


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A readable text file outside any folder the analyst chose (like /etc/passwd)."""
    path = tmp_path / "private" / "secret.txt"
    path.parent.mkdir()
    path.write_text("root:x:0:0:root:/root:/bin/bash\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("reference, root", [
    ("absolute://{secret}", ""),
    ("file://{secret}", ""),
    ("relative://{relative}", 'basePath="/"'),
    ("relative://interview.txt", ""),  # beside the .qdpx: still not without the option
], ids=["absolute", "file", "basePath-root", "beside"])
def test_sources_outside_the_archive_are_not_read_without_a_sources_folder(
        tmp_path, capsys, secret, reference, root):
    reference = reference.format(secret=secret, relative=str(secret).lstrip("/"))
    path = qdpx(tmp_path / "in" / "p.qdpx", qde(text_source(reference), root))
    (tmp_path / "in" / "interview.txt").write_text("Interview.\n", encoding="utf-8")
    target = tmp_path / "new.annotator"
    before = files_state(tmp_path)
    code = main(["import", "--project", str(target), "--qdpx", str(path)])
    err = capsys.readouterr().err
    assert code == 1
    assert (f"TextSource {SOURCE} ('interview'): plainTextPath '{reference}' is outside the "
            "archive; not read unless you name the folder that holds the sources "
            "(--sources-folder DIR)") in err
    assert "root:x" not in err
    assert files_state(tmp_path) == before and not target.exists()


def test_a_sources_folder_lets_its_own_files_be_read_and_nothing_outside_it(
        tmp_path, capsys, secret):
    folder = tmp_path / "sources"
    folder.mkdir()
    (folder / "interview.txt").write_text("Interview of the mayor.\n", encoding="utf-8")
    os.symlink(secret, folder / "passwd.txt")  # a name inside, a file outside
    (folder / "more").mkdir()
    (folder / "more" / "notes.txt").write_text("Notes.\n", encoding="utf-8")
    cases = {
        "relative://passwd.txt": "points outside the sources folder",
        "relative://../private/secret.txt": "points outside the sources folder",
        f"absolute://{secret}": "is not there",  # looked for as sources/secret.txt
        "relative://more": "only .txt files outside the archive are read",
    }
    for number, (reference, expected) in enumerate(cases.items()):
        path = qdpx(tmp_path / f"case{number}.qdpx", qde(text_source(reference)))
        message = refused_qdpx(path, sources_folder=folder)
        assert expected in message, (reference, message)
        assert "root:x" not in message

    good = qdpx(tmp_path / "good.qdpx", qde(
        text_source("relative://interview.txt")
        + text_source(f"absolute://{tmp_path}/elsewhere/notes.txt",
                      "0a1b2c3d-0000-4000-8000-00000000000b")
        + text_source(f"absolute://{folder}/more/notes.txt",
                      "0a1b2c3d-0000-4000-8000-00000000000c")))
    (folder / "notes.txt").write_text("Other notes.\n", encoding="utf-8")
    target = tmp_path / "p.annotator"
    code = main(["import", "--project", str(target), "--qdpx", str(good),
                 "--sources-folder", str(folder)])
    assert code == 0, capsys.readouterr().err
    project = open_project(target)
    titles = sorted(doc.source_name for doc in list_documents(project))
    project.close()
    assert titles == ["interview", "interview", "interview"]

    assert main(["import", "--project", str(target), str(folder / "interview.txt"),
                 "--sources-folder", str(folder)]) == 1
    assert "--sources-folder goes with --qdpx" in capsys.readouterr().err
    assert main(["import", "--project", str(target), "--qdpx", str(good),
                 "--sources-folder", str(folder / "interview.txt")]) == 1
    assert "interview.txt: the sources folder is not a folder" in capsys.readouterr().err
