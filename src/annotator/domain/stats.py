"""Corpus statistics: annotations by label and annotator, coverage, sources, claims and links.

Pure computations over plain rows read by services/stats.py. Definitions (see also the README):

- A group is the whole corpus ("corpus"), a document, an outlet ("unknown" when empty), a month
  of the document date (YYYY-MM; "undated" without a month) or an annotator.
- share_covered of a label = characters covered by the union of that label's spans / text length,
  summed over the group's documents (sum covered / sum length). Grouped by annotator, only that
  annotator's spans count and the documents are those the annotator annotated.
- Sources are annotations with a source-like label, claims those with a claim-like label (from
  the codebook's link rules, else the labels named "source" and "claim"). A source's text is
  normalised (case folded, whitespace collapsed) so "Élisabeth  Borne" and "élisabeth borne" are one
  source, shown under its most frequent spelling in the corpus (ties: the earliest annotated).
  sources_per_document = source annotations / documents; distinct_sources_per_document =
  mean over the documents of their number of distinct source texts.
- claims of a source = distinct claim annotations attributed to any of its mentions (links of the
  attribution relation, claim -> source); links of a source = links of any relation pointing at
  any of its mentions. claims_per_source and links_per_source average these over distinct sources.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import repeat
from operator import itemgetter
from typing import NamedTuple, TypeVar

from annotator.i18n import N_, _

BY_CHOICES: tuple[str, ...] = ("document", "outlet", "month", "annotator")
CORPUS = "corpus"
UNKNOWN_OUTLET = "unknown"
UNDATED = "undated"
ALL_KEYS: tuple[str, ...] = ("group", "label", "annotator", "source")
_MONTH = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])")

Value = str | int | float
K = TypeVar("K")

#: The title of each table (English, the catalogue's msgid; `table_title` translates it).
TABLE_TITLES: dict[str, str] = {
    "labels": N_("Annotations and share of text covered, by label"),
    "label_annotators": N_("Annotations by label and annotator"),
    "sources": N_("Sources per article, claims and links per source"),
    "source_claims": N_("Claims and links per source (normalised text)"),
}

#: The heading each column is shown under: in English its key (as in the CSV, which keeps the
#: keys in every language); `column_heading` translates it.
COLUMN_HEADINGS: dict[str, str] = {
    "group": N_("group"),
    "label": N_("label"),
    "annotator": N_("annotator"),
    "source": N_("source"),
    "annotations": N_("annotations"),
    "covered_chars": N_("covered_chars"),
    "text_chars": N_("text_chars"),
    "share_covered": N_("share_covered"),
    "documents": N_("documents"),
    "source_annotations": N_("source_annotations"),
    "sources_per_document": N_("sources_per_document"),
    "distinct_sources": N_("distinct_sources"),
    "distinct_sources_per_document": N_("distinct_sources_per_document"),
    "claims_per_source": N_("claims_per_source"),
    "links_per_source": N_("links_per_source"),
    "mentions": N_("mentions"),
    "claims": N_("claims"),
    "links": N_("links"),
}


class StatDocument(NamedTuple):
    """What the statistics need of a document."""

    id: int
    title: str
    date: str | None
    outlet: str
    length: int


class LabelCount(NamedTuple):
    """One annotator's annotations of one label in one document."""

    document_id: int
    label: str
    annotator: str
    annotations: int


class LabelCoverage(NamedTuple):
    """Characters of a document covered by a label's spans: one annotator's, or anyone's (None)."""

    document_id: int
    label: str
    annotator: str | None
    covered: int


#: A source-like annotation: (annotation id, document id, annotator, covered text).
SourceRow = tuple[int, int, str, str]
#: A link pointing at a source annotation: (relation, from id, to id, starts at a claim-like span).
LinkRow = tuple[str, int, int, bool]


@dataclass(frozen=True)
class StatsInput:
    """Everything the statistics are computed from; labels in codebook order.

    `coverage` holds anyone's coverage (annotator None) per document and label, and each
    annotator's as well when the statistics are grouped by annotator. `sources` come in annotation
    order (plain tuples: 100,000 records are built much faster that way).
    """

    documents: Sequence[StatDocument]
    labels: Sequence[str]
    counts: Sequence[LabelCount]
    coverage: Sequence[LabelCoverage]
    sources: Sequence[SourceRow] = ()
    links: Sequence[LinkRow] = ()
    attribution: str = "attributed_to"


