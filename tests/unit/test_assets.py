"""Shipped files: the default codebook, icons, the seed article, and the wheel that carries them."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from annotator.assets import (
    DefaultLabel,
    icon_path,
    load_codebook,
    load_default_codebook,
    resource_path,
    seeds_dir,
)
from annotator.domain.errors import InvalidInput

REPO_ROOT = Path(__file__).resolve().parents[2]
TOOLBAR_ICONS = ("annotator", "snap", "find", "undo", "redo", "import", "export")
QUOTED_FROM_SEED = re.compile(r"«(.+?)»")


def _seed_files() -> list[Path]:
    return sorted(seeds_dir().glob("*.txt"))


def _seed_text() -> str:
    """The seed article as it would be stored: BOM dropped, CRLF/CR -> newline."""
    (seed,) = _seed_files()
    text = seed.read_bytes().decode("utf-8-sig")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def test_default_codebook_has_source_claim_framing_on_keys_1_to_3() -> None:
    labels = load_default_codebook()
    assert all(isinstance(label, DefaultLabel) for label in labels)
    assert [(label.name, label.shortcut) for label in labels] == [
        ("source", "1"),
        ("claim", "2"),
        ("framing", "3"),
    ]


def test_default_colours_are_distinct_rrggbb() -> None:
    colours = [label.color for label in load_default_codebook()]
    assert all(re.fullmatch(r"#[0-9a-fA-F]{6}", colour) for colour in colours)
    assert len({colour.lower() for colour in colours}) == len(colours)


def test_every_definition_quotes_an_example_found_verbatim_in_the_seed() -> None:
    seed_text = _seed_text()
    for label in load_default_codebook():
        assert "Example" in label.definition, label.name
        quotes = QUOTED_FROM_SEED.findall(label.definition)
        assert quotes, f"{label.name}: no «quoted» example"
        for quote in quotes:
            assert quote in seed_text, f"{label.name}: {quote!r} is not in the seed article"


def test_seeds_dir_holds_the_seed_article() -> None:
    seeds = _seed_files()
    assert len(seeds) == 1
    assert "Stoltenberg" in _seed_text()


def test_toolbar_icons_are_24px_svgs() -> None:
    for name in TOOLBAR_ICONS:
        svg = icon_path(name).read_text(encoding="utf-8")
        assert svg.lstrip().startswith("<svg"), name
        assert 'viewBox="0 0 24 24"' in svg, name
    assert icon_path("undo.svg") == icon_path("undo")


def test_missing_resource_says_which_file() -> None:
    with pytest.raises(FileNotFoundError, match="no-such-icon.svg"):
        icon_path("no-such-icon")
    with pytest.raises(FileNotFoundError, match="nothing.json"):
        resource_path("nothing.json")


def _write_codebook(tmp_path: Path, content: object) -> Path:
    path = tmp_path / "codebook.json"
    text = content if isinstance(content, str) else json.dumps(content)
    path.write_text(text, encoding="utf-8")
    return path


def _entry(**changes: object) -> dict[str, object]:
    entry: dict[str, object] = {
        "name": "source",
        "color": "#56B4E9",
        "shortcut": "1",
        "definition": "Who speaks.",
    }
    entry.update(changes)
    return entry


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('[{"name": "source",', "not valid JSON"),
        ({"name": "source"}, "non-empty JSON list"),
        ([], "non-empty JSON list"),
        ([_entry(color="blue")], "#rrggbb"),
        ([_entry(colour="#000000")], "unknown field"),
        ([{"name": "source", "color": "#000000"}], "missing field"),
        ([_entry(name="  ")], "name must be"),
        ([_entry(shortcut="12")], "shortcut"),
        ([_entry(), _entry(name="Source", shortcut="2")], "same name"),
        ([_entry(), _entry(name="claim")], "same shortcut"),
    ],
)
def test_bad_codebook_file_is_refused_with_file_and_reason(
    tmp_path: Path, content: object, reason: str
) -> None:
    path = _write_codebook(tmp_path, content)
    with pytest.raises(InvalidInput) as caught:
        load_codebook(path)
    assert str(path) in str(caught.value)
    assert reason in str(caught.value)


def test_codebook_without_shortcut_is_accepted(tmp_path: Path) -> None:
    path = _write_codebook(tmp_path, [_entry(shortcut=None)])
    assert load_codebook(path) == [DefaultLabel("source", "#56B4E9", None, "Who speaks.")]


def test_wheel_ships_resources_and_seeds_inside_the_package(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), "."],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    (wheel,) = tmp_path.glob("annotator-*.whl")
    (seed,) = (REPO_ROOT / "seeds").glob("*.txt")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert "annotator/resources/codebook.json" in names
    assert "annotator/resources/icons/annotator.svg" in names
    assert f"annotator/seeds/{seed.name}" in names
