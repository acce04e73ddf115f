"""The database in a backup, by engine: a consistent dump, and a restore in one transaction.

PostgreSQL: ``pg_dump --format=custom`` inside a snapshot that also gives the row counts
and the migrations, so the three agree; restored by ``pg_restore`` piped into ``psql
--single-transaction`` after the (empty) tables are dropped, all in one transaction.
SQLite: a copy by SQLite's online backup API, restored by the same API, which replaces
the database's pages in one write transaction.
"""

import os
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection, transaction

MEMBERS = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


@dataclass(frozen=True)
class Dump:
    member: str
    schema: dict[str, list[str]]  # migrations applied, per app
    rows: dict[str, int]  # rows per table


class DatabaseError(Exception):
    """pg_dump, pg_restore or psql failed; the message is theirs."""


def supported() -> bool:
    return connection.vendor in MEMBERS


def database_dump(*, target: Path) -> Dump:
    """Write a consistent copy of the database to ``target``."""
    if connection.vendor == "postgresql":
        return _pg_dump(target)
    return _sqlite_dump(target)


def database_restore(*, source: Path) -> None:
    """Replace the whole database with the dump at ``source``, all or nothing."""
    if connection.vendor == "postgresql":
        _pg_restore(source)
    else:
        _sqlite_restore(source)


def _sqlite_dump(target: Path) -> Dump:
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)  # one step: a consistent snapshot
        cursor = copy.cursor()
        tables = [
            row[0]
            for row in cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        return Dump(MEMBERS["sqlite"], _schema(cursor, tables), _rows(cursor, tables, '"{}"'))
    finally:
        copy.close()


def _sqlite_restore(source: Path) -> None:
    archived = sqlite3.connect(source)
    try:
        connection.ensure_connection()
        archived.backup(connection.connection)
    except sqlite3.Error as exc:
        raise DatabaseError(str(exc)) from exc
    finally:
        archived.close()


def _schema(cursor: Any, tables: list[str]) -> dict[str, list[str]]:
    if "django_migrations" not in tables:
        return {}
    schema: dict[str, list[str]] = {}
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    for app, name in cursor.fetchall():
        schema.setdefault(app, []).append(name)
    return schema


def _rows(cursor: Any, tables: list[str], quoted: str) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quoted.format(table)}")  # noqa: S608 - a table name
        counts[table] = cursor.fetchone()[0]
    return counts


def _pg_env() -> dict[str, str]:
    """The libpq variables naming Django's database (the password never on a command line)."""
    db = connection.settings_dict
    env = dict(os.environ)
    for variable, value in {
        "PGHOST": db.get("HOST"),
        "PGPORT": db.get("PORT"),
        "PGUSER": db.get("USER"),
        "PGPASSWORD": db.get("PASSWORD"),
        "PGDATABASE": db.get("NAME"),
        "PGSSLMODE": (db.get("OPTIONS") or {}).get("sslmode"),
    }.items():
        if value:
            env[variable] = str(value)
    return env


def _run(command: list[str], **kwargs: Any) -> None:
    result = subprocess.run(command, env=_pg_env(), capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise DatabaseError(f"{command[0]}: {result.stderr.strip()[-2000:]}")


def _pg_dump(target: Path) -> Dump:
    if connection.in_atomic_block:
        raise RuntimeError("A backup needs a snapshot of its own: call it outside a transaction.")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        tables = sorted(connection.introspection.table_names(cursor))
        dump = Dump(MEMBERS["postgresql"], _schema(cursor, tables), _rows(cursor, tables, '"{}"'))
        # pg_dump sees exactly what this transaction sees, while it stays open.
        _run(["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={target}"])
    return dump


# Run before the dump's own SQL, in the same transaction: the instance's tables are empty
# (checked before), but those of a newer migration would clash with a later `migrate`.
DROP_EVERYTHING = """
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT table_name, table_type FROM information_schema.tables
           WHERE table_schema = current_schema() LOOP
    IF r.table_type = 'VIEW' THEN
      EXECUTE format('DROP VIEW IF EXISTS %I CASCADE', r.table_name);
    ELSE
      EXECUTE format('DROP TABLE IF EXISTS %I CASCADE', r.table_name);
    END IF;
  END LOOP;
  FOR r IN SELECT sequence_name FROM information_schema.sequences
           WHERE sequence_schema = current_schema() LOOP
    EXECUTE format('DROP SEQUENCE IF EXISTS %I CASCADE', r.sequence_name);
  END LOOP;
END $$;
"""


def _pg_restore(source: Path) -> None:
    connection.close()
    with tempfile.TemporaryDirectory(dir=source.parent) as workdir:
        drop, script = Path(workdir) / "drop.sql", Path(workdir) / "restore.sql"
        drop.write_text(DROP_EVERYTHING)
        # The whole script first: psql would commit what a pg_restore dying midway had sent.
        _run(["pg_restore", "--no-owner", "--no-privileges", f"--file={script}", str(source)])
        _run(
            ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction",
             "-f", str(drop), "-f", str(script)]
        )  # fmt: skip
