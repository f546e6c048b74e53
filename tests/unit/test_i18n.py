"""One translation path: French under a French locale, English otherwise, a complete catalogue."""

from __future__ import annotations

import gettext
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from annotator import i18n
from annotator.domain.merge import SKIP_WORDING, MergeReport, Skip, SkipKind
from annotator.domain.wording import counted, first_few, ntext

LOCALE = Path(i18n.__file__).parent / "locale"
CATALOGUES = sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))
NBSP, NNBSP = "\u00a0", "\u202f"


def annotator(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`annotator ARGS` in a fresh process whose locale variables are only `env`."""
    clean = {k: v for k, v in os.environ.items() if k not in i18n.LOCALE_VARIABLES}
    clean["HOME"] = str(tmp_path)  # no user data of the machine's user
    return subprocess.run([sys.executable, "-m", "annotator", *args], capture_output=True, text=True,
                          env={**clean, **env}, timeout=60)


@pytest.fixture
def french():
    i18n.set_language("fr")
    yield
    i18n.set_language("en")


# ----- the command line in French and in English ------------------------------------------------


def test_help_is_french_under_a_french_lang(tmp_path):
    result = annotator(tmp_path, "--help", LANG="fr_FR.UTF-8")
    assert result.returncode == 0
    out = result.stdout
    assert out.startswith(f"utilisation{NBSP}: annotator [-h] [--version] [--project FICHIER]")
    assert "Étiqueter des passages d’articles de presse" in out
    assert "afficher ce message d’aide et quitter" in out  # argparse's own words
    assert "afficher la version du programme et quitter" in out
    assert f"arguments positionnels{NBSP}:" in out
    assert "usage" not in out and "show this help" not in out


def test_subcommand_help_and_errors_are_french(tmp_path):
    help_text = annotator(tmp_path, "export", "--help", LANG="fr_FR.UTF-8").stdout
    assert "--annotator NOM" in help_text and "seulement cet annotateur (répétable)" in help_text
    missing = annotator(tmp_path, "export", LANG="fr_FR.UTF-8")
    assert missing.returncode == 2
    assert (f"annotator export{NBSP}: erreur{NBSP}: les arguments suivants sont obligatoires{NBSP}: "
            "--out/-o") in missing.stderr
    bad_choice = annotator(tmp_path, "stats", "--format", "xls", LANG="fr_FR.UTF-8")
    assert f"choix invalide{NBSP}: 'xls' (choisir parmi 'table', 'csv')" in bad_choice.stderr
    ours = annotator(tmp_path, "import", "-p", str(tmp_path / "p.annotator"), "--sources-folder", "x",
                     LANG="fr_FR.UTF-8")
    assert ours.returncode == 1
    assert ours.stderr == f"annotator{NBSP}: erreur{NBSP}: --sources-folder va avec --qdpx\n"
    assert not (tmp_path / "p.annotator").exists()


def test_english_stays_as_it_was(tmp_path):
    for env in ({"LANG": "C.UTF-8"}, {"LANG": "en_GB.UTF-8"}, {}):
        out = annotator(tmp_path, "--help", **env).stdout
        assert out.startswith("usage: annotator [-h] [--version] [--project FILE]")
        assert "  -h, --help            show this help message and exit" in out
    ours = annotator(tmp_path, "import", "-p", str(tmp_path / "p.annotator"), "--sources-folder", "x",
                     LANG="C.UTF-8")
    assert ours.stderr == "annotator: error: --sources-folder goes with --qdpx\n"


@pytest.mark.parametrize(("env", "expected"), [
    ({"LANGUAGE": "fr", "LANG": "en_US.UTF-8"}, "fr"),  # LANGUAGE first
    ({"LC_ALL": "fr_FR.UTF-8", "LANG": "en_US.UTF-8"}, "fr"),  # then LC_ALL
    ({"LC_MESSAGES": "fr_CA.UTF-8", "LANG": "en_US.UTF-8"}, "fr"),  # then LC_MESSAGES, any region
    ({"LANGUAGE": "en:fr", "LANG": "fr_FR.UTF-8"}, "en"),  # the first language spoken wins
    ({"LANGUAGE": "de:fr", "LANG": "en_US.UTF-8"}, "fr"),  # one not spoken is passed over
    ({"LC_ALL": "C", "LANG": "fr_FR.UTF-8"}, "en"),
    ({"LANG": "fr_FR.UTF-8@euro"}, "fr"),
    ({"LANG": "ja_JP.UTF-8"}, "en"),
    ({}, "en"),
])
def test_the_language_follows_the_locale_variables_as_gettext_reads_them(env, expected):
    assert i18n.resolve_language("", env) == expected


def test_the_users_choice_overrides_the_system():
    assert i18n.resolve_language("en", {"LANG": "fr_FR.UTF-8"}) == "en"
    assert i18n.resolve_language("fr", {"LANG": "C"}) == "fr"


def test_precedence_holds_in_a_real_process(tmp_path):
    assert annotator(tmp_path, "--help", LANGUAGE="fr", LANG="en_US.UTF-8").stdout.startswith("utilisation")
    assert annotator(tmp_path, "--help", LC_ALL="fr_FR.UTF-8", LANG="C").stdout.startswith("utilisation")
    assert annotator(tmp_path, "--help", LANGUAGE="en", LANG="fr_FR.UTF-8").stdout.startswith("usage:")


# ----- plural forms and numbers -------------------------------------------------------------------


def test_english_plurals_and_numbers():
    assert counted(1, "annotation", "annotations") == "1 annotation"
    assert counted(2, "annotation", "annotations") == "2 annotations"
    assert counted(0, "annotation", "annotations") == "0 annotations"
    assert counted(1234, "document", "documents") == "1234 documents"  # as before: no separator
    assert first_few(["a", "b", "c"], 1) == ["  a", "  … and 2 more"]


def test_french_plurals_zero_and_one_are_singular_and_thousands_are_grouped(french):
    assert counted(0, "document", "documents") == "0 document"
    assert counted(1, "document", "documents") == "1 document"
    assert counted(2, "document", "documents") == "2 documents"
    assert counted(1234, "document", "documents") == f"1{NNBSP}234 documents"
    assert i18n.number(1234567) == f"1{NNBSP}234{NNBSP}567"
    assert ntext(1, "{count} imported", "{count} imported") == "1 importé"
    assert ntext(1234, "{count} imported", "{count} imported") == f"1{NNBSP}234 importés"


def test_a_merge_summary_words_its_reason_codes_in_french(french):
    report = MergeReport("bob.annotator", annotations_added=1234, skipped=(
        ("bob.annotator: annotation 1", Skip(SkipKind.UNCHANGED)),
        ("bob.annotator: review 2", Skip(SkipKind.REVIEW_NO_ANNOTATION, "uuid-9")),
    ))
    lines = report.summary_lines()
    assert f"annotations ajoutées{NBSP}: 1{NNBSP}234" in lines
    assert "  1 × annotation inchangée (même UUID, même updated_at)" in lines
    assert "  1 × relecture d’une annotation absente des deux projets" in lines
    assert f"    bob.annotator: review 2{NBSP}: uuid-9" in lines


def test_skips_carry_their_kind_and_read_as_before_in_english():
    skip = Skip(SkipKind.DUPLICATE, "UUID 7")
    assert (skip.kind, skip.detail) == (SkipKind.DUPLICATE, "UUID 7")
    assert skip == ("annotation duplicates an existing one (same document, label, annotator, span): "
                    "UUID 7")
    assert set(SKIP_WORDING) == set(SkipKind)


# ----- the catalogues -------------------------------------------------------------------------------

BRACES = re.compile(r"\{[a-z_]*\}")
PERCENT = re.compile(r"%(?:\([a-z_]+\))?[sdr%]")


def _messages(po: Path):
    with po.open("rb") as stream:
        return [m for m in read_po(stream) if m.id]


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: f"{p.parts[-3]}/{p.name}")
def test_every_message_is_translated_keeping_its_placeholders_and_french_typography(po):
    for message in _messages(po):
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert "fuzzy" not in message.flags, message.id
        assert all(strings), f"{po.name}: not translated: {message.id!r}"
        for string in strings:
            for pattern in (BRACES, PERCENT):
                assert sorted(pattern.findall(string)) == sorted(pattern.findall(ids[-1])), string
            if po.parts[-3] == "fr":
                assert not re.search(r" [:;!?]", string), f"plain space before punctuation: {string!r}"
                assert not re.search(r"« | »", string), f"plain space inside guillemets: {string!r}"


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: f"{p.parts[-3]}/{p.name}")
def test_the_committed_mo_says_what_the_po_says(po):
    mo = po.with_suffix(".mo")
    assert mo.is_file(), f"{mo} is missing: pybabel compile -D {po.stem} -d src/annotator/locale"
    with mo.open("rb") as stream:
        compiled = {k: v for k, v in gettext.GNUTranslations(stream)._catalog.items() if k != ""}
    expected = {}
    for message in _messages(po):
        prefix = f"{message.context}\x04" if message.context else ""
        if isinstance(message.id, tuple):
            for index, string in enumerate(message.string):
                expected[(prefix + message.id[0], index)] = string
        else:
            expected[prefix + message.id] = message.string
    assert compiled == expected, (
        f"{mo.name} is stale: pybabel compile -D {po.stem} -d src/annotator/locale")


def test_the_catalogue_is_found_in_the_installed_package():
    entry = i18n.catalogue_file("fr")
    assert entry.is_file() and i18n.catalogue_file("fr", i18n.ARGPARSE_DOMAIN).is_file()
    words = i18n.load_catalogue("fr")
    assert words.gettext("interrupted") == "interrompu"
    assert words.ngettext("files", "files", 0) == "fichier"
    assert i18n.load_catalogue("xx") is i18n.load_catalogue("en")  # a missing one: English


def test_the_wheel_ships_the_compiled_catalogues():
    import tomllib

    config = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text(encoding="utf-8"))
    assert "src/annotator" in config["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"]
    assert {p.with_suffix(".mo").name for p in CATALOGUES} == {"annotator.mo", "argparse.mo"}
