"""The keyboard reaches every control, in reading order, and each Alt+letter does one thing.

Tab is pressed for real (``screen_checks.focus_chain``): a list that keeps Tab to move from cell
to cell, or a loop that never comes back, fails here as it would trap a keyboard user. The
helpers are tested first on widgets built to fail, so a pass means something.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from careplan.core.enums import Category
from careplan.ui.backup_dialog import RestoreDialog
from careplan.ui.editor.own_entry_dialog import OwnEntryDialog
from careplan.ui.patient_dialog import PatientFormDialog
from careplan.ui.plan_dialogs import NewPlanDialog, PlanChooserDialog
from careplan.ui.therapist_dialog import TherapistDialog

from screen_checks import (
    describe,
    focus_chain,
    focusable,
    mnemonic,
    mnemonic_clashes,
    out_of_reading_order,
)
from ui_helpers import TODAY, seed_plan

# ==================================================================================== the helpers


def test_mnemonic_letters() -> None:
    assert mnemonic("&Save") == "s"
    assert mnemonic("Open &plan") == "p"
    assert mnemonic("Programme && notes") is None
    assert mnemonic("Goals && &targets") == "t"
    assert mnemonic("Plain") is None


def test_a_clash_between_a_menu_a_button_and_a_label_is_found(qtbot: Any) -> None:
    window = QMainWindow()
    window.menuBar().addMenu("&Plan")
    body = QWidget()
    layout = QVBoxLayout(body)
    label = QLabel("&Phone:")
    label.setBuddy(QLineEdit())
    layout.addWidget(label)
    layout.addWidget(label.buddy())
    layout.addWidget(QPushButton("Open &plan"))
    layout.addWidget(QCheckBox("&Review"))
    window.setCentralWidget(body)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert mnemonic_clashes(window) == ["Alt+P: menu Plan, QLabel Phone:, QPushButton Open plan"]


def test_a_table_that_keeps_tab_is_a_trap(qtbot: Any) -> None:
    holder = QWidget()
    layout = QVBoxLayout(holder)
    edit, table = QLineEdit(), QTableWidget(3, 3)
    layout.addWidget(edit)
    layout.addWidget(table)
    qtbot.addWidget(holder)
    holder.show()
    qtbot.waitExposed(holder)
    edit.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is edit)
    with pytest.raises(AssertionError, match="Tab does not leave QTableWidget"):
        focus_chain(holder)
    table.setTabKeyNavigation(False)
    edit.setFocus()
    assert focus_chain(holder) == [edit, table]


def test_going_back_up_in_a_column_is_out_of_reading_order(qtbot: Any) -> None:
    holder = QWidget()
    layout = QVBoxLayout(holder)
    first, second = QLineEdit(), QLineEdit()
    layout.addWidget(first)
    layout.addWidget(second)
    qtbot.addWidget(holder)
    holder.show()
    qtbot.waitExposed(holder)
    assert out_of_reading_order([first, second]) == []
    assert out_of_reading_order([second, first]) == ["QLineEdit → QLineEdit: goes up"]


# =============================================================================== the main window


def _shown(qtbot: Any, window: Any) -> None:
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()


def _from(qtbot: Any, widget: QWidget) -> list[QWidget]:
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)
    return focus_chain(widget.window())


def _in_order(chain: list[QWidget], expected: list[QWidget]) -> None:
    """``expected`` appear in ``chain`` in that order, going round once from the first of them."""
    missing = [describe(w) for w in expected if w not in chain]
    assert not missing, f"Tab never reaches {missing}"
    start = chain.index(expected[0])
    turn = chain[start:] + chain[:start]
    positions = [turn.index(w) for w in expected]
    assert positions == sorted(positions), " → ".join(describe(turn[p]) for p in sorted(positions))


def _each_once(chain: list[QWidget], window: QWidget) -> None:
    twice = {describe(w) for w in chain if chain.count(w) > 1}
    assert not twice, f"Tab visits these more than once: {twice}"
    never = [describe(w) for w in focusable(window) if w not in chain]
    assert not never, f"Tab never reaches {never}"


@pytest.fixture
def with_reviews(window: Any, store: Any) -> Any:
    """Two patients, one with a review due (the reviews list shows), the first one selected."""
    seed_plan(store, "Amira", "Okafor", review=TODAY + dt.timedelta(days=3))
    seeded = seed_plan(store, "Leo", "Hughes", dt.date(2018, 4, 10))
    window.patients.reload_lists()
    window.patients.select_patient(seeded.patient.id)
    return seeded


def test_tab_goes_round_the_main_window_in_reading_order(qtbot: Any, window: Any, with_reviews: Any) -> None:
    _shown(qtbot, window)
    p = window.patients
    qtbot.waitUntil(lambda: p.reviews_table.isVisible())
    chain = _from(qtbot, p.search)
    _each_once(chain, window)
    _in_order(chain, [p.search, p.patient_table, p.open_button, p.reviews_table, window.welcome_new])
    assert out_of_reading_order(chain) == []


# ===================================================================================== the dialogs


def _dialog(which: str, library: Any, store: Any) -> QDialog:
    if which == "patient":
        return PatientFormDialog()
    if which == "new_plan":
        return NewPlanDialog(library, "Amira Okafor")
    if which == "therapist":
        return TherapistDialog("", "", "Careplan records who saves plans: enter your name to go on.")
    if which == "restore":
        return RestoreDialog([])
    if which == "own_entry":
        return OwnEntryDialog(Category.GENERALISED, lambda entry: entry)
    seeded = seed_plan(store)
    with store.sessions.begin() as s:
        from careplan.services.plans import create_plan, list_patients

        create_plan(s, seeded.__class__(seeded.plan, seeded.patient))
        (patient,) = list_patients(s)
    return PlanChooserDialog(patient)


@pytest.mark.parametrize("which", ["new_plan", "therapist", "restore", "patient", "own_entry"])
def test_each_dialog_is_reached_by_tab_with_unique_mnemonics(qtbot: Any, which: str, library: Any, store: Any) -> None:
    dialog = _dialog(which, library, store)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    assert mnemonic_clashes(dialog) == []
    first = next(w for w in focusable(dialog))
    chain = _from(qtbot, first)
    _each_once(chain, dialog)
    assert out_of_reading_order(chain) == []
