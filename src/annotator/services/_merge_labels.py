"""The labels of a merge: every incoming name found in the codebook (case aside) or created."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence

from sqlalchemy import Connection, insert, select

from annotator.domain.errors import InvalidInput
from annotator.domain.records import IncomingLabel
from annotator.domain.validation import NEW_LABEL_COLORS, check_color, clean_label_name
from annotator.services._merge_log import MergeLog
from annotator.store.models import Label


def resolve_labels(
    conn: Connection,
    log: MergeLog,
    labels: Sequence[IncomingLabel],
    used: Iterable[tuple[str, str]],
) -> tuple[dict[str, int], list[str]]:
    """The label id of every name the batch uses, creating the missing labels in order.

    `labels` come with colour and definition; `used` are (where, name) of the annotations, the
    first mention of a name naming it in a problem. Returns the ids by name as given, and the
    names of the labels created.
    """
    rows = conn.execute(select(Label.id, Label.name, Label.color, Label.position)).all()
    exact = {name: label_id for label_id, name, _, _ in rows}
    folded = {name.casefold(): label_id for label_id, name, _, _ in rows}
    colors = {color.lower() for _, _, color, _ in rows}
    position = max((pos for *_, pos in rows), default=-1)
    wanted: dict[str, tuple[str, IncomingLabel | None]] = {}
    for label in labels:
        wanted.setdefault(label.name, (log.source, label))
    for where, name in used:
        if name not in wanted:
            wanted[name] = (where, None)
    ids: dict[str, int] = {}
    created: list[str] = []
    for raw, (where, incoming) in wanted.items():
        try:
            name = clean_label_name(raw)
        except InvalidInput as exc:
            log.problem(where, str(exc))
            continue
        found = exact.get(name) or folded.get(name.casefold())
        if found is None:
            color = _new_color(incoming, colors)
            colors.add(color)
            position += 1
            found = conn.execute(
                insert(Label).returning(Label.id),
                {"uuid": str(uuid.uuid4()), "name": name, "color": color, "shortcut": None,
                 "definition": (incoming.definition if incoming else "").strip(),
                 "position": position},
            ).scalar_one()
            exact[name] = found
            folded[name.casefold()] = found
            created.append(name)
        ids[raw] = found
    return ids, created


def _new_color(incoming: IncomingLabel | None, used: set[str]) -> str:
    if incoming is not None and incoming.color:
        try:
            return check_color(incoming.color)
        except InvalidInput:
            pass
    return next((c for c in NEW_LABEL_COLORS if c not in used), NEW_LABEL_COLORS[-1])
