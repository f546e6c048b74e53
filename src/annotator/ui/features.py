"""The window's feature modules: each adds its menu entries, panels and keys to the main window."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow


def install_features(window: MainWindow) -> None:
    """Let every feature module attach itself to a freshly assembled main window."""
    from annotator.ui.corpus import corpus_actions
    from annotator.ui.interchange import brat_actions, merge_action, qdpx_actions
    from annotator.ui.links import links_feature
    from annotator.ui.review import agreement_window, annotators_feature, review_feature
    from annotator.ui.workspace import document_details

    for module in (
        merge_action,
        brat_actions,
        qdpx_actions,
        document_details,
        annotators_feature,
        review_feature,
        agreement_window,
        links_feature,
        corpus_actions,
    ):
        module.install(window)
