"""Proposed quotations, their speakers and the link between them, found by rules in French and English text.

`propose(text, language)` returns proposals in reading order; nothing here is stored or shown, and a
proposal is not an annotation until an analyst accepts it.
"""

from __future__ import annotations

from typing import NamedTuple

CLAIM = "claim"
SOURCE = "source"
LANGUAGES = ("fr", "en")


class Proposal(NamedTuple):
    """One proposed span [start, end) in code points of the stored text.

    `kind` is `CLAIM` or `SOURCE`; for a claim, `source` is the index (in the returned sequence) of the source
    proposal it is attributed to, else None. Sources have `source` None.
    """

    kind: str
    start: int
    end: int
    source: int | None = None


def detect_language(text: str) -> str | None:
    """'fr' or 'en' when the text is clearly one of them, else None."""
    from annotator.domain.suggest.language import detect

    return detect(text)


def propose(text: str, language: str | None = None) -> tuple[Proposal, ...]:
    """Claims and sources proposed for `text`, sorted by start then kind; `language` None means detect it."""
    from annotator.domain.suggest.rules import find

    lang = language if language in LANGUAGES else detect_language(text)
    if lang is None:
        return ()
    return find(text, lang)
