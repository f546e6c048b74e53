"""Render the README's screenshots on the sample article: `python docs/screenshot.py [FOLDER]`.

Writes main-window.png, compare.png, review.png, links.png, retrieve.png and suggestions.png into FOLDER
(default docs/), and main-window-fr.png: the main window in French.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    # A 1920x1080 offscreen screen: windows are kept inside their screen, and the offscreen
    # platform's own is 800x800, too small for the 1400x860 window the screenshots show.
    _screen = Path(tempfile.mkdtemp(prefix="annotator-shots-")) / "screen.json"
    _screen.write_text('{"screens": [{"name": "desktop", "x": 0, "y": 0, "width": 1920, "height": 1080, '
                       '"logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}', encoding="utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_screen}"

from PySide6.QtCore import QObject, QSettings  # noqa: E402
from PySide6.QtGui import QAction  # noqa: E402

from annotator.services.annotations import add_annotation  # noqa: E402
from annotator.services.documents import get_document_text, list_documents  # noqa: E402
from annotator.services.links import add_link  # noqa: E402
from annotator.services.project import open_project  # noqa: E402

#: (label, phrase, annotator, note); ana is the one at the keyboard, ben a colleague.
EXAMPLES = [
    ("source", "Le secrétaire général de l’OTAN, Jens Stoltenberg", "ana", ""),
    ("framing", "bloc militaire dirigé par les États-Unis", "ana", "NATO named by its leader"),
    ("claim", "l’alliance est prête à étendre sa présence à travers l’Europe de l’Est", "ana", ""),
    ("framing", "la plus grande crise de sécurité depuis une génération", "ana", "superlative"),
    ("source", "Stoltenberg", "ana", ""),
    ("claim", "l’Europe est confrontée à la “la plus grande crise de sécurité depuis une génération”",
     "ana", ""),
    ("source", "Jens Stoltenberg", "ben", ""),
    ("claim", "l’alliance est prête à étendre sa présence à travers l’Europe de l’Est, de la mer Noire "
     "à la Baltique", "ben", ""),
    ("framing", "bloc militaire dirigé par les États-Unis", "ben", ""),
    ("claim", "la plus grande crise de sécurité depuis une génération", "ben", ""),
    ("framing", "message clair", "ben", "scare quotes"),
    ("source", "Moscou", "ben", ""),
]
#: (from phrase, from annotator, to phrase, to annotator): links made by ana.
LINKS = [
    ("l’alliance est prête à étendre sa présence à travers l’Europe de l’Est", "ana",
     "Le secrétaire général de l’OTAN, Jens Stoltenberg", "ana"),
    ("l’Europe est confrontée à la “la plus grande crise de sécurité depuis une génération”", "ana",
     "Stoltenberg", "ana"),
    ("la plus grande crise de sécurité depuis une génération", "ana",
     "l’Europe est confrontée à la “la plus grande crise de sécurité depuis une génération”", "ana"),
]


def build_project(folder: Path) -> Path:
    """A project holding the sample article, ana's and ben's annotations and ana's links."""
    from annotator.ui.app import import_sample_articles

    path = folder / "demo.annotator"
    import_sample_articles(path)
    project = open_project(path)
    doc = list_documents(project)[0]
    text = get_document_text(project, doc.id)
    ids = {}
    for label, phrase, who, note in EXAMPLES:
        start = text.index(phrase)
        ann = add_annotation(project, doc.id, label, who, start, start + len(phrase), note)
        ids[phrase, who] = ann.id
    for from_phrase, from_who, to_phrase, to_who in LINKS:
        add_link(project, ids[from_phrase, from_who], ids[to_phrase, to_who], "ana")
    project.close()
    return path


def settle(app, rounds: int = 15) -> None:
    """Let Qt lay out and paint, the panels that paint a frame after the article included."""
    import time

    for _ in range(rounds):
        app.processEvents()
        time.sleep(0.01)


def main(out: Path) -> None:
    """Build a demo project in a temp folder and save the screenshots as PNG."""
    folder = Path(tempfile.mkdtemp())
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    from annotator.ui import open_main_window
    from annotator.ui.app import application
    from annotator.ui.review.annotators_feature import AnnotatorsFeature

    path = build_project(folder)
    out.mkdir(parents=True, exist_ok=True)
    window = open_main_window(path, "ana")
    window.resize(1400, 860)
    app = application()
    view = window.document_view
    text = view.stored_text

    # The main window: a selection ready to be labelled.
    phrase = "les combats font rage en Ukraine"
    start = text.index(phrase)
    view.select_range(start, start + len(phrase))
    view.verticalScrollBar().setValue(0)
    settle(app)
    window.grab().save(str(out / "main-window.png"))

    # Links: the claim attributed to Stoltenberg selected.
    claim = text.index("l’Europe est confrontée")
    workspace = window.workspace
    claim_id = next(a.id for a in workspace.annotations if a.start == claim and a.annotator == "ana")
    workspace._select_row(claim_id)
    settle(app)
    window.grab().save(str(out / "links.png"))

    # Compare mode: ana against ben, the second difference chosen.
    feature = window.findChild(AnnotatorsFeature)
    feature.compare_action.trigger()
    feature.panel.set_pair("ana", "ben")
    feature.step(+1)
    feature.step(+1)
    settle(app)
    window.grab().save(str(out / "compare.png"))
    feature.compare_action.trigger()

    # Review mode on ben's annotations: one accepted, one rejected with a comment.
    window.review_mode.start("ben")
    window.review_mode.give_verdict("accepted")
    window.review_mode.give_verdict("rejected", "the source is the secretary general, not the city")
    settle(app)
    window.grab().save(str(out / "review.png"))
    window.review_mode.stop()

    # Retrieve: every annotation of the corpus in context.
    window.findChild(QAction, "retrieveAction").trigger()
    settle(app)
    corpus = window.findChild(QObject, "corpusWindows")
    retrieve = corpus._open["retrieveAction"]
    retrieve.resize(1400, 520)
    settle(app)
    retrieve.grab().save(str(out / "retrieve.png"))
    retrieve.close()

    # Suggestions: quotations and their speakers proposed, one of them current (after Tab).
    from annotator.services.suggestions import suggest_documents

    suggest_documents(window.project)
    suggestions = window.suggestions_feature
    suggestions.refresh()
    view.verticalScrollBar().setValue(0)
    view.select_range(0, 0)
    suggestions.move(+1)
    suggestions.move(+1)
    settle(app)
    window.grab().save(str(out / "suggestions.png"))
    window.close()

    # The main window in French (View → Language, read at start-up), the same selection.
    main_window_in(app, path, "fr", phrase, out / "main-window-fr.png")


def main_window_in(app, path: Path, language: str, phrase: str, png: Path) -> None:
    """Start the window on `path` in `language` with `phrase` selected and save it to `png`."""
    from annotator import settings as S
    from annotator.ui import open_main_window
    from annotator.ui.app import install_language, user_settings

    user_settings().setValue(S.LANGUAGE.key, language)
    install_language(app)
    window = open_main_window(path, "ana")
    window.resize(1400, 860)
    view = window.document_view
    start = view.stored_text.index(phrase)
    view.select_range(start, start + len(phrase))
    view.verticalScrollBar().setValue(0)
    settle(app)
    window.grab().save(str(png))
    window.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs"))
