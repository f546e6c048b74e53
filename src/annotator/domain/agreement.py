"""Inter-annotator agreement: span precision/recall/F1, Cohen's kappa and Krippendorff's alpha.

Token units: `tokens.TOKEN_PATTERN` over the stored text. A span covers a token when they share
at least one character. For the categorical figures a token's category, for one annotator, is the label
earliest in the given (codebook) order among the labels of that annotator's spans covering it,
or "none"; per label the category is binary: covered by a span of that label, or not.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import accumulate, islice
from typing import TYPE_CHECKING, NamedTuple

from annotator.domain.tokens import tokenize as tokenize  # re-exported
from annotator.i18n import N_, _

if TYPE_CHECKING:
    import numpy as np

    from annotator.domain.agreement_tokens import TokenIndex

#: The `label` of the figures over every label.
OVERALL = "*"
SPAN_MEASURES = (
    "precision_exact", "recall_exact", "f1_exact",
    "precision_overlap", "recall_overlap", "f1_overlap",
)
PAIR_MEASURES = (*SPAN_MEASURES, "cohen_kappa")
MEASURES = (*PAIR_MEASURES, "krippendorff_alpha")
CSV_COLUMNS = ("label", "measure", "value", "units")
#: Labels compared at once (a token's labels are kept as bits of a 64-bit integer).
MAX_LABELS = 62
#: Extra CSV column written only when three or more annotators are compared.
CSV_PAIR_COLUMN = "annotators"
#: Extra CSV columns, at the end, when the figures carry intervals: the bounds (empty when
#: undefined) and the resamples in which the figure was undefined.
CSV_INTERVAL_COLUMNS = ("ci_low", "ci_high", "ci_undefined_resamples")
PAIR_SEPARATOR = " vs "


class AgreementSpan(NamedTuple):
    """One annotation as agreement sees it: [start, end) in code points of the document's text."""

    document: Hashable
    annotator: str
    label: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Interval:
    """A bootstrap confidence interval of one figure (see `agreement_bootstrap`).

    `low` and `high` are None when the interval is undefined: the figure itself is undefined, or
    it was undefined in more than `MAX_UNDEFINED_SHARE` of the resamples; `undefined` counts the
    resamples in which the figure could not be computed (left out of the percentiles)."""

    low: float | None
    high: float | None
    undefined: int


@dataclass(frozen=True, slots=True)
class Bootstrap:
    """How the intervals of a report were drawn."""

    resamples: int
    seed: int
    level: float  # 0.95: the interval runs from the 2.5th to the 97.5th percentile
    max_undefined_share: float


class NoteKind(StrEnum):
    """Why a figure is undefined (a reason code)."""

    NO_TOKENS = "no_tokens"
    SAME_CATEGORY = "same_category"
    NO_DOCUMENTS = "no_documents"
    SAME_CATEGORY_DOCUMENTS = "same_category_documents"
    NO_UNIT_PAIR = "no_unit_pair"
    ONE_CATEGORY = "one_category"
    NO_SPANS_BY = "no_spans_by"
    NO_SPANS_EITHER = "no_spans_either"


#: How each note is worded (English, the catalogue's msgid; `note_wording` translates).
NOTE_WORDING: dict[NoteKind, str] = {
    NoteKind.NO_TOKENS: N_("undefined: no tokens"),
    NoteKind.SAME_CATEGORY: N_("undefined: both gave every token the same category "
                               "(no expected disagreement)"),
    NoteKind.NO_DOCUMENTS: N_("undefined: no documents"),
    NoteKind.SAME_CATEGORY_DOCUMENTS: N_("undefined: both gave every document the same category "
                                         "(no expected disagreement)"),
    NoteKind.NO_UNIT_PAIR: N_("undefined: no unit has values from two annotators"),
    NoteKind.ONE_CATEGORY: N_("undefined: only one category in use (no expected disagreement)"),
    NoteKind.NO_SPANS_BY: N_("undefined: no spans by {annotator}"),
    NoteKind.NO_SPANS_EITHER: N_("undefined: no spans by either annotator"),
}

#: The note of a kappa over tokens when it is counted over documents instead.
_BY_DOCUMENT = {NoteKind.NO_TOKENS: NoteKind.NO_DOCUMENTS,
                NoteKind.SAME_CATEGORY: NoteKind.SAME_CATEGORY_DOCUMENTS}


