"""The command line, driven as a user would: import, export, documents, info, labels."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.services.annotations import add_annotation
from annotator.services.documents import list_documents
from annotator.services.project import open_project

SEED_DIR = Path(__file__).parent.parent.parent / "seeds"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def corpus(tmp_path):
    """A folder of articles with the edge cases analysts meet."""
    root = tmp_path / "corpus"
    (root / "nested").mkdir(parents=True)
    (root / "crlf.txt").write_bytes("Titre CRLF\r\n\r\nLe maire a dit : « non ».\r\n".encode())
    (root / "bom.md").write_bytes(b"\xef\xbb\xbf# Avec BOM\n\nTexte\xc2\xa0avec espace ins\xc3\xa9cable.\n")
    (root / "nested" / "utf16.txt").write_bytes("Arabic: مرحبا بالعالم 😮\n".encode("utf-16"))
    (root / "nested" / "cp1252.txt").write_bytes("L’été coûte 5 € à Noël.\n".encode("cp1252"))
    (root / "photo.png").write_bytes(b"\x89PNG")
    return root


def test_import_folder_recursively_then_again_changes_nothing(tmp_path, corpus, capsys):
    project = tmp_path / "p.annotator"
    code, out, _ = run(capsys, "import", "--project", str(project), str(corpus))
    assert code == 0
    assert "4 imported, 0 already in project, 0 not imported" in out
    before = sqlite3.connect(project).execute("SELECT count(*) FROM documents").fetchone()[0]
    code, out, _ = run(capsys, "import", "--project", str(project), str(corpus))
    assert code == 0
    assert "0 imported, 4 already in project" in out
    assert sqlite3.connect(project).execute("SELECT count(*) FROM documents").fetchone()[0] == before == 4


def test_stored_text_is_the_decoded_file_with_bom_dropped_and_newlines_normalised(tmp_path, corpus, capsys):
    project = tmp_path / "p.annotator"
    run(capsys, "import", "--project", str(project), str(corpus))
    texts = dict(sqlite3.connect(project).execute("SELECT source_name, text FROM documents"))
    assert texts["crlf.txt"] == "Titre CRLF\n\nLe maire a dit : « non ».\n"
    assert texts["bom.md"] == "# Avec BOM\n\nTexte\u00a0avec espace insécable.\n"
    assert texts["utf16.txt"] == "Arabic: مرحبا بالعالم 😮\n"
    assert texts["cp1252.txt"] == "L’été coûte 5 € à Noël.\n"


def test_seed_article_gets_date_and_title_and_keeps_its_first_line(tmp_path, capsys):
    project = tmp_path / "p.annotator"
    code, _, _ = run(capsys, "import", "-p", str(project), str(SEED_DIR))
    assert code == 0
    p = open_project(project)
    (doc,) = list_documents(p)
    p.close()
    assert doc.date == "2022-11"
    assert doc.title.startswith("Le chef du bloc militaire")
    text = sqlite3.connect(project).execute("SELECT text FROM documents").fetchone()[0]
    assert text.startswith(" date 2022-11 Le chef")


def test_bad_files_are_listed_and_good_ones_still_imported(tmp_path, capsys):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "good.txt").write_text("Un bon article.\n", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.md").write_bytes(b"  \n\t\n")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "emptydir").mkdir()
    project = tmp_path / "p.annotator"
    code, out, err = run(
        capsys, "import", "-p", str(project), str(folder), str(tmp_path / "missing.txt"),
        str(tmp_path / "emptydir"),
    )
    assert code == 1
    assert "1 imported, 0 already in project, 5 not imported" in out
    assert "emptydir: no supported files" in err
    assert f"{folder / 'empty.txt'}: file is empty" in err
    assert "blank.md" in err and "binary.txt: binary file" in err
    assert "missing.txt: file or folder not found" in err
    assert "Traceback" not in err


def test_import_with_nothing_readable_creates_no_project(tmp_path, capsys):
    project = tmp_path / "p.annotator"
    (tmp_path / "empty.txt").write_bytes(b"")
    code, _, err = run(capsys, "import", "-p", str(project), str(tmp_path / "empty.txt"))
    assert code == 1 and "file is empty" in err
    assert not project.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"just some notes\n", "not an SQLite database"),
        (b"SQLite format 3\x00" + b"\x00" * 200, "damaged"),
    ],
)
def test_import_into_a_bad_project_file_is_refused_untouched(tmp_path, capsys, content, message):
    project = tmp_path / "p.annotator"
    project.write_bytes(content)
    (tmp_path / "a.txt").write_text("Texte.\n", encoding="utf-8")
    code, _, err = run(capsys, "import", "-p", str(project), str(tmp_path / "a.txt"))
    assert code == 1
    assert message in err and str(project) in err
    assert project.read_bytes() == content


def test_project_in_missing_folder_is_refused(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("Texte.\n", encoding="utf-8")
    code, _, err = run(capsys, "import", "-p", str(tmp_path / "no" / "p.annotator"), str(tmp_path / "a.txt"))
    assert code == 1 and "does not exist" in err


def _annotated_project(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "p.annotator"
    text = "=SUM(A1) dit le maire 😮, « c’est faux ».\nDeuxième ligne\u00a0ici.\n"
    (tmp_path / "doc.txt").write_text(text, encoding="utf-8")
    assert main(["import", "-p", str(path), str(tmp_path / "doc.txt")]) == 0
    p = open_project(path)
    (doc,) = list_documents(p)
    add_annotation(p, doc.id, "claim", "ana", 0, 8, "formula-like")
    add_annotation(p, doc.id, "source", "ana", text.index("le maire"), text.index("le maire") + 8)
    add_annotation(p, doc.id, "framing", "ben", text.index("😮"), text.index("ici") + 3, "multi\nline")
    p.close()
    return path, text


def test_export_csv_rows_slice_the_stored_text_exactly(tmp_path, capsys):
    path, text = _annotated_project(tmp_path)
    out = tmp_path / "out.csv"
    code, _, err = run(capsys, "export", "-p", str(path), "--out", str(out))
    assert code == 0 and "3 annotations written" in err
    raw = out.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert list(rows[0]) == [
        "annotation_id", "document_id", "document_title", "document_date", "document_sha256",
        "annotator", "label", "start", "end", "text", "note", "created_at", "updated_at",
        "review_status", "reviewer", "review_comment", "reviewed_at", "document_outlet", "document_url",
        "origin",
    ]
    assert {row["review_status"] for row in rows} == {""}  # nothing reviewed yet: empty, not "None"
    for row in rows:
        assert row["text"] == text[int(row["start"]) : int(row["end"])]
        assert row["created_at"].endswith("Z")
    assert rows[0]["text"] == "=SUM(A1)"  # byte-faithful by default
    assert rows[2]["note"] == "multi\nline"
    assert raw.count(b"\r\n") >= 4  # RFC 4180 record separators


def test_export_spreadsheet_mode_defuses_formulas_and_adds_bom(tmp_path, capsys):
    path, _ = _annotated_project(tmp_path)
    out = tmp_path / "sheet.csv"
    assert run(capsys, "export", "-p", str(path), "--out", str(out), "--spreadsheet")[0] == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0]["text"] == "'=SUM(A1)"


def test_export_filters_and_jsonl_to_stdout(tmp_path, capsysbinary):
    path, text = _annotated_project(tmp_path)
    capsysbinary.readouterr()
    code = main(["export", "-p", str(path), "--out", "-", "--format", "jsonl", "--annotator", "ana",
                 "--label", "source", "--label", "claim"])
    out = capsysbinary.readouterr().out.decode("utf-8")
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert sorted(r["label"] for r in records) == ["claim", "source"]
    assert all(r["text"] == text[r["start"] : r["end"]] for r in records)


def test_export_by_document_reference(tmp_path, capsys):
    path, _ = _annotated_project(tmp_path)
    out = tmp_path / "doc.csv"
    assert run(capsys, "export", "-p", str(path), "-o", str(out), "--document", "doc.txt")[0] == 0
    assert len(list(csv.DictReader(out.open(encoding="utf-8", newline="")))) == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--label", "opinion"], "unknown label 'opinion'"),
        (["--document", "nope.txt"], "no document matches 'nope.txt'"),
    ],
)
def test_export_with_bad_filter_writes_no_file(tmp_path, capsys, args, message):
    path, _ = _annotated_project(tmp_path)
    out = tmp_path / "out.csv"
    code, _, err = run(capsys, "export", "-p", str(path), "-o", str(out), *args)
    assert code == 1 and message in err
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


def test_export_of_missing_project_is_refused_without_creating_it(tmp_path, capsys):
    missing = str(tmp_path / "none.annotator")
    code, _, err = run(capsys, "export", "-p", missing, "-o", str(tmp_path / "o.csv"))
    assert code == 1 and "no such project file" in err
    assert not (tmp_path / "none.annotator").exists()


def test_documents_writes_stored_texts_that_offsets_slice(tmp_path, capsys):
    path, text = _annotated_project(tmp_path)
    out = tmp_path / "texts"
    code, stdout, _ = run(capsys, "documents", "-p", str(path), "--out", str(out))
    assert code == 0 and "1 document written" in stdout
    (file,) = out.iterdir()
    assert file.read_bytes().decode("utf-8") == text
    run(capsys, "export", "-p", str(path), "-o", str(tmp_path / "o.csv"))
    for row in csv.DictReader((tmp_path / "o.csv").open(encoding="utf-8", newline="")):
        stored = (out / f"{row['document_id']}.txt").read_bytes().decode("utf-8")
        assert stored[int(row["start"]) : int(row["end"])] == row["text"]


def test_info_and_labels(tmp_path, capsys):
    path, _ = _annotated_project(tmp_path)
    code, out, _ = run(capsys, "info", "-p", str(path))
    assert code == 0
    assert "documents: 1" in out and "annotations: 3" in out
    assert "       2  ana" in out and "       1  ben" in out
    code, out, _ = run(capsys, "labels", "-p", str(path))
    assert code == 0
    assert "[1] source" in out and "[2] claim" in out and "[3] framing" in out


def test_python_dash_m_and_usage_errors(tmp_path):
    root = Path(__file__).parent.parent.parent
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "info", "-p", str(tmp_path / "x.annotator")],
        capture_output=True, text=True, cwd=root,
    )
    assert result.returncode == 1
    assert "no such project file" in result.stderr and "Traceback" not in result.stderr
    result = subprocess.run([sys.executable, "-m", "annotator", "export"], capture_output=True, text=True)
    assert result.returncode == 2 and "--out" in result.stderr


def test_window_without_a_screen_says_so(monkeypatch, capsys, tmp_path):
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    code, _, err = run(capsys, "--project", str(tmp_path / "p.annotator"))
    assert code == 1 and "no screen" in err
    assert not (tmp_path / "p.annotator").exists()


def test_export_with_unknown_annotator_is_refused(tmp_path, capsys):
    path, _ = _annotated_project(tmp_path)
    out = tmp_path / "out.csv"
    code, _, err = run(capsys, "export", "-p", str(path), "-o", str(out), "--annotator", "anna")
    assert code == 1 and "no annotations by 'anna' (annotators: ana, ben)" in err
    assert not out.exists()


def test_export_file_is_an_ordinary_readable_file(tmp_path, capsys):
    import os
    import stat

    path, _ = _annotated_project(tmp_path)
    out = tmp_path / "out.csv"
    old = os.umask(0o022)
    try:
        assert run(capsys, "export", "-p", str(path), "-o", str(out))[0] == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_documents_into_an_unwritable_place_is_a_message(tmp_path, capsys):
    path, _ = _annotated_project(tmp_path)
    code, _, err = run(capsys, "documents", "-p", str(path), "--out", "/proc/annotator-texts")
    assert code == 1 and "/proc/annotator-texts" in err and "Traceback" not in err


def test_info_on_an_empty_file_changes_nothing(tmp_path, capsys):
    empty = tmp_path / "e.annotator"
    empty.write_bytes(b"")
    code, _, err = run(capsys, "info", "-p", str(empty))
    assert code == 1 and "the file is empty" in err
    assert empty.read_bytes() == b""


def test_first_import_on_a_new_machine_creates_the_default_project(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # nothing there yet
    article = tmp_path / "article.txt"
    article.write_text("Le ministre a déclaré que la réforme passera.\n", encoding="utf-8")
    code, _, err = run(capsys, "info")
    assert code == 1 and "no such project file" in err
    assert not (tmp_path / "data").exists()  # a reading command creates nothing

    code, out, _ = run(capsys, "import", str(article))
    assert code == 0 and "1 imported" in out
    assert (tmp_path / "data" / "annotator" / "default.annotator").is_file()
    code, out, _ = run(capsys, "info")
    assert code == 0 and "documents: 1" in out


def test_an_explicit_project_in_a_missing_folder_is_refused(capsys, tmp_path):
    article = tmp_path / "article.txt"
    article.write_text("Texte.\n", encoding="utf-8")
    missing = tmp_path / "nowhere" / "p.annotator"
    code, _, err = run(capsys, "import", "-p", str(missing), str(article))
    assert code == 1 and "the folder" in err and "does not exist" in err
    code, _, err = run(capsys, "info", "-p", str(missing))
    assert code == 1 and "no such project file" in err
    assert not missing.parent.exists()


def test_brat_export_honours_label_and_document_ignoring_case(tmp_path, capsys):
    path, _ = _annotated_project(tmp_path)
    out = tmp_path / "brat"
    code, stdout, err = run(capsys, "export", "-p", str(path), "--format", "brat", "-o", str(out),
                            "--label", "Source", "--label", "CLAIM", "--document", "doc.txt")
    assert code == 0, err
    assert "2 spans" in stdout
    (ann,) = (out / "ana").glob("*.ann")
    lines = ann.read_text("utf-8").splitlines()
    types = sorted(line.split("\t")[1].split()[0] for line in lines if line.startswith("T"))
    assert types == ["claim", "source"]  # the codebook's spelling
    assert not (out / "ben").exists()  # ben's only span is framing


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "jsonl", "--spreadsheet"],
         "--spreadsheet goes with CSV only; leave it out for --format jsonl"),
        (["--format", "brat", "--spreadsheet"],
         "--spreadsheet goes with CSV only; leave it out for --format brat"),
        (["--format", "qdpx", "--spreadsheet"],
         "--spreadsheet goes with CSV only; leave it out for --format qdpx"),
    ],
)
def test_export_options_that_do_not_apply_are_refused_in_one_line(tmp_path, capsys, args, message):
    path, _ = _annotated_project(tmp_path)
    capsys.readouterr()  # the import that made the project
    out = tmp_path / "out"
    code, _, err = run(capsys, "export", "-p", str(path), "-o", str(out), *args)
    assert code == 1 and err == f"annotator: error: {message}\n"
    assert not out.exists()


@pytest.mark.parametrize("option", [["--annotator", "ana"], ["--map", "Source=source"]])
def test_article_import_refuses_brat_options(tmp_path, capsys, option):
    (tmp_path / "doc.txt").write_text("Un article.\n", encoding="utf-8")
    project = tmp_path / "p.annotator"
    code, _, err = run(capsys, "import", "-p", str(project), str(tmp_path / "doc.txt"), *option)
    assert code == 1
    assert err == ("annotator: error: --annotator and --map go with --brat "
                   "(and --annotator with --qdpx)\n")
    assert not project.exists()


def test_export_label_filter_ignores_case_and_keeps_the_codebook_spelling(tmp_path, capsys):
    path, _ = _annotated_project(tmp_path)
    out = tmp_path / "out.csv"
    code, _, err = run(capsys, "export", "-p", str(path), "-o", str(out), "--label", "Source")
    assert code == 0, err
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert [row["label"] for row in rows] == ["source"]


def test_export_onto_the_project_is_refused_and_the_project_still_works(tmp_path, capsys):
    path, _ = _annotated_project(tmp_path)
    capsys.readouterr()  # the import that made the project
    before = path.read_bytes()
    for argv in (["--out", str(path)], ["--links", "--out", str(path)],
                 ["--format", "qdpx", "--out", str(path)]):
        code, _, err = run(capsys, "export", "-p", str(path), *argv)
        assert code == 1 and err == (f"annotator: error: {path}: is the project file ({path}); "
                                     "choose another file to write\n")
    assert path.read_bytes() == before
    code, out, _ = run(capsys, "info", "-p", str(path))
    assert code == 0 and "annotations: 3" in out


def test_links_and_stats_take_spreadsheet(tmp_path, capsys):
    path, _ = _annotated_project(tmp_path)
    out = tmp_path / "links.csv"
    code, _, err = run(capsys, "export", "-p", str(path), "--links", "--spreadsheet", "-o", str(out))
    assert code == 0 and "0 links written" in err
    assert out.read_bytes().startswith(b"\xef\xbb\xbflink_id,relation,")
    code, _, err = run(capsys, "stats", "-p", str(path), "--spreadsheet")
    assert code == 1 and "--spreadsheet goes with --format csv" in err
