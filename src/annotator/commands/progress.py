"""A one-line progress bar on a terminal, shown only when the work takes more than a moment."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

from annotator.i18n import ngettext

#: The bar appears only once the work has run this long (seconds).
SHOW_AFTER_S = 1.0
#: It is redrawn at most this often (seconds).
REDRAW_EVERY_S = 0.1
_WIDTH = 30


class ProgressBar:
    """`update(done, total)` redraws "[#####.....]  420/1000 files  8 s" on `stream` (a terminal);
    `close()` clears the line. Nothing is written before SHOW_AFTER_S has passed. `noun`: what is
    counted, already worded (default: files, in the reader's language)."""

    def __init__(
        self,
        stream: TextIO,
        noun: str | None = None,
        clock: Callable[[], float] = time.monotonic,
        show_after: float = SHOW_AFTER_S,
    ) -> None:
        self._stream = stream
        self._noun = noun
        self._clock = clock
        self._show_after = show_after
        self._started = clock()
        self._last_drawn: float | None = None
        self._line_length = 0

    @property
    def shown(self) -> bool:
        """True once the bar has been drawn."""
        return self._last_drawn is not None

    def update(self, done: int, total: int) -> None:
        """Redraw for `done` of `total`, if it is time to."""
        now = self._clock()
        elapsed = now - self._started
        if elapsed < self._show_after:
            return
        finished = total > 0 and done >= total
        if self._last_drawn is not None and now - self._last_drawn < REDRAW_EVERY_S and not finished:
            return
        self._last_drawn = now
        self._draw(render_bar(done, total, elapsed, self._noun))

    def close(self) -> None:
        """Clear the bar's line so that what follows starts on a clean line."""
        if self._last_drawn is not None:
            self._stream.write("\r" + " " * self._line_length + "\r")
            self._stream.flush()
            self._last_drawn = None

    def _draw(self, line: str) -> None:
        padding = " " * max(0, self._line_length - len(line))
        self._stream.write("\r" + line + padding)
        self._stream.flush()
        self._line_length = len(line)


def render_bar(done: int, total: int, elapsed: float, noun: str | None = None) -> str:
    """The bar's text: filled share, counts and elapsed seconds (`noun` default: file(s))."""
    if noun is None:
        noun = ngettext("files", "files", total)
    share = done / total if total > 0 else 1.0
    filled = round(share * _WIDTH)
    width = len(str(total))
    return (
        f"[{'#' * filled}{'.' * (_WIDTH - filled)}] {done:>{width}}/{total} {noun}  "
        f"{elapsed:.0f} s"
    )


def terminal_progress(stream: TextIO, noun: str | None = None) -> ProgressBar | None:
    """A progress bar on `stream` if it is a terminal, else None (pipes and logs get none)."""
    try:
        is_terminal = stream.isatty()
    except (AttributeError, ValueError):
        is_terminal = False
    return ProgressBar(stream, noun) if is_terminal else None
