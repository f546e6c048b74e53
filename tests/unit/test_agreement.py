"""Agreement figures: hand-worked examples, independent implementations, the CLI and bad input."""

from __future__ import annotations

import csv
import io
import json
import random

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score
from tests.helpers import imported
from tests.pg_cluster import project_place

from annotator.cli import main
from annotator.domain.agreement import (
    CSV_COLUMNS,
    MEASURES,
    OVERALL,
    AgreementSpan,
    cohen_kappa,
    compute_agreement,
    krippendorff_alpha_nominal,
    tokenize,
)
from annotator.domain.errors import InvalidInput
from annotator.io.agreement_report import report_csv
from annotator.services.agreement import agreement_report, list_annotators
from annotator.services.annotations import add_annotation
from annotator.services.documents import import_texts
from annotator.services.project import open_project

pytestmark = pytest.mark.usefixtures("backend")

# ----- hand-worked textbook examples -------------------------------------------------------


def test_kappa_of_a_two_by_two_table_worked_by_hand():
    # 50 items: both yes 20, A yes/B no 5, A no/B yes 10, both no 15.
    # p_o = 35/50 = 0.7; p_e = 0.5 * 0.6 + 0.5 * 0.4 = 0.5; kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4
    table = {("yes", "yes"): 20, ("yes", "no"): 5, ("no", "yes"): 10, ("no", "no"): 15}
    kappa, note = cohen_kappa(table)
    assert kappa == pytest.approx(0.4)
    assert note == ""


def test_the_same_table_built_from_tokens_gives_the_same_kappa():
    # 50 one-letter words; A labels words 0-24, B labels words 0-19 and 25-34.
    text = " ".join("w" * 50)
    assert len(tokenize(text)) == 50

    def words(first: int, stop: int) -> tuple[int, int]:
        return 2 * first, 2 * (stop - 1) + 1

    spans = [
        AgreementSpan(1, "A", "claim", *words(0, 25)),
        AgreementSpan(1, "B", "claim", *words(0, 20)),
        AgreementSpan(1, "B", "claim", *words(25, 35)),
    ]
    report = compute_agreement(["A", "B"], ["claim"], spans, {1: text})
    kappa = report.figure("claim", "cohen_kappa")
    assert kappa.value == pytest.approx(0.4)
    assert kappa.units == 50
    assert report.figure(OVERALL, "cohen_kappa").value == pytest.approx(0.4)


def test_alpha_of_krippendorffs_2011_nominal_example_with_missing_values():
    # "Computing Krippendorff's Alpha-Reliability" (2011), four coders, twelve units, nominal.
    m = None
    coders = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, m, m, m],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, m, 3],
        [m, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, m],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, m],
    ]
    alpha, units, note = krippendorff_alpha_nominal(list(zip(*coders, strict=True)))
    assert round(alpha, 3) == 0.743  # the paper's figure
    assert units == 11  # the last unit has a single value and cannot be paired
    assert note == ""


def test_span_precision_recall_and_f1_worked_by_hand():
    text = "x" * 100
    a = [(0, 5, "claim"), (10, 20, "claim"), (30, 40, "source"), (60, 70, "claim")]
    b = [(0, 5, "claim"), (12, 15, "claim"), (50, 55, "claim"), (30, 40, "source"),
         (16, 18, "claim")]
    spans = [AgreementSpan(1, "A", lab, s, e) for s, e, lab in a]
    spans += [AgreementSpan(1, "B", lab, s, e) for s, e, lab in b]
    report = compute_agreement(["A", "B"], ["source", "claim"], spans, {1: text})

    def value(label: str, measure: str) -> float | None:
        return report.figure(label, measure).value

    # claim: A has 3 spans, B 4. Exact: (0,5). Overlap: B's (0,5), (12,15), (16,18) hit A;
    # A's (0,5) and (10,20) are hit, (60,70) is not.
    assert value("claim", "precision_exact") == pytest.approx(1 / 4)
    assert value("claim", "recall_exact") == pytest.approx(1 / 3)
    assert value("claim", "f1_exact") == pytest.approx(2 * 1 / 7)
    assert value("claim", "precision_overlap") == pytest.approx(3 / 4)
    assert value("claim", "recall_overlap") == pytest.approx(2 / 3)
    assert value("claim", "f1_overlap") == pytest.approx(2 * 0.75 * (2 / 3) / (0.75 + 2 / 3))
    assert report.figure("claim", "precision_exact").units == 4
    assert report.figure("claim", "f1_exact").units == 7
    # overall pools the labels: 2 exact matches of 5 B spans and 4 A spans
    assert value(OVERALL, "precision_exact") == pytest.approx(2 / 5)
    assert value(OVERALL, "recall_exact") == pytest.approx(2 / 4)
    assert value(OVERALL, "precision_overlap") == pytest.approx(4 / 5)
    assert value(OVERALL, "recall_overlap") == pytest.approx(3 / 4)


