"""Every window opens whole on a small screen: the first window fits the free part of the screen,
a geometry saved on a larger screen is pulled back into it, and the Agreement, Retrieve,
Statistics, Charts and corpus search windows and the codebook dialog open inside it."""

from __future__ import annotations

from PySide6.QtCore import QRect, QTimer
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from annotator import settings as S
from annotator.ui.app import user_settings
from annotator.ui.review.agreement_window import AgreementWindow
from annotator.ui.widgets.screen import keep_on_screen

TEXT = "Le maire a annoncé une hausse du budget.\n"


def _area() -> QRect:
    return QGuiApplication.primaryScreen().availableGeometry()


def _on_screen(widget: QWidget) -> bool:
    return _area().contains(widget.frameGeometry())


def test_the_first_window_fits_the_screen_with_its_status_bar(open_window, qtbot):
    window = open_window([(TEXT, "a.txt", "Budget")])
    qtbot.waitUntil(lambda: _on_screen(window))
    assert window.width() < _area().width() and window.height() < _area().height()  # margins left
    assert _area().contains(window.statusBar().mapToGlobal(window.statusBar().rect().bottomRight()))


def test_a_geometry_saved_on_a_larger_screen_is_pulled_back(open_window, qtbot):
    big = QWidget()
    big.setGeometry(300, 200, _area().width() + 600, _area().height() + 400)
    user_settings().setValue(S.WINDOW_GEOMETRY.key, big.saveGeometry())
    big.deleteLater()
    window = open_window([(TEXT, "a.txt", "Budget")])
    qtbot.waitUntil(lambda: _on_screen(window))
    assert window.width() <= _area().width() and window.height() <= _area().height()


def test_tool_windows_open_inside_the_screen(open_window, qtbot):
    window = open_window([(TEXT, "a.txt", "Budget")])
    window.move(_area().right() - 200, _area().bottom() - 200)  # the main window pushed to a corner
    names = ("retrieveAction", "corpusSearchAction", "statisticsAction", "chartsAction")
    opened = []
    for name in names:
        action = window.findChild(QAction, name)
        assert action is not None, name
        before = set(QApplication.topLevelWidgets())
        action.trigger()
        (tool,) = [w for w in QApplication.topLevelWidgets() if w not in before and w.isVisible()]
        opened.append(tool)
    agreement = next(a for a in window.menu("reviewMenu").actions() if a.objectName() == "agreementAction")
    agreement.trigger()
    opened.append(window.findChild(AgreementWindow, "agreementWindow"))
    for tool in opened:
        qtbot.waitUntil(lambda tool=tool: _on_screen(tool))


def test_the_codebook_dialog_opens_inside_the_screen(open_window, qtbot):
    window = open_window([(TEXT, "a.txt", "Budget")])
    window.move(_area().right() - 100, _area().bottom() - 100)
    seen = []

    def check() -> None:
        dialog = next((w for w in QApplication.topLevelWidgets()
                       if isinstance(w, QDialog) and w.isVisible()), None)
        if dialog is None:
            QTimer.singleShot(20, check)
            return
        QApplication.processEvents()
        seen.append(_on_screen(dialog))
        dialog.reject()

    QTimer.singleShot(0, check)
    window.open_codebook()
    assert seen == [True]


def test_a_window_too_big_for_the_screen_is_shrunk_and_moved(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.setGeometry(-500, -300, _area().width() * 2, _area().height() * 2)
    widget.show()
    keep_on_screen(widget)
    assert _on_screen(widget)


LAPTOP = """
import json, sys
from PySide6.QtWidgets import QApplication
from annotator.ui import open_main_window
app = QApplication.instance() or QApplication(sys.argv)
window = open_main_window(sys.argv[1], "ana")
app.processEvents()
area = window.screen().availableGeometry()
bar = window.statusBar()
corner = bar.mapToGlobal(bar.rect().bottomRight())
right = window.splitter.widget(2)
print(json.dumps({"area": area.getRect(), "frame": window.frameGeometry().getRect(),
                  "status_bar_on_screen": area.contains(corner) and bar.isVisible(),
                  "right_column": right.width(), "article": window.document_view.width()}))
"""


def test_on_a_1366_by_768_laptop_the_first_window_shows_its_status_bar_and_right_column(tmp_path):
    import json
    import os
    import subprocess
    import sys

    screen = tmp_path / "laptop.json"
    screen.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1366,
                                               "height": 768, "logicalDpi": 96, "logicalBaseDpi": 96,
                                               "dpr": 1}]}), encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={screen}",
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"))
    result = subprocess.run([sys.executable, "-c", LAPTOP, str(tmp_path / "new.annotator")],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    x, y, w, h = seen["frame"]
    ax, ay, aw, ah = seen["area"]
    assert (aw, ah) == (1366, 768)
    assert ax <= x and ay <= y and x + w <= ax + aw and y + h <= ay + ah
    assert seen["status_bar_on_screen"]
    assert seen["right_column"] > 300 and seen["article"] > 400