class Note(str):
    """Why a figure is undefined: its `kind` (a NoteKind) and `annotator` (for NO_SPANS_BY). As a
    string it is the English record (reports, CSV and JSON keep it); what people read is worded by
    `note_wording`."""

    __slots__ = ("kind", "annotator")
    kind: NoteKind
    annotator: str

    def __new__(cls, kind: NoteKind, annotator: str = "") -> Note:
        made = super().__new__(cls, NOTE_WORDING[kind].format(annotator=annotator))
        made.kind = kind
        made.annotator = annotator
        return made

    def __reduce__(self) -> tuple[type[Note], tuple[NoteKind, str]]:
        return (Note, (self.kind, self.annotator))

    def by_document(self) -> Note:
        """The same note of a figure counted over documents rather than tokens."""
        return Note(_BY_DOCUMENT.get(self.kind, self.kind), self.annotator)


def note_wording(note: str) -> str:
    """A figure's note as the reader's language words it ("" stays "")."""
    if isinstance(note, Note):
        return _(NOTE_WORDING[note.kind]).format(annotator=note.annotator)
    return note


@dataclass(frozen=True, slots=True)
class Figure:
    """One agreement figure; `value` is None when undefined (then `note` says why)."""

    label: str  # a label name, or OVERALL
    measure: str  # one of MEASURES
    value: float | None
    units: int  # spans (span measures) or tokens (kappa, alpha) behind the figure
    annotators: tuple[str, ...]  # (reference, compared) for pairwise measures; all for alpha
    note: str = ""
    interval: Interval | None = None  # only when intervals were asked for


@dataclass(frozen=True, slots=True)
class AgreementReport:
    """Every figure, label by label (OVERALL first), measure by measure, pair by pair."""

    annotators: tuple[str, ...]
    labels: tuple[str, ...]
    documents: int  # documents counted
    tokens: int  # tokens in the counted documents
    figures: tuple[Figure, ...]
    bootstrap: Bootstrap | None = None  # set when the figures carry intervals

    def figure(self, label: str, measure: str, annotators: Sequence[str] | None = None) -> Figure:
        """The figure of `label` and `measure` (of the first pair unless `annotators` is given)."""
        for fig in self.figures:
            if fig.label == label and fig.measure == measure and (
                annotators is None or fig.annotators == tuple(annotators)
            ):
                return fig
        raise KeyError((label, measure, annotators))


# ----- coefficients ------------------------------------------------------------------------


def cohen_kappa(pairs: Mapping[tuple[Hashable, Hashable], int]) -> tuple[float | None, str]:
    """Cohen's kappa of a contingency table {(category by A, category by B): count}, and a note."""
    n = sum(pairs.values())
    if n == 0:
        return kappa_of_sums(0, 0, 0)
    rows: Counter[Hashable] = Counter()
    cols: Counter[Hashable] = Counter()
    agreed = 0
    for (a, b), count in pairs.items():
        rows[a] += count
        cols[b] += count
        if a == b:
            agreed += count
    chance = sum(rows[c] * cols[c] for c in rows)  # n^2 times the expected agreement
    return kappa_of_sums(n, agreed, chance)


def kappa_of_sums(n: int, agreed: int, chance: int) -> tuple[float | None, str]:
    """Kappa from n tokens, `agreed` of them in the same category, and `chance` = the sum over
    categories of (tokens A put there) x (tokens B put there); and a note when undefined."""
    if n == 0:
        return None, Note(NoteKind.NO_TOKENS)
    if n * n == chance:
        return None, Note(NoteKind.SAME_CATEGORY)
    return (n * agreed - chance) / (n * n - chance), ""


def krippendorff_alpha_nominal(
    units: Mapping[tuple[Hashable | None, ...], int] | Iterable[Sequence[Hashable | None]],
) -> tuple[float | None, int, str]:
    """Nominal alpha over units (each the values of every coder, None = missing): value, pairable
    units and a note. A mapping gives each distinct unit with how many times it occurs."""
    counted = units.items() if isinstance(units, Mapping) else ((u, 1) for u in units)
    coincidences_same = 0.0  # sum of o_cc
    totals: Counter[Hashable] = Counter()  # n_c
    pairable = 0
    for values, weight in counted:
        present = Counter(v for v in values if v is not None)
        m = sum(present.values())
        if m < 2 or weight == 0:
            continue
        pairable += weight
        for value, count in present.items():
            totals[value] += count * weight
            coincidences_same += weight * count * (count - 1) / (m - 1)
    return alpha_of_sums(pairable, coincidences_same, totals.values())


