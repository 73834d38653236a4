"""Engines and sessions: the embedded SQLite file by default, any SQLAlchemy URL on request."""

from __future__ import annotations

import contextlib
import os
import socket
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from careplan.errors import UserFacingError
from careplan.storage.light import SQLITE_BUSY_TIMEOUT_S, prepare_connection
from careplan.storage.light import sqlite_url as sqlite_url  # its home is storage.light (no SQLAlchemy)

DB_FILENAME = "careplan.sqlite3"


class DatabaseError(UserFacingError):
    """A database that cannot be used, said in plain words."""


class DatabaseBusy(DatabaseError):
    """Another program held the database for longer than the busy timeout: try again."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(
            message
            or "Another desktop is saving to the database (or another program, such as a backup tool, is holding "
            "it); nothing was changed. Try again in a moment."
        )


class DatabaseUnreachable(DatabaseError):
    """The database server did not answer in time."""


#: PostgreSQL defaults, each overridable in the database address (``?connect_timeout=20``,
#: ``?options=-c%20statement_timeout%3D60000``, ``?keepalives_idle=30``).
PG_CONNECT_TIMEOUT_S = 5
PG_STATEMENT_TIMEOUT_MS = 10_000
PG_KEEPALIVES = {"keepalives": 1, "keepalives_idle": 5, "keepalives_interval": 2, "keepalives_count": 3}
#: A statement that has had no answer from the server after this long is given up from this side
#: (a frozen server enforces no statement timeout of its own): the connection is closed.
PG_CLIENT_DEADLINE_S = 10.0
#: The pool's check that a connection still works before handing it out: a trivial query.
PG_PING_DEADLINE_S = 3.0


def sqlite_connect(path: Path, *, readonly: bool = False, like: Path | None = None) -> sqlite3.Connection:
    """A plain DB-API connection to a SQLite file, outside SQLAlchemy.

    The one place that opens a database file directly (backups, restore, checks), so that
    every such use opens it the same way.  ``readonly`` never creates or changes the file.
    An encrypted file (``storage.crypto``) opens with its key from the keyring, through SQLCipher's
    DB-API, which is the same as ``sqlite3``'s (its errors are ``sqlite_errors()``); a new file
    made ``like`` an encrypted database is encrypted with that database's key, so its copies stay
    encrypted.  A missing or wrong key raises DatabaseError in plain words.
    """
    from careplan.storage import crypto

    source = path if path.exists() else like
    if source is not None and crypto.is_encrypted(source):
        connection: sqlite3.Connection = crypto.connect(path, crypto.key_for(source), readonly=readonly)
        return connection
    if readonly:
        return sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    return sqlite3.connect(path)


def sqlite_errors() -> tuple[type[Exception], ...]:
    """The errors a ``sqlite_connect`` connection raises: ``sqlite3.Error``, or SQLCipher's own
    (a separate class tree) for an encrypted file."""
    from careplan.storage.crypto import cipher_module

    return (sqlite3.Error, cipher_module().Error)


def _sqlite_on_connect(dbapi_connection: sqlite3.Connection, _record: Any, busy_timeout_s: float) -> None:
    # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's own handling is
    # unreliable); the pragmas are the ones every writing connection gets (``storage.light``).
    prepare_connection(dbapi_connection, busy_timeout_s)


def _sqlite_on_begin(conn: Any) -> None:
    """Writes (the default) start with BEGIN IMMEDIATE, which takes the write lock at once and so
    waits the busy timeout for another writer; a read-then-write BEGIN would fail at once instead.
    Sessions made with ``readonly`` start a plain (deferred) read transaction.  Sent straight to the
    driver: it is on every save's path."""
    driver = conn.connection.driver_connection
    if conn.get_execution_options().get("careplan_readonly"):
        driver.execute("BEGIN")
        return
    try:
        driver.execute("BEGIN IMMEDIATE")
    except conn.dialect.dbapi.OperationalError as exc:  # sqlite3's, or SQLCipher's for an encrypted file
        if "locked" in str(exc) or "busy" in str(exc):
            raise DatabaseBusy() from None
        from careplan.storage.faults import fault_from

        raise fault_from(exc, str(conn.engine.url.database)) or exc from None