@dataclass(frozen=True, slots=True)
class StatTable:
    """One table: key columns (a subset of ALL_KEYS, in that order), then measure columns."""

    name: str
    title: str
    keys: tuple[str, ...]
    measures: tuple[str, ...]
    rows: tuple[tuple[Value, ...], ...]

    @property
    def columns(self) -> tuple[str, ...]:
        """Key columns then measures."""
        return self.keys + self.measures


def table_title(table: StatTable) -> str:
    """The table's title as the reader's language words it."""
    return _(TABLE_TITLES[table.name]) if table.name in TABLE_TITLES else table.title


def counted_line(include_rejected: bool) -> str:
    """What the figures count, in one line (the command's table output and the window's caption)."""
    if include_rejected:
        return _("Counted: every annotator's annotations, rejected ones included")
    return _("Counted: every annotator's annotations, rejected ones left out")


def column_heading(column: str) -> str:
    """The heading of a column (a key of the CSV) as the reader's language words it."""
    return _(COLUMN_HEADINGS[column]) if column in COLUMN_HEADINGS else column


def month_of(date: str | None) -> str:
    """YYYY-MM of a document date, or "undated"."""
    return date[:7] if date and _MONTH.match(date) else UNDATED


def outlet_of(outlet: str | None) -> str:
    """The outlet's name, or "unknown"."""
    return (outlet or "").strip() or UNKNOWN_OUTLET


def normalise_source(text: str) -> str:
    """The key sources are grouped by: case folded, whitespace collapsed."""
    return " ".join(text.split()).casefold()


def covered_length(spans: Iterable[tuple[int, int]]) -> int:
    """Characters covered by the union of [start, end) spans."""
    total = 0
    reach = -1
    for start, end in sorted(spans):
        if end <= reach:
            continue
        total += end - max(start, reach)
        reach = end
    return total


def union_coverage(
    spans: Iterable[tuple[int, K, str | None, int, int]],
) -> list[tuple[int, K, str | None, int]]:
    """(document, label, annotator, covered) per run of (document, label, annotator, start, end).

    The spans must come sorted by document, label and annotator, then start: each span adds what
    reaches beyond the furthest end seen before it in its run. One pass, no sorting.
    """
    found: list[tuple[int, K, str | None, int]] = []
    doc = label = who = None
    total, reach = 0, -1
    for d, lab, a, start, end in spans:
        if d != doc or lab != label or a != who:
            if doc is not None:
                found.append((doc, label, who, total))
            doc, label, who, total, reach = d, lab, a, 0, -1
        if end > reach:
            total += end - (start if start > reach else reach)
            reach = end
    if doc is not None:
        found.append((doc, label, who, total))
    return found


def document_names(documents: Sequence[StatDocument]) -> dict[int, str]:
    """A group name per document: its title, with its id added when titles repeat."""
    seen = Counter(doc.title for doc in documents)
    return {d.id: d.title if seen[d.title] == 1 else f"{d.title} [{d.id}]" for d in documents}


def _group_order(by: str | None, names: Iterable[str]) -> list[str]:
    unique = list(dict.fromkeys(names))
    if by == "outlet":
        return sorted(unique, key=lambda n: (n == UNKNOWN_OUTLET, n.casefold()))
    if by == "month":
        return sorted(unique, key=lambda n: (n == UNDATED, n))
    if by == "annotator":
        return sorted(unique, key=str.casefold)
    return unique  # corpus, or documents in the order given


def _mean(total: float, count: int) -> float:
    return total / count if count else 0.0


def _document_groups(documents: Sequence[StatDocument], by: str | None) -> dict[int, str]:
    """The group of each document (by annotator: unused, every document is in the corpus)."""
    if by == "document":
        return document_names(documents)
    if by == "outlet":
        return {d.id: outlet_of(d.outlet) for d in documents}
    if by == "month":
        return {d.id: month_of(d.date) for d in documents}
    return dict.fromkeys((d.id for d in documents), CORPUS)


