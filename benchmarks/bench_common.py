"""Shared pieces of the benchmarks: result rows, statistics, synthetic text and projects."""

from __future__ import annotations

import json
import math
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

BENCH_DIR = Path(__file__).resolve().parent
ANNOTATORS = ("Camille Lefèvre", "Noé Brûlé")
CREATED_AT = "2024-03-05T09:14:26.512034+00:00"


@dataclass(frozen=True)
class Row:
    """One line of the results table."""

    what: str
    measured: str
    floor: str = "-"
    ratio: str = "-"
    target: str = "-"
    ok: str = "-"


def na_row(what: str, target: str, reason: str) -> Row:
    """A row for a measurement that could not be made."""
    return Row(what, "n/a", "n/a", "n/a", target, f"n/a ({reason})")


def verdict(passed: bool) -> str:
    """The `ok` cell."""
    return "yes" if passed else "NO"


def median(values: Sequence[float]) -> float:
    """Median of a non-empty sequence."""
    return statistics.median(values)


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (pct in 0..100) of a non-empty sequence."""
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def seconds(value: float) -> str:
    """A duration for the table, in s or ms."""
    return f"{value:.2f} s" if value >= 1 else f"{value * 1000:.1f} ms"


def millis(value: float) -> str:
    """A short duration for the table, always in ms."""
    return f"{value * 1000:.2f} ms"


def ratio(measured: float, floor: float) -> float:
    """measured / floor (inf when the floor is zero)."""
    return measured / floor if floor > 0 else math.inf


def progress(message: str) -> None:
    """Progress goes to stderr so the table on stdout stays clean."""
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# ----- child processes ---------------------------------------------------------------------


def child_env(**extra: str) -> dict[str, str]:
    """Environment for a child Python that must import the same `annotator` as this process."""
    import annotator

    env = dict(os.environ)
    package_root = str(Path(annotator.__file__).resolve().parents[1])
    parts = [package_root] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(parts))
    env.update(extra)
    return env


@dataclass(frozen=True)
class ChildResult:
    """What a child process printed as JSON on its last stdout line, and its peak RSS."""

    data: dict
    peak_rss_bytes: int | None


def run_child(args: Sequence[str], what: str, env: dict[str, str] | None = None) -> ChildResult:
    """Run `python args...` and parse its last stdout line as JSON (peak RSS as the child says)."""
    with open(os.devnull, "wb") as devnull_in:
        proc = subprocess.Popen(
            [sys.executable, *args],
            stdin=devnull_in,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env or child_env(),
        )
        out, err = proc.communicate()
    lines = out.decode("utf-8", "replace").strip().splitlines()
    if proc.returncode != 0 or not lines:
        tail = err.decode("utf-8", "replace").strip().splitlines()[-3:]
        raise RuntimeError(f"{what} failed (exit {proc.returncode}): {' | '.join(tail)}")
    data = json.loads(lines[-1])
    return ChildResult(data, data.get("peak_rss_bytes"))


# ----- synthetic text ----------------------------------------------------------------------

_WORDS = (
    "le la les un une des du de au aux et ou mais donc car ni que qui dont où sur sous dans "
    "pour par avec sans entre vers chez selon après avant pendant depuis contre malgré "
    "gouvernement ministre président assemblée réforme économie société élection député "
    "sénat région ville pays état états nation frontière sécurité défense armée crise "
    "énergie électricité pétrole prix inflation salaire emploi chômage grève syndicat "
    "école université hôpital santé médecin vaccin épidémie été hiver préfecture maire "
    "déclaré annoncé affirmé précisé souligné rappelé estimé dénoncé reconnu démenti "
    "a ont est sont était étaient sera seront fait faire dit dire pu voulu "
    "très plus moins déjà encore toujours jamais aussi ainsi cependant néanmoins "
    "général fédéral européen français américain allemand russe ukrainien chinois "
    "décision négociation accord traité sommet réunion conférence déclaration enquête "
    "journaliste témoin expert rapport étude sondage chiffre milliard million "
    "côte forêt île lac château église théâtre musée bibliothèque quartier rue "
    "première deuxième dernière nouvelle ancienne grande petite haute forte "
    "élevé réduit augmenté diminué menacé protégé contesté approuvé rejeté "
    "œuvre cœur sœur nœud bœuf façon reçu garçon français déçu à là où çà"
).split()
_NAMES = ("Jean-Luc Mélenchon", "Élisabeth Borne", "François Bayrou", "l’OTAN", "l’INSEE",
          "Hélène Périer", "Zoé Lefèvre", "Benoît Hamon", "l’Élysée", "Matignon")
_EMOJI = ("😮", "🇫🇷", "📈", "🔥", "👍", "🌍", "💶", "🗳️")


def sentence(rng: random.Random, emoji: bool = True) -> str:
    """One French-looking sentence with accents, quotes, figures and now and then an emoji."""
    words = [rng.choice(_WORDS) for _ in range(rng.randint(7, 22))]
    if rng.random() < 0.35:
        words.insert(rng.randrange(len(words)), rng.choice(_NAMES))
    if rng.random() < 0.2:
        at = rng.randrange(len(words))
        words[at] = f"« {words[at]} »"
    if rng.random() < 0.15:
        words.insert(rng.randrange(len(words)), f"{rng.randint(2, 999)} {rng.randint(100, 999)}")
    if rng.random() < 0.2:
        words[0] = "l’" + words[0]
    if emoji and rng.random() < 0.04:
        words.append(rng.choice(_EMOJI))
    text = " ".join(words)
    return text[0].upper() + text[1:] + rng.choice((".", ".", ".", " ?", " !", "…"))


def paragraph(rng: random.Random, emoji: bool = True) -> str:
    """Three to six sentences."""
    return " ".join(sentence(rng, emoji) for _ in range(rng.randint(3, 6)))


def article(rng: random.Random, number: int, target_chars: int = 5000, emoji: bool = True) -> str:
    """An article of about `target_chars` characters: a title line, then paragraphs."""
    title = f"{sentence(rng, emoji=False)[:60].rstrip(' .')} — n° {number}"
    parts = [title, ""]
    size = len(title)
    while size < target_chars:
        para = paragraph(rng, emoji)
        parts.append(para)
        parts.append("")
        size += len(para) + 2
    return "\n".join(parts).rstrip("\n") + "\n"


def long_text(rng: random.Random, target_chars: int) -> str:
    """One text of at least `target_chars` characters, paragraphs separated by blank lines."""
    parts: list[str] = []
    size = 0
    while size < target_chars:
        para = paragraph(rng)
        parts.append(para)
        size += len(para) + 2
    return "\n\n".join(parts)


# ----- projects ----------------------------------------------------------------------------


def import_into(path: Path, texts: Sequence[Any], suggest: bool | None = None) -> list[Any]:
    """Open (or create) the project at `path`, import `texts` in one call, close it; the outcomes.
    `suggest` False imports without proposing quotations (`annotator import --no-suggest`)."""
    from annotator.services.documents import import_texts
    from annotator.services.project import open_project

    project = open_project(path)
    try:
        return import_texts(project, texts, suggest=suggest)
    finally:
        project.close()


def import_folder(folder: Path, project_path: Path,
                  read_progress: Callable[[int, int], None] | None = None,
                  suggest: bool | None = None) -> int:
    """What `annotator import FOLDER` does: read every file (any problem is an error), store them
    in the project; how many were imported."""
    from annotator.operations import read_files

    texts, problems = read_files([folder], progress=read_progress)
    if problems:
        raise RuntimeError(f"import refused {len(problems)} files, first: {problems[0]}")
    return sum(1 for o in import_into(project_path, texts, suggest) if o.status == "imported")


def timed_on_project(path: Path | str, action: Callable[[Any], T], create: bool = True
                     ) -> tuple[float, T]:
    """Open the project at `path`, time `action(project)` alone, close it; (seconds, result)."""
    from annotator.services.project import open_project

    project = open_project(path, create=create)
    try:
        started = time.perf_counter()
        result = action(project)
        return time.perf_counter() - started, result
    finally:
        project.close()


# ----- a generated project -----------------------------------------------------------------


def _span(rng: random.Random, length: int) -> tuple[int, int]:
    """A random span inside a text: mostly phrases, sometimes whole sentences."""
    size = rng.randint(3, 40) if rng.random() < 0.6 else rng.randint(40, 250)
    size = min(size, length)
    start = rng.randrange(0, length - size + 1)
    return start, start + size


def build_project(path: Path, n_documents: int, n_annotations: int, seed: int = 7) -> None:
    """A project file with generated articles and annotations, bulk-inserted with sqlite3."""
    from annotator.domain.records import ImportedText
    from annotator.domain.text import text_sha256, title_from_text

    rng = random.Random(seed)
    texts = []
    for number in range(n_documents):
        text = article(rng, number)
        texts.append(ImportedText(f"article-{number:04d}.txt", title_from_text(text),
                                  f"20{rng.randint(18, 24)}-{rng.randint(1, 12):02d}",
                                  text, text_sha256(text)))
    import_into(path, texts)
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA synchronous=OFF")
        docs = conn.execute("SELECT id, length FROM documents ORDER BY id").fetchall()
        label_ids = [r[0] for r in conn.execute("SELECT id FROM labels ORDER BY position")][:3]
        sql = ("INSERT INTO annotations (uuid, document_id, label_id, annotator, start, \"end\", "
               "note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        per_doc, extra = divmod(n_annotations, len(docs))
        batch: list[tuple] = []
        for index, (doc_id, length) in enumerate(docs):
            seen: set[tuple[int, str, int, int]] = set()
            wanted = per_doc + (1 if index < extra else 0)
            while len(seen) < wanted:
                start, end = _span(rng, length)
                key = (rng.choice(label_ids), rng.choice(ANNOTATORS), start, end)
                if key in seen:
                    continue
                seen.add(key)
                note = "à revoir, cf. § 2" if rng.random() < 0.03 else ""
                batch.append((str(uuid.uuid4()), doc_id, key[0], key[1], start, end, note,
                              CREATED_AT, CREATED_AT))
            if len(batch) >= 50_000:
                conn.executemany(sql, batch)
                conn.commit()
                batch.clear()
        conn.executemany(sql, batch)
        conn.commit()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
