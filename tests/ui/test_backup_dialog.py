"""File > Back up now… and File > Restore a backup…, a failed daily backup's warning, and the modes
of the files the desktop writes (drafts, handouts) under umask 022."""

from __future__ import annotations

import datetime as dt
import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from careplan.services.maintenance import make_backup
from careplan.services.plans import list_patients
from careplan.storage.backup import backups_in
from careplan.storage.db import sqlite_url
from careplan.ui.backup_dialog import RestoreDialog

from support.sqlite_files import integrity
from ui_helpers import seed_plan


@pytest.fixture(autouse=True)
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def names(store: Any) -> list[str]:
    with store.reads.begin() as s:
        return sorted(p.full_name for p in list_patients(s))


def edit(qtbot: Any, window: Any) -> None:
    """Change the open plan as a therapist would (the first item's repetitions)."""
    editor = window.editor
    editor.tabs.setCurrentIndex(1)
    editor.items_panel.select_row(0)
    with qtbot.waitSignal(editor.plan_changed):
        editor.item_editor.dosage["reps"].setValue(17)


def test_back_up_now_makes_a_checked_copy(qtbot: Any, window: Any, dialogs: Any, store: Any, paths: Any) -> None:
    seed_plan(store)
    assert window.act.backup_now in window.menuBar().actions()[0].menu().actions()
    window.act.backup_now.trigger()
    ((title, text),) = [args for kind, args in dialogs.shown if kind == "info"]
    assert title == "Backup made"
    (made,) = [b for b in backups_in(paths.backups) if b.reason == "manual"]
    assert str(made.path) in text
    assert integrity(made.path) == [("ok",)]
    assert stat.S_IMODE(made.path.stat().st_mode) == 0o600
    assert window.statusBar().currentMessage() == f"Backup made: {made.path.name}"


