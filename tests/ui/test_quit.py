"""Quitting the real program (``python -m careplan``, offscreen) after a day's work says nothing on stderr
about Qt objects ("QObject: shared QObject was deleted directly. The program is malformed…")."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from careplan.paths import AppPaths
from careplan.settings import save_settings, settings_from_dict

from ui_helpers import seed_plan

#: Runs ``python -m careplan`` as it is (runpy), with a timer that works in the window as a therapist would:
#: open the plan, change it and save, preview the handouts, look at the history and an old revision,
#: export the handouts, change the plan again and preview it, then File > Quit, answering Don't save.
#: Prints each step, so a failure says where it stopped.
DRIVER = r"""
import runpy, sys, tempfile
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

def window():
    from careplan.ui.main_window import MainWindow
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    return found[0] if found else None

def steps():
    w = window()
    while w is None or not w.isEnabled() or not w.patients.patient_model.rowCount():
        yield 100
        w = window()
    pane = w.patients
    pane.patient_chosen.emit(pane.patient_model.index(0, 0).data(256))
    print("opened", w.has_plan, flush=True)
    title = w.editor.details_page.title
    (title.setPlainText if hasattr(title, "setPlainText") else title.setText)("Neck posture, changed")
    yield 100
    print("saved", w.save(), flush=True)
    preview = w.handouts.preview_handouts()
    yield preview.rendered
    preview.close()
    history = w.session.show_history()
    revision = None
    for _ in range(100):  # the revisions may be read on a worker thread: try until they are there
        history.select_number(1)
        revision = history.open_selected()
        if revision is not None:
            break
        yield 100
    yield 300
    print("history", revision is not None, flush=True)
    from careplan.ui.files import FileDialogs, SavedFilesDialog
    folder = Path(tempfile.mkdtemp())
    FileDialogs.folder = classmethod(lambda cls, parent, caption: folder)
    SavedFilesDialog.ask = classmethod(lambda cls, parent, where, names: False)
    import careplan.ui.preview as preview_module
    preview_module.print_as_draft = lambda *args: True  # "not ready to print: make a draft" answered
    print("exported", len(w.handouts.export_handouts() or []), flush=True)
    yield 100
    # Quit with a change not saved and a preview open: the unsaved-changes question is answered Don't save.
    (title.setPlainText if hasattr(title, "setPlainText") else title.setText)("Neck posture, not saved")
    w.handouts.preview_handouts()
    yield 300
    QTimer.singleShot(100, dont_save)
    w.act.quit.trigger()
    print("quit", flush=True)

def dont_save():
    box = QApplication.activeModalWidget()
    shown = box.buttons() if isinstance(box, QMessageBox) else []
    buttons = [b for b in shown if b.text().replace("&", "") == "Don't save"]
    if not buttons:
        QTimer.singleShot(100, dont_save)
        return
    print("answered", buttons[0].text().replace("&", ""), flush=True)
    buttons[0].click()

walk = steps()

def go(*_args):
    try:
        wait = next(walk)
    except StopIteration:
        return
    except Exception:
        import traceback
        traceback.print_exc()
        QApplication.exit(3)
        return
    if isinstance(wait, int):
        QTimer.singleShot(wait, go)
    else:
        wait.connect(lambda *_a: QTimer.singleShot(100, go))

real_exec = QApplication.exec
def exec_(*args):
    QTimer.singleShot(0, go)
    QTimer.singleShot(60_000, QApplication.quit)  # never hangs the test run
    return real_exec()
QApplication.exec = exec_
sys.argv[0] = "careplan"
runpy.run_module("careplan", run_name="__main__")
"""


def test_quitting_after_work_prints_no_qobject_warning(store: Any, paths: AppPaths, tmp_path: Path) -> None:
    seed_plan(store)
    store.close()
    save_settings(paths.config, settings_from_dict({"therapist": {"name": "Jo Patel"}}))
    top = Path(__file__).resolve().parents[2]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": os.pathsep.join([str(top), str(top / "tests")])}
    done = subprocess.run(
        [sys.executable, "-c", DRIVER], env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    said = ["opened", "True", "saved", "True", "history", "True", "exported", "3", "answered", "Don't", "save", "quit"]
    assert done.stdout.split() == said, (done.stdout, done.stderr)
    assert done.returncode == 0, done.stderr
    assert "QObject" not in done.stderr, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
