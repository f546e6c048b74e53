"""`annotator documents` counts what it wrote in words that agree with the number, in English and French."""

from __future__ import annotations

import pytest
from tests.helpers import imported

from annotator import i18n
from annotator.cli import main
from annotator.services.documents import import_texts
from annotator.services.project import open_project


def _project(tmp_path, count: int):
    path = tmp_path / "p.annotator"
    project = open_project(path)
    import_texts(project, [imported(f"Texte numéro {i}.\n", f"{i}.txt", f"Titre {i}") for i in range(count)])
    project.close()
    return path


@pytest.fixture
def french(monkeypatch):
    """A French system: the command line follows it."""
    monkeypatch.setenv("LANGUAGE", "fr")
    yield
    i18n.set_language("en")


@pytest.mark.parametrize(("count", "said"), [(1, "1 document written to"), (2, "2 documents written to")])
def test_the_count_of_written_documents_agrees_with_the_number(tmp_path, capsys, count, said):
    code = main(["documents", "-p", str(_project(tmp_path, count)), "--out", str(tmp_path / "texts")])
    out = capsys.readouterr().out
    assert code == 0 and said in out
    assert len(list((tmp_path / "texts").iterdir())) == count


@pytest.mark.parametrize(("count", "said"), [(1, "1 document écrit dans"), (2, "2 documents écrits dans")])
def test_in_french_too(tmp_path, capsys, french, count, said):
    code = main(["documents", "-p", str(_project(tmp_path, count)), "--out", str(tmp_path / "texts")])
    assert code == 0 and said in capsys.readouterr().out


def test_an_empty_project_writes_no_document(tmp_path, capsys):
    code = main(["documents", "-p", str(_project(tmp_path, 0)), "--out", str(tmp_path / "texts")])
    assert code == 0 and "0 documents written to" in capsys.readouterr().out
