"""The one translation path of Annotator, for the window and the command line alike.

Qt-free and standard library only, so that every layer may word what it shows through it.

Marking a string (the extractor, `pybabel extract`, reads these names; see docs/translating.md):

- `_("Merge refused")` — a sentence shown now;
- `ngettext("{count} link written", "{count} links written", n)` — with plural forms (better:
  `annotator.domain.wording.ntext`, which also fills in `{count}` with `number(n)`);
- `pgettext("menu", "Open")`, `npgettext(...)` — the same words meaning different things;
- `N_("annotation unchanged")` — marked for the catalogue but translated later, where it is
  shown (module constants, reason codes' wordings: never call `_()` at import time).

Placeholders are named, in braces, filled with `str.format` after translation:
`_("{count} annotations written to {file}").format(...)` — never an f-string inside `_()`.

Which language: `setup()` takes the user's choice (the window's View → Language, "" to follow
the system), else the system's, read as gettext reads it: the first of LANGUAGE (a list, `fr:en`),
LC_ALL, LC_MESSAGES, LANG that is set. The first entry Annotator speaks wins; `C`, `POSIX` and
`en…` are English, the language of the source. Until `setup()` runs everything is English (a
library call, a test). The command line follows the system; the window also reads the setting.

The catalogue: `locale/<lang>/LC_MESSAGES/annotator.po` is the source, and the compiled
`annotator.mo` beside it is committed. A clean clone, an editable install, `PYTHONPATH=src` and
the wheel (hatch ships every file of the package) then all work with the standard library alone,
and Babel stays a tool of whoever edits the catalogue, not a dependency of the program. The test
`tests/unit/test_i18n.py` fails when the `.mo` no longer says what the `.po` says, naming the
command that compiles it. The catalogue is read with `importlib.resources`, so it is found
wherever the package is.

argparse words its own help and errors ("usage:", "show this help message and exit") through
the module-level names `_` and `ngettext` it imported from gettext; `locale/<lang>/LC_MESSAGES/
argparse.po` holds those strings (extracted from the standard library's argparse), and
`setup()` points argparse's two names at that catalogue (and back at gettext's in English).

Numbers: `number(1234)` is `1234` in English (as before) and `1 234` in French, grouped with
U+202F NARROW NO-BREAK SPACE, as French typography and CLDR write it: the figure never breaks
across lines. The French catalogue uses U+00A0 NO-BREAK SPACE before `:` and U+202F before
`; ! ?` and inside « ».
"""

from __future__ import annotations

import argparse
import gettext
import math
import os
from collections.abc import Mapping
from importlib import resources
from importlib.resources.abc import Traversable

DOMAIN = "annotator"
#: argparse's own strings live in a catalogue of their own (see the module docstring).
ARGPARSE_DOMAIN = "argparse"
SOURCE_LANGUAGE = "en"
#: The languages Annotator speaks, each named in itself (for a language menu).
LANGUAGES: dict[str, str] = {"en": "English", "fr": "Français"}
#: The variables gettext reads, in its order; the first one set decides.
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
#: What the French catalogue groups thousands with (U+202F NARROW NO-BREAK SPACE).
FRENCH_THOUSANDS = "\u202f"

_ENGLISH = gettext.NullTranslations()
_translations: gettext.NullTranslations = _ENGLISH
_language = SOURCE_LANGUAGE


def _(message: str) -> str:
    """`message` in the current language."""
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of `singular`/`plural` for `n` in the current language (French: 0 and 1 singular)."""
    return _translations.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """`message` as meant in `context` (for words that translate differently in two places)."""
    return _translations.pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    """`ngettext` within a context."""
    return _translations.npgettext(context, singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 - the name the extractor knows
    """Mark `message` for the catalogue without translating it now (translate it with `_()` where
    it is shown)."""
    return message


def number(n: int, grouped: bool = False) -> str:
    """A whole number as the current language writes it: `1234` in English, `1 234` in French;
    `grouped` for figures English shows with commas (`1,234`: hit counts, resamples)."""
    if _language == "fr":
        return f"{n:,}".replace(",", FRENCH_THOUSANDS)
    return f"{n:,}" if grouped else str(n)


def decimal(value: float, places: int = 2) -> str:
    """A figure with `places` decimals as the current language writes it: `0.8123`, `1234.5` in
    English (as before), `0,8123`, `1 234,5` in French (decimal comma, thousands grouped with
    U+202F). Files meant for programs (CSV, JSON) never go through this."""
    if _language == "fr":
        return f"{value:,.{places}f}".replace(",", FRENCH_THOUSANDS).replace(".", ",")
    return f"{value:.{places}f}"


def percent(share: float, places: int = 0) -> str:
    """A share (0.95) as a percentage in the current language: `95%` in English, `95 %` in
    French (U+202F before the sign)."""
    return pgettext("percentage", "{value}%").format(value=decimal(share * 100, places))


def interval(low: float, high: float, places: int = 4) -> str:
    """An interval of two figures in the current language: `[0.1234, 0.5678]` in English,
    `[0,1234 ; 0,5678]` in French (the comma is the decimal one there)."""
    return pgettext("interval", "[{low}, {high}]").format(low=decimal(low, places),
                                                         high=decimal(high, places))


def _size_parts(n_bytes: int, round_up: bool) -> tuple[float, int, str]:
    """A size as (value, decimals, unit): kilobytes below a tenth of a megabyte, else megabytes
    to a tenth (none when whole)."""
    if n_bytes < 1024 * 1024 // 10:
        kib = n_bytes / 1024
        return (math.ceil(kib) if round_up else round(kib)), 0, "KB"
    tenths = n_bytes * 10 / (1024 * 1024)
    tenths = math.ceil(tenths) if round_up else round(tenths)
    return tenths / 10, (0 if tenths % 10 == 0 else 1), "MB"


def size(n_bytes: int, round_up: bool = False) -> str:
    """A file size for people in the current language: `5 MB`, `3.5 MB` (tenths), `12 KB` below a
    tenth of a megabyte; `5 Mo`, `3,5 Mo`, `12 Ko` in French. `round_up` for what a file holds
    (never shown under its limit)."""
    value, places, unit = _size_parts(n_bytes, round_up)
    shown = decimal(value, places)
    if unit == "KB":
        return pgettext("file size", "{value} KB").format(value=shown)
    return pgettext("file size", "{value} MB").format(value=shown)


class Size(str):
    """A file size kept as a value of a reason code: as a string the English (`5 MB`, what logs
    and `str()` of an error read); `shown()` in the reader's language, where the reason is worded."""

    __slots__ = ("n_bytes", "round_up")
    n_bytes: int
    round_up: bool

    def __new__(cls, n_bytes: int, round_up: bool = False) -> Size:
        value, places, unit = _size_parts(n_bytes, round_up)
        made = super().__new__(cls, f"{value:.{places}f} {unit}")
        made.n_bytes = n_bytes
        made.round_up = round_up
        return made

    def __reduce__(self) -> tuple[object, ...]:
        return Size, (self.n_bytes, self.round_up)

    def shown(self) -> str:
        """The size in the current language."""
        return size(self.n_bytes, self.round_up)


