"""Rules about links between annotations."""

from __future__ import annotations

#: Link rules of a new project: (relation, from label, to label).
DEFAULT_LINK_RULES: tuple[tuple[str, str, str], ...] = (
    ("attributed_to", "claim", "source"),
    ("frames", "framing", "claim"),
)
