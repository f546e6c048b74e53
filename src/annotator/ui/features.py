"""The window's feature modules: each adds its menu entries, panels and keys to the main window."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow


def install_features(window: MainWindow) -> None:
    """Let every feature module attach itself to a freshly assembled main window."""
    from annotator.ui import (
        agreement_window,
        annotators_feature,
        brat_actions,
        corpus_actions,
        document_details,
        links_feature,
        merge_action,
        qdpx_actions,
        review_feature,
    )

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