def alpha_of_sums(
    pairable: int, coincidences_same: float, totals: Iterable[int]
) -> tuple[float | None, int, str]:
    """Nominal alpha from the pairable units, the sum of the coincidences o_cc and the values
    n_c per category (each unit's values weighted as in `krippendorff_alpha_nominal`)."""
    totals = list(totals)
    n = sum(totals)
    if pairable == 0:
        return None, 0, Note(NoteKind.NO_UNIT_PAIR)
    expected = n * n - sum(c * c for c in totals)
    if expected == 0:
        return None, pairable, Note(NoteKind.ONE_CATEGORY)
    return 1 - (n - 1) * (n - coincidences_same) / expected, pairable, ""


# ----- spans -------------------------------------------------------------------------------

Groups = dict[tuple[int, int], list[tuple[int, int]]]  # (annotator, label) -> spans


def _hits(probes: Sequence[tuple[int, int]], targets: Sequence[tuple[int, int]]) -> int:
    """How many `probes` share at least one character with some span of `targets`."""
    ordered = sorted(targets)
    starts = [start for start, _ in ordered]
    reach = list(accumulate((end for _, end in ordered), max))  # furthest end so far
    found = 0
    for start, end in probes:
        before = bisect_left(starts, end)  # targets starting before the probe ends
        if before and reach[before - 1] > start:
            found += 1
    return found


def _tally_spans(groups: Groups, flags: Sequence[bool], tallies: list[list[list[int]]]) -> None:
    """Add one document's spans to the tallies of each annotator against the first."""
    for other in range(1, len(flags)):
        if not (flags[0] and flags[other]):
            continue
        for bit, tally in enumerate(tallies[other]):
            a, b = groups.get((0, bit), ()), groups.get((other, bit), ())
            tally[0] += len(a)
            tally[1] += len(b)
            if a and b:
                tally[2] += len(set(a).intersection(b))
                tally[3] += _hits(b, a)
                tally[4] += _hits(a, b)


def span_figures(label: str, pair: tuple[str, str], tally: Sequence[int]) -> list[Figure]:
    """The six span figures of B against A from (A spans, B spans, exact, B hits, A hits)."""
    na, nb, exact, b_hits, a_hits = tally
    figures = []
    for kind, hits_b, hits_a in (("exact", exact, exact), ("overlap", b_hits, a_hits)):
        precision = hits_b / nb if nb else None
        recall = hits_a / na if na else None
        if na == nb == 0:
            f1 = None
        elif precision is None or recall is None or precision + recall == 0:
            f1 = 0.0
        else:
            f1 = 2 * precision * recall / (precision + recall)
        figures += [
            Figure(label, f"precision_{kind}", precision, nb, pair,
                   "" if nb else Note(NoteKind.NO_SPANS_BY, pair[1])),
            Figure(label, f"recall_{kind}", recall, na, pair,
                   "" if na else Note(NoteKind.NO_SPANS_BY, pair[0])),
            Figure(label, f"f1_{kind}", f1, na + nb, pair,
                   "" if na + nb else Note(NoteKind.NO_SPANS_EITHER)),
        ]
    return figures


# ----- the report --------------------------------------------------------------------------


def _category(mask: int) -> int:
    """Index of the first label in the mask (codebook order), -1 for none."""
    return (mask & -mask).bit_length() - 1


