"""Database faults on the command line: exit 2, one line on stderr naming the cause and what to do,
never "an unexpected problem", and nothing changed (files byte-identical, no new files, the plans
as they were).  Most run ``careplan`` in-process; a few as real programs."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url

from careplan import app
from careplan.cli import EXIT_BAD_INPUT, EXIT_OK
from careplan.secrets import store_password, without_password
from careplan.services import transfer
from careplan.settings import Settings, save_settings
from careplan.storage import db

from support.damage import FILE_FAULTS, RESTORE, snapshot
from support.db import FIXTURES, pg_url_or_skip, reset_pg

PLAN = FIXTURES / "example-plan.json"


class Careplan:
    """``careplan ARGS`` in-process, or as a real program, with its own data and config folders."""

    def __init__(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
        self.data = tmp_path / "data"
        self.config = tmp_path / "config"
        self.tmp = tmp_path
        monkeypatch.setenv("CAREPLAN_DATA_DIR", str(self.data))
        monkeypatch.setenv("CAREPLAN_CONFIG_DIR", str(self.config))
        monkeypatch.delenv("CAREPLAN_DB", raising=False)
        monkeypatch.setenv("CAREPLAN_THERAPIST", "Jo Patel")  # writing commands are recorded under a name
        self.capsys = capsys
        self.monkeypatch = monkeypatch

    @property
    def database(self) -> Path:
        return self.data / "careplan.sqlite3"

    def __call__(self, *args: str) -> tuple[int, str, str]:
        code = app.main(list(args))
        out, err = self.capsys.readouterr()
        return code, out, err

    def subprocess(self, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
        done = subprocess.run(
            [sys.executable, "-m", "careplan", *args],
            capture_output=True,
            text=True,
            env={**os.environ, **(env or {})},
            timeout=120,
        )
        return done.returncode, done.stdout, done.stderr

    def seed(self, *extra: str) -> None:
        code, _out, err = self(*extra, "import", str(PLAN))
        assert code == EXIT_OK, err

    def listing(self, *extra: str) -> str:
        code, out, err = self(*extra, "list")
        assert code == EXIT_OK, err
        return out


@pytest.fixture
def careplan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Careplan:
    return Careplan(tmp_path, monkeypatch, capsys)


def refused(code: int, err: str, command: str, *says: str) -> None:
    """Exit 2 and one line on stderr that names the cause."""
    assert code == EXIT_BAD_INPUT, err
    assert err.startswith(f"careplan {command}: ") and err.count("\n") == 1, err
    for part in says:
        assert part.lower() in err.lower(), err
    assert "an unexpected problem" not in err and "Traceback" not in err


# --- a bad file where the database should be ------------------------------------------------------


@pytest.mark.parametrize("command", ["list", "import"])
@pytest.mark.parametrize("fault", list(FILE_FAULTS))
def test_a_bad_database_file_gives_exit_2_and_changes_nothing(fault: str, command: str, careplan: Careplan) -> None:
    careplan.seed()
    damage, says = FILE_FAULTS[fault]
    damage(careplan.database)
    before = snapshot(careplan.data)
    args = ["import", str(PLAN)] if command == "import" else ["list"]
    code, out, err = careplan(*args)
    refused(code, err, command, says, str(careplan.database), RESTORE)
    assert out == ""
    assert snapshot(careplan.data) == before


def where_to_say(careplan: Careplan, how: str, url: str) -> list[str]:
    """Give the address the way ``how`` says; returns the arguments that go before the command."""
    if how == "--db":
        return ["--db", url]
    if how == "CAREPLAN_DB":
        careplan.monkeypatch.setenv("CAREPLAN_DB", url)
        return []
    save_settings(careplan.config, Settings(database_url=url))
    return []


def bad_addresses(tmp: Path) -> dict[str, tuple[str, str]]:
    (tmp / "a folder").mkdir(exist_ok=True)
    (tmp / "letter.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    return {
        "not a database": (f"sqlite:///{tmp / 'letter.pdf'}", "is not a Careplan database"),
        "a folder": (f"sqlite:///{tmp / 'a folder'}", "points at a folder"),
        "a missing folder": (
            f"sqlite:///{tmp / 'gone' / 'careplan.sqlite3'}",
            "folder for the database does not exist",
        ),
        "an unknown kind": ("mongodb://clinic-server/careplan", "a kind of database careplan does not know"),
        "a port where nothing listens": (
            "postgresql+psycopg://careplan@127.0.0.1:9/careplan",
            "check the address in settings and that the server is running",
        ),
    }


@pytest.mark.parametrize("how", ["--db", "CAREPLAN_DB", "settings.json"])
@pytest.mark.parametrize(
    "fault", ["not a database", "a folder", "a missing folder", "an unknown kind", "a port where nothing listens"]
)
def test_an_address_that_is_not_a_database_gives_exit_2(fault: str, how: str, careplan: Careplan) -> None:
    url, says = bad_addresses(careplan.tmp)[fault]
    before = snapshot(careplan.tmp)
    extra = where_to_say(careplan, how, url)
    after_settings = snapshot(careplan.tmp)
    code, _out, err = careplan(*extra, "import", str(PLAN))
    refused(code, err, "import", says)
    assert snapshot(careplan.tmp) == after_settings
    assert set(after_settings) - set(before) <= {"config/settings.json"}
    assert not (careplan.tmp / "gone").exists()


def test_the_real_program_refuses_a_zero_byte_database(careplan: Careplan) -> None:
    careplan.data.mkdir(parents=True)
    careplan.database.write_bytes(b"")
    code, out, err = careplan.subprocess("list")
    refused(code, err, "list", "the database file is empty (0 bytes)", "remove the file if this is a new installation")
    assert "No patients yet" not in out, "an empty file is not a new, empty database"
    assert careplan.database.read_bytes() == b""
    assert sorted(p.name for p in careplan.data.iterdir()) == ["backups", "careplan.sqlite3", "drafts", "logs"]


def test_the_real_program_refuses_garbage_named_in_the_settings(careplan: Careplan) -> None:
    careplan.seed()
    garbage = careplan.tmp / "garbage.sqlite3"
    garbage.write_bytes(os.urandom(8192))
    save_settings(careplan.config, Settings(database_url=f"sqlite:///{garbage}"))
    before = snapshot(careplan.tmp)
    code, _out, err = careplan.subprocess("import", str(PLAN))
    refused(code, err, "import", str(garbage), "is not a Careplan database, or it is damaged")
    assert snapshot(careplan.tmp) == before


def test_the_real_program_refuses_a_truncated_database_given_in_careplan_db(careplan: Careplan) -> None:
    careplan.seed()
    copy = careplan.tmp / "copied.sqlite3"
    copy.write_bytes(careplan.database.read_bytes()[:8192])
    before = snapshot(careplan.tmp)
    code, _out, err = careplan.subprocess("list", env={"CAREPLAN_DB": f"sqlite:///{copy}"})
    refused(code, err, "list", "shorter than it should be", RESTORE)
    assert snapshot(careplan.tmp) == before


# --- read-only, full, locked -----------------------------------------------------------------------


def on_every_connection(monkeypatch: pytest.MonkeyPatch, extra: Callable[[sqlite3.Connection], None]) -> None:
    original = db._sqlite_on_connect

    def connect(conn: sqlite3.Connection, record: Any, busy_timeout_s: float) -> None:
        original(conn, record, busy_timeout_s)
        extra(conn)

    monkeypatch.setattr(db, "_sqlite_on_connect", connect)


def test_a_read_only_database_lists_but_import_says_read_only(
    careplan: Careplan, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite's own read-only mode (``query_only``): root, who runs CI, ignores file modes."""
    careplan.seed()
    listed = careplan.listing()
    before = snapshot(careplan.data)
    on_every_connection(monkeypatch, lambda conn: conn.execute("PRAGMA query_only=ON"))
    assert careplan.listing() == listed
    code, _out, err = careplan("import", str(PLAN))
    refused(code, err, "import", "is read-only, so nothing can be saved", "ask IT")
    assert careplan.listing() == listed
    assert snapshot(careplan.data) == before