def test_back_up_now_on_a_full_disk_says_so_and_the_window_goes_on(
    qtbot: Any, window: Any, dialogs: Any, store: Any, paths: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_plan(store)
    real = os.open

    def full(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if str(paths.backups) in str(path) and flags & os.O_CREAT:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", full)
    assert window.back_up_now() is None
    ((title, text),) = dialogs.errors()
    assert title == "Backup not made" and "the disk is full" in text
    monkeypatch.undo()
    assert list(paths.backups.iterdir()) == []
    assert names(store) == ["Amira Okafor"]


def test_the_restore_dialog_lists_backups_and_chooses_one(qtbot: Any, dialogs: Any, store: Any, paths: Any) -> None:
    seed_plan(store)
    url = sqlite_url(paths.database)
    first = make_backup(url, paths)
    second = make_backup(url, paths)
    found = backups_in(paths.backups)
    dialog = RestoreDialog(found)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 2
    assert dialog.table.item(0, 2).text() == "made by hand"
    assert dialog.table.item(0, 1).text().endswith("KB")
    assert dialog.table.item(0, 2).toolTip() == str(second)
    dialog.table.selectRow(1)
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialog.chosen == first

    elsewhere = RestoreDialog([])
    qtbot.addWidget(elsewhere)
    assert not elsewhere.restore_button.isEnabled()
    dialogs.answer("open_path", Path("/media/usb/careplan-copy.sqlite3"))
    with qtbot.waitSignal(elsewhere.accepted):
        qtbot.mouseClick(elsewhere.choose_button, Qt.MouseButton.LeftButton)
    assert elsewhere.chosen == Path("/media/usb/careplan-copy.sqlite3")


def test_restore_asks_to_save_first_then_reloads_the_patients(
    qtbot: Any, window: Any, dialogs: Any, store: Any, paths: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeded = seed_plan(store)
    made = make_backup(sqlite_url(paths.database), paths)
    seed_plan(store, "Ben", "Ode", dt.date(2015, 1, 2), title="Walking")
    window.patients.reload_lists()
    assert window.patients.patient_model.total == 2
    window.open_plan(seeded.plan_id)
    edit(qtbot, window)
    assert window.session.is_modified()

    offered: list[list[Any]] = []
    monkeypatch.setattr(RestoreDialog, "ask", classmethod(lambda cls, parent, backups: offered.append(backups) or made))
    dialogs.answer("unsaved", "discard")
    dialogs.answer("confirm", True)
    with qtbot.waitSignal(window.patients.patients_loaded, timeout=10_000) as loaded:
        assert window.restore_backup()
    assert loaded.args == [1]
    assert [b.path for b in offered[0]] == [made]
    assert not window.has_plan
    ((title, text),) = [args for kind, args in dialogs.shown if kind == "info"]
    assert title == "Backup restored" and "1 patient, 1 plan" in text and "before-restore" in text
    assert names(store) == ["Amira Okafor"]
    assert integrity(paths.database) == [("ok",)]
    (confirm,) = dialogs.of("confirm")
    assert confirm == ("Restore this backup?",)
    from careplan.services.audit import events_for

    with store.reads.begin() as s:
        newest = events_for(s, limit=1)[0]
    assert (newest.action, newest.who) == ("restored", "Jo Patel")


def test_restore_cancelled_at_the_confirmation_changes_nothing(
    qtbot: Any, window: Any, dialogs: Any, store: Any, paths: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_plan(store)
    made = make_backup(sqlite_url(paths.database), paths)
    seed_plan(store, "Ben", "Ode", dt.date(2015, 1, 2))
    monkeypatch.setattr(RestoreDialog, "ask", classmethod(lambda cls, parent, backups: made))
    dialogs.answer("confirm", False)
    assert not window.restore_backup()
    assert names(store) == ["Amira Okafor", "Ben Ode"]
    assert [b.reason for b in backups_in(paths.backups)] == ["manual"]


def test_restoring_a_damaged_file_is_refused_and_the_window_goes_on(
    qtbot: Any, window: Any, dialogs: Any, store: Any, paths: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seed_plan(store)
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"not a database at all" * 100)
    monkeypatch.setattr(RestoreDialog, "ask", classmethod(lambda cls, parent, backups: bad))
    dialogs.answer("confirm", True)
    assert not window.restore_backup()
    ((title, text),) = dialogs.errors()
    assert title == "Backup not restored" and "not a database file" in text and "Nothing was changed" in text
    assert names(store) == ["Amira Okafor"]  # the window's database still answers


def test_a_failed_daily_backup_is_said_once_in_the_status_bar(
    qtbot: Any, window: Any, dialogs: Any, store: Any, paths: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_plan(store)
    real = os.open

    def read_only(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if str(paths.backups) in str(path) and flags & os.O_CREAT:
            raise OSError(errno.EROFS, "Read-only file system")
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    shown: list[str] = []
    window.statusBar().messageChanged.connect(lambda text: shown.append(text) if text else None)
    for _ in range(2):
        task = window.backup_in_background()
        with qtbot.waitSignal(task.finished, timeout=10_000):
            pass
    warnings = [text for text in shown if "backup" in text]
    assert len(warnings) == 1
    assert "Today's backup of the database was not made" in warnings[0] and "read-only" in warnings[0]
    assert names(store) == ["Amira Okafor"]


def test_on_a_server_database_the_menu_explains_the_servers_backups(
    qtbot: Any, window: Any, dialogs: Any, store: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(type(store), "is_embedded", property(lambda self: False))
    monkeypatch.setattr(store, "url", "postgresql+psycopg://jo:secret@db.clinic:5432/careplan")
    assert window.back_up_now() is None
    assert not window.restore_backup()
    infos = [args for kind, args in dialogs.shown if kind == "info"]
    assert len(infos) == 2
    for title, text in infos:
        assert title == "Backups of the clinic's server"
        assert "pg_dump --host=db.clinic --port=5432 --username=jo" in text and "pg_restore" in text
        assert "secret" not in text


def test_drafts_and_handouts_the_desktop_writes_are_owner_only(
    qtbot: Any, window: Any, dialogs: Any, store: Any, paths: Any, tmp_path: Path
) -> None:
    seeded = seed_plan(store)
    window.open_plan(seeded.plan_id)
    edit(qtbot, window)
    draft = window.session.write_draft()
    assert draft is not None
    qtbot.waitUntil(lambda: not window.session.draft_writer.pending)  # written on a worker
    pdf = tmp_path / "handout.pdf"
    dialogs.answer("save_path", pdf)
    assert window.handouts.save_handout_pdf() == pdf
    written = [paths.drafts, draft, draft.with_name(draft.name.removesuffix(".json") + ".meta.json"), pdf]
    found = {str(p): oct(stat.S_IMODE(p.stat().st_mode)) for p in written}
    assert found == {
        str(paths.drafts): "0o700",
        str(written[1]): "0o600",
        str(written[2]): "0o600",
        str(pdf): "0o600",
    }


def test_a_database_that_cannot_be_opened_at_start_can_be_restored_from_a_backup(
    qtbot: Any, dialogs: Any, paths: Any, store: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window cannot open on a damaged database, so the start-up problem dialog offers the restore."""
    from careplan.settings import Settings
    from careplan.ui import application

    seed_plan(store)
    made = make_backup(sqlite_url(paths.database), paths)
    store.close()
    paths.database.write_bytes(b"this is no longer a database " * 500)
    monkeypatch.setattr(RestoreDialog, "ask", classmethod(lambda cls, parent, backups: backups[0].path))
    dialogs.answer("database", "restore")
    dialogs.answer("confirm", True)
    first, _settings = application.open_store_interactively(paths, Settings())
    assert first is not None
    try:
        with first.store.reads.begin() as s:
            assert [p.full_name for p in list_patients(s)] == ["Amira Okafor"]
    finally:
        first.store.close()
    # Asked once (how the dialog words a damaged file is storage.faults' part of issue 10).
    assert len(dialogs.of("database")) == 1
    ((title, summary),) = [args for kind, args in dialogs.shown if kind == "info"]
    assert title == "Backup restored" and made.name in summary
    kept = [b for b in backups_in(paths.backups) if b.reason == "before-restore"]
    assert kept and kept[0].path.read_bytes() == b"this is no longer a database " * 500
