"""The first page of the patient list, read at start-up with the standard library's ``sqlite3`` alone.

Importing SQLAlchemy, Alembic and pydantic costs most of a second; the desktop program shows the
patient list before that (``ui.startup``), from this read, and opens the database properly
(``services.store.open_store``: schema check, migration, backups) in the background.  So that the
two can never disagree, the light read is used only where it is sure to show what the store would:

- a plain SQLite file named by a ``sqlite:///`` or ``sqlite+pysqlite:///`` address without options;
- read so that it creates and changes nothing (``read_only_options``), in one read transaction;
- whose schema is exactly this build's newest migration (an older or newer one waits for the store,
  which migrates it or says why it cannot);
- the same query as ``services.plans.patient_page``/``count_patients`` without a search: rows in
  ``(name_key, id)`` order, each with its number of plans and soonest review.

Anything else (PostgreSQL, an encrypted SQLCipher file, a file that is missing, damaged, locked or
from another version) gives None: the window waits for the store, which says what is wrong in the
same words as always.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the list's rows load with the list; a handout's light read needs only the opener
    from careplan.core.summaries import PatientSummary

log = logging.getLogger(__name__)

#: Addresses the light read understands: a plain file, no driver options.
_PLAIN_SQLITE = ("sqlite:///", "sqlite+pysqlite:///")
_SQLITE_HEADER = b"SQLite format 3\x00"
_VERSIONS = Path(__file__).resolve().parent / "migrations" / "versions"
#: How long the light read waits for a lock before giving up (the store then waits properly).
_BUSY_TIMEOUT_S = 0.2


@dataclass(frozen=True)
class FirstPage:
    """What the patient list shows first: the first ``limit`` patients in name order, and how many there are."""

    path: Path
    patients: list[PatientSummary]
    total: int


def newest_schema() -> str | None:
    """This build's newest migration, from the migration files' names (``0004_audit_events.py`` -> ``0004``).

    The same value as ``storage.migrate.HEAD`` (a test holds them together), found without importing
    SQLAlchemy; each migration file is named after its revision."""
    revisions = [p.name.split("_", 1)[0] for p in _VERSIONS.glob("[0-9]*_*.py")]
    return max(revisions, default=None)


def plain_sqlite_file(url: str) -> Path | None:
    """The file a plain SQLite address names; None for any other address (a server, options, in memory)."""
    for prefix in _PLAIN_SQLITE:
        if url.startswith(prefix):
            database = url[len(prefix) :]
            if not database or database == ":memory:" or "?" in database or "%" in database:
                return None
            return Path(database).expanduser()
    return None


def read_first_page(path: Path, limit: int) -> FirstPage | None:
    """The first ``limit`` patients of the SQLite file ``path`` and the number of patients, or None when
    only the store can tell (see the module's docstring).  ``plain_sqlite_file`` finds the file of an address."""
    conn = open_for_reading(path)
    if conn is None:
        return None
    try:
        return _read(conn, path, limit)
    except (sqlite3.Error, ValueError, TypeError) as exc:
        # A damaged or foreign file: the store says what is wrong, in its own words.
        log.info("start-up list not read quickly (%s); waiting for the database", type(exc).__name__)
        return None
    finally:
        conn.close()


def open_for_reading(path: Path) -> sqlite3.Connection | None:
    """A connection to the SQLite file ``path`` in an open read transaction (what is read through it
    agrees, even while another desktop saves), opened so that it creates and changes nothing, on a file
    whose schema is exactly this build's newest migration; None when only the store can read the file.
    The caller closes it.  The light reads (this module's first page, ``storage.light``) all open here."""
    options = read_only_options(path) if is_plain_sqlite(path) else None
    head = newest_schema()
    if options is None or head is None:
        return None
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?{options}", uri=True, timeout=_BUSY_TIMEOUT_S)
    except sqlite3.Error:
        return None
    try:
        conn.execute("BEGIN")
        if [row[0] for row in conn.execute("SELECT version_num FROM alembic_version")] == [head]:
            return conn
    except sqlite3.Error as exc:
        log.info("database not read the light way (%s); leaving it to the store", type(exc).__name__)
    conn.close()
    return None


def read_only_options(path: Path) -> str | None:
    """How to open ``path`` so that reading it creates and changes nothing, or None to leave it to the store.

    With no ``-wal``, ``-shm`` or ``-journal`` file beside it, no one has the database open and all of it
    is in the file: it is read as an unchanging file (``immutable``; otherwise SQLite would create the
    ``-wal`` and ``-shm`` files of a WAL database to read it).  With both WAL files there, someone has it
    open: it is read through them, read-only.  Anything else (a hot journal, half of the WAL files) is
    recovered by the store, which opens it for writing."""
    beside = {suffix: Path(f"{path}{suffix}").exists() for suffix in ("-wal", "-shm", "-journal")}
    if not any(beside.values()):
        return "mode=ro&immutable=1"
    if beside["-wal"] and beside["-shm"] and not beside["-journal"]:
        return "mode=ro"
    return None


def is_plain_sqlite(path: Path) -> bool:
    """A file that starts as an unencrypted SQLite database does (SQLCipher files do not)."""
    try:
        with path.open("rb") as file:
            return file.read(len(_SQLITE_HEADER)) == _SQLITE_HEADER
    except OSError:
        return False


def _read(conn: sqlite3.Connection, path: Path, limit: int) -> FirstPage | None:
    from careplan.core.summaries import PatientSummary

    total = int(conn.execute("SELECT count(*) FROM patients").fetchone()[0])
    rows = conn.execute(
        "SELECT id, given_name, family_name, date_of_birth, identifier, name_key FROM patients "
        "ORDER BY name_key, id LIMIT ?",
        (limit,),
    ).fetchall()
    counts: dict[int, tuple[int, str | None]] = {}
    if rows:
        marks = ",".join("?" * len(rows))
        for patient_id, number, review in conn.execute(
            f"SELECT patient_id, count(id), min(review_date) FROM plans WHERE patient_id IN ({marks}) "
            "GROUP BY patient_id",
            [r[0] for r in rows],
        ):
            counts[patient_id] = (number, review)
    patients = []
    for pid, given, family, born, identifier, key in rows:
        number, review = counts.get(pid, (0, None))
        patients.append(
            PatientSummary(
                pid,
                given,
                family,
                dt.date.fromisoformat(born),
                identifier,
                plan_count=number,
                next_review=dt.date.fromisoformat(review) if review else None,
                name_key=key,
            )
        )
    return FirstPage(path, patients, total)
