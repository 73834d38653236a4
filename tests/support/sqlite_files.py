"""Reading a SQLite file in tests with the standard library alone, never through Careplan."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def dump(path: Path) -> list[str]:
    """Everything a database holds, as SQL."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def integrity(path: Path) -> list[tuple[str]]:
    """``PRAGMA integrity_check`` of a file opened read-only: ``[("ok",)]`` when sound."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA integrity_check").fetchall()
    finally:
        conn.close()
