"""Reading article files from disk: encodings, line breaks, titles, bad input and discovery."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from annotator.domain.errors import ImportProblem
from annotator.domain.text import text_sha256
from annotator.io.readers import (
    MAX_FILE_BYTES,
    SUPPORTED_SUFFIXES,
    discover_files,
    read_document_file,
)

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

FRENCH = (
    "Le secr\u00e9taire g\u00e9n\u00e9ral a d\u00e9clar\u00e9 que l\u2019alliance est "
    "pr\u00eate \u00e0 \u00e9tendre sa pr\u00e9sence.\n"
    "Il a parl\u00e9 d\u2019un \u201cmessage clair\u201d et d\u2019un co\u00fbt de 3 000 \u20ac.\n"
)
LATIN1_FRENCH = (
    "No\u00ebl \u00e0 l'\u00e9cole : \u00ab d\u00e9j\u00e0 vu \u00bb, gar\u00e7on tr\u00e8s "
    "fran\u00e7ais.\n\u00c7a co\u00fbte cher, o\u00f9 est l'\u00e9l\u00e8ve ?\n"
)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def problem_reason(path: Path, **kwargs: int) -> str:
    with pytest.raises(ImportProblem) as caught:
        read_document_file(path, **kwargs)
    assert caught.value.path == str(path)
    assert str(path) in str(caught.value)
    return caught.value.reason


# Line breaks and byte-order marks


def test_crlf_file_is_stored_with_lf(tmp_path: Path) -> None:
    path = write(tmp_path, "crlf.txt", b"Titre\r\n\r\nPremier paragraphe.\r\nFin.\r\n")
    assert read_document_file(path).text == "Titre\n\nPremier paragraphe.\nFin.\n"


def test_lone_cr_file_is_stored_with_lf(tmp_path: Path) -> None:
    path = write(tmp_path, "mac.txt", b"Titre\rPremier paragraphe.\rFin.")
    assert read_document_file(path).text == "Titre\nPremier paragraphe.\nFin."


def test_utf8_bom_is_dropped(tmp_path: Path) -> None:
    path = write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + FRENCH.encode("utf-8"))
    imported = read_document_file(path)
    assert imported.text == FRENCH
    assert imported.title.startswith("Le secr\u00e9taire")


def test_utf8_without_bom(tmp_path: Path) -> None:
    path = write(tmp_path, "plain.txt", FRENCH.encode("utf-8"))
    assert read_document_file(path).text == FRENCH


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_with_bom(tmp_path: Path, codec: str) -> None:
    data = ("\ufeff" + FRENCH.replace("\n", "\r\n")).encode(codec)
    path = write(tmp_path, f"{codec}.txt", data)
    assert read_document_file(path).text == FRENCH


def test_cp1252_with_curly_quotes_and_euro_sign(tmp_path: Path) -> None:
    path = write(tmp_path, "windows.txt", FRENCH.encode("cp1252"))
    imported = read_document_file(path)
    assert imported.text == FRENCH
    assert "\u20ac" in imported.text and "\u201cmessage clair\u201d" in imported.text


def test_short_cp1252_line(tmp_path: Path) -> None:
    text = "L\u2019\u00e9t\u00e9 co\u00fbte 5 \u20ac \u2014 \u00ab d\u00e9j\u00e0 \u00bb vu"
    path = write(tmp_path, "short.txt", text.encode("cp1252"))
    assert read_document_file(path).text == text


def test_latin1_french_text(tmp_path: Path) -> None:
    path = write(tmp_path, "latin1.txt", LATIN1_FRENCH.encode("latin-1"))
    assert read_document_file(path).text == LATIN1_FRENCH


def test_single_latin1_word(tmp_path: Path) -> None:
    path = write(tmp_path, "mot.txt", "caf\u00e9".encode("latin-1"))
    assert read_document_file(path).text == "caf\u00e9"


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("El se\u00f1or Garc\u00eda dijo que la econom\u00eda espa\u00f1ola crecer\u00e1 "
         "m\u00e1s r\u00e1pido de lo previsto. \u00bfPor qu\u00e9?", "cp1252"),
        ("Die Bundesregierung hat einen neuen Plan f\u00fcr die Wirtschaft vorgestellt. "
         "Gr\u00f6\u00dfere \u00c4nderungen folgen.", "cp1252"),
        ("Za\u017c\u00f3\u0142\u0107 g\u0119\u015bl\u0105 ja\u017a\u0144. Wczoraj premier "
         "og\u0142osi\u0142, \u017ce rz\u0105d przygotowa\u0142 nowy plan dla gospodarki.",
         "cp1250"),
        ("\u0412\u0447\u0435\u0440\u0430 \u043f\u0440\u0430\u0432\u0438\u0442\u0435"
         "\u043b\u044c\u0441\u0442\u0432\u043e \u043f\u0440\u0435\u0434\u0441\u0442"
         "\u0430\u0432\u0438\u043b\u043e \u043d\u043e\u0432\u044b\u0439 \u043f\u043b"
         "\u0430\u043d \u0434\u043b\u044f \u044d\u043a\u043e\u043d\u043e\u043c\u0438"
         "\u043a\u0438.", "cp1251"),
    ],
    ids=["spanish-cp1252", "german-cp1252", "polish-cp1250", "russian-cp1251"],
)
def test_other_legacy_encodings_are_not_mistaken(tmp_path: Path, text: str, codec: str) -> None:
    path = write(tmp_path, "legacy.txt", text.encode(codec))
    assert read_document_file(path).text == text


# Characters that must survive unchanged


def test_emoji_survive(tmp_path: Path) -> None:
    text = "R\u00e9action \U0001f600 et drapeau \U0001f1eb\U0001f1f7\n"
    path = write(tmp_path, "emoji.txt", text.encode("utf-8"))
    assert read_document_file(path).text == text


def test_combining_accent_stays_two_code_points(tmp_path: Path) -> None:
    path = write(tmp_path, "nfd.txt", "cafe\u0301 noir".encode("utf-8"))
    text = read_document_file(path).text
    assert text == "cafe\u0301 noir"
    assert text[3:5] == "e\u0301"


def test_no_break_space_is_kept(tmp_path: Path) -> None:
    text = "Prix\u00a0: 12\u00a0\u20ac\u202f!"
    path = write(tmp_path, "nbsp.txt", text.encode("utf-8"))
    assert read_document_file(path).text == text


@pytest.mark.parametrize(
    "text",
    [
        "\u0645\u0631\u062d\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645\n"
        "\u0647\u0630\u0627 \u0646\u0635 \u0639\u0631\u0628\u064a.\n",
        "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd\n"
        "\u05d6\u05d4 \u05d8\u05e7\u05e1\u05d8.\n",
    ],
    ids=["arabic", "hebrew"],
)
def test_right_to_left_text(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, "rtl.txt", text.encode("utf-8"))
    imported = read_document_file(path)
    assert imported.text == text
    assert imported.title == text.split("\n")[0]


# Title, date, hash


def test_seed_header_sets_date_and_title_and_stays_in_text(tmp_path: Path) -> None:
    text = (
        " date 2022-11 Un ministre annonce un plan pour l\u2019hiver\n\n"
        "Le gouvernement a pr\u00e9sent\u00e9 mardi un plan.\n"
    )
    path = write(tmp_path, "article.txt", text.replace("\n", "\r\n").encode("utf-8"))
    imported = read_document_file(path)
    assert imported.date == "2022-11"
    assert imported.title == "Un ministre annonce un plan pour l\u2019hiver"
    assert imported.text == text
    assert imported.source_name == "article.txt"
    assert imported.sha256 == text_sha256(text)


def test_plain_file_title_is_first_line_and_no_date(tmp_path: Path) -> None:
    path = write(tmp_path, "note.md", b"\n\n  # Un titre  \n\nCorps.\n")
    imported = read_document_file(path)
    assert imported.title == "# Un titre"
    assert imported.date is None
    assert imported.source_name == "note.md"


def test_long_first_line_gives_short_title(tmp_path: Path) -> None:
    line = "Une phrase tr\u00e8s longue sans retour \u00e0 la ligne " * 20
    path = write(tmp_path, "long.txt", line.encode("utf-8"))
    imported = read_document_file(path)
    assert len(imported.title) <= 200
    assert imported.title.endswith("\u2026")
    assert imported.text == line


def test_same_text_in_different_encodings_has_same_hash(tmp_path: Path) -> None:
    a = read_document_file(write(tmp_path, "a.txt", FRENCH.encode("utf-8")))
    b = read_document_file(write(tmp_path, "b.txt", FRENCH.replace("\n", "\r\n").encode("cp1252")))
    assert a.sha256 == b.sha256


def test_real_seed_file() -> None:
    seeds = sorted(SEEDS.glob("*.txt"))
    assert seeds, f"no seed file in {SEEDS}"
    imported = read_document_file(seeds[0])
    assert imported.date == "2022-11"
    assert imported.title.startswith("Le chef du bloc militaire")
    assert imported.text.startswith(" date 2022-11")
    assert imported.source_name == seeds[0].name
    assert imported.sha256 == text_sha256(imported.text)


# Bad input


def test_missing_file(tmp_path: Path) -> None:
    assert problem_reason(tmp_path / "absent.txt") == "file not found"


def test_folder_is_not_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "articles.txt"
    folder.mkdir()
    assert problem_reason(folder) == "this is a folder, not a file"


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    reason = problem_reason(path)
    assert "too large" in reason
    assert "20 MB" in reason


def test_custom_size_limit(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", b"x" * (3 * 1024 * 1024))
    reason = problem_reason(path, max_bytes=2 * 1024 * 1024)
    assert reason == "file is too large (3 MB; the limit is 2 MB)"


def test_file_at_the_size_limit_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, "exact.txt", b"a" * 1000)
    assert len(read_document_file(path, max_bytes=1000).text) == 1000


def test_empty_file(tmp_path: Path) -> None:
    assert problem_reason(write(tmp_path, "empty.txt", b"")) == "file is empty"


@pytest.mark.parametrize(
    "data",
    [b"  \r\n\t \n", b"\xef\xbb\xbf \n", "\u00a0\n".encode("utf-8"), b"\xff\xfe"],
    ids=["spaces", "utf8-bom", "nbsp", "utf16-bom-only"],
)
def test_whitespace_only_file(tmp_path: Path, data: bytes) -> None:
    reason = problem_reason(write(tmp_path, "blank.txt", data))
    assert reason == "file contains only whitespace, no text"


def test_binary_file_with_nul_bytes(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256))
    assert problem_reason(write(tmp_path, "image.txt", png)) == "binary file, not text"


def test_binary_file_without_nul_bytes(tmp_path: Path) -> None:
    data = bytes(range(1, 256)) * 4
    assert problem_reason(write(tmp_path, "noise.txt", data)) == "binary file, not text"


def test_nul_character_in_utf16_file(tmp_path: Path) -> None:
    data = "\ufeffTitre\x00suite".encode("utf-16-le")
    assert problem_reason(write(tmp_path, "nul.txt", data)) == "binary file, not text"


def test_damaged_utf8_names_the_line(tmp_path: Path) -> None:
    data = "Premi\u00e8re ligne\r\nDeuxi\u00e8me ligne \u00e9t\u00e9\r\n".encode("utf-8")
    data += b"Troisi\xe8me ligne ab\xc3\n"
    reason = problem_reason(write(tmp_path, "damaged.txt", data))
    assert reason == "undecodable bytes on line 3 (not valid UTF-8)"


# Damaged UTF-8 or a legacy encoding: a file that is not valid UTF-8 is refused as damaged UTF-8
# when it has at least as many well-formed non-ASCII UTF-8 characters as malformed bytes;
# otherwise it is read in a legacy encoding (cp1252 for French text).


def _mixed(well_formed: int, malformed: int) -> bytes:
    """A two-line French text: `well_formed` "é" in UTF-8 on line 1, `malformed` "è" in cp1252
    (a byte UTF-8 cannot read) on line 2."""
    return ("Le caf" + "é" * well_formed + " ferme.\n").encode("utf-8") + (
        "Tr" + "è" * malformed + "s tard.\n").encode("cp1252")


@pytest.mark.parametrize(("well_formed", "malformed"), [(2, 2), (3, 2), (1, 1)],
                         ids=["as-many", "one-more-well-formed", "one-of-each"])
def test_at_least_as_many_good_utf8_characters_as_bad_bytes_is_refused_as_damaged_utf8(
    tmp_path: Path, well_formed: int, malformed: int
) -> None:
    path = write(tmp_path, "damaged.txt", _mixed(well_formed, malformed))
    assert problem_reason(path) == "undecodable bytes on line 2 (not valid UTF-8)"


@pytest.mark.parametrize(("well_formed", "malformed"), [(1, 2), (2, 3)],
                         ids=["one-and-two", "two-and-three"])
def test_one_bad_byte_more_than_good_utf8_characters_is_read_as_cp1252(
    tmp_path: Path, well_formed: int, malformed: int
) -> None:
    record = read_document_file(write(tmp_path, "legacy.txt", _mixed(well_formed, malformed)))
    assert record.text == "Le caf" + "Ã©" * well_formed + " ferme.\nTr" + "è" * malformed + "s tard.\n"
    assert record.title == "Le caf" + "Ã©" * well_formed + " ferme."


def test_a_replacement_character_the_file_holds_counts_as_good_utf8(tmp_path: Path) -> None:
    # Two well-formed characters ("é" and a real U+FFFD) and two bad bytes: damaged UTF-8.
    data = "Le café \ufffd ferme.\n".encode("utf-8") + "Très tard, très.\n".encode("cp1252")
    reason = problem_reason(write(tmp_path, "damaged.txt", data))
    assert reason == "undecodable bytes on line 2 (not valid UTF-8)"


def test_bad_bytes_after_utf8_bom(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbfTitre\n\xff\xfe suite"
    reason = problem_reason(write(tmp_path, "bom-bad.txt", data))
    assert reason == "undecodable bytes on line 2 (not valid UTF-8)"


def test_odd_length_utf16_file(tmp_path: Path) -> None:
    data = "\ufeffTitre\nsuite".encode("utf-16-le") + b"x"
    reason = problem_reason(write(tmp_path, "odd.txt", data))
    assert reason == "undecodable bytes on line 2 (not valid UTF-16)"


def test_lone_surrogate_in_utf16_file(tmp_path: Path) -> None:
    data = b"\xfe\xff" + "Titre ".encode("utf-16-be") + b"\xd8\x00" + "x".encode("utf-16-be")
    reason = problem_reason(write(tmp_path, "surrogate.txt", data))
    assert reason == "undecodable bytes on line 1 (not valid UTF-16)"


@pytest.mark.skipif(
    sys.platform == "win32" or os.geteuid() == 0, reason="needs POSIX permissions, not root"
)
def test_unreadable_file(tmp_path: Path) -> None:
    path = write(tmp_path, "secret.txt", b"texte")
    path.chmod(0)
    try:
        assert problem_reason(path) == "cannot read the file (permission denied)"
    finally:
        path.chmod(0o600)


# Discovery


def make_tree(root: Path) -> None:
    (root / "b" / "deep").mkdir(parents=True)
    (root / "a").mkdir()
    (root / ".hidden").mkdir()
    for name in ["z.txt", "a/one.md", "a/two.TXT", "b/deep/three.txt", "b/image.png"]:
        (root / name).write_bytes(b"texte")
    (root / "b" / ".cache.txt").write_bytes(b"texte")
    (root / ".hidden" / "secret.txt").write_bytes(b"texte")
    (root / "photo.png").write_bytes(b"\x89PNG")


def test_folders_are_walked_recursively_in_sorted_order(tmp_path: Path) -> None:
    make_tree(tmp_path)
    files, problems = discover_files([tmp_path])
    assert problems == []
    assert [file.relative_to(tmp_path.resolve()).as_posix() for file in files] == [
        "z.txt",
        "a/one.md",
        "a/two.TXT",
        "b/deep/three.txt",
    ]


def test_discovery_is_deterministic(tmp_path: Path) -> None:
    make_tree(tmp_path)
    assert discover_files([tmp_path])[0] == discover_files([tmp_path])[0]


def test_no_duplicates_when_paths_overlap(tmp_path: Path) -> None:
    make_tree(tmp_path)
    inner = tmp_path / "a" / "one.md"
    again = tmp_path / "a" / ".." / "a" / "one.md"
    files, problems = discover_files([inner, tmp_path, again, tmp_path / "a"])
    assert problems == []
    assert len(files) == len(set(files)) == 4
    assert files[0] == inner.resolve()


def test_named_file_with_supported_suffix_is_taken(tmp_path: Path) -> None:
    path = write(tmp_path, ".private.txt", b"texte")
    assert discover_files([path]) == ([path.resolve()], [])


def test_named_file_with_other_suffix_is_a_problem(tmp_path: Path) -> None:
    pdf = write(tmp_path, "rapport.png", b"\x89PNG")
    bare = write(tmp_path, "LISEZMOI", b"texte")
    files, problems = discover_files([pdf, bare])
    assert files == []
    assert [(p.path, p.reason) for p in problems] == [
        (str(pdf), "unsupported file type .png (supported: .txt, .md, .html, .htm, .docx, .pdf)"),
        (str(bare), "unsupported file type (no extension) (supported: .txt, .md, .html, .htm, .docx, .pdf)"),
    ]


def test_folder_without_supported_files_is_a_problem(tmp_path: Path) -> None:
    folder = tmp_path / "images"
    folder.mkdir()
    (folder / "photo.jpg").write_bytes(b"\xff\xd8")
    files, problems = discover_files([folder])
    assert files == []
    assert len(problems) == 1
    assert problems[0].path == str(folder)
    assert problems[0].reason == (
        "no supported files in this folder (supported: .txt, .md, .html, .htm, .docx, .pdf)"
    )


def test_missing_path_is_a_problem_and_others_still_found(tmp_path: Path) -> None:
    good = write(tmp_path, "ok.txt", b"texte")
    missing = tmp_path / "nowhere"
    files, problems = discover_files([missing, good])
    assert files == [good.resolve()]
    assert [(p.path, p.reason) for p in problems] == [(str(missing), "file or folder not found")]


def test_supported_suffixes() -> None:
    assert SUPPORTED_SUFFIXES == (".txt", ".md", ".html", ".htm", ".docx", ".pdf")
    assert MAX_FILE_BYTES == 20 * 1024 * 1024
