"""Agreement document by document: the figures of each document on its own, and confidence
intervals of the figures by a bootstrap over documents.

Every figure is a function of counts that add up over documents: per label and pair the five span
tallies (spans by A, spans by B, exact matches, B's spans hitting, A's spans hitting); for kappa the
tokens, the tokens in the same category and the tokens each annotator put in each category; for
alpha the pairable tokens, the sum of the coincidences o_cc and the values n_c per category. These
counts are taken once per document; a figure over any multiset of documents is then a weighted sum
followed by the figure's formula, exactly as `agreement.compute_agreement` would compute it from
those documents' spans.

Intervals are percentile bootstrap intervals over documents. The counted documents are put in
ascending order of their keys (ids); resample r (r = 0, 1, ...) draws as many documents as there are
with `numpy.random.default_rng(seed).integers(0, D, size=D)`, one call per resample in order on the
same generator, and each figure is recomputed from the drawn documents (a document drawn twice
counts twice). The interval runs from the 2.5th to the 97.5th percentile (numpy's default linear
interpolation) of the resampled values.

A resample in which a figure is undefined (kappa when no category varies, alpha with one category,
precision without spans by B...) is left out of that figure's percentiles and counted in
`Interval.undefined`. When more than `MAX_UNDEFINED_SHARE` of the resamples are undefined, no 95%
interval of values can be stated and the interval is undefined; it is also undefined when the
figure itself is.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, NamedTuple

from annotator.domain.agreement import (
    OVERALL,
    AgreementReport,
    Bootstrap,
    DocumentUnits,
    Figure,
    Interval,
    alpha_of_sums,
    figure_cells,
    kappa_of_sums,
    report_columns,
    span_figures,
)
from annotator.domain.error_wording import ErrorCode
from annotator.domain.errors import InvalidInput
from annotator.i18n import _, number, pgettext

if TYPE_CHECKING:  # numpy is loaded when figures are computed, not when the window starts
    import numpy as np

LEVEL = 0.95
DEFAULT_RESAMPLES = 1000
DEFAULT_SEED = 1
MAX_RESAMPLES = 100_000
#: Above this share of undefined resamples a figure's interval is undefined.
MAX_UNDEFINED_SHARE = 0.05
#: Cells of the per-chunk arrays (resamples x documents or x counts): bounds the memory used.
_CHUNK_CELLS = 1 << 22


class _Spec(NamedTuple):
    kind: str  # "span", "kappa" or "alpha"
    measure: str
    start: int  # first column of the figure's counts
    categories: int  # kappa and alpha: number of categories


@dataclass(frozen=True, slots=True)
class DocumentAgreement:
    """The figures of one document on its own (same order as the report's)."""

    document: Hashable
    tokens: int
    figures: tuple[Figure, ...]
    title: str = ""


class _Counts(NamedTuple):
    documents: tuple[Hashable, ...]
    matrix: np.ndarray  # (documents, columns) counts that add up over documents
    specs: tuple[_Spec, ...]  # one per figure of the report, in its order


def _categories(masks: np.ndarray, label: str, labels: Sequence[str]) -> tuple[np.ndarray, int]:
    """Per token row and annotator the category (0 = none, i + 1 = i-th label overall; 0/1 per
    label) and the number of categories. Values where an annotator does not count are meaningless."""
    import numpy as np

    if label == OVERALL:
        lowest = masks & -masks  # the first label in codebook order, as a power of two
        return np.frexp(lowest.astype(np.float64))[1].astype(np.int64), len(labels) + 1
    return (masks >> labels.index(label)) & 1, 2


def _counts(report: AgreementReport, units: DocumentUnits) -> _Counts:
    """The additive counts of every figure of `report`, one row per document (sorted by key)."""
    import numpy as np

    names, labels = report.annotators, report.labels
    n_docs = len(units.documents)
    try:
        order = sorted(range(n_docs), key=lambda i: units.documents[i])  # type: ignore[index]
    except TypeError:  # keys that do not sort: as given
        order = list(range(n_docs))
    rank = np.empty(n_docs, dtype=np.int64)
    rank[order] = np.arange(n_docs)
    docs = rank[units.row_documents] if n_docs else units.row_documents
    tallies = units.span_tallies[order]
    masks, weights = units.row_masks, units.row_tokens.astype(np.float64)
    present = masks >= 0
    blocks: list[np.ndarray] = []
    where: dict[tuple[str, str, tuple[str, ...]], tuple[str, int, int]] = {}
    width = 0

    def add(kind: str, key: tuple[str, str, tuple[str, ...]], categories: int,
            *parts: np.ndarray) -> None:
        nonlocal width
        block = np.column_stack([part.reshape(n_docs, -1) for part in parts]).astype(np.float64)
        blocks.append(block)
        where[key] = (kind, width, categories)
        width += block.shape[1]

    def per_doc(rows: np.ndarray, values: np.ndarray, categories: np.ndarray | None = None,
                n: int = 1) -> np.ndarray:
        index = docs[rows] if categories is None else docs[rows] * n + categories
        return np.bincount(index, values, minlength=n_docs * n).reshape(n_docs, n)

    for label in (OVERALL, *labels):
        cats, n_cats = _categories(masks, label, labels)
        for other in range(1, len(names)):
            pair = (names[0], names[other])
            if label == OVERALL:
                tally = tallies[:, other].sum(axis=1)
            else:
                tally = tallies[:, other, labels.index(label)]
            add("span", (label, "span", pair), 0, tally)
            both = present[:, 0] & present[:, other]
            same = both & (cats[:, 0] == cats[:, other])
            add("kappa", (label, "cohen_kappa", pair), n_cats,
                per_doc(both, weights[both]), per_doc(same, weights[same]),
                per_doc(both, weights[both], cats[both, 0], n_cats),
                per_doc(both, weights[both], cats[both, other], n_cats))
        coders = present.sum(axis=1)
        pairable = coders >= 2
        values = np.zeros((int(pairable.sum()), n_cats))
        rows = np.arange(len(values))
        for annotator in range(len(names)):
            values[rows, cats[pairable, annotator]] += present[pairable, annotator]
        w = weights[pairable]
        coincidences = (values * (values - 1)).sum(axis=1) / (coders[pairable] - 1)
        totals = [per_doc(pairable, w * values[:, c]) for c in range(n_cats)]
        add("alpha", (label, "krippendorff_alpha", names), n_cats,
            per_doc(pairable, w), per_doc(pairable, w * coincidences), *totals)

    matrix = np.hstack(blocks) if blocks else np.zeros((n_docs, 0))
    specs = []
    for fig in report.figures:
        group = "span" if fig.measure.startswith(("precision", "recall", "f1")) else fig.measure
        kind, start, n_cats = where[(fig.label, group, fig.annotators)]
        specs.append(_Spec(kind, fig.measure, start, n_cats))
    return _Counts(tuple(units.documents[i] for i in order), matrix, tuple(specs))


def _values(sums: np.ndarray, specs: Sequence[_Spec]) -> np.ndarray:
    """Every figure (columns) from summed counts (rows); NaN where a figure is undefined."""
    import numpy as np

    out = np.empty((len(sums), len(specs)))
    nan = np.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        for column, (kind, measure, start, n_cats) in enumerate(specs):
            if kind == "span":
                na, nb, exact, b_hits, a_hits = (sums[:, start + k] for k in range(5))
                hits_b, hits_a = (exact, exact) if measure.endswith("exact") else (b_hits, a_hits)
                precision = np.where(nb > 0, hits_b / nb, nan)
                recall = np.where(na > 0, hits_a / na, nan)
                if measure.startswith("precision"):
                    out[:, column] = precision
                elif measure.startswith("recall"):
                    out[:, column] = recall
                else:
                    both = precision + recall
                    f1 = np.where((nb == 0) | (na == 0) | (both == 0), 0.0,
                                  2 * precision * recall / both)
                    out[:, column] = np.where((na == 0) & (nb == 0), nan, f1)
            elif kind == "kappa":
                n, agreed = sums[:, start], sums[:, start + 1]
                rows = sums[:, start + 2:start + 2 + n_cats]
                cols = sums[:, start + 2 + n_cats:start + 2 + 2 * n_cats]
                chance = (rows * cols).sum(axis=1)
                kappa = (n * agreed - chance) / (n * n - chance)
                out[:, column] = np.where((n == 0) | (n * n == chance), nan, kappa)
            else:
                pairable, same = sums[:, start], sums[:, start + 1]
                totals = sums[:, start + 2:start + 2 + n_cats]
                n = totals.sum(axis=1)
                expected = n * n - (totals * totals).sum(axis=1)
                alpha = 1 - (n - 1) * (n - same) / expected
                out[:, column] = np.where((pairable == 0) | (expected == 0), nan, alpha)
    return out


def check_bootstrap(resamples: int, seed: int, documents: int | None = None) -> None:
    """Refuse what cannot give intervals (InvalidInput); `documents`: those counted, if known."""
    if isinstance(resamples, bool) or not isinstance(resamples, int) or not (
        1 <= resamples <= MAX_RESAMPLES
    ):
        raise InvalidInput(code=ErrorCode.BAD_RESAMPLES, most=MAX_RESAMPLES, resamples=resamples)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise InvalidInput(code=ErrorCode.BAD_SEED, seed=seed)
    if documents is not None and documents < 2:
        raise InvalidInput(code=ErrorCode.TOO_FEW_DOCUMENTS_TO_RESAMPLE, documents=documents)


def with_intervals(
    report: AgreementReport,
    units: DocumentUnits,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
) -> AgreementReport:
    """`report` with a 95% percentile bootstrap interval on every figure (see the module)."""
    import numpy as np

    check_bootstrap(resamples, seed, len(units.documents))
    counts = _counts(report, units)
    n_docs, n_columns = counts.matrix.shape
    rng = np.random.default_rng(seed)
    values = np.empty((resamples, len(counts.specs)))
    chunk = max(1, _CHUNK_CELLS // max(n_docs, n_columns, len(counts.specs), 1))
    for first in range(0, resamples, chunk):
        stop = min(resamples, first + chunk)
        weights = np.empty((stop - first, n_docs))
        for row in range(stop - first):  # one call per resample, as documented
            weights[row] = np.bincount(rng.integers(0, n_docs, size=n_docs), minlength=n_docs)
        values[first:stop] = _values(weights @ counts.matrix, counts.specs)
    tail = (1 - LEVEL) / 2 * 100
    figures = []
    for fig, column in zip(report.figures, values.T, strict=True):
        defined = column[~np.isnan(column)]
        undefined = resamples - len(defined)
        if fig.value is None or undefined > MAX_UNDEFINED_SHARE * resamples:
            interval = Interval(None, None, undefined)
        else:
            low, high = np.percentile(defined, [tail, 100 - tail])
            interval = Interval(float(low), float(high), undefined)
        figures.append(replace(fig, interval=interval))
    return replace(report, figures=tuple(figures),
                   bootstrap=Bootstrap(resamples, seed, LEVEL, MAX_UNDEFINED_SHARE))


def by_document(report: AgreementReport, units: DocumentUnits) -> tuple[DocumentAgreement, ...]:
    """The figures of each counted document alone (sorted by key), as `compute_agreement` gives
    them for that document: same measures, units and notes."""
    import numpy as np

    counts = _counts(report, units)
    tokens = dict(zip(units.documents, units.tokens.tolist(), strict=True))
    result = []
    for document, row in zip(counts.documents, counts.matrix, strict=True):
        figures = []
        for fig, (kind, measure, start, n_cats) in zip(report.figures, counts.specs, strict=True):
            if kind == "span":
                tally = [int(v) for v in row[start:start + 5]]
                pair = (fig.annotators[0], fig.annotators[1])
                found = next(f for f in span_figures(fig.label, pair, tally) if f.measure == measure)
                figures.append(found)
                continue
            if kind == "kappa":
                n, agreed = int(row[start]), int(row[start + 1])
                rows = row[start + 2:start + 2 + n_cats].astype(np.int64).tolist()
                cols = row[start + 2 + n_cats:start + 2 + 2 * n_cats].astype(np.int64).tolist()
                chance = sum(r * c for r, c in zip(rows, cols, strict=True))
                value, note = kappa_of_sums(n, agreed, chance)
                units_behind = n
            else:
                totals = [int(v) for v in row[start + 2:start + 2 + n_cats] if v]
                value, units_behind, note = alpha_of_sums(int(row[start]), float(row[start + 1]),
                                                          totals)
            figures.append(Figure(fig.label, measure, value, units_behind, fig.annotators, note))
        result.append(DocumentAgreement(document, int(tokens[document]), tuple(figures)))
    return tuple(result)


#: Extra columns, at the end, of the figures listed document by document.
DOCUMENT_COLUMNS = ("document_id", "document_title")


def document_columns(report: AgreementReport) -> tuple[str, ...]:
    """The columns of `document_rows`: the report's, then the document's id and title."""
    return (*report_columns(report), *DOCUMENT_COLUMNS)


def document_rows(
    report: AgreementReport, documents: Sequence[DocumentAgreement]
) -> Iterator[tuple[str, ...]]:
    """Every figure of every document as text cells under `document_columns(report)`."""
    for document in documents:
        for fig in document.figures:
            yield (*figure_cells(report, fig), str(document.document), document.title)


def percent(share: float) -> str:
    """A share as a whole percentage in the reader's language: `95%` (English), `95 %` (French)."""
    return pgettext("percentage", "{value}%").format(value=number(round(share * 100)))


def interval_note(fig: Figure, bootstrap: Bootstrap | None) -> str:
    """What a reader should know about a figure's interval, or "" (an undefined figure has its
    own note), in the reader's language."""
    interval = fig.interval
    if fig.value is None or interval is None or bootstrap is None or not interval.undefined:
        return ""
    values = {"level": percent(bootstrap.level), "undefined": number(interval.undefined),
              "resamples": number(bootstrap.resamples)}
    if interval.low is None:
        return _("no {level} interval: the figure is undefined in {undefined} of {resamples} resamples "
                 "(more than {most})").format(most=percent(bootstrap.max_undefined_share), **values)
    return _("{level} interval over the resamples where it is defined ({undefined} of {resamples} "
             "resamples left out)").format(**values)
