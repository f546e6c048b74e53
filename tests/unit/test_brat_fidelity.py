"""brat files that brat itself reads back: odd line breaks, names with commas, events as links."""

from __future__ import annotations

import csv
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
from tests.helpers import files_state, imported
from tests.pg_cluster import project_place

from annotator.cli import main
from annotator.io.brat import BratProblems, parse_label_map, read_brat_folder
from annotator.io.brat_write import line_fragments
from annotator.services.annotations import add_annotation
from annotator.services.documents import import_texts
from annotator.services.interchange import (
    brat_import_summary,
    export_brat,
    import_brat,
    iter_documents_with_annotations,
)
from annotator.services.labels import add_label, list_labels
from annotator.services.links import add_link, add_link_rule
from annotator.services.project import open_project

RESEARCH = Path("/work/shared/research-data")
PTC = RESEARCH / "ptc-semeval2020-task11" / "datasets"
POLNEAR = RESEARCH / "polnear" / "data" / "train"
BRAT_GIT = Path("/work/.mirror/nlplab+brat/repo")
#: Characters at which brat's reader ends a .ann line, besides LF (str.splitlines).
ODD_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"

ODD_TEXT = (
    "Le maire\x85a parlé.\n"
    "Page un\x0cpage deux, « vraiment »\u2028dit-il\u2029puis\x0bse tut.\n"
    "Champs\x1cun\x1ddeux\x1etrois, fin.\n"
)

pytestmark = pytest.mark.usefixtures("backend")


def read_tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def stored_spans(project) -> set[tuple[str, str, int, int, str]]:
    return {(a.annotator, a.label, a.start, a.end, a.note)
            for _, _, anns, _ in iter_documents_with_annotations(project) for a in anns}


def stored_links(project) -> set[tuple[str, tuple[str, int, int], tuple[str, int, int]]]:
    found = set()
    for _, _, anns, links in iter_documents_with_annotations(project):
        by_id = {a.id: (a.label, a.start, a.end) for a in anns}
        found |= {(link.relation, by_id[link.from_annotation_id], by_id[link.to_annotation_id])
                  for link in links}
    return found


