"""The assessment form: one dated re-evaluation of a patient against their plan.

One section per measure: Goal Attainment Scaling for each goal of the plan (its five levels
shown, the level reached chosen), pain (with the scale it was rated on), the dystonia scales
suited to the plan's category (public-domain scales item by item with each item's descriptors,
licensed ones as totals with the reason), GMFCS and MACS levels, range of motion, hip migration
and the clinician's findings.  Beside each field the last value recorded, so a change shows at a
glance.  Nothing here is stored: ``assessment()`` builds the core snapshot, whose own checks
(and the form's) give messages naming the field; OK stays refused while any is left.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TypeVar

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from careplan.core.assessments import (
    DEGREES_RANGE,
    Assessment,
    Classification,
    ClassificationLevel,
    GoalRating,
    HipMigration,
    PainRating,
    PainScale,
    RomMeasurement,
    RomMode,
    ScaleScore,
    check_assessment,
)
from careplan.core.enums import GoalDomain, Side
from careplan.core.model import Goal, Plan
from careplan.core.scales import (
    GAS_LEVELS,
    GAS_RATING_RANGE,
    InvalidValue,
    RomMovement,
    ScaleDefinition,
    ScaleItem,
    Subscale,
)
from careplan.errors import UserFacingError
from careplan.ui.date_field import DateField
from careplan.ui.formatting import GAS_MEANINGS, format_date, gas_level
from careplan.ui.screen import fit_on_screen
from careplan.ui.widgets import ProblemLabel, named

T = TypeVar("T")

PAIN_SCALE_NAMES = {
    PainScale.NRS: "Numeric rating 0-10 (self-report)",
    PainScale.FACES: "Faces scale (self-report by a child: 0, 2, 4, 6, 8, 10)",
    PainScale.FLACC: "FLACC (observed)",
    PainScale.R_FLACC: "r-FLACC (observed, for people with cognitive impairment)",
}
ROMAN = ("I", "II", "III", "IV", "V")
#: The form's name for each field the core's checks name (``InvalidValue.field``).
_SECTIONS = {
    "date": "Date",
    "therapist": "Therapist",
    "goals": "Assessment",
    "goal_text": "Goal Attainment Scaling",
    "achieved": "Goal Attainment Scaling",
    "baseline": "Goal Attainment Scaling",
    "importance": "Goal Attainment Scaling",
    "difficulty": "Goal Attainment Scaling",
    "levels": "Goal Attainment Scaling",
    "score": "Pain",
    "site": "Pain, where",
    "scale": "Dystonia scales",
    "scales": "Dystonia scales",
    "total": "Dystonia scales",
    "subscores": "Dystonia scales",
    "items": "Dystonia scales",
    "system": "Classification levels",
    "level": "Classification levels",
    "classifications": "Classification levels",
    "rom": "Range of motion",
    "movement": "Range of motion",
    "degrees": "Range of motion",
    "left_percent": "Hip migration",
    "right_percent": "Hip migration",
    "findings": "Findings",
}
_NOT_RECORDED = "Not recorded"


@dataclass(frozen=True)
class AssessmentSetting:
    """What the form is about: the plan assessed against, its earlier assessments, the catalog's scales."""

    plan: Plan
    therapist: str
    #: The scales catalog (``Library.scales``); the form offers those that suit the plan's category.
    scales: Sequence[ScaleDefinition]
    movements: Sequence[RomMovement]
    #: Earlier assessments of the patient, any order: the last value of each field is shown beside it.
    history: Sequence[Assessment] = ()
    plan_id: int | None = None
    plan_revision: int | None = None
    patient_name: str = ""
    #: The stored assessment being corrected (the form opens filled with it; saved over it), or None.
    correcting: Assessment | None = None


# --- small builders --------------------------------------------------------------------------------


def _optional_spin(name: str, low: int, high: int, suffix: str = "") -> QSpinBox:
    """A whole number from ``low`` to ``high``, or "Not recorded" (one step below ``low``)."""
    spin = named(QSpinBox(), name)
    spin.setRange(low - 1, high)
    spin.setSpecialValueText(_NOT_RECORDED)
    spin.setValue(low - 1)
    if suffix:
        spin.setSuffix(suffix)
    spin.setAccelerated(True)
    return spin


def _spin_value(spin: QSpinBox) -> int | None:
    return None if spin.value() == spin.minimum() else spin.value()


