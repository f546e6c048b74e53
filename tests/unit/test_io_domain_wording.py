"""What the Qt-free layers report (deletions, statistics, agreement notes) reads in French when
the reader speaks French, and exactly as before in English."""

from __future__ import annotations

import pickle

import pytest

from annotator import i18n
from annotator.domain.agreement import Bootstrap, Figure, Interval, Note, NoteKind, cohen_kappa, note_wording
from annotator.domain.agreement_documents import interval_note
from annotator.domain.deletion import DeletedAnnotations, describe_deletion
from annotator.domain.errors import ImportProblem, describe
from annotator.domain.merge import MergeReport
from annotator.domain.records import IncomingBatch
from annotator.domain.stats import StatTable, column_heading, table_title
from annotator.io.qdpx import PositionCounting, QdpxReading, SourceCounting, import_summary
from annotator.io.qdpx_write import LeftOut, LeftOutKind, QdpxExport, export_summary
from annotator.io.read_problems import reason_wording
from annotator.io.readers import discover_files, read_document_file

NNBSP = "\u202f"
NBSP = "\u00a0"


@pytest.fixture
def french():
    i18n.set_language("fr")
    yield
    i18n.set_language("en")


def deleted(annotations: int, links: int = 0, reviews: int = 0) -> DeletedAnnotations:
    # Only the counts are read: stand-ins of the right type are not needed for the wording.
    return DeletedAnnotations(
        annotations=tuple(object() for _ in range(annotations)),  # type: ignore[misc]
        links=tuple(object() for _ in range(links)),  # type: ignore[misc]
        reviews=tuple(object() for _ in range(reviews)),  # type: ignore[misc]
    )


def test_a_deletion_reads_as_before_in_english():
    assert describe_deletion(deleted(1)) == "Deleted 1 annotation"
    assert describe_deletion(deleted(1, links=2)) == "Deleted 1 annotation and 2 links"
    assert describe_deletion(deleted(2, reviews=1)) == "Deleted 2 annotations and 1 review"
    assert describe_deletion(deleted(3, 1, 2)) == "Deleted 3 annotations, 1 link and 2 reviews"


def test_a_deletion_reads_in_french_with_french_plurals(french):
    assert describe_deletion(deleted(1)) == f"Suppression{NBSP}: 1 annotation"
    assert describe_deletion(deleted(2, links=1)) == f"Suppression{NBSP}: 2 annotations et 1 lien"
    assert describe_deletion(deleted(1, 2, 3)) == f"Suppression{NBSP}: 1 annotation, 2 liens et 3 relectures"
    assert describe_deletion(deleted(1234)) == f"Suppression{NBSP}: 1{NNBSP}234 annotations"


def table(name: str) -> StatTable:
    from annotator.domain.stats import TABLE_TITLES

    return StatTable(name, TABLE_TITLES[name], ("group", "label"), ("covered_chars",), ())


def test_statistics_titles_and_headings_are_the_keys_in_english():
    assert table_title(table("labels")) == "Annotations and share of text covered, by label"
    assert table("labels").title == "Annotations and share of text covered, by label"
    assert [column_heading(c) for c in table("labels").columns] == ["group", "label", "covered_chars"]


def test_statistics_titles_and_headings_read_in_french(french):
    assert table_title(table("labels")) == "Annotations et part du texte couverte, par étiquette"
    assert table_title(table("source_claims")) == "Affirmations et liens par source (texte normalisé)"
    assert [column_heading(c) for c in table("labels").columns] == [
        "groupe", "étiquette", "caractères couverts"]
    # The table itself keeps the English record (the CSV and logs read it).
    assert table("labels").title == "Annotations and share of text covered, by label"


