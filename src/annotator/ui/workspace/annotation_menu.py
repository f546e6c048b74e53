"""How one annotation shows in the article view: its span, its hover text, its right-click menu."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from PySide6.QtWidgets import QMenu, QWidget

from annotator.domain.records import AnnotationInfo, LabelInfo
from annotator.domain.spans import Span
from annotator.i18n import _

#: Adds entries to an annotation's menu (features register these on the workspace).
MenuExtra = Callable[[QMenu, AnnotationInfo], None]


def view_span(ann: AnnotationInfo) -> Span:
    """The span the view draws for an annotation."""
    return Span(ann.start, ann.end, ann.label_id, ann.id)


def hover_text(ann: AnnotationInfo, own: bool = True) -> str:
    """Plain text shown when hovering the highlight (the view escapes it); says whose it is."""
    if own:
        head = _("{label} · {annotator} (you)").format(label=ann.label, annotator=ann.annotator)
    else:
        head = _("{label} · tagged by {annotator}").format(label=ann.label, annotator=ann.annotator)
    return f"{head}\n{ann.note}" if ann.note else head


def annotation_menu(
    parent: QWidget,
    ann: AnnotationInfo,
    labels: Sequence[LabelInfo],
    relabel: Callable[[int], object],
    edit_note: Callable[[], object],
    delete: Callable[[], object],
    extras: Iterable[MenuExtra] = (),
    own: bool | None = None,
) -> QMenu:
    """Label as (each label, the current one checked), Edit note…, the extras, Delete annotation;
    under a heading naming the label and whose annotation it is when `own` is given."""
    menu = QMenu(parent)
    if own is not None:  # a heading: whose span the menu acts on (styles may not show a section's text)
        heading = menu.addAction(hover_text(ann, own).split("\n")[0])
        heading.setObjectName("annotationMenuHeading")
        heading.setEnabled(False)
        menu.addSeparator()
    relabel_menu = menu.addMenu(_("Label as"))
    for lab in labels:
        action = relabel_menu.addAction(lab.name)
        action.setCheckable(True)
        action.setChecked(lab.id == ann.label_id)
        action.triggered.connect(lambda _=False, i=lab.id: relabel(i))
    menu.addAction(_("Edit note…"), edit_note)
    for extra in extras:
        extra(menu, ann)
    menu.addSeparator()
    menu.addAction(_("Delete annotation"), delete)
    return menu
