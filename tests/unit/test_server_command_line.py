"""The command line on a project on a PostgreSQL server: the same commands, byte for byte the
same results as on a project file, and one clear line when the server cannot be used."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from tests.helpers import ARTICLE, imported, span_of

from annotator.cli import main
from annotator.services.annotations import add_annotation
from annotator.services.document_codes import set_document_code
from annotator.services.documents import import_texts
from annotator.services.labels import add_label
from annotator.services.links import add_link
from annotator.services.project import open_project
from annotator.services.reviews import review_annotation

SECOND = "Deuxième article : « Nous tiendrons », affirme la ministre, selon l’AFP 😮.\n"


def _colleague(path: Path) -> Path:
    """A project file with two articles, two annotators, a link, reviews and a document code."""
    project = open_project(path)
    try:
        first, second = (o.document for o in import_texts(project, [
            imported(ARTICLE, "first.txt", "Premier", "2024-03-01", outlet="Le Monde",
                     url="https://example.org/1", author="A. Auteur", language="fr"),
            imported(SECOND, "second.txt", "Second"),
        ]))
        spans = [
            (first, "source", "ana", "le ministre", "cited"),
            (first, "claim", "ana", "« sauvera » 12 000 emplois", "chiffre\nà vérifier"),
            (first, "claim", "bob", "« sauvera » 12 000 emplois", ""),
            (first, "framing", "bob", "« désastre annoncé »", "=SUM(1)"),
            (second, "claim", "ana", "« Nous tiendrons »", ""),
            (second, "source", "bob", "la ministre", ""),
            (second, "source", "Zoé", "l’AFP", ""),  # sorts first code point by code point, last in French
        ]
        made = {}
        for doc, label, who, part, note in spans:
            text = ARTICLE if doc is first else SECOND
            start, end = span_of(text, part)
            made[(who, label, doc.id)] = add_annotation(project, doc.id, label, who, start, end, note)
        add_link(project, made[("ana", "claim", first.id)].id, made[("ana", "source", first.id)].id, "ana")
        review_annotation(project, made[("bob", "claim", first.id)].id, "ana", "accepted", "oui")
        review_annotation(project, made[("bob", "framing", first.id)].id, "ana", "rejected")
        stance = add_label(project, "stance: pro", "#cc79a7", "4", kind="document")
        set_document_code(project, first.id, stance.id, "ana", "clearly")
        set_document_code(project, second.id, stance.id, "bob")
        set_document_code(project, second.id, stance.id, "Zoé")
    finally:
        project.close()
    return path


#: Every export and report a user may ask for, as command-line arguments after --project.
RESULTS = {
    "csv": ["export", "--out", "{out}"],
    "csv-spreadsheet": ["export", "--spreadsheet", "--out", "{out}"],
    "jsonl": ["export", "--format", "jsonl", "--out", "{out}"],
    "wide": ["export", "--format", "wide", "--out", "{out}"],
    "conll": ["export", "--format", "conll", "--annotator", "ana", "--out", "{out}"],
    "links": ["export", "--links", "--out", "{out}"],
    "document-codes": ["export", "--document-codes", "--out", "{out}"],
    "filtered": ["export", "--annotator", "bob", "--label", "claim", "--out", "{out}"],
    "stats": ["stats", "--format", "csv"],
    "stats-by-annotator": ["stats", "--by", "annotator"],
    "agreement": ["agreement", "--annotators", "ana", "bob", "--format", "json"],
    "labels": ["labels"],
    "info": ["info"],
}


def _run(project: Path | str, args: list[str], out: Path, capsys) -> bytes:
    capsys.readouterr()
    code = main([args[0], "--project", str(project),
                 *[a.format(out=out) for a in args[1:]]])
    printed = capsys.readouterr()
    assert code == 0, printed.err
    if "{out}" in args:
        return out.read_bytes()
    return printed.out.replace(str(project), "PROJECT").encode("utf-8")  # info names the project


@pytest.mark.parametrize("icu_locale", [None, "en-US"], ids=["C database", "en-US database"])
def test_every_export_of_a_server_project_is_byte_for_byte_that_of_a_project_file(
        pg_cluster, icu_locale, tmp_path, capsys):
    database = pg_cluster.new_database(icu_locale)
    try:
        _compare_every_result(pg_cluster.url(database), tmp_path, capsys)
    finally:
        pg_cluster.drop_database(database)


def _compare_every_result(pg_url: str, tmp_path: Path, capsys) -> None:
    theirs = _colleague(tmp_path / "colleague.annotator")
    mine = tmp_path / "mine.annotator"
    for project in (mine, pg_url):  # the same way in: a new project, then a merge of the colleague's
        open_project(project).close()
        assert main(["merge", "--project", str(project), str(theirs)]) == 0
    for name, args in RESULTS.items():
        on_file = _run(mine, args, tmp_path / f"file-{name}", capsys)
        on_server = _run(pg_url, args, tmp_path / f"server-{name}", capsys)
        assert on_server == on_file, name
        assert on_file.strip(), name
    for project, folder in ((mine, tmp_path / "texts-file"), (pg_url, tmp_path / "texts-server")):
        assert main(["documents", "--project", str(project), "--out", str(folder)]) == 0
    assert {p.name: p.read_bytes() for p in (tmp_path / "texts-server").iterdir()} == {
        p.name: p.read_bytes() for p in (tmp_path / "texts-file").iterdir()}
    for project, folder in ((mine, tmp_path / "brat-file"), (pg_url, tmp_path / "brat-server")):
        assert main(["export", "--project", str(project), "--format", "brat", "--out", str(folder)]) == 0
    brat = {p.relative_to(tmp_path / "brat-file"): p.read_bytes()
            for p in sorted((tmp_path / "brat-file").rglob("*")) if p.is_file()}
    assert brat and brat == {p.relative_to(tmp_path / "brat-server"): p.read_bytes()
                             for p in sorted((tmp_path / "brat-server").rglob("*")) if p.is_file()}
    for project, out in ((mine, tmp_path / "file.qdpx"), (pg_url, tmp_path / "server.qdpx")):
        assert main(["export", "--project", str(project), "--format", "qdpx", "--out", str(out)]) == 0
    with zipfile.ZipFile(tmp_path / "file.qdpx") as on_file, \
            zipfile.ZipFile(tmp_path / "server.qdpx") as on_server:
        assert sorted(on_server.namelist()) == sorted(on_file.namelist())
        database = pg_url.rsplit("/", 1)[1]
        assert f'name="{database}"'.encode() in on_server.read("project.qde")


def test_importing_articles_into_a_server_project_reads_as_into_a_file(pg_url, tmp_path, capsys):
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    assert main(["import", "--project", pg_url, str(article)]) == 0
    assert "created a new project" not in capsys.readouterr().err
    assert main(["import", "--project", pg_url, str(article)]) == 0  # a second time: a duplicate
    assert "already" in capsys.readouterr().out
    assert main(["info", "--project", pg_url]) == 0
    printed = capsys.readouterr().out
    assert "article.txt" in printed or "Le ministre" in printed


@pytest.mark.parametrize("command", [["info"], ["export", "--out", "-"], ["labels"], ["stats"]])
def test_an_unreachable_server_is_one_line_naming_it(tmp_path, capsys, command):
    address = f"postgresql://ana@{str(tmp_path).replace('/', '%2F')}:5999/team"
    assert main([command[0], "--project", address, *command[1:]]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert address in err and "cannot reach the database server" in err


def test_a_refused_login_says_where_the_password_is_read_and_echoes_none(pg_url, capsys):
    with_password = pg_url.replace("postgres@", "postgres:hunter2@")
    assert main(["info", "--project", with_password]) == 1
    err = capsys.readouterr().err
    assert "hunter2" not in err and "PGPASSWORD" in err and err.count("\n") == 1
    assert main(["info", "--project", pg_url.replace("postgres@", "mallory@")]) == 1
    err = capsys.readouterr().err
    assert "refused the login" in err and "mallory" in err and "Traceback" not in err


def test_a_reading_command_never_makes_an_empty_database_a_project(pg_url, capsys):
    assert main(["info", "--project", pg_url]) == 1
    assert "an empty database, not a project yet" in capsys.readouterr().err


def test_backup_says_what_a_server_project_does_not_do(pg_url, tmp_path, capsys):
    open_project(pg_url).close()
    assert main(["backup", "--project", pg_url, "--out", str(tmp_path / "copy.annotator")]) == 1
    err = capsys.readouterr().err
    assert "its server's backups keep it" in err and err.count("\n") == 1
    assert not (tmp_path / "copy.annotator").exists()