def test_the_statistics_command_prints_french_titles_and_headings(french):
    import io

    from annotator.commands.stats import render_table

    out = io.StringIO()
    counted = StatTable("labels", "x", ("group", "label"), ("annotations",), (("corpus", "claim", 3),))
    render_table(counted, out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "Annotations et part du texte couverte, par étiquette [labels]"
    assert lines[1].split("  ")[0] == "groupe"


def undefined_interval(low: float | None) -> tuple[Figure, Bootstrap]:
    fig = Figure("*", "cohen_kappa", 0.5, 10, ("ana", "ben"), "",
                 Interval(low, None if low is None else 0.9, 12))
    return fig, Bootstrap(resamples=1000, seed=1, level=0.95, max_undefined_share=0.05)


def test_interval_notes_read_as_before_in_english():
    assert interval_note(*undefined_interval(0.1)) == (
        "95% interval over the resamples where it is defined (12 of 1000 resamples left out)")
    assert interval_note(*undefined_interval(None)) == (
        "no 95% interval: the figure is undefined in 12 of 1000 resamples (more than 5%)")


def test_interval_notes_read_in_french(french):
    assert interval_note(*undefined_interval(0.1)) == (
        f"intervalle à 95{NNBSP}% sur les rééchantillonnages où la valeur est définie "
        f"(12 rééchantillonnages sur 1{NNBSP}000 écartés)")
    assert interval_note(*undefined_interval(None)).startswith(f"pas d’intervalle à 95{NNBSP}%{NBSP}:")


def test_an_undefined_figure_keeps_its_english_note_and_is_worded_in_french(french):
    value, note = cohen_kappa({})
    assert value is None
    assert note == "undefined: no tokens"  # the record reports and CSV files keep
    assert note_wording(note) == f"non défini{NBSP}: aucun token"
    by_ben = Note(NoteKind.NO_SPANS_BY, "ben")
    assert by_ben == "undefined: no spans by ben"
    assert note_wording(by_ben) == f"non défini{NBSP}: aucun passage de ben"
    assert note_wording(pickle.loads(pickle.dumps(by_ben))) == note_wording(by_ben)
    assert Note(NoteKind.SAME_CATEGORY).by_document() == (
        "undefined: both gave every document the same category (no expected disagreement)")
    assert note_wording("") == ""



def qdpx_reading() -> tuple[QdpxReading, MergeReport]:
    reading = QdpxReading(IncomingBatch("study.qdpx"), sources=1, selections=1234, skipped=(),
                          without_user=1, stored_as="unknown",
                          countings=(SourceCounting("g-1", "Le Monde", PositionCounting(crlf_as_one=True),
                                                    0),))
    return reading, MergeReport("study.qdpx")


def qdpx_export() -> QdpxExport:
    return QdpxExport("study.qdpx", 2, 1, 0, 3, 1,
                      (LeftOut(LeftOutKind.LINK_OUTSIDE, link="u-1", relation="attributed_to"),
                       LeftOut(LeftOutKind.CODE_NOTES, count=2)), document_codes=1)


def test_refi_qda_summaries_read_as_before_in_english():
    lines = import_summary(*qdpx_reading())
    assert lines[0] == "read study.qdpx: 1 text sources, 1234 coded selections"
    assert lines[1] == ("1 selection names no user: stored as 'unknown'; "
                        "import with --annotator NAME to choose")
    assert lines[2].startswith("positions counted otherwise than the standard says in 1 text source ")
    assert lines[3] == ("  'Le Monde': each CRLF line break counted as one character (no selection names its "
                        "text; only so do all positions fall on the text)")
    assert export_summary(qdpx_export()) == [
        "Wrote study.qdpx: 2 documents, 1 selection, 0 links, 3 codes, 1 user, 1 document code",
        "  link u-1 (attributed_to) joins a span that is not exported: left out",
        "  2 notes of document codes left out (a coding of a whole source carries no description)",
    ]


def test_refi_qda_summaries_read_in_french(french):
    lines = import_summary(*qdpx_reading())
    assert lines[0] == f"lu study.qdpx{NBSP}: 1 source textuelle, 1{NNBSP}234 sélections codées"
    assert lines[1].startswith(
        f"1 sélection ne nomme aucun utilisateur{NBSP}: enregistrée comme 'unknown'{NNBSP};")
    assert lines[3].startswith(
        f"  'Le Monde'{NBSP}: chaque saut de ligne CRLF compté comme un seul caractère")
    summary = export_summary(qdpx_export())
    assert summary[0] == (f"Écrit study.qdpx{NBSP}: 2 documents, 1 sélection, 0 lien, 3 codes, "
                          "1 utilisateur, 1 code de document")
    assert summary[2].startswith("  2 notes de codes de document laissées de côté")
    # The records themselves stay English (what logs and comparisons read).
    assert qdpx_export().skipped[1].startswith("2 notes of document codes left out")


def test_a_file_that_cannot_be_read_says_why_in_english_as_before(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(ImportProblem) as caught:
        read_document_file(empty)
    assert str(caught.value) == f"{empty}: file is empty"
    assert caught.value.reason == reason_wording(caught.value) == "file is empty"
    _found, problems = discover_files([tmp_path / "nowhere", tmp_path / "notes.odt"])
    assert [p.reason for p in problems] == ["file or folder not found", "file or folder not found"]


def test_a_file_that_cannot_be_read_says_why_in_french(tmp_path, french):
    empty = tmp_path / "vide.txt"
    empty.write_bytes(b"")
    odd = tmp_path / "notes.odt"
    odd.write_text("x", encoding="utf-8")
    with pytest.raises(ImportProblem) as caught:
        read_document_file(empty)
    assert caught.value.reason == "file is empty"  # the English record
    assert reason_wording(caught.value) == "le fichier est vide"
    assert describe(caught.value).endswith(": le fichier est vide")
    _found, problems = discover_files([odd])
    assert reason_wording(problems[0]).startswith(
        f"type de fichier non pris en charge .odt (pris en charge{NBSP}:")