def compute_stats(data: StatsInput, by: str | None = None) -> list[StatTable]:
    """The tables `labels`, `label_annotators`, `sources` and `source_claims` for one grouping."""
    if by is not None and by not in BY_CHOICES:
        raise ValueError(f"unknown grouping {by!r}")
    docs = {d.id: d for d in data.documents}
    doc_groups = _document_groups(data.documents, by)
    per_annotator = by == "annotator"
    counts_in = [c for c in data.counts if c.document_id in docs]
    # The documents of each group (by annotator: those the annotator annotated).
    group_docs: dict[str, set[int]] = defaultdict(set)
    if per_annotator:
        for count in counts_in:
            group_docs[count.annotator].add(count.document_id)
        groups = _group_order(by, group_docs)
    else:
        for document_id, group in doc_groups.items():
            group_docs[group].add(document_id)
        groups = _group_order(by, [doc_groups[d.id] for d in data.documents]) or [CORPUS]

    by_annotator: Counter[tuple[str, str, str]] = Counter()
    for c in counts_in:
        group = c.annotator if per_annotator else doc_groups[c.document_id]
        by_annotator[group, c.label, c.annotator] += c.annotations
    covered: Counter[tuple[str, str]] = Counter()
    for cover in data.coverage:
        if cover.document_id not in docs or (cover.annotator is None) == per_annotator:
            continue
        group = cover.annotator if per_annotator else doc_groups[cover.document_id]
        covered[group, cover.label] += cover.covered
    counts: Counter[tuple[str, str]] = Counter()
    for (group, label, _name), n in by_annotator.items():
        counts[group, label] += n

    labels_rows = []
    for group in groups:
        length = sum(docs[d].length for d in group_docs[group])
        for label in data.labels:
            chars = covered[group, label]
            labels_rows.append((group, label, counts[group, label], chars, length,
                                _mean(chars, length)))
    annotator_names = sorted({c.annotator for c in counts_in}, key=str.casefold)
    annotator_rows = [
        (group, label, name, by_annotator[group, label, name])
        for group in groups
        for label in data.labels
        for name in annotator_names
        if (group, label, name) in by_annotator
    ]
    sources = data.sources
    if any(src[1] not in docs for src in sources):
        sources = [src for src in sources if src[1] in docs]
    sources_rows, claims_rows = _source_tables(
        data, sources, None if per_annotator else doc_groups, groups, group_docs
    )
    return [
        StatTable("labels", TABLE_TITLES["labels"],
                  ("group", "label"),
                  ("annotations", "covered_chars", "text_chars", "share_covered"),
                  tuple(labels_rows)),
        StatTable("label_annotators", TABLE_TITLES["label_annotators"],
                  ("group", "label", "annotator"), ("annotations",), tuple(annotator_rows)),
        StatTable("sources", TABLE_TITLES["sources"],
                  ("group",),
                  ("documents", "source_annotations", "sources_per_document", "distinct_sources",
                   "distinct_sources_per_document", "claims_per_source", "links_per_source"),
                  tuple(sources_rows)),
        StatTable("source_claims", TABLE_TITLES["source_claims"],
                  ("group", "source"), ("mentions", "claims", "links"), tuple(claims_rows)),
    ]


def _spellings(texts: Sequence[str]) -> tuple[list[str], list[str], dict[str, str]]:
    """(spelling, key) of each text (whitespace collapsed, then also case folded), and the key of
    each distinct spelling. Each distinct text is normalised once, each spelling folded once."""
    form_of = {text: " ".join(text.split()) for text in set(texts)}
    key_of = {form: form.casefold() for form in set(form_of.values())}
    forms = list(map(form_of.__getitem__, texts))
    return forms, list(map(key_of.__getitem__, forms)), key_of


def _shown_spellings(
    keys: Sequence[str], forms: Sequence[str], key_of: dict[str, str]
) -> dict[str, str]:
    """The spelling each key is shown under: its most frequent, ties going to the first seen."""
    shown = {key: form for form, key in key_of.items()}
    if len(shown) == len(key_of):  # one spelling per key: nothing to choose
        return shown
    best: dict[str, tuple[int, str]] = {}
    for (key, form), n in Counter(zip(keys, forms, strict=True)).items():  # in order first seen
        seen = best.get(key)
        if seen is None or n > seen[0]:
            best[key] = (n, form)
    return {key: form for key, (_n, form) in best.items()}


