"""The wide table and the CoNLL tokens as researchers read them back, and what both refuse."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from tests.pg_cluster import project_place

from annotator.cli import main
from annotator.domain.token_tags import bio_tags
from annotator.io.wide_export import join_texts, split_texts
from annotator.services.annotations import add_annotation
from annotator.services.documents import import_texts
from annotator.services.labels import add_label
from annotator.services.project import open_project
from helpers import files_state, imported, span_of

#: Every test here runs with a project file and with a project on a PostgreSQL server.
pytestmark = pytest.mark.usefixtures("backend")

pd = pytest.importorskip("pandas")

#: Emoji (one code point, and one with a skin tone: two), a combining accent, a pipe, quotes.
FIRST = (
    "Le ministre de\u0301fend la re\u0301forme 👍🏽 selon l’AFP 😮.\n"
    "« NA » dit-il, puis a | b, \"cité\" =SOMME(A1).\n"
)
SECOND = "Deuxième article: l’opposition parle d’un désastre.\n"
COMMA_LABEL = "Source, named"


@pytest.fixture
def corpus(tmp_path):
    """Four documents: two with spans (overlapping, of two annotators), one without, one empty."""
    path = project_place(tmp_path / "p.annotator")
    project = open_project(path)
    first, second, bare, empty = (outcome.document for outcome in import_texts(project, [
        imported(FIRST, "first.txt", "Premier, « titre »", "2024-03-01", outlet="Le Monde",
                 url="https://example.org/1", author="A. Auteur", language="fr"),
        imported(SECOND, "second.txt", "Second"),
        imported("Rien à signaler ici.\n", "bare.txt", "Bare"),
        imported("", "empty.txt", "Empty"),
    ]))
    add_label(project, COMMA_LABEL, "#123456")
    spans = [
        (first, "source", "Le ministre", "ana"),
        (first, "claim", "ministre de\u0301fend la re\u0301forme", "ana"),  # overlaps the source
        (first, "source", "l’AFP 😮", "ana"),
        (first, "claim", "NA", "ana"),
        (first, "framing", "a | b, \"cité\"", "ana"),
        (first, "claim", "=SOMME(A1)", "ana"),
        (first, COMMA_LABEL, "👍🏽", "ana"),
        (first, "source", "Le ministre", "bob"),
        (second, "claim", "l’opposition parle", "ana"),
        (second, "source", "désastre", "bob"),
    ]
    for doc, label, part, who in spans:
        text = FIRST if doc is first else SECOND
        add_annotation(project, doc.id, label, who, *span_of(text, part))
    ids = {"first": first.uuid, "second": second.uuid, "bare": bare.uuid, "empty": empty.uuid}
    project.close()
    return path, ids


def export(path, out, *options):
    return main(["export", "-p", str(path), "--out", str(out), *options])


def read_wide(out, **kwargs):
    return pd.read_csv(out, keep_default_na=False, dtype=str, **kwargs)


def read_conll(out):
    return pd.read_csv(out, sep="\t", quoting=csv.QUOTE_NONE, keep_default_na=False, dtype=str)


# --- wide ---------------------------------------------------------------------------------------


def test_wide_has_one_row_per_document_with_counts_and_texts_per_label_in_codebook_order(corpus, tmp_path):
    path, ids = corpus
    out = tmp_path / "wide.csv"
    assert export(path, out, "--format", "wide") == 0
    df = read_wide(out)
    assert list(df.columns) == [
        "document_id", "document_title", "document_date", "document_outlet", "document_url",
        "document_author", "document_language", "document_source_name", "document_sha256",
        "document_length",
        "count:source", "texts:source", "count:claim", "texts:claim",
        "count:framing", "texts:framing", f"count:{COMMA_LABEL}", f"texts:{COMMA_LABEL}",
    ]
    assert list(df.document_id) == [ids["first"], ids["second"], ids["bare"], ids["empty"]]
    first = df.iloc[0]
    assert (first.document_title, first.document_date, first.document_outlet, first.document_url,
            first.document_author, first.document_language, first.document_source_name) == (
        "Premier, « titre »", "2024-03-01", "Le Monde", "https://example.org/1", "A. Auteur", "fr",
        "first.txt")
    assert first.document_length == str(len(FIRST))
    # both annotators' spans, in text order; "NA", the pipe, quotes and the emoji come back as is
    assert first["count:source"] == "3"
    assert split_texts(first["texts:source"]) == ["Le ministre", "Le ministre", "l’AFP 😮"]
    assert split_texts(first["texts:claim"]) == [
        "ministre de\u0301fend la re\u0301forme", "NA", "=SOMME(A1)"]
    assert split_texts(first["texts:framing"]) == ["a | b, \"cité\""]
    assert first["texts:framing"] == "a \\| b, \"cité\""
    assert split_texts(first[f"texts:{COMMA_LABEL}"]) == ["👍🏽"]
    for name in ("bare", "empty"):
        row = df[df.document_id == ids[name]].iloc[0]
        assert [row[f"count:{label}"] for label in ("source", "claim", "framing", COMMA_LABEL)] == ["0"] * 4
        assert row["texts:source"] == ""
    assert df[df.document_id == ids["empty"]].iloc[0].document_length == "0"


def test_the_texts_separator_round_trips_every_text():
    texts = ["a | b", "|", " | ", "x\\", "\\|", "line\nbreak", " ", "NA", "", "trailing |"]
    for n in range(1, len(texts) + 1):
        assert split_texts(join_texts(texts[:n])) == texts[:n]
    assert split_texts(join_texts([])) == []


def test_wide_filters_pick_annotators_labels_and_documents(corpus, tmp_path):
    path, ids = corpus
    out = tmp_path / "wide.csv"
    assert export(path, out, "--format", "wide", "--annotator", "bob", "--label", "SOURCE",
                  "--label", "claim", "--document", "second.txt", "--document", ids["first"]) == 0
    df = read_wide(out)
    assert list(df.columns)[10:] == ["count:source", "texts:source", "count:claim", "texts:claim"]
    assert list(df.document_id) == [ids["first"], ids["second"]]
    assert list(df["texts:source"]) == ["Le ministre", "désastre"]
    assert list(df["count:claim"]) == ["0", "0"]


def test_wide_for_spreadsheets_has_a_bom_and_defused_formulas(corpus, tmp_path):
    path, _ = corpus
    out = tmp_path / "wide.csv"
    assert export(path, out, "--format", "wide", "--spreadsheet", "--label", "claim") == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    df = read_wide(out, encoding="utf-8-sig")
    assert df["texts:claim"][1] == "l’opposition parle"
    assert split_texts(df["texts:claim"][0])[2] == "=SOMME(A1)"  # inside the cell: not evaluated
    assert export(path, out, "--format", "wide", "--spreadsheet", "--label", "claim",
                  "--document", "second.txt", "--annotator", "nobody-else") == 1  # unknown: refused


def test_wide_refuses_unknown_filters_before_writing_anything(corpus, tmp_path, capsys):
    path, _ = corpus
    out = tmp_path / "wide.csv"
    out.write_text("earlier export\n", encoding="utf-8")
    before = files_state(tmp_path)
    assert export(path, out, "--format", "wide", "--label", "nope") == 1
    assert "unknown label 'nope'" in capsys.readouterr().err
    assert export(path, out, "--format", "wide", "--annotator", "carol") == 1
    assert export(path, out, "--format", "wide", "--document", "missing.txt") == 1
    assert export(path, path, "--format", "wide") == 1  # never over the project
    assert files_state(tmp_path) == before


# --- CoNLL --------------------------------------------------------------------------------------


def test_conll_tokens_slice_the_stored_text_and_carry_one_tag_column_per_label(corpus, tmp_path):
    path, ids = corpus
    out = tmp_path / "tokens.tsv"
    assert export(path, out, "--format", "conll", "--annotator", "ana") == 0
    df = read_conll(out)
    assert list(df.columns) == ["document_id", "token", "text", "start", "end", "bio:source", "bio:claim",
                                "bio:framing", f"bio:{COMMA_LABEL}"]
    texts = {ids["first"]: FIRST, ids["second"]: SECOND, ids["bare"]: "Rien à signaler ici.\n"}
    assert set(df.document_id) == set(texts)  # the bare document has no spans but its tokens come
    for row in df.itertuples():
        assert texts[row.document_id][int(row.start):int(row.end)] == row.text
    first = df[df.document_id == ids["first"]]
    assert list(first.token) == [str(i) for i in range(len(first))]
    tags = {row.text: (row[6], row[7], row[8], row[9]) for row in first.itertuples()}
    # overlapping spans of two labels both survive
    assert tags["Le"] == ("B-source", "O", "O", "O")
    assert tags["ministre"] == ("I-source", "B-claim", "O", "O")
    assert tags["de\u0301fend"] == ("O", "I-claim", "O", "O")  # the combining accent stays in its word
    assert tags["re\u0301forme"] == ("O", "I-claim", "O", "O")
    assert tags["NA"] == ("O", "B-claim", "O", "O")
    assert tags["😮"] == ("I-source", "O", "O", "O")
    assert tags["|"] == ("O", "O", "I-framing", "O")
    assert tags['"'] == ("O", "O", "I-framing", "O")
    assert tags["👍"] == ("O", "O", "O", f"B-{COMMA_LABEL}")
    assert tags["🏽"] == ("O", "O", "O", f"I-{COMMA_LABEL}")  # each emoji code point is a token
    emoji = first[first.text == "😮"].iloc[0]
    assert (int(emoji.start), int(emoji.end)) == span_of(FIRST, "😮")  # code points, not UTF-16


def test_conll_puts_a_blank_line_after_each_document_and_none_for_an_empty_one(corpus, tmp_path):
    path, ids = corpus
    out = tmp_path / "tokens.tsv"
    assert export(path, out, "--format", "conll", "--annotator", "ana") == 0
    raw = out.read_bytes().decode("utf-8")
    assert "\r" not in raw and raw.endswith("\n\n")
    blocks = raw.split("\n\n")
    assert blocks[-1] == ""
    documents = [block.splitlines()[-1].split("\t")[0] for block in blocks[:-1]]
    assert documents == [ids["first"], ids["second"], ids["bare"]]  # the empty one has no lines
    assert ids["empty"] not in raw


def test_conll_refuses_several_annotators_and_takes_the_one_picked(corpus, tmp_path, capsys):
    path, ids = corpus
    out = tmp_path / "tokens.tsv"
    assert export(path, out, "--format", "conll") == 1
    err = capsys.readouterr().err
    assert "ana, bob" in err and "--annotator" in err
    assert not out.exists()
    assert export(path, out, "--format", "conll", "--annotator", "ana", "--annotator", "bob") == 1
    assert export(path, out, "--format", "conll", "--annotator", "bob", "--label", "source",
                  "--document", "second.txt") == 0
    df = read_conll(out)
    assert list(df.columns)[5:] == ["bio:source"]
    assert set(df.document_id) == {ids["second"]}
    assert [row.text for row in df.itertuples() if row[6] != "O"] == ["désastre"]
    # one annotator's spans in the selection: no --annotator needed
    assert export(path, out, "--format", "conll", "--document", "second.txt", "--label", "claim") == 0
    assert list(read_conll(out)["bio:claim"])[2:8] == ["O", "B-claim", "I-claim", "I-claim", "I-claim", "O"]


def test_conll_refuses_spreadsheet_and_labels_that_would_break_its_columns(corpus, tmp_path, capsys):
    path, _ = corpus
    out = tmp_path / "tokens.tsv"
    assert export(path, out, "--format", "conll", "--annotator", "ana", "--spreadsheet") == 1
    assert "--spreadsheet goes with CSV only" in capsys.readouterr().err
    project = open_project(path)
    add_label(project, "tab\there", "#654321")
    project.close()
    assert export(path, out, "--format", "conll", "--annotator", "ana") == 1
    assert "'tab\\there'" in capsys.readouterr().err
    assert not out.exists()
    assert export(path, out, "--format", "conll", "--annotator", "ana", "--label", "source") == 0


def test_conll_to_stdout(corpus, capsysbinary):
    path, ids = corpus
    assert main(["export", "-p", str(path), "--out", "-", "--format", "conll", "--annotator", "bob",
                 "--document", "second.txt"]) == 0
    lines = capsysbinary.readouterr().out.decode("utf-8").split("\n")
    assert lines[0].startswith("document_id\ttoken\ttext\tstart\tend\tbio:source")
    assert lines[1].startswith(f"{ids['second']}\t0\tDeuxième\t0\t8\t")


def test_bio_tags_mark_whole_tokens_and_a_begin_wherever_a_span_of_the_label_begins():
    text = "alpha beta gamma delta"
    spans = [
        ("L", 2, 8),     # starts inside "alpha", ends inside "beta": both whole tokens
        ("L", 6, 16),    # overlaps: beta gamma, with its own B
        ("L", 17, 22),   # delta touches nothing above: a new B
        ("M", 5, 6),     # white space only: no token
        ("X", 0, 5),     # a label not asked for
    ]
    tokens, (tags_l, tags_m) = bio_tags(text, spans, ["L", "M"])
    assert [text[s:e] for s, e in tokens] == ["alpha", "beta", "gamma", "delta"]
    assert tags_l == ["B-L", "B-L", "I-L", "B-L"]
    assert tags_m == ["O", "O", "O", "O"]
    assert bio_tags("", [("L", 0, 1)], ["L"]) == ([], [[]])


# --- the long export and the help ---------------------------------------------------------------


def test_a_span_whose_text_is_na_survives_a_pandas_read_of_the_long_export(corpus, tmp_path):
    path, _ = corpus
    out = tmp_path / "long.csv"
    assert export(path, out, "--label", "claim", "--annotator", "ana") == 0
    df = pd.read_csv(out, keep_default_na=False, dtype=str)
    assert "NA" in list(df.text)
    assert "" in list(df.note)  # empty cells stay empty strings, not missing
    default = pd.read_csv(out, dtype=str)
    assert default.text.isna().any()  # what the README warns against


def test_export_help_describes_the_wide_and_conll_formats(capsys):
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "{csv,jsonl,brat,qdpx,wide,conll}" in text
    assert "one row per document" in text and "count:LABEL" in text and "texts:LABEL" in text
    assert "one line per token" in text and "bio:LABEL" in text and "--annotator" in text


def _readme_python(heading: str) -> str:
    """The first Python block of the README after `heading`."""
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    after = readme.split(heading, 1)[1]
    return after.split("```python\n", 1)[1].split("```", 1)[0]


def test_the_readme_recipes_read_the_wide_and_conll_files_back_exactly(corpus, tmp_path, monkeypatch):
    path, ids = corpus
    monkeypatch.chdir(tmp_path)
    assert export(path, "documents.csv", "--format", "wide") == 0
    assert export(path, "tokens.tsv", "--format", "conll", "--annotator", "ana") == 0
    wide: dict = {"pd": pd}
    exec(_readme_python("#### One row per document"), wide)  # noqa: S102 (the README's own lines)
    assert list(wide["claims"]) == [
        ["ministre de\u0301fend la re\u0301forme", "NA", "=SOMME(A1)"], ["l’opposition parle"], [], []]
    assert list(wide["counts"]["count:source"]) == [3, 1, 0, 0]
    conll: dict = {"pd": pd}
    exec(_readme_python("#### Tokens for NLP training"), conll)  # noqa: S102
    tokens = conll["df"]
    first = tokens[tokens.document_id == ids["first"]]
    assert all(FIRST[s:e] == t for s, e, t in zip(first.start, first.end, first.text, strict=True))
    assert "NA" in set(first.text) and '"' in set(first.text)
