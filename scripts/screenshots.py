"""Screenshots of every screen of the desktop program, and a check that no text on them is cut.

    .venv/bin/python scripts/screenshots.py              # docs/screenshots/NN-screen-100.png and -150.png
    .venv/bin/python scripts/screenshots.py --check      # only the check: no pictures written
    .venv/bin/python scripts/screenshots.py --only 150 --screens editor,settings

The real program (``run_gui``) runs on a 1366x768 screen (a clinic desktop) with a temporary data
folder, twice: at 100% and at 150% scaling (``QT_SCALE_FACTOR=1.5``, each in its own process; at
150% the screen is 911x512 logical pixels). It starts empty (the first-start question, the empty
window), then imports two example plans from ``docs/examples/plans`` through File → Import, and
walks through every window and dialog as a therapist would, shooting each one. Nothing outside
this repository is read.

For each screen it also walks the widget tree and lists text that does not fit its control
(``tests/ui/screen_checks.py``: labels, buttons, check boxes, tabs, combo boxes, line edits,
item-view cells and headers), Alt+letter clashes and unnamed buttons; ``--json`` writes that
list for ``tests/ui/test_no_clipping.py``. The exit status is 0 even when problems are found
(they are listed); 2 when the walk itself fails.

It runs under its own ``Xvfb :98`` when Xvfb is installed (no window manager: no title bars),
otherwise on Qt's offscreen platform with a 1366x768 screen; ``--offscreen`` chooses the latter.
PNGs are reduced to 256 colours (Pillow) to keep the folder small.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import faulthandler
import functools
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

TOP = Path(__file__).resolve().parent.parent
OUT = TOP / "docs" / "screenshots"
PLANS = TOP / "docs" / "examples" / "plans"
SCREEN = (1366, 768)
SCALES = {"100": "1", "150": "1.5"}
DISPLAY = ":98"
#: Seconds one step may take before the walk gives up (printing where it was stuck): a dialog
#: nobody expected waits for an answer forever.
STEP_TIMEOUT = 60


# ============================================================ the parent: a screen, one child per scale


@contextlib.contextmanager
def x_server(display: str) -> Iterator[str]:
    """Our own Xvfb on ``display`` (stopped at the end)."""
    xvfb = shutil.which("Xvfb")
    assert xvfb is not None
    proc = subprocess.Popen(
        [xvfb, display, "-screen", "0", f"{SCREEN[0]}x{SCREEN[1]}x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        socket = Path(f"/tmp/.X11-unix/X{display.lstrip(':')}")
        for _ in range(100):
            if socket.exists():
                break
            if proc.poll() is not None:
                sys.exit(f"Xvfb {display} did not start (is another X server using {display}?)")
            time.sleep(0.05)
        yield display
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def offscreen_platform(folder: Path) -> str:
    """Qt's offscreen platform with one 1366x768 screen at 96 dpi (its default is 800x800)."""
    config = folder / "screen.json"
    screen = {"name": "clinic", "x": 0, "y": 0, "width": SCREEN[0], "height": SCREEN[1], "logicalDpi": 96, "dpr": 1}
    config.write_text(json.dumps({"screens": [screen]}), "utf-8")
    return f"offscreen:configfile={config}"


def child_env(tmp: Path, scale: str, platform: str, display: str | None) -> dict[str, str]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": platform,
        "QT_SCALE_FACTOR": scale,
        "CAREPLAN_DATA_DIR": str(tmp / "data"),
        "CAREPLAN_CONFIG_DIR": str(tmp / "config"),
        "XDG_CONFIG_HOME": str(tmp / "xdg-config"),
        "XDG_DATA_HOME": str(tmp / "xdg-data"),
        "XDG_CACHE_HOME": str(tmp / "xdg-cache"),
        "PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring",
        "LANG": "en_GB.UTF-8",
        "PYTHONPATH": os.pathsep.join([str(TOP), str(TOP / "tests" / "ui")]),
    }
    for name in ("CAREPLAN_DB", "QT_SCREEN_SCALE_FACTORS", "QT_AUTO_SCREEN_SCALE_FACTOR", "QT_ENABLE_HIGHDPI_SCALING"):
        env.pop(name, None)
    if display:
        env["DISPLAY"] = display
    return env


