"""Ready to print in the desktop: the panel above the preview lists what the handout would print wrong,
each problem's button goes to its place in the editor, a plan that is not ready prints only as a copy
marked DRAFT after the therapist says so, and the panel follows the therapist's corrections."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from careplan.core.enums import Audience, Category, GoalDomain, Kind
from careplan.core.model import Goal, Intervention, Patient, Plan, PlanRecord
from careplan.services.handouts import not_ready
from careplan.services.plans import create_plan
from careplan.ui import messages
from careplan.ui.preview import HandoutPreviewDialog
from careplan.ui.readiness_panel import VISIBLE_ROWS

from ui_helpers import TODAY, exercise, seed_plan

# A shown window with a layout makes the offscreen platform say this; a desktop platform does not.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")

NOT_READY = "This plan is not ready to print"


class Questions:
    """Answers "Print as draft?" from a queue and keeps (title, text, yes) of each question asked."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, str, str]] = []
        self.answers: list[bool] = []

    def confirm(self, title: str, text: str, yes: str) -> bool:
        assert self.answers, f"unexpected question: {title}"
        self.asked.append((title, text, yes))
        return self.answers.pop(0)


@pytest.fixture
def questions(monkeypatch: pytest.MonkeyPatch) -> Questions:
    found = Questions()

    def confirm(cls: Any, parent: Any, title: str, text: str, yes: str, no: str = "Cancel") -> bool:
        assert no == "Cancel"
        return found.confirm(title, text, yes)

    monkeypatch.setattr(messages.Notice, "confirm", classmethod(confirm))
    return found


def seed_unready(store: Any) -> PlanRecord:
    """A plan with one problem of each kind a button goes to: the review date has passed (TODAY is
    10 February 2027), goal 2 has a blank, goal 1's target is after the review, item 2 has no
    instructions, and nobody's phone is on file (the window's clinic has one: see ``no_phone``)."""
    plan = Plan(
        title="Neck posture",
        category=Category.CERVICAL,
        review_date=dt.date(2027, 1, 4),
        goals=(
            Goal(GoalDomain.POSTURE, "Sit upright through a meal", target_date=dt.date(2027, 3, 1)),
            Goal(GoalDomain.PAIN, "Neck pain ___ out of 10 or less"),
        ),
        interventions=(
            exercise(),
            Intervention(kind=Kind.EXERCISE, title="Shoulder shrugs", audiences=frozenset({Audience.FAMILY})),
        ),
    )
    record = PlanRecord(plan, Patient("Amira", "Okafor", dt.date(2016, 3, 14)))
    with store.sessions.begin() as session:
        return create_plan(session, record, "Jo Patel")


def open_preview(qtbot: Any, window: Any, plan_id: int) -> HandoutPreviewDialog:
    """The window's preview of the plan (opened first when needed), once its pages are drawn."""
    if not window.has_plan or window.session.current_record().plan_id != plan_id:
        window.open_plan(plan_id)
    dialog = window.handouts.preview_handouts()
    qtbot.waitUntil(lambda: dialog.pdf_bytes() is not None, timeout=20_000)
    return dialog