def _optional_total(name: str, low: float, high: float) -> QDoubleSpinBox:
    spin = named(QDoubleSpinBox(), name)
    spin.setDecimals(1)
    spin.setRange(low - 1, high)
    spin.setSpecialValueText(_NOT_RECORDED)
    spin.setValue(low - 1)
    return spin


def _total_value(spin: QDoubleSpinBox) -> float | None:
    return None if spin.value() <= spin.minimum() else round(spin.value(), 1)


def _last_label(name: str) -> QLabel:
    label = named(QLabel(), f"Last {name}")
    label.setStyleSheet("color: palette(placeholder-text);")
    label.setWordWrap(True)
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return label


def _combo(name: str, entries: Sequence[tuple[str, object]]) -> QComboBox:
    combo = named(QComboBox(), name)
    for text, data in entries:
        combo.addItem(text, data)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(12)
    combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    return combo


def _movement_name(movement: RomMovement) -> str:
    """ "Hip abduction (usual 0-45°)": the usual range helps catch a slip of the finger."""
    return f"{movement.label} (usual {movement.normal_low} to {movement.normal_high}°)"


def _buddy(text: str, widget: QWidget) -> QLabel:
    """A label whose Alt letter moves to ``widget`` (a form row holding a layout gets none by itself)."""
    label = QLabel(text)
    label.setBuddy(widget)
    return label


def _select(combo: QComboBox, data: object) -> None:
    index = combo.findData(data)
    combo.setCurrentIndex(max(index, 0))


def goal_levels(goal: Goal) -> tuple[str, ...]:
    """The five level texts written for ``goal`` at goal setting (-2 … +2), or () when none were."""
    levels = tuple(getattr(goal, "gas", ()) or ())
    return levels if len(levels) == len(GAS_LEVELS) else ()


def _goal_weights(goal: Goal) -> tuple[int, int]:
    return int(getattr(goal, "importance", 2)), int(getattr(goal, "difficulty", 2))


# --- the last values --------------------------------------------------------------------------------


class LastValues:
    """The latest earlier value of each measure, with its date ("6 on 12 Sep 2026")."""

    def __init__(self, history: Sequence[Assessment]) -> None:
        self._newest_first = sorted(history, key=lambda a: a.date, reverse=True)

    def find(self, pick: Callable[[Assessment], T | None]) -> tuple[T, dt.date] | None:
        for assessment in self._newest_first:
            value = pick(assessment)
            if value is not None:
                return value, assessment.date
        return None

    def text(self, pick: Callable[[Assessment], T | None], show: Callable[[T], str] = str) -> str:
        found = self.find(pick)
        if found is None:
            return "Not recorded before"
        value, when = found
        return f"Last: {show(value)} on {format_date(when)}"


def _goal_rating(assessment: Assessment, text: str) -> GoalRating | None:
    return next((g for g in assessment.goals if g.goal_text == text), None)


def _scale_score(assessment: Assessment, code: str) -> ScaleScore | None:
    return next((s for s in assessment.scales if s.scale == code), None)


def _hip(assessment: Assessment, side: str) -> int | None:
    value = getattr(assessment.hips, side, None)
    return None if value is None else int(value)


def _classification(assessment: Assessment, system: Classification) -> int | None:
    return next((c.level for c in assessment.classifications if c.system is system), None)


# --- the sections -----------------------------------------------------------------------------------


