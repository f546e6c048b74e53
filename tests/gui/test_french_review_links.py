"""Review mode, compare mode and link mode in French: the review bar, the compare panel, the link
list and the Link to… dialog read French, and nothing reads English but names, labels, keys and
the article's own text (relation names, being the codebook's, stay as they are)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget
from tests.helpers import span_of

from annotator import i18n
from annotator import settings as S
from annotator.domain.review import COMMENTED
from annotator.services.annotations import add_annotation
from annotator.services.links import add_link
from annotator.ui.app import install_language, user_settings
from annotator.ui.links.link_dialogs import LinkTargetDialog
from annotator.ui.review.review_bar import ReviewColleagueDialog

ARTICLE = (
    "Le secrétaire général Jens Stoltenberg a déclaré que « l’Alliance reste unie ».\n"
    "Un pari risqué, selon les observateurs, qui citent 1234 sources.\n"
)
#: alice's work, reviewed by ana (the window's annotator), who tagged one span herself.
ALICE = (("source", "Jens Stoltenberg"), ("claim", "l’Alliance reste unie"), ("framing", "Un pari risqué"))
ANA = (("claim", "l’Alliance reste"),)
COMMENT = "À revoir"  # what the reviewer typed: shown as typed
NAMES = {"ana", "alice", "claim", "source", "framing", "attributed_to", "frames", "OK", "A", "B", COMMENT}
NNBSP = "\u202f"


@pytest.fixture
def speak() -> Iterator[callable]:
    """Speak a language from now on (before the window is made), Qt's standard buttons included,
    as the window does at start-up; English again afterwards."""
    def start(code: str) -> str:
        user_settings().setValue(S.LANGUAGE.key, code)
        assert install_language(QApplication.instance()) == code
        return i18n.set_language(code)

    yield start
    user_settings().setValue(S.LANGUAGE.key, "")
    install_language(QApplication.instance())
    i18n.set_language(i18n.SOURCE_LANGUAGE)


def _shown(text: str) -> str:
    return text.split("\t", 1)[0].replace("&", "").strip()


def _texts(root: QWidget) -> dict[str, str]:
    """Labels, buttons and tooltips of a widget and its children, by object name or position."""
    found = {}
    for index, widget in enumerate([root, *root.findChildren(QWidget)]):
        key = widget.objectName() or f"{type(widget).__name__}{index}"
        if isinstance(widget, QLabel) and widget.text():
            found[key] = widget.text()
        elif isinstance(widget, QAbstractButton) and widget.text():
            found[key] = _shown(widget.text())
        if widget.toolTip():
            found[key + ":tip"] = widget.toolTip()
        if widget.accessibleName():
            found[key + ":name"] = widget.accessibleName()
    return found


def _scene(open_window, monkeypatch, name: str) -> tuple[object, dict[str, dict[str, str]]]:
    """A window on one article annotated and linked by alice; everything the four places show."""
    window = open_window([(ARTICLE, "a.txt", "OTAN")], name=name)
    doc = window.workspace.document
    ids = {label: add_annotation(window.project, doc.id, label, "alice", *span_of(ARTICLE, phrase)).id
           for label, phrase in ALICE}
    for label, phrase in ANA:
        add_annotation(window.project, doc.id, label, "ana", *span_of(ARTICLE, phrase))
    add_link(window.project, ids["claim"], ids["source"], "alice", "attributed_to")
    window.events.contents_changed.emit()
    window.workspace.show_document(doc.id)
    seen: dict[str, dict[str, str]] = {}

    # Review mode on alice; a comment on her first annotation, so that status and history show.
    monkeypatch.setattr(ReviewColleagueDialog, "ask", classmethod(lambda cls, parent, counts: "alice"))
    window.review_mode.start_action.trigger()
    assert window.review_mode.give_verdict(COMMENTED, COMMENT)
    bar = window.review_mode.bar
    seen["review bar"] = {
        **_texts(bar), "status": bar.status.text(), "history": bar.history.text(),
        "history:tip": bar.history.toolTip(), "close action": _shown(bar.close_action.text()),
        "menu": _shown(window.review_mode.start_action.text()),
        "menu:status": window.review_mode.start_action.statusTip(),
    }
    seen["review bar"].pop("reviewPosition")  # "1 / 3": numbers

    # Compare mode: ana against alice.
    feature = window.annotators_feature
    feature.dock.show()
    feature.panel.set_pair("ana", "alice")
    panel, model = feature.panel, feature.panel.model
    compare = {**_texts(panel), "dock": feature.dock.windowTitle(), "summary": panel.summary.text()}
    for column in range(model.columnCount()):
        compare[f"column{column}"] = model.headerData(column, Qt.Orientation.Horizontal)
        for row in range(model.rowCount()):
            compare[f"cell{row}.{column}"] = model.index(row, column).data()
    seen["compare panel"] = compare

    # The link list, from the claim (its link goes out) and from the source (it comes in).
    links = window.tag_panel.links
    window.tag_panel.table.select_annotation(ids["claim"])
    seen["link list"] = {**_texts(links), "entries": "\n".join(links.entries())}
    window.tag_panel.table.select_annotation(ids["source"])
    seen["link list"]["incoming"] = "\n".join(links.entries())
    window.tag_panel.table.select_annotation(ids["framing"])
    seen["link list"]["hint"] = links.hint.text()

    # Link mode's prompt, then the Link to… dialog (looked at, then cancelled).
    window.tag_panel.table.select_annotation(ids["framing"])
    window.links_feature.link_action.trigger()
    seen["link mode"] = {"prompt": window.statusBar().currentMessage(),
                         "menu": _shown(window.links_feature.link_action.text()),
                         "menu:status": window.links_feature.link_action.statusTip(),
                         "pick": _shown(window.links_feature.pick_action.text())}

    def look(cls, parent, prompt, candidates):
        dialog = cls(prompt, candidates, parent)
        seen["link dialog"] = {**_texts(dialog), "title": dialog.windowTitle(),
                               "prompt": dialog.prompt.text(),
                               "candidates": "\n".join(c.text for c in candidates)}
        dialog.deleteLater()
        return None

    monkeypatch.setattr(LinkTargetDialog, "ask", classmethod(look))
    window.links_feature.pick_action.trigger()
    assert not window.links_feature.linking and "link dialog" in seen
    return window, seen


def _is_data(text: str) -> bool:
    """Names, labels, keys, numbers and the article's own words: the same in both languages."""
    plain = re.sub(r"<[^>]*>|&#?\w+;|#[0-9a-fA-F]{6}", " ", text)  # the label's swatch and markup
    plain = re.sub(r"[«»\u202f\u00a0▶◀✕()/·,:\s…—–]+", " ", plain).strip()
    return (not re.search(r"[A-Za-z]{2}", plain) or plain in NAMES
            or all(word in NAMES or word in ARTICLE for word in plain.split()))