def _overlap_figures(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> dict[str, float | None]:
    """The claim span figures of B against A on a ten-word text."""
    text = "Le ministre a parlé hier soir de la réforme annoncée."
    spans = [AgreementSpan(1, "A", "claim", s, e) for s, e in a]
    spans += [AgreementSpan(1, "B", "claim", s, e) for s, e in b]
    report = compute_agreement(["A", "B"], ["claim"], spans, {1: text})
    return {m: report.figure("claim", m).value for m in MEASURES[:6]}


@pytest.mark.parametrize(("a", "b"), [((0, 5), (5, 9)), ((5, 9), (0, 5))],
                         ids=["B-starts-where-A-ends", "B-ends-where-A-starts"])
def test_touching_spans_do_not_overlap(a, b):
    assert _overlap_figures([a], [b]) == {
        "precision_exact": 0.0, "recall_exact": 0.0, "f1_exact": 0.0,
        "precision_overlap": 0.0, "recall_overlap": 0.0, "f1_overlap": 0.0,
    }


@pytest.mark.parametrize(("a", "b"), [((0, 5), (4, 9)), ((4, 9), (0, 5))],
                         ids=["B-starts-on-A-last-character", "B-ends-on-A-first-character"])
def test_spans_sharing_one_character_overlap(a, b):
    assert _overlap_figures([a], [b]) == {
        "precision_exact": 0.0, "recall_exact": 0.0, "f1_exact": 0.0,
        "precision_overlap": 1.0, "recall_overlap": 1.0, "f1_overlap": 1.0,
    }


def test_a_span_overlapping_only_a_longer_earlier_span_counts():
    # A: [0, 20) and [2, 4) nested in it; B: [10, 12) overlaps the long span only, [4, 6) touches
    # the short one and lies inside the long one, [20, 25) touches the long one's end.
    figures = _overlap_figures([(0, 20), (2, 4)], [(10, 12), (4, 6), (20, 25)])
    assert figures["precision_overlap"] == pytest.approx(2 / 3)
    assert figures["recall_overlap"] == 0.5


def test_tokens_are_words_and_single_punctuation_marks():
    text = "L’INSEE « sauvera » 12 000 emplois 😮, e\u0301té_2"
    assert [text[s:e] for s, e in tokenize(text)] == [
        "L", "’", "INSEE", "«", "sauvera", "»", "12", "000", "emplois", "😮", ",", "e\u0301té_2",
    ]


def test_fast_token_ranges_agree_with_the_regex_on_awkward_text():
    from annotator.domain.agreement_tokens import token_indices

    rng = random.Random(9)
    pieces = ["mot", " ", "\u0301", "é", "_", "’", "😮", "🇫🇷", "\n", "\u00a0", "42", "«", "\t"]
    texts = ["".join(rng.choice(pieces) for _ in range(60)) for _ in range(5)]
    (index,) = token_indices(texts)
    numbers, starts, ends, expected = [], [], [], []
    for number, text in enumerate(texts):
        assert index.tokens_per_text[number] == len(tokenize(text))
        for _ in range(30):
            start = rng.randrange(len(text))
            end = rng.randint(start + 1, len(text))
            hits = [i for i, (s, e) in enumerate(tokenize(text)) if s < end and e > start]
            numbers.append(number)
            starts.append(start)
            ends.append(end)
            expected.append(hits)
    first, stop = index.covered(np.array(numbers), np.array(starts), np.array(ends))
    offsets = np.concatenate(([0], np.cumsum(index.tokens_per_text)))
    for n, f, s, hits in zip(numbers, first.tolist(), stop.tolist(), expected, strict=True):
        assert list(range(f - offsets[n], s - offsets[n])) == hits


def test_a_span_covers_every_token_it_touches():
    text = "Selon le ministre, la réforme"
    # "nistre, l" touches "ministre", ",", "la"
    start = text.index("nistre")
    report = compute_agreement(
        ["A", "B"], ["claim"],
        [AgreementSpan(1, "A", "claim", start, start + 9), AgreementSpan(1, "B", "claim", 0, 2)],
        {1: text},
    )
    # A covers 3 of 6 tokens, B covers 1 other one: no token agrees on "claim"
    kappa = report.figure("claim", "cohen_kappa")
    assert kappa.units == 6
    assert kappa.value == pytest.approx(cohen_kappa_score([0, 0, 1, 1, 1, 0], [1, 0, 0, 0, 0, 0]))


# ----- undefined figures -------------------------------------------------------------------


def test_undefined_figures_are_none_with_a_note_never_an_error():
    spans = [AgreementSpan(1, "A", "claim", 0, 3), AgreementSpan(1, "B", "claim", 0, 3)]
    report = compute_agreement(["A", "B"], ["claim", "framing"], spans, {1: "abc def"})
    for measure in MEASURES:
        fig = report.figure("framing", measure)
        assert fig.value is None, measure
        assert fig.note.startswith("undefined"), measure
    assert report.figure("claim", "f1_exact").value == 1.0
    csv_rows = list(csv.reader(io.StringIO(report_csv(report))))
    assert ["framing", "cohen_kappa", "", "2"] in csv_rows


def test_no_document_in_common_gives_empty_figures():
    spans = [AgreementSpan(1, "A", "claim", 0, 3), AgreementSpan(2, "B", "claim", 0, 3)]
    report = compute_agreement(["A", "B"], ["claim"], spans, {})
    assert report.documents == 0
    assert report.figure(OVERALL, "krippendorff_alpha").value is None
    assert report.figure(OVERALL, "precision_exact").value is None


# ----- against scikit-learn and the krippendorff package -----------------------------------


def _random_case(rng: random.Random, annotators: list[str], labels: list[str]):
    words = ["la", "réforme", "«", "sauvera", "»", "12", "000", "emplois", "d’ici", "2025", "."]
    texts = {doc: " ".join(rng.choice(words) for _ in range(rng.randint(30, 80)))
             for doc in range(6)}
    spans = []
    for doc, text in texts.items():
        for who in annotators:
            if doc == 5 and who == annotators[-1]:
                continue  # this annotator did not work document 5
            for _ in range(rng.randint(1, 6)):
                start = rng.randrange(len(text) - 1)
                end = min(len(text), start + rng.randint(1, 40))
                spans.append(AgreementSpan(doc, who, rng.choice(labels), start, end))
    return texts, spans


def _categories(text, spans, who, labels, label=None):
    """Per token the documented category, computed the slow way."""
    result = []
    for start, end in tokenize(text):
        covering = {s.label for s in spans if s.annotator == who and s.start < end and s.end > start}
        if label is not None:
            result.append(int(label in covering))
        else:
            result.append(next((i for i, lab in enumerate(labels) if lab in covering), -1))
    return result


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_kappa_matches_scikit_learn_on_random_annotations(seed):
    rng = random.Random(seed)
    labels = ["source", "claim", "framing"]
    texts, spans = _random_case(rng, ["A", "B"], labels)
    report = compute_agreement(["A", "B"], labels, spans, texts)
    for label in (None, *labels):
        y_a, y_b = [], []
        for doc in range(5):  # document 5 was not worked by B
            doc_spans = [s for s in spans if s.document == doc]
            y_a += _categories(texts[doc], doc_spans, "A", labels, label)
            y_b += _categories(texts[doc], doc_spans, "B", labels, label)
        fig = report.figure(label or OVERALL, "cohen_kappa")
        assert fig.units == len(y_a)
        assert fig.value == pytest.approx(cohen_kappa_score(y_a, y_b), abs=1e-12)


@pytest.mark.parametrize("seed", [4, 5])
def test_alpha_matches_the_krippendorff_package_with_three_annotators(seed):
    rng = random.Random(seed)
    labels = ["source", "claim", "framing"]
    names = ["A", "B", "C"]
    texts, spans = _random_case(rng, names, labels)
    report = compute_agreement(names, labels, spans, texts)
    for label in (None, *labels):
        data: list[list[float]] = [[], [], []]
        for doc, text in texts.items():
            doc_spans = [s for s in spans if s.document == doc]
            for row, who in enumerate(names):
                if doc == 5 and who == "C":
                    data[row] += [np.nan] * len(tokenize(text))
                else:
                    data[row] += _categories(text, doc_spans, who, labels, label)
        expected = krippendorff.alpha(reliability_data=np.array(data, dtype=float),
                                      level_of_measurement="nominal")
        fig = report.figure(label or OVERALL, "krippendorff_alpha")
        assert fig.annotators == tuple(names)
        assert fig.value == pytest.approx(expected, abs=1e-9)
    # pairwise figures: each annotator against the first
    assert report.figure(OVERALL, "cohen_kappa", ["A", "C"]).units < report.tokens


# ----- CSV ---------------------------------------------------------------------------------


def test_csv_has_the_four_columns_and_one_row_per_label_and_measure():
    spans = [AgreementSpan(1, "A", "claim", 0, 3), AgreementSpan(1, "B", "source", 4, 7)]
    report = compute_agreement(["A", "B"], ["source", "claim"], spans, {1: "abc def"})
    text = report_csv(report)
    assert text.endswith("\r\n")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(rows[0].keys()) == CSV_COLUMNS == ("label", "measure", "value", "units")
    assert [(r["label"], r["measure"]) for r in rows] == [
        (label, measure) for label in ("*", "source", "claim") for measure in MEASURES
    ]
    # A: "abc" claim; B: "def" source. Undefined figures are empty cells.
    none, third = None, -1 / 3
    assert [None if r["value"] == "" else float(r["value"]) for r in rows] == pytest.approx([
        0.0, 0.0, 0.0, 0.0, 0.0, 0.0, third, -0.2,  # every label
        0.0, none, 0.0, 0.0, none, 0.0, 0.0, 0.0,  # source: A made none
        none, 0.0, 0.0, none, 0.0, 0.0, 0.0, 0.0,  # claim: B made none
    ])
    assert [int(r["units"]) for r in rows] == [
        1, 1, 2, 1, 1, 2, 2, 2,
        1, 0, 1, 1, 0, 1, 2, 2,
        0, 1, 1, 0, 1, 1, 2, 2,
    ]


# ----- the project, the service and the CLI ------------------------------------------------

TEXT_1 = "Selon le ministre, la réforme « sauvera » 12 000 emplois d’ici 2025.\n"
TEXT_2 = "L’opposition parle d’un « désastre annoncé » 😮 et cite l’INSEE.\n"


@pytest.fixture
def project_path(backend, tmp_path):
    path = project_place(tmp_path / "p.annotator")
    project = open_project(path)
    try:
        one, two = (o.document for o in import_texts(
            project, [imported(TEXT_1, "one.txt"), imported(TEXT_2, "two.txt")]))
        for who in ("ana", "ben"):
            add_annotation(project, one.id, "source", who, 9, 17)  # "ministre"
            add_annotation(project, two.id, "claim", who, 25, 43)
        add_annotation(project, one.id, "claim", "ana", 19, 40)
        add_annotation(project, one.id, "claim", "ben", 22, 40)
        add_annotation(project, two.id, "framing", "cleo", 0, 12)
    finally:
        project.close()
    return path


def test_service_reads_the_project(project_path):
    project = open_project(project_path, create=False)
    try:
        assert list_annotators(project) == ["ana", "ben", "cleo"]
        report = agreement_report(project, ["ana", "ben"])
        only = agreement_report(project, ["ana", "ben"], labels=["claim"], documents=["one.txt"])
    finally:
        project.close()
    assert report.documents == 2
    assert report.labels == ("source", "claim", "framing")
    assert report.figure("source", "f1_exact").value == 1.0
    assert report.figure("claim", "precision_exact").value == 0.5
    assert report.figure("claim", "recall_overlap").value == 1.0
    assert only.labels == ("claim",) and only.documents == 1
    assert only.figure(OVERALL, "f1_exact").value == 0.0


@pytest.mark.parametrize(
    ("annotators", "labels", "documents", "message"),
    [
        (["ana", "zoe"], [], [], "no annotations by 'zoe' (annotators: ana, ben, cleo)"),
        (["ana"], [], [], "at least two annotators"),
        (["ana", "ana"], [], [], "'ana' is given twice"),
        (["ana", "ben"], ["quote"], [], "unknown label 'quote' (labels: claim, framing, source)"),
        (["ana", "ben"], [], ["three.txt"], "no document matches 'three.txt'"),
    ],
)
def test_bad_names_are_refused_with_the_known_ones(project_path, annotators, labels, documents,
                                                  message):
    project = open_project(project_path, create=False)
    try:
        with pytest.raises(InvalidInput, match=message.replace("(", r"\(").replace(")", r"\)")):
            agreement_report(project, annotators, labels, documents)
    finally:
        project.close()


def test_cli_csv(project_path, capsys):
    code = main(["agreement", "--project", str(project_path), "--annotators", "ana", "ben",
                 "--format", "csv"])
    out = capsys.readouterr().out
    assert code == 0
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert rows[0] == ["label", "measure", "value", "units"]
    assert ["source", "f1_exact", "1.0", "2"] in rows
    assert len(rows) == 1 + 4 * len(MEASURES)


def test_cli_json_with_three_annotators(project_path, capsys):
    code = main(["agreement", "--project", str(project_path), "--annotators", "ana", "ben",
                 "cleo", "--format", "json", "--label", "claim"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert data["annotators"] == ["ana", "ben", "cleo"]
    pairs = {tuple(f["annotators"]) for f in data["figures"] if f["measure"] == "cohen_kappa"}
    assert pairs == {("ana", "ben"), ("ana", "cleo")}
    alpha = [f for f in data["figures"] if f["measure"] == "krippendorff_alpha"]
    assert [f["annotators"] for f in alpha] == [["ana", "ben", "cleo"]] * 2


def test_cli_table_and_refusal(project_path, capsys):
    assert main(["agreement", "--project", str(project_path), "--annotators", "ana", "ben"]) == 0
    out = capsys.readouterr().out
    assert "documents: 2" in out
    assert any(line.split()[:3] == ["source", "f1_exact", "1.0000"] for line in out.splitlines())
    assert main(["agreement", "--project", str(project_path), "--annotators", "ana"]) == 1
    captured = capsys.readouterr()
    assert "at least two annotators" in captured.err
    assert "Traceback" not in captured.err


def test_label_filter_ignores_case_and_reports_the_codebook_spelling(project_path, capsys):
    code = main(["agreement", "--project", str(project_path), "--annotators", "ana", "ben",
                 "--format", "csv", "--label", "CLAIM"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert {row[0] for row in list(csv.reader(io.StringIO(out, newline="")))[1:]} == {
        "claim", OVERALL}
