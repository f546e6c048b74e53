"""Agreement intervals (bootstrap over documents) and figures document by document: checked against
a plain recomputation, a hand-worked case, the command line and bad input."""

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
    OVERALL,
    AgreementSpan,
    agreement_units,
    compute_agreement,
    tokenize,
)
from annotator.domain.agreement_documents import by_document, with_intervals
from annotator.domain.errors import InvalidInput
from annotator.services.agreement import (
    agreement_by_document,
    agreement_report,
    agreement_with_intervals,
)
from annotator.services.annotations import add_annotation
from annotator.services.documents import import_texts
from annotator.services.project import open_project

pytestmark = pytest.mark.usefixtures("backend")

LABELS = ["source", "claim", "framing"]
WORDS = ["la", "réforme", "«", "sauvera", "»", "12", "000", "emplois", "d’ici", "2025", "."]


def _case(seed: int, annotators: list[str], n_docs: int = 8):
    """Random texts and spans; the last annotator skipped document 0."""
    rng = random.Random(seed)
    texts = {doc: " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 50)))
             for doc in range(10, 10 + n_docs)}
    spans = []
    for doc, text in texts.items():
        for who in annotators:
            if doc == 10 and who == annotators[-1] and len(annotators) > 2:
                continue
            for _ in range(rng.randint(1, 5)):
                start = rng.randrange(len(text) - 1)
                end = min(len(text), start + rng.randint(1, 30))
                spans.append(AgreementSpan(doc, who, rng.choice(LABELS), start, end))
    return texts, spans


def _draws(n_docs: int, resamples: int, seed: int) -> list[np.ndarray]:
    """The documented scheme: one generator, one `integers(0, D, size=D)` call per resample."""
    rng = np.random.default_rng(seed)
    return [rng.integers(0, n_docs, size=n_docs) for _ in range(resamples)]


def _percentiles(values: list[float | None]) -> tuple[float, float, int]:
    defined = [v for v in values if v is not None and not np.isnan(v)]
    low, high = np.percentile(defined, [2.5, 97.5])
    return float(low), float(high), len(values) - len(defined)


def _categories(text, spans, who, label=None):
    """Per token the category of `who`, the slow way (first label in codebook order, or -1)."""
    result = []
    for start, end in tokenize(text):
        covering = {s.label for s in spans if s.annotator == who and s.start < end and s.end > start}
        if label is not None:
            result.append(int(label in covering))
        else:
            result.append(next((i for i, lab in enumerate(LABELS) if lab in covering), -1))
    return result


# ----- against a plain recomputation ---------------------------------------------------------


def test_span_figure_intervals_equal_recomputing_each_resample_from_its_documents_spans():
    names = ["A", "B"]
    texts, spans = _case(1, names)
    texts = dict(reversed(texts.items()))  # resampled in the order of their ids all the same
    report, units = agreement_units(names, LABELS, spans, texts)
    resamples, seed = 200, 11
    ci = with_intervals(report, units, resamples, seed)
    docs = sorted(texts)
    recomputed: dict[tuple, list[float | None]] = {}
    for draw in _draws(len(docs), resamples, seed):
        # each drawn document becomes a copy of its own, so a document drawn twice counts twice
        copies = {(n, docs[k]): texts[docs[k]] for n, k in enumerate(draw)}
        copy_spans = [AgreementSpan((n, s.document), *s[1:])
                      for n, k in enumerate(draw) for s in spans if s.document == docs[k]]
        for fig in compute_agreement(names, LABELS, copy_spans, copies).figures:
            recomputed.setdefault((fig.label, fig.measure, fig.annotators), []).append(fig.value)
    checked = 0
    for fig in ci.figures:
        low, high, undefined = _percentiles(recomputed[(fig.label, fig.measure, fig.annotators)])
        assert fig.interval is not None
        assert fig.interval.undefined == undefined
        if fig.interval.low is not None:
            assert (fig.interval.low, fig.interval.high) == pytest.approx((low, high), abs=1e-12)
            checked += 1
    assert checked > 20
    assert ci.bootstrap is not None and (ci.bootstrap.resamples, ci.bootstrap.seed) == (200, 11)


