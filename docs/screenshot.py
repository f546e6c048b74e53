"""Render the main window on the sample article with a few annotations: `python docs/screenshot.py OUT`."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402

from annotator.services.annotations import add_annotation  # noqa: E402
from annotator.services.documents import get_document_text, list_documents  # noqa: E402
from annotator.services.project import open_project  # noqa: E402

EXAMPLES = [
    ("source", "Le secrétaire général de l’OTAN, Jens Stoltenberg", "ana", ""),
    ("framing", "bloc militaire dirigé par les États-Unis", "ana", "NATO named by its leader"),
    ("claim", "l’alliance est prête à étendre sa présence à travers l’Europe de l’Est", "ana", ""),
    ("framing", "l’Europe de l’Est", "ben", ""),
    ("framing", "la plus grande crise de sécurité depuis une génération", "ana", "superlative"),
    ("source", "Stoltenberg", "ana", ""),
]


def main(out: Path) -> None:
    """Build a demo project in a temp folder and save the window as PNG."""
    folder = Path(tempfile.mkdtemp())
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    from annotator.ui import open_main_window
    from annotator.ui.app import application, import_sample_articles

    path = folder / "demo.annotator"
    import_sample_articles(path)
    project = open_project(path)
    doc = list_documents(project)[0]
    text = get_document_text(project, doc.id)
    for label, phrase, who, note in EXAMPLES:
        start = text.index(phrase)
        add_annotation(project, doc.id, label, who, start, start + len(phrase), note)
    project.close()
    window = open_main_window(path, "ana")
    window.resize(1400, 860)
    app = application()
    view = window.document_view
    phrase = "les combats font rage en Ukraine"
    start = text.index(phrase)
    view.select_range(start, start + len(phrase))
    view.verticalScrollBar().setValue(0)
    for _ in range(10):
        app.processEvents()
    window.grab().save(str(out))
    window.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/main-window.png"))
