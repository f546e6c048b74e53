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
from typing import NamedTuple

BY_CHOICES: tuple[str, ...] = ("document", "outlet", "month", "annotator")
CORPUS = "corpus"
UNKNOWN_OUTLET = "unknown"
UNDATED = "undated"
ALL_KEYS: tuple[str, ...] = ("group", "label", "annotator", "source")
_MONTH = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])")

Value = str | int | float


class StatDocument(NamedTuple):
    """What the statistics need of a document."""

    id: int
    title: str
    date: str | None
    outlet: str
    length: int


class LabelCount(NamedTuple):
    """One annotator's annotations of one label in one document, and the characters they cover."""

    document_id: int
    label: str
    annotator: str
    annotations: int
    covered: int


class LabelCoverage(NamedTuple):
    """Characters of a document covered by a label's spans, whoever made them."""

    document_id: int
    label: str
    covered: int


class StatSource(NamedTuple):
    """An annotation with a source-like label, and the text it covers (given in annotation order)."""

    id: int
    document_id: int
    annotator: str
    text: str


class StatLink(NamedTuple):
    """A link pointing at a source annotation; `from_claim`: it starts at a claim-like span."""

    relation: str
    from_id: int
    to_id: int
    from_claim: bool


@dataclass(frozen=True)
class StatsInput:
    """Everything the statistics are computed from; labels in codebook order."""

    documents: Sequence[StatDocument]
    labels: Sequence[str]
    counts: Sequence[LabelCount]
    coverage: Sequence[LabelCoverage]
    sources: Sequence[StatSource] = ()
    links: Sequence[StatLink] = ()
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


def compute_stats(data: StatsInput, by: str | None = None) -> list[StatTable]:
    """The tables `labels`, `label_annotators`, `sources` and `source_claims` for one grouping."""
    if by is not None and by not in BY_CHOICES:
        raise ValueError(f"unknown grouping {by!r}")
    docs = {d.id: d for d in data.documents}
    names = document_names(data.documents)
    if by is None:
        doc_groups = dict.fromkeys(docs, CORPUS)
    elif by == "document":
        doc_groups = names
    elif by == "outlet":
        doc_groups = {d.id: outlet_of(d.outlet) for d in data.documents}
    else:  # by month; by annotator the documents only say which annotations count
        doc_groups = {d.id: month_of(d.date) for d in data.documents}
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
    covered: Counter[tuple[str, str]] = Counter()
    for c in counts_in:
        group = c.annotator if per_annotator else doc_groups[c.document_id]
        by_annotator[group, c.label, c.annotator] += c.annotations
        if per_annotator:
            covered[group, c.label] += c.covered
    if not per_annotator:
        for cover in data.coverage:
            if cover.document_id in docs:
                covered[doc_groups[cover.document_id], cover.label] += cover.covered
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
    sources = [src for src in data.sources if src.document_id in docs]
    groups_of_sources = [s.annotator if per_annotator else doc_groups[s.document_id]
                         for s in sources]
    sources_rows, claims_rows = _source_tables(
        data, sources, groups_of_sources, groups, group_docs
    )
    return [
        StatTable("labels", "Annotations and share of text covered, by label",
                  ("group", "label"),
                  ("annotations", "covered_chars", "text_chars", "share_covered"),
                  tuple(labels_rows)),
        StatTable("label_annotators", "Annotations by label and annotator",
                  ("group", "label", "annotator"), ("annotations",), tuple(annotator_rows)),
        StatTable("sources", "Sources per article, claims and links per source",
                  ("group",),
                  ("documents", "source_annotations", "sources_per_document", "distinct_sources",
                   "distinct_sources_per_document", "claims_per_source", "links_per_source"),
                  tuple(sources_rows)),
        StatTable("source_claims", "Claims and links per source (normalised text)",
                  ("group", "source"), ("mentions", "claims", "links"), tuple(claims_rows)),
    ]


