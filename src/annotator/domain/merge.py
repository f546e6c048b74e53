"""What a merge did, and why a merge was refused: plain records, no storage."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache

from annotator.domain.errors import InvalidInput
from annotator.domain.wording import first_few

#: How many problems a refusal lists, and how many examples the summary gives per reason.
SHOWN_PROBLEMS = 10

# Reasons an incoming item is skipped while the rest is stored (the text before ": " is the kind);
# each starts with what was skipped: an annotation, a review, a link, a document code or its review.
SKIP_UNCHANGED = "annotation unchanged (same UUID, same updated_at)"
SKIP_OURS_NEWER = "annotation where ours is newer (same UUID, later updated_at here)"
SKIP_DUPLICATE = "annotation duplicates an existing one (same document, label, annotator, span)"
SKIP_TEXT_DIFFERS = "annotation whose covered text differs from the document's text[start:end]"
SKIP_OTHER_DOCUMENT = "annotation with the UUID of an annotation of another document"
SKIP_REVIEW_THERE = "review already in the project (same UUID)"
SKIP_LINK_THERE = "link already in the project (same UUID)"
SKIP_SAME_REVIEW = "review duplicates an existing one (same annotation, reviewer, verdict, time)"
SKIP_SAME_LINK = "link duplicates an existing one (same annotations, relation)"
SKIP_REVIEW_NO_ANNOTATION = "review of an annotation in neither project"
SKIP_LINK_NO_ANNOTATION = "link to an annotation in neither project"
SKIP_SELF_LINK = "link from an annotation to itself"
SKIP_CODE_UNCHANGED = "document code unchanged (same UUID, same updated_at)"
SKIP_CODE_OURS_NEWER = "document code where ours is newer (same UUID, later updated_at here)"
SKIP_CODE_DUPLICATE = "document code duplicates an existing one (same document, label, annotator)"
SKIP_CODE_OTHER_DOCUMENT = "document code with the UUID of a code of another document"
SKIP_CODE_REVIEW_THERE = "document code review already in the project (same UUID)"
SKIP_SAME_CODE_REVIEW = ("document code review duplicates an existing one "
                         "(same code, reviewer, verdict, time)")
SKIP_CODE_REVIEW_NO_CODE = "document code review of a code in neither project"
#: Skips that only say "you have this already": counted in the summary, without examples.
ALREADY_HELD = frozenset({SKIP_UNCHANGED, SKIP_REVIEW_THERE, SKIP_LINK_THERE, SKIP_SAME_REVIEW,
                          SKIP_SAME_LINK, SKIP_CODE_UNCHANGED, SKIP_CODE_REVIEW_THERE,
                          SKIP_SAME_CODE_REVIEW})


class MergeRefused(InvalidInput):
    """The whole file was refused and nothing was stored; the message lists the problems."""

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        super().__init__(refusal_message(source, problems))
        self.source = source
        self.problems = tuple(problems)


def refusal_message(source: str, problems: Sequence[str], outcome: str = "not merged") -> str:
    """`source: not merged, nothing was changed` (or another `outcome`), then the first problems
    and how many more."""
    count = len(problems)
    noun = "problem" if count == 1 else "problems"
    lines = [f"{source}: {outcome}, nothing was changed ({count} {noun}):"]
    lines.extend(first_few(problems, SHOWN_PROBLEMS))
    return "\n".join(lines)


_ROW_NUMBER = re.compile(r", row ([0-9]+)")


def in_row_order(problems: Sequence[str]) -> list[str]:
    """Problems of a CSV ("FILE, row N: reason") sorted by row; others first, as they came."""

    def row(problem: str) -> int:
        found = _ROW_NUMBER.search(problem.split(": ", 1)[0])
        return int(found.group(1)) if found else 0

    return sorted(problems, key=row)


def timestamp_key(value: str) -> datetime:
    """An ISO 8601 timestamp as an aware datetime (naive ones are taken as UTC), for comparing."""
    parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def instant(value: str) -> datetime | str:
    """`value` as an instant, for telling whether two times are the same however written (a
    value that is not a time stays as written)."""
    try:
        return timestamp_key(value)
    except ValueError:
        return value


#: A time already in UTC with a `T`, whole seconds and a zone: kept as written (it sorts as text
#: with the project's own times, `2026-11-27T08:30:00.123Z`).
_UTC_FORM = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?(Z|\+00:00)")


def canonical_timestamp(value: str) -> str:
    """`value` as stored: UTC times as written; others (an offset, no zone, a space instead of
    `T`, a date alone) converted to the project's UTC form, so that times sort as text."""
    if _UTC_FORM.fullmatch(value):
        return value
    try:
        moment = timestamp_key(value).astimezone(UTC).replace(tzinfo=None)
    except OverflowError:  # a zone taking year 1 or 9999 out of range: keep it as written
        return value
    spec = "milliseconds" if moment.microsecond % 1000 == 0 else "microseconds"
    return moment.isoformat(timespec=spec) + "Z"