def test_kappa_and_alpha_intervals_equal_scikit_learn_and_krippendorff_on_resampled_tokens():
    names = ["A", "B", "C"]
    texts, spans = _case(2, names)
    report, units = agreement_units(names, LABELS, spans, texts)
    resamples, seed = 60, 3
    ci = with_intervals(report, units, resamples, seed)
    docs = sorted(texts)
    per_doc = {doc: {who: _categories(texts[doc], [s for s in spans if s.document == doc], who)
                     for who in names} for doc in docs}
    worked = {doc: {s.annotator for s in spans if s.document == doc} for doc in docs}
    kappas, alphas = [], []
    for draw in _draws(len(docs), resamples, seed):
        a, b, data = [], [], [[], [], []]
        for k in draw:
            doc = docs[k]
            a += per_doc[doc]["A"]
            b += per_doc[doc]["B"]
            for row, who in enumerate(names):
                cats = per_doc[doc][who]
                data[row] += cats if who in worked[doc] else [np.nan] * len(cats)
        kappas.append(cohen_kappa_score(a, b))
        alphas.append(krippendorff.alpha(reliability_data=np.array(data, dtype=float),
                                         level_of_measurement="nominal"))
    kappa = ci.figure(OVERALL, "cohen_kappa", ["A", "B"])
    alpha = ci.figure(OVERALL, "krippendorff_alpha")
    assert kappa.value == report.figure(OVERALL, "cohen_kappa", ["A", "B"]).value
    assert (kappa.interval.low, kappa.interval.high) == pytest.approx(_percentiles(kappas)[:2], abs=1e-9)
    assert (alpha.interval.low, alpha.interval.high) == pytest.approx(_percentiles(alphas)[:2], abs=1e-9)
    assert kappa.interval.low < kappa.value < kappa.interval.high


# ----- a case worked by hand -----------------------------------------------------------------


def _two_documents():
    # Document 1: both mark the whole text as a claim. Document 2: A marks "abc", B marks "def".
    texts = {1: "abc", 2: "abc def"}
    spans = [AgreementSpan(1, "A", "claim", 0, 3), AgreementSpan(1, "B", "claim", 0, 3),
             AgreementSpan(2, "A", "claim", 0, 3), AgreementSpan(2, "B", "claim", 4, 7)]
    return texts, spans


def test_hand_worked_two_documents():
    # A resample draws two documents: (1, 1) with F1 1, (2, 2) with F1 0, or one of each with
    # F1 1/2. Each of the first two comes up about a quarter of the time, so the 2.5th and 97.5th
    # percentiles of F1 are exactly 0 and 1.
    # Claim kappa: (1, 1) has one token, a claim for both: no variation, undefined. It is
    # undefined in about a quarter of the resamples (more than 5%), so there is no interval.
    texts, spans = _two_documents()
    report, units = agreement_units(["A", "B"], ["claim"], spans, texts)
    resamples = 400
    ci = with_intervals(report, units, resamples, seed=7)
    f1 = ci.figure("claim", "f1_exact")
    assert f1.value == 0.5
    assert (f1.interval.low, f1.interval.high, f1.interval.undefined) == (0.0, 1.0, 0)
    both_first = sum(1 for draw in _draws(2, resamples, 7) if list(draw) == [0, 0])
    assert 60 < both_first < 140
    kappa = ci.figure("claim", "cohen_kappa")
    assert kappa.value is not None
    assert kappa.interval.undefined == both_first
    assert kappa.interval.low is None and kappa.interval.high is None
    # a figure undefined over all documents has no interval either
    none = compute_agreement(["A", "B"], ["claim", "framing"], spans, texts)
    report, units = agreement_units(["A", "B"], ["claim", "framing"], spans, texts)
    framing = with_intervals(report, units, 50, 1).figure("framing", "f1_exact")
    assert none.figure("framing", "f1_exact").value is None
    assert (framing.interval.low, framing.interval.high, framing.interval.undefined) == (None, None, 50)


