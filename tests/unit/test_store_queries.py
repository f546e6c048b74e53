"""The store's chunked IN and the one same-span rule, as the services using them show them."""

from __future__ import annotations

from tests.helpers import imported, project_with_article

from annotator.domain.spans import SpanKey, TakenSpans
from annotator.services.annotations import add_annotations, list_annotations
from annotator.services.documents import import_texts
from annotator.services.labels import delete_label, label_usage, list_labels
from annotator.store.queries import IN_CHUNK, in_chunks


def test_in_chunks_gives_every_value_once_in_order_in_slices_of_the_limit():
    values = list(range(2 * IN_CHUNK + 7))
    parts = list(in_chunks(values))
    assert [len(part) for part in parts] == [IN_CHUNK, IN_CHUNK, 7]
    assert [v for part in parts for v in part] == values
    assert list(in_chunks([])) == []
    assert [list(part) for part in in_chunks("abcde", size=2)] == [["a", "b"], ["c", "d"], ["e"]]


def test_a_key_held_by_another_annotation_is_refused_and_left_as_it_was():
    key = SpanKey(1, 2, "ana", 0, 5)
    taken = TakenSpans()
    taken.hold([(key, "uuid-a")])
    assert taken.claim(key, "uuid-b") == "uuid-a"
    assert taken.claim(key, "uuid-a") is None  # its own key: an update of the same annotation
    assert taken.claim(SpanKey(1, 2, "ana", 0, 6), "uuid-a", instead_of=key) is None
    assert key not in taken  # given up by the annotation that moved
    assert taken.claim(key) is None  # a new annotation without a UUID yet
    assert taken.claim(key) == ""  # ... and the same span again in the same batch
    assert (1, 2, "ana", 0, 6) in taken  # a plain tuple of the same values is the same key


def test_deleting_a_label_removes_tens_of_thousands_of_clashing_annotations(tmp_path):
    """More clashing annotations than SQLite lets one statement name: all deleted, none moved."""
    project, _ = project_with_article(tmp_path)
    count = 33_000
    (outcome,) = import_texts(project, [imported("x" * (count + 1), name="long.txt", title="Long")])
    doc = outcome.document
    labels = {lab.name: lab for lab in list_labels(project)}
    spans = [(start, start + 1) for start in range(count)]
    add_annotations(project, doc.id, "claim", "ana", spans)
    add_annotations(project, doc.id, "framing", "ana", spans)
    add_annotations(project, doc.id, "claim", "ana", [(0, 2)])  # no twin under framing: moved
    result = delete_label(project, labels["claim"].id, move_to=labels["framing"].id)
    assert (result.moved_annotations, result.deleted_annotations) == (1, count)
    assert label_usage(project, labels["framing"].id) == count + 1
    assert {a.label for a in list_annotations(project, doc.id)} == {"framing"}


def test_labelling_the_same_spans_twice_adds_them_once(tmp_path):
    project, doc = project_with_article(tmp_path)
    first = add_annotations(project, doc.id, "claim", "ana", [(0, 5), (10, 15), (0, 5)])
    again = add_annotations(project, doc.id, "claim", "ana", [(0, 5), (20, 25)])
    assert [(a.start, a.end) for a in first] == [(0, 5), (10, 15)]
    assert [(a.start, a.end) for a in again] == [(20, 25)]
    assert len(list_annotations(project, doc.id)) == 3
