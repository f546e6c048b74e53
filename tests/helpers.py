"""Small builders shared by tests: a project with one synthetic article."""

from __future__ import annotations

from pathlib import Path

from tests.pg_cluster import project_place

from annotator.domain.records import DocumentInfo, ImportedText
from annotator.domain.text import text_sha256
from annotator.services import Project
from annotator.services.documents import import_texts
from annotator.services.project import open_project

ARTICLE = (
    " date 2023-04 Le ministre défend la réforme\n"
    "\n"
    "Selon le ministre, la réforme « sauvera » 12 000 emplois d’ici 2025.\n"
    "L’opposition parle d’un « désastre annoncé » 😮 et cite l’INSEE.\n"
)


def imported(text: str, name: str = "article.txt", title: str = "Article", date: str | None = None,
             **metadata: str) -> ImportedText:
    """An ImportedText as the readers would make it (`metadata`: author, outlet, url, language)."""
    return ImportedText(name, title, date, text, text_sha256(text), **metadata)


def project_with_article(tmp_path: Path, text: str = ARTICLE) -> tuple[Project, DocumentInfo]:
    """A fresh project file holding one article (on the server, under the postgresql `backend`)."""
    project = open_project(project_place(tmp_path / "test.annotator"))
    (outcome,) = import_texts(project, [imported(text)])
    return project, outcome.document


def span_of(text: str, part: str, occurrence: int = 0) -> tuple[int, int]:
    """[start, end) of `part` in `text` (its first place, or the `occurrence`-th after it)."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(part, start + 1)
    return start, start + len(part)


def files_state(*roots: Path) -> dict[str, tuple[str, int] | str]:
    """Every file, link and folder under `roots` with its hash and mode: compare before and after."""
    import hashlib
    import os
    import stat

    state: dict[str, tuple[str, int] | str] = {}
    for root in roots:
        root = Path(root)
        if not root.exists() and not root.is_symlink():
            continue
        entries = [root] if not root.is_dir() else [root, *sorted(root.rglob("*"))]
        for entry in entries:
            info = entry.lstat()
            if stat.S_ISLNK(info.st_mode):
                state[str(entry)] = f"link->{os.readlink(entry)}"
            elif stat.S_ISDIR(info.st_mode):
                state[str(entry)] = ("dir", stat.S_IMODE(info.st_mode))
            elif stat.S_ISREG(info.st_mode):
                digest = hashlib.sha256(entry.read_bytes()).hexdigest()
                state[str(entry)] = (digest, stat.S_IMODE(info.st_mode))
            else:
                state[str(entry)] = f"special:{stat.S_IFMT(info.st_mode)}"
    return state
