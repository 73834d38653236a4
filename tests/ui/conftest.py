"""Fixtures for the desktop program's tests: real widgets, a real SQLite file per test.

Modal dialogs cannot be clicked offscreen, so each one's ``ask()`` (and every
message box in ``careplan.ui.messages``) is replaced here by ``Dialogs``, which
records what was shown and gives the answers a test queued.  A dialog nobody
expected, or an error message nobody looked at, fails the test.
"""

from __future__ import annotations

import gc
import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

from careplan.core.library import Library
from careplan.paths import AppPaths
from careplan.services.store import Store, open_store
from careplan.settings import Settings, settings_from_dict
from careplan.storage.db import sqlite_url
from careplan.ui import messages
from careplan.ui.files import FileDialogs, SavedFilesDialog
from careplan.ui.main_window import MainWindow
from careplan.ui.ops import Ops
from careplan.ui.patient_conflict import PatientConflictDialog
from careplan.ui.patient_dialog import PatientFormDialog
from careplan.ui.plan_dialogs import NewPlanDialog, PlanChooserDialog
from careplan.ui.preview import PrintDialogs
from careplan.ui.settings_dialog import SettingsDialog
from careplan.ui.state import WindowState
from careplan.ui.therapist_dialog import FirstStartDialog, TherapistDialog