def brat_reader():
    """brat's own `annotation` module (server/src/annotation.py), or skip."""
    if not BRAT_GIT.is_dir():
        pytest.skip("no copy of brat's source here")
    try:
        source = subprocess.run(
            ["git", "--git-dir", str(BRAT_GIT), "show", "HEAD:server/src/annotation.py"],
            capture_output=True, check=True, timeout=60,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        pytest.skip("brat's source cannot be read")
    spec = importlib.util.spec_from_loader("brat_annotation_module", loader=None)
    module = importlib.util.module_from_spec(spec)
    try:
        exec(compile(source, "annotation.py", "exec"), module.__dict__)  # noqa: S102
    except Exception as exc:  # noqa: BLE001 - any failure means brat's code does not run here
        pytest.skip(f"brat's reader does not run under Python {sys.version_info[:2]}: {exc}")
    return module


def brat_reads(module, text: str, ann: str) -> dict[str, tuple[list[tuple[int, int]], str]]:
    """What brat's TextAnnotations reads: {T id: (spans, text)}; fails on any refused line."""
    document = module.TextAnnotations(text=text, source=ann)
    assert document.failed_lines == []
    return {t.id: ([tuple(s) for s in t.spans], t.text) for t in document.get_textbounds()}


def odd_project(path: Path | str):
    project = open_project(path)
    (outcome,) = import_texts(project, [imported(ODD_TEXT, name="odd.txt")])
    doc = outcome.document.id
    for part, note in [("maire\x85a parlé", "note\x85with\u2028breaks\x0c"),
                       ("un\x0cpage deux, « vraiment »\u2028dit-il\u2029puis\x0bse", ""),
                       ("Champs\x1cun\x1ddeux\x1etrois", "a\\u0085 kept as typed")]:
        start = ODD_TEXT.index(part)
        add_annotation(project, doc, "claim", "ana", start, start + len(part), note=note)
    add_annotation(project, doc, "source", "ana", 0, 8)
    return project


def test_spans_with_characters_brat_breaks_lines_at_stay_on_one_line_and_come_back(tmp_path):
    project = odd_project(tmp_path / "a.annotator")
    before = stored_spans(project)
    export_brat(project, tmp_path / "out")
    project.close()
    (ann_path,) = (tmp_path / "out" / "ana").glob("*.ann")
    ann = ann_path.read_text(encoding="utf-8")
    # Every record is one line for brat, whose reader splits at all of these characters.
    assert ann.splitlines() == ann.rstrip("\n").split("\n")
    assert "T2\tclaim 3 8;9 16\tmaire a parlé" in ann
    assert "note\\u0085with\\u2028breaks\\u000c" in ann
    fresh = open_project(project_place(tmp_path / "b.annotator"))
    _, report = import_brat(fresh, tmp_path / "out")
    assert report.annotations_added == 4
    assert stored_spans(fresh) == before  # the same offsets, the notes unchanged
    export_brat(fresh, tmp_path / "again")
    fresh.close()
    assert read_tree(tmp_path / "again") == read_tree(tmp_path / "out")


def test_brat_itself_reads_the_exported_records_with_their_text(tmp_path):
    module = brat_reader()
    project = odd_project(project_place(tmp_path / "a.annotator"))
    export_brat(project, tmp_path / "out")
    project.close()
    (ann_path,) = (tmp_path / "out" / "ana").glob("*.ann")
    read = brat_reads(module, ODD_TEXT, ann_path.read_text(encoding="utf-8"))
    assert len(read) == 4
    for spans, text in read.values():
        assert text == " ".join(ODD_TEXT[s:e] for s, e in spans)
        assert not any(c in ODD_TEXT[s:e] for s, e in spans for c in ODD_BREAKS + "\n")


def test_fragments_are_cut_at_every_character_brat_breaks_lines_at():
    text = "a" + "".join(f"{c}b" for c in ODD_BREAKS + "\n")
    fragments = line_fragments(text, 0, len(text))
    assert [text[s:e] for s, e in fragments] == ["a"] + ["b"] * (len(ODD_BREAKS) + 1)


def comma_project(path: Path):
    project = open_project(path)
    text = "They called him a traitor and a disaster for everyone, always.\n"
    (outcome,) = import_texts(project, [imported(text, name="ptc.txt")])
    doc = outcome.document.id
    for n, name in enumerate(("Name_Calling,Labeling", "Exaggeration,Minimisation", "Loaded_Language",
                              "Name_Calling_Labeling")):  # the last: the type the first would take
        add_label(project, name, f"#12345{n}")
    first = add_annotation(project, doc, "Name_Calling,Labeling", "ana", 18, 25)
    second = add_annotation(project, doc, "Exaggeration,Minimisation", "ana", 32, 54)
    add_annotation(project, doc, "Loaded_Language", "ana", 18, 25)
    add_annotation(project, doc, "Name_Calling_Labeling", "ana", 0, 4)
    add_link_rule(project, "Loaded_Language", "Name_Calling,Labeling", "Exaggeration,Minimisation")
    add_link(project, first.id, second.id, "ana", relation="Loaded_Language")
    return project


def test_labels_with_commas_and_their_case_round_trip_through_visual_conf(tmp_path):
    project = comma_project(tmp_path / "a.annotator")
    spans, links = stored_spans(project), stored_links(project)
    export_brat(project, tmp_path / "out")
    project.close()
    visual = (tmp_path / "out" / "visual.conf").read_text(encoding="utf-8")
    assert "Name_Calling_Labeling | Name_Calling,Labeling" in visual
    assert "Name_Calling_Labeling_2 | Name_Calling_Labeling" in visual
    conf = (tmp_path / "out" / "annotation.conf").read_text(encoding="utf-8")
    # A relation never takes a type an entity has: brat could not tell them apart.
    assert "Loaded_Language_2\tArg1:Name_Calling_Labeling, Arg2:Exaggeration_Minimisation" in conf
    fresh = open_project(project_place(tmp_path / "b.annotator"))
    reading, report = import_brat(fresh, tmp_path / "out")
    names = {label.name for label in list_labels(fresh)}
    assert {"Name_Calling,Labeling", "Exaggeration,Minimisation", "Loaded_Language",
            "Name_Calling_Labeling"} <= names
    assert stored_spans(fresh) == spans and stored_links(fresh) == links
    assert ("brat types read as the names visual.conf gives them: Exaggeration_Minimisation as "
            "Exaggeration,Minimisation; Loaded_Language_2 as Loaded_Language; "
            "Name_Calling_Labeling as Name_Calling,Labeling; Name_Calling_Labeling_2 as "
            "Name_Calling_Labeling") in brat_import_summary(reading, report)
    export_brat(fresh, tmp_path / "again")
    fresh.close()
    again, first = read_tree(tmp_path / "again"), read_tree(tmp_path / "out")
    # Link rules do not come in from brat: annotation.conf's relations differ, nothing else.
    conf_again, conf_first = again.pop("annotation.conf"), first.pop("annotation.conf")
    assert again == first
    assert conf_again.split(b"[relations]")[0] == conf_first.split(b"[relations]")[0]


def test_map_takes_names_with_commas_and_visual_conf_names():
    assert parse_label_map("Name_Calling,Labeling=insult,Source=source") == {
        "Name_Calling,Labeling": "insult", "Source": "source"}
    assert parse_label_map(r"Name_Calling_Labeling=Name_Calling\,Labeling") == {
        "Name_Calling_Labeling": "Name_Calling,Labeling"}
    assert parse_label_map("Attribution:Cue=cued_by") == {"Attribution:Cue": "cued_by"}
    assert parse_label_map("Gene expression=expression") == {"Gene expression": "expression"}


def test_map_entry_for_a_visual_conf_name_is_used_and_unused_ones_are_reported(tmp_path):
    folder = tmp_path / "in"
    (folder / "ana").mkdir(parents=True)
    (folder / "visual.conf").write_text("[labels]\nName_Calling_Labeling | Name_Calling,Labeling | NC\n"
                                        "[drawing]\nName_Calling_Labeling\tbgColor:#123456\n")
    (folder / "ana" / "d.txt").write_text("You traitor.\n")
    (folder / "ana" / "d.ann").write_text("T1\tName_Calling_Labeling 4 11\ttraitor\n")
    reading = read_brat_folder(folder, label_map=parse_label_map("Name_Calling,Labeling=insult,X=y"))
    assert [a.label for a in reading.batch.annotations] == ["insult"]
    assert reading.unused_map == ("X",)
    plain = read_brat_folder(folder)
    assert [(label.name, label.color) for label in plain.batch.labels] == [
        ("Name_Calling,Labeling", "#123456")]


def test_a_type_keeps_its_case_when_the_codebook_has_no_such_label(tmp_path):
    folder = tmp_path / "in" / "ana"
    folder.mkdir(parents=True)
    (folder / "d.txt").write_text("You traitor.\n")
    (folder / "d.ann").write_text("T1\tLoaded_Language 4 11\ttraitor\nT2\tDOUBT 0 3\tYou\n")
    project = open_project(project_place(tmp_path / "p.annotator"))
    _, report = import_brat(project, tmp_path / "in")
    assert sorted(report.labels_created) == ["DOUBT", "Loaded_Language"]
    assert {a.label for a in stored_spans_list(project)} == {"DOUBT", "Loaded_Language"}
    project.close()


def stored_spans_list(project):
    return [a for _, _, anns, _ in iter_documents_with_annotations(project) for a in anns]


def ptc_articles(count: int) -> list[tuple[str, str, list[tuple[str, int, int]]]]:
    """(id, text, [(technique, start, end)]) of the first `count` PTC articles with a comma label."""
    if not PTC.is_dir():
        pytest.skip("the PTC sample is not here")
    found = []
    for labels in sorted((PTC / "train-labels-task2-technique-classification").glob("*.labels")):
        with labels.open(encoding="utf-8", newline="") as handle:
            rows = [(row[1], int(row[2]), int(row[3])) for row in csv.reader(handle, delimiter="\t")]
        if any("," in technique for technique, _, _ in rows):
            article = labels.name.split(".")[0]
            text = (PTC / "train-articles" / f"{article}.txt").read_text(encoding="utf-8")
            found.append((article, text, rows))
        if len(found) == count:
            break
    return found


def test_ptc_technique_names_with_commas_come_back_from_a_brat_collection(tmp_path):
    project = open_project(tmp_path / "a.annotator")
    expected = set()
    for article, text, rows in ptc_articles(3):
        (outcome,) = import_texts(project, [imported(text, name=f"{article}.txt")])
        for technique, start, end in rows:
            if not text[start:end].strip():
                continue
            if technique not in {label.name for label in list_labels(project)}:
                add_label(project, technique, f"#0000{len(list_labels(project)):02x}")
            add_annotation(project, outcome.document.id, technique, "ptc", start, end)
            expected.add((technique, text[start:end]))
    spans = stored_spans(project)
    export_brat(project, tmp_path / "out")
    project.close()
    fresh = open_project(project_place(tmp_path / "b.annotator"))
    import_brat(fresh, tmp_path / "out")
    assert any("," in technique for technique, _ in expected)
    got = {(a.label, text[a.start:a.end]) for _, text, anns, _ in
           iter_documents_with_annotations(fresh) for a in anns}
    assert {(t, s.strip("\n")) for t, s in expected} == {(t, s.strip("\n")) for t, s in got}
    assert stored_spans(fresh) == {s for s in spans}
    fresh.close()


POLNEAR_TEXT = (
    "Hillary Clinton calls on the U.S. to lead the fight, aides said.\n"
    "Clinton also urged calm.\n"
)


def at(part: str, occurrence: int = 0) -> str:
    """`start end` of `part` in POLNEAR_TEXT (its `occurrence`-th place)."""
    start = -1
    for _ in range(occurrence + 1):
        start = POLNEAR_TEXT.index(part, start + 1)
    return f"{start} {start + len(part)}"


POLNEAR_ANN = (
    f"T1\tSource {at('Hillary Clinton')}\tHillary Clinton\n"
    f"T2\tCue {at('calls')}\tcalls\n"
    f"T3\tContent {at('on the U.S. to lead the fight')}\ton the U.S. to lead the fight\n"
    f"T4\tAttribution {at('calls')}\tcalls\n"
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
    f"T5\tSource {at('aides')}\taides\n"
    f"T6\tCue {at('said')}\tsaid\n"
    f"T7\tAttribution {at('said')}\tsaid\n"
    "E2\tAttribution:T7 Source:T5 Cue:T6 Content:T3\n"
    f"T8\tCue {at('urged')}\turged\n"
    f"T9\tContent {at('calm')}\tcalm\n"
    f"T10\tAttribution-no-source {at('urged')}\turged\n"
    "E3\tAttribution-no-source:T10 Content:T9 Cue:T8\n"
)



def write_polnear_like(folder: Path, ann: str = POLNEAR_ANN) -> None:
    (folder / "text").mkdir(parents=True)
    (folder / "attributions").mkdir()
    (folder / "text" / "doc.txt").write_text(POLNEAR_TEXT, encoding="utf-8")
    (folder / "attributions" / "doc_ann1.ann").write_text(ann, encoding="utf-8")


def test_attribution_events_become_links_from_the_content(tmp_path):
    write_polnear_like(tmp_path / "in")
    project = open_project(project_place(tmp_path / "p.annotator"))
    reading, report = import_brat(project, tmp_path / "in", label_map="Source=source,Content=claim")
    links = stored_links(project)
    def where(label: str, part: str) -> tuple[str, int, int]:
        start, end = at(part).split()
        return label, int(start), int(end)

    claim = where("claim", "on the U.S. to lead the fight")
    assert links == {
        ("attributed_to", claim, where("source", "Hillary Clinton")),
        ("Cue", claim, where("Cue", "calls")),
        ("attributed_to", claim, where("source", "aides")),
        ("Cue", claim, where("Cue", "said")),
        ("Cue", where("claim", "calm"), where("Cue", "urged")),
    }
    assert report.links_added == 5
    assert ("brat events read as links: Attribution-no-source:Cue as Cue: 1; Attribution:Cue as "
            "Cue: 2; Attribution:Source as attributed_to: 2") in brat_import_summary(reading, report)
    assert not any(line.startswith("1 E record") for line in reading.skipped)
    project.close()


def test_map_names_the_links_of_an_event_role(tmp_path):
    write_polnear_like(tmp_path / "in")
    reading = read_brat_folder(tmp_path / "in", label_map=parse_label_map(
        "Attribution:Cue=cued_by,Attribution:Source=said_by"))
    assert sorted(link.relation for link in reading.batch.links) == [
        "Cue", "cued_by", "cued_by", "said_by", "said_by"]
    assert reading.unused_map == ()


def test_events_without_content_link_their_trigger_and_nested_ones_are_reported(tmp_path):
    folder = tmp_path / "in" / "bio"
    folder.mkdir(parents=True)
    (folder / "d.txt").write_text("IL-2 expression induces NF-kB binding.\n")
    (folder / "d.ann").write_text(
        "T1\tProtein 0 4\tIL-2\nT2\tGene_expression 5 15\texpression\n"
        "T3\tPositive_regulation 16 23\tinduces\nT4\tProtein 24 29\tNF-kB\n"
        "E1\tGene_expression:T2 Theme:T1\n"
        "E2\tPositive_regulation:T3 Theme:E3 Cause:E1\n"
        "T5\tBinding 30 37\tbinding\nE3\tBinding:T5 Theme:T4\n"
        "E4\tBinding:T5\n")
    reading = read_brat_folder(tmp_path / "in")
    by_uuid = {a.uuid: a.label for a in reading.batch.annotations}
    assert sorted((by_uuid[k.from_annotation_uuid], k.relation, by_uuid[k.to_annotation_uuid])
                  for k in reading.batch.links) == [
        ("Binding", "Theme", "Protein"), ("Gene_expression", "Theme", "Protein")]
    assert "bio/d.ann, line 6: event argument Theme:E3 is not a span, skipped" in reading.skipped
    assert "2 E record(s) in 1 file(s) skipped: events that join no two different spans are not kept " \
           "(their trigger and argument spans are)" in reading.skipped


def test_event_links_survive_export_and_import(tmp_path):
    write_polnear_like(tmp_path / "in")
    project = open_project(tmp_path / "a.annotator")
    import_brat(project, tmp_path / "in", label_map="Source=source,Content=claim")
    spans, links = stored_spans(project), stored_links(project)
    export_brat(project, tmp_path / "out")
    project.close()
    ann = next((tmp_path / "out" / "ann1").glob("*.ann")).read_text()
    assert "\tattributed_to Arg1:" in ann and "\tCue_2 Arg1:" in ann
    fresh = open_project(project_place(tmp_path / "b.annotator"))
    import_brat(fresh, tmp_path / "out")
    assert stored_spans(fresh) == spans and stored_links(fresh) == links
    fresh.close()


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("E4\tAttribution:T4 Content:T3 Source:T99\n",
         "attributions/doc_ann1.ann, line 14: event argument 'T99' is an unknown id"),
        ("E4\tAttribution:T44 Content:T3\n",
         "attributions/doc_ann1.ann, line 14: event argument 'T44' is an unknown id"),
        ("E4\tAttribution T4 Content:T3\n",
         "attributions/doc_ann1.ann, line 14: an event needs TYPE:ID then ROLE:ID arguments"),
        ("R1\tattributed_to Arg1:T3 Arg2:R7\n",
         "attributions/doc_ann1.ann, line 14: relation to unknown id 'R7'"),
    ],
    ids=["role-to-missing-T", "missing-trigger", "malformed", "relation-to-unknown-id"],
)
def test_bad_events_and_relations_are_refused_naming_file_and_line(tmp_path, capsys, line, message):
    write_polnear_like(tmp_path / "in", POLNEAR_ANN + line)
    before = files_state(tmp_path)
    code = main(["import", "--project", str(tmp_path / "new.annotator"), "--brat",
                 str(tmp_path / "in")])
    _, err = capsys.readouterr()
    assert code == 1 and message in err and "Traceback" not in err
    assert files_state(tmp_path) == before
    with pytest.raises(BratProblems, match=message):
        read_brat_folder(tmp_path / "in")