def parent(args: argparse.Namespace) -> int:
    write = not args.check
    if write and args.screens is None and args.only is None:
        for old in OUT.glob("*.png"):
            old.unlink()
    OUT.mkdir(parents=True, exist_ok=True)
    use_x = not args.offscreen and shutil.which("Xvfb") is not None
    report: dict[str, Any] = {}
    worst = 0
    with contextlib.ExitStack() as stack:
        display = stack.enter_context(x_server(DISPLAY)) if use_x else None
        for label, scale in SCALES.items():
            if args.only is not None and args.only != label:
                continue
            with tempfile.TemporaryDirectory(prefix="careplan-shots-") as name:
                tmp = Path(name)
                platform = "xcb" if display else offscreen_platform(tmp)
                out_json = tmp / "report.json"
                command = [sys.executable, __file__, "--child", "--suffix", label, "--json", str(out_json)]
                command += ["--check"] if args.check else []
                command += ["--screens", args.screens] if args.screens else []
                print(f"screens at {float(scale):.0%} on a {SCREEN[0]}x{SCREEN[1]} screen ({platform})", flush=True)
                code = subprocess.call(command, env=child_env(tmp, scale, platform, display))
                worst = max(worst, code if code >= 0 else 2)  # killed by a signal (a crash): a failure too
                if out_json.exists():
                    report[label] = json.loads(out_json.read_text("utf-8"))
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1, ensure_ascii=False), "utf-8")
    if write:
        total = sum(p.stat().st_size for p in OUT.glob("*.png"))
        print(f"{len(list(OUT.glob('*.png')))} PNGs in {OUT.relative_to(TOP)}, {total / 1e6:.1f} MB")
    return worst


# =========================================================== the child: the program, walked through


def wait_until(condition: Callable[[], object], timeout: float = 20.0, what: str = "") -> None:
    """Let Qt run until ``condition()`` is true (the walk's only way of waiting)."""
    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError(f"gave up waiting for {what or condition}")
        QApplication.processEvents()
        time.sleep(0.01)


def settle(ms: int = 250) -> None:
    """Let layouts, paints and deferred work finish."""
    end = time.monotonic() + ms / 1000
    wait_until(lambda: time.monotonic() >= end, what="a pause")


def png(image: Any) -> bytes:
    """A screen grab as a small PNG: 256 colours are plenty for a desktop program's screen."""
    from PIL import Image
    from PySide6.QtCore import QBuffer, QIODevice

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    picture = Image.open(io.BytesIO(bytes(buffer.data().data()))).convert("RGB")
    small = picture.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    small.save(out, "PNG", optimize=True)
    return out.getvalue()


class Camera:
    """Shoots screens, checks them, and catches modal dialogs as they open."""

    def __init__(self, suffix: str, write: bool, only: list[str] | None) -> None:
        self.suffix = suffix
        self.write = write
        self.only = only
        self.number = 0
        self.report: dict[str, dict[str, list[str]]] = {}

    def wanted(self, name: str) -> bool:
        return self.only is None or any(part in name for part in self.only)

    def shoot(self, name: str, subject: Any) -> None:
        """Grab the whole screen (the window behind a dialog included) and check ``subject``."""
        from PySide6.QtWidgets import QApplication

        import screen_checks

        self.number += 1
        faulthandler.dump_traceback_later(STEP_TIMEOUT, exit=True)
        if not self.wanted(name):
            return
        settle(300)
        found = {
            "clipped": screen_checks.clipped_texts(subject),
            "mnemonics": screen_checks.mnemonic_clashes(subject),
            "unnamed": screen_checks.unnamed_controls(subject),
            "scrolls": screen_checks.scrolling_text_boxes(subject),
        }
        key = f"{self.number:02d}-{name}"
        self.report[key] = found
        line = f"  {key}-{self.suffix}"
        if self.write:
            screen = QApplication.primaryScreen()
            image = screen.grabWindow(0).toImage()
            path = OUT / f"{key}-{self.suffix}.png"
            path.write_bytes(png(image))
            line += f".png ({image.width()}x{image.height()}, {path.stat().st_size // 1024} kB)"
        print(line, flush=True)
        for kind, problems in found.items():
            for problem in problems:
                print(f"      {kind}: {problem}", flush=True)

    def modal(self, opener: Callable[[], object], handle: Callable[[Any], object], timeout: float = 20.0) -> None:
        """Call ``opener`` (which runs a modal dialog), and ``handle`` the dialog once it shows; ``handle``
        closes it (``close_dialog``) unless it answered it itself."""
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        done: list[bool] = []
        start = time.monotonic()

        def look() -> None:
            dialog = QApplication.activeModalWidget()
            if dialog is None or not dialog.isVisible():
                if time.monotonic() - start > timeout:
                    raise TimeoutError("no dialog opened")
                QTimer.singleShot(50, look)
                return
            try:
                settle(300)
                handle(dialog)
            finally:
                done.append(True)
                if dialog.isVisible():
                    close_dialog(dialog)

        QTimer.singleShot(50, look)
        opener()
        wait_until(lambda: done, timeout, "a dialog")

    def modal_shot(self, name: str, opener: Callable[[], object]) -> None:
        self.modal(opener, lambda dialog: self.shoot(name, dialog))

    def window_shot(self, name: str, opener: Callable[[], object]) -> None:
        """Shoot the window ``opener`` opens, modal (``exec``) or not, then close it."""
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
        caught: list[bool] = []
        returned: list[bool] = []

        def look() -> None:
            if returned:
                return
            dialog = QApplication.activeModalWidget()
            if dialog is None or not dialog.isVisible():
                QTimer.singleShot(100, look)
                return
            settle(300)
            self.shoot(name, dialog)
            caught.append(True)
            close_dialog(dialog)

        QTimer.singleShot(100, look)
        opener()
        returned.append(True)
        if caught:
            return
        wait_until(
            lambda: [w for w in QApplication.topLevelWidgets() if w.isVisible() and id(w) not in before],
            what=f"the {name} window",
        )
        (window,) = [w for w in QApplication.topLevelWidgets() if w.isVisible() and id(w) not in before]
        settle(400)
        self.shoot(name, window)
        window.close()


