"""No text is cut on the desktop's screens at 1366x768, at 100% and at 150% scaling.

The screens are the real program's, walked by ``scripts/screenshots.py --check`` (the script that
makes docs/screenshots) in a process of its own per scaling, since ``QT_SCALE_FACTOR`` is read once
when Qt starts; Qt's offscreen platform gives it a 1366x768 screen. The check itself
(``screen_checks.clipped_texts``) is tested first, on widgets made too small on purpose, so a
passing walk means the text fits, not that the check looks at nothing.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QStringListModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QTabBar,
    QVBoxLayout,
    QWidget,
)

from screen_checks import clipped_texts

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "screenshots.py"

#: Screens checked at both scalings (names as in docs/screenshots, without the number).
SCREENS = [
    "first-start",
    "main-window-empty",
    "main-window-patients",
    "new-patient",
    "unsaved-changes",
    "new-plan",
    "history",
    "back-up-now",
    "restore-a-backup",
    "about",
    "choose-a-plan",
    "plan-conflict",
    "patient-conflict",
    "recover-draft",
    "database-problem",
    "import-error",
    # Re-evaluation (issue 13).
    "new-assessment",
    "record-an-injection",
    "progress",
    # Correcting or deleting a recorded assessment or injection.
    "progress-recorded",
    "correct-assessment",
    "correct-injection",
    "delete-recorded",
    # Once taller than the screen at 150% (911x512 points): fitted to it since (the own entry's fields scroll).
    "preview-readiness",
    "settings-clinic",
    "settings-therapist",
    "settings-database",
    "settings-printing",
    "own-library-entry",
]


# ================================================================================ the check itself


def _shown(qtbot: Any, *widgets: QWidget, width: int = 400) -> QWidget:
    holder = QWidget()
    layout = QVBoxLayout(holder)
    for widget in widgets:
        layout.addWidget(widget)
    qtbot.addWidget(holder)
    holder.resize(width, holder.sizeHint().height())
    holder.show()
    qtbot.waitExposed(holder)
    return holder


def test_text_that_fits_is_not_reported(qtbot: Any) -> None:
    tabs = QTabBar()
    tabs.addTab("&Details")
    combo = QComboBox()
    combo.addItem("Cervical dystonia")
    holder = _shown(
        qtbot, QLabel("Overdue by 300 days"), QPushButton("&Save"), QCheckBox("School"), tabs, combo, QLineEdit("Leo")
    )
    assert clipped_texts(holder) == []


def test_each_kind_of_cut_text_is_reported(qtbot: Any) -> None:
    long = "Telling your employer and asking for changes"
    label, button, check, edit = QLabel(long), QPushButton(long), QCheckBox(long), QLineEdit(long)
    combo = QComboBox()
    combo.addItem(long)
    for widget in (label, button, check, edit, combo):
        widget.setFixedWidth(90)
    holder = _shown(qtbot, label, button, check, edit, combo)
    found = clipped_texts(holder)
    kinds = sorted(problem.split(" ", 1)[0] for problem in found)
    assert kinds == ["QCheckBox", "QComboBox", "QLabel", "QLineEdit", "QPushButton"], found


def test_a_cut_list_cell_and_a_wrapped_label_that_does_not_fit_are_reported(qtbot: Any) -> None:
    view = QListView()
    view.setAccessibleName("Library entries")
    model = QStringListModel(["Dystonia action plan", "Psychological therapy (talking therapy)"], view)
    view.setModel(model)
    view.setFixedWidth(120)
    wrapped = QLabel("Careplan records who saves, prints, exports and opens each plan, as health records must.")
    wrapped.setWordWrap(True)
    wrapped.setFixedSize(120, 20)
    found = clipped_texts(_shown(qtbot, view, wrapped))
    assert any("'Library entries'" in p and "Psychological therapy" in p for p in found), found
    assert any(p.startswith("QLabel") and "high" in p for p in found), found


def test_a_page_that_scrolls_sideways_is_reported(qtbot: Any) -> None:
    from PySide6.QtWidgets import QScrollArea

    area = QScrollArea()
    area.setWidgetResizable(True)
    page = QWidget()
    page.setMinimumWidth(800)
    area.setWidget(page)
    area.setFixedWidth(300)
    holder = _shown(qtbot, area)
    found = clipped_texts(holder)
    assert len(found) == 1 and "scrolls sideways" in found[0], found
    page.setMinimumWidth(100)
    qtbot.waitUntil(lambda: area.horizontalScrollBar().maximum() == 0)
    assert clipped_texts(holder) == []


# ===================================================================== the program's screens, walked


@pytest.fixture(scope="module")
def walked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """What the walk found, per scaling ("100", "150") and screen name (without its number)."""
    out = tmp_path_factory.mktemp("walk") / "report.json"
    wanted = ",".join(SCREENS)
    command = [sys.executable, str(SCRIPT), "--check", "--offscreen", "--json", str(out), "--screens", wanted]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    # A crash fails: the walk is never run again (tests/ui/test_screen_lookup.py has the crash it once met).
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    report = json.loads(out.read_text("utf-8"))
    return {scale: {key.split("-", 1)[1]: found for key, found in screens.items()} for scale, screens in report.items()}


@pytest.mark.parametrize("scale", ["100", "150"])
@pytest.mark.parametrize("screen", SCREENS)
def test_nothing_is_clipped(walked: dict[str, dict[str, Any]], scale: str, screen: str) -> None:
    assert screen in walked[scale], f"the walk did not reach {screen} at {scale}%: {sorted(walked[scale])}"
    assert walked[scale][screen]["clipped"] == []


@pytest.mark.parametrize("screen", SCREENS)
def test_each_alt_letter_does_one_thing(walked: dict[str, dict[str, Any]], screen: str) -> None:
    """Two visible controls (or a control and a menu) of one window with the same Alt+letter: the key
    goes to one of them only."""
    assert walked["100"][screen]["mnemonics"] == []


@pytest.mark.parametrize("screen", SCREENS)
def test_no_unnamed_button_or_list(walked: dict[str, dict[str, Any]], screen: str) -> None:
    assert walked["100"][screen]["unnamed"] == []
