"""Import of 1,000 saved news pages (what `annotator import` does) against trafilatura alone."""

from __future__ import annotations

import html
import random
import time
from pathlib import Path

from bench_common import (
    Row,
    import_folder,
    median,
    paragraph,
    progress,
    ratio,
    seconds,
    sentence,
    verdict,
)

TARGET_S = 60.0
_OUTLETS = ("Le Quotidien", "La Gazette du Nord", "L’Observateur", "Le Courrier", "Ouest Matin")
_SECTIONS = ("politique", "economie", "international", "societe", "culture", "sport")


def _news_page(rng: random.Random, number: int) -> tuple[str, str]:
    """A saved article page with navigation, ads, related links, comments and a footer; returns
    (markup, encoding). About one page in twenty is windows-1252, one in ten has no metadata."""
    legacy = number % 20 == 7
    bare = number % 10 == 3
    title = f"{sentence(rng, emoji=False)[:70].rstrip(' .?!…')} — n° {number}"
    outlet = rng.choice(_OUTLETS)
    section = rng.choice(_SECTIONS)
    url = f"https://{outlet.lower().replace(' ', '-').replace('’', '')}.example/{section}/{number}"
    encoding = "cp1252" if legacy else "utf-8"
    head = [f'<meta charset="{encoding}">', f"<title>{html.escape(title)} | {outlet}</title>"]
    if not bare:
        head += [
            f'<meta property="og:title" content="{html.escape(title)}">',
            f'<meta property="og:site_name" content="{html.escape(outlet)}">',
            f'<link rel="canonical" href="{url}">',
            f'<meta name="author" content="Auteur {number % 37}">',
            f'<meta property="article:published_time" content="20{rng.randint(18, 24)}-'
            f'{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T08:00:00+01:00">',
        ]
    nav = "".join(f'<li><a href="/{s}">{s.title()}</a></li>' for s in _SECTIONS)
    body = [f"<h1>{html.escape(title)}</h1>"]
    for index in range(rng.randint(4, 14)):
        if index and index % 5 == 0:
            body.append(f"<h2>{html.escape(sentence(rng, emoji=False)[:50])}</h2>")
        body.append(f"<p>{html.escape(paragraph(rng, emoji=not legacy))}</p>")
        if index == 2:
            body.append('<div class="ad advertisement">Publicité — offre spéciale abonnés</div>')
    related = "".join(f'<li><a href="/{s}/{rng.randint(1, 999)}">{html.escape(sentence(rng, False))}'
                      "</a></li>" for s in rng.sample(_SECTIONS, 3))
    comments = "".join(f'<div class="comment"><p>{html.escape(sentence(rng, False))}</p></div>'
                       for _ in range(rng.randint(0, 6)))
    scripts = "<script>window.dataLayer=[];function track(){return 1;}</script>" * 3
    markup = (
        f'<!DOCTYPE html>\n<html lang="fr">\n<head>\n{"".join(head)}\n{scripts}</head>\n<body>\n'
        f'<header><nav class="menu"><ul>{nav}</ul></nav></header>\n'
        f'<div class="ad banner">Publicité</div>\n<main><article>{"".join(body)}</article></main>\n'
        f'<aside class="related"><h3>À lire aussi</h3><ul>{related}</ul></aside>\n'
        f'<section id="comments" class="comments"><h3>Commentaires</h3>{comments}</section>\n'
        f"<footer>© {html.escape(outlet)} — Mentions légales — Contact</footer>\n</body></html>\n"
    )
    return markup, encoding


def write_pages(folder: Path, count: int, seed: int = 11) -> int:
    """Write `count` pages; returns how many are windows-1252."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    legacy = 0
    for number in range(count):
        markup, encoding = _news_page(rng, number)
        legacy += encoding != "utf-8"
        (folder / f"page-{number:04d}.html").write_bytes(markup.encode(encoding, "replace"))
    return legacy


def _measured(folder: Path, project_path: Path) -> tuple[int, int]:
    calls = [0]

    def count_progress(_done: int, _total: int) -> None:
        calls[0] += 1

    return import_folder(folder, project_path, count_progress), calls[0]


def _floor(folder: Path) -> int:
    import trafilatura

    extracted = 0
    for file in sorted(folder.iterdir()):
        if trafilatura.extract(file.read_bytes(), include_comments=False, include_tables=False):
            extracted += 1
    return extracted


def run(work: Path, count: int = 1000, repeats: int = 1) -> tuple[list[Row], list[str]]:
    """Time `repeats` imports of `count` pages into new projects and as many trafilatura runs."""
    import trafilatura  # noqa: F401 - loaded once here, so neither timing pays for the import

    folder = work / "pages"
    legacy = write_pages(folder, count)
    measured_s: list[float] = []
    floor_s: list[float] = []
    for attempt in range(repeats):
        progress(f"html import {attempt + 1}/{repeats}")
        began = time.perf_counter()
        imported, calls = _measured(folder, work / f"html-{attempt}.annotator")
        measured_s.append(time.perf_counter() - began)
        if imported != count or calls != count + 1:
            raise RuntimeError(f"imported {imported} of {count} pages ({calls} progress calls)")
        began = time.perf_counter()
        extracted = _floor(folder)
        floor_s.append(time.perf_counter() - began)
        if extracted != count:
            raise RuntimeError(f"trafilatura extracted {extracted} of {count} pages")
    t_measured, t_floor = median(measured_s), median(floor_s)
    size_mb = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
    rows = [Row(f"import {count:,} saved news pages ({size_mb:.1f} MB, {legacy} cp1252) into a "
                f"new project (median of {repeats})", seconds(t_measured), seconds(t_floor),
                f"{ratio(t_measured, t_floor):.2f}", "< 60 s", verdict(t_measured < TARGET_S))]
    notes = ["html import: annotator " + ", ".join(f"{s:.2f}" for s in measured_s) + " s; floor "
             + ", ".join(f"{s:.2f}" for s in floor_s) + " s (annotator: decode, extract text and "
             "metadata, store in one transaction, progress callback per page; floor: "
             "trafilatura.extract of each page's bytes, nothing stored)"]
    return rows, notes
