"""What a merge found on its way: problems that refuse the whole batch, and items it skipped."""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.domain import merge as M


@dataclass(slots=True)
class MergeLog:
    """Problems and skips of one merge, in the order found; every step of the merge writes here.

    `in_row_order`: the problems (a CSV's unreadable rows among them) are listed by row.
    """

    source: str
    problems: list[str] = field(default_factory=list)
    in_row_order: bool = False
    skipped: list[tuple[str, str]] = field(default_factory=list)

    def problem(self, where: str, what: str) -> None:
        """A structural problem: the batch will be refused, naming `where`."""
        self.problems.append(f"{where}: {what}")

    def skip(self, where: str, reason: str) -> None:
        """Leave one item out, with its reason, while the rest is stored."""
        self.skipped.append((where, reason))

    def refuse_if_problems(self) -> None:
        """Raise MergeRefused (rolling the transaction back) when a problem was found."""
        if self.problems:
            raise M.MergeRefused(self.source, M.in_row_order(self.problems)
                                 if self.in_row_order else self.problems)
