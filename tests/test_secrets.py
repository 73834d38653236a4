"""No password in plain text or in arguments: PostgreSQL passwords live in the keyring (or ~/.pgpass, as psql
reads it), settings.json never holds one, a password given with --db or CAREPLAN_DB works with a warning,
and no log, message, argument or environment variable that Careplan writes holds it."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from sqlalchemy.engine import make_url

from careplan import app
from careplan.cli import EXIT_BAD_INPUT, EXIT_OK
from careplan.paths import AppPaths
from careplan.secrets import (
    SERVICE,
    password_entry,
    password_of,
    password_warning,
    stored_password,
    without_password,
)
from careplan.settings import SETTINGS_FILENAME, Settings, SettingsError, load_settings, save_settings
from careplan.storage.db import describe

from support.db import pg_url_or_skip, reset_pg

ROOT = Path(__file__).resolve().parents[1]
URL = "postgresql+psycopg://anna:s3cret-Pw%21@db.clinic.example:5432/careplan"
SAFE = "postgresql+psycopg://anna@db.clinic.example:5432/careplan"
PASSWORD = "s3cret-Pw!"


def test_the_password_is_taken_out_of_an_address_and_kept_under_its_server_role_and_database() -> None:
    assert password_of(URL) == PASSWORD and password_of(SAFE) is None
    assert without_password(URL) == SAFE and without_password(SAFE) == SAFE
    assert password_entry(URL) == password_entry(SAFE) == "password postgresql://anna@db.clinic.example:5432/careplan"
    assert password_entry("postgresql+psycopg://db.clinic.example/careplan") is None  # libpq: login name, ~/.pgpass
    assert password_entry("sqlite:////tmp/careplan.sqlite3") is None
    assert describe(URL) == "postgresql+psycopg://anna:***@db.clinic.example:5432/careplan"
    assert password_warning(SAFE, "--db") is None
    warning = password_warning(URL, "--db")
    assert warning is not None and PASSWORD not in warning and "~/.pgpass" in warning


def write_settings(folder: Path, url: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / SETTINGS_FILENAME
    path.write_text(json.dumps({"database_url": url, "paper": "Letter"}), encoding="utf-8")
    return path


def test_a_password_in_an_old_settings_file_moves_to_the_keyring(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = write_settings(tmp_path, URL)
    with caplog.at_level(logging.INFO):
        settings = load_settings(tmp_path)
    assert settings.database_url == SAFE and settings.paper == "Letter"
    assert PASSWORD not in path.read_text(encoding="utf-8") and "s3cret" not in path.read_text(encoding="utf-8")
    assert json.loads(path.read_text(encoding="utf-8"))["database_url"] == SAFE
    assert keyring.get_password(SERVICE, password_entry(SAFE) or "") == PASSWORD
    assert stored_password(SAFE) == PASSWORD
    assert any("moved the database password" in r.getMessage() for r in caplog.records)
    assert not any("s3cret" in r.getMessage() for r in caplog.records)
    # Loading again changes nothing more.
    before = path.read_bytes()
    assert load_settings(tmp_path).database_url == SAFE and path.read_bytes() == before


def test_with_no_keyring_an_old_settings_file_is_left_as_it_was(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The password cannot go anywhere safer, and dropping it would lock the clinic out: the file stays."""
    keyring.set_keyring(fail.Keyring())
    path = write_settings(tmp_path, URL)
    before = path.read_bytes()
    with caplog.at_level(logging.INFO):
        settings = load_settings(tmp_path)
    assert settings.database_url == URL and path.read_bytes() == before
    assert any("no keyring can keep it" in r.getMessage() for r in caplog.records)
    assert not any("s3cret" in r.getMessage() for r in caplog.records)


def test_saving_settings_never_writes_a_password(tmp_path: Path) -> None:
    path = save_settings(tmp_path, Settings(database_url=URL))
    assert "s3cret" not in path.read_text(encoding="utf-8")
    assert json.loads(path.read_text(encoding="utf-8"))["database_url"] == SAFE
    assert stored_password(SAFE) == PASSWORD


def test_saving_a_password_with_no_keyring_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    path = save_settings(tmp_path, Settings(paper="Letter"))
    before = path.read_bytes()
    keyring.set_keyring(fail.Keyring())
    with pytest.raises(SettingsError, match=r"Careplan does not write passwords into its settings file.*~/\.pgpass"):
        save_settings(tmp_path, Settings(database_url=URL))
    assert path.read_bytes() == before


