"""A backup checked before it is restored, and the doctor's database checks (careplan.storage.maintenance),
on real SQLite files.  A refused backup is never changed, and its private copy is removed.
(Restores end to end: tests/test_cli_backup.py.)"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from careplan.paths import AppPaths
from careplan.services.store import open_store
from careplan.storage.db import sqlite_url
from careplan.storage.maintenance import (
    RestoreRefused,
    check_backup,
    database_findings,
    known_revisions,
    schema_finding,
)

from support.db import doc_bytes, example_document


@pytest.fixture
def backup(app_paths: AppPaths, tmp_path: Path) -> Path:
    """A copy of a real Careplan database holding one imported plan."""
    from careplan.core.library import Library
    from careplan.services.transfer import import_plan

    store = open_store(sqlite_url(app_paths.database), app_paths)
    with store.sessions.begin() as session:
        import_plan(session, doc_bytes(example_document()), Library(version="test"), "plan.json", "Jo Patel")
    store.close()
    copy = tmp_path / "backup.sqlite3"
    connection = sqlite3.connect(app_paths.database)
    connection.execute(f"VACUUM INTO '{copy}'")
    connection.close()
    return copy


def fingerprint(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def test_a_sound_backup_passes_with_what_it_holds(backup: Path, tmp_path: Path) -> None:
    staged = tmp_path / "staged" / "check.sqlite3"
    staged.parent.mkdir()
    before = fingerprint(backup.parent)
    checked = check_backup(backup, staged)
    assert (checked.path, checked.revision, checked.patients, checked.plans) == (backup, known_revisions()[-1], 1, 1)
    assert {k: v for k, v in fingerprint(backup.parent).items() if k in before} == before


def _execute(sql: str) -> Callable[[Path], None]:
    def change(path: Path) -> None:
        connection = sqlite3.connect(path)
        connection.executescript(sql)
        connection.close()

    return change


NEWER = "9999_from_the_future"


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda p: p.unlink(), "there is no such file"),
        (lambda p: p.write_bytes(b"no droids here" * 100), "is not a Careplan backup: it is not a database file"),
        (_execute("DROP TABLE alembic_version;"), "is not a Careplan database (it holds no Careplan schema)"),
        (_execute("INSERT INTO alembic_version VALUES ('x');"), "is damaged: it records 2 schema versions"),
        (
            _execute(f"UPDATE alembic_version SET version_num = '{NEWER}';"),
            f"a newer version of Careplan (schema '{NEWER}'",
        ),
    ],
    ids=["missing", "not-a-database", "not-careplan", "two-versions", "newer"],
)
def test_a_backup_that_cannot_be_restored_is_refused_and_nothing_changes(
    backup: Path, tmp_path: Path, damage: Callable[[Path], None], reason: str
) -> None:
    damage(backup)
    staged = tmp_path / "staged" / "check.sqlite3"
    staged.parent.mkdir()
    before = fingerprint(backup.parent)
    with pytest.raises(RestoreRefused) as refused:
        check_backup(backup, staged)
    message = str(refused.value)
    assert message.startswith(str(backup)) and reason in message and message.endswith("Nothing was changed.")
    assert fingerprint(backup.parent) == before  # the backup byte for byte, and no -wal or -shm beside it
    assert list(staged.parent.iterdir()) == []  # the private copy is gone


def test_the_doctor_finds_a_sound_database_sound(backup: Path) -> None:
    found = database_findings(backup)
    assert [(f.check, f.ok) for f in found] == [("integrity", True), ("foreign keys", True), ("schema", True)]
    assert found[2].text == f"version {known_revisions()[-1]}, the current one"


def test_the_doctor_names_a_database_that_is_not_careplans(tmp_path: Path) -> None:
    assert database_findings(tmp_path / "none.sqlite3")[0].text.startswith("none yet at ")
    other = tmp_path / "other.sqlite3"
    _execute("CREATE TABLE notes (text);")(other)
    schema = database_findings(other)[-1]
    assert not schema.ok and schema.text == "the database is not a Careplan database (it holds no Careplan schema)."
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"\0garbage" * 512)
    (finding,) = database_findings(garbage)
    assert not finding.ok and "restore a backup" in finding.text and "careplan restore FILE" in finding.text


def test_the_doctor_finds_broken_links_between_records(backup: Path) -> None:
    _execute("PRAGMA foreign_keys = OFF; DELETE FROM patients;")(backup)
    keys = {f.check: f for f in database_findings(backup)}["foreign keys"]
    assert not keys.ok and "records point at missing ones" in keys.text


@pytest.mark.parametrize(
    ("stored", "ok", "text"),
    [
        (None, True, "empty: Careplan sets it up when it first opens the database"),
        ("b", True, "version b, the current one"),
        ("a", True, "version a; Careplan updates it to b when it next opens it"),
        ("c", False, "version c is from a newer Careplan (this one knows up to b); install it"),
    ],
)
def test_schema_findings(stored: str | None, ok: bool, text: str) -> None:
    finding = schema_finding(stored, ["a", "b"])
    assert (finding.check, finding.ok, finding.text) == ("schema", ok, text)
    assert finding.line() == f"{'OK' if ok else 'PROBLEM':<8} schema: {text}"


def test_known_revisions_are_the_migrations_oldest_first() -> None:
    shipped = sorted(
        p.name.split("_")[0] for p in (Path(__file__).parents[2] / "careplan/storage/migrations/versions").glob("0*.py")
    )
    assert [r[:4] for r in known_revisions()] == shipped
