"""A stored plan read for a handout, and the handout's event written, with the standard library's ``sqlite3``.

Importing SQLAlchemy costs ``careplan handout`` about a fifth of a second: as long as a bare ReportLab
script takes to make the whole handout.  So a handout of a plan in a plain SQLite file is read here
(``services.quick_handout`` maps the rows with the same functions as the ORM read), under the same
guard as the desktop's first patient list (``storage.quick_read``): a plain SQLite file named by a plain
address, opened so that reading creates and changes nothing, whose schema is exactly this build's newest
migration, all read in one read transaction.  Anything else (PostgreSQL, an encrypted file, a file that
is missing, damaged, locked or from another version, a plan that is not there) gives None, and the
command opens the store, which reads it or says what is wrong in the same words as always.

The rows come back as the ORM's would: dates as ``datetime.date``, moments as UTC-aware datetimes, JSON
columns decoded (a test holds the two reads together on real files).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from careplan.storage.quick_read import open_for_reading

log = logging.getLogger(__name__)

#: How long a SQLite write waits for another program's write to finish (the store's engine waits the same).
SQLITE_BUSY_TIMEOUT_S = 10.0

_PLAN = (
    "SELECT p.patient_id, p.version, r.number, r.saved_at, r.author, r.content FROM plans p "
    "JOIN plan_revisions r ON r.plan_id = p.id AND r.number = p.revision WHERE p.id = ?"
)
_PATIENT = (
    "SELECT p.given_name, p.family_name, p.date_of_birth, p.identifier, p.school_name, p.school_contact_name, "
    "p.school_phone, p.school_email, p.version, c.name, c.relationship, c.phone "
    "FROM patients p LEFT OUTER JOIN carers c ON c.patient_id = p.id WHERE p.id = ? ORDER BY c.position, c.id"
)
_OWN_ITEMS = "SELECT * FROM own_interventions ORDER BY title"
_OWN_GOALS = "SELECT * FROM own_goals ORDER BY text"
_OWN_TEMPLATES = "SELECT content, version FROM own_templates ORDER BY title, id"
#: Columns the ORM stores as JSON text, as dates, and as UTC moments (``storage.models``).
_JSON = frozenset({"content", "dosage", "audiences", "categories", "regions", "cautions"})
_DATES = frozenset({"date_of_birth"})
_MOMENTS = frozenset({"saved_at", "created_at", "updated_at", "at"})


@dataclass(frozen=True)
class PlanRows:
    """What a handout of a stored plan reads: the plan's current revision, its patient (one row per carer)
    and the therapist's own library, as the ORM would hand them back."""

    plan: SimpleNamespace
    patient: list[SimpleNamespace]
    own_items: list[SimpleNamespace]
    own_goals: list[SimpleNamespace]
    own_templates: list[SimpleNamespace]


def sqlite_url(path: Path) -> str:
    """The database address of the SQLite file ``path`` (what ``quick_read.plain_sqlite_file`` reads back)."""
    return f"sqlite+pysqlite:///{path}"


def prepare_connection(connection: sqlite3.Connection, busy_timeout_s: float) -> None:
    """The pragmas every connection that writes needs: foreign keys, the busy timeout, WAL, and commits
    that survive a power cut (``synchronous=FULL``).  The store's engine sets them the same way."""
    connection.isolation_level = None  # transactions begin where the caller says
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_s * 1000)}")
    if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def read_plan_rows(path: Path, plan_id: int) -> PlanRows | None:
    """The rows a handout of plan ``plan_id`` needs from the SQLite file ``path``, or None when only the
    store can tell (see the module's docstring)."""
    conn = open_for_reading(path)  # one read transaction: the plan, its patient and the library agree
    if conn is None:
        return None
    try:
        plan = _rows(conn, _PLAN, (plan_id,))
        if not plan:
            return None  # the store says there is no such plan, in its words
        patient = _rows(conn, _PATIENT, (plan[0].patient_id,))
        if not patient:
            return None
        return PlanRows(plan[0], patient, _rows(conn, _OWN_ITEMS), _rows(conn, _OWN_GOALS), _rows(conn, _OWN_TEMPLATES))
    except (sqlite3.Error, ValueError, TypeError) as exc:
        log.info("plan not read the light way (%s); opening the database", type(exc).__name__)
        return None
    finally:
        conn.close()


def _rows(conn: sqlite3.Connection, sql: str, parameters: Iterable[Any] = ()) -> list[SimpleNamespace]:
    cursor = conn.execute(sql, tuple(parameters))
    names = [d[0] for d in cursor.description]
    return [SimpleNamespace(**{n: _value(n, v) for n, v in zip(names, row, strict=True)}) for row in cursor]


def _value(name: str, value: Any) -> Any:
    if value is None:
        return None
    if name in _JSON:
        return json.loads(value)
    if name in _DATES:
        return dt.date.fromisoformat(value)
    if name in _MOMENTS:
        return dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC)
    return value


def add_event(path: Path, values: Mapping[str, Any]) -> bool:
    """Add one row to the activity log of the SQLite file ``path``, in a transaction of its own, as the
    store writes it (``values`` from ``services.actors.event_values``; moments stored as UTC without a
    zone, as the ORM stores them).  False when it could not be written (the cause is logged by type only)."""
    row = {k: _stored(v) for k, v in values.items()}
    try:
        conn = sqlite3.connect(path, timeout=SQLITE_BUSY_TIMEOUT_S)
    except sqlite3.Error as exc:
        log.warning("could not open the database to record a read: %s", type(exc).__name__)
        return False
    try:
        prepare_connection(conn, SQLITE_BUSY_TIMEOUT_S)
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            f"INSERT INTO audit_events ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", tuple(row.values())
        )
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        log.warning("could not record a read in the activity log: %s", type(exc).__name__)
        return False
    finally:
        conn.close()
    return True


def _stored(value: Any) -> Any:
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
    return value