# --- against a real server -------------------------------------------------------------------


def careplan(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "careplan", *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=120
    )


def no_password_anywhere(password: str, argv: list[str], env: dict[str, str], paths: AppPaths) -> None:
    """Not in the arguments or environment Careplan ran with, nor in any file it wrote."""
    assert not any(password in a for a in argv)
    assert not any(password in v for v in env.values())
    for folder in (paths.data, paths.config):
        for file in folder.rglob("*") if folder.exists() else ():
            if file.is_file():
                assert password.encode() not in file.read_bytes(), file


@pytest.fixture
def server(tmp_path: Path) -> tuple[str, str]:
    """(the test server's address without its password, the password)."""
    url = pg_url_or_skip()
    reset_pg(url)
    parsed = make_url(url)
    assert parsed.password
    return without_password(url), parsed.password


def child_env(**extra: str) -> dict[str, str]:
    # The test server's own address (with its password) stays with the test.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG") and k != "CAREPLAN_TEST_PG_URL"}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("CAREPLAN_DB", None)
    env.update(extra)
    return env


@pytest.mark.postgres
def test_careplan_takes_the_server_password_from_the_keyring(server: tuple[str, str], tmp_path: Path) -> None:
    url, password = server
    keyring.set_password(SERVICE, password_entry(url) or "", password)
    argv = ["--db", url, "list"]
    env = child_env(PGPASSFILE=str(tmp_path / "no-such-pgpass"))
    proc = careplan(argv, env, tmp_path)
    assert proc.returncode == EXIT_OK, proc.stderr
    assert proc.stderr == "" and "No patients yet" in proc.stdout
    no_password_anywhere(password, argv, env, AppPaths.from_env())


@pytest.mark.postgres
def test_careplan_reads_pgpass_as_psql_does(server: tuple[str, str], tmp_path: Path) -> None:
    """No keyring at all: libpq finds the password in PGPASSFILE by itself (the file must be 0600)."""
    url, password = server
    parsed = make_url(url)
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"{parsed.host}:{parsed.port}:{parsed.database}:{parsed.username}:{password}\n")
    pgpass.chmod(0o600)
    argv = ["--db", url, "list"]
    env = child_env(PGPASSFILE=str(pgpass), PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    proc = careplan(argv, env, tmp_path)
    assert proc.returncode == EXIT_OK, proc.stderr
    assert proc.stderr == "" and "No patients yet" in proc.stdout
    no_password_anywhere(password, argv, {k: v for k, v in env.items() if k != "PGPASSFILE"}, AppPaths.from_env())
    # Without it, the server's refusal is explained in a therapist's words, with what to do.
    pgpass.unlink()
    proc = careplan(argv, env, tmp_path)
    assert proc.returncode == EXIT_BAD_INPUT and "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1 and "no password supplied" in proc.stderr
    assert "Settings > Database" in proc.stderr and "~/.pgpass" in proc.stderr


@pytest.mark.postgres
def test_a_password_in_db_or_careplan_db_works_with_a_warning_and_is_never_logged(
    server: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, password = server
    with_password = make_url(url).set(password=password).render_as_string(hide_password=False)
    assert app.main(["--db", with_password, "list"]) == EXIT_OK
    out, err = capsys.readouterr()
    assert "No patients yet" in out
    assert err == (
        "careplan: warning: the database address in --db holds a password, which other users of this computer can "
        "see while Careplan runs. Give the address without it and keep the password in the keyring (Settings > "
        "Database > Password) or in ~/.pgpass.\n"
    )
    os.environ["CAREPLAN_DB"] = with_password
    try:
        assert app.main(["list"]) == EXIT_OK
    finally:
        del os.environ["CAREPLAN_DB"]
    _out, err = capsys.readouterr()
    assert err.startswith("careplan: warning: the database address in CAREPLAN_DB holds a password")
    paths = AppPaths.from_env()
    assert paths.log_file.exists()
    assert password not in paths.log_file.read_text(encoding="utf-8")
    # A refused password shows *** in the message, never the password.
    wrong = make_url(url).set(password="not-" + password).render_as_string(hide_password=False)
    assert app.main(["--db", wrong, "list"]) == EXIT_BAD_INPUT
    _out, err = capsys.readouterr()
    assert "password authentication failed" in err and password not in err and ":***@" in err
    assert password not in paths.log_file.read_text(encoding="utf-8")
