"""Annotator's own schema at each revision, to refuse a project file that holds anything else.

A project file can come from anyone. Triggers, views, extra tables or indexes, or a table whose
definition differs from Annotator's, could run code inside Annotator or change what it reads, so a
file whose schema is not exactly one that Annotator makes (new, or upgraded by its migrations) for
the file's revision is refused. `known_schemas.json` lists those schemas; a test rebuilds it from
the migrations and the schema fixtures of each revision.

A project on a PostgreSQL server is not checked that way: the schema SQL differs from SQLite's,
and the database belongs to its administrator, who grants who may change it. There the check is
the Alembic revision (opened by `project_file`) and that every table Annotator has at that
revision is there (`missing_server_tables`); other tables of the database are left alone.
"""

from __future__ import annotations

import json
import sqlite3
from functools import cache
from pathlib import Path

KNOWN_SCHEMAS_FILE = Path(__file__).with_name("known_schemas.json")

#: One entry of sqlite_master: type, name, table and the normalised SQL that created it.
SchemaObject = tuple[str, str, str, str]


def schema_objects(conn: sqlite3.Connection) -> frozenset[SchemaObject]:
    """Every object of the database's schema (SQLite's automatic indexes aside: the table's SQL
    implies them)."""
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    return frozenset(
        (str(kind), str(name), str(table), normal_sql(sql))
        for kind, name, table, sql in rows
        if not (kind == "index" and sql is None and str(name).startswith("sqlite_autoindex_"))
    )


def normal_sql(sql: str | None) -> str:
    """SQL with runs of white space made one space and, for a table, its column and constraint
    definitions sorted (their order differs between a new project and an upgraded one)."""
    if sql is None:
        return ""
    text = " ".join(str(sql).split())
    if not text.upper().startswith("CREATE TABLE "):
        return text
    opening = text.find("(")
    parts = _split_top_level(text[opening + 1:]) if opening > 0 else None
    if parts is None:
        return text
    clauses, tail = parts
    head = text[:opening].replace('"', "").strip()
    return f"{head} ({', '.join(sorted(clauses))}){tail}"


def _split_top_level(body: str) -> tuple[list[str], str] | None:
    """The comma-separated clauses of a table body up to its closing parenthesis, and what follows."""
    clauses: list[str] = []
    depth = 0
    quote = ""
    start = 0
    for at, char in enumerate(body):
        if quote:
            if char == quote:
                quote = ""
        elif char in "'\"`":
            quote = char
        elif char == "[":
            quote = "]"
        elif char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                clauses.append(body[start:at].strip())
                return clauses, body[at + 1:].rstrip()
            depth -= 1
        elif char == "," and depth == 0:
            clauses.append(body[start:at].strip())
            start = at + 1
    return None


@cache
def known_schemas() -> dict[str, tuple[frozenset[SchemaObject], ...]]:
    """Revision -> every schema Annotator makes at that revision."""
    data = json.loads(KNOWN_SCHEMAS_FILE.read_text(encoding="utf-8"))
    return {
        revision: tuple(frozenset(tuple(obj) for obj in variant) for variant in variants)
        for revision, variants in data.items()
    }


def schema_problems(objects: frozenset[SchemaObject], revision: str) -> list[str]:
    """What in `objects` Annotator did not make at `revision` (nothing: the schema is its own)."""
    variants = known_schemas().get(revision, ())
    if objects in variants:
        return []
    if not variants:
        return [f"no known schema for revision {revision}"]
    closest = min(variants, key=lambda variant: len(objects ^ variant))
    ours = {(kind, name) for kind, name, _, _ in closest}
    theirs = {(kind, name) for kind, name, _, _ in objects}
    problems = [
        f"{kind} {name} that Annotator did not create"
        for kind, name in sorted(theirs - ours)
    ]
    problems += [
        f"{kind} {name} defined otherwise than Annotator defines it"
        for kind, name, _, _ in sorted(objects - closest)
        if (kind, name) in ours
    ]
    problems += [f"no {kind} {name}" for kind, name in sorted(ours - theirs)]
    return problems


def tables_at(revision: str) -> frozenset[str]:
    """The tables Annotator's schema has at `revision` (from the known SQLite schemas)."""
    variants = known_schemas().get(revision, ())
    if not variants:
        return frozenset()
    return frozenset.intersection(*(
        frozenset(name for kind, name, _, _ in variant if kind == "table") for variant in variants
    ))


def missing_server_tables(tables: set[str] | frozenset[str], revision: str) -> list[str]:
    """The tables of Annotator's schema at `revision` that a server database lacks (sorted)."""
    return sorted(tables_at(revision) - set(tables))
