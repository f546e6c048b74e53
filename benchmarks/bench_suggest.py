"""Suggested quotations and speakers: quality against gold attributions, and speed against a regex floor.

    PYTHONPATH=src python benchmarks/bench_suggest.py [--out FILE]

Quality (see `suggest_scoring` for the gold and the matching): per language, precision, recall and F1 of
claims and of sources at exact match and at overlap >= 0.8, and link accuracy (the suggested source of a
claim found at overlap >= 0.8 overlaps one of its true sources). English is scored on the PolNeAR train
sample, French on benchmarks/suggest_gold/fr when its files are there.

Speed: one article of 1 MB per language made of the sample articles end to end, and 1,000 articles (the
sample articles in turn, language detected each time), each against a floor measured in the same run on the
same text: one regex pass over its words. Language detection is checked on every sample article whose
language is known. The script reports and never gates: it exits 0 whatever the results.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import suggest_scoring as scoring  # noqa: E402
from bench_common import Row, median, na_row, progress, ratio, seconds, verdict  # noqa: E402

TARGET_PRECISION = 0.85
TARGET_F1 = 0.75
TARGET_LINKS = 0.80
TARGET_MB_S = 1.0
TARGET_1000_S = 60.0
REPEATS = 3
_FLOOR = re.compile(r"\w+")


def _floor(text: str) -> int:
    return sum(1 for _ in _FLOOR.finditer(text))


def _pct(value: float) -> str:
    return f"{value:.2f}"


def quality_rows(language: str, scores: scoring.Scores) -> list[Row]:
    """Rows of one language's scores."""
    rows = []
    for kind, exact, loose in (("claims", scores.claims_exact, scores.claims_overlap),
                               ("sources", scores.sources_exact, scores.sources_overlap)):
        for name, tally in (("exact", exact), ("overlap >= 0.8", loose)):
            passed = tally.precision >= TARGET_PRECISION and (
                kind == "sources" or name == "exact" or tally.f1 >= TARGET_F1)
            target = f"P >= {TARGET_PRECISION}" + (f", F1 >= {TARGET_F1}"
                                                   if kind == "claims" and name != "exact" else "")
            rows.append(Row(
                f"{language} {kind}, {name}: P / R / F1 ({tally.matched} of {tally.proposed} proposed, "
                f"{tally.gold} gold)",
                f"{_pct(tally.precision)} / {_pct(tally.recall)} / {_pct(tally.f1)}", "-", "-", target,
                verdict(passed)))
    rows.append(Row(f"{language} link accuracy ({scores.links_right} of {scores.links_checked} claims found)",
                    _pct(scores.link_accuracy), "-", "-", f">= {TARGET_LINKS}",
                    verdict(scores.link_accuracy >= TARGET_LINKS)))
    return rows


HELD_OUT = scoring.POLNEAR.parent / "annotator-training"


def held_out_golds(folder: Path = HELD_OUT) -> dict[str, list[scoring.Gold]]:
    """PolNeAR's annotator-training texts (never looked at while writing the rules), one list of golds per
    annotator: every annotator marked the same texts."""
    out: dict[str, list[scoring.Gold]] = {}
    for ann in sorted((folder / "attributions").glob("*.ann")):
        stem, annotator = ann.stem.rsplit("_", 1)
        text_path = folder / "text" / f"{stem}.txt"
        if text_path.is_file():
            text = text_path.read_text(encoding="utf-8")
            out.setdefault(annotator, []).append(
                scoring.read_brat(text, ann.read_text(encoding="utf-8"), stem))
    return out