def _source_tables(
    data: StatsInput,
    source_list: list[StatSource],
    groups_of_sources: list[str],
    groups: list[str],
    group_docs: dict[str, set[int]],
) -> tuple[list[tuple[Value, ...]], list[tuple[Value, ...]]]:
    key_of: dict[int, str] = {}
    forms: dict[str, dict[str, int]] = {}  # sources come in annotation order: ties go to the first
    source_count: dict[str, int] = {}
    doc_keys: set[tuple[str, int, str]] = set()
    # (group, source key) -> [mentions, source annotation ids]
    per_source: dict[tuple[str, str], list] = {}
    for src, group in zip(source_list, groups_of_sources, strict=True):
        source_count[group] = source_count.get(group, 0) + 1
        form = " ".join(src.text.split())
        if not form:
            continue
        key = key_of[src.id] = form.casefold()
        seen = forms.get(key)
        if seen is None:
            seen = forms[key] = {}
        seen[form] = seen.get(form, 0) + 1
        doc_keys.add((group, src.document_id, key))
        entry = per_source.get((group, key))
        if entry is None:
            per_source[group, key] = [1, [src.id]]
        else:
            entry[0] += 1
            entry[1].append(src.id)
    claims_to: dict[int, set[int]] = defaultdict(set)
    links_to: dict[int, int] = {}
    attribution = data.attribution
    for relation, from_id, to_id, from_claim in data.links:
        if to_id in key_of:
            links_to[to_id] = links_to.get(to_id, 0) + 1
            if relation == attribution and from_claim:
                claims_to[to_id].add(from_id)
    totals: dict[tuple[str, str], tuple[int, int, int]] = {}
    for group_key, (n_mentions, ids) in per_source.items():
        n_links = sum(links_to.get(i, 0) for i in ids)
        claim_set: set[int] = set()
        for i in ids:
            if i in claims_to:
                claim_set |= claims_to[i]
        totals[group_key] = (n_mentions, len(claim_set), n_links)
    per_doc: Counter[str] = Counter(group for group, _doc, _key in doc_keys)
    by_group: dict[str, list[tuple[str, int, int, int]]] = defaultdict(list)
    for (group, key), (n_mentions, n_claims, n_links) in totals.items():
        by_group[group].append((key, n_mentions, n_claims, n_links))

    sources_rows: list[tuple[Value, ...]] = []
    claims_rows: list[tuple[Value, ...]] = []
    for group in groups:
        n_docs = len(group_docs[group])
        entries = by_group[group]
        distinct = len(entries)
        n_sources = source_count.get(group, 0)
        sources_rows.append((
            group, n_docs, n_sources, _mean(n_sources, n_docs), distinct,
            _mean(per_doc[group], n_docs), _mean(sum(e[2] for e in entries), distinct),
            _mean(sum(e[3] for e in entries), distinct),
        ))
        entries.sort(key=lambda e: (-e[2], -e[1], -e[3], e[0]))
        for key, n_mentions, n_claims, n_links in entries:
            seen = forms[key]
            claims_rows.append(
                (group, max(seen, key=seen.__getitem__), n_mentions, n_claims, n_links)
            )
    return sources_rows, claims_rows


def long_rows(tables: Sequence[StatTable], by: str | None) -> list[tuple[Value, ...]]:
    """Tables in long form: (table, by, group, label, annotator, source, measure, value)."""
    rows: list[tuple[Value, ...]] = []
    for table in tables:
        width = len(table.keys)
        for row in table.rows:
            keys = dict(zip(table.keys, row[:width], strict=True))
            head = (table.name, by or CORPUS, *(keys.get(k, "") for k in ALL_KEYS))
            rows.extend((*head, measure, value)
                        for measure, value in zip(table.measures, row[width:], strict=True))
    return rows


LONG_COLUMNS: tuple[str, ...] = ("table", "by", *ALL_KEYS, "measure", "value")