def _ranking(
    groups: Sequence[str],
    group_col: Sequence[str],
    key_col: Sequence[str],
    n_claims: Sequence[int],
    n_mentions: Sequence[int],
    n_links: Sequence[int],
) -> list[int]:
    """Positions of the sources in table order: by group, most claims, mentions, links, then text.

    Two stable sorts on plain keys (the text, then one whole number folding the figures) are
    several times faster than one sort on tuples.
    """
    order = sorted(range(len(key_col)), key=key_col.__getitem__)
    top = max(max(n_claims, default=0), max(n_mentions, default=0), max(n_links, default=0))
    base = top + 1  # each figure becomes a digit top - figure, from 0 to top
    position = {group: n for n, group in enumerate(groups)}
    rank = [((position[g] * base + top - c) * base + top - m) * base + top - k
            for g, c, m, k in zip(group_col, n_claims, n_mentions, n_links, strict=True)]
    order.sort(key=rank.__getitem__)
    return order


def _source_tables(
    data: StatsInput,
    sources: Sequence[SourceRow],
    doc_groups: dict[int, str] | None,
    groups: list[str],
    group_docs: dict[str, set[int]],
) -> tuple[list[tuple[Value, ...]], list[tuple[Value, ...]]]:
    """The `sources` and `source_claims` rows; by annotator when `doc_groups` is None.

    Counting goes through Counter, zip and map over whole columns rather than a Python loop per
    annotation: the corpus may hold tens of thousands of sources.
    """
    ids, doc_ids, annotators, texts = zip(*sources, strict=True) if sources else ((),) * 4
    group_of = annotators if doc_groups is None else list(map(doc_groups.__getitem__, doc_ids))
    source_count = Counter(group_of)
    forms, keys, key_of = _spellings(texts)
    if "" in keys:  # spans of white space only are no source
        kept = [i for i, key in enumerate(keys) if key]
        ids, doc_ids, group_of, forms, keys = (
            [column[i] for i in kept] for column in (ids, doc_ids, group_of, forms, keys)
        )
    pairs = list(zip(group_of, keys, strict=True))
    mentions = Counter(pairs)
    per_doc = Counter(map(itemgetter(0), set(zip(group_of, doc_ids, keys, strict=True))))
    shown = _shown_spellings(keys, forms, key_of)
    pair_of = dict(zip(ids, pairs, strict=True))
    links = Counter(map(pair_of.get, map(itemgetter(2), data.links)))
    links.pop(None, None)
    attribution = data.attribution
    claim_pairs = {(pair_of[to_id], from_id) for relation, from_id, to_id, from_claim in data.links
                   if from_claim and relation == attribution and to_id in pair_of}
    claims = Counter(map(itemgetter(0), claim_pairs))

    distinct = list(mentions)
    group_col, key_col = zip(*distinct, strict=True) if distinct else ((), ())
    n_mentions = list(mentions.values())
    n_claims = list(map(claims.get, distinct, repeat(0)))
    n_links = list(map(links.get, distinct, repeat(0)))
    unsorted = list(zip(group_col, map(shown.__getitem__, key_col), n_mentions, n_claims, n_links,
                        strict=True))
    claims_rows: list[tuple[Value, ...]] = list(map(unsorted.__getitem__, _ranking(
        groups, group_col, key_col, n_claims, n_mentions, n_links
    )))
    distinct_of = Counter(group_col)
    claims_of: Counter[str] = Counter()
    links_of: Counter[str] = Counter()
    for (group, _key), n in claims.items():
        claims_of[group] += n
    for (group, _key), n in links.items():
        links_of[group] += n
    sources_rows: list[tuple[Value, ...]] = []
    for group in groups:
        n_docs = len(group_docs[group])
        n_distinct = distinct_of.get(group, 0)
        n_sources = source_count.get(group, 0)
        sources_rows.append((
            group, n_docs, n_sources, _mean(n_sources, n_docs), n_distinct,
            _mean(per_doc.get(group, 0), n_docs), _mean(claims_of.get(group, 0), n_distinct),
            _mean(links_of.get(group, 0), n_distinct),
        ))
    return sources_rows, claims_rows


def long_rows(tables: Sequence[StatTable], by: str | None) -> list[tuple[Value, ...]]:
    """Tables in long form: (table, by, group, label, annotator, source, measure, value)."""
    rows: list[tuple[Value, ...]] = []
    for table in tables:
        width = len(table.keys)
        where = [table.keys.index(k) if k in table.keys else None for k in ALL_KEYS]
        measures = list(enumerate(table.measures, width))
        for row in table.rows:
            head = (table.name, by or CORPUS, *("" if i is None else row[i] for i in where))
            rows.extend((*head, measure, row[i]) for i, measure in measures)
    return rows


LONG_COLUMNS: tuple[str, ...] = ("table", "by", *ALL_KEYS, "measure", "value")
