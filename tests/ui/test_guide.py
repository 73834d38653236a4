"""Help → Guide: shipped with the program, filled in with this computer's folders and the window's
real keyboard shortcuts, and naming only menu items, buttons and commands that exist."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QMenu, QPushButton

from careplan.cli import build_parser
from careplan.ui.backup_dialog import RestoreDialog
from careplan.ui.guide import GUIDE_FILE, GuideDialog, guide_template, guide_text, keys_text, on_a_keyboard, shortcuts

from ui_helpers import seed_plan

TOP = Path(__file__).resolve().parents[2]


def window_shortcuts(window: Any) -> set[str]:
    """Every key sequence the window defines that an ordinary keyboard can press, found on its own (not
    through the guide's code)."""
    found = [k for a in window.findChildren(QAction) for k in a.shortcuts()]
    found += [s.key() for s in window.findChildren(QShortcut)]
    return {k.toString(QKeySequence.SequenceFormat.NativeText) for k in found if on_a_keyboard(k)}


def menu_items(window: Any) -> set[str]:
    """ "File → Save" for every item of the window's menus (mnemonics removed)."""
    out: set[str] = set()
    for top in window.menuBar().actions():
        menu = top.menu()
        if isinstance(menu, QMenu):
            out |= {f"{top.text().replace('&', '')} → {a.text().replace('&', '')}" for a in menu.actions()}
    return out


def open_guide(qtbot: Any, window: Any) -> GuideDialog:
    """Help → Guide, as the therapist opens it."""
    (help_menu,) = [a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Help"]
    (guide,) = [a for a in help_menu.actions() if "guide" in a.text().lower()]
    before = set(window.findChildren(GuideDialog))
    guide.trigger()
    qtbot.waitUntil(lambda: len(set(window.findChildren(GuideDialog)) - before) == 1)
    (dialog,) = set(window.findChildren(GuideDialog)) - before
    return dialog


def test_help_opens_the_guide_with_this_computers_folders_and_every_shortcut(
    qtbot: Any, window: Any, store: Any, paths: Any
) -> None:
    window.open_plan(seed_plan(store).plan_id)  # the editor's lists bring shortcuts of their own
    dialog = open_guide(qtbot, window)
    assert dialog.isVisible()
    text = dialog.text()
    assert str(paths.data) in text and str(paths.backups) in text and str(paths.log_file) in text
    assert str(paths.database) in text and str(paths.drafts) in text
    defined = window_shortcuts(window)
    assert {"Ctrl+S", "Ctrl+H", "Ctrl+P"} <= defined
    missing = sorted(k for k in defined if k not in text)
    assert not missing, f"shortcuts the window has and the guide does not list: {missing}"
    assert "$" not in text, "a placeholder left unfilled"
    dialog.close()


def test_the_shortcut_table_names_each_menu_item_with_its_keys(window: Any) -> None:
    rows = {row.where: row.keys for row in shortcuts(window)}
    assert rows["File → Save"] == keys_text(window.act.save.shortcuts())
    assert rows["Plan → History…"] == "Ctrl+H"
    assert rows["File → Save"] == "Ctrl+S", "not the multimedia keyboard's own Save key"
    assert all(row.keys for row in shortcuts(window))


def test_the_guide_names_only_menu_items_buttons_and_commands_that_exist(window: Any) -> None:
    template = guide_template()
    items = menu_items(window)
    named = re.findall(r"\*([A-Z][a-z]+ → [^*]+)\*", template)
    assert named, "the guide says where things are in the menus"
    for place in named:
        assert " ".join(place.split()) in items, f"the guide names {place!r}, which the menus do not have"
    buttons = {b.text().replace("&", "") for b in RestoreDialog([]).findChildren(QPushButton)}
    assert {"Choose a file…", "Restore…"} <= buttons
    assert "*Choose a\n   file…*" in template and "*Restore…*" in template
    commands = set(build_parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    for command in re.findall(r"`careplan (?:--as \"Your Name\" )?([a-z]+)", template):
        assert command in commands, command


def test_a_server_database_is_not_shown_as_a_local_file(paths: Any) -> None:
    text = guide_text(paths, [], "postgresql+psycopg://careplan@server/careplan")
    assert str(paths.database) not in text and "Edit → Settings…" in text


def test_the_guide_is_shipped_as_package_data() -> None:
    pyproject = tomllib.loads((TOP / "pyproject.toml").read_text("utf-8"))
    assert GUIDE_FILE in pyproject["tool"]["setuptools"]["package-data"]["careplan.ui"]
    assert (TOP / "careplan" / "ui" / GUIDE_FILE).is_file()


def test_finding_words_in_the_guide(qtbot: Any, paths: Any) -> None:
    dialog = GuideDialog(guide_text(paths, []))
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.find_edit, "backup")
    assert dialog.browser.textCursor().selectedText().lower() == "backup"
    first = dialog.browser.textCursor().position()
    assert dialog.find_next() and dialog.browser.textCursor().position() > first
    dialog.find_edit.setText("zebra crossing")
    assert dialog.not_found.text() == "Not found"