def test_a_full_disk_during_import_says_so_and_the_plan_list_is_unchanged(
    careplan: Careplan, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite's max_page_count gives the same SQLITE_FULL ("database or disk is full") as a full disk."""
    careplan.seed()
    conn = sqlite3.connect(careplan.database)
    conn.execute("VACUUM")  # no room left in the pages: the next import needs new ones
    conn.close()
    listed = careplan.listing()
    before = snapshot(careplan.data)
    on_every_connection(
        monkeypatch, lambda c: c.execute(f"PRAGMA max_page_count={c.execute('PRAGMA page_count').fetchone()[0]}")
    )
    code, out, err = careplan("import", str(PLAN))
    refused(code, err, "import", "is full, so nothing was saved", "free some disk space")
    assert out == ""
    assert careplan.listing() == listed
    assert snapshot(careplan.data) == before


HOLD_LOCK = textwrap.dedent(
    """
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("PRAGMA locking_mode=EXCLUSIVE")
    conn.execute("BEGIN EXCLUSIVE")
    print("holding", flush=True)
    sys.stdin.readline()
    conn.execute("ROLLBACK")
    """
)


@pytest.mark.slow
def test_a_database_another_program_holds_gives_exit_2_after_the_busy_timeout(careplan: Careplan) -> None:
    """A real other program holds an exclusive lock; the real ``careplan list`` waits its 10 seconds."""
    careplan.seed()
    listed = careplan.listing()
    before = snapshot(careplan.data)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(careplan.database)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        started = time.monotonic()
        code, _out, err = careplan.subprocess("list")
        waited = time.monotonic() - started
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(timeout=30)
        holder.stdout.close()
    refused(code, err, "list", "another program is holding the database", "backup tool", "close the other program")
    assert 9 < waited < 30, waited
    assert careplan.listing() == listed
    assert snapshot(careplan.data) == before


# --- PostgreSQL stopped in the middle of an import -------------------------------------------------


def pg_plan_count(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM plans")).scalar_one())
    finally:
        engine.dispose()


def stop_during_import(monkeypatch: pytest.MonkeyPatch, stop: Callable[[Any], None], *, before: bool = False) -> None:
    """``stop(session)`` runs before the import writes anything (``before``), or after every row of
    it (the activity-log row too) was written, as COMMIT is about to be sent."""
    original = transfer.import_plan

    def importing(session: Any, *args: Any, **kwargs: Any) -> Any:
        if before:
            stop(session)
        if not before:
            # Just before COMMIT goes to the server: after the import's rows and its activity-log row.
            event.listen(session.connection().engine, "commit", lambda _conn: stop(session), once=True)
        return original(session, *args, **kwargs)

    monkeypatch.setattr(transfer, "import_plan", importing)


@pytest.mark.postgres
def test_the_server_ending_the_connection_mid_import_writes_nothing(
    careplan: Careplan, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As ``pg_ctl stop -m immediate`` or a server restart does to each connection."""
    url = pg_url_or_skip()
    reset_pg(url)
    address = keyring_address(url)
    careplan.seed("--db", address)

    def end_connection(session: Any) -> None:
        pid = session.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar()
        other = create_engine(url)
        try:
            with other.connect() as conn:
                conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        finally:
            other.dispose()

    stop_during_import(monkeypatch, end_connection, before=True)
    code, out, err = careplan("--db", address, "import", str(PLAN))
    refused(code, err, "import", "nothing was changed", "terminating connection")
    assert out == "" and "careplan-ci" not in err
    assert pg_plan_count(url) == 1, "nothing half-written"


def keyring_address(url: str) -> str:
    """``url`` as a clinic sets it up: the password in the keyring, the address without it (a password
    in ``--db`` works too, but earns a warning line on stderr)."""
    password = make_url(url).password
    if password:
        store_password(url, str(password))
    return without_password(url)


def frozen_import(careplan: Careplan, monkeypatch: pytest.MonkeyPatch, *, before: bool) -> tuple[int, str, float, str]:
    """Import with the server frozen (SIGSTOP, as tests/storage/test_frozen_server.py does) part-way."""
    from storage.test_frozen_server import server_pids

    url = pg_url_or_skip()
    reset_pg(url)
    address = keyring_address(url)
    careplan.seed("--db", address)
    stopped: list[int] = []

    def freeze(_session: Any) -> None:
        for pid in server_pids(url):  # the postmaster and every backend, this import's among them
            try:
                os.kill(pid, signal.SIGSTOP)
            except ProcessLookupError:  # the backend that server_pids itself used, gone since
                continue
            except PermissionError:
                pytest.skip("not allowed to stop the PostgreSQL server's processes")
            stopped.append(pid)

    stop_during_import(monkeypatch, freeze, before=before)
    try:
        started = time.monotonic()
        code, _out, err = careplan("--db", address, "import", str(PLAN))
        elapsed = time.monotonic() - started
    finally:
        for pid in stopped:
            with contextlib.suppress(ProcessLookupError):  # a backend that ended while stopped
                os.kill(pid, signal.SIGCONT)
    return code, err, elapsed, url


@pytest.mark.postgres
@pytest.mark.slow
def test_a_server_frozen_mid_import_gives_exit_2_and_writes_nothing(
    careplan: Careplan, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, err, elapsed, url = frozen_import(careplan, monkeypatch, before=True)
    refused(code, err, "import", "did not answer in time", "nothing was changed")
    assert elapsed < 20, elapsed
    assert pg_plan_count(url) == 1, "nothing half-written"


@pytest.mark.postgres
@pytest.mark.slow
def test_a_server_frozen_at_the_commit_of_an_import_does_not_hang_and_says_it_cannot_tell(
    careplan: Careplan, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once COMMIT is sent, only the server knows: the message says so instead of "nothing changed",
    and the plan is there whole or not at all."""
    code, err, elapsed, url = frozen_import(careplan, monkeypatch, before=False)
    refused(code, err, "import", "stopped answering while saving", "cannot tell whether the save was completed")
    assert "nothing was changed" not in err.lower()
    assert elapsed < 20, elapsed
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            plans_now = conn.execute(text("SELECT count(*) FROM plans")).scalar_one()
            revisions = conn.execute(text("SELECT count(*) FROM plan_revisions")).scalar_one()
    finally:
        engine.dispose()
    assert plans_now in (1, 2)
    assert revisions == plans_now, "a plan saved has its revision: nothing half-written"
