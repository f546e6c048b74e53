"""The labels of a merge: every incoming name found in the codebook (case aside) or created."""

from __future__ import annotations

import colorsys
import uuid
from collections.abc import Iterable, Iterator, Sequence

from sqlalchemy import Connection, insert, select

from annotator.domain.error_wording import ErrorCode, Worded
from annotator.domain.errors import InvalidInput
from annotator.domain.records import IncomingLabel
from annotator.domain.validation import NEW_LABEL_COLORS, SHORTCUT_KEYS, check_color, clean_label_name
from annotator.services._merge_log import MergeLog
from annotator.store.models import Label


def resolve_labels(
    conn: Connection,
    log: MergeLog,
    labels: Sequence[IncomingLabel],
    used: Iterable[tuple[str, str]],
    document_ids: set[int] | None = None,
    coded: Iterable[tuple[str, str]] = (),
) -> tuple[dict[str, int], list[str]]:
    """The label id of every name the batch uses, creating the missing labels in order; each
    label created gets a free shortcut key (1-9, while one is free) and, unless the batch gives
    its colour, a colour no label of the codebook has (colour-blind-safe ones first).

    `labels` come with colour, definition and kind; `used` are (where, name) of the annotations,
    the first mention of a name naming it in a problem. Returns the ids by name as given, and the
    names of the labels created. `document_ids`, when given, gets the ids of the document-kind
    labels among them. `coded` are (where, name) of the document codes: a missing label they
    name is created as a document label. A label of the batch whose kind is not the codebook's is
    a problem.
    """
    rows = conn.execute(select(Label.id, Label.name, Label.color, Label.position)).all()
    keys = [k for k in SHORTCUT_KEYS
            if k not in set(conn.execute(select(Label.shortcut)).scalars())]
    kinds = dict(conn.execute(select(Label.id, Label.kind)).all())
    exact = {name: label_id for label_id, name, _, _ in rows}
    folded = {name.casefold(): label_id for label_id, name, _, _ in rows}
    colors = {color.lower() for _, _, color, _ in rows}
    position = max((pos for *_, pos in rows), default=-1)
    wanted: dict[str, tuple[str, IncomingLabel | None]] = {}
    for label in labels:
        wanted.setdefault(label.name, (log.source, label))
    only_coded: set[str] = set()
    for where, name in coded:
        if name not in wanted:
            wanted[name] = (where, IncomingLabel(name, kind="document"))
            only_coded.add(name)
    for where, name in used:
        if name not in wanted:
            wanted[name] = (where, None)
    ids: dict[str, int] = {}
    created: list[str] = []
    for raw, (where, incoming) in wanted.items():
        try:
            name = clean_label_name(raw)
        except InvalidInput as exc:
            log.problem(where, exc)
            continue
        found = exact.get(name) or folded.get(name.casefold())
        kind = incoming.kind if incoming is not None else "span"
        if found is not None and incoming is not None and kinds[found] != incoming.kind:
            code = (ErrorCode.MERGE_LABEL_SPANS_HERE if raw in only_coded
                    else ErrorCode.MERGE_LABEL_SPAN_THERE if incoming.kind == "span"
                    else ErrorCode.MERGE_LABEL_DOCUMENT_THERE)
            log.problem(where, Worded(code, {"label": name}))
            continue
        if found is None:
            color = _new_color(incoming, colors)
            colors.add(color)
            position += 1
            found = conn.execute(
                insert(Label).returning(Label.id),
                {"uuid": str(uuid.uuid4()), "name": name, "color": color,
                 "shortcut": keys.pop(0) if keys else None,
                 "definition": (incoming.definition if incoming else "").strip(),
                 "position": position, "kind": kind},
            ).scalar_one()
            kinds[found] = kind
            exact[name] = found
            folded[name.casefold()] = found
            created.append(name)
        ids[raw] = found
        if document_ids is not None and kinds[found] == "document":
            document_ids.add(found)
    return ids, created


def _new_color(incoming: IncomingLabel | None, used: set[str]) -> str:
    if incoming is not None and incoming.color:
        try:
            return check_color(incoming.color)
        except InvalidInput:
            pass
    return next(c for c in _palette() if c not in used)


#: After the Okabe-Ito colours of `NEW_LABEL_COLORS`: its black, then Paul Tol's muted scheme
#: (also told apart by colour-blind readers).
_MORE_COLORS = ("#332288", "#88ccee", "#44aa99", "#117733", "#999933", "#ddcc77", "#cc6677",
                "#882255", "#aa4499", "#000000")


def _palette() -> Iterator[str]:
    """Colours for new labels, best first, without end: the safe ones, then hues a golden angle
    apart at three lightnesses, then on (a colour repeats only past thousands of labels)."""
    yield from NEW_LABEL_COLORS
    yield from _MORE_COLORS
    n = 0
    while True:
        hue = (n * 0.381966) % 1.0
        value = (0.85, 0.65, 0.45)[(n // 12) % 3]
        r, g, b = colorsys.hsv_to_rgb(hue, 0.6, value)
        yield f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}"
        n += 1
