"""Help → Guide: a short guide shipped with the program (``guide.md`` beside this module), readable
offline, filled in on this computer.

The guide cannot drift from the program on the two things that change most: its keyboard shortcut
table is made, when the guide opens, from the shortcuts the window really has (its menus' actions,
its own actions and the shortcuts of the lists inside it); and the folders it names are the ones
this Careplan uses (``careplan.paths.AppPaths``), shown as real paths.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from string import Template

import shiboken6
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from careplan.paths import AppPaths
from careplan.ui.files import documents_folder
from careplan.ui.screen import fit_on_screen
from careplan.ui.widgets import named

GUIDE_FILE = "guide.md"
#: The size the guide asks for: a comfortable reading width, as tall as the screen allows.
GUIDE_SIZE = QSize(820, 900)
#: What a list's own shortcut does when it says nothing itself (the library's Enter adds the entry, as a double-click).
SAME_AS_DOUBLE_CLICK = "Same as double-clicking the selected entry"


@dataclass(frozen=True, slots=True)
class Shortcut:
    """One row of the shortcut table: where it works ("File → Save", "Items in the plan"), its keys."""

    where: str
    keys: str


#: Keys a clinic's keyboard has without a modifier (besides F1-F12); Qt's standard shortcuts add keys that only
#: multimedia or Sun keyboards have ("Save", "Open", "Undo", F14), which the guide leaves out.
_PLAIN_KEYS = {
    Qt.Key.Key_Delete, Qt.Key.Key_Backspace, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape,
    Qt.Key.Key_Insert, Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown,
    Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Tab, Qt.Key.Key_Space,
}  # fmt: skip
_FUNCTION_KEYS = {getattr(Qt.Key, f"Key_F{n}") for n in range(1, 13)}


def on_a_keyboard(keys: QKeySequence) -> bool:
    """Whether an ordinary keyboard can press ``keys``: a modifier with a key, or a key it has on its own."""
    if keys.isEmpty():
        return False
    combination = keys[0]  # type: ignore[index]  # operator[] exists; PySide6's stubs leave it out
    if combination.keyboardModifiers() & ~Qt.KeyboardModifier.KeypadModifier:
        return True
    return combination.key() in _PLAIN_KEYS or combination.key() in _FUNCTION_KEYS


def keys_text(keys: list[QKeySequence]) -> str:
    """The keys as this computer's keyboard names them ("Ctrl+S"), several joined by "or"; keys only a
    multimedia keyboard has are left out."""
    return " or ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys if on_a_keyboard(k))


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip()


def shortcuts(window: QWidget) -> list[Shortcut]:
    """Every keyboard shortcut ``window`` defines, as the guide lists them: its menus' items first (by
    menu path, in menu order), then its other actions and the shortcuts of the widgets inside it."""
    rows: list[Shortcut] = []
    seen: set[int] = set()
    if isinstance(window, QMainWindow):
        for top in window.menuBar().actions():
            menu = top.menu()
            if isinstance(menu, QMenu):
                _menu_rows(_plain(top.text()), menu.actions(), rows, seen)
    for action in window.findChildren(QAction):
        if _key(action) in seen or not keys_text(action.shortcuts()):
            continue
        seen.add(_key(action))
        parent = action.parent()
        owner = parent if isinstance(parent, QWidget) else None
        rows.append(Shortcut(_where(owner, window, _plain(action.text())), keys_text(action.shortcuts())))
    for shortcut in window.findChildren(QShortcut):
        if keys_text([shortcut.key()]):
            parent = shortcut.parent()
            owner = parent if isinstance(parent, QWidget) else None
            what = _plain(shortcut.whatsThis()) or SAME_AS_DOUBLE_CLICK
            rows.append(Shortcut(_where(owner, window, what), keys_text([shortcut.key()])))
    return _merged(rows)


def _merged(rows: list[Shortcut]) -> list[Shortcut]:
    """One row for one thing done by several keys (the library's Enter and Return)."""
    out: list[Shortcut] = []
    for row in rows:
        if out and out[-1].where == row.where:
            out[-1] = Shortcut(row.where, f"{out[-1].keys} or {row.keys}")
        else:
            out.append(row)
    return out


def _key(action: QAction) -> int:
    """The action itself (its C++ object), however many Python wrappers Qt hands out for it."""
    return int(shiboken6.getCppPointer(action)[0])


def _menu_rows(path: str, actions: list[QAction], rows: list[Shortcut], seen: set[int]) -> None:
    for action in actions:
        submenu = action.menu()
        if isinstance(submenu, QMenu):
            _menu_rows(f"{path} → {_plain(action.text())}", submenu.actions(), rows, seen)
        elif not action.isSeparator() and _key(action) not in seen:
            seen.add(_key(action))
            keys = keys_text(action.shortcuts())
            if keys:
                rows.append(Shortcut(f"{path} → {_plain(action.text())}", keys))


def _where(owner: QWidget | None, window: QWidget, what: str) -> str:
    """The action's own name for the window's own action; "Items in this plan: Remove item" for a list's."""
    if owner is None or owner is window:
        return what
    place = owner.accessibleName() or owner.objectName() or type(owner).__name__
    return f"{place}: {what}"


def shortcut_table(rows: list[Shortcut]) -> str:
    """The rows as a Markdown table."""
    lines = ["| What | Keys |", "| --- | --- |"]
    lines += [f"| {_cell(row.where)} | {_cell(row.keys)} |" for row in rows]
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def guide_template() -> str:
    """The guide as shipped, before this computer's paths and shortcuts are filled in."""
    return resources.files("careplan.ui").joinpath(GUIDE_FILE).read_text(encoding="utf-8")


def guide_text(paths: AppPaths, rows: list[Shortcut], database_url: str | None = None) -> str:
    """The guide in Markdown, with this computer's folders and the window's shortcuts."""
    from careplan.settings import SETTINGS_FILENAME

    database = (
        f"`{paths.database}`"
        if database_url is None
        else "on the database set in *Edit → Settings…* (a clinic's server, or another file)"
    )
    return Template(guide_template()).substitute(
        shortcuts=shortcut_table(rows),
        data=paths.data,
        database=database,
        backups=paths.backups,
        log_file=paths.log_file,
        drafts=paths.drafts,
        settings_file=paths.config / SETTINGS_FILENAME,
        documents=documents_folder(),
    )


class GuideDialog(QDialog):
    """The guide, with a box to find words in it (typing finds the first place, Enter the next)."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Careplan guide")
        named(self, "Careplan guide")
        self.setWindowFlags(self.windowFlags() | Qt.WindowType.WindowMinMaxButtonsHint)
        self.browser = named(QTextBrowser(), "Guide")
        self.browser.setOpenExternalLinks(False)
        self.browser.setMarkdown(text)
        self.find_edit = named(QLineEdit(), "Find in the guide")
        self.find_edit.setPlaceholderText("a word, e.g. backup")
        self.find_edit.setClearButtonEnabled(True)
        self.find_edit.returnPressed.connect(self.find_next)
        self.find_edit.textChanged.connect(lambda _t: self.find_next(from_top=True))
        self.not_found = named(QLabel(), "Find result")
        find_label = QLabel("&Find:")
        find_label.setBuddy(self.find_edit)
        find_row = QHBoxLayout()
        find_row.addWidget(find_label)
        find_row.addWidget(self.find_edit, 1)
        find_row.addWidget(self.not_found)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(find_row)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        fit_on_screen(self, GUIDE_SIZE)

    def text(self) -> str:
        return self.browser.toPlainText()

    def find_next(self, from_top: bool = False, backwards: bool = False) -> bool:
        """Select the next place the words in the find box appear (wrapping round); False when nowhere."""
        words = self.find_edit.text().strip()
        if not words:
            self.not_found.clear()
            return False
        flags = QTextDocument.FindFlag.FindBackward if backwards else QTextDocument.FindFlag(0)
        if from_top:
            self.browser.moveCursor(self.browser.textCursor().MoveOperation.Start)
        found = self.browser.find(words, flags)
        if not found:  # wrap round once
            self.browser.moveCursor(
                self.browser.textCursor().MoveOperation.End
                if backwards
                else self.browser.textCursor().MoveOperation.Start
            )
            found = self.browser.find(words, flags)
        self.not_found.setText("" if found else "Not found")
        return found

    @classmethod
    def for_window(cls, window: QWidget, paths: AppPaths, database_url: str | None) -> GuideDialog:
        """The guide for ``window``: its shortcuts, this computer's folders; shown, not modal."""
        dialog = cls(guide_text(paths, shortcuts(window), database_url), window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog
