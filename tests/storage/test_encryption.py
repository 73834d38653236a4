"""Encryption at rest: an encrypted database (SQLCipher) that sqlite3 cannot read, opened by Careplan with
the key from the keyring; its backups encrypted too; a missing or wrong key, or no keyring, refused in
plain words with nothing changed; encrypt and decrypt making a verified copy first."""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from careplan import app
from careplan.cli import EXIT_BAD_INPUT, EXIT_OK
from careplan.paths import AppPaths
from careplan.secrets import SERVICE
from careplan.storage import crypto
from careplan.storage.backup import list_backups
from careplan.storage.db import sqlite_connect

from support.db import FIXTURES, pg_url_or_skip
from support.sqlite_files import dump

#: Words of the example plan that must never be readable in an encrypted file.
PLAIN_WORDS = (b"Okafor", b"alembic_version", b"CREATE TABLE")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """The command line as a named therapist (writing commands are recorded under a name)."""
    try:
        code = app.main(["--as", "Jo Patel", *args])
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def paths() -> AppPaths:
    return AppPaths.from_env()


@pytest.fixture
def plain_db(paths: AppPaths, capsys: pytest.CaptureFixture[str]) -> Path:
    """A database holding the example plan, made through the command line."""
    code, _out, err = run(capsys, "import", str(FIXTURES / "example-plan.json"))
    assert code == EXIT_OK, err
    assert paths.database.read_bytes()[:16] == crypto.SQLITE_HEADER
    assert (
        b"Okafor" in sqlite3.connect(paths.database).execute("SELECT family_name FROM patients").fetchone()[0].encode()
    )
    return paths.database