from support.db import FIXTURES
from ui_helpers import TODAY


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(item.fspath).resolve().parents:
            # The offscreen platform cannot pass size hints to a window system it does not have, and says so
            # whenever a shown window's minimum size changes; it is not a problem of the program.
            item.add_marker(pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"))


class Dialogs:
    """Stands in for every modal dialog: records what was shown, answers from a queue."""

    #: kinds whose unexpected appearance is a failure (they need an answer)
    ASKING = {
        "confirm",
        "unsaved",
        "recover",
        "conflict",
        "patient_conflict",
        "database",
        "patient",
        "new_plan",
        "choose_plan",
        "settings",
        "open_path",
        "save_path",
        "folder",
        "print",
        "therapist",
        "first_start",
    }

    def __init__(self) -> None:
        self.shown: list[tuple[str, tuple[Any, ...]]] = []
        self.answers: dict[str, list[Any]] = defaultdict(list)
        self.unexpected: list[str] = []
        self.looked_at = 0

    def answer(self, kind: str, *values: Any) -> None:
        """Queue answers (or callables taking the dialog's arguments) for the next ``kind`` dialogs."""
        self.answers[kind].extend(values)

    def _ask(self, kind: str, *args: Any) -> Any:
        self.shown.append((kind, args))
        if not self.answers[kind]:
            self.unexpected.append(f"{kind}{args!r}")
            return None
        value = self.answers[kind].pop(0)
        return value(*args) if callable(value) else value

    def of(self, kind: str) -> list[tuple[Any, ...]]:
        return [args for k, args in self.shown if k == kind]

    def errors(self) -> list[tuple[Any, ...]]:
        """The error messages shown (looking at them means they were expected)."""
        found = self.of("error")
        self.looked_at = len(found)
        return found

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        def cm(fn: Callable[..., Any]) -> Any:
            return classmethod(lambda cls, *a, **k: fn(*a, **k))

        def record(kind: str) -> Callable[..., None]:
            def show(parent: Any, title: str, text: str, *rest: Any) -> None:
                self.shown.append((kind, (title, text)))

            return show

        N = messages.Notice
        monkeypatch.setattr(N, "error", cm(record("error")))
        monkeypatch.setattr(N, "info", cm(record("info")))
        monkeypatch.setattr(N, "confirm", cm(lambda parent, title, text, yes, no="Cancel": self._ask("confirm", title)))
        monkeypatch.setattr(
            messages.UnsavedChangesDialog, "ask", cm(lambda parent, what: self._ask("unsaved", what) or "cancel")
        )
        monkeypatch.setattr(
            messages.RecoverDraftDialog, "ask", cm(lambda parent, title, when: bool(self._ask("recover", title, when)))
        )
        monkeypatch.setattr(
            messages.ConflictDialog,
            "ask",
            cm(lambda parent, who, when, action="save": self._ask("conflict", who, when, action) or "cancel"),
        )
        monkeypatch.setattr(
            PatientConflictDialog,
            "ask",
            cm(
                lambda parent, mine, theirs, who, when: (
                    self._ask("patient_conflict", mine, theirs, who, when) or "cancel"
                )
            ),
        )
        monkeypatch.setattr(
            messages.DatabaseProblemDialog,
            "ask",
            cm(lambda parent, text, restore_first=False: self._ask("database", text) or "quit"),
        )
        monkeypatch.setattr(
            PatientFormDialog, "ask", cm(lambda parent, patient=None: self._ask("patient", parent, patient))
        )
        monkeypatch.setattr(
            NewPlanDialog, "ask", cm(lambda parent, library, name: self._ask("new_plan", parent, library, name))
        )
        monkeypatch.setattr(PlanChooserDialog, "ask", cm(lambda parent, patient: self._ask("choose_plan", patient)))
        monkeypatch.setattr(
            SettingsDialog,
            "ask",
            cm(
                lambda parent, settings, paths, start_tab="", encryption=None: self._ask(
                    "settings", parent, settings, paths, start_tab
                )
            ),
        )
        monkeypatch.setattr(FileDialogs, "open_path", cm(lambda parent, caption, flt: self._ask("open_path", caption)))
        monkeypatch.setattr(
            FileDialogs, "save_path", cm(lambda parent, caption, suggested, flt: self._ask("save_path", suggested))
        )
        monkeypatch.setattr(FileDialogs, "folder", cm(lambda parent, caption: self._ask("folder", caption)))

        def saved_files(parent: Any, folder: Path, names: list[str]) -> bool:
            # A message, not a question: recorded; "Open folder" only when a test queued True.
            self.shown.append(("saved_files", (folder, names)))
            return bool(self.answers["saved_files"].pop(0)) if self.answers["saved_files"] else False

        monkeypatch.setattr(SavedFilesDialog, "ask", cm(saved_files))
        monkeypatch.setattr(FileDialogs, "state", None)  # each test's window sets its own
        monkeypatch.setattr(PrintDialogs, "ask", cm(lambda parent, printer: bool(self._ask("print", printer))))
        monkeypatch.setattr(
            TherapistDialog,
            "ask",
            cm(lambda parent, name="", role="", reason=None: self._ask("therapist", name, role, reason)),
        )
        monkeypatch.setattr(FirstStartDialog, "ask", cm(lambda parent, settings: self._ask("first_start", settings)))

    def check(self) -> None:
        problems = list(self.unexpected)
        errors = self.of("error")[self.looked_at :]
        problems += [f"unexpected error message: {title}: {text}" for title, text in errors]
        leftover = {k: v for k, v in self.answers.items() if v}
        if leftover:
            problems.append(f"answers never used: {leftover}")
        if problems:
            pytest.fail("dialogs: " + "; ".join(problems), pytrace=False)


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Iterator[Dialogs]:
    recorder = Dialogs()
    recorder.install(monkeypatch)
    yield recorder
    recorder.check()


@pytest.fixture
def paths() -> AppPaths:
    found = AppPaths.from_env()
    found.ensure()
    return found


@pytest.fixture(scope="session")
def library() -> Library:
    from careplan.catalog import load_library

    return load_library()


@pytest.fixture
def store(paths: AppPaths) -> Iterator[Store]:
    opened = open_store(sqlite_url(paths.database), paths)
    yield opened
    opened.close()


@pytest.fixture
def example_bytes() -> bytes:
    return (FIXTURES / "example-plan.json").read_bytes()


@pytest.fixture
def example_doc() -> dict[str, Any]:
    return json.loads((FIXTURES / "example-plan.json").read_text("utf-8"))


def editor_factory() -> Callable[[Library, QWidget | None], Any]:
    from careplan.ui.contract import default_editor_factory

    return default_editor_factory


@pytest.fixture
def settings() -> Settings:
    return settings_from_dict(
        {
            "clinic": {"name": "Northside Neurophysiotherapy", "phone": "0161 496 0000"},
            "therapist": {"name": "Jo Patel", "role": "Neurophysiotherapist"},
        }
    )


def _forget_changes(window: MainWindow) -> None:
    import shiboken6

    if shiboken6.isValid(window) and window.has_plan:
        window.editor.undo_stack.setClean()


@pytest.fixture
def make_window(
    qtbot: Any, dialogs: Dialogs, paths: AppPaths, store: Store, library: Library, settings: Settings
) -> Iterator[Callable[..., MainWindow]]:
    made: list[MainWindow] = []

    def make(**kwargs: Any) -> MainWindow:
        options: dict[str, Any] = {
            "ops": Ops(kwargs.pop("store", store), paths.log_file),
            "paths": paths,
            "settings": settings,
            "shipped": library,
            "state": WindowState(paths.config),
            "editor_factory": editor_factory(),
            "today": lambda: TODAY,
        }
        options.update(kwargs)
        window = MainWindow(**options)
        # Closing at the end must not ask anything the test did not expect: drop unsaved changes quietly.
        qtbot.addWidget(window, before_close_func=_forget_changes)
        window.reload_library()
        window.patients.reload_lists()
        qtbot.waitUntil(lambda: not window.patients.reviews_pending)  # the reviews due are read in the background
        made.append(window)
        return window

    yield make
    for window in made:
        _forget_changes(window)


@pytest.fixture
def window(make_window: Callable[..., MainWindow]) -> MainWindow:
    return make_window()


@pytest.fixture(scope="session", autouse=True)
def _collect_garbage_on_the_gui_thread() -> Iterator[None]:
    """As the program does (careplan/ui/collector.py): no automatic collection, which could start on an
    Ops worker thread and delete a Qt object there; a collection on this thread after each test instead."""
    gc.collect()
    gc.disable()
    yield
    gc.enable()


@pytest.fixture(autouse=True)
def _collect_after_each_test() -> Iterator[None]:
    yield
    gc.collect(1)
