"""Settings > Database: the buttons that encrypt and decrypt the database file (the window closes its
connections around the change and goes on working), and the password field that keeps a server's
password in the keyring, never in the address that is saved."""

from __future__ import annotations

import argparse
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import QTimer

from careplan.paths import AppPaths
from careplan.secrets import SERVICE, password_entry
from careplan.services.store import Store
from careplan.services.transfer import import_plan
from careplan.settings import Settings, TherapistSettings, load_settings, save_settings
from careplan.storage import crypto
from careplan.ui.application import run_gui
from careplan.ui.main_window import MainWindow
from careplan.ui.settings_dialog import Encryption, SettingsDialog

from support.sqlite_files import dump
from ui_helpers import seed_plan

SERVER = "postgresql+psycopg://anna@db.clinic.example:5432/careplan"


@pytest.fixture
def plain_file(store: Store, paths: AppPaths, library: Any, example_bytes: bytes) -> Path:
    """The database file with the example plan in it, no connection left open."""
    with store.sessions.begin() as session:
        import_plan(session, example_bytes, library, source="example-plan.json", author="Jo Patel")
    store.close()
    return paths.database


def test_the_encrypt_and_decrypt_buttons_convert_the_file_after_asking(
    qtbot: Any, dialogs: Any, settings: Settings, paths: AppPaths, plain_file: Path
) -> None:
    rows = dump(plain_file)
    dialog = SettingsDialog(settings, paths, start_tab="database")
    qtbot.addWidget(dialog)
    assert dialog.encryption_status.text() == f"The database file {plain_file} is not encrypted."
    assert dialog.encrypt_button.isEnabled() and not dialog.decrypt_button.isEnabled()

    dialogs.answer("confirm", False)
    dialog.encrypt_button.click()
    assert dialogs.of("confirm") == [("Encrypt the database file?",)]
    assert not crypto.is_encrypted(plain_file) and dump(plain_file) == rows

    dialogs.answer("confirm", True)
    dialog.encrypt_button.click()
    qtbot.waitUntil(lambda: dialog.decrypt_button.isEnabled())
    assert crypto.is_encrypted(plain_file)
    with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
        dump(plain_file)
    entry = crypto.key_entry(crypto.file_identity(plain_file))
    assert keyring.get_password(SERVICE, entry) is not None
    [(title, text)] = dialogs.of("info")
    assert title == "Database encrypted" and entry in text and "ask IT to keep a copy" in text
    assert dialog.encryption_status.text().endswith("is encrypted; its key is kept in this computer's keyring.")
    assert not dialog.encrypt_button.isEnabled()

    dialogs.answer("confirm", True)
    dialog.decrypt_button.click()
    qtbot.waitUntil(lambda: dialog.encrypt_button.isEnabled())
    assert not crypto.is_encrypted(plain_file) and dump(plain_file) == rows
    assert dialogs.of("info")[-1][0] == "Database decrypted"


def test_encrypting_while_another_program_holds_the_file_says_so_and_changes_nothing(
    qtbot: Any, dialogs: Any, settings: Settings, paths: AppPaths, plain_file: Path
) -> None:
    before = plain_file.read_bytes()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('SELECT count(*) FROM patients')"
            ".fetchone(); print('open', flush=True); sys.stdin.read()",
            str(plain_file),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    dialog = SettingsDialog(settings, paths, start_tab="database")
    qtbot.addWidget(dialog)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "open\n"
        dialogs.answer("confirm", True)
        dialog.encrypt_button.click()
        qtbot.waitUntil(lambda: bool(dialogs.of("error")))
    finally:
        assert holder.stdin is not None and holder.stdout is not None
        holder.stdin.close()
        holder.wait(timeout=30)
        holder.stdout.close()
    [(title, text)] = dialogs.errors()
    assert title == "Not encrypted"
    assert text.startswith(f"Another Careplan window or program has the database {plain_file} open.")
    assert plain_file.read_bytes() == before
    assert dialog.encrypt_button.isEnabled() and not dialog.decrypt_button.isEnabled()


