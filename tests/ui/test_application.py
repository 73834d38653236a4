"""Starting the program: settings, the database on a worker thread, failures said plainly, the excepthook."""

from __future__ import annotations

import argparse
import logging
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer

import careplan
from careplan.settings import SETTINGS_FILENAME, Settings, load_settings, save_settings, settings_from_dict
from careplan.storage.db import sqlite_url
from careplan.ui import application
from careplan.ui.application import describe_for_log, make_excepthook, run_gui

from ui_helpers import seed_plan


@pytest.fixture(autouse=True)
def _keep_excepthook(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)


@pytest.fixture(autouse=True)
def _therapist_named(paths: Any) -> None:
    """A therapist has named themselves (first start is tested on its own below)."""
    save_settings(paths.config, settings_from_dict({"therapist": {"name": "Jo Patel"}}))


def args(db: str | None = None) -> argparse.Namespace:
    return argparse.Namespace(command=None, db=db)


def close_when_ready(seen: list[Any]) -> Any:
    def ready(window: Any) -> None:
        seen.append((window.patients.patient_model.rowCount(), window.isVisible(), window.db_label.text()))
        QTimer.singleShot(0, window.close)

    return ready


def test_starts_with_the_patient_list(qtbot: Any, dialogs: Any, paths: Any, store: Any) -> None:
    seed_plan(store)
    seen: list[Any] = []
    assert run_gui(args(), paths, on_ready=close_when_ready(seen)) == 0
    assert seen == [(1, True, "Database: this computer")]


def test_a_database_from_a_newer_careplan_is_refused_plainly(
    qtbot: Any, dialogs: Any, paths: Any, tmp_path: Path, caplog: Any
) -> None:
    newer = tmp_path / "newer.sqlite3"
    with sqlite3.connect(newer) as conn:
        conn.execute("create table alembic_version (version_num varchar(32) primary key)")
        conn.execute("insert into alembic_version values ('9999_from_the_future')")
    dialogs.answer("database", "quit")
    assert run_gui(args(sqlite_url(newer)), paths) == 1
    ((text,),) = dialogs.of("database")
    assert "newer version of Careplan" in text
    assert "Traceback" not in caplog.text


def test_after_a_refusal_settings_can_choose_another_database(
    qtbot: Any, dialogs: Any, paths: Any, tmp_path: Path
) -> None:
    broken = tmp_path / "not-careplan.sqlite3"
    with sqlite3.connect(broken) as conn:
        conn.execute("create table something_else (x)")
    good = tmp_path / "good.sqlite3"
    dialogs.answer("database", "settings")
    dialogs.answer("settings", lambda parent, settings, p, tab: Settings(database_url=sqlite_url(good)))
    dialogs.answer("first_start", None)  # the chosen settings hold no name: asked, put off
    seen: list[Any] = []
    assert run_gui(args(sqlite_url(broken)), paths, on_ready=close_when_ready(seen)) == 0
    assert dialogs.of("settings")[0][3] == "database"
    assert "not a Careplan database" in dialogs.of("database")[0][0]
    assert seen and "good.sqlite3" in seen[0][2]
    assert load_settings(paths.config).database_url == sqlite_url(good)


def test_an_unreadable_settings_file_falls_back_to_the_defaults(qtbot: Any, dialogs: Any, paths: Any) -> None:
    (paths.config / SETTINGS_FILENAME).write_text('{"paper": "A5"}')
    dialogs.answer("first_start", None)  # the defaults hold no name: asked, put off
    seen: list[Any] = []
    assert run_gui(args(), paths, on_ready=close_when_ready(seen)) == 0
    ((title, text),) = dialogs.errors()
    assert title == "Settings not read" and "paper" in text


def test_first_start_asks_who_is_using_careplan_and_remembers_it(qtbot: Any, dialogs: Any, paths: Any) -> None:
    from test_who_did_what import named_settings

    (paths.config / SETTINGS_FILENAME).unlink()
    dialogs.answer("first_start", named_settings("Amaka Eze", "Neurophysiotherapist"))
    assert run_gui(args(), paths, on_ready=close_when_ready([])) == 0
    assert dialogs.of("first_start") == [(Settings(),)]
    therapist = load_settings(paths.config).therapist
    assert (therapist.name, therapist.role) == ("Amaka Eze", "Neurophysiotherapist")
    # The next start does not ask again.
    assert run_gui(args(), paths, on_ready=close_when_ready([])) == 0
    assert len(dialogs.of("first_start")) == 1


def test_drafts_are_offered_at_start(qtbot: Any, dialogs: Any, paths: Any, store: Any) -> None:
    from careplan.ui.drafts import DraftStore

    seeded = seed_plan(store)
    DraftStore(paths.drafts).write(seeded)
    dialogs.answer("recover", False)
    seen: list[Any] = []

    def ready(window: Any) -> None:
        seen.append(window)
        QTimer.singleShot(50, window.close)

    assert run_gui(args(), paths, on_ready=ready) == 0
    assert dialogs.of("recover") == [("Neck posture", dialogs.of("recover")[0][1])]
    assert not DraftStore(paths.drafts).drafts()


def test_the_excepthook_logs_and_names_the_log_file(dialogs: Any, paths: Any, caplog: Any) -> None:
    hook = make_excepthook(paths)
    name = "".join(["Ami", "ra"])  # not written out, so the traceback's source lines do not hold it
    try:
        raise ValueError(f"{name} Okafor has no plan")
    except ValueError as exc:
        with caplog.at_level(logging.ERROR):
            hook(type(exc), exc, exc.__traceback__)
    ((title, text),) = dialogs.errors()
    assert title == "Something went wrong"
    assert str(paths.log_file) in text
    assert "unexpected error" in caplog.text
    assert "test_the_excepthook_logs_and_names_the_log_file" in caplog.text  # the traceback
    assert "Amira" not in caplog.text, "never a patient's name in the log"


def test_code_errors_keep_their_message_in_the_log() -> None:
    try:
        None.title  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as exc:
        text = describe_for_log(type(exc), exc, exc.__traceback__)
    assert "builtins.AttributeError: 'NoneType' object has no attribute 'title'" in text


def test_the_application_names_itself(qapp: Any) -> None:
    before = qapp.organizationName(), qapp.applicationName(), qapp.applicationVersion()
    try:
        assert application.make_application() is qapp
        assert qapp.organizationName() == "Careplan"  # the names, not a constant that could be anything
        assert qapp.applicationName() == application.APPLICATION == "Careplan"
        assert qapp.applicationVersion() == careplan.__version__
    finally:
        qapp.setOrganizationName(before[0])
        qapp.setApplicationName(before[1])
        qapp.setApplicationVersion(before[2])
