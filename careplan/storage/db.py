"""Engines and sessions: the embedded SQLite file by default, any SQLAlchemy URL on request."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

DB_FILENAME = "careplan.sqlite3"


class DatabaseError(Exception):
    """A database that cannot be used, said in plain words."""


def sqlite_url(path: Path) -> str:
    return f"sqlite+pysqlite:///{path}"


def _sqlite_on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's own handling is
    # unreliable), then set the pragmas every connection needs.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        cursor.execute("PRAGMA journal_mode=WAL")
    # FULL with WAL: a commit that returned survives a power cut.
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def _sqlite_on_begin(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN")


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for ``url``; SQLite gets foreign keys, WAL and durable commits on every connection.

    Statement parameters are hidden from error messages, so patient data never
    reaches a log through a database error.
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseError(
            f"The database address {url!r} is not valid. Use a file path like sqlite:////path/careplan.sqlite3 "
            "or a server address like postgresql+psycopg://user:password@host:5432/careplan."
        ) from None
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            folder = Path(database).expanduser().parent
            if not folder.is_dir():
                raise DatabaseError(f"The folder for the database does not exist: {folder}")
        engine = create_engine(parsed, hide_parameters=True, **kwargs)
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    try:
        return create_engine(parsed, pool_pre_ping=True, hide_parameters=True, **kwargs)
    except ModuleNotFoundError as exc:
        raise DatabaseError(
            f"Careplan cannot reach {parsed.get_backend_name()} databases: the driver {exc.name!r} is not installed."
        ) from None


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def describe(url: str) -> str:
    """The URL with any password hidden, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(invalid address)"
