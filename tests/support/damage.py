"""Ways a database file goes bad, made for real on a copy in a test's folder, and a snapshot of a
folder to show that refusing it changed nothing (no byte, no new ``-wal``/``-shm``, no new file)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

#: The log is the one file a refusal may write (it records that something was refused).
NOT_SNAPSHOTTED = {"logs"}


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (but the log) with the SHA-256 of its bytes."""
    found: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if NOT_SNAPSHOTTED & set(rel.parts) or path.is_dir():
            continue
        found[str(rel)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def page_size(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("PRAGMA page_size").fetchone()[0])


def truncate(db: Path) -> None:
    """Cut the file off after two pages, as a copy that did not finish does."""
    size = page_size(db)
    assert db.stat().st_size > 2 * size
    with db.open("r+b") as f:
        f.truncate(2 * size)


def random_bytes(db: Path) -> None:
    db.write_bytes(os.urandom(64 * 1024))


def text_file(db: Path) -> None:
    db.write_text("Shopping list\nmilk\nbread\n", encoding="utf-8")


def pdf_file(db: Path) -> None:
    db.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")


def zero_bytes(db: Path) -> None:
    db.write_bytes(b"")


def corrupt_pages(db: Path) -> None:
    """Overwrite the header of every b-tree page but the first: SQLite says "malformed" on reading."""
    size = page_size(db)
    pages = db.stat().st_size // size
    with db.open("r+b") as f:
        for page in range(1, pages):
            f.seek(page * size)
            f.write(b"\xff" * 64)


def two_versions(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("INSERT INTO alembic_version VALUES ('0002')")
    conn.close()


#: name -> (how to damage, what the message must say)
FILE_FAULTS: dict[str, tuple[Callable[[Path], None], str]] = {
    "truncated": (truncate, "shorter than it should be"),
    "random bytes": (random_bytes, "is not a Careplan database, or it is damaged"),
    "a text file": (text_file, "is not a Careplan database, or it is damaged"),
    "a PDF": (pdf_file, "is not a Careplan database, or it is damaged"),
    "zero bytes": (zero_bytes, "the database file is empty (0 bytes)"),
    "corrupted pages": (corrupt_pages, "is damaged (SQLite found: database disk image is malformed)"),
    "two schema versions": (two_versions, "records 2 schema versions"),
}

#: Every fault message says what to do: restore a backup.
RESTORE = "restore a backup"