def make_engine(url: str, *, sqlite_busy_timeout_s: float = SQLITE_BUSY_TIMEOUT_S, **kwargs: Any) -> Engine:
    """An engine for ``url``; SQLite gets foreign keys, WAL and durable commits on every connection.

    Statement parameters are hidden from error messages, so patient data never
    reaches a log through a database error.
    """
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseError(
            f"The database address {url!r} is not valid. Use a file path like sqlite:////path/careplan.sqlite3 "
            "or a server address like postgresql+psycopg://user@host:5432/careplan."
        ) from None
    from careplan.storage import faults

    faults.check_address(parsed)
    if parsed.get_backend_name() == "sqlite":
        db_file = faults.sqlite_path(parsed)
        raw_key = None
        if db_file is not None:
            if parsed.drivername in ("sqlite", "sqlite+pysqlite"):
                raw_key = _key_if_encrypted(db_file, kwargs)
            encrypted = raw_key is not None or parsed.get_driver_name() == "pysqlcipher"
            faults.check_sqlite_file(db_file, encrypted=encrypted)
            create_private_database(db_file)
            if not encrypted:
                parsed = faults.read_only_address(parsed, db_file)
        engine = create_engine(parsed, hide_parameters=True, **kwargs)
        if raw_key is not None:
            event.listen(engine, "do_connect", _keyed_connect(db_file or Path(), raw_key))
        event.listen(engine, "connect", lambda conn, record: _sqlite_on_connect(conn, record, sqlite_busy_timeout_s))
        event.listen(engine, "begin", _sqlite_on_begin)
        faults.plain_sqlite_errors(engine, str(db_file or "(in memory)"))
        return engine
    connect_args: dict[str, Any] = {}
    if parsed.get_backend_name() == "postgresql":
        query = parsed.query
        connect_args.setdefault("connect_timeout", PG_CONNECT_TIMEOUT_S)
        for key, value in PG_KEEPALIVES.items():
            connect_args[key] = value
        if "options" not in query:
            connect_args["options"] = f"-c statement_timeout={PG_STATEMENT_TIMEOUT_MS}"
        connect_args = {k: v for k, v in connect_args.items() if k not in query}
    connect_args.update(kwargs.pop("connect_args", {}))
    try:
        engine = create_engine(parsed, pool_pre_ping=True, hide_parameters=True, connect_args=connect_args, **kwargs)
    except ModuleNotFoundError as exc:
        raise DatabaseError(
            f"Careplan cannot reach {parsed.get_backend_name()} databases: the driver {exc.name!r} is not installed."
        ) from None
    if parsed.get_backend_name() == "postgresql":
        if not parsed.password:
            event.listen(engine, "do_connect", _password_from_keyring(url))
        _watch_statements(engine, PG_CLIENT_DEADLINE_S, PG_PING_DEADLINE_S)
        _plain_server_errors(engine, describe(url))
    return engine


def _key_if_encrypted(path: Path, kwargs: dict[str, Any]) -> str | None:
    """For an encrypted file: its key (DatabaseError when missing), and SQLCipher as the engine's
    DB-API.  SQLAlchemy's ``sqlite+pysqlcipher`` dialect is not used: it takes the key from the URL,
    and sends an empty one (an error) when the URL has none; the key must never be in an address."""
    from careplan.storage import crypto

    if not crypto.is_encrypted(path):
        return None
    raw_key = crypto.key_for(path)
    kwargs["module"] = crypto.cipher_module()
    return raw_key


def _keyed_connect(path: Path, raw_key: str) -> Callable[..., Any]:
    """Each new connection gets ``PRAGMA key`` before anything else reads the file."""

    def connect(dialect: Any, _record: Any, cargs: Any, cparams: Any) -> Any:
        from careplan.storage.crypto import apply_key

        conn = dialect.loaded_dbapi.connect(*cargs, **cparams)
        apply_key(conn, raw_key, path)
        return conn

    return connect


def _password_from_keyring(url: str) -> Callable[..., None]:
    """A server address without a password: each new connection takes it from the keyring, if it
    holds one; otherwise libpq reads PGPASSFILE or ~/.pgpass by itself, as psql does."""

    def add_password(_dialect: Any, _record: Any, _cargs: Any, cparams: dict[str, Any]) -> None:
        from careplan.secrets import stored_password

        password = stored_password(url)
        if password is not None:
            cparams["password"] = password

    return add_password


_NO_ANSWER = (
    "timeout expired",
    "server closed the connection",
    "consuming input failed",
    "connection refused",
    "could not connect",
    "canceling statement due to statement timeout",
    "connection is lost",
    "terminating connection",
    "bad file descriptor",
)


def _plain_server_errors(engine: Engine, where: str) -> None:
    """A server that does not answer becomes one plain DatabaseUnreachable, whatever the driver said."""

    def handle(ctx: Any) -> BaseException | None:
        message = str(ctx.original_exception).lower()
        if ctx.is_disconnect or any(part in message for part in _NO_ANSWER):
            first = str(ctx.original_exception).strip().splitlines()[0] if str(ctx.original_exception) else ""
            if getattr(ctx.original_exception, "careplan_at_commit", False):
                return DatabaseUnreachable(
                    f"The database server {where} stopped answering while saving ({first}), so Careplan cannot "
                    "tell whether the save was completed: the server finishes it or throws it away when it runs "
                    "again. Check the plan list once the server answers before saving or importing again."
                )
            if ctx.connection is None and not ctx.is_pre_ping:
                return DatabaseUnreachable(
                    f"Careplan cannot open the database {where}: {first or 'no answer'}. Check the address in "
                    "Settings and that the server is running, then try again."
                )
            return DatabaseUnreachable(
                f"The database server {where} did not answer in time ({first}). Nothing was changed; "
                "what you were working on is still open. Check the network or ask whoever looks after "
                "the server, then try again."
            )
        return None

    event.listen(engine, "handle_error", handle)


