"""The rule-based finder (a first version: quotations between « » and “ ” only, no sources)."""

from __future__ import annotations

import re

from annotator.domain.suggest import CLAIM, Proposal

_QUOTED = re.compile(r"«\s*([^«»]+?)\s*»|“([^“”]+)”")


def find(text: str, language: str) -> tuple[Proposal, ...]:
    out = []
    for m in _QUOTED.finditer(text):
        group = 1 if m.group(1) is not None else 2
        out.append(Proposal(CLAIM, m.start(group), m.end(group)))
    return tuple(out)
