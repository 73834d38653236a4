"""Screenshots of the real program, for the docs and for looking at it as a therapist would.

    .venv/bin/python scripts/screenshots.py            # writes docs/screenshots/*.png

Runs the real desktop program (``run_gui``) on a real X server with a temporary
data folder, seeded by importing ``resources/samples/example-plan.json`` and a
few generated patients, then walks through the main screens and grabs each one.
It runs twice: at 100% on a 1366x768 screen (a clinic desktop), and at 150%
(``QT_SCALE_FACTOR=1.5``) on a 1920x1080 screen, which is where 150% scaling is
used in practice (a laptop); the second set ends in ``-150.png``.

Without ``DISPLAY``, it starts ``Xvfb`` itself (no window manager: no title bars).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

TOP = Path(__file__).resolve().parent.parent
OUT = TOP / "docs" / "screenshots"
EXAMPLE = TOP / "resources" / "samples" / "example-plan.json"

RUNS = (
    # (suffix, scale, Xvfb display, screen)
    ("", "1", ":99", "1366x768x24"),
    ("-150", "1.5", ":98", "1920x1080x24"),
)


# --- the parent: X servers and one child process per scale ------------------------------------------


@contextlib.contextmanager
def x_server(display: str, screen: str) -> Iterator[str]:
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        sys.exit("Xvfb is not installed (apt-get install -y xvfb), and DISPLAY is not set.")
    proc = subprocess.Popen(
        [xvfb, display, "-screen", "0", screen, "-nolisten", "tcp"],
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


def parent(only: str | None) -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    own_display = not os.environ.get("DISPLAY")
    for suffix, scale, display, screen in RUNS:
        if only is not None and suffix != only:
            continue
        server = x_server(display, screen) if own_display else contextlib.nullcontext(os.environ["DISPLAY"])
        with server as disp, tempfile.TemporaryDirectory(prefix="careplan-shots-") as tmp:
            env = {
                **os.environ,
                "DISPLAY": disp,
                "QT_QPA_PLATFORM": "xcb",
                "QT_SCALE_FACTOR": scale,
                "CAREPLAN_DATA_DIR": str(Path(tmp) / "data"),
                "CAREPLAN_CONFIG_DIR": str(Path(tmp) / "config"),
                "LANG": "en_GB.UTF-8",
            }
            env.pop("CAREPLAN_DB", None)
            print(f"screenshots at {float(scale):.0%} on {disp} ({screen})", flush=True)
            code = subprocess.call([sys.executable, __file__, "--child", "--suffix", suffix], env=env)
            if code:
                return code
    return 0


# --- the child: seed, start the program, walk through the screens -----------------------------------


def seed(paths: Any, today: dt.date) -> None:
    from careplan.catalog import load_library
    from careplan.core.enums import Category
    from careplan.core.model import Patient, Plan, PlanRecord, Therapist
    from careplan.services.plans import create_plan, save_patient
    from careplan.services.store import open_store
    from careplan.services.transfer import import_plan
    from careplan.settings import Settings, save_settings
    from careplan.storage.db import sqlite_url

    save_settings(
        paths.config,
        Settings.model_validate(
            {
                "clinic": {
                    "name": "Northside Neurophysiotherapy",
                    "address": "12 Mill Lane\nManchester M1 4AB",
                    "phone": "0161 496 0000",
                    "email": "physio@northside.example",
                },
                "therapist": {"name": "Jo Patel", "role": "Neurophysiotherapist", "phone": "0161 496 0999"},
            }
        ),
    )
    library = load_library()
    store = open_store(sqlite_url(paths.database), paths)
    people = [
        ("Zoë", "Ávila", dt.date(1980, 12, 1), "485 777 3456", Category.CERVICAL, "Neck posture and pain", -6),
        ("Łukasz", "Nowak", dt.date(1992, 5, 17), None, Category.HAND, "Writing without cramp", 3),
        ("Ахмед", "Иванов", dt.date(2011, 9, 30), "612 009 4410", Category.GENERALISED, "Seating and school day", 12),
        ("Grace", "Oduya", dt.date(1975, 2, 2), "330 118 2290", Category.SEGMENTAL, "Neck and right arm", 40),
        ("Thomas", "Brennan-Whitfield", dt.date(2009, 7, 8), "901 442 7781", Category.HEMIDYSTONIA, "Left side", 75),
        ("Mei", "Chen", dt.date(1988, 11, 23), "557 230 1186", Category.CERVICAL, "Head tremor and posture", -20),
    ]
    with store.sessions.begin() as s:
        import_plan(s, EXAMPLE.read_bytes(), library, source=EXAMPLE.name, author="Jo Patel")
        for given, family, born, ident, category, title, review_in in people:
            template = next(iter(library.templates_for(category)), None)
            items = tuple(
                e.to_intervention()
                for e in (library.intervention(c) for c in (template.interventions if template else ()))
                if e is not None
            )
            plan = Plan(
                title=title,
                category=category,
                therapist=Therapist("Jo Patel", "Neurophysiotherapist"),
                start_date=today - dt.timedelta(days=60),
                review_date=today + dt.timedelta(days=review_in),
                interventions=items,
                catalog_version=library.version,
            )
            create_plan(s, PlanRecord(plan, Patient(given, family, born, ident)), "Jo Patel", library)
        save_patient(s, Patient("Aoife", "Ní Bhriain", dt.date(2018, 4, 4), "771 203 5512"))
    store.close()


class Walk:
    """Steps through the screens; each step returns how long to wait (ms) or a signal to wait for."""

    def __init__(self, window: Any, suffix: str) -> None:
        from PySide6.QtWidgets import QApplication

        self.window = window
        self.suffix = suffix
        app = QApplication.instance()
        assert app is not None, "the desktop program made its QApplication before the walk"
        self.app = app
        self.steps = self.walk()
        self.shots: list[Path] = []

    def start(self) -> None:
        from PySide6.QtCore import QTimer

        QTimer.singleShot(300, self.next)

    def next(self, *_args: Any) -> None:
        from PySide6.QtCore import QTimer

        try:
            wait = next(self.steps)
        except StopIteration:
            if self.window.editor is not None:
                self.window.editor.undo_stack.setClean()
            self.window.close()
            return
        except Exception:
            import traceback

            traceback.print_exc()
            self.app.exit(3)
            return
        if isinstance(wait, int):
            QTimer.singleShot(wait, self.next)
        else:
            wait.connect(self._once)

    def _once(self, *_args: Any) -> None:
        from PySide6.QtCore import QTimer

        QTimer.singleShot(400, self.next)

    def shot(self, name: str, widget: Any = None) -> None:
        path = OUT / f"{name}{self.suffix}.png"
        if widget is None:
            screen = self.window.screen()
            pixmap = screen.grabWindow(0)
        else:
            pixmap = widget.grab()
        pixmap.save(str(path))
        self.shots.append(path)
        print(f"  {path.relative_to(TOP)} ({pixmap.width()}x{pixmap.height()})", flush=True)

    def place(self, widget: Any, width: int, height: int) -> None:
        """Centre a dialog over the main window, no bigger than the screen."""
        screen = self.window.screen().availableGeometry()
        width, height = min(width, screen.width() - 40), min(height, screen.height() - 40)
        widget.resize(width, height)
        geo = self.window.frameGeometry()
        widget.move(geo.center().x() - width // 2, max(geo.center().y() - height // 2, 0))

    def walk(self) -> Iterator[Any]:
        from careplan.ui.patient_dialog import PatientFormDialog
        from careplan.ui.plan_dialogs import NewPlanDialog
        from careplan.ui.settings_dialog import SettingsDialog

        w = self.window
        w.setGeometry(w.screen().availableGeometry())
        yield 600
        # 1. The main window: patient list and reviews due.
        self.shot("main-window")

        # 2. Searching.
        w.patients.search.setText("14/03/2016")
        yield 300
        self.shot("patient-search")
        w.patients.search.clear()

        # 3. The example plan in the editor.
        example = next(p for p in w.patients.patient_model.patients if p.family_name == "Okafor")
        w.open_plan(example.plans[0].plan_id)
        yield 600
        self.shot("plan-editor")

        # 4. The item editor, on an item that carries a caution.
        editor = w.editor
        editor.tabs.setCurrentIndex(1)
        cautioned = [c.item_index for c in editor.document.cautions() if c.item_index is not None]
        row = cautioned[0] if cautioned else 0
        editor.items_panel.select_row(row)
        yield 600
        self.shot("item-editor-caution")

        # 5. A change, saved, so the history has two revisions.
        plan = editor.record().plan
        exercise_row = next((i for i, it in enumerate(plan.interventions) if it.dosage), None)
        if exercise_row is not None:
            editor.items_panel.select_row(exercise_row)
            spin = editor.item_editor.dosage["reps"]
            spin.setValue(spin.value() + 2)
            yield 300
            self.shot("plan-editor-unsaved")
        w.save()
        yield 300
        history = w.session.show_history()
        self.place(history, 620, 420)
        history.select_number(1)
        yield 500
        self.shot("history")
        revision = history.open_selected()
        self.place(revision, 1100, 700)
        yield 800
        self.shot("history-revision")
        revision.close()
        history.close()
        yield 200

        # 6. The handout preview (family, then the clinician summary).
        w.state.set(w.state.preview_audience, "family")
        preview = w.handouts.preview_handouts()
        self.place(preview, 980, 760)
        yield preview.rendered
        self.shot("preview-family")
        preview.tabs.setCurrentIndex(2)
        yield preview.rendered
        self.shot("preview-clinician")
        preview.close()
        yield 200

        # 7. Settings, the patient form and the new-plan dialog (shown without waiting for an answer).
        settings = SettingsDialog(w.settings, w.paths, w)
        settings.show()
        self.place(settings, 640, 520)
        yield 400
        self.shot("settings")
        settings.tabs.setCurrentIndex(2)
        yield 300
        self.shot("settings-database")
        settings.close()

        form = PatientFormDialog(None, w)
        form.show()
        self.place(form, 560, 640)
        form.given.setText("Amira")
        form.given.setModified(True)
        form.validate()
        yield 400
        self.shot("patient-form")
        form.close()

        choose = NewPlanDialog(w.library, "Aoife Ní Bhriain", w)
        choose.show()
        self.place(choose, 780, 500)
        from careplan.core.enums import Category

        choose.select(Category.DYSTONIC_CP)
        yield 400
        self.shot("new-plan")
        choose.close()
        yield 100


def child(suffix: str) -> int:
    from careplan.app import setup_logging
    from careplan.paths import AppPaths
    from careplan.ui.application import run_gui

    paths = AppPaths.from_env()
    paths.ensure()
    setup_logging(paths)
    seed(paths, dt.date.today())
    walk: list[Walk] = []

    def ready(window: Any) -> None:
        walk.append(Walk(window, suffix))
        walk[0].start()

    code = run_gui(argparse.Namespace(command=None, db=None), paths, on_ready=ready)
    return code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--suffix", default="", help=argparse.SUPPRESS)
    parser.add_argument("--only", choices=["100", "150"], help="only one of the two runs")
    args = parser.parse_args(argv)
    if args.child:
        sys.path.insert(0, str(TOP))
        return child(args.suffix)
    only = {"100": "", "150": "-150", None: None}[args.only]
    return parent(only)


if __name__ == "__main__":
    sys.exit(main())