def test_figures_of_each_document_are_those_of_the_document_alone():
    names = ["A", "B", "C"]
    texts, spans = _case(4, names, n_docs=5)
    report, units = agreement_units(names, LABELS, spans, texts)
    documents = by_document(report, units)
    assert [d.document for d in documents] == sorted(texts)
    for document in documents:
        alone = compute_agreement(names, LABELS, [s for s in spans if s.document == document.document],
                                  {document.document: texts[document.document]})
        assert document.tokens == alone.tokens
        assert [(f.label, f.measure, f.units, f.annotators, f.note) for f in document.figures] == [
            (f.label, f.measure, f.units, f.annotators, f.note) for f in alone.figures]
        assert [f.value for f in document.figures] == pytest.approx([f.value for f in alone.figures],
                                                                    abs=1e-12)


def test_the_same_seed_gives_the_same_intervals_and_another_seed_others():
    texts, spans = _case(5, ["A", "B"])
    report, units = agreement_units(["A", "B"], LABELS, spans, texts)
    first, again = (with_intervals(report, units, 100, 42) for _ in range(2))
    other = with_intervals(report, units, 100, 43)
    assert first == again
    assert [f.interval for f in first.figures] != [f.interval for f in other.figures]
    assert [f.value for f in first.figures] == [f.value for f in report.figures]


# ----- the project, the service and the command line --------------------------------------------

TEXTS = [
    "Selon le ministre, la réforme « sauvera » 12 000 emplois d’ici 2025.\n",
    "L’opposition parle d’un « désastre annoncé » 😮 et cite l’INSEE.\n",
    "Le syndicat dénonce « une provocation » et appelle à la grève jeudi.\n",
]


@pytest.fixture
def project_path(backend, tmp_path):
    path = project_place(tmp_path / "p.annotator")
    project = open_project(path)
    try:
        one, two, three = (o.document for o in import_texts(
            project, [imported(text, f"doc{n}.txt", title=f"Article {n}")
                      for n, text in enumerate(TEXTS, 1)]))
        for who in ("ana", "ben"):
            add_annotation(project, one.id, "source", who, 9, 17)
            add_annotation(project, two.id, "claim", who, 25, 43)
        add_annotation(project, one.id, "claim", "ana", 19, 40)
        add_annotation(project, one.id, "claim", "ben", 22, 40)
        add_annotation(project, three.id, "source", "ana", 3, 11)
        add_annotation(project, three.id, "claim", "ben", 25, 40)
    finally:
        project.close()
    return path


def _run(project_path, capsys, *args):
    code = main(["agreement", "--project", str(project_path), "--annotators", "ana", "ben", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_service_intervals_keep_the_point_estimates(project_path):
    project = open_project(project_path, create=False)
    try:
        plain = agreement_report(project, ["ana", "ben"])
        with_ci = agreement_with_intervals(project, ["ana", "ben"], resamples=300, seed=2)
    finally:
        project.close()
    assert [f.value for f in with_ci.figures] == [f.value for f in plain.figures]
    assert all(f.interval is not None for f in with_ci.figures)
    f1 = with_ci.figure(OVERALL, "f1_overlap")
    assert f1.interval.low <= f1.value <= f1.interval.high


def test_cli_csv_keeps_its_columns_and_adds_the_interval_at_the_end(project_path, capsys):
    code, plain, _ = _run(project_path, capsys, "--format", "csv")
    assert code == 0
    code, out, err = _run(project_path, capsys, "--format", "csv", "--ci", "--resamples", "200")
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out, newline="")))
    old = list(csv.reader(io.StringIO(plain, newline="")))
    assert rows[0] == [*old[0], "ci_low", "ci_high", "ci_undefined_resamples"]
    assert [row[:4] for row in rows] == old
    f1 = next(row for row in rows if row[:2] == [OVERALL, "f1_overlap"])
    assert float(f1[4]) <= float(f1[2]) <= float(f1[5])
    code, again, _ = _run(project_path, capsys, "--format", "csv", "--ci", "--resamples", "200")
    assert again == out  # the default seed is fixed: runs repeat


