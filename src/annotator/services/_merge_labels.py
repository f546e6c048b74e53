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
    document_ids: set[int] | None = None,
    coded: Iterable[tuple[str, str]] = (),
) -> tuple[dict[str, int], list[str]]:
    """The label id of every name the batch uses, creating the missing labels in order.

    `labels` come with colour, definition and kind; `used` are (where, name) of the annotations,
    the first mention of a name naming it in a problem. Returns the ids by name as given, and the
    names of the labels created. `document_ids`, when given, gets the ids of the document-kind
    labels among them. `coded` are (where, name) of the document codes: a missing label they
    name is created as a document label. A label of the batch whose kind is not the codebook's is
    a problem.
    """
    rows = conn.execute(select(Label.id, Label.name, Label.color, Label.position)).all()
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
            log.problem(where, str(exc))
            continue
        found = exact.get(name) or folded.get(name.casefold())
        kind = incoming.kind if incoming is not None else "span"
        if found is not None and incoming is not None and kinds[found] != incoming.kind:
            log.problem(where, f"the label {name!r} labels spans here, not whole documents"
                        if raw in only_coded else
                        f"the label {name!r} is a {incoming.kind} label there and a "
                        f"{kinds[found]} label here")
            continue
        if found is None:
            color = _new_color(incoming, colors)
            colors.add(color)
            position += 1
            found = conn.execute(
                insert(Label).returning(Label.id),
                {"uuid": str(uuid.uuid4()), "name": name, "color": color, "shortcut": None,
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
    return next((c for c in NEW_LABEL_COLORS if c not in used), NEW_LABEL_COLORS[-1])
