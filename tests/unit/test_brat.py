"""brat standoff folders in and out, as an analyst exchanging work with brat or INCEpTION sees it."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from tests.helpers import imported
from tests.pg_cluster import committed_dump as dump
from tests.pg_cluster import project_place

from annotator.cli import main
from annotator.domain.errors import InvalidInput
from annotator.io.brat import (
    BRAT_NAMESPACE,
    BratProblems,
    parse_label_map,
    read_brat_folder,
)
from annotator.services.annotations import add_annotation
from annotator.services.documents import import_texts, list_documents
from annotator.services.interchange import (
    brat_import_summary,
    export_brat,
    import_brat,
    iter_documents_with_annotations,
)
from annotator.services.labels import list_labels
from annotator.services.links import add_link
from annotator.services.project import open_project

TEXT = (
    "Le maire a annoncé lundi une hausse du budget.\n"
    "« Nous tiendrons nos promesses », a-t-il déclaré\n"
    "devant le conseil municipal.\n"
)

pytestmark = pytest.mark.usefixtures("backend")


def span(text: str, part: str) -> str:
    """`start end` of `part` in `text`."""
    start = text.index(part)
    return f"{start} {start + len(part)}"


def write_pair(folder: Path, stem: str, ann: str, text: str = TEXT, txt_stem: str | None = None,
               encoding: bytes | None = None) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{txt_stem or stem}.txt").write_bytes(encoding or text.encode("utf-8"))
    (folder / f"{stem}.ann").write_text(ann, encoding="utf-8")




def test_text_records_notes_relations_and_skipped_kinds(tmp_path) -> None:
    quote = "« Nous tiendrons nos promesses »"
    ann = (
        f"T1\tSource {span(TEXT, 'Le maire')}\tLe maire\n"
        f"T2\tContent {span(TEXT, quote)}\t{quote}\n"
        "#1\tAnnotatorNotes T2\tcitation directe\\nà vérifier\n"
        "R1\tattributed_to Arg1:T2 Arg2:T1\n"
        "A1\tNegated T1\n"
        "E1\tAttribution:T1 Source:T1\n"
    )
    write_pair(tmp_path / "in", "article_alice", ann, txt_stem="article")
    reading = read_brat_folder(tmp_path / "in", label_map={"Source": "source", "Content": "claim"})
    by_label = {a.label: a for a in reading.batch.annotations}
    assert {a.annotator for a in reading.batch.annotations} == {"alice"}
    assert TEXT[by_label["claim"].start:by_label["claim"].end] == quote
    assert by_label["claim"].note == "citation directe\nà vérifier"
    assert by_label["claim"].where == "article_alice.ann, line 2"
    (link,) = reading.batch.links
    assert (link.relation, link.from_annotation_uuid, link.to_annotation_uuid) == (
        "attributed_to", by_label["claim"].uuid, by_label["source"].uuid)
    assert reading.unmapped_types == ()  # Source and Content are mapped
    assert reading.unmapped_relations == ("attributed_to",)
    assert "1 A record(s) in 1 file(s) skipped: attributes are not kept" in reading.skipped
    assert any(s.startswith("1 E record(s) in 1 file(s) skipped: events") for s in reading.skipped)


def test_record_text_continued_on_following_lines(tmp_path) -> None:
    covered = "a-t-il déclaré\ndevant le conseil"
    ann = f"T1\tDiscuss {span(TEXT, covered)}\t{covered}\nT2\tSource {span(TEXT, 'maire')}\tmaire\n"
    write_pair(tmp_path / "in", "doc", ann)
    reading = read_brat_folder(tmp_path / "in", annotator="bob")
    texts = sorted(TEXT[a.start:a.end] for a in reading.batch.annotations)
    assert texts == [covered, "maire"]


def test_discontinuous_span_gives_one_annotation_per_fragment(tmp_path) -> None:
    ann = f"T7\tContent {span(TEXT, 'Le maire')};{span(TEXT, 'une hausse')}\tLe maire une hausse\n"
    write_pair(tmp_path / "in", "doc", ann)
    parts = sorted(read_brat_folder(tmp_path / "in", annotator="bob").batch.annotations,
                   key=lambda a: a.start)
    assert [TEXT[a.start:a.end] for a in parts] == ["Le maire", "une hausse"]
    assert [a.note for a in parts] == ["part 1 of 2 of brat T7", "part 2 of 2 of brat T7"]


def test_fragments_split_at_a_line_break_are_one_annotation(tmp_path) -> None:
    first, second = "a-t-il déclaré", "devant le conseil"
    ann = f"T1\tContent {span(TEXT, first)};{span(TEXT, second)}\t{first} {second}\n"
    write_pair(tmp_path / "in", "doc", ann)
    (one,) = read_brat_folder(tmp_path / "in", annotator="bob").batch.annotations
    assert TEXT[one.start:one.end] == f"{first}\n{second}"
    assert one.note == ""


def test_offsets_counted_on_a_crlf_file_with_bom(tmp_path) -> None:
    raw = "\ufeff" + TEXT.replace("\n", "\r\n")
    ann = f"T1\tSource {span(raw, 'conseil municipal')}\tconseil municipal\n"
    write_pair(tmp_path / "in", "doc", ann, encoding=raw.encode("utf-8"))
    reading = read_brat_folder(tmp_path / "in", annotator="bob")
    (document,) = reading.batch.documents
    (one,) = reading.batch.annotations
    assert document.text == TEXT
    assert document.text[one.start:one.end] == "conseil municipal"


def test_annotator_from_option_name_or_folder(tmp_path) -> None:
    ann = f"T1\tSource {span(TEXT, 'maire')}\tmaire\n"
    write_pair(tmp_path / "in" / "carla", "doc", ann)
    write_pair(tmp_path / "in", "doc2_dana", ann, txt_stem="doc2")
    reading = read_brat_folder(tmp_path / "in")
    assert sorted(a.annotator for a in reading.batch.annotations) == ["carla", "dana"]
    forced = read_brat_folder(tmp_path / "in", annotator="Eve")
    assert {a.annotator for a in forced.batch.annotations} == {"Eve"}


def test_a_top_level_pair_without_annotator_is_refused(tmp_path) -> None:
    write_pair(tmp_path / "in", "doc", f"T1\tSource {span(TEXT, 'maire')}\tmaire\n")
    with pytest.raises(BratProblems, match="doc.ann: no annotator: give --annotator"):
        read_brat_folder(tmp_path / "in")


def test_label_map_option() -> None:
    assert parse_label_map("Source=source, Content=claim") == {"Source": "source", "Content": "claim"}
    assert parse_label_map(None) == {}
    for bad in ("Source", "Source=", "=claim", "Source=source,Content"):
        with pytest.raises(InvalidInput, match="is not TYPE=LABEL"):
            parse_label_map(bad)


@pytest.mark.parametrize(
    ("ann", "message"),
    [
        ("T1\tSource 3 8\tmaire\nX1\tFoo 0 2\tLe\n", "doc_alice.ann, line 2: unknown record type 'X1'"),
        ("T1\tSource 3 8\tmaire\nT2\tSource 50 9000\tbudget\n",
         "doc_alice.ann, line 2: offset 9000 is outside the text"),
        ("T1\tSource 3 8\tmairie\n", "doc_alice.ann, line 1: the covered text 'mairie' does not match"),
        ("T1\tSource 3 8\tmaire\nR1\tattributed_to Arg1:T1 Arg2:T9\n",
         "doc_alice.ann, line 2: relation to unknown id 'T9'"),
    ],
    ids=["unknown-record", "past-the-end", "text-mismatch", "unknown-id"],
)
def test_bad_input_names_file_and_line_and_commits_nothing(tmp_path, ann, message) -> None:
    write_pair(tmp_path / "in", "fine_alice", "T1\tSource 3 8\tmaire\n", txt_stem="fine")
    write_pair(tmp_path / "in", "doc_alice", ann, txt_stem="doc", text="Le maire. " * 10)
    project = open_project(project_place(tmp_path / "p.annotator"))
    before = dump(project.target)
    with pytest.raises(BratProblems) as caught:
        import_brat(project, tmp_path / "in")
    assert message in str(caught.value)
    assert str(caught.value).startswith("nothing was imported")
    project.close()
    assert dump(project.target) == before


def test_unmapped_types_are_created_as_labels_and_reported(tmp_path) -> None:
    ann = (f"T1\tSource {span(TEXT, 'Le maire')}\tLe maire\n"
           f"T2\tCue {span(TEXT, 'a annoncé')}\ta annoncé\n")
    write_pair(tmp_path / "in", "doc_alice", ann, txt_stem="doc")
    project = open_project(project_place(tmp_path / "p.annotator"))
    reading, report = import_brat(project, tmp_path / "in", label_map="Source=source")
    assert reading.unmapped_types == ("Cue",)
    assert report.labels_created == ("Cue",)
    assert report.annotations_added == 2
    assert "Cue" in [label.name for label in list_labels(project)]
    _, again = import_brat(project, tmp_path / "in", label_map="Source=source")
    assert not again.changed  # the same folder a second time adds and updates nothing
    project.close()


def build_project(path: Path | str):
    project = open_project(path)
    (first,) = import_texts(project, [imported(TEXT, name="maire.txt", title="Le maire")])
    other_text = "Second article\n\nLa ministre répond au maire.\n"
    (second,) = import_texts(project, [imported(other_text, name="ministre.txt", title="Second")])
    doc = first.document.id
    claim = add_annotation(project, doc, "claim", "Alice Martin", TEXT.index("« Nous"),
                           TEXT.index("déclaré") + len("déclaré"), note="two lines\nand a\ttab")
    source = add_annotation(project, doc, "source", "Alice Martin", 0, 8)
    add_link(project, claim.id, source.id, "Alice Martin")
    add_annotation(project, doc, "source", "bob", 3, 8)
    add_annotation(project, second.document.id, "claim", "bob", 18, 26)
    return project


def read_tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_export_writes_files_the_reader_reads_back(tmp_path) -> None:
    project = build_project(project_place(tmp_path / "p.annotator"))
    result = export_brat(project, tmp_path / "out")
    files = read_tree(tmp_path / "out")
    assert "annotation.conf" in files and "visual.conf" in files
    stems = sorted(name for name in files if name.endswith(".ann"))
    assert [name.split("/")[0] for name in stems] == ["Alice Martin", "bob", "bob"]
    ann = next(files[n] for n in stems if n.startswith("Alice")).decode()
    assert "AnnotatorNotes T2\ttwo lines\\nand a\\ttab" in ann
    assert "R1\tattributed_to Arg1:T2 Arg2:T1" in ann
    assert result.annotations == 4 and result.links == 1
    reading = read_brat_folder(tmp_path / "out")
    stored = {(a.annotator, a.label, a.start, a.end, a.note)
              for _, _, anns, _ in iter_documents_with_annotations(project) for a in anns}
    assert {(a.annotator, a.label, a.start, a.end, a.note) for a in reading.batch.annotations} == stored
    project.close()


def test_round_trip_export_import_export_gives_identical_files(tmp_path) -> None:
    project = build_project(tmp_path / "a.annotator")
    export_brat(project, tmp_path / "first")
    project.close()
    fresh = open_project(project_place(tmp_path / "b.annotator"))
    _, report = import_brat(fresh, tmp_path / "first")
    assert report.annotations_added == 4 and report.links_added == 1
    assert len(list_documents(fresh)) == 2
    export_brat(fresh, tmp_path / "second")
    fresh.close()
    assert read_tree(tmp_path / "second") == read_tree(tmp_path / "first")


def test_export_refuses_a_folder_that_is_not_empty(tmp_path) -> None:
    project = build_project(project_place(tmp_path / "p.annotator"))
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("mine")
    with pytest.raises(InvalidInput, match="new or empty folder"):
        export_brat(project, tmp_path / "out")
    project.close()


def test_command_line_import_and_export(tmp_path, capsys) -> None:
    ann = f"T1\tSource {span(TEXT, 'Le maire')}\tLe maire\nT2\tCue {span(TEXT, 'annoncé')}\tannoncé\n"
    write_pair(tmp_path / "in", "doc_alice", ann, txt_stem="doc")
    project = str(project_place(tmp_path / "p.annotator"))
    code = main(["import", "--project", project, "--brat", str(tmp_path / "in"),
                 "--map", "Source=source"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "annotations added: 2" in out
    assert "brat entity types used as the labels of the same name: Cue" in out
    code = main(["export", "--project", project, "--format", "brat", "--out", str(tmp_path / "o")])
    out, _ = capsys.readouterr()
    assert code == 0 and "2 spans" in out
    assert (tmp_path / "o" / "alice").is_dir()
    code = main(["import", "--project", project, "--brat", str(tmp_path / "in"), "--map", "Source"])
    _, err = capsys.readouterr()
    assert code == 1 and "--map entry 'Source' is not TYPE=LABEL" in err


def test_covered_text_with_blanks_trimmed_or_added_at_its_end_is_accepted(tmp_path) -> None:
    ann = (f"T1\tSource {span(TEXT, 'Le maire ')}\tLe maire\n"
           f"T2\tCue {span(TEXT, 'annoncé')}\tannoncé  \n")
    write_pair(tmp_path / "in", "doc", ann)
    found = read_brat_folder(tmp_path / "in", annotator="bob").batch.annotations
    assert sorted(TEXT[a.start:a.end] for a in found) == ["Le maire ", "annoncé"]


def test_offsets_counted_in_utf16_units_after_an_emoji_land_on_the_words(tmp_path) -> None:
    text = "Un tweet 😮 du maire 😮 choque.\n"
    units = len("Un tweet 😮 du ".encode("utf-16-le")) // 2  # as INCEpTION (Java) counts
    ann = (f"T1\tSource {units} {units + 5}\tmaire\n"
           f"T2\tCue {span(text, 'choque')}\tchoque\n")  # code points, as brat counts
    write_pair(tmp_path / "in", "doc", ann, text=text)
    found = read_brat_folder(tmp_path / "in", annotator="bob").batch.annotations
    assert sorted(text[a.start:a.end] for a in found) == ["choque", "maire"]


def test_relation_with_its_roles_in_reverse_order_keeps_its_direction(tmp_path) -> None:
    ann = (f"T1\tSource {span(TEXT, 'Le maire')}\tLe maire\n"
           f"T2\tContent {span(TEXT, 'une hausse')}\tune hausse\n"
           "R1\tattributed_to Arg2:T1 Arg1:T2\n")
    write_pair(tmp_path / "in", "doc", ann)
    reading = read_brat_folder(tmp_path / "in", annotator="bob")
    by_uuid = {a.uuid: TEXT[a.start:a.end] for a in reading.batch.annotations}
    (link,) = reading.batch.links
    assert (by_uuid[link.from_annotation_uuid], by_uuid[link.to_annotation_uuid]) == (
        "une hausse", "Le maire")


def test_annotation_ids_stay_those_of_earlier_imports(tmp_path) -> None:
    write_pair(tmp_path / "in", "doc", f"T1\tSource {span(TEXT, 'maire')}\tmaire\n")
    (one,) = read_brat_folder(tmp_path / "in", annotator="bob").batch.annotations
    name = f"{one.document_sha256}:bob:Source:{one.start}:{one.end}"
    assert one.uuid == str(uuid.uuid5(BRAT_NAMESPACE, name))  # re-importing finds them again


def test_a_refused_command_line_import_creates_no_project(tmp_path, capsys) -> None:
    write_pair(tmp_path / "in", "doc_alice", "T1\tSource 3 8\tmairie\n", txt_stem="doc")
    code = main(["import", "--project", str(tmp_path / "new.annotator"), "--brat",
                 str(tmp_path / "in")])
    _, err = capsys.readouterr()
    assert code == 1 and "doc_alice.ann, line 1: the covered text 'mairie'" in err
    assert not (tmp_path / "new.annotator").exists()


def test_summary_names_entity_types_taken_as_labels_apart_from_relation_types(tmp_path) -> None:
    quote = "« Nous tiendrons nos promesses »"
    ann = (f"T1\tSource {span(TEXT, 'Le maire')}\tLe maire\n"
           f"T2\tCue {span(TEXT, 'a annoncé')}\ta annoncé\n"
           f"T3\tContent {span(TEXT, quote)}\t{quote}\n"
           "R1\tattributed_to Arg1:T3 Arg2:T1\n"
           "R2\tframes Arg1:T2 Arg2:T3\n")
    write_pair(tmp_path / "in", "doc_alice", ann, txt_stem="doc")
    project = open_project(project_place(tmp_path / "p.annotator"))
    reading, report = import_brat(project, tmp_path / "in", label_map="Source=source,Content=claim")
    project.close()
    lines = brat_import_summary(reading, report)
    assert "brat entity types used as the labels of the same name: Cue" in lines
    assert ("brat relation types used as the link relations of the same name: attributed_to, "
            "frames") in lines
    assert not any("labels of the same name" in line and "frames" in line for line in lines)


@pytest.mark.parametrize("offsets", ["3 " + "9" * 5000, "3 8;" + "1" * 5000 + " 9"],
                         ids=["fast-path", "fragments"])
def test_an_offset_of_thousands_of_digits_refuses_the_file_naming_the_line(tmp_path, capsys,
                                                                           offsets) -> None:
    from tests.helpers import files_state

    write_pair(tmp_path / "in", "doc_alice", f"T1\tSource 3 8\tmaire\nT2\tSource {offsets}\tx\n",
               txt_stem="doc")
    before = files_state(tmp_path)
    code = main(["import", "--project", str(tmp_path / "new.annotator"), "--brat",
                 str(tmp_path / "in")])
    out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in err
    assert "doc_alice.ann, line 2: offset" in err and "is too large (more than 15 digits)" in err
    assert len(err) < 500  # the number is not repeated whole
    assert files_state(tmp_path) == before