def test_real_polnear_files_give_their_attribution_links(tmp_path):
    if not POLNEAR.is_dir():
        pytest.skip("the PolNeAR sample is not here")
    folder = tmp_path / "in"
    (folder / "text").mkdir(parents=True)
    (folder / "attributions").mkdir()
    expected: set[tuple[str, int, int]] = set()  # annotator, start of the Content, of the Source
    events = 0
    for ann in sorted((POLNEAR / "attributions").glob("*.ann"))[:4]:
        stem, annotator = ann.stem.rsplit("_", 1)
        (folder / "text" / f"{stem}.txt").write_bytes((POLNEAR / "text" / f"{stem}.txt").read_bytes())
        content = ann.read_bytes()
        (folder / "attributions" / ann.name).write_bytes(content)
        starts: dict[str, int] = {}
        for record in content.decode("utf-8").split("\n"):
            head, _, rest = record.partition("\t")
            if head.startswith("T") and rest:
                starts[head] = int(rest.split("\t")[0].split(" ")[1])
            elif head.startswith("E"):
                events += 1
                roles = dict(arg.split(":") for arg in rest.split()[1:])
                if "Source" in roles:
                    expected.add((annotator, starts[roles["Content"]], starts[roles["Source"]]))
    project = open_project(project_place(tmp_path / "p.annotator"))
    reading, report = import_brat(project, folder, label_map="Source=source,Content=claim")
    project.close()
    spans = {a.uuid: (a.annotator, a.start) for a in reading.batch.annotations}
    attributed = {(spans[k.from_annotation_uuid][0], spans[k.from_annotation_uuid][1],
                   spans[k.to_annotation_uuid][1])
                  for k in reading.batch.links if k.relation == "attributed_to"}
    assert events > 20 and len(expected) > 20
    assert attributed == expected
    assert report.links_added == len(reading.batch.links) >= events