def _token_table(
    index: TokenIndex, batch: Sequence[Hashable], present: Mapping[Hashable, Sequence[bool]],
    by_doc: Mapping[Hashable, Groups], n_annotators: int, n_labels: int,
    tables: dict[tuple[int | None, ...], int],
    rows_out: list[tuple[np.ndarray, np.ndarray, np.ndarray]] | None = None, first_doc: int = 0,
) -> None:
    """Add a batch of documents' tokens to `tables`: per annotator the mask of labels covering a
    token (None for an annotator who does not count in its document) -> number of tokens.

    With `rows_out`, also append the same per document (numbered from `first_doc` on): document
    numbers, masks (-1 for None, one column per annotator) and numbers of tokens."""
    import numpy as np  # loaded when figures are computed, not when the window starts
    numbers: list[int] = []
    slots: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    for number, doc in enumerate(batch):
        for (annotator, bit), spans in by_doc.get(doc, {}).items():
            numbers += [number] * len(spans)
            slots += [annotator * n_labels + bit] * len(spans)
            starts += [start for start, _ in spans]
            ends += [end for _, end in spans]
    first, stop = index.covered(np.array(numbers, dtype=np.int64),
                                np.array(starts, dtype=np.int64), np.array(ends, dtype=np.int64))
    slot_of = np.array(slots, dtype=np.int64)
    total = index.total
    columns = []  # per annotator and token: mask + 1, or 0 when the annotator does not count
    for annotator in range(n_annotators):
        mask = np.zeros(total, dtype=np.int64)
        for bit in range(n_labels):
            chosen = (slot_of == annotator * n_labels + bit) & (first < stop)
            if chosen.any():
                starting = np.bincount(first[chosen], minlength=total + 1)
                ending = np.bincount(stop[chosen], minlength=total + 1)
                mask |= (np.cumsum(starting - ending)[:total] > 0).astype(np.int64) << bit
        counts = np.array([present[doc][annotator] for doc in batch], dtype=bool)
        columns.append(np.where(np.repeat(counts, index.tokens_per_text), mask + 1, 0))
    base = (1 << n_labels) + 1
    if base**n_annotators < 1 << 62:  # one number per token: sort-free-ish and fast
        code = sum(column * base**a for a, column in enumerate(columns))
        values, weights = np.unique(code, return_counts=True)
        rows = [[(int(v) // base**a) % base for a in range(n_annotators)] for v in values]
    else:
        values, weights = np.unique(np.stack(columns, axis=1), axis=0, return_counts=True)
        rows = values.tolist()
    for row, weight in zip(rows, weights.tolist(), strict=True):
        key = tuple(None if digit == 0 else digit - 1 for digit in row)
        tables[key] = tables.get(key, 0) + weight
    if rows_out is not None:
        doc_of_token = np.repeat(np.arange(len(batch), dtype=np.int64), index.tokens_per_text)
        if base**n_annotators * max(len(batch), 1) < 1 << 62:
            code = doc_of_token * base**n_annotators + sum(
                column * base**a for a, column in enumerate(columns))
            values, weights = np.unique(code, return_counts=True)
            digits = np.stack([(values // base**a) % base for a in range(n_annotators)], axis=1)
            docs = values // base**n_annotators
        else:
            values, weights = np.unique(np.stack([doc_of_token, *columns], axis=1), axis=0,
                                        return_counts=True)
            docs, digits = values[:, 0], values[:, 1:]
        rows_out.append((docs + first_doc, digits.reshape(len(weights), n_annotators) - 1, weights))


@dataclass(frozen=True, slots=True)
class DocumentUnits:
    """What the figures are computed from, document by document (for intervals and per-document
    figures). Summed over the documents these give exactly the report's counts."""

    documents: tuple[Hashable, ...]  # the counted documents, in the order of `texts`
    tokens: np.ndarray  # (documents,) tokens of each
    #: (documents, annotators, labels, 5): per annotator against the first, per label: spans by
    #: the first, spans by the other, exact matches, the other's spans hitting, the first's hitting.
    span_tallies: np.ndarray
    #: Distinct token rows: the document number, the label mask of each annotator (-1 where the
    #: annotator does not count), and how many tokens of that document have these masks.
    row_documents: np.ndarray
    row_masks: np.ndarray
    row_tokens: np.ndarray


def compute_agreement(
    annotators: Sequence[str],
    labels: Sequence[str],
    spans: Iterable[AgreementSpan],
    texts: Mapping[Hashable, str],
    every_annotator_counts: bool = False,
) -> AgreementReport:
    """Agreement among `annotators` (the first is the reference) over the documents of `texts`.

    `labels` in codebook order; spans of other labels only show who worked which document. In a
    document an annotator counts when they annotated it (any label), or always when
    `every_annotator_counts`; pairwise figures use the documents where both count, alpha every
    document where two or more count (the others being missing values there).
    """
    return _agreement(annotators, labels, spans, texts, every_annotator_counts, False)[0]


def agreement_units(
    annotators: Sequence[str],
    labels: Sequence[str],
    spans: Iterable[AgreementSpan],
    texts: Mapping[Hashable, str],
    every_annotator_counts: bool = False,
) -> tuple[AgreementReport, DocumentUnits]:
    """`compute_agreement`'s report and the counts behind it, document by document."""
    report, units = _agreement(annotators, labels, spans, texts, every_annotator_counts, True)
    assert units is not None
    return report, units


def _agreement(
    annotators: Sequence[str],
    labels: Sequence[str],
    spans: Iterable[AgreementSpan],
    texts: Mapping[Hashable, str],
    every_annotator_counts: bool,
    keep_units: bool,
) -> tuple[AgreementReport, DocumentUnits | None]:
    names = tuple(annotators)
    if len(names) < 2 or len(set(names)) != len(names):
        raise ValueError("agreement needs two or more distinct annotators")
    if len(labels) > MAX_LABELS:
        raise ValueError(f"agreement compares at most {MAX_LABELS} labels at once")
    label_bit = {name: position for position, name in enumerate(labels)}
    who = {name: position for position, name in enumerate(names)}
    present = {doc: [every_annotator_counts] * len(names) for doc in texts}
    by_doc: dict[Hashable, Groups] = defaultdict(dict)
    grouped: dict[tuple[Hashable, str, str], list[tuple[int, int]]] = {}
    for doc, annotator, label, start, end in spans:  # one dict operation per span
        grouped.setdefault((doc, annotator, label), []).append((start, end))
    for (doc, annotator, label), found in grouped.items():
        flags = present.get(doc)
        if flags is None or annotator not in who:
            continue
        flags[who[annotator]] = True
        if label in label_bit:
            by_doc[doc][(who[annotator], label_bit[label])] = found
    documents = [doc for doc, flags in present.items() if sum(flags) >= 2]

    tables: dict[tuple[int | None, ...], int] = {}  # annotators' label masks -> tokens
    # Per compared annotator and label: A spans, B spans, exact, B hits, A hits.
    tallies = [[[0] * 5 for _ in labels] for _ in names]
    n_tokens = 0
    remaining = iter(documents)
    from annotator.domain.agreement_tokens import token_indices

    rows_out: list[tuple[np.ndarray, np.ndarray, np.ndarray]] | None = [] if keep_units else None
    doc_tallies: list[list[list[list[int]]]] = []
    doc_tokens: list[np.ndarray] = []
    for index in token_indices(texts[doc] for doc in documents):
        batch = list(islice(remaining, index.count))
        _token_table(index, batch, present, by_doc, len(names), len(labels), tables,
                     rows_out, len(doc_tallies))
        n_tokens += index.total
        if not keep_units:
            for doc in batch:
                _tally_spans(by_doc.get(doc, {}), present[doc], tallies)
            continue
        doc_tokens.append(index.tokens_per_text)
        for doc in batch:
            own = [[[0] * 5 for _ in labels] for _ in names]
            _tally_spans(by_doc.get(doc, {}), present[doc], own)
            doc_tallies.append(own)
            for total, mine in zip(tallies, own, strict=True):
                for tally, counts in zip(total, mine, strict=True):
                    for position, count in enumerate(counts):
                        tally[position] += count

    by_label: dict[str, list[Figure]] = {label: [] for label in (OVERALL, *labels)}
    for other in range(1, len(names)):
        pair = (names[0], names[other])
        overall = [sum(column) for column in zip(*tallies[other], strict=True)] or [0] * 5
        by_label[OVERALL] += span_figures(OVERALL, pair, overall)
        for label, tally in zip(labels, tallies[other], strict=True):
            by_label[label] += span_figures(label, pair, tally)
        for label in by_label:
            contingency: Counter[tuple[int, int]] = Counter()
            for masks_key, weight in tables.items():
                a, b = masks_key[0], masks_key[other]
                if a is None or b is None:
                    continue
                if label == OVERALL:
                    contingency[_category(a), _category(b)] += weight
                else:
                    bit = label_bit[label]
                    contingency[(a >> bit) & 1, (b >> bit) & 1] += weight
            kappa, note = cohen_kappa(contingency)
            units = sum(contingency.values())
            by_label[label].append(Figure(label, "cohen_kappa", kappa, units, pair, note))
    for label in by_label:
        values: Counter[tuple[int | None, ...]] = Counter()
        for masks_key, weight in tables.items():
            if label == OVERALL:
                values[tuple(None if m is None else _category(m) for m in masks_key)] += weight
            else:
                bit = label_bit[label]
                values[tuple(None if m is None else (m >> bit) & 1 for m in masks_key)] += weight
        alpha, units, note = krippendorff_alpha_nominal(values)
        by_label[label].append(Figure(label, "krippendorff_alpha", alpha, units, names, note))

    order = {measure: position for position, measure in enumerate(MEASURES)}
    figures = tuple(
        fig
        for label in by_label
        for fig in sorted(by_label[label], key=lambda f: order[f.measure])  # stable: pairs stay
    )
    report = AgreementReport(names, tuple(labels), len(documents), n_tokens, figures)
    if not keep_units:
        return report, None
    import numpy as np

    width = len(names)
    if rows_out:
        row_documents, row_masks, row_tokens = (
            np.concatenate(part) for part in zip(*rows_out, strict=True))
    else:
        row_documents, row_tokens = np.zeros(0, np.int64), np.zeros(0, np.int64)
        row_masks = np.zeros((0, width), np.int64)
    units = DocumentUnits(
        tuple(documents),
        np.concatenate(doc_tokens) if doc_tokens else np.zeros(0, np.int64),
        np.array(doc_tallies, dtype=np.int64).reshape(len(documents), width, len(labels), 5),
        row_documents, row_masks, row_tokens,
    )
    return report, units


# ----- rows for writers --------------------------------------------------------------------


def format_value(value: float | None) -> str:
    """A figure as written to CSV: shortest round-trip decimal, empty when undefined."""
    return "" if value is None else repr(float(value))


def report_columns(report: AgreementReport) -> tuple[str, ...]:
    """The columns of `report_rows`: an `annotators` column only when 3+ people are compared, and
    the interval's columns at the end when the report has intervals."""
    columns = (*CSV_COLUMNS, CSV_PAIR_COLUMN) if len(report.annotators) > 2 else CSV_COLUMNS
    return (*columns, *CSV_INTERVAL_COLUMNS) if report.bootstrap else columns


def report_rows(report: AgreementReport) -> Iterator[tuple[str, ...]]:
    """One row of text cells per figure, under `report_columns(report)`."""
    return (figure_cells(report, fig) for fig in report.figures)


def figure_cells(report: AgreementReport, fig: Figure) -> tuple[str, ...]:
    """The cells of one figure under `report_columns(report)`."""
    row: tuple[str, ...] = (fig.label, fig.measure, format_value(fig.value), str(fig.units))
    if len(report.annotators) > 2:
        row += (PAIR_SEPARATOR.join(fig.annotators),)
    if report.bootstrap:
        interval = fig.interval or Interval(None, None, 0)
        row += (format_value(interval.low), format_value(interval.high), str(interval.undefined))
    return row


# ----- document codes ------------------------------------------------------------------------


def document_code_agreement(
    annotators: Sequence[str],
    labels: Sequence[str],
    documents: Sequence[Hashable],
    codes: Iterable[tuple[Hashable, str, str]],
    every_document: bool = False,
) -> AgreementReport:
    """Agreement on document codes, label by label: the units are documents, a document's value
    for an annotator is whether they set the label on it (present or absent).

    `codes` are (document, annotator, label), of every document label (those not in `labels`
    only say who coded a document). An annotator who set no document code on a document is
    missing data there, unless `every_document` (the documents were chosen by name): then
    absence counts as absent. Documents counted: those with values from at least
    two annotators. Cohen's kappa compares each annotator with the first over the documents
    both have values for; Krippendorff's nominal alpha takes every annotator at once. The
    report's `tokens` is 0 and each figure's `units` counts documents.
    """
    chosen = set(labels)
    wanted = set(annotators)
    given: dict[Hashable, set[str]] = defaultdict(set)  # document -> annotators with a value
    present: set[tuple[Hashable, str, str]] = set()
    for document, annotator, label in codes:
        if annotator in wanted:
            given[document].add(annotator)
            if label in chosen:
                present.add((document, annotator, label))
    if every_document:
        given = {document: set(annotators) for document in documents}
    counted = [document for document in documents if len(given.get(document, ())) >= 2]
    figures: list[Figure] = []
    reference = annotators[0]
    for label in labels:
        for other in annotators[1:]:
            pairs: Counter[tuple[Hashable, Hashable]] = Counter(
                ((document, reference, label) in present, (document, other, label) in present)
                for document in counted if {reference, other} <= given[document]
            )
            value, note = cohen_kappa(pairs)
            figures.append(Figure(label, "cohen_kappa", value, sum(pairs.values()),
                                  (reference, other), note.by_document() if isinstance(note, Note) else note))
        units: Counter[tuple[bool | None, ...]] = Counter(
            tuple((document, name, label) in present if name in given[document] else None
                  for name in annotators)
            for document in counted
        )
        value, pairable, note = krippendorff_alpha_nominal(units)
        figures.append(Figure(label, "krippendorff_alpha", value, pairable, tuple(annotators),
                              note))
    return AgreementReport(tuple(annotators), tuple(labels), len(counted), 0, tuple(figures))
