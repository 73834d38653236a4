"""The main window's menus: every View item works, and no two things answer the same Alt key."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from PySide6.QtWidgets import QAbstractButton, QMenu, QTabBar, QWidget

from ui_helpers import seed_plan

_MNEMONIC = re.compile(r"&([^&\s])")


def _mnemonic(text: str) -> str | None:
    found = _MNEMONIC.search(text.replace("&&", ""))
    return found.group(1).lower() if found else None


def window_mnemonics(window: Any) -> dict[str, list[str]]:
    """Every Alt+letter of the menu bar, the visible buttons and the visible tabs: letter -> what has it."""
    found: dict[str, list[str]] = defaultdict(list)

    def add(text: str, what: str) -> None:
        letter = _mnemonic(text)
        if letter:
            found[letter].append(f"{what} {text!r}")

    for action in window.menuBar().actions():
        add(action.text(), "menu")
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QAbstractButton):
            add(widget.text(), "button")
        elif isinstance(widget, QTabBar):
            for i in range(widget.count()):
                add(widget.tabText(i), "tab")
    return found


def view_menu(window: Any) -> QMenu:
    menu = window.findChild(QMenu, "view_menu")
    assert menu is not None
    return menu


def test_every_view_item_is_enabled_and_shows_or_hides_its_part(window: Any, qtbot: Any) -> None:
    window.show()
    qtbot.waitExposed(window)
    items = [a for a in view_menu(window).actions() if not a.isSeparator()]
    parts = {
        "Patients": window.patients.patients_dock,
        "Reviews due": window.patients.reviews_dock,
        "Toolbar": window.toolbar,
    }
    assert [a.text().replace("&", "").split(" (")[0] for a in items] == list(parts)
    for action, part in zip(items, parts.values(), strict=True):
        assert action.isEnabled(), action.text()
        assert action.isChecked() and part.isVisible()
        action.trigger()
        qtbot.waitUntil(lambda part=part: not part.isVisible())
        assert not action.isChecked()
        action.trigger()
        qtbot.waitUntil(lambda part=part: part.isVisible())
        assert action.isChecked()


def test_open_patient_shows_the_patient_list_hidden_from_the_view_menu(window: Any, qtbot: Any) -> None:
    window.show()
    qtbot.waitExposed(window)
    window.patients.patients_dock.toggleViewAction().trigger()
    qtbot.waitUntil(lambda: not window.patients.patients_dock.isVisible())
    window.act.open.trigger()
    qtbot.waitUntil(lambda: window.patients.patients_dock.isVisible())
    assert window.patients.search.hasFocus() or window.focusWidget() is window.patients.search


def test_no_two_things_in_the_main_window_share_an_alt_key(window: Any, store: Any, qtbot: Any) -> None:
    seeded = seed_plan(store)
    window.patients.reload_lists()
    window.show()
    qtbot.waitExposed(window)
    checked = [window_mnemonics(window)]
    assert window.open_plan(seeded.plan_id)
    tabs = window.editor.tabs
    for i in range(tabs.count()):
        tabs.setCurrentIndex(i)
        qtbot.waitUntil(lambda i=i: tabs.currentWidget().isVisible())
        checked.append(window_mnemonics(window))
    for found in checked:
        shared = {letter: owners for letter, owners in found.items() if len(owners) > 1}
        assert not shared, shared
    # The checks saw the menus, the patient pane's buttons and the editor's tabs.
    assert {"f", "e", "p", "w", "h", "n"} <= set(checked[0])
    assert {"d", "i", "g", "r"} <= set(checked[1])
