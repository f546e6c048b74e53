"""Refusals and failures say the same thing in English as always, and in French where French is
spoken: through the translation path, from their reason code and data, in the command line too."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from tests.helpers import ARTICLE, project_with_article, span_of

from annotator import i18n
from annotator.domain.error_wording import WORDING, ErrorCode, Plural
from annotator.domain.errors import AnnotatorError, InvalidInput, NotFound, ProjectError, describe
from annotator.services.annotations import add_annotation
from annotator.services.document_codes import set_document_code
from annotator.services.labels import add_label, delete_label, list_labels
from annotator.services.links import add_link, remove_link_rule
from annotator.services.reviews import review_annotation
from annotator.store.engine import project_error_from

NNBSP = "\u202f"  # inside « » and before ; ! ?
NBSP = "\u00a0"  # before :


@pytest.fixture
def french():
    i18n.set_language("fr")
    yield
    i18n.set_language("en")


def refusal(call, *args, **kwargs) -> AnnotatorError:
    with pytest.raises(AnnotatorError) as caught:
        call(*args, **kwargs)
    return caught.value


def test_a_duplicate_span_reads_as_before_in_english_and_in_french_through_describe(tmp_path, french):
    project, doc = project_with_article(tmp_path)
    start, end = span_of(ARTICLE, "l’INSEE")
    add_annotation(project, doc.id, "claim", "alice", start, end)
    error = refusal(add_annotation, project, doc.id, "claim", "alice", start, end)
    assert str(error) == "this span already has the label 'claim' from alice"
    assert describe(error) == "ce passage a déjà l’étiquette 'claim' de alice"
    assert error.code == ErrorCode.DUPLICATE_SPAN and error.values == {"label": "claim", "annotator": "alice"}
    project.close()


def test_labels_annotations_and_documents_refuse_in_french(tmp_path, french):
    project, doc = project_with_article(tmp_path)
    unknown = refusal(add_annotation, project, doc.id, "nosuchlabel", "alice", 0, 5)
    assert str(unknown) == "unknown label 'nosuchlabel'"
    assert describe(unknown) == "étiquette inconnue 'nosuchlabel'"
    missing = refusal(add_annotation, project, 999, "claim", "alice", 0, 5)
    assert describe(missing) == "document inconnu 999"
    taken = refusal(add_label, project, "claim", "#123456")
    assert str(taken) == "a label named 'claim' already exists"
    assert describe(taken) == "une étiquette nommée 'claim' existe déjà"
    claim = next(lab for lab in list_labels(project) if lab.name == "claim")
    onto_itself = refusal(delete_label, project, claim.id, move_to=claim.id)
    assert describe(onto_itself) == ("impossible de déplacer les annotations vers l’étiquette en cours "
                                     "de suppression")
    project.close()


def test_a_count_takes_the_french_plural_and_grouping(french):
    one = InvalidInput(code=ErrorCode.DELETE_USED_BY_ANNOTATIONS, label="claim", count=1)
    many = InvalidInput(code=ErrorCode.DELETE_USED_BY_ANNOTATIONS, label="claim", count=1234)
    assert str(one).startswith("the label «claim» is used by 1 annotation; remove them first")
    assert str(many).startswith("the label «claim» is used by 1234 annotations;")
    assert describe(one).startswith(f"l’étiquette «{NNBSP}claim{NNBSP}» sert à 1 annotation{NNBSP};")
    assert f"sert à 1{NNBSP}234 annotations{NNBSP};" in describe(many)


def test_links_reviews_and_document_codes_refuse_in_french(tmp_path, french):
    project, doc = project_with_article(tmp_path)
    claim = add_annotation(project, doc.id, "claim", "alice", 0, 5)
    source = add_annotation(project, doc.id, "source", "alice", 10, 15)
    add_link(project, claim.id, source.id, "alice")
    again = refusal(add_link, project, claim.id, source.id, "alice")
    assert str(again) == "this «claim» is already attributed to that «source»"
    assert describe(again) == f"ce «{NNBSP}claim{NNBSP}» est déjà attributed to ce «{NNBSP}source{NNBSP}»"
    itself = refusal(add_link, project, claim.id, claim.id, "alice")
    assert describe(itself) == "un passage ne peut pas être lié à lui-même"
    gone = refusal(remove_link_rule, project, 9999)
    assert (str(gone), describe(gone)) == ("link rule 9999 no longer exists",
                                           "la règle de lien 9999 n’existe plus")
    own = refusal(review_annotation, project, claim.id, "alice", "accepted")
    assert str(own).startswith("this annotation is alice's own: review is of a colleague's work")
    assert describe(own).startswith(f"cette annotation est celle de alice{NBSP}: la relecture")
    span_label = refusal(set_document_code, project, doc.id, "claim", "alice")
    assert str(span_label) == "the label «claim» labels spans, not whole documents"
    assert span_label.reason == "span_label"  # the refusal's own reason code is kept
    assert describe(span_label) == (f"l’étiquette «{NNBSP}claim{NNBSP}» étiquette des passages, "
                                    "pas des documents entiers")
    project.close()


def test_the_project_file_fails_in_french_naming_the_file(tmp_path, french):
    path = tmp_path / "p.annotator"
    busy = project_error_from(path, Exception("database is locked"), 3)
    assert str(busy) == (f"{path}: the project is in use by another program (waited 3 s); "
                         "close it there and try again")
    assert describe(busy) == (f"{path}{NBSP}: le projet est utilisé par un autre programme (attente de "
                              f"3 s){NNBSP}; fermez-le là-bas et réessayez")
    assert isinstance(busy, ProjectError)


def test_an_error_without_a_code_reads_as_it_is_and_codes_survive_pickling(french):
    plain = NotFound("something else")
    assert describe(plain) == "something else"
    assert describe(ValueError("x")) == "x"
    coded = NotFound(code=ErrorCode.ANNOTATION_GONE, annotation=7)
    back = pickle.loads(pickle.dumps(coded))
    assert (type(back), back.code, back.values, str(back)) == (NotFound, coded.code, {"annotation": 7},
                                                               "annotation 7 no longer exists")
    assert describe(back) == "l’annotation 7 n’existe plus"


def test_every_code_has_a_french_wording():
    i18n.set_language("fr")
    try:
        for code, entry in WORDING.items():
            english = entry.singular if isinstance(entry, Plural) else entry
            french = (i18n.ngettext(entry.singular, entry.plural, 1) if isinstance(entry, Plural)
                      else i18n._(entry))
            assert french != english, code
    finally:
        i18n.set_language("en")


def test_the_command_line_refuses_in_french_under_a_french_locale(tmp_path: Path):
    project, _doc = project_with_article(tmp_path)
    project.close()
    env = {k: v for k, v in os.environ.items() if k not in i18n.LOCALE_VARIABLES}
    env.update(HOME=str(tmp_path), LANG="fr_FR.UTF-8")
    done = subprocess.run(
        [sys.executable, "-m", "annotator", "export", "--project", str(tmp_path / "test.annotator"),
         "--label", "nosuchlabel", "--out", str(tmp_path / "x.csv")],
        capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 1
    assert "étiquette inconnue 'nosuchlabel' (étiquettes" in done.stderr, done.stderr
    assert not (tmp_path / "x.csv").exists()
