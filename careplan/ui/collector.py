"""Python's garbage collector, run on the GUI thread only.

Python collects reference cycles on whichever thread happens to allocate when a threshold is
crossed. The desktop runs its database and file work on worker threads (``ui/ops.py``), so a
collection can start on a worker and delete a Qt object caught in a cycle there (a timer, an
event loop or a dialog of the GUI thread). Qt objects must die on their own thread: the result
is "QBasicTimer::stop: Failed. Possibly trying to stop from a different thread", then a crash.
The screenshot walk met exactly that while importing a plan.

So, as Anki does (``aqt/main.py``: automatic collection disabled, ``gc.collect()`` on a timer),
automatic collection is switched off and this object collects on the GUI thread instead: the
young objects every few seconds, everything now and then.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

#: How often the young generations are collected, and every how many of those everything is.
YOUNG_EVERY_MS = 5_000
FULL_EVERY = 12


class GuiThreadCollector(QObject):
    """Switches automatic collection off for as long as it lives, and collects from a GUI-thread timer."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = YOUNG_EVERY_MS) -> None:
        super().__init__(parent)
        gc.collect()
        gc.disable()
        self.ticks = 0
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.collect)
        self.timer.start()
        self.destroyed.connect(gc.enable)

    def collect(self) -> int:
        """One collection on this (the GUI) thread; returns how many objects it found unreachable."""
        self.ticks += 1
        return gc.collect() if self.ticks % FULL_EVERY == 0 else gc.collect(1)

    def stop(self) -> None:
        """Back to Python's own collection (the program is ending, or a test is done with it)."""
        self.timer.stop()
        gc.enable()
        gc.collect()