def close_dialog(dialog: Any) -> None:
    """Close a dialog the way Escape would (Cancel, not an answer)."""
    from PySide6.QtWidgets import QMessageBox

    if isinstance(dialog, QMessageBox):
        button = dialog.escapeButton() or dialog.button(QMessageBox.StandardButton.Cancel)
        if button is not None:
            button.click()
            return
    dialog.reject()


def action(window: Any, text: str) -> Any:
    """The window's action whose menu text starts with ``text`` (as a user finds it in the menus)."""
    from PySide6.QtGui import QAction

    for found in window.findChildren(QAction):
        if found.text().replace("&", "").startswith(text):
            return found
    raise LookupError(f"no action {text!r}")


def has_action(window: Any, text: str) -> bool:
    try:
        action(window, text)
    except LookupError:
        return False
    return True


def find(window: Any, kind: type, name: str) -> Any:
    """The visible child of ``window`` of type ``kind`` with the accessible name ``name``."""
    for widget in window.findChildren(kind):
        if widget.accessibleName() == name:
            return widget
    raise LookupError(f"no {kind.__name__} named {name!r}")


def seed_patients(paths: Any) -> None:
    """A few more patients with plans, written straight to the database (a list worth scrolling, reviews
    due in every state); the two example plans come in through File → Import as a user's would."""
    from careplan.catalog import load_library
    from careplan.core.enums import Category
    from careplan.core.model import Patient, Plan, PlanRecord, Therapist
    from careplan.services.plans import create_plan, save_patient
    from careplan.services.store import open_store
    from careplan.storage.db import sqlite_url

    today = dt.date.today()
    library = load_library()
    people = [
        ("Zoë", "Ávila", dt.date(1980, 12, 1), "485 777 3456", Category.CERVICAL, "Neck posture and pain", -6),
        ("Łukasz", "Nowak", dt.date(1992, 5, 17), None, Category.HAND, "Writing without cramp", 3),
        ("Ахмед", "Иванов", dt.date(2011, 9, 30), "612 009 4410", Category.GENERALISED, "Seating and school day", 8),
        ("Grace", "Oduya", dt.date(1975, 2, 2), "330 118 2290", Category.SEGMENTAL, "Neck and right arm", 40),
        ("Thomas", "Brennan-Whitfield", dt.date(2009, 7, 8), "901 442 7781", Category.HEMIDYSTONIA, "Left side", 75),
        ("Mei", "Chen", dt.date(1988, 11, 23), "557 230 1186", Category.CERVICAL, "Head tremor and posture", -300),
        ("Mei", "Chen", dt.date(1988, 11, 23), "557 230 1186", Category.CERVICAL, "Return to work", 30),
    ]
    stored: dict[tuple[str, str], Patient] = {}  # Mei Chen has two plans
    store = open_store(sqlite_url(paths.database), paths)
    try:
        with store.sessions.begin() as s:
            for given, family, born, ident, category, title, review_in in people:
                template = next(iter(library.templates_for(category)), None)
                codes = template.interventions if template else ()
                items = tuple(e.to_intervention() for e in map(library.intervention, codes) if e is not None)
                plan = Plan(
                    title=title,
                    category=category,
                    therapist=Therapist("Jo Patel", "Neurophysiotherapist"),
                    start_date=today + dt.timedelta(days=min(review_in, 0) - 60),
                    review_date=today + dt.timedelta(days=review_in),
                    interventions=items,
                    catalog_version=library.version,
                )
                patient = stored.get((given, family)) or Patient(given, family, born, ident)
                stored[given, family] = create_plan(s, PlanRecord(plan, patient), "Jo Patel", library).patient
            save_patient(s, Patient("Aoife", "Ní Bhriain", dt.date(2018, 4, 4), "771 203 5512"))
    finally:
        store.close()


