"""The rules' refusals (labels, a document's details, retrieval and corpus search, agreement
intervals, link relations) and the brat summaries read as always in English and in French where
French is spoken, worded from their reason code and data."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.helpers import project_with_article

from annotator import i18n
from annotator.domain.agreement_documents import MAX_RESAMPLES, check_bootstrap
from annotator.domain.error_wording import ErrorCode
from annotator.domain.errors import AnnotatorError, describe
from annotator.domain.links import check_relation
from annotator.services.documents import update_document_metadata
from annotator.services.interchange import brat_export_summary, brat_import_summary, export_brat, import_brat
from annotator.services.labels import add_label
from annotator.services.retrieval import retrieve, search_corpus

NNBSP = "\u202f"  # inside « » and before ; ! ?
NBSP = "\u00a0"  # before :
TEXT = "Le maire a annoncé lundi une hausse du budget.\n"


@pytest.fixture
def french():
    i18n.set_language("fr")
    yield
    i18n.set_language("en")


def refusal(call, *args, **kwargs) -> AnnotatorError:
    with pytest.raises(AnnotatorError) as caught:
        call(*args, **kwargs)
    return caught.value


def brat_folder(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "article_alice.txt").write_text(TEXT, encoding="utf-8")
    maire, budget = TEXT.index("Le maire"), TEXT.index("budget")
    (folder / "article_alice.ann").write_text(
        f"T1\tSource {maire} {maire + 8}\tLe maire\n"
        f"T2\tTopic {budget} {budget + 6}\tbudget\n"
        "R1\tmentions Arg1:T1 Arg2:T2\n"
        "A1\tNegated T1\n",
        encoding="utf-8",
    )
    return folder


# ----- English, as it always read -----------------------------------------------------------------


def test_a_bad_colour_reads_as_before_and_carries_its_code_and_value(tmp_path):
    project, _doc = project_with_article(tmp_path)
    error = refusal(add_label, project, "framing", "red")
    assert str(error) == describe(error) == "colour 'red' is not of the form #rrggbb"
    assert (error.code, error.values) == (ErrorCode.BAD_COLOR, {"color": "red"})


def test_document_details_refusals_read_as_before(tmp_path):
    project, doc = project_with_article(tmp_path)
    assert str(refusal(update_document_metadata, project, doc.id, date="2024-02-30")) == (
        "date '2024-02-30' does not exist")
    assert str(refusal(update_document_metadata, project, doc.id, date="30/02/2024")) == (
        "date '30/02/2024' must be written YYYY-MM-DD (or left empty)")
    assert str(refusal(update_document_metadata, project, doc.id, title=" ")) == "a document needs a title"
    assert str(refusal(update_document_metadata, project, doc.id, outlet="a\nb")) == (
        "the outlet must be one line")
    assert str(refusal(update_document_metadata, project, doc.id, url="x" * 2001)) == (
        "the url is too long (at most 2000 characters)")


def test_search_and_retrieval_refusals_read_as_before(tmp_path):
    project, _doc = project_with_article(tmp_path)
    error = refusal(search_corpus, project, "(unclosed", regex=True)
    assert str(error) == ("not a valid regular expression '(unclosed': missing ), unterminated subpattern "
                          "at position 0")
    assert str(refusal(search_corpus, project, "maire", context=5000)) == (
        "context width 5000 must be a whole number from 0 to 1000")
    assert str(refusal(retrieve, project, date_from="2024-13")) == (
        "from date '2024-13' is not of the form YYYY, YYYY-MM or YYYY-MM-DD")
    assert str(refusal(retrieve, project, date_to="soon")) == (
        "to date 'soon' is not of the form YYYY, YYYY-MM or YYYY-MM-DD")
    assert str(refusal(retrieve, project, date_from="2025", date_to="2024-06")) == (
        "the date range is empty: 2025 comes after 2024-06")


def test_bootstrap_and_relation_refusals_read_as_before():
    assert str(refusal(check_bootstrap, 0, 1)) == (
        "the number of resamples must be a whole number from 1 to 100,000 (got 0)")
    assert refusal(check_bootstrap, 0, 1).values == {"most": MAX_RESAMPLES, "resamples": 0}
    assert str(refusal(check_bootstrap, 10, -1)) == "the seed must be a whole number, 0 or more (got -1)"
    assert str(refusal(check_relation, "two words")) == (
        "relation 'two words' must be one word of letters, digits and underscores (at most 64), such as "
        "attributed_to")


def test_brat_summaries_read_as_before(tmp_path):
    project, _doc = project_with_article(tmp_path)
    reading, report = import_brat(project, brat_folder(tmp_path / "in"), "alice")
    lines = brat_import_summary(reading, report)
    assert lines[0] == "Read 1 .ann file"
    assert "brat entity types used as the labels of the same name: Source, Topic" in lines
    assert "brat relation types used as the link relations of the same name: mentions" in lines
    assert "brat records left out: 1" in lines
    result = export_brat(project, tmp_path / "out")
    assert brat_export_summary(result)[0] == (
        f"Wrote {tmp_path / 'out'}: 1 document, 2 spans, 1 link in {result.files} files")


# ----- French -------------------------------------------------------------------------------------


def test_a_label_refusal_is_french(tmp_path, french):
    project, _doc = project_with_article(tmp_path)
    error = refusal(add_label, project, "framing", "#00ff00", shortcut="0")
    assert describe(error) == "le raccourci '0' doit être l’une des touches 1 à 9"
    assert str(error) == "shortcut '0' must be one of the keys 1 to 9"  # logs stay English


def test_a_document_date_error_is_french(tmp_path, french):
    project, doc = project_with_article(tmp_path)
    assert describe(refusal(update_document_metadata, project, doc.id, date="2024-02-30")) == (
        "la date '2024-02-30' n’existe pas")
    assert describe(refusal(update_document_metadata, project, doc.id, date="demain")) == (
        "la date 'demain' doit s’écrire AAAA-MM-JJ (ou rester vide)")
    assert describe(refusal(update_document_metadata, project, doc.id, author="a\nb")) == (
        "l’auteur doit tenir sur une ligne")


def test_a_bad_regular_expression_in_corpus_search_is_french(tmp_path, french):
    project, _doc = project_with_article(tmp_path)
    text = describe(refusal(search_corpus, project, "[a-", regex=True))
    assert text.startswith(f"expression régulière non valide '[a-'{NBSP}: ")
    assert describe(refusal(retrieve, project, date_from="2025", date_to="2024")) == (
        f"la période est vide{NBSP}: 2025 vient après 2024")


def test_a_bootstrap_refusal_is_french(french):
    assert describe(refusal(check_bootstrap, 0, 1)) == (
        "le nombre de rééchantillonnages doit être un nombre entier de 1 à 100000 (reçu 0)")
    assert describe(refusal(check_bootstrap, 10, 1, 1)) == (
        "les intervalles rééchantillonnent les documents et demandent au moins deux documents comptés "
        "(ici 1)")


def test_brat_summaries_are_french_and_english_comes_back(tmp_path, french):
    project, _doc = project_with_article(tmp_path)
    reading, report = import_brat(project, brat_folder(tmp_path / "in"), "alice")
    lines = brat_import_summary(reading, report)
    assert lines[0] == "1 fichier .ann lu"
    assert f"types d’entités brat repris comme étiquettes du même nom{NBSP}: Source, Topic" in lines
    assert f"enregistrements brat laissés de côté{NBSP}: 1" in lines
    result = export_brat(project, tmp_path / "out")
    assert brat_export_summary(result)[0] == (
        f"Écrit dans {tmp_path / 'out'}{NBSP}: 1 document, 2 passages, 1 lien en {result.files} fichiers")
    i18n.set_language("en")
    assert brat_import_summary(reading, report)[0] == "Read 1 .ann file"
