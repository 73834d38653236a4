"""Checks of what a screen shows, shared by the tests and ``scripts/screenshots.py``.

Each check walks the live widget tree of a window that is shown and laid out (at its real size,
at 100% or 150% scaling) and returns a list of problems in words, one per control, so a test can
assert the list is empty and the screenshot script can print it per screen:

- ``clipped_texts``: text that needs more room than its control has (a label, button, check box,
  radio button, tab, combo box, line edit, group box title, a cell or header of an item view):
  Qt cuts it or elides it with "…", and a therapist cannot read it.
- ``mnemonic_clashes``: two visible controls of one window (or two items of one menu) answering
  the same Alt+letter, so the key goes to the first one only.
- ``unnamed_controls``: a visible button without text or accessible name (a screen reader says
  only "button"), an item view without an accessible name.
- ``focus_chain``: the controls Tab visits, in order, as Qt moves the focus.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterator

from PySide6.QtCore import QModelIndex, QPoint, QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDockWidget,
    QGroupBox,
    QHeaderView,
    QItemDelegate,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStatusBar,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionComboBox,
    QStyleOptionFrame,
    QStyleOptionViewItem,
    QTabBar,
    QTableView,
    QTextEdit,
    QToolBar,
    QToolButton,
    QTreeView,
    QWidget,
)

from careplan.ui.screen import available

#: Rounding of fractional scaling: a pixel either way is not a cut.
SLACK = 1


def describe(widget: QWidget) -> str:
    """How a problem names a control: its type, then its accessible name or object name."""
    text = plain(widget.text()) if isinstance(widget, QAbstractButton) else ""
    name = widget.accessibleName() or text or widget.objectName()
    return f"{type(widget).__name__} '{name}'" if name else type(widget).__name__


def plain(text: str) -> str:
    """A control's text as shown: without the & of mnemonics (&& is a real ampersand)."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def shown(root: QWidget) -> Iterator[QWidget]:
    """``root`` and every widget of it that is visible now (not on a hidden tab or page)."""
    if root.isVisible():
        yield root
    for widget in root.findChildren(QWidget):
        if widget.isVisible() and widget.window() is root.window() and widget.width() > 0:
            yield widget


# ===================================================================================== clipping


def clipped_texts(root: QWidget) -> list[str]:
    """Every text of ``root`` (shown and laid out) that needs more room than its control has."""
    problems: list[str] = []
    screen = available(root)
    if root.isWindow() and (root.width() > screen.width() or root.height() > screen.height()):
        problems.append(
            f"window {root.width()}x{root.height()} is larger than the screen ({screen.width()}x{screen.height()})"
        )
    for widget in shown(root):
        problems += _clipped(widget)
    problems += [f"painted shortened with …: {text!r}" for text in elided_when_painted(root)]
    return problems


def elided_when_painted(root: QWidget) -> list[str]:
    """Texts the program's own painting code shortens with "…" (``QFontMetrics.elidedText``), found by
    painting ``root`` once with that method watched: a custom delegate's size hint does not show it."""
    found: list[str] = []
    original = QFontMetrics.elidedText

    def watched(self: QFontMetrics, text: str, *args: object) -> str:
        out = original(self, text, *args)  # type: ignore[arg-type]
        if out != text and text not in found:
            found.append(text)
        return out

    QFontMetrics.elidedText = watched  # type: ignore[method-assign]
    try:
        root.grab()
    finally:
        QFontMetrics.elidedText = original  # type: ignore[method-assign]
    return found


def _clipped(widget: QWidget) -> list[str]:
    if isinstance(widget, QLabel):
        return _label(widget)
    if isinstance(widget, QToolButton):
        return _tool_button(widget)
    if isinstance(widget, QAbstractButton):
        return _button(widget)
    if isinstance(widget, QTabBar):
        return _tabs(widget)
    if isinstance(widget, QComboBox):
        return _combo(widget)
    if isinstance(widget, QLineEdit):
        return _line_edit(widget)
    if isinstance(widget, QGroupBox):
        return _group_box(widget)
    if isinstance(widget, QToolBar):
        return _toolbar(widget)
    if isinstance(widget, QHeaderView):
        return _header(widget)
    if isinstance(widget, QAbstractItemView):
        return _cells(widget)
    if isinstance(widget, QScrollArea):
        return _sideways(widget)
    if isinstance(widget, QStatusBar):
        return _status(widget)
    return []


