"""Colours that stay apart for colour-blind readers: labels shown by their codebook position.

The Okabe–Ito palette first, then further colours chosen to stay distinct from it; past those the
list starts again. The stored colours of the labels are never changed: only the display maps them.
"""

from __future__ import annotations

from collections.abc import Sequence

OKABE_ITO: tuple[str, ...] = (
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000",
)
"""Orange, sky blue, bluish green, yellow, blue, vermillion, reddish purple, black."""

FURTHER: tuple[str, ...] = (
    "#882255", "#44AA99", "#999933", "#332288", "#88CCEE", "#117733", "#DDCC77", "#AA4499",
)
"""Used after the eight of Okabe–Ito, for a longer codebook."""

COLOUR_BLIND_SAFE: tuple[str, ...] = OKABE_ITO + FURTHER


def colour_blind_safe(position: int) -> str:
    """The colour of the label at `position` (0-based) in the codebook's display order."""
    return COLOUR_BLIND_SAFE[position % len(COLOUR_BLIND_SAFE)]


def colour_blind_safe_colours(label_ids: Sequence[int], first: int = 0) -> dict[int, str]:
    """Each label id, in codebook order, with its colour-blind-safe colour; `first`: the position
    of the first of them (document labels come after the span labels, so that no colour is
    shared while there are colours to spare)."""
    return {label_id: colour_blind_safe(first + i) for i, label_id in enumerate(label_ids)}


def label_marks(names: Sequence[str]) -> list[str]:
    """One character per label, in codebook order, to tell labels apart without colour (drawn
    beside each span in the margin): its initial, upper case; a label whose initial an earlier
    label took gets the first other letter or digit of its name no label has yet, else its
    position (1-9), else "·"."""
    taken: set[str] = set()
    marks = []
    for position, name in enumerate(names, start=1):
        letters = [c.upper() for c in name if c.isalnum()]
        fallback = [str(position)] if position <= 9 else []
        mark = next((c for c in [*letters, *fallback] if c not in taken), "·")
        taken.add(mark)
        marks.append(mark)
    return marks
