"""What a merge did, and why a merge was refused: plain records, no storage."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from functools import lru_cache

from annotator.domain.error_wording import Worded
from annotator.domain.errors import InvalidInput, describe
from annotator.domain.wording import first_few, ntext
from annotator.i18n import N_, _, number

#: How many problems a refusal lists, and how many examples the summary gives per reason.
SHOWN_PROBLEMS = 10

class SkipKind(StrEnum):
    """Why an incoming item was skipped while the rest was stored (a reason code); each names what
    was skipped: an annotation, a review, a link, a document code or its review."""

    UNCHANGED = "unchanged"
    OURS_NEWER = "ours_newer"
    DUPLICATE = "duplicate"
    TEXT_DIFFERS = "text_differs"
    OTHER_DOCUMENT = "other_document"
    REVIEW_THERE = "review_there"
    LINK_THERE = "link_there"
    SAME_REVIEW = "same_review"
    SAME_LINK = "same_link"
    REVIEW_NO_ANNOTATION = "review_no_annotation"
    LINK_NO_ANNOTATION = "link_no_annotation"
    SELF_LINK = "self_link"
    CODE_UNCHANGED = "code_unchanged"
    CODE_OURS_NEWER = "code_ours_newer"
    CODE_DUPLICATE = "code_duplicate"
    CODE_OTHER_DOCUMENT = "code_other_document"
    CODE_REVIEW_THERE = "code_review_there"
    SAME_CODE_REVIEW = "same_code_review"
    CODE_REVIEW_NO_CODE = "code_review_no_code"


#: How each kind of skip is worded (English, the catalogue's msgid; `skip_wording` translates).
SKIP_WORDING: dict[SkipKind, str] = {
    SkipKind.UNCHANGED: N_("annotation unchanged (same UUID, same updated_at)"),
    SkipKind.OURS_NEWER: N_("annotation where ours is newer (same UUID, later updated_at here)"),
    SkipKind.DUPLICATE: N_("annotation duplicates an existing one (same document, label, annotator, span)"),
    SkipKind.TEXT_DIFFERS: N_("annotation whose covered text differs from the document's text[start:end]"),
    SkipKind.OTHER_DOCUMENT: N_("annotation with the UUID of an annotation of another document"),
    SkipKind.REVIEW_THERE: N_("review already in the project (same UUID)"),
    SkipKind.LINK_THERE: N_("link already in the project (same UUID)"),
    SkipKind.SAME_REVIEW: N_("review duplicates an existing one (same annotation, reviewer, verdict, time)"),
    SkipKind.SAME_LINK: N_("link duplicates an existing one (same annotations, relation)"),
    SkipKind.REVIEW_NO_ANNOTATION: N_("review of an annotation in neither project"),
    SkipKind.LINK_NO_ANNOTATION: N_("link to an annotation in neither project"),
    SkipKind.SELF_LINK: N_("link from an annotation to itself"),
    SkipKind.CODE_UNCHANGED: N_("document code unchanged (same UUID, same updated_at)"),
    SkipKind.CODE_OURS_NEWER: N_("document code where ours is newer (same UUID, later updated_at here)"),
    SkipKind.CODE_DUPLICATE: N_("document code duplicates an existing one (same document, label, annotator)"),
    SkipKind.CODE_OTHER_DOCUMENT: N_("document code with the UUID of a code of another document"),
    SkipKind.CODE_REVIEW_THERE: N_("document code review already in the project (same UUID)"),
    SkipKind.SAME_CODE_REVIEW: N_("document code review duplicates an existing one "
                                  "(same code, reviewer, verdict, time)"),
    SkipKind.CODE_REVIEW_NO_CODE: N_("document code review of a code in neither project"),
}


def skip_wording(kind: SkipKind) -> str:
    """The kind of skip as the reader's language words it."""
    return _(SKIP_WORDING[kind])


