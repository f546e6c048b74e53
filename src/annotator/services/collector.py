"""Python's cyclic garbage collector, paused by bulk work on a worker thread and by the window's
thread while it shows a document: the collector's on/off switch is one for the whole program, so
whoever turns it back on asks here, and it comes back on only once no pause is under way."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_pauses = 0  # paused_collector blocks under way, on any thread
_resume = False  # whether the collector comes back on when the last of them ends

_MANY_SURVIVORS = 10_000
"""Objects left from a pause that the collector's next run would be felt walking (milliseconds)."""


@contextmanager
def paused_collector() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while building many plain records at once.

    Bulk reads make hundreds of thousands of tuples, none of them in a cycle; the collector would
    walk them all again and again as they pile up. When many are still alive at the end they are
    taken out of the collector's sight (reference counting frees them): its first run after the
    pause would otherwise walk them all at once, holding the interpreter lock long enough for the
    window's thread to be felt waiting. Pauses may overlap (threads, nesting): the collector
    comes back on when the last one ends, if it was on when the first began or `collector_on`
    was asked for meanwhile.
    """
    global _pauses, _resume
    with _lock:
        if _pauses == 0:
            _resume = gc.isenabled()
        _pauses += 1
        gc.disable()
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _resume:
                if gc.get_count()[0] > _MANY_SURVIVORS:
                    gc.freeze()
                gc.enable()


def collector_on() -> None:
    """Turn the collector on: now, or when the pauses under way end (turned on in the middle of
    one, its runs would walk the bulk work's records over and over)."""
    global _resume
    with _lock:
        if _pauses:
            _resume = True
        else:
            gc.enable()


def collector_paused() -> bool:
    """True while bulk work keeps the collector paused (a full collection now would walk its
    records, tens of milliseconds)."""
    return _pauses > 0


def let_frozen_go() -> None:
    """Give everything frozen back to the collector (`gc.freeze` after a document is shown and
    when work begins): a window that closes, frozen with the rest while it lived, holds cycles
    that only a collection frees. Its next full run walks the program once (tens of
    milliseconds), when a window closes rather than while the analyst types."""
    gc.unfreeze()
