"""Shared test setup: Qt runs offscreen, before any QApplication exists; the server fixtures."""

from __future__ import annotations

import os

# A throwaway PostgreSQL cluster (`pg_cluster`, `pg_url`) and the `backend` parametrisation that runs
# a test with a project file and with a project on a server.
from tests.pg_cluster import backend, pg_cluster, pg_url  # noqa: F401

if "QT_QPA_PLATFORM" not in os.environ:
    # One 1920x1080 screen, as on a common desktop (the offscreen platform's own is 800x800,
    # narrower than the screens the window's layout is meant for; windows fit their screen).
    import json
    import tempfile

    _screen = os.path.join(tempfile.mkdtemp(prefix="annotator-tests-"), "screen.json")
    with open(_screen, "w", encoding="utf-8") as _file:
        json.dump({"screens": [{"name": "desktop", "x": 0, "y": 0, "width": 1920, "height": 1080,
                                "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}, _file)
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_screen}"
# Tests read English output whatever the developer's locale (tests/unit/test_i18n.py sets its own).
os.environ["LANGUAGE"] = "en"