class Skip(str):
    """One skip's reason: its `kind` (a SkipKind) and a `detail` (an id; a coded phrase, as for
    the differing texts), or "". As a string it is the English record `wording: detail`, for logs
    and comparisons; what people read is worded from `kind` and `detail`
    (`MergeReport.summary_lines`)."""

    __slots__ = ("kind", "detail")
    kind: SkipKind
    detail: str | Worded

    def __new__(cls, kind: SkipKind, detail: str | Worded = "") -> Skip:
        wording = SKIP_WORDING[kind]
        made = super().__new__(cls, f"{wording}: {detail}" if detail else wording)
        made.kind = kind
        made.detail = detail
        return made

    def __reduce__(self) -> tuple[type[Skip], tuple[SkipKind, str | Worded]]:
        return (Skip, (self.kind, self.detail))

    def detailed(self, detail: object) -> Skip:
        """The same kind of skip, with `detail` (a coded phrase stays one)."""
        return Skip(self.kind, detail if isinstance(detail, Worded) else str(detail))


SKIP_UNCHANGED = Skip(SkipKind.UNCHANGED)
SKIP_OURS_NEWER = Skip(SkipKind.OURS_NEWER)
SKIP_DUPLICATE = Skip(SkipKind.DUPLICATE)
SKIP_TEXT_DIFFERS = Skip(SkipKind.TEXT_DIFFERS)
SKIP_OTHER_DOCUMENT = Skip(SkipKind.OTHER_DOCUMENT)
SKIP_REVIEW_THERE = Skip(SkipKind.REVIEW_THERE)
SKIP_LINK_THERE = Skip(SkipKind.LINK_THERE)
SKIP_SAME_REVIEW = Skip(SkipKind.SAME_REVIEW)
SKIP_SAME_LINK = Skip(SkipKind.SAME_LINK)
SKIP_REVIEW_NO_ANNOTATION = Skip(SkipKind.REVIEW_NO_ANNOTATION)
SKIP_LINK_NO_ANNOTATION = Skip(SkipKind.LINK_NO_ANNOTATION)
SKIP_SELF_LINK = Skip(SkipKind.SELF_LINK)
SKIP_CODE_UNCHANGED = Skip(SkipKind.CODE_UNCHANGED)
SKIP_CODE_OURS_NEWER = Skip(SkipKind.CODE_OURS_NEWER)
SKIP_CODE_DUPLICATE = Skip(SkipKind.CODE_DUPLICATE)
SKIP_CODE_OTHER_DOCUMENT = Skip(SkipKind.CODE_OTHER_DOCUMENT)
SKIP_CODE_REVIEW_THERE = Skip(SkipKind.CODE_REVIEW_THERE)
SKIP_SAME_CODE_REVIEW = Skip(SkipKind.SAME_CODE_REVIEW)
SKIP_CODE_REVIEW_NO_CODE = Skip(SkipKind.CODE_REVIEW_NO_CODE)
#: Skips that only say "you have this already": counted in the summary, without examples.
ALREADY_HELD = frozenset({SkipKind.UNCHANGED, SkipKind.REVIEW_THERE, SkipKind.LINK_THERE,
                          SkipKind.SAME_REVIEW, SkipKind.SAME_LINK, SkipKind.CODE_UNCHANGED,
                          SkipKind.CODE_REVIEW_THERE, SkipKind.SAME_CODE_REVIEW})
#: What `refusal_message` says happened to the file (translated where shown).
NOT_MERGED = N_("not merged")
NOT_IMPORTED = N_("not imported")


class MergeRefused(InvalidInput):
    """The whole file was refused and nothing was stored; the message lists the problems."""

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        super().__init__(english_refusal(source, problems))
        self.source = source
        self.problems = tuple(problems)

    def worded(self) -> str:
        """The refusal in the reader's language (`str()` is the English), each problem that
        carries a reason code (`code`, `values`) worded there too."""
        return refusal_message(self.source, [worded_problem(p) for p in self.problems])