class Figure(str):
    """A figure kept as a value of a reason code (seconds waited): as a string the English, as
    `:g` writes it (`3.5`, `5`); `shown()` in the reader's language (`3,5` in French)."""

    __slots__ = ("value",)
    value: float

    def __new__(cls, value: float) -> Figure:
        made = super().__new__(cls, f"{value:g}")
        made.value = value
        return made

    def __reduce__(self) -> tuple[object, ...]:
        return Figure, (self.value,)

    def shown(self) -> str:
        """The figure in the current language, with as many decimals as its English shows."""
        english = str(self)
        if "e" in english or "n" in english:  # an exponent, inf or nan: as Python writes it
            return english
        return decimal(self.value, len(english.partition(".")[2]))


def language() -> str:
    """The language in force: a key of LANGUAGES."""
    return _language


def requested_languages(choice: str = "", environ: Mapping[str, str] | None = None) -> list[str]:
    """The languages asked for, best first: the user's `choice`, else the first locale variable
    set (LANGUAGE may list several, separated by colons)."""
    if choice:
        return [choice]
    environ = os.environ if environ is None else environ
    for variable in LOCALE_VARIABLES:
        value = environ.get(variable)
        if value:
            return [item for item in value.split(":") if item]
    return []


def _candidates(name: str) -> list[str]:
    """`fr_FR.UTF-8@euro` -> [`fr_FR`, `fr`]."""
    base = name.split(".", 1)[0].split("@", 1)[0]
    return [base, base.split("_", 1)[0]] if "_" in base else [base]


def resolve_language(choice: str = "", environ: Mapping[str, str] | None = None) -> str:
    """The language Annotator will speak: the first one asked for that it knows (`C`, `POSIX`
    and English variants are English); English when none is."""
    for name in requested_languages(choice, environ):
        for candidate in _candidates(name):
            if candidate in ("C", "POSIX"):
                return SOURCE_LANGUAGE
            if candidate.lower() in LANGUAGES:
                return candidate.lower()
    return SOURCE_LANGUAGE


def catalogue_file(lang: str, domain: str = DOMAIN) -> Traversable:
    """The compiled catalogue of `domain` in `lang`, inside the installed package."""
    return resources.files("annotator").joinpath("locale", lang, "LC_MESSAGES", f"{domain}.mo")


def load_catalogue(lang: str, domain: str = DOMAIN) -> gettext.NullTranslations:
    """The translations of `domain` in `lang` (English and missing catalogues: none)."""
    if lang == SOURCE_LANGUAGE:
        return _ENGLISH
    entry = catalogue_file(lang, domain)
    try:
        with entry.open("rb") as stream:
            return gettext.GNUTranslations(stream)
    except FileNotFoundError:
        return _ENGLISH


def set_language(lang: str) -> str:
    """Speak `lang` (a key of LANGUAGES; anything else is English) from now on, argparse's own
    strings included; the language now in force."""
    global _translations, _language
    lang = lang if lang in LANGUAGES else SOURCE_LANGUAGE
    _translations = load_catalogue(lang)
    _language = lang
    if lang == SOURCE_LANGUAGE:
        argparse._ = gettext.gettext  # type: ignore[attr-defined]
        argparse.ngettext = gettext.ngettext  # type: ignore[attr-defined]
    else:
        words = load_catalogue(lang, ARGPARSE_DOMAIN)
        argparse._ = words.gettext  # type: ignore[attr-defined]
        argparse.ngettext = words.ngettext  # type: ignore[attr-defined]
    return lang


def setup(choice: str = "", environ: Mapping[str, str] | None = None) -> str:
    """Speak the user's `choice` ("" = follow the system's locale variables); the language now in
    force. Call it before building anything that shows text."""
    return set_language(resolve_language(choice, environ))
