"""Tell French from English by their commonest words: function words are frequent in any news text, so a
count over its first 20,000 characters decides; too few of them (a title, numbers, another language) gives
None. The suggestion benchmark measures it on the sample articles of both languages."""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+")
_FR = frozenset("le la les des du une et est que qui dans pour pas sur au aux avec ce il elle".split())
_EN = frozenset("the of and to is that in for on with was as by it he she are this".split())


def detect(text: str) -> str | None:
    fr = en = 0
    for m in _WORD.finditer(text[:20000]):
        w = m.group().lower()
        fr += w in _FR
        en += w in _EN
    if fr + en < 5:
        return None
    return "fr" if fr > en else "en"
