"""Gold annotations of claims and sources, and how proposals are scored against them.

Gold comes from two places, read where they lie and never copied into the project:

- English: PolNeAR (brat standoff, ``shared/research-data/polnear``). Claims are the Content spans, sources
  the Source spans, links the Attribution events (E records joining Content and Source). The train texts are
  used; a document annotated by two people is scored against the first annotator file by name. A
  discontinuous span becomes one span per fragment, as the app's brat import makes them, except that
  fragments only blanks apart are one span (PolNeAR's annotation tool cut spans at its own sentence and line
  breaks, so a quotation of three sentences is stored as three fragments with nothing left out between
  them); every fragment of a Content keeps the links of the whole.
- French: ``benchmarks/suggest_gold/fr/<article_id>.tsv`` over the SemEval 2023 task 3 French articles. The
  first line is ``# sha256 <hex>`` of the text as the app stores it (UTF-8, byte order mark dropped, CRLF and
  CR made LF), then a header ``id label start end source``; a claim's ``source`` names the id of its source
  row. A file whose checksum or rows do not fit its text is refused and left out of the scores.

Matching is one-to-one, best overlap first. Overlap is the intersection over the length of the longer span.
Span edges are compared without blanks, quotation marks and a trailing , ; : on either side, since PolNeAR
spans take the quotation marks in and the app's claims leave them out. For the same reason a leading
complementizer ("that", "que", "qu'") is an edge on either side: PolNeAR's Content takes "that" in ("said
that the plan …"), while the French guideline and the app's claims start after it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
SHARED = BENCH_DIR.parent.parent / "shared" / "research-data"
POLNEAR = SHARED / "polnear" / "data" / "train"
FRENCH_TEXTS = SHARED / "semeval2023-task3-fr" / "data" / "fr" / "train-articles-subtask-3"
FRENCH_GOLD = BENCH_DIR / "suggest_gold" / "fr"
PTC_TEXTS = SHARED / "ptc-semeval2020-task11" / "datasets" / "train-articles"

_RECORD = re.compile(r"^[TERAMN#*]\d*\t")
_EDGE = set(" \t\n\u00a0\u202f«»“”\"'`‘’‹›")
_TRAILING = set(",;:")

Span = tuple[int, int]


@dataclass
class Gold:
    """One document's text and gold spans; `links[claim]` is the set of its sources' spans."""

    name: str
    text: str
    claims: list[Span] = field(default_factory=list)
    sources: list[Span] = field(default_factory=list)
    links: dict[Span, set[Span]] = field(default_factory=dict)


def normalise_text(raw: bytes) -> str:
    """Text as the app stores it: UTF-8, no byte order mark, LF line ends."""
    return raw.decode("utf-8").removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _parts(fragments: Sequence[Span], text: str) -> list[Span]:
    parts = [fragments[0]]
    for start, end in fragments[1:]:
        last_start, last_end = parts[-1]
        gap = text[last_end:start]
        if last_end <= start and not gap.strip():
            parts[-1] = (last_start, max(end, last_end))
        else:
            parts.append((start, end))
    return parts


def read_brat(text: str, ann: str, name: str) -> Gold:
    """Claims, sources and links from one brat .ann file (continuation lines skipped)."""
    spans: dict[str, tuple[str, list[Span]]] = {}
    events: list[dict[str, str]] = []
    for line in ann.split("\n"):
        if not _RECORD.match(line):
            continue
        fields = line.split("\t")
        if fields[0].startswith("T"):
            label, ranges = fields[1].split(" ", 1)
            fragments = [tuple(int(x) for x in part.split()) for part in ranges.split(";")]
            spans[fields[0]] = (label, _parts(fragments, text))
        elif fields[0].startswith("E"):
            events.append(dict(arg.split(":", 1) for arg in fields[1].split()))
    gold = Gold(name, text)
    for label, parts in spans.values():
        if label == "Content":
            gold.claims.extend(parts)
        elif label == "Source":
            gold.sources.extend(parts)
    for event in events:
        content, source = event.get("Content"), event.get("Source")
        if content in spans and source in spans:
            for part in spans[content][1]:
                gold.links.setdefault(part, set()).update(spans[source][1])
    gold.claims = sorted(set(gold.claims))
    gold.sources = sorted(set(gold.sources))
    return gold


def polnear_gold(folder: Path = POLNEAR) -> list[Gold]:
    """The PolNeAR train documents, each with its first annotator file by name."""
    out = []
    for text_path in sorted((folder / "text").glob("*.txt")):
        anns = sorted((folder / "attributions").glob(f"{text_path.stem}_*.ann"))
        if not anns:
            continue
        text = text_path.read_text(encoding="utf-8")
        out.append(read_brat(text, anns[0].read_text(encoding="utf-8"), text_path.stem))
    return out


class Refused(ValueError):
    """A gold file that does not fit its text."""


def read_gold_tsv(tsv: str, text: str, name: str) -> Gold:
    """One French gold file checked against its normalised text."""
    lines = tsv.replace("\r\n", "\n").split("\n")
    head = lines[0].split() if lines else []
    if len(head) != 3 or head[:2] != ["#", "sha256"]:
        raise Refused(f"{name}: first line is not '# sha256 <hex>'")
    actual = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if head[2].lower() != actual:
        raise Refused(f"{name}: sha256 {head[2]} does not match the article's text ({actual})")
    if len(lines) < 2 or lines[1].rstrip("\n").split("\t") != ["id", "label", "start", "end", "source"]:
        raise Refused(f"{name}: second line is not the header 'id label start end source'")
    rows: dict[str, tuple[str, Span, str]] = {}
    for number, line in enumerate(lines[2:], 3):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != 5:
            raise Refused(f"{name}, line {number}: {len(cells)} cells, expected 5")
        row_id, label, start, end, source = cells
        try:
            span = (int(start), int(end))
        except ValueError:
            raise Refused(f"{name}, line {number}: start and end must be integers") from None
        if label not in ("claim", "source"):
            raise Refused(f"{name}, line {number}: label {label!r} is neither claim nor source")
        if not 0 <= span[0] < span[1] <= len(text):
            raise Refused(f"{name}, line {number}: span {span} outside the text of {len(text)} characters")
        if row_id in rows:
            raise Refused(f"{name}, line {number}: id {row_id!r} used twice")
        rows[row_id] = (label, span, source.strip())
    gold = Gold(name, text)
    for row_id, (label, span, source) in rows.items():
        if label == "source":
            gold.sources.append(span)
            continue
        gold.claims.append(span)
        if source:
            if source not in rows or rows[source][0] != "source":
                raise Refused(f"{name}: claim {row_id} links to {source!r}, which is not a source row")
            gold.links.setdefault(span, set()).add(rows[source][1])
    gold.claims = sorted(set(gold.claims))
    gold.sources = sorted(set(gold.sources))
    return gold


def french_gold(gold_folder: Path = FRENCH_GOLD, texts: Path = FRENCH_TEXTS) -> tuple[list[Gold], list[str]]:
    """The French gold documents that fit their texts, and one refusal message per file that does not."""
    golds, refused = [], []
    for tsv_path in sorted(gold_folder.glob("*.tsv")) if gold_folder.is_dir() else []:
        article = texts / f"article{tsv_path.stem}.txt"
        try:
            if not article.is_file():
                raise Refused(f"{tsv_path.name}: no article{tsv_path.stem}.txt in {texts}")
            text = normalise_text(article.read_bytes())
            golds.append(read_gold_tsv(tsv_path.read_text(encoding="utf-8"), text, tsv_path.stem))
        except (Refused, UnicodeDecodeError) as exc:
            refused.append(str(exc))
    return golds, refused


_COMPLEMENTIZER = re.compile(r"(?:that|que)\s+|qu['’]")


def edges(text: str, span: Span) -> Span:
    """A span without blanks and quotation marks at its edges, nor a trailing , ; :, nor a leading
    complementizer."""
    start, end = span
    while start < end and text[start] in _EDGE:
        start += 1
    lead = _COMPLEMENTIZER.match(text, start, end)
    if lead and lead.end() < end:
        start = lead.end()
        while start < end and text[start] in _EDGE:
            start += 1
    while end > start and (text[end - 1] in _EDGE or text[end - 1] in _TRAILING):
        end -= 1
    return (start, end) if end > start else span


def overlap(a: Span, b: Span) -> float:
    """Intersection over the length of the longer span."""
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return max(0, inter) / max(a[1] - a[0], b[1] - b[0])


def match(gold: Sequence[Span], proposed: Sequence[Span], threshold: float) -> dict[int, int]:
    """One-to-one matching, best overlap first: proposed index -> gold index (threshold 1.0 = exact)."""
    pairs = []
    for pi, p in enumerate(proposed):
        for gi, g in enumerate(gold):
            if g[0] >= p[1] or p[0] >= g[1]:
                continue
            score = 1.0 if p == g else overlap(p, g)
            if score >= threshold:
                pairs.append((-score, pi, gi))
    pairs.sort()
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = {}
    for _, pi, gi in pairs:
        if pi in used_p or gi in used_g:
            continue
        used_p.add(pi)
        used_g.add(gi)
        out[pi] = gi
    return out


@dataclass
class Tally:
    """Counts over documents for one kind at one threshold."""

    proposed: int = 0
    gold: int = 0
    matched: int = 0

    def add(self, proposed: int, gold: int, matched: int) -> None:
        self.proposed += proposed
        self.gold += gold
        self.matched += matched

    @property
    def precision(self) -> float:
        return self.matched / self.proposed if self.proposed else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Scores:
    """Claims and sources at exact match and at overlap >= 0.8, and links."""

    claims_exact: Tally = field(default_factory=Tally)
    claims_overlap: Tally = field(default_factory=Tally)
    sources_exact: Tally = field(default_factory=Tally)
    sources_overlap: Tally = field(default_factory=Tally)
    links_checked: int = 0
    links_right: int = 0
    documents: int = 0

    @property
    def link_accuracy(self) -> float:
        return self.links_right / self.links_checked if self.links_checked else 0.0


OVERLAP = 0.8


def score(golds: Iterable[Gold], propose, language: str) -> Scores:
    """Score `propose(text, language)` over `golds`."""
    scores = Scores()
    for gold in golds:
        text = gold.text
        proposals = propose(text, language)
        claims = [(i, edges(text, (p.start, p.end))) for i, p in enumerate(proposals) if p.kind == "claim"]
        sources = [edges(text, (p.start, p.end)) for p in proposals if p.kind == "source"]
        gold_claims = [edges(text, s) for s in gold.claims]
        gold_sources = [edges(text, s) for s in gold.sources]
        claim_spans = [span for _, span in claims]
        exact = match(gold_claims, claim_spans, 1.0)
        loose = match(gold_claims, claim_spans, OVERLAP)
        scores.claims_exact.add(len(claims), len(gold_claims), len(exact))
        scores.claims_overlap.add(len(claims), len(gold_claims), len(loose))
        for tally, threshold in ((scores.sources_exact, 1.0), (scores.sources_overlap, OVERLAP)):
            tally.add(len(sources), len(gold_sources), len(match(gold_sources, sources, threshold)))
        for pi, gi in loose.items():
            true_sources = gold.links.get(gold.claims[gi])
            if not true_sources:
                continue
            scores.links_checked += 1
            link = proposals[claims[pi][0]].source
            if link is None:
                continue
            got = (proposals[link].start, proposals[link].end)
            if any(got[0] < s[1] and s[0] < got[1] for s in true_sources):
                scores.links_right += 1
        scores.documents += 1
    return scores