class _Watchdog:
    """Closes the socket of a connection whose statement has had no answer by its deadline.

    A server that stops (SIGSTOP, a hung machine, a cut cable with no RST) still has its kernel
    acknowledge packets, so neither keepalives nor the server's own statement timeout end the wait;
    shutting the socket down from this side makes the driver fail the statement at once, and the
    pool throws the connection away.
    """

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self._lock = threading.Lock()
        self._due: dict[int, tuple[float, int]] = {}
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, key: int, fileno: int) -> None:
        with self._lock:
            self._due[key] = (time.monotonic() + self.deadline, fileno)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="careplan-db-watchdog", daemon=True)
                self._thread.start()

    def stop(self, key: int) -> None:
        with self._lock:
            self._due.pop(key, None)

    def _run(self) -> None:
        while True:
            time.sleep(0.25)
            now = time.monotonic()
            with self._lock:
                late = [(k, fd) for k, (due, fd) in self._due.items() if due <= now]
                for k, _fd in late:
                    del self._due[k]
                idle = not self._due
            for _k, fd in late:
                with contextlib.suppress(OSError), socket.socket(fileno=os.dup(fd)) as sock:
                    sock.shutdown(socket.SHUT_RDWR)
            if idle and not late:
                with self._lock:
                    if not self._due:
                        self._thread = None
                        return


def _watch_statements(engine: Engine, deadline: float, ping_deadline: float) -> None:
    watchdog = _Watchdog(deadline)
    ping_watchdog = _Watchdog(ping_deadline)

    def fileno_of(conn: Any) -> int | None:
        try:
            return int(conn.connection.dbapi_connection.pgconn.socket)
        except Exception:
            return None

    def before(conn: Any, *_args: Any) -> None:
        fd = fileno_of(conn)
        if fd is not None:
            watchdog.start(id(conn), fd)

    def after(conn: Any, *_args: Any) -> None:
        watchdog.stop(id(conn))

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    event.listen(engine, "handle_error", lambda ctx: watchdog.stop(id(ctx.connection)) if ctx.connection else None)
    ping = engine.dialect.do_ping

    def watched_ping(dbapi_connection: Any) -> bool:
        # The pool's ping before each checkout talks to the server outside the events above.
        try:
            fd: int | None = int(dbapi_connection.pgconn.socket)
        except Exception:
            fd = None
        key = id(dbapi_connection)
        if fd is not None:
            ping_watchdog.start(key, fd)
        try:
            return ping(dbapi_connection)
        finally:
            ping_watchdog.stop(key)

    engine.dialect.do_ping = watched_ping  # type: ignore[method-assign]
    _watch_commits(engine, watchdog)


def _watch_commits(engine: Engine, watchdog: _Watchdog) -> None:
    """A COMMIT is sent outside the statement events above: a server that freezes just then would
    keep the program waiting for ever.  Watched the same way; a commit that had no answer is marked,
    because then nobody can tell whether the server saved it (``_plain_server_errors`` says so)."""
    commit = engine.dialect.do_commit

    def watched_commit(dbapi_connection: Any) -> None:
        key = id(dbapi_connection)
        with contextlib.suppress(Exception):
            watchdog.start(key, int(dbapi_connection.pgconn.socket))
        try:
            commit(dbapi_connection)
        except Exception as exc:
            exc.careplan_at_commit = True  # type: ignore[attr-defined]
            raise
        finally:
            watchdog.stop(key)

    engine.dialect.do_commit = watched_commit  # type: ignore[method-assign]


def make_sessionmaker(engine: Engine, *, readonly: bool = False) -> sessionmaker[Session]:
    """Sessions for writing (SQLite: BEGIN IMMEDIATE), or with ``readonly`` for reading only."""
    if readonly:
        return sessionmaker(engine.execution_options(careplan_readonly=True), expire_on_commit=False)
    return sessionmaker(engine, expire_on_commit=False)


def describe(url: str) -> str:
    """The URL with any password hidden, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(invalid address)"


def create_private_database(path: Path) -> None:
    """Create a new database file owner-only (0600), before SQLite would create it with 0644.

    SQLite gives the ``-wal``, ``-shm`` and ``-journal`` files the mode of the database file, so
    they are owner-only too.  The file is made a valid empty database at once (its header written
    by switching it to WAL), so a new database is never a zero-byte file.
    """
    from careplan.core.files import private_umask

    if path.exists():
        return
    with private_umask():
        conn = sqlite_connect(path)
    try:
        conn.execute("PRAGMA journal_mode=WAL").fetchone()
    finally:
        conn.close()
