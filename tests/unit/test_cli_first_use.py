"""The command line as a new user meets it: skipped files counted, a new project announced,
help that keeps paths whole, a mistyped option answered with the subcommand's usage, singulars."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.cli import main
from annotator.services.annotations import add_annotation
from annotator.services.documents import list_documents
from annotator.services.project import open_project


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_files_of_other_types_in_a_folder_are_counted_and_named(tmp_path, capsys):
    folder = tmp_path / "articles"
    (folder / "inner").mkdir(parents=True)
    (folder / "article.txt").write_text("Le maire a parlé.\n", encoding="utf-8")
    (folder / "budget.xlsx").write_bytes(b"PK")
    (folder / "photo.png").write_bytes(b"\x89PNG")
    (folder / "inner" / "chart.png").write_bytes(b"\x89PNG")
    (folder / ".hidden.png").write_bytes(b"\x89PNG")  # hidden: passed over without a word, as before
    code, out, err = run(capsys, "import", "-p", str(tmp_path / "p.annotator"), str(folder))
    assert code == 0 and "1 imported" in out
    assert "3 files skipped: not a supported type (.png, .xlsx)" in err
    for name in ("budget.xlsx", "photo.png", "chart.png"):
        assert name in err
    assert ".hidden.png" not in err


def test_one_skipped_file_is_said_in_the_singular(tmp_path, capsys):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "article.txt").write_text("Le maire a parlé.\n", encoding="utf-8")
    (folder / "notes").write_text("no extension\n", encoding="utf-8")
    _, _, err = run(capsys, "import", "-p", str(tmp_path / "p.annotator"), str(folder))
    assert "1 file skipped: not a supported type (no extension)" in err


def test_an_import_that_creates_the_project_says_where(tmp_path, capsys):
    article = tmp_path / "article.txt"
    article.write_text("Le maire a parlé.\n", encoding="utf-8")
    mistyped = tmp_path / "projcet.annotator"
    code, _, err = run(capsys, "import", "-p", str(mistyped), str(article))
    assert code == 0 and f"created a new project at {mistyped}" in err
    code, _, err = run(capsys, "import", "-p", str(mistyped), str(article))
    assert code == 0 and "created a new project" not in err  # only the first time


@pytest.mark.parametrize("command", [["info"], ["labels"], ["stats"], ["merge", "other.annotator"],
                                     ["export", "--out", "x.csv"]])
def test_reading_and_merging_refuse_a_missing_project_and_create_nothing(tmp_path, capsys, command):
    missing = tmp_path / "projcet.annotator"
    code, _, err = run(capsys, command[0], "-p", str(missing), *command[1:])
    assert code == 1 and "no such project file" in err
    assert not missing.exists()


def test_help_keeps_the_default_project_path_whole(tmp_path, capsys, monkeypatch):
    data = tmp_path / "a-rather-long-folder-name-with-dashes" / "and another with spaces"
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    monkeypatch.setenv("COLUMNS", "60")
    with pytest.raises(SystemExit):
        main(["import", "--help"])
    out = capsys.readouterr().out
    assert str(data / "annotator" / "default.annotator") in out.splitlines()[
        next(i for i, line in enumerate(out.splitlines()) if "(default:" in line) + 1]
    assert "REFI-QDA" in out  # never broken at a hyphen


def test_a_mistyped_option_gets_the_subcommands_usage(tmp_path, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["export", "--fromat", "csv", "--out", str(tmp_path / "x.csv")])
    err = capsys.readouterr().err
    assert stopped.value.code == 2
    assert err.startswith("usage: annotator export") and "--spreadsheet" in err
    assert "unrecognized arguments: --fromat csv" in err
    assert not (tmp_path / "x.csv").exists()


def test_one_annotation_written_is_said_in_the_singular(tmp_path, capsys):
    path = tmp_path / "p.annotator"
    (tmp_path / "doc.txt").write_text("Le maire a parlé.\n", encoding="utf-8")
    assert main(["import", "-p", str(path), str(tmp_path / "doc.txt")]) == 0
    project = open_project(path)
    (doc,) = list_documents(project)
    add_annotation(project, doc.id, "source", "ana", 0, 8)
    project.close()
    capsys.readouterr()
    out_file = tmp_path / "o.csv"
    code, _, err = run(capsys, "export", "-p", str(path), "--out", str(out_file))
    assert code == 0 and f"1 annotation written to {out_file}" in err
    code, _, err = run(capsys, "export", "-p", str(path), "--links", "--out", str(tmp_path / "l.csv"))
    assert code == 0 and "0 links written to" in err


def test_files_given_by_name_are_not_counted_twice(tmp_path, capsys):
    """A file of another type named on the command line is refused as before (not a skipped file)."""
    sheet = tmp_path / "budget.xlsx"
    sheet.write_bytes(b"PK")
    code, _, err = run(capsys, "import", "-p", str(tmp_path / "p.annotator"), str(sheet))
    assert code == 1 and "unsupported file type .xlsx" in err
    assert "skipped: not a supported type" not in err
    assert not Path(tmp_path / "p.annotator").exists()
