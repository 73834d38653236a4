"""Every control of the window and dialogs is reachable by keyboard and named for screen readers."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QToolBar,
    QWidget,
)

from careplan.services.plans import list_patients
from careplan.ui.history import HistoryDialog
from careplan.ui.patient_dialog import PatientFormDialog
from careplan.ui.plan_dialogs import NewPlanDialog, PlanChooserDialog
from careplan.ui.preview import HandoutPreviewDialog
from careplan.ui.settings_dialog import SettingsDialog
from careplan.ui.state import WindowState

import screen_checks
from ui_helpers import seed_plan

CONTROLS = (QLineEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox, QAbstractButton, QAbstractItemView, QTabBar)


def _inside(widget: QWidget, kinds: tuple[type, ...]) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, kinds):
            return True
        parent = parent.parentWidget()
    return False


def unnamed_controls(root: QWidget) -> list[str]:
    """Controls a screen reader could not name, or the keyboard could not reach."""
    from careplan.ui.editor import PlanEditorWidget  # the editor's own tests cover it

    buddies = {id(label.buddy()) for label in root.findChildren(QLabel) if label.buddy() is not None}
    problems = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or isinstance(widget, QHeaderView):
            continue
        # Parts of other controls (a spin box's line edit, tab scroll arrows, a toolbar's buttons, a search
        # box's clear button) and Qt's own window furniture (a dock's float and close buttons: the View menu
        # does the same by keyboard).
        if _inside(
            widget, (QAbstractSpinBox, QComboBox, QTabBar, QToolBar, QAbstractItemView, QLineEdit, PlanEditorWidget)
        ):
            continue
        if widget.objectName() in ("qt_dockwidget_floatbutton", "qt_dockwidget_closebutton", "qt_menubar_ext_button"):
            continue
        named = bool(widget.accessibleName()) or id(widget) in buddies
        if isinstance(widget, QAbstractButton) and widget.text().replace("&", "").strip():
            named = True
        parent = widget.parentWidget()
        what = f"{type(widget).__name__} {widget.objectName() or widget.accessibleName() or ''}".strip()
        what += f" in {type(parent).__name__} {parent.objectName() if parent else ''}"
        if not named:
            problems.append(f"{what}: no accessible name")
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus != Qt.FocusPolicy.TabFocus:
            problems.append(f"{what}: not reachable with Tab")
    return problems


def test_main_window(window: Any, store: Any) -> None:
    seeded = seed_plan(store)
    window.patients.reload_lists()
    window.open_plan(seeded.plan_id)
    problems = unnamed_controls(window)
    assert not problems, "\n".join(problems)
    assert window.patients.patient_table.accessibleName() == "Patients"
    assert window.patients.search.accessibleName() == "Search patients"


def test_every_action_is_in_a_menu(window: Any) -> None:
    in_menus = {
        a for menu in window.menuBar().findChildren(type(window.menuBar().addMenu("x"))) for a in menu.actions()
    }
    for name in dir(window):
        if name.startswith("act_"):
            assert getattr(window, name) in in_menus, name


@pytest.mark.parametrize("which", ["patient", "new_plan", "settings", "chooser", "history", "preview"])
def test_dialogs(qtbot: Any, which: str, library: Any, settings: Any, paths: Any, store: Any, window: Any) -> None:
    seeded = seed_plan(store)
    if which == "patient":
        dialog: QWidget = PatientFormDialog()
        dialog.add_carer.click()
    elif which == "new_plan":
        dialog = NewPlanDialog(library, "Amira Okafor")
    elif which == "settings":
        dialog = SettingsDialog(settings, paths)
    elif which == "chooser":
        with store.sessions.begin() as s:
            from careplan.services.plans import create_plan

            create_plan(s, seeded.__class__(seeded.plan, seeded.patient))
            (patient,) = list_patients(s)
        dialog = PlanChooserDialog(patient)
    elif which == "history":
        dialog = HistoryDialog(
            window.ops, seeded.plan_id, "Neck posture", library, window.editor_factory, WindowState(paths.config)
        )
    else:
        dialog = HandoutPreviewDialog(
            seeded, library, settings.clinic_details(), "A4", WindowState(paths.config), paths.log_file
        )
    qtbot.addWidget(dialog)
    assert dialog.accessibleName()
    problems = unnamed_controls(dialog)
    assert not problems, "\n".join(problems)


# A screen reader says only "button" for a button with neither text nor name, and nothing useful for a
# list without a name: ``screen_checks.unnamed_controls`` finds both on whatever is shown.


def test_the_check_finds_an_icon_only_button_and_an_unnamed_list(qtbot: Any) -> None:
    from PySide6.QtWidgets import QListView, QToolButton, QVBoxLayout

    holder = QWidget()
    layout = QVBoxLayout(holder)
    icon_only, view = QToolButton(), QListView()
    layout.addWidget(icon_only)
    layout.addWidget(view)
    qtbot.addWidget(holder)
    holder.show()
    qtbot.waitExposed(holder)
    assert len(screen_checks.unnamed_controls(holder)) == 2
    icon_only.setAccessibleName("Remove photo")
    view.setAccessibleName("Plans")
    assert screen_checks.unnamed_controls(holder) == []


@pytest.mark.parametrize("page", [0, 1, 2, 3])
def test_every_button_and_list_of_the_editor_has_a_name(qtbot: Any, window: Any, store: Any, page: int) -> None:
    from careplan.ui.editor import PlanEditorWidget

    seeded = seed_plan(store)
    window.patients.reload_lists()
    window.open_plan(seeded.plan_id)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    editor = window.findChild(PlanEditorWidget)
    editor.tabs.setCurrentIndex(page)
    if page == 1:
        editor.items_panel.select_row(0)
    assert screen_checks.unnamed_controls(window) == []


@pytest.mark.parametrize("which", ["settings", "history", "preview"])
def test_every_button_and_list_of_the_dialogs_has_a_name(
    qtbot: Any, which: str, library: Any, settings: Any, paths: Any, store: Any, window: Any
) -> None:
    from PySide6.QtWidgets import QTabWidget

    seeded = seed_plan(store)
    dialog: QWidget
    if which == "settings":
        dialog = SettingsDialog(settings, paths)
    elif which == "history":
        dialog = HistoryDialog(
            window.ops, seeded.plan_id, "Neck posture", library, window.editor_factory, WindowState(paths.config)
        )
    else:
        dialog = HandoutPreviewDialog(
            seeded, library, settings.clinic_details(), "A4", WindowState(paths.config), paths.log_file
        )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    tabs = dialog.findChild(QTabWidget)
    for index in range(tabs.count() if tabs else 1):
        if tabs:
            tabs.setCurrentIndex(index)
        assert screen_checks.unnamed_controls(dialog) == []
