"""The assessment form, driven through its real widgets: what it builds, what it shows, what it refuses."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel

from careplan.catalog.loader import load_library
from careplan.core.assessments import (
    Assessment,
    Classification,
    ClassificationLevel,
    GoalRating,
    HipMigration,
    Injection,
    PainRating,
    PainScale,
    RomMeasurement,
    RomMode,
    ScaleScore,
)
from careplan.core.enums import Category, GoalDomain, Side
from careplan.core.model import Goal, Plan
from careplan.ui.assessment_dialog import AssessmentDialog, AssessmentSetting
from careplan.ui.injection_dialog import InjectionDialog

TODAY = dt.date(2026, 11, 30)


LIBRARY = load_library()
BADS_ITEMS = ("eyes", "mouth", "neck", "trunk", "arm_left", "arm_right", "leg_left", "leg_right")
GOALS = (
    Goal(GoalDomain.MOBILITY, "Sit through a whole lesson"),
    Goal(GoalDomain.PAIN, "Sleep without waking in pain"),
)
EARLIER = Assessment(
    dt.date(2026, 9, 1),
    "Jo Patel",
    goals=(GoalRating("Sit through a whole lesson", -1),),
    pain=(PainRating(6),),
    hips=HipMigration(28, 35),
    rom=(RomMeasurement("hip_abduction", 30, Side.LEFT, RomMode.PASSIVE),),
)


def _dialog(qtbot, category: Category = Category.DYSTONIC_CP, history=(EARLIER,)) -> AssessmentDialog:  # type: ignore[no-untyped-def]
    plan = Plan("Sitting and sleep", category, goals=GOALS, gmfcs_level=4)
    setting = AssessmentSetting(
        plan, "Jo Patel", LIBRARY.scales, LIBRARY.movements, history, plan_id=7, plan_revision=3, patient_name="Amara"
    )
    dialog = AssessmentDialog(setting, today=lambda: TODAY)
    qtbot.addWidget(dialog)
    return dialog


def _choose(combo: QComboBox, data: object) -> None:
    combo.setCurrentIndex(combo.findData(data))


def _rom(dialog: AssessmentDialog, movement: str, degrees: int) -> None:
    row = dialog.add_rom_row()
    _choose(row.movement, movement)
    row.degrees.setValue(degrees)


def test_a_full_assessment_is_built_from_every_section(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot)
    _choose(dialog.goal_rows[0].level, 1)
    dialog.goal_rows[0].importance.setValue(3)
    _choose(dialog.pain_scale, PainScale.FLACC)
    dialog.pain.setValue(3)
    qtbot.keyClicks(dialog.pain_site, "left hip")
    bads = dialog.scale_sections[0]
    scores = (0, 1, 2, 3, 4, 0, 1, 2)
    for score, (_item, combo) in zip(scores, bads.item_boxes, strict=True):
        _choose(combo, score)
    assert bads.total_label.text() == "13"
    # Each chosen score's meaning shows in full under its list; the list names the score.
    eyes, mouth = bads.item_boxes[0][1], bads.item_boxes[1][1]
    bads_scale = LIBRARY.scale("bads")
    assert bads_scale is not None
    assert mouth.currentText() == "1: " + bads_scale.items[1].descriptors[1].split(":")[0]
    meanings = [label.text() for label in bads.findChildren(QLabel) if label.isVisibleTo(bads)]
    assert bads_scale.items[1].descriptors[1] in meanings and bads_scale.items[0].descriptors[0] in meanings
    assert eyes.itemData(2, Qt.ItemDataRole.ToolTipRole) == "1: " + bads_scale.items[0].descriptors[1]
    _choose(dialog.macs, 3)
    row = dialog.add_rom_row()
    _choose(row.movement, "hip_abduction")
    _choose(row.side, Side.LEFT)
    row.degrees.setValue(35)
    dialog.hip_left.setValue(31)
    qtbot.keyClicks(dialog.findings, "Less truncal extension when seated.")
    assert dialog.validate(), dialog.problems()

    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    got = dialog.result_assessment()
    assert got is not None
    assert (got.date, got.therapist, got.plan_id, got.plan_revision) == (TODAY, "Jo Patel", 7, 3)
    assert got.goals == (GoalRating("Sit through a whole lesson", 1, importance=3, difficulty=2),)
    assert got.pain == (PainRating(3, PainScale.FLACC, "left hip"),)
    # The total is added up by the scales catalog's check of the BADS.
    assert got.scales == (ScaleScore("bads", total=13.0, items=tuple(zip(BADS_ITEMS, scores, strict=True))),)
    assert got.classifications == (
        ClassificationLevel(Classification.GMFCS, 4),  # from the plan
        ClassificationLevel(Classification.MACS, 3),
    )
    assert got.rom == (RomMeasurement("hip_abduction", 35, Side.LEFT, RomMode.PASSIVE),)
    # The enums come back as enums, not as the strings Qt keeps in the combo boxes.
    assert got.rom[0].side is Side.LEFT and got.rom[0].mode is RomMode.PASSIVE and got.pain[0].scale is PainScale.FLACC
    assert got.hips == HipMigration(31, None)
    assert got.findings == "Less truncal extension when seated."


def test_only_the_scales_of_the_plans_category_are_offered_licensed_ones_as_totals_with_the_reason(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, Category.CERVICAL, history=())
    assert [s.scale.code for s in dialog.scale_sections] == ["twstrs", "twstrs2", "tsui", "cdq24", "cdip58"]
    section = dialog.scale_sections[0]
    assert not section.item_boxes
    texts = [label.text() for label in section.findChildren(QLabel)]
    assert any(LIBRARY.scale("twstrs").licence_note in t for t in texts)  # type: ignore[union-attr]
    for (_sub, spin), value in zip(section.subscale_spins, (20, 11, 5), strict=True):
        spin.setValue(value)
    assert dialog.validate(), dialog.problems()
    assert dialog.checked().scales == (
        ScaleScore("twstrs", total=36.0, subscores=(("severity", 20.0), ("disability", 11.0), ("pain", 5.0))),
    )
    # A total above the scale's range cannot be typed: the spin box stops at the maximum.
    section.subscale_spins[0][1].setValue(99)
    assert section.subscale_spins[0][1].value() == 35


def test_the_last_values_show_beside_their_fields(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot)
    assert dialog.goal_rows[0].last.text() == "Last: -1 on 1 Sep 2026"
    assert dialog.goal_rows[1].last.text() == "Not recorded before"
    assert dialog.pain_last.text() == "Last: 6 (NRS) on 1 Sep 2026"
    row = dialog.add_rom_row()
    _choose(row.movement, "hip_abduction")
    _choose(row.side, Side.LEFT)
    assert row.last.text() == "Last: 30° on 1 Sep 2026"
    _choose(row.side, Side.RIGHT)
    assert row.last.text() == "Not recorded before"


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (lambda d: d.therapist.clear(), "Therapist: enter the name of the therapist who assessed."),
        (lambda d: d.date.set_date(None), "Date: enter the date of the assessment."),
        (lambda d: d.date.set_date(TODAY + dt.timedelta(days=1)), "Date: "),
        (
            lambda d: (_choose(d.pain_scale, PainScale.FACES), d.pain.setValue(3)),
            "Pain: on the faces scale the score is 0, 2, 4, 6, 8 or 10 (got 3).",
        ),
        (
            lambda d: _choose(d.scale_sections[0].item_boxes[0][1], 2),
            "Dystonia scales: score every part of the BADS; missing: Mouth",
        ),
        (
            lambda d: d.scale_sections[2].total.setValue(12.5),  # type: ignore[union-attr]
            "Dystonia scales: the BFMDRS disability total must be a whole number from 0 to 30 (got 12.5).",
        ),
        (lambda d: d.add_rom_row(), "Range of motion, row 1: choose the movement"),
        (
            lambda d: _rom(d, "hip_abduction", 120),
            "Range of motion: 120 degrees of hip abduction is outside the plausible range -30 to 90 degrees",
        ),
        (lambda d: d.findings.setPlainText("x" * 10_001), "Findings: the findings must be at most 10000 characters"),
        (
            lambda d: (d.goal_rows[0].level.setCurrentIndex(0), d.gmfcs.setCurrentIndex(0)),
            "Assessment: record at least one goal rating",
        ),
    ],
)
def test_a_bad_value_is_named_and_nothing_is_given_back(qtbot, spoil, message) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot)
    _choose(dialog.goal_rows[0].level, 0)  # something recorded: only the spoiled value is wrong
    assert dialog.validate(), dialog.problems()
    spoil(dialog)
    assert not dialog.validate()
    assert not dialog.ok_button.isEnabled()
    assert message in dialog.problem.text()
    dialog._on_accept()
    assert dialog.result_assessment() is None
    assert dialog.result() != dialog.DialogCode.Accepted


def test_the_same_movement_twice_is_refused(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot)
    _choose(dialog.goal_rows[0].level, 0)
    for _ in range(2):
        row = dialog.add_rom_row()
        _choose(row.movement, "knee_extension")
    assert "row 2: this movement, side and mode is already measured" in dialog.problem.text()
    dialog.remove_rom_row(dialog.rom_rows[1])
    assert dialog.validate()


# --- the injection dialog --------------------------------------------------------------------------


def test_an_injection_is_recorded_with_its_optional_product_and_dose(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = InjectionDialog("Dr Ahmed", "Amara", today=lambda: TODAY)
    qtbot.addWidget(dialog)
    dialog.date.set_date(dt.date(2026, 11, 2))
    qtbot.keyClicks(dialog.muscles, "left  hamstrings")
    qtbot.keyClicks(dialog.dose, "200 units")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result_injection() == Injection(
        dt.date(2026, 11, 2), "left hamstrings", "Dr Ahmed", product=None, dose="200 units"
    )


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (lambda d: d.given_by.clear(), "Given by: enter who gave the injection"),
        (lambda d: d.muscles.setText("   "), "Muscles or region: say which muscles"),
        (lambda d: d.date.set_date(TODAY + dt.timedelta(days=3)), "Date: "),
    ],
)
def test_a_bad_injection_is_named_and_nothing_is_given_back(qtbot, spoil, message) -> None:  # type: ignore[no-untyped-def]
    dialog = InjectionDialog("Dr Ahmed", today=lambda: TODAY)
    qtbot.addWidget(dialog)
    dialog.muscles.setText("neck")
    assert dialog.validate()
    spoil(dialog)
    assert not dialog.ok_button.isEnabled()
    assert message in dialog.problem.text()
    dialog._on_accept()
    assert dialog.result_injection() is None