def sort_timestamps(values: Iterable[str | None]) -> tuple[dict[str, str], set[str]]:
    """For many times at once: ({a valid time not in the UTC form: its canonical form}, {invalid
    times}); times in the UTC form are checked in bulk (one C-level pass) and left out."""
    distinct = {value for value in values if value}
    usual = [value for value in distinct if _UTC_FORM.fullmatch(value)]
    try:
        for _ in map(datetime.fromisoformat, usual):  # raises on the first impossible date
            pass
        others = distinct.difference(usual)
    except ValueError:
        others = distinct
    renamed: dict[str, str] = {}
    invalid: set[str] = set()
    for value in others:
        if is_timestamp(value):
            canonical = canonical_timestamp(value)
            if canonical != value:
                renamed[value] = canonical
        else:
            invalid.add(value)
    return renamed, invalid


@lru_cache(maxsize=4096)
def is_timestamp(value: str) -> bool:
    """Whether `value` reads as an ISO 8601 date and time."""
    try:
        timestamp_key(value)
    except ValueError:
        return False
    return True


def skip_kind(reason: str) -> str:
    """The reason without its details (the text before ": ")."""
    return reason.split(": ", 1)[0]


@dataclass(frozen=True, slots=True)
class MergeReport:
    """What a merge added, updated and skipped (each skip as (where, reason))."""

    source: str
    documents_added: int = 0
    labels_created: tuple[str, ...] = ()
    annotations_added: int = 0
    annotations_updated: int = 0
    reviews_added: int = 0
    links_added: int = 0
    skipped: tuple[tuple[str, str], ...] = ()
    document_codes_added: int = 0
    document_codes_updated: int = 0
    document_code_reviews_added: int = 0

    @property
    def changed(self) -> bool:
        """Whether the project changed at all."""
        return bool(
            self.documents_added or self.labels_created or self.annotations_added
            or self.annotations_updated or self.reviews_added or self.links_added
            or self.document_codes_added or self.document_codes_updated
            or self.document_code_reviews_added
        )

    def skipped_by_kind(self) -> dict[str, list[tuple[str, str]]]:
        """The skips grouped by the kind of reason, in order of first appearance."""
        groups: dict[str, list[tuple[str, str]]] = {}
        for where, reason in self.skipped:
            groups.setdefault(skip_kind(reason), []).append((where, reason))
        return groups

    def summary_lines(self, examples: int = SHOWN_PROBLEMS) -> list[str]:
        """The summary for people: counts, created labels, then skips grouped by reason."""
        lines = [
            f"merged {self.source}",
            f"documents added: {self.documents_added}",
            f"annotations added: {self.annotations_added}",
            f"annotations updated (theirs newer): {self.annotations_updated}",
            f"reviews added: {self.reviews_added}",
            f"links added: {self.links_added}",
        ]
        if self.document_codes_added or self.document_codes_updated:
            lines.append(f"document codes added: {self.document_codes_added}")
            lines.append(f"document codes updated (theirs newer): {self.document_codes_updated}")
        if self.document_code_reviews_added:
            lines.append(f"document code reviews added: {self.document_code_reviews_added}")
        if self.labels_created:
            names = ", ".join(self.labels_created)
            lines.append(f"labels created (not in the codebook): {len(self.labels_created)}: {names}")
        lines.append(f"skipped: {len(self.skipped)}")
        for kind, items in self.skipped_by_kind().items():
            lines.append(f"  {len(items)} × {kind}")
            for where, reason in [] if kind in ALREADY_HELD else items[:examples]:
                detail = reason[len(kind) + 2:] if len(reason) > len(kind) else ""
                lines.append(f"    {where}" + (f": {detail}" if detail else ""))
            if len(items) > examples and kind not in ALREADY_HELD:
                lines.append(f"    … and {len(items) - examples} more")
        if not self.changed:
            lines.append("nothing changed in the project")
        return lines