@pytest.fixture
def encrypted_db(plain_db: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    code, out, err = run(capsys, "encrypt")
    assert code == EXIT_OK, err
    assert "Encrypted" in out and "keyring" in out
    return plain_db


def keyring_text() -> str:
    """Everything the tests' file keyring holds (entry names in the clear, spaces written ``_20``)."""
    store = Path(keyring.get_keyring().file_path)  # type: ignore[attr-defined]
    return store.read_text() if store.exists() else ""


def unreadable_by_sqlite3(path: Path) -> None:
    """The stdlib module and, when installed, the sqlite3 program both say "file is not a database"."""
    with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
        sqlite3.connect(path).execute("SELECT count(*) FROM sqlite_master").fetchone()
    program = shutil.which("sqlite3")
    if program:
        proc = subprocess.run(
            [program, str(path), "SELECT count(*) FROM sqlite_master"], capture_output=True, text=True
        )
        assert proc.returncode != 0 and "file is not a database" in proc.stderr
    data = path.read_bytes()
    assert not any(word in data for word in PLAIN_WORDS)


def test_an_encrypted_database_is_unreadable_without_careplan_and_opens_with_the_keyrings_key(
    encrypted_db: Path, paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    assert crypto.is_encrypted(encrypted_db)
    unreadable_by_sqlite3(encrypted_db)
    identity = crypto.file_identity(encrypted_db)
    key = keyring.get_password(SERVICE, crypto.key_entry(identity))
    assert key is not None and len(key) == 64
    assert "database_20key_20" + identity in keyring_text()
    # The key is in no file Careplan wrote, no log, no settings.
    for folder in (paths.data, paths.config):
        for file in folder.rglob("*"):
            if file.is_file():
                assert key.encode() not in file.read_bytes(), file
    code, out, err = run(capsys, "list")
    assert code == EXIT_OK, err
    assert "Okafor" in out and err == ""
    # Changes go in encrypted too, the WAL included.
    code, _out, err = run(capsys, "import", str(FIXTURES / "example-plan.json"))
    assert code == EXIT_OK, err
    unreadable_by_sqlite3(encrypted_db)
    wal = encrypted_db.with_name(encrypted_db.name + "-wal")
    if wal.exists():
        assert not any(word in wal.read_bytes() for word in PLAIN_WORDS)


def test_backups_of_an_encrypted_database_are_encrypted(encrypted_db: Path, paths: AppPaths) -> None:
    from careplan.storage.backup import backup_sqlite

    made = backup_sqlite(encrypted_db, paths.backups, "test")
    backups = [p for _s, p in list_backups(paths.backups)]
    # The copy made before encrypting was encrypted with the same key once the database was.
    assert made in backups and any("before-encrypt" in p.name for p in backups)
    for backup in backups:
        assert crypto.is_encrypted(backup)
        assert crypto.file_identity(backup) == crypto.file_identity(encrypted_db)
        unreadable_by_sqlite3(backup)
        conn = sqlite_connect(backup, readonly=True)
        try:
            assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            assert conn.execute("SELECT family_name FROM patients").fetchone()[0] == "Okafor"
        finally:
            conn.close()


def test_a_missing_key_is_refused_in_plain_words_and_nothing_changes(
    encrypted_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = encrypted_db.read_bytes()
    keyring.delete_password(SERVICE, crypto.key_entry(crypto.file_identity(encrypted_db)))
    for command in (["list"], ["import", str(FIXTURES / "example-plan.json")], ["decrypt"]):
        code, out, err = run(capsys, *command)
        assert code == EXIT_BAD_INPUT and out == ""
        assert err.count("\n") == 1 and "Traceback" not in err
        assert f"The database {encrypted_db} is encrypted and its key is not in this computer's keyring" in err
        assert "ask IT" in err
        assert encrypted_db.read_bytes() == before


def test_a_wrong_key_is_refused_in_plain_words_and_nothing_changes(
    encrypted_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = encrypted_db.read_bytes()
    keyring.set_password(SERVICE, crypto.key_entry(crypto.file_identity(encrypted_db)), "00" * 32)
    code, out, err = run(capsys, "list")
    assert code == EXIT_BAD_INPUT and out == ""
    assert err == (
        f"careplan list: The key in this computer's keyring does not open the database {encrypted_db}: the key or "
        "the file is damaged. Nothing was changed. Restore the key or a backup, or ask IT.\n"
    )
    assert encrypted_db.read_bytes() == before
    assert not encrypted_db.with_name(encrypted_db.name + "-wal").exists()


def test_no_keyring_at_all_is_refused_in_plain_words(
    encrypted_db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = encrypted_db.read_bytes()
    keyring.set_keyring(fail.Keyring())
    code, out, err = run(capsys, "list")
    assert code == EXIT_BAD_INPUT and out == ""
    assert f"The database {encrypted_db} is encrypted, and this computer's keyring cannot be read (" in err
    assert "No recommended backend was available" in err and "ask IT" in err
    assert encrypted_db.read_bytes() == before


def test_encrypting_without_a_keyring_is_refused_and_changes_nothing(
    plain_db: Path, paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    before = plain_db.read_bytes()
    keyring.set_keyring(fail.Keyring())
    code, out, err = run(capsys, "encrypt")
    assert code == EXIT_BAD_INPUT and out == ""
    assert "keyring cannot keep the database key" in err and "Nothing was changed" in err
    assert plain_db.read_bytes() == before
    assert not list(plain_db.parent.glob("*.encrypting"))
    assert not any("before-encrypt" in p.name for _s, p in list_backups(paths.backups))


def test_encrypting_is_refused_while_another_program_has_the_database_open(
    plain_db: Path, paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    """Another desktop holding the file: converting it now could lose that desktop's next save."""
    before = plain_db.read_bytes()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('PRAGMA journal_mode=WAL');"
            "c.execute('SELECT count(*) FROM patients').fetchone(); print('open', flush=True); sys.stdin.read()",
            str(plain_db),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "open\n"
        code, out, err = run(capsys, "encrypt")
    finally:
        assert holder.stdin is not None and holder.stdout is not None
        holder.stdin.close()
        holder.wait(timeout=30)
        holder.stdout.close()
    assert code == EXIT_BAD_INPUT and out == ""
    assert f"Another Careplan window or program has the database {plain_db} open" in err
    assert "Nothing was changed" in err
    assert plain_db.read_bytes() == before
    assert "database_20key" not in keyring_text()
    assert not any("before-encrypt" in p.name for _s, p in list_backups(paths.backups))
    # Once it is closed, encrypting works.
    assert run(capsys, "encrypt")[0] == EXIT_OK


def test_a_failed_rename_leaves_the_plain_database_as_it_was(
    plain_db: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = dump(plain_db)
    real_replace = os.replace

    def full_disk(src: os.PathLike[str] | str, dst: os.PathLike[str] | str) -> None:
        if str(src).endswith(".encrypting"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_replace(src, dst)

    monkeypatch.setattr(crypto.os, "replace", full_disk)
    code, out, err = run(capsys, "encrypt")
    assert code == EXIT_BAD_INPUT and out == ""
    assert err == (
        f"careplan encrypt: Could not encrypt the database {plain_db}: No space left on device. Nothing was "
        "changed. Free some disk space or ask IT, then try again.\n"
    )
    # The same rows, still plain, still in WAL mode (only the header's change counter moved).
    assert dump(plain_db) == before and not crypto.is_encrypted(plain_db)
    assert sqlite3.connect(plain_db).execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert not list(plain_db.parent.glob("*.encrypting"))
    assert run(capsys, "list")[0] == EXIT_OK


def test_the_key_is_in_the_keyring_before_the_encrypted_file_replaces_the_database(
    plain_db: Path, paths: AppPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crash right after the rename must never leave an encrypted database whose key was not kept."""
    seen: list[bool] = []
    real_replace = crypto._replace

    def checking_replace(source: Path, target: Path) -> None:
        if target == plain_db:
            entry = crypto.key_entry(source.read_bytes()[:16].hex())
            seen.append(keyring.get_password(SERVICE, entry) is not None)
        real_replace(source, target)

    monkeypatch.setattr(crypto, "_replace", checking_replace)
    crypto.encrypt_database(plain_db, paths.backups)
    assert seen == [True]


def test_decrypting_gives_back_a_plain_database_and_keeps_the_key_for_the_backups(
    encrypted_db: Path, paths: AppPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    identity = crypto.file_identity(encrypted_db)
    code, out, err = run(capsys, "decrypt")
    assert code == EXIT_OK, err
    assert "plain SQLite file again" in out
    assert not crypto.is_encrypted(encrypted_db)
    conn = sqlite3.connect(encrypted_db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT family_name FROM patients").fetchone()[0] == "Okafor"
    conn.close()
    assert keyring.get_password(SERVICE, crypto.key_entry(identity)) is not None
    before_decrypt = [p for _s, p in list_backups(paths.backups) if "before-decrypt" in p.name]
    assert len(before_decrypt) == 1 and crypto.is_encrypted(before_decrypt[0])
    assert run(capsys, "list")[0] == EXIT_OK
    code, _out, err = run(capsys, "decrypt")
    assert code == EXIT_BAD_INPUT and "is not encrypted" in err
    # And once more the other way: a new key.
    assert run(capsys, "encrypt")[0] == EXIT_OK
    assert crypto.file_identity(encrypted_db) != identity


def test_encrypting_twice_or_nothing_is_refused(paths: AppPaths, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "encrypt")
    assert code == EXIT_BAD_INPUT and f"There is no database file at {paths.database} to convert" in err
    assert not paths.database.exists()
    assert run(capsys, "import", str(FIXTURES / "example-plan.json"))[0] == EXIT_OK
    assert run(capsys, "encrypt")[0] == EXIT_OK
    before = paths.database.read_bytes()
    code, _out, err = run(capsys, "encrypt")
    assert code == EXIT_BAD_INPUT and "is already encrypted" in err
    assert paths.database.read_bytes() == before


@pytest.mark.postgres
def test_a_server_database_is_not_encrypted_by_careplan(capsys: pytest.CaptureFixture[str]) -> None:
    url = pg_url_or_skip()
    code, out, err = run(capsys, "--db", url, "encrypt")
    assert code == EXIT_BAD_INPUT and out == ""
    assert "Only a database file on this computer can be encrypted" in err


def test_a_damaged_file_is_not_taken_for_an_encrypted_one(tmp_path: Path) -> None:
    """Detection is by header and whole pages: a truncated or empty file is not "encrypted"."""
    odd = tmp_path / "odd.sqlite3"
    odd.write_bytes(os.urandom(5000))
    empty = tmp_path / "empty.sqlite3"
    empty.write_bytes(b"")
    pages = tmp_path / "pages.sqlite3"
    pages.write_bytes(os.urandom(8192))
    assert not crypto.is_encrypted(odd) and not crypto.is_encrypted(empty)
    assert not crypto.is_encrypted(tmp_path / "missing.sqlite3")
    assert crypto.is_encrypted(pages)


def test_plain_backups_left_by_a_crash_while_encrypting_are_encrypted_at_the_next_backup(
    plain_db: Path, paths: AppPaths, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as crash:
        # The program stops right after the swap, before it converts the backups.
        crash.setattr(crypto, "encrypt_plain_backups", lambda backups, raw: 0)
        crypto.encrypt_database(plain_db, paths.backups)
    left = [p for _s, p in list_backups(paths.backups) if not crypto.is_encrypted(p)]
    assert left, "the crash left plain backups"
    code, _out, err = run(capsys, "import", str(FIXTURES / "example-plan.json"))
    assert code == EXIT_OK, err
    for backup in left:
        assert crypto.is_encrypted(backup)
        unreadable_by_sqlite3(backup)
        conn = sqlite_connect(backup, readonly=True)
        try:
            assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        finally:
            conn.close()