def test_cli_table_and_json_show_the_intervals(project_path, capsys):
    code, out, err = _run(project_path, capsys, "--ci", "--seed", "5")
    assert code == 0, err
    assert "95% CI" in out
    assert "1000 resamples, seed 5" in out
    line = next(line for line in out.splitlines() if line.split()[:2] == [OVERALL, "f1_overlap"])
    assert line.split()[-2].startswith("[") and line.endswith("]")
    code, out, err = _run(project_path, capsys, "--ci", "--format", "json", "--resamples", "50")
    data = json.loads(out)
    assert data["bootstrap"] == {"resamples": 50, "seed": 1, "level": 0.95,
                                 "max_undefined_share": 0.05}
    figure = next(f for f in data["figures"] if (f["label"], f["measure"]) == (OVERALL, "f1_exact"))
    assert {"ci_low", "ci_high", "ci_undefined_resamples"} <= figure.keys()
    code, out, err = _run(project_path, capsys, "--format", "json")
    assert "bootstrap" not in json.loads(out)


def test_cli_by_document(project_path, capsys):
    code, out, err = _run(project_path, capsys, "--by", "document")
    assert code == 0, err
    lines = out.splitlines()
    assert "lowest alpha first" in lines[1]
    body = [line for line in lines[5:] if line]
    assert [line.split()[:2] for line in body] == [["Article", "3"], ["Article", "1"], ["Article", "2"]]
    code, out, err = _run(project_path, capsys, "--by", "document", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    assert list(rows[0].keys()) == ["label", "measure", "value", "units", "document_id",
                                    "document_title"]
    project = open_project(project_path, create=False)
    try:
        report, documents = agreement_by_document(project, ["ana", "ben"])
    finally:
        project.close()
    assert [d.title for d in documents] == ["Article 1", "Article 2", "Article 3"]
    second = {(r["label"], r["measure"]): r["value"] for r in rows
              if r["document_id"] == documents[1].document}
    assert second[("claim", "f1_exact")] == "1.0"  # both marked the same claim in document 2
    code, out, err = _run(project_path, capsys, "--by", "document", "--format", "json")
    data = json.loads(out)
    assert [d["document_title"] for d in data["by_document"]] == ["Article 1", "Article 2", "Article 3"]
    assert data["figures"] == json.loads(_run(project_path, capsys, "--format", "json")[1])["figures"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--ci", "--resamples", "0"], "resamples must be a whole number from 1 to 100,000 (got 0)"),
        (["--ci", "--resamples", "-3"], "(got -3)"),
        (["--ci", "--resamples", "1000001"], "(got 1000001)"),
        (["--ci", "--seed", "-1"], "the seed must be a whole number, 0 or more (got -1)"),
        (["--ci", "--document", "doc1.txt"], "need at least two documents counted (here 1)"),
        (["--resamples", "10"], "--resamples and --seed go with --ci"),
        (["--ci", "--by", "document"], "--ci and --by document do not go together"),
    ],
)
def test_bad_bootstrap_settings_are_refused_plainly(project_path, capsys, args, message):
    code, out, err = _run(project_path, capsys, *args)
    assert code == 1
    assert message in err
    assert "Traceback" not in err and out == ""


def test_a_resample_count_that_is_not_a_number_is_a_usage_error(project_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        _run(project_path, capsys, "--ci", "--resamples", "many")
    assert exit_info.value.code == 2
    assert "invalid int value: 'many'" in capsys.readouterr().err


def test_service_refuses_bad_settings_before_reading(project_path):
    project = open_project(project_path, create=False)
    try:
        with pytest.raises(InvalidInput, match="resamples"):
            agreement_with_intervals(project, ["ana", "ben"], resamples=0)
        with pytest.raises(InvalidInput, match="at least two annotators"):
            agreement_with_intervals(project, ["ana"])
    finally:
        project.close()