class GoalRow(QGroupBox):
    """One goal of the plan: its five levels, the level reached, importance and difficulty."""

    def __init__(self, number: int, goal: Goal, last: LastValues) -> None:
        super().__init__(f"Goal {number}")
        self.goal = goal
        named(self, f"Goal {number}: {goal.text}")
        self.levels = goal_levels(goal)
        text = QLabel(goal.text)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.level = _combo(
            f"Level reached for goal {number}",
            [("Not rated", None)]
            + [
                (f"{gas_level(n)}: {self.levels[i] if self.levels else GAS_MEANINGS[n]}", n)
                for i, n in enumerate(GAS_LEVELS)
            ],
        )
        self.level.setToolTip("The Goal Attainment Scaling level reached: 0 is the expected outcome")
        importance, difficulty = _goal_weights(goal)
        self.importance = named(QSpinBox(), f"Importance of goal {number}", "0 not at all … 3 very important")
        self.difficulty = named(QSpinBox(), f"Difficulty of goal {number}", "0 not at all … 3 very difficult")
        for spin, value in ((self.importance, importance), (self.difficulty, difficulty)):
            spin.setRange(*GAS_RATING_RANGE)
            spin.setValue(value)
        self.last = _last_label(f"level of goal {number}")
        self.last.setText(last.text(lambda a: _goal_rating(a, goal.text), lambda r: gas_level(r.achieved)))
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        if self.levels:
            listing = QLabel(
                "<br>".join(f"<b>{gas_level(n)}</b> {_escape(t)}" for n, t in zip(GAS_LEVELS, self.levels, strict=True))
            )
            listing.setWordWrap(True)
            named(listing, f"The five levels of goal {number}")
            layout.addWidget(listing)
        grid = QGridLayout()
        reached = QLabel("Level reached:")  # no Alt letter: every goal has one (Tab reaches each)
        reached.setBuddy(self.level)
        grid.addWidget(reached, 0, 0)
        grid.addWidget(self.level, 0, 1, 1, 3)
        grid.addWidget(self.last, 1, 1, 1, 3)
        grid.addWidget(QLabel("Importance (0-3):"), 2, 0)
        grid.addWidget(self.importance, 2, 1)
        grid.addWidget(QLabel("Difficulty (0-3):"), 2, 2)
        grid.addWidget(self.difficulty, 2, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        layout.addLayout(grid)

    def rating(self) -> GoalRating | None:
        achieved = self.level.currentData()
        if achieved is None:
            return None
        return GoalRating(
            goal_text=self.goal.text,
            achieved=int(achieved),
            importance=self.importance.value(),
            difficulty=self.difficulty.value(),
            levels=self.levels,
            goal_code=self.goal.code,
        )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class ScaleSection(QGroupBox):
    """One dystonia scale: every item with its descriptors (public domain), or the totals (licensed)."""

    def __init__(self, scale: ScaleDefinition, last: LastValues) -> None:
        super().__init__(scale.name)
        self.scale = scale
        named(self, scale.name)
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.item_boxes: list[tuple[ScaleItem, QComboBox]] = []
        self.total: QDoubleSpinBox | None = None
        self.subscale_spins: list[tuple[Subscale, QDoubleSpinBox]] = []
        previous = last.find(lambda a: _scale_score(a, scale.code))
        if scale.items:
            for item in scale.items:
                entries: list[tuple[str, object]] = [("Not scored", None)]
                words: dict[int, str] = {}
                for score in range(item.low, item.high + 1):
                    index = score - item.low
                    words[score] = item.descriptors[index] if index < len(item.descriptors) else ""
                    entries.append((f"{score}: {_short(words[score])}" if words[score] else str(score), score))
                box = _combo(f"{scale.name}: {item.name}", entries)
                for row, (_text, value) in enumerate(entries):
                    if isinstance(value, int) and words[value]:  # each score's meaning in full, in the list too
                        box.setItemData(row, f"{value}: {words[value]}", Qt.ItemDataRole.ToolTipRole)
                before = dict(previous[0].items).get(item.code) if previous else None
                box.setToolTip(f"Last: {before}" if before is not None else "Not scored before")
                meaning = _last_label(f"{scale.name} {item.name}: what the score means")
                cell = QVBoxLayout()
                cell.setSpacing(0)
                cell.addWidget(box)
                cell.addWidget(meaning)
                form.addRow(_buddy(f"{item.name}:", box), cell)
                box.currentIndexChanged.connect(self._show_total)
                box.currentIndexChanged.connect(partial(_show_meaning, box, meaning, words))
                _show_meaning(box, meaning, words)
                self.item_boxes.append((item, box))
            self.total_label = named(QLabel(), f"{scale.name} total")
            form.addRow("Total:", self.total_label)
            self._show_total()
        else:
            note = QLabel(
                (scale.licence_note or "Recorded as totals only.") + f" Total {_range(scale.low, scale.high)}."
            )
            note.setWordWrap(True)
            named(note, f"Why {scale.name} is recorded as totals only")
            form.addRow(note)
            if scale.subscales:
                for sub in scale.subscales:
                    spin = _optional_total(f"{scale.name} {sub.name}", sub.low, sub.high)
                    form.addRow(f"{sub.name} ({_range(sub.low, sub.high)}):", spin)
                    self.subscale_spins.append((sub, spin))
            else:
                self.total = _optional_total(f"{scale.name} total", scale.low, scale.high)
                form.addRow(f"Total ({_range(scale.low, scale.high)}):", self.total)
        self.last = _last_label(f"{scale.name} total")
        self.last.setText(last.text(lambda a: _total_of(_scale_score(a, scale.code)), _number))
        form.addRow("", self.last)

    def _scored(self) -> list[tuple[str, int]]:
        return [(item.code, int(box.currentData())) for item, box in self.item_boxes if box.currentData() is not None]

    def _show_total(self) -> None:
        scored = self._scored()
        if not scored:
            self.total_label.setText("Not scored")
        elif len(scored) < len(self.item_boxes):
            self.total_label.setText(f"{len(scored)} of {len(self.item_boxes)} items scored")
        else:
            self.total_label.setText(str(sum(score for _code, score in scored)))

    def score(self) -> ScaleScore | None:
        """The scores entered (None: nothing); the catalog's check adds up the total and refuses a part missing."""
        if self.item_boxes:
            scored = self._scored()
            return ScaleScore(self.scale.code, items=tuple(scored)) if scored else None
        if self.subscale_spins:
            subs = tuple(
                (sub.code, value) for sub, spin in self.subscale_spins if (value := _total_value(spin)) is not None
            )
            return ScaleScore(self.scale.code, subscores=subs) if subs else None
        total = _total_value(self.total) if self.total is not None else None
        return None if total is None else ScaleScore(self.scale.code, total=total)


def _show_meaning(box: QComboBox, meaning: QLabel, words: dict[int, str], _index: int = 0) -> None:
    """The chosen score's meaning in full under its list (hidden while the item is not scored)."""
    score = box.currentData()
    meaning.setText(words.get(score, "") if score is not None else "")
    meaning.setVisible(bool(meaning.text()))


def _short(descriptor: str) -> str:
    """ "Slight" of "Slight: grimacing …": the name of the score, for the closed list (its meaning shows below)."""
    head, colon, _rest = descriptor.partition(":")
    return head.strip() if colon else descriptor.strip().rstrip(".")


def _total_of(score: ScaleScore | None) -> float | None:
    return None if score is None else score.total


def _number(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _range(low: float, high: float) -> str:
    return f"{_number(float(low))}-{_number(float(high))}"


class RomRow(QWidget):
    """One range-of-motion measurement: movement, side, active or passive, degrees, and Remove."""

    def __init__(self, number: int, movements: Sequence[RomMovement], remove: Callable[[RomRow], None]) -> None:
        super().__init__()
        self.movement = _combo(
            f"Movement {number}", [("Choose the movement", None)] + [(_movement_name(m), m.code) for m in movements]
        )
        self.side = _combo(f"Side {number}", [(s.label, s) for s in (Side.LEFT, Side.RIGHT)] + [("No side", None)])
        self.mode = _combo(f"Active or passive {number}", [("Passive", RomMode.PASSIVE), ("Active", RomMode.ACTIVE)])
        # The movement takes the room (its name and usual range); side and mode are short words.
        self.movement.setMinimumContentsLength(34)
        for short in (self.side, self.mode):
            short.setMinimumContentsLength(7)
            short.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            short.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.degrees = named(QSpinBox(), f"Degrees {number}")
        self.degrees.setRange(*DEGREES_RANGE)
        self.degrees.setSuffix("°")
        self.remove = named(QPushButton("Remove"), f"Remove measurement {number}")
        self.remove.clicked.connect(lambda: remove(self))
        self.last = _last_label(f"measurement {number}")
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.movement, 3)
        top.addWidget(self.side, 1)
        top.addWidget(self.mode, 1)
        top.addWidget(self.degrees)
        top.addWidget(self.remove)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.last)

    def key(self) -> tuple[str | None, Side | None, RomMode]:
        side = self.side.currentData()
        return self.movement.currentData(), Side(side) if side else None, RomMode(self.mode.currentData())

    def measurement(self) -> RomMeasurement | None:
        code, side, mode = self.key()
        if code is None:
            return None
        return RomMeasurement(movement=code, degrees=self.degrees.value(), side=side, mode=mode)