def pdf_pages_text(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def test_the_panel_lists_every_problem_of_an_unready_plan(
    qtbot: Any, window: Any, store: Any, library: Any, settings: Any
) -> None:
    seeded = seed_unready(store)
    dialog = open_preview(qtbot, window, seeded.plan_id)
    expected = not_ready(seeded, library, settings.clinic_details(), TODAY)
    assert [str(p) for p in dialog.readiness.problems] == [str(p) for p in expected]
    shown = [str(p) for p in dialog.problems]
    assert shown == [
        "Review date: 04 January 2027 has passed: the handout would say the plan will be looked at again then",
        "Goal 1: its target date (01 March 2027) is after the review date (04 January 2027)",
        'Goal 2: has a blank to fill in ("___"): Neck pain ___ out of 10 or less',
        "Item 2 (Shoulder shrugs): has no instructions: it would print as a bare title",
    ]
    assert dialog.readiness.heading.text().startswith("Not ready to print: 4 things to correct.")
    labels = [b.text() for b in dialog.readiness.buttons]
    assert labels == ["Go to the review date", "Go to the goal", "Go to the goal", "Go to the item"]
    # The pages shown carry the watermark: the preview is the draft it would print.
    assert "DRAFT" in PdfReader(_as_file(dialog.pdf_bytes())).pages[0].extract_text()


def _as_file(data: bytes | None) -> Any:
    import io

    assert data is not None
    return io.BytesIO(data)


@pytest.mark.parametrize(
    ("button", "kind", "row", "widget"),
    [
        (0, "plan", None, lambda e: e.details_page.review_date.edit),
        (1, "goal", 0, lambda e: e.goals_page.target.edit),
        (2, "goal", 1, lambda e: e.goals_page.text),
        (3, "item", 1, lambda e: e.item_editor.instructions),
    ],
    ids=["review date", "goal target", "goal text", "item instructions"],
)
def test_a_button_focuses_the_place_to_correct(
    qtbot: Any, window: Any, store: Any, button: int, kind: str, row: int | None, widget: Any
) -> None:
    seeded = seed_unready(store)
    window.show()
    qtbot.waitExposed(window)
    dialog = open_preview(qtbot, window, seeded.plan_id)
    editor = window.editor
    target = widget(editor)
    qtbot.mouseClick(dialog.readiness.buttons[button], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())  # the preview steps aside
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.waitUntil(target.hasFocus)
    assert QApplication.focusWidget() is target
    page = {"plan": editor.details_page, "goal": editor.goals_page, "item": editor.splitter}[kind]
    assert editor.tabs.currentWidget() is page
    if kind == "goal":
        assert editor.goals_page.current_row() == row
    if kind == "item":
        assert editor.items_panel.current_row() == row and editor.item_editor.row == row


def test_no_phone_goes_to_the_therapist_on_the_plan_or_the_clinic_in_settings(
    qtbot: Any, make_window: Any, store: Any, settings: Any, dialogs: Any
) -> None:
    no_phone = replace(settings, clinic=replace(settings.clinic, phone=""))
    window = make_window(settings=no_phone)
    seeded = seed_plan(store)  # ready but for the phone
    window.show()
    qtbot.waitExposed(window)
    dialog = open_preview(qtbot, window, seeded.plan_id)
    assert [p.kind for p in dialog.problems] == ["therapist"]
    to_plan, to_settings = dialog.readiness.buttons
    assert to_plan.text() == "Add the therapist's phone to this plan"
    assert to_settings.text() == "Add the clinic's phone in Settings"

    # Settings, Clinic tab: a phone saved there makes the plan ready at once.
    def add_clinic_phone(parent: Any, current: Any, paths: Any, start_tab: str) -> Any:
        assert start_tab == "clinic"
        return replace(current, clinic=replace(current.clinic, phone="0161 496 0000"))

    dialogs.answer("settings", add_clinic_phone)
    with qtbot.waitSignal(dialog.checked, timeout=5_000) as checked:
        qtbot.mouseClick(to_settings, Qt.MouseButton.LeftButton)
    assert checked.args == [[]]
    assert dialog.readiness.heading.text().startswith("Ready to print")
    assert not dialog.readiness.list_area.isVisible()


def test_the_therapist_phone_button_focuses_the_plans_phone(
    qtbot: Any, make_window: Any, store: Any, settings: Any
) -> None:
    no_phone = replace(settings, clinic=replace(settings.clinic, phone=""))
    window = make_window(settings=no_phone)
    seeded = seed_plan(store)
    window.show()
    qtbot.waitExposed(window)
    dialog = open_preview(qtbot, window, seeded.plan_id)
    qtbot.mouseClick(dialog.readiness.buttons[0], Qt.MouseButton.LeftButton)
    phone = window.editor.details_page.therapist_fields["phone"]
    window.activateWindow()
    qtbot.waitUntil(phone.hasFocus)
    assert window.editor.tabs.currentWidget() is window.editor.details_page

    # Typing the number there, then opening the preview again: ready.
    qtbot.keyClicks(phone, "0161 496 0123")
    again = open_preview(qtbot, window, seeded.plan_id)
    assert again is not dialog and again.problems == []
    assert "DRAFT" not in PdfReader(_as_file(again.pdf_bytes())).pages[0].extract_text()


def test_the_panel_follows_the_edits_while_the_preview_is_open(qtbot: Any, window: Any, store: Any) -> None:
    seeded = seed_unready(store)
    dialog = open_preview(qtbot, window, seeded.plan_id)
    editor = window.editor
    assert len(dialog.problems) == 4
    editor.focus_field("item", 1, "instructions")
    with qtbot.waitSignal(dialog.checked, timeout=5_000) as checked:
        qtbot.keyClicks(editor.item_editor.instructions, "Lift both shoulders, hold, let go.")
    assert "Item 2 (Shoulder shrugs)" not in " ".join(str(p) for p in checked.args[0])
    assert len(dialog.readiness.problems) == 3
    # The pages are drawn again for the corrected plan, still marked DRAFT.
    qtbot.waitUntil(lambda: dialog.pdf_bytes() is not None, timeout=20_000)
    text = " ".join(p.extract_text() or "" for p in PdfReader(_as_file(dialog.pdf_bytes())).pages)
    assert "Lift both shoulders" in text and "DRAFT" in text


def test_printing_an_unready_plan_asks_and_makes_a_draft(
    qtbot: Any, window: Any, store: Any, dialogs: Any, questions: Questions, tmp_path: Path
) -> None:
    seeded = seed_unready(store)
    dialog = open_preview(qtbot, window, seeded.plan_id)

    questions.answers.append(False)  # Cancel: nothing printed, nothing saved
    assert not dialog.print_handout()
    assert dialogs.of("print") == []
    title, text, yes = questions.asked[-1]
    assert (title, yes) == (NOT_READY, "Print as draft")
    assert "• Goal 2: has a blank to fill in" in text and "DRAFT" in text

    questions.answers.append(True)
    dialogs.answer("print", False)  # "Print as draft": the printer dialog comes next
    assert not dialog.print_handout()
    assert len(dialogs.of("print")) == 1

    questions.answers.append(True)
    dialogs.answer("save_path", tmp_path / "family.pdf")
    assert dialog.save_pdf() == tmp_path / "family.pdf"
    assert questions.asked[-1][2] == "Save as draft"
    pages = pdf_pages_text(tmp_path / "family.pdf")
    assert len(pages) >= 2 and all("DRAFT" in page for page in pages)


def test_the_main_windows_save_makes_a_draft_too(
    qtbot: Any, window: Any, store: Any, dialogs: Any, questions: Questions, tmp_path: Path
) -> None:
    seeded = seed_unready(store)
    window.open_plan(seeded.plan_id)
    questions.answers.append(False)
    assert window.handouts.save_handout_pdf() is None
    assert dialogs.of("save_path") == []
    questions.answers.append(True)
    dialogs.answer("save_path", tmp_path / "family.pdf")
    assert window.handouts.save_handout_pdf() == tmp_path / "family.pdf"
    assert questions.asked[-1][:1] == (NOT_READY,) and questions.asked[-1][2] == "Save as draft"
    pages = pdf_pages_text(tmp_path / "family.pdf")
    assert pages and all("DRAFT" in page for page in pages)


def test_a_ready_plan_says_so_and_prints_without_draft(
    qtbot: Any, window: Any, store: Any, dialogs: Any, questions: Questions, tmp_path: Path
) -> None:
    seeded = seed_plan(store)
    dialog = open_preview(qtbot, window, seeded.plan_id)
    assert dialog.problems == [] and dialog.readiness.is_ready()
    assert dialog.readiness.heading.text() == "Ready to print: nothing in this plan would print wrong."
    dialogs.answer("print", False)
    assert not dialog.print_handout()
    dialogs.answer("save_path", tmp_path / "family.pdf")
    assert dialog.save_pdf() == tmp_path / "family.pdf"
    assert questions.asked == []  # nothing asked
    pages = pdf_pages_text(tmp_path / "family.pdf")
    assert pages and not any("DRAFT" in page for page in pages)


def test_many_problems_scroll_inside_a_panel_of_capped_height(
    qtbot: Any, window: Any, store: Any, library: Any
) -> None:
    goals = tuple(Goal(GoalDomain.PAIN, f"Pain ___ out of 10 at {n} o'clock") for n in range(1, 25))
    plan = Plan(title="Many blanks", category=Category.CERVICAL, goals=goals, interventions=(exercise(),))
    with store.sessions.begin() as session:
        seeded = create_plan(session, PlanRecord(plan, Patient("Amira", "Okafor", dt.date(2016, 3, 14))), None)
    window.show()
    qtbot.waitExposed(window)
    dialog = open_preview(qtbot, window, seeded.plan_id)
    assert len(dialog.problems) == 24
    panel = dialog.readiness
    area, grid = panel.list_area, panel.grid
    # Whole rows only: the first VISIBLE_ROWS problems show in full, the next is out of sight.
    qtbot.waitUntil(lambda: area.height() == area.maximumHeight() and grid.itemAtPosition(0, 0).geometry().height() > 0)
    last_shown = max(grid.itemAtPosition(VISIBLE_ROWS - 1, c).geometry().bottom() for c in (0, 1))
    next_top = min(grid.itemAtPosition(VISIBLE_ROWS, c).geometry().top() for c in (0, 1))
    assert last_shown < area.viewport().height() <= next_top
    assert area.verticalScrollBar().maximum() > 0  # the rest scrolls
    qtbot.waitUntil(lambda: dialog.pages.height() > dialog.height() / 2)  # the pages keep most of the dialog


def test_opening_another_plan_closes_the_preview_of_this_one(qtbot: Any, window: Any, store: Any) -> None:
    first = seed_unready(store)
    other = seed_plan(store, given="Ben", family="Adeyemi")
    dialog = open_preview(qtbot, window, first.plan_id)
    assert dialog.isVisible()
    window.open_plan(other.plan_id)
    # Closed, and deleted once an event loop turns (opening waits for its reads with the loop turning).
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible())
    # Its edits reach no closed preview: editing the other plan raises nothing and checks nothing.
    window.editor.focus_field("plan", None, "title")
    qtbot.keyClicks(window.editor.details_page.title, " (reviewed)")
    assert window.editor.record().plan.title.endswith("(reviewed)")