def held_out_rows(per_annotator: dict[str, scoring.Scores]) -> list[Row]:
    """Claims and sources at overlap >= 0.8 and link accuracy, scored against each annotator in turn and
    averaged (precision, recall and F1 are each the mean over annotators)."""
    count = len(per_annotator)
    name = f"en (held-out annotator-training, mean of {count} annotators)"

    texts = max(scores.documents for scores in per_annotator.values())
    rows = []
    for kind in ("claims", "sources"):
        tallies = [getattr(scores, f"{kind}_overlap") for scores in per_annotator.values()]
        p = sum(tally.precision for tally in tallies) / count
        r = sum(tally.recall for tally in tallies) / count
        f = sum(tally.f1 for tally in tallies) / count
        passed = p >= TARGET_PRECISION and (kind == "sources" or f >= TARGET_F1)
        target = f"P >= {TARGET_PRECISION}" + (f", F1 >= {TARGET_F1}" if kind == "claims" else "")
        rows.append(Row(f"{name} {kind}, overlap >= 0.8: P / R / F1 ({texts} texts)",
                        f"{_pct(p)} / {_pct(r)} / {_pct(f)}", "-", "-", target, verdict(passed)))
    links = sum(scores.link_accuracy for scores in per_annotator.values()) / count
    rows.append(Row(f"{name} link accuracy", _pct(links), "-", "-", f">= {TARGET_LINKS}",
                    verdict(links >= TARGET_LINKS)))
    return rows


def _texts() -> dict[str, list[str]]:
    """The sample articles of each language, read as the app stores them."""
    english = [path.read_text(encoding="utf-8") for path in sorted((scoring.POLNEAR / "text").glob("*.txt"))]
    english += [scoring.normalise_text(path.read_bytes()) for path in sorted(scoring.PTC_TEXTS.glob("*.txt"))]
    french = [scoring.normalise_text(path.read_bytes())
              for path in sorted(scoring.FRENCH_TEXTS.glob("article*.txt"))]
    return {"en": [t for t in english if t.strip()], "fr": [t for t in french if t.strip()]}


def _timed(function, *args) -> float:
    began = time.perf_counter()
    function(*args)
    return time.perf_counter() - began


def speed_rows(texts: dict[str, list[str]]) -> tuple[list[Row], list[str]]:
    """1 MB article per language and 1,000 articles, each against the regex floor."""
    from annotator.domain.suggest import propose

    rows, notes = [], []
    for language, articles in texts.items():
        if not articles:
            rows.append(na_row(f"{language}: 1 MB article", f"<= {TARGET_MB_S:.0f} s", "no sample articles"))
            continue
        parts, size = [], 0
        while size < 1_000_000:
            for article in articles:
                parts.append(article)
                size += len(article.encode("utf-8")) + 2
                if size >= 1_000_000:
                    break
        big = "\n\n".join(parts)
        progress(f"suggest: {language} article of {len(big.encode('utf-8')) / 1e6:.2f} MB")
        measured, floor = [], []
        for _ in range(REPEATS):
            measured.append(_timed(propose, big, language))
            floor.append(_timed(_floor, big))
        found = len(propose(big, language))
        t_measured, t_floor = median(measured), median(floor)
        megabytes = len(big.encode("utf-8")) / 1e6
        rows.append(Row(f"{language}: one article of {megabytes:.2f} MB, {found:,} proposals "
                        f"(median of {REPEATS})", seconds(t_measured), seconds(t_floor),
                        f"{ratio(t_measured, t_floor):.1f}", f"<= {TARGET_MB_S:.0f} s",
                        verdict(t_measured <= TARGET_MB_S)))
    pool = [text for articles in texts.values() for text in articles]
    if not pool:
        return rows + [na_row("1,000 articles", f"<= {TARGET_1000_S:.0f} s", "no sample articles")], notes
    batch = [pool[i % len(pool)] for i in range(1000)]
    sizes = sum(len(text) for text in batch)
    progress("suggest: 1,000 articles")
    began = time.perf_counter()
    for text in batch:
        propose(text)
    t_measured = time.perf_counter() - began
    began = time.perf_counter()
    for text in batch:
        _floor(text)
    t_floor = time.perf_counter() - began
    rows.append(Row(f"1,000 articles ({sizes / 1e6:.1f} M characters, language detected each time)",
                    seconds(t_measured), seconds(t_floor), f"{ratio(t_measured, t_floor):.1f}",
                    f"<= {TARGET_1000_S:.0f} s", verdict(t_measured <= TARGET_1000_S)))
    notes.append("speed floor: one pass of re.finditer(r'\\w+') over the same text, counting words")
    return rows, notes