# --- the dialog --------------------------------------------------------------------------------------


def correction_goals(goals: Sequence[Goal], assessment: Assessment | None) -> list[Goal]:
    """The goals a form shows: the plan's, and when correcting, each goal the assessment rated that the
    plan no longer has (rebuilt from the rating's snapshot), so a correction never drops a rating."""
    shown = list(goals)
    texts = {g.text for g in shown}
    for rating in assessment.goals if assessment is not None else ():
        if rating.goal_text not in texts:
            shown.append(
                Goal(
                    GoalDomain.OTHER,
                    rating.goal_text,
                    code=rating.goal_code,
                    gas=rating.levels,
                    importance=rating.importance,
                    difficulty=rating.difficulty,
                )
            )
            texts.add(rating.goal_text)
    return shown


class AssessmentDialog(QDialog):
    """A new assessment of the patient against ``setting.plan``, or the correction of a stored one
    (``setting.correcting``: the form opens filled with it)."""

    def __init__(
        self, setting: AssessmentSetting, parent: QWidget | None = None, today: Callable[[], dt.date] = dt.date.today
    ) -> None:
        super().__init__(parent)
        self.setting = setting
        self._today = today
        self._last = LastValues(setting.history)
        who = f" of {setting.patient_name}" if setting.patient_name else ""
        original = setting.correcting
        dated = f" of {format_date(original.date)}" if original is not None else ""
        self.setWindowTitle(f"Correct the assessment{dated}{who}" if original is not None else f"Assessment{who}")
        named(self, self.windowTitle())

        self.body = QWidget()
        self.sections = QVBoxLayout(self.body)
        self._build_when()
        self._build_goals()
        self._build_pain()
        self._build_scales()
        self._build_classification()
        self._build_rom()
        self._build_hips()
        self._build_findings()
        self.sections.addStretch(1)

        self.scroller = QScrollArea()
        self.scroller.setWidget(self.body)
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.problem = ProblemLabel("the assessment")
        named(self.problem, "Problems with the assessment")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        saving = "Save correction" if original is not None else "Save assessment"
        self.ok_button.setText(saving)
        named(self.ok_button, saving)
        named(self.buttons.button(QDialogButtonBox.StandardButton.Cancel), "Cancel")
        self.buttons.accepted.connect(self._on_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroller, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self._fitted = False
        self._result: Assessment | None = None
        if original is not None:
            self._fill(original)

    # -- building

    def _box(self, title: str) -> QFormLayout:
        box = named(QGroupBox(title), title)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.sections.addWidget(box)
        return form

    def _build_when(self) -> None:
        form = self._box("When and by whom")
        self.date = DateField("Date of the assessment", allow_future=False, today=self._today)
        self.date.set_date(self._today())
        self.therapist = named(QLineEdit(self.setting.therapist), "Therapist")
        self.therapist.setMaxLength(200)
        self.therapist.setPlaceholderText("Who assessed, e.g. Jo Patel")
        form.addRow("&Date:", self.date)
        form.addRow("T&herapist:", self.therapist)
        self.therapist.textChanged.connect(lambda _t: self.validate())
        self.date.problem_changed.connect(lambda _p: self.validate())

    def _build_goals(self) -> None:
        box = named(QGroupBox("Goal Attainment Scaling"), "Goal Attainment Scaling")
        layout = QVBoxLayout(box)
        goals = correction_goals(self.setting.plan.goals, self.setting.correcting)
        self.goal_rows = [GoalRow(i, goal, self._last) for i, goal in enumerate(goals, 1)]
        if not self.goal_rows:
            none = QLabel("This plan has no goals yet: add goals in the plan to rate them here.")
            none.setWordWrap(True)
            layout.addWidget(none)
        for row in self.goal_rows:
            layout.addWidget(row)
        self.sections.addWidget(box)

    def _build_pain(self) -> None:
        form = self._box("Pain")
        self.pain_scale = _combo("Pain scale", [(text, scale) for scale, text in PAIN_SCALE_NAMES.items()])
        self.pain = _optional_spin("Pain score", 0, 10)
        self.pain_site = named(QLineEdit(), "Where the pain is")
        self.pain_site.setMaxLength(200)
        self.pain_site.setPlaceholderText("e.g. neck, left hip (optional)")
        self.pain_last = _last_label("pain score")
        self.pain_last.setText(self._last.text(lambda a: a.pain[0] if a.pain else None, lambda p: _pain_text(p)))
        found = self._last.find(lambda a: a.pain[0] if a.pain else None)
        if found is not None:
            _select(self.pain_scale, found[0].scale)
        form.addRow("Pain &scale:", self.pain_scale)
        form.addRow("&Pain (0-10):", self.pain)
        form.addRow("", self.pain_last)
        form.addRow("Wh&ere:", self.pain_site)
        self.pain_scale.currentIndexChanged.connect(self._pain_scale_changed)
        self.pain.valueChanged.connect(lambda _v: self.validate())
        self._pain_scale_changed()

    def pain_scale_chosen(self) -> PainScale:
        """The scale chosen (Qt gives the item's data back as a plain string)."""
        return PainScale(self.pain_scale.currentData())

    def _pain_scale_changed(self) -> None:
        faces = self.pain_scale_chosen() is PainScale.FACES
        self.pain.setSingleStep(2 if faces else 1)
        self.validate()

    def _build_scales(self) -> None:
        self.scale_sections = [
            ScaleSection(scale, self._last) for scale in self.setting.scales if scale.suits(self.setting.plan.category)
        ]
        if not self.scale_sections:
            return
        box = named(QGroupBox("Dystonia scales"), "Dystonia scales")
        layout = QVBoxLayout(box)
        for section in self.scale_sections:
            layout.addWidget(section)
            for _item, combo in section.item_boxes:
                combo.currentIndexChanged.connect(lambda _i: self.validate())
        self.sections.addWidget(box)

    def _build_classification(self) -> None:
        form = self._box("Classification levels")
        levels: list[tuple[str, object]] = [(_NOT_RECORDED, None)] + [(f"Level {r}", n) for n, r in enumerate(ROMAN, 1)]
        self.gmfcs = _combo("GMFCS level", levels)
        self.macs = _combo("MACS level", levels)
        for system, combo, label in (
            (Classification.GMFCS, self.gmfcs, "&GMFCS (gross motor):"),
            (Classification.MACS, self.macs, "&MACS (hand use):"),
        ):
            last = _last_label(f"{system.value.upper()} level")
            last.setText(self._last.text(partial(_classification, system=system), lambda n: f"level {ROMAN[n - 1]}"))
            row = QHBoxLayout()
            row.addWidget(combo, 1)
            row.addWidget(last, 1)
            form.addRow(_buddy(label, combo), row)
        if self.setting.plan.gmfcs_level is not None:
            _select(self.gmfcs, self.setting.plan.gmfcs_level)

    def _build_rom(self) -> None:
        box = named(QGroupBox("Range of motion"), "Range of motion")
        layout = QVBoxLayout(box)
        self.rom_rows_layout = QVBoxLayout()
        self.rom_rows: list[RomRow] = []
        self.add_rom = named(QPushButton("&Add a measurement"), "Add a range of motion measurement")
        self.add_rom.clicked.connect(lambda: self.add_rom_row(focus=True))
        self.add_rom.setEnabled(bool(self.setting.movements))
        layout.addLayout(self.rom_rows_layout)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_rom)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.sections.addWidget(box)

    def add_rom_row(self, *, focus: bool = False) -> RomRow:
        row = RomRow(len(self.rom_rows) + 1, self.setting.movements, self.remove_rom_row)
        for signal in (row.movement.currentIndexChanged, row.side.currentIndexChanged, row.mode.currentIndexChanged):
            signal.connect(lambda _i, row=row: self._rom_changed(row))
        row.degrees.valueChanged.connect(lambda _v: self.validate())
        self.rom_rows.append(row)
        self.rom_rows_layout.addWidget(row)
        self._rom_changed(row)
        if focus:
            row.movement.setFocus()
        return row

    def remove_rom_row(self, row: RomRow) -> None:
        self.rom_rows.remove(row)
        self.rom_rows_layout.removeWidget(row)
        row.deleteLater()
        self.add_rom.setFocus()
        self.validate()

    def _rom_changed(self, row: RomRow) -> None:
        code, side, mode = row.key()
        if code is None:
            row.last.setText("")
        else:
            row.last.setText(
                self._last.text(
                    lambda a: next(
                        (m.degrees for m in a.rom if (m.movement, m.side, m.mode) == (code, side, mode)), None
                    ),
                    lambda d: f"{d}°",
                )
            )
        self.validate()

    def _build_hips(self) -> None:
        form = self._box("Hip migration (from the X-ray)")
        self.hip_left = _optional_spin("Left hip migration percentage", 0, 100, " %")
        self.hip_right = _optional_spin("Right hip migration percentage", 0, 100, " %")
        for spin, label, side in (
            (self.hip_left, "&Left hip:", "left_percent"),
            (self.hip_right, "R&ight hip:", "right_percent"),
        ):
            last = _last_label(f"{side.split('_')[0]} hip migration")
            last.setText(self._last.text(partial(_hip, side=side), lambda p: f"{p} %"))
            row = QHBoxLayout()
            row.addWidget(spin)
            row.addWidget(last, 1)
            form.addRow(_buddy(label, spin), row)

    def _build_findings(self) -> None:
        form = self._box("Findings (clinician only)")
        note = QLabel("For clinicians only: findings are never printed on a family or school page.")
        note.setWordWrap(True)
        self.findings = named(QPlainTextEdit(), "Findings, clinician only")
        self.findings.setTabChangesFocus(True)
        self.findings.setFixedHeight(self.fontMetrics().lineSpacing() * 5 + 12)
        self.findings.textChanged.connect(self.validate)
        form.addRow(note)
        form.addRow("&Findings:", self.findings)

    # -- a correction: the stored values in the fields

    def _fill(self, stored: Assessment) -> None:
        """Every field the form shows, set to the stored assessment's value."""
        self.date.set_date(stored.date)
        self.therapist.setText(stored.therapist)
        ratings = {r.goal_text: r for r in stored.goals}
        for row in self.goal_rows:
            rating = ratings.get(row.goal.text)
            _select(row.level, rating.achieved if rating else None)
            if rating is not None:
                row.importance.setValue(rating.importance)
                row.difficulty.setValue(rating.difficulty)
        if stored.pain:
            first = stored.pain[0]
            _select(self.pain_scale, first.scale)
            self.pain.setValue(first.score)
            self.pain_site.setText(first.site or "")
        scores = {s.scale: s for s in stored.scales}
        for section in self.scale_sections:
            _fill_scale(section, scores.get(section.scale.code))
        levels = {c.system: c.level for c in stored.classifications}
        _select(self.gmfcs, levels.get(Classification.GMFCS))
        _select(self.macs, levels.get(Classification.MACS))
        for measurement in stored.rom:
            rom = self.add_rom_row()
            _select(rom.movement, measurement.movement)
            _select(rom.side, measurement.side)
            _select(rom.mode, measurement.mode)
            rom.degrees.setValue(measurement.degrees)
        hips = stored.hips
        for spin, value in (
            (self.hip_left, hips.left_percent if hips else None),
            (self.hip_right, hips.right_percent if hips else None),
        ):
            spin.setValue(spin.minimum() if value is None else value)
        self.findings.setPlainText(stored.findings or "")
        self.validate()

    def _kept(self, entered: Assessment) -> Assessment:
        """A correction keeps what the form does not show (a goal's baseline and comment, a second pain
        rating, a scale that does not suit the plan's category) and the stored record's id, version and link."""
        stored = self.setting.correcting
        if stored is None:
            return entered
        ratings = {r.goal_text: r for r in stored.goals}
        goals = tuple(
            dataclasses.replace(g, baseline=old.baseline, comment=old.comment)
            if (old := ratings.get(g.goal_text))
            else g
            for g in entered.goals
        )
        shown = {section.scale.code for section in self.scale_sections}
        return dataclasses.replace(
            entered,
            goals=goals,
            pain=entered.pain + stored.pain[1:],
            scales=entered.scales + tuple(s for s in stored.scales if s.scale not in shown),
            plan_id=stored.plan_id,
            plan_revision=stored.plan_revision,
            id=stored.id,
            version=stored.version,
        )

    # -- sizing

    def sizeHint(self) -> QSize:
        return QSize(760, 900)

    def showEvent(self, event: QShowEvent) -> None:
        if not self._fitted:
            self._fitted = True
            fit_on_screen(self, QSize(max(self.body.minimumSizeHint().width() + 48, 760), 900))
        super().showEvent(event)

    # -- reading and checking

    def problems(self) -> list[str]:
        """What stops the assessment being saved, each naming its field in a therapist's words."""
        found: list[str] = []
        if self.date.problem():
            found.append(f"Date: {self.date.problem()}")
        elif self.date.date() is None:
            found.append("Date: enter the date of the assessment.")
        if not self.therapist.text().strip():
            found.append("Therapist: enter the name of the therapist who assessed.")
        seen: set[tuple[object, ...]] = set()
        for number, row in enumerate(self.rom_rows, 1):
            key = row.key()
            if key[0] is None:
                found.append(f"Range of motion, row {number}: choose the movement, or remove the row.")
            elif key in seen:
                found.append(f"Range of motion, row {number}: this movement, side and mode is already measured above.")
            seen.add(key)
        if not found:
            found += self._core_problem()
        return found

    def checked(self) -> Assessment:
        """The assessment as entered, checked by the core and against the scales catalog (totals added up)."""
        return check_assessment(self.assessment(), self.setting.scales, self.setting.movements)

    def _core_problem(self) -> list[str]:
        """The first refusal of the core's checks (ranges, faces scores, a scale's parts), in the form's words."""
        try:
            self.checked()
        except InvalidValue as exc:
            return [f"{_SECTIONS.get(exc.field, exc.field)}: {_sentence(exc.reason)}"]
        except (ValueError, UserFacingError) as exc:
            return [_sentence(str(exc))]
        return []

    def validate(self) -> bool:
        if not hasattr(self, "ok_button"):
            return False  # still being built
        found = self.problems()
        self.problem.show_problem("\n".join(found) if found else None)
        self.ok_button.setEnabled(not found)
        return not found

    def assessment(self) -> Assessment:
        """The assessment as entered; raises the core's refusal (a message naming the field) on a bad value."""
        date = self.date.date()
        if date is None:
            raise ValueError("Date: enter the date of the assessment.")
        pain = _spin_value(self.pain)
        left, right = _spin_value(self.hip_left), _spin_value(self.hip_right)
        classifications = tuple(
            ClassificationLevel(system, int(combo.currentData()))
            for system, combo in ((Classification.GMFCS, self.gmfcs), (Classification.MACS, self.macs))
            if combo.currentData() is not None
        )
        findings = self.findings.toPlainText().strip()
        entered = Assessment(
            date=date,
            therapist=" ".join(self.therapist.text().split()),
            goals=tuple(r for row in self.goal_rows if (r := row.rating()) is not None),
            pain=(
                (PainRating(pain, self.pain_scale_chosen(), " ".join(self.pain_site.text().split()) or None),)
                if pain is not None
                else ()
            ),
            scales=tuple(s for section in self.scale_sections if (s := section.score()) is not None),
            classifications=classifications,
            rom=tuple(m for row in self.rom_rows if (m := row.measurement()) is not None),
            hips=HipMigration(left, right) if left is not None or right is not None else None,
            findings=findings or None,
            plan_id=self.setting.plan_id,
            plan_revision=self.setting.plan_revision,
        )
        return self._kept(entered)

    def _on_accept(self) -> None:
        if not self.validate():
            return
        found = self._core_problem()
        if found:
            self.problem.show_problem(found[0])
            return
        self._result = self.checked()
        self.accept()

    def result_assessment(self) -> Assessment | None:
        return self._result

    @classmethod
    def ask(cls, parent: QWidget | None, setting: AssessmentSetting) -> Assessment | None:
        dialog = cls(setting, parent)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.result_assessment()


def _fill_scale(section: ScaleSection, score: ScaleScore | None) -> None:
    """A scale's fields set to a stored score (items, subscores or the total; "not scored" when none)."""
    items = dict(score.items) if score else {}
    for item, box in section.item_boxes:
        _select(box, items.get(item.code))
    subscores = dict(score.subscores) if score else {}
    for sub, spin in section.subscale_spins:
        value = subscores.get(sub.code)
        spin.setValue(spin.minimum() if value is None else value)
    if section.total is not None:
        total = score.total if score else None
        section.total.setValue(section.total.minimum() if total is None else total)


def _sentence(text: str) -> str:
    """The core's reason ended with a full stop, as the form's own messages are."""
    text = text.strip()
    return text.rstrip(".") + "." if text else text


def _pain_text(rating: PainRating) -> str:
    return f"{rating.score} ({rating.scale.name.replace('_', '-')})"