def _sideways(area: QScrollArea) -> list[str]:
    """A page wider than the room it has: part of it is off to the right until one scrolls sideways
    (scrolling down a long form is normal; sideways hides fields and cuts every line)."""
    bar = area.horizontalScrollBar()
    if bar.maximum() <= 0 or area.widget() is None:
        return []
    shown_width = area.viewport().width()
    return [
        f"{describe(area)}: its page needs {shown_width + bar.maximum()} px wide, has {shown_width} (scrolls sideways)"
    ]


def _status(bar: QStatusBar) -> list[str]:
    message = bar.currentMessage()
    if not message:
        return []
    room = bar.width() - sum(w.width() for w in bar.findChildren(QLabel) if w.isVisible() and w.parentWidget() is bar)
    return _cut(bar, f"message {message}", bar.fontMetrics().horizontalAdvance(message) + 12, room)


def _cut(widget: QWidget, text: str, needed: int, room: int, what: str = "wide") -> list[str]:
    if needed <= room + SLACK:
        return []
    short = text if len(text) <= 60 else text[:57] + "…"
    return [f"{describe(widget)} {short!r}: needs {needed} px {what}, has {room}"]


def _label(label: QLabel) -> list[str]:
    text = label.text()
    if not text.strip() or (label.pixmap() is not None and not label.pixmap().isNull()):
        return []
    if label.wordWrap():
        needed = label.heightForWidth(label.width())
        return _cut(label, text, needed, label.height(), "high")
    hint = label.sizeHint()
    return _cut(label, text, hint.width(), label.width()) + _cut(label, text, hint.height(), label.height(), "high")


def _button(button: QAbstractButton) -> list[str]:
    text = plain(button.text())
    if not text.strip():
        return []
    option = QStyleOptionButton()
    button.initStyleOption(option)  # type: ignore[attr-defined]
    element = QStyle.SubElement.SE_PushButtonContents
    if isinstance(button, QCheckBox):
        element = QStyle.SubElement.SE_CheckBoxContents
    elif isinstance(button, QRadioButton):
        element = QStyle.SubElement.SE_RadioButtonContents
    room = button.style().subElementRect(element, option, button).width()
    needed = max(button.fontMetrics().horizontalAdvance(line) for line in text.split("\n"))
    if not button.icon().isNull():
        needed += button.iconSize().width() + 4
    if isinstance(button, QPushButton) and button.menu() is not None:
        needed += button.style().pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator, option, button)
    if element == QStyle.SubElement.SE_PushButtonContents:
        # Fusion draws the label inside the contents rect less its own margins.
        room -= 2 * button.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, option, button)
    return _cut(button, text, needed, room)


def _tool_button(button: QToolButton) -> list[str]:
    text = plain(button.text())
    if not text.strip() or button.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly:
        return []
    if button.objectName().startswith("qt_") or isinstance(button.parentWidget(), (QTabBar, QLineEdit)):
        return []
    return _cut(button, text, button.sizeHint().width(), button.width())


def _tabs(bar: QTabBar) -> list[str]:
    problems = []
    visible = bar.rect()
    for i in range(bar.count()):
        if not bar.isTabVisible(i):
            continue
        text = plain(bar.tabText(i))
        rect = bar.tabRect(i)
        hint = bar.tabSizeHint(i)  # type: ignore[attr-defined]
        if bar.shape() in (QTabBar.Shape.RoundedWest, QTabBar.Shape.RoundedEast):
            problems += _cut(bar, f"tab {text}", hint.height(), rect.height(), "high")
        else:
            problems += _cut(bar, f"tab {text}", hint.width(), rect.width())
        if not visible.contains(rect):
            problems.append(f"{describe(bar)} tab {text!r}: off the end of the tab bar (behind the scroll arrows)")
    return problems


def _combo(combo: QComboBox) -> list[str]:
    if combo.isEditable():
        return []  # its line edit is checked as a line edit
    text = combo.currentText()
    if not text:
        return []
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)  # type: ignore[attr-defined]
    field = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    needed = combo.fontMetrics().horizontalAdvance(text)
    if not combo.itemIcon(combo.currentIndex()).isNull():
        needed += combo.iconSize().width() + 4
    return _cut(combo, text, needed, field.width())


