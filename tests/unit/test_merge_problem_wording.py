"""Why a colleague's file was refused reads in the reader's language, each problem of each item
included: French in a French session and on a French command line, English as always otherwise."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from tests.helpers import ARTICLE, imported, project_with_article

from annotator import i18n
from annotator.domain.errors import describe
from annotator.domain.merge import MergeRefused
from annotator.domain.records import (
    IncomingAnnotation,
    IncomingBatch,
    IncomingLabel,
    IncomingLink,
    IncomingReview,
)
from annotator.services.merge import merge_batch, merge_file

NNBSP = "\u202f"
NBSP = "\u00a0"
GOOD = "0b8a2f3e-3c1d-4b7e-9d62-5a1f1f6b2c10"
OTHER = "6f0d1e2a-8b4c-4c3d-a1e2-3b4c5d6e7f80"
LATER = "2026-01-01T00:00:00Z"


@pytest.fixture
def french():
    i18n.set_language("fr")
    yield
    i18n.set_language("en")


def bad_batches() -> tuple[IncomingBatch, IncomingBatch]:
    """Items wrong in each of the ways a merged file can be, besides the CSV reader's own: first
    what refuses a file before anything is decided, then its reviews and links."""
    length = len(ARTICLE)
    first = IncomingBatch(
        source="carla.annotator",
        documents=(replace(imported("autre texte", name="autre.txt", title="Autre"), sha256="0" * 64),),
        labels=(IncomingLabel("claim", kind="document"),),
        annotations=(
            IncomingAnnotation("row 2", "source", 1, length + 10, "carla", document_title="Article"),
            IncomingAnnotation("row 3", "source", 1, 5, "carla", document_title="Nulle part"),
            IncomingAnnotation("row 4", "source", 1, 5, "carla", document_title="Article",
                               created_at="hier"),
        ),
        links=(IncomingLink("link 1", GOOD, "cites", GOOD, "pas-un-uuid", "carla", LATER),),
    )
    then = IncomingBatch(
        source="carla.annotator",
        annotations=(IncomingAnnotation("row 2", "source", 1, 5, "carla", document_title="Article",
                                        uuid=GOOD),),
        reviews=(IncomingReview("review 1", OTHER, GOOD, "bob", "maybe", "", LATER),),
        links=(IncomingLink("link 2", OTHER, "", GOOD, GOOD, "carla", LATER),),
    )
    return first, then


def refusal(tmp_path: Path) -> str:
    """What the two refusals say, worded where they are shown (`describe`), and their English."""
    project, _doc = project_with_article(tmp_path)
    shown, english = [], []
    for batch in bad_batches():
        with pytest.raises(MergeRefused) as caught:
            merge_batch(project, batch)
        shown.append(describe(caught.value))
        english.append(str(caught.value))
    project.close()
    return "\n".join(shown), "\n".join(english)


def test_each_problem_of_a_refused_merge_reads_in_english_as_before(tmp_path):
    shown, text = refusal(tmp_path)
    assert shown == text
    length = len(ARTICLE)
    for expected in (
        f"row 2: span [1, {length + 10}) is out of range (the document has {length} characters)",
        "row 3: document_title 'Nulle part' is in neither project",
        "row 4: 'hier' is not an ISO 8601 date and time",
        "review 1: verdict 'maybe' is not one of",
        "link 1: the id of its target 'pas-un-uuid' is not a UUID",
        "link 2: a link needs a relation and a created_at date and time",
        "document 'Autre' (autre.txt): its SHA-256 does not match its text",
        "the label 'claim' is a document label there and a span label here",
    ):
        assert expected in text, text


def test_each_problem_of_a_refused_merge_reads_in_french_where_it_is_shown(tmp_path, french):
    shown, english = refusal(tmp_path)
    length = len(ARTICLE)
    for expected in (
        f"row 2{NBSP}: le passage [1, {length + 10}) est hors limites (le document a {length} caractères)",
        f"row 3{NBSP}: document_title 'Nulle part' n’est dans aucun des deux projets",
        f"row 4{NBSP}: 'hier' n’est pas une date et heure ISO 8601",
        f"review 1{NBSP}: le verdict 'maybe' n’est pas l’un de",
        f"link 1{NBSP}: l’identifiant de sa cible 'pas-un-uuid' n’est pas un UUID",
        f"link 2{NBSP}: un lien doit avoir une relation et une date et heure created_at",
        f"le document 'Autre' (autre.txt){NBSP}: son SHA-256 ne correspond pas à son texte",
        "l’étiquette 'claim' est une étiquette de document là-bas et une étiquette de passage ici",
    ):
        assert expected in shown, shown
    for words in ("is out of range", "is in neither project", "is not a UUID", "does not match"):
        assert words not in shown
    assert "is out of range" in english  # the record stays English


def test_a_large_document_length_is_grouped_in_french(tmp_path, french):
    text = "Mot " * 3000
    project, _doc = project_with_article(tmp_path, text)
    batch = IncomingBatch(source="x.csv", annotations=(
        IncomingAnnotation("row 2", "claim", 1, 99_999, "carla", document_title="Article"),))
    with pytest.raises(MergeRefused) as caught:
        merge_batch(project, batch)
    project.close()
    assert f"(le document a 12{NNBSP}000 caractères)" in describe(caught.value)
    assert "(the document has 12000 characters)" in str(caught.value)


def test_the_command_line_words_a_refused_merge_in_french_under_a_french_locale(tmp_path):
    project, _doc = project_with_article(tmp_path)
    project.close()
    sheet = tmp_path / "carla.csv"
    sheet.write_text("document_title,label,start,end,annotator\nNulle part,claim,1,5,carla\n",
                     encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in i18n.LOCALE_VARIABLES}
    env.update(HOME=str(tmp_path), LANG="fr_FR.UTF-8")
    done = subprocess.run(
        [sys.executable, "-m", "annotator", "merge", "--project", str(tmp_path / "test.annotator"),
         str(sheet)], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode != 0
    assert "document_title 'Nulle part' n’est dans aucun des deux projets" in done.stderr, done.stderr


def test_a_skipped_annotation_whose_text_differs_says_both_texts_in_french(tmp_path, french):
    project, _doc = project_with_article(tmp_path)
    sheet = tmp_path / "carla.csv"
    sheet.write_text("document_title,label,start,end,annotator,text\n"
                     "Article,source,32,43,carla,autre chose\n", encoding="utf-8")
    report = merge_file(project, sheet)
    project.close()
    shown = "\n".join(report.summary_lines())
    assert f"{NBSP}: le fichier a 'autre chose', le document a {ARTICLE[32:43]!r}" in shown
    (where, reason), = report.skipped
    assert str(reason).endswith(f"the file has 'autre chose', the document has {ARTICLE[32:43]!r}")


def test_a_review_in_a_colleagues_project_is_named_in_french(tmp_path, french):
    import sqlite3

    from annotator.services.annotations import add_annotation
    from annotator.services.reviews import review_annotation

    ours, _doc = project_with_article(tmp_path)
    theirs_folder = tmp_path / "theirs"
    theirs_folder.mkdir()
    theirs, doc = project_with_article(theirs_folder)
    ann = add_annotation(theirs, doc.id, "claim", "ben", 1, 5)
    review_annotation(theirs, ann.id, "carla", "accepted")
    path = theirs.path
    theirs.close()
    with sqlite3.connect(path) as db:
        (review_uuid,) = db.execute("SELECT uuid FROM reviews").fetchone()
        db.execute("UPDATE reviews SET created_at = 'hier'")
    with pytest.raises(MergeRefused) as caught:
        merge_file(ours, path)
    ours.close()
    name = Path(path).name
    assert f"{name}{NBSP}: relecture {review_uuid}{NBSP}: 'hier' n’est pas une date" in describe(caught.value)
    assert f"{name}: review {review_uuid}: 'hier' is not an ISO 8601" in str(caught.value)
