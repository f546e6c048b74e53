"""Labels an import or a merge creates are ready to use: a free shortcut key each and a colour
of their own, while a colour the batch brings is kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.pg_cluster import project_place

from annotator.cli import main
from annotator.services.labels import add_label, list_labels
from annotator.services.project import open_project

pytestmark = pytest.mark.usefixtures("backend")

TEXT = "Le maire a annoncé lundi une hausse du budget, selon la préfecture et deux élus.\n"


def _brat_folder(root: Path, types: list[str], conf: str = "") -> Path:
    folder = root / "brat"
    folder.mkdir()
    (folder / "doc.txt").write_text(TEXT, encoding="utf-8")
    words = TEXT.split()
    lines, start = [], 0
    for n, brat_type in enumerate(types, start=1):
        word = words[n - 1]
        start = TEXT.index(word, start)
        lines.append(f"T{n}\t{brat_type} {start} {start + len(word)}\t{word}")
        start += len(word)
    (folder / "doc.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")
    if conf:
        (folder / "visual.conf").write_text(conf, encoding="utf-8")
    return folder


def _labels(path: Path | str) -> dict[str, tuple[str | None, str]]:
    project = open_project(path)
    try:
        return {label.name: (label.shortcut, label.color.lower()) for label in list_labels(project)}
    finally:
        project.close()


def test_brat_labels_get_the_free_keys_and_colours_of_their_own(tmp_path, capsys):
    types = ["Actor", "Event", "Place", "Date", "Money", "Quote", "Org", "Person", "Other", "Misc"]
    folder = _brat_folder(tmp_path, types)
    path = project_place(tmp_path / "p.annotator")
    assert main(["import", "-p", str(path), "--brat", str(folder), "--annotator", "ana"]) == 0
    labels = _labels(path)
    assert [labels[name][0] for name in ("source", "claim", "framing")] == ["1", "2", "3"]
    by_folded = {name.casefold(): value for name, value in labels.items()}
    new_keys = [by_folded[name.casefold()][0] for name in types]
    assert new_keys == ["4", "5", "6", "7", "8", "9", None, None, None, None]  # 1-9 only, in order
    colours = [colour for _, colour in labels.values()]
    assert len(set(colours)) == len(colours)  # no two labels share a colour, not even a grey


def test_a_colour_from_visual_conf_is_kept_and_not_given_again(tmp_path, capsys):
    folder = _brat_folder(tmp_path, ["Actor", "Event"], conf="[drawing]\nActor\tbgColor:#123456\n")
    path = project_place(tmp_path / "p.annotator")
    assert main(["import", "-p", str(path), "--brat", str(folder), "--annotator", "ana"]) == 0
    labels = _labels(path)
    actor = next(v for k, v in labels.items() if k.casefold() == "actor")
    event = next(v for k, v in labels.items() if k.casefold() == "event")
    assert actor == ("4", "#123456")
    assert event[0] == "5" and event[1] != "#123456"


def test_keys_taken_in_the_codebook_are_skipped(tmp_path, capsys):
    path = project_place(tmp_path / "p.annotator")
    project = open_project(path)
    add_label(project, "topic", "#abcdef", "5")
    project.close()
    folder = _brat_folder(tmp_path, ["Actor", "Event"])
    assert main(["import", "-p", str(path), "--brat", str(folder), "--annotator", "ana"]) == 0
    labels = _labels(path)
    keys = sorted(key for key, _ in labels.values() if key)
    assert keys == ["1", "2", "3", "4", "5", "6"]
    assert labels["topic"] == ("5", "#abcdef")
