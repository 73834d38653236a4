"""careplan.ui.collector: reference cycles are collected on the GUI thread, never on a worker."""

from __future__ import annotations

import gc
import threading
from typing import Any

from careplan.ui.collector import GuiThreadCollector


class _Cycle:
    """An object in a reference cycle that notes the thread it is finally deleted on."""

    deleted_on: list[threading.Thread] = []

    def __init__(self) -> None:
        self.me = self

    def __del__(self) -> None:
        _Cycle.deleted_on.append(threading.current_thread())


def test_cycles_made_anywhere_are_collected_on_the_gui_thread(qtbot: Any) -> None:
    was_enabled = gc.isenabled()
    collector = GuiThreadCollector(interval_ms=60_000)
    try:
        assert not gc.isenabled(), "automatic collection is off while the collector lives"
        _Cycle.deleted_on.clear()

        def worker() -> None:
            _Cycle()  # garbage at once, but only a collection can free it
            junk = [[index] for index in range(200_000)]  # enough allocation to cross every threshold
            del junk

        thread = threading.Thread(target=worker)
        thread.start()
        thread.join()
        assert _Cycle.deleted_on == [], "nothing was collected on the worker"
        assert collector.collect() >= 0 and gc.collect() >= 0
        assert _Cycle.deleted_on == [threading.main_thread()]
    finally:
        collector.stop()
        collector.deleteLater()
    assert gc.isenabled(), "stopping it hands collection back to Python"
    if not was_enabled:
        gc.disable()  # as the test session had it (tests/ui/conftest.py)


def test_the_timer_collects_on_its_own(qtbot: Any) -> None:
    was_enabled = gc.isenabled()
    collector = GuiThreadCollector(interval_ms=10)
    try:
        qtbot.waitUntil(lambda: collector.ticks >= 2)
    finally:
        collector.stop()
    assert gc.isenabled()
    if not was_enabled:
        gc.disable()