def language_rows(texts: dict[str, list[str]]) -> list[Row]:
    """How often the detected language is the article's own."""
    from annotator.domain.suggest import detect_language

    rows = []
    for language, articles in texts.items():
        if not articles:
            continue
        right = sum(detect_language(text) == language for text in articles)
        short = sum(detect_language(text[:300]) == language for text in articles)
        rows.append(Row(f"{language}: language detected ({len(articles)} articles; first 300 characters)",
                        f"{right}/{len(articles)}; {short}/{len(articles)}", "-", "-", "all",
                        verdict(right == len(articles))))
    return rows


def run(work: Path | None = None) -> tuple[list[Row], list[str]]:
    """Every row and note of this benchmark (`work` is unused: nothing is written)."""
    from annotator.domain.suggest import propose

    rows: list[Row] = []
    notes: list[str] = []
    if scoring.POLNEAR.is_dir():
        golds = scoring.polnear_gold()
        progress(f"suggest: scoring {len(golds)} PolNeAR documents")
        rows += quality_rows("en", scoring.score(golds, propose, "en"))
        notes.append(f"en gold: PolNeAR train sample, {len(golds)} documents (first annotator file by name), "
                     "Content = claim, Source = source, Attribution events = links; discontinuous spans "
                     "scored one fragment at a time (fragments only blanks apart are one span); a leading "
                     "'that' is an edge like a quotation mark, as the app's claims start after it. PolNeAR "
                     "attributes much more than speech (endorsements, "
                     "beliefs, polls, 'called for …'), which bounds recall of a speech finder. Where "
                     "PolNeAR's Source is a relative pronoun ('Smith, who told …'), the app links the name "
                     "it stands for, and the link is counted wrong")
    else:
        rows.append(na_row("en quality", f"P >= {TARGET_PRECISION}", f"no {scoring.POLNEAR}"))
    held_out = held_out_golds() if HELD_OUT.is_dir() else {}
    if held_out:
        progress(f"suggest: scoring the held-out texts against {len(held_out)} annotators")
        rows += held_out_rows({who: scoring.score(golds, propose, "en") for who, golds in held_out.items()})
        notes.append(f"en held-out: PolNeAR's annotator-training texts, scored against each of its "
                     f"{len(held_out)} annotators in turn and averaged; kept apart from the train sample the "
                     "rules were written against, to tell general rules from fitted ones")
    golds, refused = scoring.french_gold()
    notes += [f"fr gold refused: {message}" for message in refused]
    if golds:
        progress(f"suggest: scoring {len(golds)} French documents")
        rows += quality_rows("fr", scoring.score(golds, propose, "fr"))
        notes.append(f"fr gold: {len(golds)} articles of benchmarks/suggest_gold/fr")
    else:
        rows.append(na_row("fr quality", f"P >= {TARGET_PRECISION}", "no French gold files yet"))
    texts = _texts()
    rows += language_rows(texts)
    speed, speed_notes = speed_rows(texts)
    return rows + speed, notes + speed_notes


def main(argv: list[str] | None = None) -> int:
    from run import machine_lines, markdown_table

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, metavar="FILE", help="also write the report here")
    args = parser.parse_args(argv)
    rows, notes = run()
    report = "\n".join([*machine_lines(False), "", markdown_table(rows), "", "Notes:",
                        *(f"- {note}" for note in notes)])
    print(report)
    if args.out is not None:
        args.out.write_text(report + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
