"""Signals telling every panel what a service call changed in the open project."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class ProjectEvents(QObject):
    """One per open project; undo commands emit, panels listen. Payloads are frozen records."""

    annotations_added = Signal(object)  # tuple[AnnotationInfo, ...]
    annotations_removed = Signal(object)  # tuple[AnnotationInfo, ...] as they were
    annotations_updated = Signal(object)  # tuple[AnnotationInfo, ...] as they are now
    labels_changed = Signal()  # the codebook changed: reload labels and highlights
    documents_changed = Signal()  # documents were imported
    saved = Signal()  # a change was committed to the project file
    failed = Signal(str)  # a change was refused or could not be written: the reason