def worded_problem(problem: str) -> str:
    """A listed problem in the reader's language: one carrying a reason code (`code` and
    `values`) is worded from it; a plain string is shown as it is."""
    code = getattr(problem, "code", "")
    if not code:
        return str(problem)
    return describe(InvalidInput(code=code, **problem.values))  # type: ignore[attr-defined]


def english_refusal(source: str, problems: Sequence[str], outcome: str = NOT_MERGED) -> str:
    """`refusal_message` in English whatever the language (what `str()` of a refusal reads)."""
    count = len(problems)
    lines = [f"{source}: {outcome}, nothing was changed ({count} problem{'' if count == 1 else 's'}):"]
    lines.extend(f"  {item}" for item in problems[:SHOWN_PROBLEMS])
    if count > SHOWN_PROBLEMS:
        lines.append(f"  \u2026 and {count - SHOWN_PROBLEMS} more")
    return "\n".join(lines)


def refusal_message(source: str, problems: Sequence[str], outcome: str = NOT_MERGED) -> str:
    """`source: not merged, nothing was changed` (or another `outcome`, NOT_IMPORTED), then the
    first problems and how many more."""
    lines = [ntext(len(problems), "{source}: {outcome}, nothing was changed ({count} problem):",
                   "{source}: {outcome}, nothing was changed ({count} problems):",
                   source=source, outcome=_(outcome))]
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


def skip_kind(reason: str) -> SkipKind | str:
    """The kind of a skip's reason (a reason that is not a Skip is a kind of its own)."""
    return reason.kind if isinstance(reason, Skip) else reason


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

    def skipped_by_kind(self) -> dict[SkipKind | str, list[tuple[str, str]]]:
        """The skips grouped by their kind, in order of first appearance."""
        groups: dict[SkipKind | str, list[tuple[str, str]]] = {}
        for where, reason in self.skipped:
            groups.setdefault(skip_kind(reason), []).append((where, reason))
        return groups

    def summary_lines(self, examples: int = SHOWN_PROBLEMS) -> list[str]:
        """The summary for people: counts, created labels, then skips grouped by reason."""
        lines = [
            _("merged {source}").format(source=self.source),
            _("documents added: {count}").format(count=number(self.documents_added)),
            _("annotations added: {count}").format(count=number(self.annotations_added)),
            _("annotations updated (theirs newer): {count}").format(count=number(self.annotations_updated)),
            _("reviews added: {count}").format(count=number(self.reviews_added)),
            _("links added: {count}").format(count=number(self.links_added)),
        ]
        if self.document_codes_added or self.document_codes_updated:
            lines.append(_("document codes added: {count}").format(count=number(self.document_codes_added)))
            lines.append(_("document codes updated (theirs newer): {count}").format(
                count=number(self.document_codes_updated)))
        if self.document_code_reviews_added:
            lines.append(_("document code reviews added: {count}").format(
                count=number(self.document_code_reviews_added)))
        if self.labels_created:
            lines.append(_("labels created (not in the codebook): {count}: {names}").format(
                count=number(len(self.labels_created)), names=", ".join(self.labels_created)))
        lines.append(_("skipped: {count}").format(count=number(len(self.skipped))))
        for kind, items in self.skipped_by_kind().items():
            held = kind in ALREADY_HELD
            wording = skip_wording(kind) if isinstance(kind, SkipKind) else kind
            lines.append(f"  {number(len(items))} × {wording}")
            for where, reason in [] if held else items[:examples]:
                detail = reason.detail if isinstance(reason, Skip) else ""
                if isinstance(detail, Worded):
                    detail = describe(InvalidInput(code=detail.code, **detail.values))
                where = worded_problem(where)
                lines.append(f"    {where}" + (_(": {detail}").format(detail=detail) if detail else ""))
            if len(items) > examples and not held:
                lines.append("    " + ntext(len(items) - examples, "… and {count} more",
                                            "… and {count} more"))
        if not self.changed:
            lines.append(_("nothing changed in the project"))
        return lines
