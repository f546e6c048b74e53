"""Who is working in an open project, and what a PostgreSQL server itself enforces about it.

The window names its annotator once (`act_as`); the services then hide colleagues' spans in blind
mode and, in a team project on a server, let that annotator change only their own annotations. There
the same rule is also the server's: the annotations table has row-level security, with a policy that
lets a session change only the rows of the annotator it names in the setting `annotator.name`, which
the engine sets at the start of every transaction of an acting project. A session that names nobody
(the command line, a merge, the lead's tools) is not limited: the setting says who the program works
for, it does not prove who is at the keyboard (one database role per person would).

A project file is one analyst's: whoever holds it may change every span in it, a colleague's merged
ones included, as always (`keeps_to_own` is False there).
"""

from __future__ import annotations

import weakref

from sqlalchemy import Connection, Engine, event

#: The session setting naming the annotator a server session works for ('' or unset: nobody).
SETTING = "annotator.name"
_WHO = f"coalesce(current_setting('{SETTING}', true), '')"
_ROW_RULE = f"({_WHO} = '' OR {_WHO} = annotator)"

#: The acting annotator by connection pool: an engine and the engines derived from it for
#: reading (execution options) share their pool.
_acting: weakref.WeakKeyDictionary[object, str] = weakref.WeakKeyDictionary()
_listening: weakref.WeakSet[Engine] = weakref.WeakSet()


def act_as(engine: Engine, name: str | None) -> None:
    """From now on the project open on `engine` works for the annotator `name` (None: nobody)."""
    if name is None:
        _acting.pop(engine.pool, None)
        return
    _acting[engine.pool] = name
    if engine.dialect.name == "postgresql" and engine not in _listening:
        event.listen(engine, "begin", _name_the_session)
        _listening.add(engine)


def keeps_to_own(engine: Engine) -> bool:
    """True where an acting annotator may change only their own annotations: a team project."""
    return engine.dialect.name == "postgresql"


def acting_annotator(engine: Engine) -> str | None:
    """The annotator the project open on `engine` works for, or None."""
    return _acting.get(engine.pool)


def _name_the_session(conn: Connection) -> None:
    # After the engine's own begin (isolation level, writers' lock): a setting local to the
    # transaction, so a pooled connection never carries it into another project's work.
    name = _acting.get(conn.engine.pool, "")
    conn.exec_driver_sql("SELECT set_config(%(setting)s, %(name)s, true)",
                         {"setting": SETTING, "name": name})


_POLICIES = ("annotations_read", "annotations_add", "annotations_change", "annotations_remove",
             "annotations_own")


def enable_row_security(conn: Connection) -> None:
    """Row-level security on the annotations of a project database (PostgreSQL only): everyone
    reads every span and may add spans (a merge brings colleagues' in); a session naming its
    annotator changes and deletes only theirs. Forced on the table's owner too (a superuser is
    never held by it)."""
    conn.exec_driver_sql("ALTER TABLE annotations ENABLE ROW LEVEL SECURITY")
    conn.exec_driver_sql("ALTER TABLE annotations FORCE ROW LEVEL SECURITY")
    _drop_policies(conn)
    conn.exec_driver_sql("CREATE POLICY annotations_read ON annotations FOR SELECT USING (true)")
    conn.exec_driver_sql("CREATE POLICY annotations_add ON annotations FOR INSERT WITH CHECK (true)")
    conn.exec_driver_sql(f"CREATE POLICY annotations_change ON annotations FOR UPDATE "
                         f"USING {_ROW_RULE} WITH CHECK {_ROW_RULE}")
    conn.exec_driver_sql(f"CREATE POLICY annotations_remove ON annotations FOR DELETE USING {_ROW_RULE}")


def disable_row_security(conn: Connection) -> None:
    """Undo `enable_row_security`."""
    _drop_policies(conn)
    conn.exec_driver_sql("ALTER TABLE annotations NO FORCE ROW LEVEL SECURITY")
    conn.exec_driver_sql("ALTER TABLE annotations DISABLE ROW LEVEL SECURITY")


def _drop_policies(conn: Connection) -> None:
    for name in _POLICIES:
        conn.exec_driver_sql(f"DROP POLICY IF EXISTS {name} ON annotations")


def for_everyone(conn: Connection) -> None:
    """For the rest of this transaction, the session works for nobody in particular (a codebook
    change that moves or deletes every annotator's spans of a label)."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SELECT set_config(%(setting)s, '', true)", {"setting": SETTING})