class Walk:
    """Every screen, in the order a therapist meets them."""

    def __init__(self, camera: Camera, window: Any, paths: Any) -> None:
        self.camera = camera
        self.window = window
        self.paths = paths

    # ------------------------------------------------------------------------------------ helpers

    def trigger(self, text: str) -> None:
        action(self.window, text).trigger()

    def editor(self) -> Any:
        from careplan.ui.editor import PlanEditorWidget

        return self.window.findChild(PlanEditorWidget)

    def import_file(self, path: Path, opens: bool = True) -> None:
        from careplan.ui.files import FileDialogs

        before = FileDialogs.open_path
        FileDialogs.open_path = classmethod(lambda cls, parent, caption, flt: path)  # type: ignore[method-assign,assignment]
        try:
            self.trigger("Import plan file")
        finally:
            FileDialogs.open_path = before  # type: ignore[method-assign]
        if opens:
            wait_until(lambda: (e := self.editor()) is not None and e.isVisible(), what="the imported plan")

    def open_patient(self, family: str) -> None:
        """Select a patient in the list and press Enter, as a user would."""
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QTableView

        table = find(self.window, QTableView, "Patients")
        model = table.model()
        wait_until(lambda: model.rowCount() > 0, what="the patient list")
        row = next(r for r in range(model.rowCount()) if family in str(model.index(r, 0).data()))
        table.setCurrentIndex(model.index(row, 0))
        QTest.keyClick(table, Qt.Key.Key_Return)

    def save(self) -> None:
        editor = self.editor()
        self.trigger("Save")
        wait_until(lambda: editor.undo_stack.isClean(), what="the save")

    # -------------------------------------------------------------------------------------- walk

    def run(self) -> None:
        w, cam = self.window, self.camera
        from careplan.ui.screen import available

        w.setGeometry(available(w))

        # The first start: who is using Careplan (asked by the window itself, just after it shows).
        def first(dialog: Any) -> None:
            cam.shoot("first-start", dialog)
            from PySide6.QtWidgets import QLineEdit

            edits = dialog.findChildren(QLineEdit)
            edits[0].setText("Jo Patel")
            if len(edits) > 1:
                edits[1].setText("Neurophysiotherapist")
            settle(100)
            dialog.accept()

        self.camera.modal(lambda: None, first)
        settle(400)
        cam.shoot("main-window-empty", w)

        seed_patients(self.paths)
        self.import_file(PLANS / "neck-adult.json")
        self.trigger("Close plan")
        settle(300)
        cam.shoot("main-window-patients", w)

        cam.modal_shot("new-patient", lambda: self.trigger("New patient"))

        self.import_file(PLANS / "child-gmfcs-4.json")
        editor = self.editor()
        editor.tabs.setCurrentIndex(0)
        cam.shoot("editor-plan-details", w)
        editor.tabs.setCurrentIndex(1)
        cam.shoot("editor-items-library", w)
        editor.document.add_codes(["orthosis.afo"])
        row = len(editor.document.plan.interventions) - 1
        editor.items_panel.select_row(row)
        cam.shoot("editor-item-orthosis", w)
        # An item with a drawing (issue 14): its picture turns to the item's side, here the right.
        from careplan.core.enums import Side

        codes = [item.catalog_code for item in editor.document.plan.interventions]
        drawn = codes.index("child.side_lying_play")  # in the example plan
        editor.items_panel.select_row(drawn)
        editor.document.edit_item(drawn, "Change side", "side", side=Side.RIGHT)
        editor.library_browser.select_code("child.side_lying_play")  # its thumbnail in the library
        settle(300)  # laid out first, then scrolled to the picture
        editor.item_editor.ensureWidgetVisible(editor.item_editor.photo_preview)
        cam.shoot("editor-item-drawing", w)
        editor.tabs.setCurrentIndex(2)
        cam.shoot("editor-goals", w)
        editor.tabs.setCurrentIndex(3)
        cam.shoot("editor-programme", w)

        self.screens_for_an_open_plan()
        self.message_dialogs()

        editor = self.editor()
        if editor is not None:
            editor.undo_stack.setClean()
        w.close()

    def screens_for_an_open_plan(self) -> None:
        w, cam = self.window, self.camera
        cam.modal_shot("unsaved-changes", lambda: self.trigger("Close plan"))
        self.save()

        cam.modal_shot("new-plan", lambda: self.trigger("New plan for this patient"))

        from careplan.ui.preview import HandoutPreviewDialog

        self.trigger("Preview handouts")
        preview = next(d for d in w.findChildren(HandoutPreviewDialog) if d.isVisible())
        settle(2000)  # the first page renders on a worker thread
        cam.shoot("preview-readiness", preview)
        preview.close()

        self.trigger("History")
        settle(600)
        from PySide6.QtWidgets import QDialog

        from careplan.ui.history import HistoryDialog

        history = next(d for d in w.findChildren(HistoryDialog) if d.isVisible())
        cam.shoot("history", history)
        history.select_number(1)
        history.open_button.click()
        revision = next(d for d in history.findChildren(QDialog) if d.isVisible())
        cam.shoot("history-revision-read-only", revision)
        revision.close()
        history.close()

        def settings(dialog: Any) -> None:
            from PySide6.QtWidgets import QTabWidget

            tabs = dialog.findChild(QTabWidget)
            for i in range(tabs.count()):
                tabs.setCurrentIndex(i)
                name = tabs.tabText(i).replace("&", "").lower().replace(" ", "-")
                cam.shoot(f"settings-{name}", dialog)

        cam.modal(lambda: self.trigger("Settings"), settings)

        cam.modal_shot("about", lambda: self.trigger("About Careplan"))
        for name, text in (
            ("guide", "Guide"),
            ("save-as-my-template", "Save as my template"),
            ("copy-plan-from-another-patient", "Copy plan from another patient"),
            # Re-evaluation (issue 13): the assessment form, the injection dialog, the Progress view.
            ("new-assessment", "New assessment"),
            ("record-an-injection", "Record an injection"),
            ("progress", "Progress"),
        ):
            # Screens other parts of issue 12 add: shot once they are in the menus.
            if has_action(w, text):
                cam.window_shot(name, functools.partial(self.trigger, text))
            else:
                print(f"  ({name}: no {text!r} in the menus of this build)", flush=True)
        self.recorded()

        from PySide6.QtWidgets import QPushButton

        from careplan.ui.editor.library_panel import LibraryBrowser

        editor = self.editor()
        editor.tabs.setCurrentIndex(1)
        browser = editor.findChild(LibraryBrowser)
        new_entry = next(b for b in browser.findChildren(QPushButton) if b.text().replace("&", "").startswith("New"))
        cam.modal_shot("own-library-entry", new_entry.click)

        self.trigger("Close plan")
        settle(300)
        # Restoring a backup closes the open plan first: these come once it is closed.
        cam.modal_shot("back-up-now", lambda: self.trigger("Back up now"))
        cam.modal_shot("restore-a-backup", lambda: self.trigger("Restore a backup"))
        cam.modal_shot("choose-a-plan", lambda: self.open_patient("Chen"))

    def recorded(self) -> None:
        """The Progress view's list of what was recorded, an assessment and an injection in it, with the
        correction forms it opens and the question before a delete (answered "Keep it")."""
        from careplan.core.assessments import Assessment, HipMigration, Injection, PainRating
        from careplan.services.assessments import add_injection, assess_plan
        from careplan.services.audit import Actor

        w, cam = self.window, self.camera
        record = w.session.current_record()
        if record is None or record.plan_id is None or record.patient.id is None:
            return
        plan_id, patient_id, today = record.plan_id, record.patient.id, dt.date.today()
        actor = Actor.named("Jo Patel")
        assessment = Assessment(
            today - dt.timedelta(days=20), "Jo Patel", pain=(PainRating(5, site="left hip"),), hips=HipMigration(30, 34)
        )
        injection = Injection(today - dt.timedelta(days=60), "both hamstrings", "Dr Ahmed, neurology clinic")
        w.ops.run_op(
            lambda s: (assess_plan(s, actor, plan_id, assessment), add_injection(s, actor, patient_id, injection)),
            parent=w,
        )
        view = w.reevaluation.show_progress()
        if view is None:
            return
        view.tabs.setCurrentIndex(2)
        view.recorded.selectRow(0)
        settle(400)
        cam.shoot("progress-recorded", view)
        cam.modal_shot("correct-assessment", view.correct_button.click)
        view.recorded.selectRow(1)
        cam.modal_shot("correct-injection", view.correct_button.click)
        cam.modal_shot("delete-recorded", view.delete_button.click)
        view.close()

    def message_dialogs(self) -> None:
        """The questions Careplan asks when something happened: shown with realistic words."""
        from careplan.ui.messages import ConflictDialog, DatabaseProblemDialog, RecoverDraftDialog
        from careplan.ui.patient_conflict import PatientConflictDialog

        w, cam = self.window, self.camera
        broken = Path(self.paths.data) / "broken-plan.json"
        broken.write_text('{"format": "careplan-plan", "format_version": 1, "plan": ', "utf-8")
        cam.modal_shot("import-error", lambda: self.import_file(broken, opens=False))
        cam.modal_shot("plan-conflict", lambda: ConflictDialog.ask(w, "Sam Lee", "10:42"))
        from careplan.core.model import Patient

        mine = Patient("Leo", "Hughes", dt.date(2018, 4, 10), "943 476 1003")
        theirs = Patient("Leo", "Hughes-Adams", dt.date(2018, 4, 10), "943 476 1003")
        cam.modal_shot("patient-conflict", lambda: PatientConflictDialog.ask(w, mine, theirs, "Sam Lee", "10:42"))
        cam.modal_shot(
            "recover-draft", lambda: RecoverDraftDialog.ask(w, "Leo Hughes: Sitting, sleeping and comfort", "09:58")
        )
        cam.modal_shot(
            "database-problem",
            lambda: DatabaseProblemDialog.ask(
                w,
                "The database file is damaged: careplan.db in the data folder is not a database Careplan can read.",
                restore_first=True,
            ),
        )


