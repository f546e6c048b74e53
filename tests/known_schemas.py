"""Every schema Annotator makes at each revision, rebuilt from the schema fixtures and the migrations.

A project at a revision is either new (tests/fixtures/project_schema_<revision>.sql: the schema
Annotator created at that revision, or the current one for the head) or upgraded from an older
one by the migrations; each makes its own SQL. `src/annotator/store/known_schemas.json` must list
exactly these (a test checks it); after adding a migration, rewrite it with
`python -m tests.known_schemas` and add the new revision's fixture when the next one comes.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path

from annotator.store.project_file import REVISIONS, _upgrade, head_revision, open_store
from annotator.store.schema_check import KNOWN_SCHEMAS_FILE, SchemaObject, schema_objects

FIXTURES = Path(__file__).parent / "fixtures"


def _schema(path: Path) -> frozenset[SchemaObject]:
    with closing(sqlite3.connect(path)) as conn:
        return schema_objects(conn)


def build() -> dict[str, list[list[list[str]]]]:
    """Revision -> its schemas, each a sorted list of [type, name, table, normalised SQL]."""
    found: dict[str, set[frozenset[SchemaObject]]] = {revision: set() for revision in REVISIONS}
    with tempfile.TemporaryDirectory() as folder:
        for fixture in sorted(FIXTURES.glob("project_schema_*.sql")):
            revision = fixture.stem.rsplit("_", 1)[1]
            path = Path(folder) / f"from-{revision}.annotator"
            with closing(sqlite3.connect(path)) as conn:
                conn.executescript(fixture.read_text(encoding="utf-8"))
            found[revision].add(_schema(path))
            for later in REVISIONS[REVISIONS.index(revision) + 1:]:
                _upgrade(path, 3.0, later)
                found[later].add(_schema(path))
        new = Path(folder) / "new.annotator"
        open_store(new).close()
        found[head_revision()].add(_schema(new))
    return {
        revision: sorted(sorted(list(obj) for obj in variant) for variant in variants)
        for revision, variants in found.items()
    }


def as_json(schemas: dict[str, list[list[list[str]]]]) -> str:
    """The file's text: one schema object per line."""
    lines = ["{"]
    for r, (revision, variants) in enumerate(schemas.items()):
        lines.append(f"  {json.dumps(revision)}: [")
        for v, variant in enumerate(variants):
            lines.append("    [")
            for o, obj in enumerate(variant):
                comma = "," if o < len(variant) - 1 else ""
                lines.append(f"      {json.dumps(obj, ensure_ascii=False)}{comma}")
            lines.append("    ]" + ("," if v < len(variants) - 1 else ""))
        lines.append("  ]" + ("," if r < len(schemas) - 1 else ""))
    lines.append("}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    KNOWN_SCHEMAS_FILE.write_text(as_json(build()), encoding="utf-8")
    print(f"wrote {KNOWN_SCHEMAS_FILE}")
