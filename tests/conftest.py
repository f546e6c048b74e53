"""Shared test setup: Qt runs offscreen, before any QApplication exists."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests read English output whatever the developer's locale (tests/unit/test_i18n.py sets its own).
os.environ["LANGUAGE"] = "en"