def test_review_compare_and_link_mode_read_french_but_names_labels_and_keys(
        open_window, monkeypatch, speak) -> None:
    speak("en")
    english_window, english = _scene(open_window, monkeypatch, "en.annotator")
    english_window.close()
    speak("fr")
    _window, french = _scene(open_window, monkeypatch, "fr.annotator")

    still_english = []
    for part, texts in english.items():
        assert set(french[part]) == set(texts), f"{part}: not the same texts in both languages"
        for key, source in texts.items():
            if source and french[part][key] == source and not _is_data(source):
                still_english.append(f"{part} {key}: {source!r}")
    assert not still_english, "still English:\n" + "\n".join(still_english)

    bar, compare, links, dialog = (french[p] for p in ("review bar", "compare panel", "link list",
                                                        "link dialog"))
    assert bar["reviewTitle"] == "Relecture\u00a0: alice"
    assert bar["reviewAccept"] == "Accepter (A)" and bar["reviewNext"] == "Suivante (N)"
    assert bar["status"] == "Commentée par ana" and bar["history"] == "1 relecture"
    assert bar["reviewExcerpt"] == f"«{NNBSP}Jens Stoltenberg{NNBSP}»"
    assert bar["menu"] == "Mode relecture…"
    assert compare["column0"] == "Différence" and compare["column2"] == "B\u00a0: alice"
    assert compare["summary"] == "0 identique · 3 différences (2 propres à alice, 1 délimitation différente)"
    assert links["entries"] == f"→ attribué à «{NNBSP}Jens Stoltenberg{NNBSP}»"  # a new project's relation
    assert links["incoming"] == f"← source de «{NNBSP}l’Alliance reste unie{NNBSP}»"
    assert "Supprimer le lien" in links.values()
    assert dialog["title"] == "Lier à un passage…" and "Lier" in dialog.values()
    assert dialog["prompt"] == f"Lier «{NNBSP}Un pari risqué{NNBSP}» (framing) à\u00a0:"
    assert french["link mode"]["prompt"] == (
        f"Cliquez sur le passage «{NNBSP}claim{NNBSP}» que ce passage «{NNBSP}framing{NNBSP}» cadre "
        "(Échap pour annuler)")
    # French typography: no plain space before : ; ! ? nor inside guillemets.
    for part in french.values():
        for text in part.values():
            assert not re.search(r" [:;!?]|« | »", text or ""), text


def test_english_is_as_it_was(open_window, monkeypatch, speak) -> None:
    speak("en")
    _window, english = _scene(open_window, monkeypatch, "en.annotator")
    bar, links = english["review bar"], english["link list"]
    assert bar["reviewTitle"] == "Reviewing alice" and bar["reviewAccept"] == "Accept (A)"
    assert bar["status"] == "Commented by ana" and bar["history"] == "1 review"
    assert links["entries"] == "→ attributed to «Jens Stoltenberg»"
    assert links["incoming"] == "← source of «l’Alliance reste unie»"
    assert english["link mode"]["prompt"] == "Click the claim this framing frames (Esc to cancel)"
    assert english["link dialog"]["prompt"].startswith("Link the framing «Un pari risqué» with:")
