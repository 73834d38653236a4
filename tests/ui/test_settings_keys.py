"""Settings: each Alt+letter does one thing on every page (the tabs' letters stay active on all of them)."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from careplan.settings import Settings
from careplan.ui.settings_dialog import SettingsDialog


def letters(widgets: list[QWidget]) -> list[str]:
    texts = [w.text() for w in widgets if isinstance(w, QAbstractButton | QLabel)]
    found = [re.search(r"&([^&])", text.replace("&&", "")) for text in texts]
    return [m.group(1).lower() for m in found if m]


def test_each_alt_letter_of_settings_does_one_thing(qtbot: Any, settings: Settings, paths: Any) -> None:
    dialog = SettingsDialog(settings, paths)
    qtbot.addWidget(dialog)
    tabs = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    tab_letters = [m.group(1).lower() for m in (re.search(r"&(.)", t) for t in tabs) if m]
    assert tab_letters == ["c", "t", "d", "p"]
    for index, tab in enumerate(tabs):
        page = dialog.tabs.widget(index)
        on_page = letters(page.findChildren(QWidget)) + tab_letters
        assert len(on_page) == len(set(on_page)), f"{tab}: {sorted(on_page)}"
