"""What a merge found on its way: problems that refuse the whole batch, and items it skipped."""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.domain import merge as M
from annotator.domain.error_wording import Worded
from annotator.domain.errors import register_wording
from annotator.i18n import N_
from annotator.io.read_problems import Problem

#: A problem of one item of the merged file: `where` names it (as read, or a coded phrase), and
#: `problem` is a coded phrase or an error, each worded in the reader's language where shown.
MERGE_AT = "merge_at"
register_wording({MERGE_AT: N_("{where}: {problem}")})


@dataclass(slots=True)
class MergeLog:
    """Problems and skips of one merge, in the order found; every step of the merge writes here.

    `in_row_order`: the problems (a CSV's unreadable rows among them) are listed by row.
    """

    source: str
    problems: list[str] = field(default_factory=list)
    in_row_order: bool = False
    skipped: list[tuple[str, str]] = field(default_factory=list)

    def problem(self, where: str | Worded, what: Worded | BaseException) -> None:
        """A structural problem: the batch will be refused, naming `where`; `what` is a coded
        phrase (`Worded`) or an error, worded where shown."""
        self.problems.append(Problem(MERGE_AT, where=where, problem=what))

    def skip(self, where: str, reason: str) -> None:
        """Leave one item out, with its reason, while the rest is stored."""
        self.skipped.append((where, reason))

    def refuse_if_problems(self) -> None:
        """Raise MergeRefused (rolling the transaction back) when a problem was found."""
        if self.problems:
            raise M.MergeRefused(self.source, M.in_row_order(self.problems)
                                 if self.in_row_order else self.problems)