def test_the_window_encrypts_its_own_database_and_goes_on_working(
    qtbot: Any, dialogs: Any, make_window: Callable[..., MainWindow], store: Store, settings: Settings
) -> None:
    seed_plan(store)
    window = make_window()
    qtbot.waitUntil(lambda: window.patients.patient_model.rowCount() == 1)
    path = window.paths.database
    dialog = SettingsDialog(settings, window.paths, window, encryption=Encryption(path, window.change_encryption))
    qtbot.addWidget(dialog)
    dialogs.answer("confirm", True)
    with qtbot.waitSignal(window.store_switched):
        dialog.encrypt_button.click()
    assert crypto.is_encrypted(path)
    assert window.ops.store is not store and window.ops.store.engine.dialect.dbapi.__name__.startswith("sqlcipher3")
    qtbot.waitUntil(lambda: window.patients.patient_model.rowCount() == 1)
    assert dialogs.of("info")[-1][0] == "Database encrypted"
    # The window reads and writes through the key: a new patient's plan goes in encrypted.
    seed_plan(window.ops.store, "Ben", "Adeyemi")
    window.patients.reload_lists()
    qtbot.waitUntil(lambda: window.patients.patient_model.rowCount() == 2 and not window.patients.reviews_pending)
    with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
        dump(path)


def test_the_password_field_keeps_the_password_in_the_keyring_not_in_the_address(
    qtbot: Any, settings: Settings, paths: AppPaths
) -> None:
    dialog = SettingsDialog(settings, paths, start_tab="database")
    qtbot.addWidget(dialog)
    assert not dialog.password.isEnabled(), "the file on this computer has no password"
    dialog.use_other.setChecked(True)
    qtbot.keyClicks(dialog.database_url, SERVER)
    assert dialog.password.isEnabled()
    qtbot.keyClicks(dialog.password, "s3cret-Pw!")
    assert dialog.password.echoMode() == dialog.password.EchoMode.Password
    dialog.ok_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert keyring.get_password(SERVICE, password_entry(SERVER) or "") == "s3cret-Pw!"
    assert dialog.settings().database_url == SERVER
    # Opened again: it says a password is kept, and shows none.
    again = SettingsDialog(Settings(database_url=SERVER), paths, start_tab="database")
    qtbot.addWidget(again)
    assert again.password.text() == ""
    assert again.password_note.text().startswith("A password for this address is kept in this computer's keyring")


def test_a_password_typed_into_the_address_moves_to_the_keyring(
    qtbot: Any, settings: Settings, paths: AppPaths
) -> None:
    dialog = SettingsDialog(settings, paths, start_tab="database")
    qtbot.addWidget(dialog)
    dialog.use_other.setChecked(True)
    qtbot.keyClicks(dialog.database_url, "postgresql+psycopg://anna:typed-pw@db.clinic.example:5432/careplan")
    assert "typed-pw" not in (dialog.settings().database_url or "")
    dialog.ok_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.database_url.text() == SERVER and dialog.settings().database_url == SERVER
    assert keyring.get_password(SERVICE, password_entry(SERVER) or "") == "typed-pw"


def test_with_no_keyring_the_password_is_refused_beside_its_field_and_the_dialog_stays(
    qtbot: Any, settings: Settings, paths: AppPaths
) -> None:
    keyring.set_keyring(fail.Keyring())
    dialog = SettingsDialog(settings, paths, start_tab="database")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.use_other.setChecked(True)
    qtbot.keyClicks(dialog.database_url, SERVER)
    qtbot.keyClicks(dialog.password, "s3cret-Pw!")
    dialog.ok_button.click()
    assert dialog.isVisible() and dialog.result() != dialog.DialogCode.Accepted
    assert dialog.password_problem.isVisible()
    assert "Careplan never writes passwords into a file" in dialog.password_problem.text()
    assert "~/.pgpass" in dialog.password_problem.text()


def test_the_desktop_opens_an_encrypted_database_and_refuses_one_whose_key_is_gone(
    qtbot: Any, dialogs: Any, paths: AppPaths, plain_file: Path, caplog: Any
) -> None:
    crypto.encrypt_database(plain_file, paths.backups)
    named = replace(load_settings(paths.config), therapist=TherapistSettings(name="Jo Patel"))
    save_settings(paths.config, named)  # first start (asking the therapist's name) is tested on its own
    seen: list[int] = []

    def ready(window: MainWindow) -> None:
        seen.append(window.patients.patient_model.rowCount())
        QTimer.singleShot(0, window.close)

    assert run_gui(argparse.Namespace(command=None, db=None), paths, on_ready=ready) == 0
    assert seen == [1]
    before = plain_file.read_bytes()
    keyring.delete_password(SERVICE, crypto.key_entry(crypto.file_identity(plain_file)))
    dialogs.answer("database", "quit")
    assert run_gui(argparse.Namespace(command=None, db=None), paths) == 1
    ((text,),) = dialogs.of("database")
    assert text.startswith(f"The database {plain_file} is encrypted and its key is not in this computer's keyring")
    assert "Traceback" not in caplog.text
    assert plain_file.read_bytes() == before