def child(args: argparse.Namespace) -> int:
    from careplan.app import setup_logging
    from careplan.paths import AppPaths
    from careplan.ui.application import run_gui

    paths = AppPaths.from_env()
    paths.ensure()
    setup_logging(paths)
    faulthandler.dump_traceback_later(STEP_TIMEOUT, exit=True)
    camera = Camera(args.suffix, write=not args.check, only=args.screens.split(",") if args.screens else None)
    failed: list[BaseException] = []

    def ready(window: Any) -> None:
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        def hook(kind: type[BaseException], exc: BaseException, tb: Any) -> None:
            import traceback

            # The program's own hook would show "Something went wrong" and wait for OK: printed instead, the
            # walk goes on, and the run ends with status 2 so it is not missed.
            print("PROGRAM ERROR (the user would see 'Something went wrong'):", flush=True)
            traceback.print_exception(kind, exc, tb)
            failed.append(exc)

        sys.excepthook = hook
        try:
            Walk(camera, window, paths).run()
        except BaseException as exc:
            import traceback

            traceback.print_exc()
            failed.append(exc)
        QTimer.singleShot(0, QApplication.quit)

    run_gui(argparse.Namespace(command=None, db=None), paths, on_ready=ready)
    if args.json:
        Path(args.json).write_text(json.dumps(camera.report, indent=1, ensure_ascii=False), "utf-8")
    return 2 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--suffix", default="100", help=argparse.SUPPRESS)
    parser.add_argument("--only", choices=sorted(SCALES), help="only one scaling (100 or 150)")
    parser.add_argument("--check", action="store_true", help="check the screens; write no pictures")
    parser.add_argument("--offscreen", action="store_true", help="Qt's offscreen platform even when Xvfb is here")
    parser.add_argument("--screens", help="only screens whose names contain one of these (comma-separated)")
    parser.add_argument("--json", help="write the problems found, per scaling and screen, to this file")
    args = parser.parse_args(argv)
    if args.child:
        sys.path[:0] = [str(TOP), str(TOP / "tests" / "ui")]
        return child(args)
    return parent(args)


if __name__ == "__main__":
    sys.exit(main())
