"""Check the French quotation gold standard against its texts and print every span for review.

Run from the repository root: `.venv/bin/python benchmarks/suggest_gold/check_gold.py [ID ...]`.
The texts are read from the research-data sample at run time (never stored here): by default
`<parent of the repository>/shared/research-data/semeval2023-task3-fr/data/fr/train-articles-subtask-3/`,
or the folder named by the environment variable SUGGEST_GOLD_TEXTS.

Checks per file: the `# sha256` line matches the normalised text, the header is right, ids are unique,
labels are `claim` or `source`, offsets are integers in range with start < end, no span starts or ends on
whitespace, every claim's link names an existing source row and source rows have no link.
Exit status 1 if any check fails.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
DEFAULT_TEXTS = REPO.parent / "shared/research-data/semeval2023-task3-fr/data/fr/train-articles-subtask-3"
HEADER = ["id", "label", "start", "end", "source"]
LABELS = {"claim", "source"}


def texts_dir() -> Path:
    override = os.environ.get("SUGGEST_GOLD_TEXTS")
    return Path(override) if override else DEFAULT_TEXTS


def normalised_text(path: Path) -> str:
    """The text as the app stores it: UTF-8, one leading BOM dropped, CRLF and lone CR turned into LF."""
    text = path.read_bytes().decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_gold(path: Path) -> tuple[str, list[dict[str, str]], list[str]]:
    """Return (hash, rows, problems) of one gold file."""
    problems: list[str] = []
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if len(lines) < 2:
        return "", [], [f"{path.name}: fewer than two lines"]
    first = lines[0].split(" ")
    digest = first[2] if len(first) == 3 and first[:2] == ["#", "sha256"] else ""
    if not digest:
        problems.append(f"{path.name} line 1: expected '# sha256 <hex>'")
    if lines[1].split("\t") != HEADER:
        problems.append(f"{path.name} line 2: expected header {' / '.join(HEADER)}")
    rows = []
    for number, line in enumerate(lines[2:], start=3):
        cells = line.split("\t")
        if len(cells) != len(HEADER):
            problems.append(f"{path.name} line {number}: {len(cells)} columns, expected {len(HEADER)}")
            continue
        row = dict(zip(HEADER, cells, strict=True))
        row["line"] = str(number)
        rows.append(row)
    return digest, rows, problems


def check_file(path: Path, text_root: Path, show: bool) -> tuple[list[str], dict[str, int]]:
    counts = {"claims": 0, "sources": 0, "links": 0}
    digest, rows, problems = read_gold(path)
    text_path = text_root / f"article{path.stem}.txt"
    if not text_path.is_file():
        return problems + [f"{path.name}: text not found at {text_path}"], counts
    text = normalised_text(text_path)
    actual = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if digest and digest != actual:
        problems.append(f"{path.name} line 1: hash {digest} does not match the text ({actual})")
    ids: dict[str, dict[str, str]] = {}
    for row in rows:
        where = f"{path.name} line {row['line']}"
        if row["id"] in ids:
            problems.append(f"{where}: id {row['id']!r} used twice")
        ids[row["id"]] = row
        if row["label"] not in LABELS:
            problems.append(f"{where}: label {row['label']!r} is not claim or source")
    for row in rows:
        where = f"{path.name} line {row['line']}"
        try:
            start, end = int(row["start"]), int(row["end"])
        except ValueError:
            problems.append(f"{where}: offsets {row['start']!r}, {row['end']!r} are not integers")
            continue
        if not 0 <= start < end <= len(text):
            problems.append(f"{where}: offsets {start}..{end} out of range (text length {len(text)})")
            continue
        span = text[start:end]
        if span[0].isspace() or span[-1].isspace():
            problems.append(f"{where}: span {start}..{end} starts or ends on whitespace")
        link = row["source"]
        if row["label"] == "claim":
            counts["claims"] += 1
            if link:
                counts["links"] += 1
                target = ids.get(link)
                if target is None or target["label"] != "source":
                    problems.append(f"{where}: link {link!r} names no source row")
        else:
            counts["sources"] += 1
            if link:
                problems.append(f"{where}: a source row has a link ({link!r})")
        if show:
            arrow = f" -> {link}" if link else ""
            shown = span.replace("\n", " | ")
            print(f"  {row['id']:>4} {row['label']:<6} {start:>5}-{end:<5}{arrow:<8} {shown}")
    linked = {row["source"] for row in rows if row["label"] == "claim" and row["source"]}
    for row in rows:
        if row["label"] == "source" and row["id"] not in linked:
            problems.append(f"{path.name} line {row['line']}: source {row['id']!r} has no claim linked to it")
    return problems, counts


def main(argv: list[str]) -> int:
    text_root = texts_dir()
    files = sorted((HERE / "fr").glob("*.tsv"))
    if argv:
        files = [f for f in files if f.stem in set(argv)]
    totals = {"articles": 0, "claims": 0, "sources": 0, "links": 0}
    all_problems: list[str] = []
    for path in files:
        print(f"article {path.stem}")
        problems, counts = check_file(path, text_root, show=True)
        all_problems += problems
        totals["articles"] += 1
        for key, value in counts.items():
            totals[key] += value
    print(", ".join(f"{value} {key}" for key, value in totals.items()))
    for problem in all_problems:
        print(problem, file=sys.stderr)
    return 1 if all_problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
