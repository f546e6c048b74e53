"""Rules about links between annotations: defaults, which pairs a rule joins, and relation names.

How a link reads in a sentence (link mode's prompts, the links of a span) is worded where it is
shown, in the reader's language (`ui/links/links_feature.py`); a relation name is data."""

from __future__ import annotations

import re
from collections.abc import Iterable

from annotator.domain.error_wording import ErrorCode
from annotator.domain.errors import InvalidInput
from annotator.domain.records import LinkRuleInfo

#: Link rules of a new project: (relation, from label, to label).
DEFAULT_LINK_RULES: tuple[tuple[str, str, str], ...] = (
    ("attributed_to", "claim", "source"),
    ("frames", "framing", "claim"),
)

#: Columns of `annotator export --links`, in order.
LINK_EXPORT_COLUMNS: tuple[str, ...] = (
    "link_id",
    "relation",
    "from_annotation_id",
    "to_annotation_id",
    "from_label",
    "to_label",
    "from_text",
    "to_text",
    "document_id",
    "annotator",
    "created_at",
)

_RELATION = re.compile(r"^[^\W\d]\w{0,63}$")


def check_relation(relation: str) -> str:
    """A relation name: one word of letters, digits and underscores, such as `attributed_to`."""
    cleaned = (relation or "").strip()
    if not _RELATION.match(cleaned):
        raise InvalidInput(code=ErrorCode.BAD_RELATION, relation=cleaned[:64])
    return cleaned


def relation_words(relation: str) -> str:
    """A relation name as words: `attributed_to` -> "attributed to"."""
    return relation.replace("_", " ")


def outgoing_phrase(relation: str) -> str:
    """How a link reads from its `from` end: "attributed to", "frames"."""
    return relation_words(relation)


def rules_for_pair(
    rules: Iterable[LinkRuleInfo], from_label_id: int, to_label_id: int
) -> list[LinkRuleInfo]:
    """The rules allowing a link from a `from_label_id` span to a `to_label_id` span."""
    return [r for r in rules if r.from_label_id == from_label_id and r.to_label_id == to_label_id]


def link_direction(
    rules: Iterable[LinkRuleInfo], selected_label_id: int, other_label_id: int
) -> tuple[LinkRuleInfo, bool] | None:
    """The rule joining a selected span to another, and whether the selected one is its `from` end.

    A rule from the selected span's label wins over one pointing back at it.
    """
    rules = list(rules)
    outgoing = rules_for_pair(rules, selected_label_id, other_label_id)
    if outgoing:
        return outgoing[0], True
    incoming = rules_for_pair(rules, other_label_id, selected_label_id)
    if incoming:
        return incoming[0], False
    return None


def rules_touching(rules: Iterable[LinkRuleInfo], label_id: int) -> list[LinkRuleInfo]:
    """Rules with `label_id` at either end, those starting from it first."""
    rules = list(rules)
    return [r for r in rules if r.from_label_id == label_id] + [
        r for r in rules if r.to_label_id == label_id and r.from_label_id != label_id
    ]


def one_line_quote(text: str, limit: int = 60) -> str:
    """A span's text on one line, clipped, in guillemets: «Jens Stoltenberg»."""
    flat = " ".join(text.split())
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return f"«{flat}»"

