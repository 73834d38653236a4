"""The program asks for a widget's screen in a way that cannot delete the screen (``ui.screen.screen_of``).

The screenshot walk, and once the clipping test, died with a segmentation fault in
``QWidget::screen() -> QGuiApplication::screenAt -> QScreen::virtualSiblings``: the application's only
QScreen had been freed while Qt still listed it. The core dump showed its memory back in malloc's free
lists; a breakpoint on ``QScreen::~QScreen`` then caught the deleter: shiboken's dealloc of the QScreen's
Python wrapper, run by the garbage collector while it cleared a dialog's ``__dict__``. PySide makes a
QScreen returned by ``widget.screen()`` a Python child of the widget; collecting that widget in a cycle
gives the QScreen's ownership to Python, which deletes it. When the collector ran decided whether a walk
crashed, hence "sometimes".

Each case runs in a process of its own: on failure the screen is gone and that process cannot go on.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

TOP = Path(__file__).resolve().parents[2]

#: Two dialogs ask for their screen, as the program's dialogs do (the new-patient dialog fits itself to
#: it, the screenshot walk checks each window against it), each in a reference cycle as a dialog with
#: connected closures is; the main window asks too; both dialogs are then collected.  Prints whether the
#: application's QScreen survived and a screen lookup still works.
SEQUENCE = r"""
import gc, os, sys
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QWidget
from careplan.ui.screen import screen_of

app = QApplication([])
deleted = []
QGuiApplication.primaryScreen().destroyed.connect(lambda *_: deleted.append(True))
ask = (lambda widget: getattr(widget, "screen")()) if sys.argv[1] == "widget.screen" else screen_of


class Dialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.me = self
        self.seen = ask(self)


main = QMainWindow()
first = Dialog()
first.also = ask(main)
del first
gc.collect()
second = Dialog(main)
second.setParent(None)
del second
gc.collect()
if deleted:
    print("the screen was deleted", flush=True)
    os._exit(0)  # the application would delete it a second time on the way out
print("the screen is alive:", screen_of(QWidget()).availableGeometry().isValid(), flush=True)
"""


def _run(how: str) -> str:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(TOP)}
    done = subprocess.run(
        [sys.executable, "-c", SEQUENCE, how], env=env, capture_output=True, text=True, timeout=120, cwd=TOP
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout.strip()


def test_widget_screen_lets_the_garbage_collector_delete_the_screen() -> None:
    """Why ``screen_of`` exists: the same steps through ``widget.screen()`` delete the application's QScreen
    (PySide 6.11).  Should this fail after a PySide upgrade, the bug is fixed there, and ``screen_of`` may
    go back to ``widget.screen()``."""
    assert _run("widget.screen") == "the screen was deleted"


def test_screen_of_leaves_the_screen_alive() -> None:
    assert _run("screen_of") == "the screen is alive: True"


def test_no_code_asks_a_widget_for_its_screen() -> None:
    """Every screen lookup goes through ``screen_of`` (this module excepted: it shows the hazard)."""
    here = Path(__file__).resolve()
    call = re.compile(r"\.screen\(\)")
    found = [
        f"{path.relative_to(TOP)}:{number}: {line.strip()}"
        for folder in ("careplan", "scripts", "tests", "benchmarks")
        for path in sorted((TOP / folder).rglob("*.py"))
        if path != here
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if call.search(line)
    ]
    found += [f"main.py: {line}" for line in (TOP / "main.py").read_text("utf-8").splitlines() if call.search(line)]
    assert found == [], "use careplan.ui.screen.screen_of (see its docstring):\n" + "\n".join(found)