def _line_edit(edit: QLineEdit) -> list[str]:
    text = edit.displayText() or edit.placeholderText()
    if not text:
        return []
    option = QStyleOptionFrame()
    edit.initStyleOption(option)  # type: ignore[attr-defined]
    room = edit.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, edit)
    margins = edit.textMargins()
    width = room.width() - margins.left() - margins.right() - 4  # QLineEdit's own 2 px each side
    for side in edit.findChildren(QToolButton):
        if side.isVisible():
            width -= side.width()
    what = "text" if edit.displayText() else "placeholder"
    return _cut(edit, f"{what} {text}", edit.fontMetrics().horizontalAdvance(text), width)


def _group_box(box: QGroupBox) -> list[str]:
    title = plain(box.title())
    if not title:
        return []
    needed = box.fontMetrics().horizontalAdvance(title) + 8
    if box.isCheckable():
        needed += box.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth) + 4
    return _cut(box, f"title {title}", needed, box.width())


def _toolbar(bar: QToolBar) -> list[str]:
    extension = bar.findChild(QToolButton, "qt_toolbar_ext_button")
    if extension is not None and extension.isVisible():
        return [f"{describe(bar)}: some buttons are hidden behind its » button"]
    return []


def _header(header: QHeaderView) -> list[str]:
    model = header.model()
    if model is None or header.orientation() != Qt.Orientation.Horizontal:
        return []
    problems = []
    for section in range(header.count()):
        if header.isSectionHidden(section):
            continue
        left = header.sectionViewportPosition(section)
        if left >= header.viewport().width() or left + header.sectionSize(section) <= 0:
            continue
        text = str(model.headerData(section, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or "")
        if not text:
            continue
        needed = header.sectionSizeFromContents(section).width()  # type: ignore[attr-defined]
        room = header.sectionSize(section)
        if section == header.count() - 1 and header.stretchLastSection():
            room = max(room, header.viewport().width() - left)
        problems += _cut(header, f"column {text}", needed, room)
    return problems


def _visible_indexes(view: QAbstractItemView) -> Iterator[QModelIndex]:
    """The cells of ``view`` that are (at least partly) on screen now."""
    model = view.model()
    if model is None:
        return
    area = view.viewport().rect()
    if isinstance(view, QTreeView):
        index = view.indexAt(QPoint(1, 1))
        while index.isValid() and view.visualRect(index).top() < area.height():
            for column in range(model.columnCount(index.parent())):
                if not view.isColumnHidden(column):
                    yield index.siblingAtColumn(column)
            index = view.indexBelow(index)
        return
    if isinstance(view, QListView):
        columns = [view.modelColumn()]
    else:
        columns = [c for c in range(model.columnCount(QModelIndex())) if not view.isColumnHidden(c)]  # type: ignore[attr-defined]
    for row in range(model.rowCount(QModelIndex())):
        if isinstance(view, QTableView) and view.isRowHidden(row):
            continue
        if isinstance(view, QListView) and view.isRowHidden(row):
            continue
        first = view.visualRect(model.index(row, columns[0] if columns else 0))
        if first.top() >= area.height():
            break
        if first.bottom() < 0:
            continue
        for column in columns:
            index = model.index(row, column)
            if view.visualRect(index).intersects(area):
                yield index


def _cut_at_edge(view: QAbstractItemView) -> list[str]:
    """Columns of a table the view's right edge cuts (read only by scrolling sideways)."""
    if not isinstance(view, (QTableView, QTreeView)):
        return []
    header = view.horizontalHeader() if isinstance(view, QTableView) else view.header()
    model = view.model()
    width = view.viewport().width()
    cut = []
    for section in range(header.count()):
        if header.isSectionHidden(section):
            continue
        left = header.sectionViewportPosition(section)
        if left + header.sectionSize(section) > width + SLACK or left < 0:
            cut.append(str(model.headerData(section, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)))
    if not cut:
        return []
    return [f"{describe(view)}: columns {', '.join(cut)} are cut by the edge of the list (scroll sideways to read)"]


def _text_width(view: QAbstractItemView, index: QModelIndex, text: str) -> int:
    """The widest line of a cell's text in its font (custom delegates that elide report a small size
    hint, so the text itself is measured too)."""
    font = index.data(Qt.ItemDataRole.FontRole) or view.font()
    metrics = QFontMetrics(font)
    return max(metrics.horizontalAdvance(line) for line in text.split("\n")) + 6


def _cells(view: QAbstractItemView) -> list[str]:
    problems = _cut_at_edge(view)
    area = view.viewport().rect()
    for index in _visible_indexes(view):
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if text is None or str(text) == "":
            continue
        rect = view.visualRect(index)
        stretched = isinstance(view, QTableView) and view.horizontalHeader().stretchLastSection()
        if stretched and index.column() == view.horizontalHeader().logicalIndexAt(area.width() - 1):
            rect.setRight(max(rect.right(), area.right()))
        option = QStyleOptionViewItem()
        view.initViewItemOption(option)  # type: ignore[attr-defined]
        option.rect = QRect(rect)
        delegate = view.itemDelegateForIndex(index)
        hint = delegate.sizeHint(option, index)
        where = f"row {index.row() + 1}" + (f", column {index.column() + 1}" if index.column() else "")
        if option.features & QStyleOptionViewItem.ViewItemFeature.WrapText and view.wordWrap():
            problems += _cut(view, f"{where}: {text}", hint.height(), rect.height(), "high")
        else:
            # A delegate of the program's own may answer a fixed size: its text is measured instead.
            plain_delegate = type(delegate) in (QStyledItemDelegate, QItemDelegate)
            needed = max(hint.width() if plain_delegate else 0, _text_width(view, index, str(text)))
            # A list has no columns to scroll to: what is past its right edge is not seen.
            room = rect.intersected(area).width() if isinstance(view, QListView) else rect.width()
            problems += _cut(view, f"{where}: {text}", needed, room)
    return problems


def scrolling_text_boxes(root: QWidget) -> list[str]:
    """Text boxes whose text does not fit, so part of it is behind a scroll bar (not an error on its
    own: a long note scrolls; the screenshot script lists them so someone looks)."""
    found = []
    for widget in shown(root):
        if isinstance(widget, (QPlainTextEdit, QTextEdit)) and widget.verticalScrollBar().maximum() > 0:
            found.append(f"{describe(widget)}: its text scrolls (the box shows part of it)")
    return found


# ==================================================================================== mnemonics


def mnemonic(text: str) -> str | None:
    """The letter Alt+letter goes to in ``text`` ("&Save" → "s"), or None."""
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1] != "&":
                return text[i + 1].lower()
            i += 1
        i += 1
    return None


