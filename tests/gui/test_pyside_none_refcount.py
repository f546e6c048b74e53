"""Guard against a PySide6 build that loses a reference to None on every call returning None.

PySide6 6.12.0 on Python 3.11 does this; the app then aborts after a few thousand calls
(clicking around the article view is enough). From Python 3.12 None is immortal.
"""

from __future__ import annotations

import gc
import sys

import pytest
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QWidget

pytestmark = pytest.mark.skipif(
    sys.version_info >= (3, 12), reason="None is immortal from Python 3.12"
)

CALLS = 500


def test_qt_calls_returning_none_keep_nones_reference_count(qtbot):
    document = QTextDocument("x" * 100)
    cursor = QTextCursor(document)
    widget = QWidget()
    qtbot.addWidget(widget)
    gc.collect()
    gc.disable()
    try:
        before = sys.getrefcount(None)
        for i in range(CALLS):
            cursor.setPosition(i % 100)
            widget.resize(100 + i % 7, 80)
        after = sys.getrefcount(None)
    finally:
        gc.enable()
    assert after >= before - 5, (
        f"None lost {before - after} references over {2 * CALLS} Qt calls: this PySide6 build "
        "will crash the app; install a different PySide6 version"
    )