def _owned_mnemonics(root: QWidget) -> Iterator[tuple[str, str]]:
    """(letter, what) for every visible control of the window ``root`` that answers Alt+letter."""
    if isinstance(root, QMainWindow):
        for action in root.menuBar().actions():
            if action.isVisible() and (key := mnemonic(action.text())):
                yield key, f"menu {plain(action.text())}"
    for widget in shown(root):
        if isinstance(widget, QToolButton):
            continue  # a toolbar's button carries its action's menu text; Alt goes to the menu
        if isinstance(widget, QAbstractButton) or (isinstance(widget, QLabel) and widget.buddy() is not None):
            text = widget.text()
        elif isinstance(widget, QGroupBox):
            text = widget.title()
        elif isinstance(widget, QTabBar):
            for i in range(widget.count()):
                if widget.isTabVisible(i) and widget.isTabEnabled(i) and (key := mnemonic(widget.tabText(i))):
                    yield key, f"tab {plain(widget.tabText(i))}"
            continue
        else:
            continue
        if key := mnemonic(text):
            yield key, f"{type(widget).__name__} {plain(text)}"


def mnemonic_clashes(root: QWidget) -> list[str]:
    """Letters two visible controls of the window ``root`` both answer, and clashes inside its menus."""
    by_key: dict[str, list[str]] = defaultdict(list)
    for key, what in _owned_mnemonics(root):
        by_key[key].append(what)
    problems = [f"Alt+{key.upper()}: {', '.join(whats)}" for key, whats in sorted(by_key.items()) if len(whats) > 1]
    menus = root.findChildren(QMenu)
    for menu in menus:
        in_menu: dict[str, list[str]] = defaultdict(list)
        for action in menu.actions():
            if action.isVisible() and not action.isSeparator() and (key := mnemonic(action.text())):
                in_menu[key].append(plain(action.text()))
        title = plain(menu.title()) or menu.objectName() or "a menu"
        problems += [
            f"menu {title}, {key.upper()}: {', '.join(whats)}"
            for key, whats in sorted(in_menu.items())
            if len(whats) > 1
        ]
    return problems


# ================================================================================ names, focus


def unnamed_controls(root: QWidget) -> list[str]:
    """Visible buttons a screen reader can only call "button", and item views with no name."""
    problems = []
    for widget in shown(root):
        if isinstance(widget, QAbstractButton) and not plain(widget.text()).strip() and not widget.accessibleName():
            parent = widget.parentWidget()
            problems.append(f"{describe(widget)} in {describe(parent) if parent else 'nothing'}: no text and no name")
        elif (
            isinstance(widget, QAbstractItemView)
            and not isinstance(widget, QHeaderView)
            and not widget.accessibleName()
        ):
            problems.append(f"{describe(widget)}: an item list with no accessible name")
    return problems


def focus_chain(window: QWidget, limit: int = 300, trap: int = 3) -> list[QWidget]:
    """The controls Tab visits, from the one that has the focus now, once round: real Tab key
    presses, so a control that keeps Tab for itself (a table moving cell to cell, a text box typing
    a tab) shows as a trap (``AssertionError``) rather than being skipped."""
    from PySide6.QtTest import QTest

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    start = app.focusWidget()
    assert start is not None and start.window() is window, "give a control of the window the focus first"
    visited = [start]
    for _ in range(limit):
        current = app.focusWidget()
        assert current is not None
        # A date field's Tab steps through day, month and year before it leaves.
        presses = trap + (current.sectionCount() if isinstance(current, QDateTimeEdit) else 0)
        for _press in range(presses):
            QTest.keyClick(current, Qt.Key.Key_Tab)
            app.processEvents()
            if app.focusWidget() is not current:
                break
        else:
            raise AssertionError(f"Tab does not leave {describe(current)} ({presses} presses)")
        after = app.focusWidget()
        if after is None or after is start:
            return visited
        visited.append(after)
    order = " → ".join(describe(w) for w in visited[:60])
    raise AssertionError(f"Tab did not come back to {describe(start)} after {limit} steps: {order}")


def focusable(window: QWidget) -> list[QWidget]:
    """The controls of ``window`` Tab should reach: visible, enabled, taking Tab focus, not a part
    of another control (a spin box's line edit is reached through the spin box)."""
    found = []
    for widget in shown(window):
        if widget is window or not widget.isEnabled() or widget.focusProxy() is not None:
            continue
        if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            continue
        if isinstance(widget, QDockWidget) or isinstance(widget.parentWidget(), QAbstractScrollArea):
            continue
        found.append(widget)
    return found


def pane(widget: QWidget) -> QWidget:
    """The part of the window ``widget`` is read in: a pane of a splitter, a dock, a toolbar, a page of
    tabs, or the window."""
    from PySide6.QtWidgets import QSplitter, QStackedWidget

    child, parent = widget, widget.parentWidget()
    while parent is not None and not child.isWindow():
        if isinstance(parent, (QSplitter, QStackedWidget)) or isinstance(child, (QDockWidget, QToolBar)):
            return child
        child, parent = parent, parent.parentWidget()
    return child


def _scrolled_page(widget: QWidget) -> QWidget | None:
    """The page of the nearest scroll area ``widget`` is on, or None."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea) and parent.widget() is not None and parent.widget().isAncestorOf(widget):
            return parent.widget()
        parent = parent.parentWidget()
    return None


def out_of_reading_order(chain: list[QWidget]) -> list[str]:
    """Steps of ``chain`` that go back up in the same column, or leftwards on the same line, within one
    pane (a step to a control above but right of the last one starts a new column: allowed)."""
    problems = []
    for a, b in itertools.pairwise(chain):
        if pane(a) is not pane(b) or a.isAncestorOf(b) or b.isAncestorOf(a):
            continue
        # Positions on the page itself: a page that scrolled while Tab went down it has not moved.
        page = _scrolled_page(a)
        if page is None or not page.isAncestorOf(b):
            page = a.window()
        ra = QRect(a.mapTo(page, QPoint(0, 0)), a.size())
        rb = QRect(b.mapTo(page, QPoint(0, 0)), b.size())
        above = rb.bottom() < ra.top()
        same_line = not (rb.bottom() < ra.top() or rb.top() > ra.bottom())
        if (above and rb.left() < ra.right()) or (same_line and not above and rb.right() < ra.left()):
            problems.append(f"{describe(a)} → {describe(b)}: goes {'up' if above else 'left'}")
    return problems
