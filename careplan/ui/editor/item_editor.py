"""The editor for the selected item: wording, dosage, kind-specific fields, audiences, photo, cautions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from careplan.core.enums import Audience, EquipmentStatus, Kind, Setting, Side
from careplan.core.model import DOSAGE_RANGES, SCHOOL_DAYS_RANGE, TITLE_MAX, Dosage, Intervention, Plan
from careplan.core.wording import DOSAGE_HEADINGS, dosage_sentence
from careplan.figures.sides import figure_side, side_words
from careplan.ui.editor import photo as photo_files
from careplan.ui.editor.bindings import Binder
from careplan.ui.editor.document import PlanDocument
from careplan.ui.editor.widgets import CautionBox, OptionalSpinBox, ProblemLabel, TextBox, buddy_label
from careplan.ui.figure_widget import PicturePreview, screen_figures

#: Fields shown only for some kinds (a value already there is shown whatever the kind).
_KIND_ROWS: dict[str, tuple[Kind, ...]] = {
    "dosage": (Kind.EXERCISE, Kind.EQUIPMENT),
    "school_days": (Kind.EXERCISE, Kind.EQUIPMENT),
    "side": (Kind.EXERCISE, Kind.ORTHOSIS, Kind.EQUIPMENT),
    "wear_schedule": (Kind.ORTHOSIS,),
    "skin_checks": (Kind.ORTHOSIS,),
    "status": (Kind.EQUIPMENT,),
    "setting": (Kind.ADVICE,),
    "referral_to": (Kind.REFERRAL,),
    "referral_reason": (Kind.REFERRAL,),
}

_AUDIENCE_TEXT = {a: a.handout_name for a in Audience}

#: The side list in words: label, value, explanation (the enum's, after "not recorded yet").
_SIDES: list[tuple[str, Side | None, str]] = [("Not given", None, "The side is not recorded yet")] + [
    (side.label, side, side.description) for side in Side
]


def _options(enum: type[EquipmentStatus] | type[Setting], none_label: str) -> list[tuple[str, object]]:
    options: list[tuple[str, object]] = [(none_label, None)]
    return options + [(member.label, member) for member in enum]


class ItemEditor(QScrollArea):
    """Edits the item in ``row`` of the plan; shows a hint when no item is selected."""

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._row = -1
        self._binder = Binder()
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.stack = QStackedWidget()
        self.empty = QLabel("Select an item in the list to edit it here.")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.stack.addWidget(self.empty)
        self.form_page = QWidget()
        self.stack.addWidget(self.form_page)
        self.setWidget(self.stack)

        outer = QVBoxLayout(self.form_page)
        outer.setContentsMargins(4, 0, 8, 8)
        self.cautions = CautionBox()
        outer.addWidget(self.cautions)
        self.heading = QLabel()
        self.heading.setObjectName("paneHeading")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        outer.addWidget(self.heading)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._form = form
        outer.addLayout(form)
        self._rows: dict[str, QWidget] = {}

        self.title = QLineEdit()
        self.title.setMaxLength(TITLE_MAX)
        self._binder.line(self.title, self._read("title"), self._commit("title", "Edit item title"), required=True)
        form.addRow(buddy_label("&Title:", self.title, "Item title"), self.title)
        self.title_problem = ProblemLabel()
        form.addRow(self.title_problem)

        self.instructions = TextBox(lines=4)
        self.instructions.setPlaceholderText("What to do, in plain words for the family")
        self._binder.text(
            self.instructions, self._read("instructions"), self._commit("instructions", "Edit instructions")
        )
        form.addRow(buddy_label("Instr&uctions:", self.instructions), self.instructions)

        self.school_instructions = TextBox(lines=2)
        self.school_instructions.setPlaceholderText("Only if school staff need different wording")
        self._binder.text(
            self.school_instructions,
            self._read("school_instructions"),
            self._commit("school_instructions", "Edit school wording"),
        )
        form.addRow(buddy_label("Wording for school:", self.school_instructions), self.school_instructions)

        form.addRow(self._dosage_group())

        # Who does a shared item on which days: the school on this many, home on the rest.
        self.school_days = OptionalSpinBox(*SCHOOL_DAYS_RANGE)
        self.school_days.setSuffix(" days a week")
        self.school_days.setToolTip(
            "For an item on both the family and the school handout: the days a week the school does it. "
            "Home does the rest, so it is neither done twice nor missed."
        )
        self._binder.number(
            self.school_days, self._read("school_days"), self._commit("school_days", "Change school days")
        )
        self._row_for("school_days", buddy_label("School d&oes it on:", self.school_days), self.school_days)

        self.side = QComboBox()
        self._binder.choice(
            self.side, [(t, v) for t, v, _w in _SIDES], self._read("side"), self._commit("side", "Change side")
        )
        for index, (text, _value, why) in enumerate(_SIDES):
            self.side.setItemData(index, why, Qt.ItemDataRole.ToolTipRole)
            self.side.setItemData(index, f"{text}: {why}", Qt.ItemDataRole.AccessibleDescriptionRole)
        self._row_for("side", buddy_label("&Side:", self.side), self.side)
        form.addRow(self._photo_group())  # under the side: the drawing turns as the side is chosen

        self.wear_schedule = TextBox(lines=2)
        self.wear_schedule.setPlaceholderText("When to wear it, e.g. at night and for walking practice")
        self._binder.text(
            self.wear_schedule, self._read("wear_schedule"), self._commit("wear_schedule", "Edit wear schedule")
        )
        self._row_for("wear_schedule", buddy_label("Wear schedule:", self.wear_schedule), self.wear_schedule)
        self.skin_checks = TextBox(lines=2)
        self.skin_checks.setPlaceholderText("What to look for on the skin when it comes off")
        self._binder.text(self.skin_checks, self._read("skin_checks"), self._commit("skin_checks", "Edit skin checks"))
        self._row_for("skin_checks", buddy_label("Skin checks:", self.skin_checks), self.skin_checks)

        self.status = QComboBox()
        self._binder.choice(
            self.status,
            _options(EquipmentStatus, "Not given"),
            self._read("status"),
            self._commit("status", "Change equipment status"),
        )
        self._row_for("status", buddy_label("E&quipment status:", self.status), self.status)
        self.setting = QComboBox()
        self._binder.choice(
            self.setting,
            _options(Setting, "Not given"),
            self._read("setting"),
            self._commit("setting", "Change setting"),
        )
        self._row_for("setting", buddy_label("Setting:", self.setting, "Where the advice applies"), self.setting)

        self.referral_to = QLineEdit()
        self.referral_to.setMaxLength(TITLE_MAX)
        self._binder.line(self.referral_to, self._read("referral_to"), self._commit("referral_to", "Edit referral"))
        # No Alt letter: its only free one, O, is "School does it on", which an imported item may show beside it
        # (every other letter of "Refer to" is taken); Tab reaches it three steps after Alt+T (the title).
        self._row_for("referral_to", buddy_label("Refer to:", self.referral_to, "Referral to"), self.referral_to)
        self.referral_reason = TextBox(lines=2)
        self._binder.text(
            self.referral_reason, self._read("referral_reason"), self._commit("referral_reason", "Edit referral reason")
        )
        self._row_for(
            "referral_reason",
            buddy_label("Referral reason:", self.referral_reason),
            self.referral_reason,
        )

        form.addRow(self._audience_group())

        self.clinician_note = TextBox(lines=3)
        self.clinician_note.setObjectName("clinicianOnly")
        self.clinician_note.setStyleSheet("QPlainTextEdit#clinicianOnly { background: #f3eefc; }")
        self.clinician_note.setPlaceholderText("Seen only on the clinician summary")
        self._binder.text(
            self.clinician_note, self._read("clinician_note"), self._commit("clinician_note", "Edit clinician note")
        )
        note_label = buddy_label("C&linician note\n(clinician only):", self.clinician_note, "Clinician note")
        note_label.setToolTip("Never printed on the family or school handout")
        form.addRow(note_label, self.clinician_note)
        outer.addStretch(1)

        document.plan_changed.connect(self._plan_changed)
        document.library_changed.connect(lambda _l: self._show_cautions())
        self.set_row(-1)

    # -- building -------------------------------------------------------------------------

    def _row_for(self, name: str, label: QLabel, widget: QWidget) -> None:
        self._form.addRow(label, widget)
        self._rows[name] = widget

    def _dosage_group(self) -> QGroupBox:
        box = QGroupBox("Dosage")
        grid = QGridLayout(box)
        grid.setHorizontalSpacing(18)
        self.dosage: dict[str, OptionalSpinBox] = {}
        # How much, how long, how often: three short rows that fit a narrow pane.
        rows = (("sets", "reps", "hold_seconds"), ("rest_seconds", "minutes"), ("times_per_day", "days_per_week"))
        for r, names in enumerate(rows):
            for c, name in enumerate(names):
                low, high = DOSAGE_RANGES[name]
                spin = OptionalSpinBox(low, high)
                spin.setMinimumWidth(spin.sizeHint().width() * 3 // 2)
                spin.setToolTip(f"{low} to {high}; step below {low} to leave it not set")
                self._binder.number(spin, self._read_dosage(name), self._commit_dosage(name))
                grid.addWidget(buddy_label(DOSAGE_HEADINGS[name], spin), r * 2, c)
                grid.addWidget(spin, r * 2 + 1, c, Qt.AlignmentFlag.AlignLeft)
                self.dosage[name] = spin
        self.dosage_sentence = QLabel()
        self.dosage_sentence.setWordWrap(True)
        self.dosage_sentence.setAccessibleName("Dosage as the handout says it")
        font = self.dosage_sentence.font()
        font.setItalic(True)
        self.dosage_sentence.setFont(font)
        grid.addWidget(self.dosage_sentence, len(rows) * 2, 0, 1, 4)
        grid.setColumnStretch(3, 1)  # the spin boxes keep to the left
        self._rows["dosage"] = box
        return box

    def _audience_group(self) -> QGroupBox:
        box = QGroupBox("Shown on the handout for")
        row = QHBoxLayout(box)
        self.audiences: dict[Audience, QCheckBox] = {}
        for audience in Audience:
            check = QCheckBox(audience.label)
            check.setAccessibleName(f"Show on the {_AUDIENCE_TEXT[audience]}")
            check.toggled.connect(lambda on, a=audience: self._audience_toggled(a, on))
            row.addWidget(check)
            self.audiences[audience] = check
        self.audiences[Audience.CLINICIAN].setToolTip("The clinician summary lists every item whatever is ticked here")
        self.audiences[Audience.WORK].setToolTip("For adults: the handout for an employer, a carer or a care home")
        row.addStretch(1)
        return box

    def _photo_group(self) -> QGroupBox:
        box = QGroupBox("Picture on the handout")
        layout = QHBoxLayout(box)
        self.figures, self._figure_problem = screen_figures()
        # The library's drawing, turned to the person's side, or the therapist's photo that replaces it.
        self.photo_preview = PicturePreview(208, 156)
        self.photo_preview.setAccessibleName("Picture on the handout")
        layout.addWidget(self.photo_preview)
        column = QVBoxLayout()
        self.picture_caption = QLabel()
        self.picture_caption.setWordWrap(True)
        self.picture_caption.setTextFormat(Qt.TextFormat.PlainText)
        column.addWidget(self.picture_caption)
        self.choose_photo_button = QPushButton("Choose photo…")  # no Alt key: Alt+H is Help, Alt+O another field
        self.choose_photo_button.setToolTip("Attach a PNG or JPEG picture; it is printed beside the item")
        self.choose_photo_button.clicked.connect(self.choose_photo)
        self.remove_photo_button = QPushButton("Remo&ve photo")
        self.remove_photo_button.clicked.connect(self.remove_photo)
        self.photo_problem = ProblemLabel()
        column.addWidget(self.choose_photo_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(self.remove_photo_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(self.photo_problem)
        column.addStretch(1)
        layout.addLayout(column, 1)
        return box

    # -- reading and writing the item -------------------------------------------------------

    def _item(self, plan: Plan | None = None) -> Intervention | None:
        items = (plan or self._document.plan).interventions
        return items[self._row] if 0 <= self._row < len(items) else None

    def _read(self, name: str) -> Callable[[Plan], object]:
        def read(plan: Plan) -> object:
            item = self._item(plan)
            return getattr(item, name) if item is not None else None

        return read

    def _commit(self, name: str, text: str) -> Callable[[object], None]:
        def commit(value: object) -> None:
            self._document.edit_item(self._row, text, name, **{name: value})

        return commit

    def _read_dosage(self, name: str) -> Callable[[Plan], int | None]:
        def read(plan: Plan) -> int | None:
            item = self._item(plan)
            return getattr(item.dosage, name) if item is not None and item.dosage is not None else None

        return read

    def _commit_dosage(self, name: str) -> Callable[[int | None], None]:
        def commit(value: int | None) -> None:
            item = self._item()
            if item is None:
                return
            dosage = replace(item.dosage or Dosage(), **{name: value})
            self._document.edit_item(
                self._row,
                f"Change {DOSAGE_HEADINGS[name].lower()}",
                ("dosage", name),
                dosage=None if dosage.is_empty() else dosage,
            )

        return commit

    def _audience_toggled(self, audience: Audience, on: bool) -> None:
        item = self._item()
        if item is None:
            return
        audiences = item.audiences | {audience} if on else item.audiences - {audience}
        verb = "Show on" if on else "Leave off"
        if not self._document.edit_item(self._row, f"{verb} the {_AUDIENCE_TEXT[audience]}", audiences=audiences):
            # Nothing changed (advice set at school is always on the school handout): show it as it is.
            self._show(self._document.plan)

    def choose_photo(self) -> None:
        if self._item() is None or self._document.read_only:
            return
        path = photo_files.ask_photo_path(self)
        if path is None:
            return
        try:
            picture = photo_files.read_photo(path)
        except photo_files.PhotoError as exc:
            self.photo_problem.show_problem(str(exc))
            return
        self.photo_problem.show_problem(None)
        self._document.edit_item(self._row, "Attach photo", photo=picture)

    def remove_photo(self) -> None:
        self.photo_problem.show_problem(None)
        self._document.edit_item(self._row, "Remove photo", photo=None)

    # -- showing ----------------------------------------------------------------------

    @property
    def row(self) -> int:
        return self._row

    def set_row(self, row: int) -> None:
        if row != self._row:
            self.photo_problem.show_problem(None)
        self._row = row
        self._show(self._document.plan)

    def _plan_changed(self, plan: Plan, _before: Plan | None) -> None:
        self._show(plan)

    def _show(self, plan: Plan) -> None:
        item = self._item(plan)
        if item is None:
            self.stack.setCurrentWidget(self.empty)
            return
        self.stack.setCurrentWidget(self.form_page)
        self._binder.refresh(plan)
        source = (
            "your own entry"
            if item.catalog_code and item.catalog_code.startswith("own.")
            else "from the library"
            if item.catalog_code
            else "written for this plan"
        )
        self.heading.setText(f"{item.kind.label} · item {self._row + 1} of {len(plan.interventions)} · {source}")
        self.title_problem.show_problem(None if item.title.strip() else "An item needs a title.")
        for name, kinds in _KIND_ROWS.items():
            value = item.dosage if name == "dosage" else getattr(item, name)
            shown = item.kind in kinds and (name != "school_days" or item.is_shared)
            self._form.setRowVisible(self._rows[name], shown or value is not None)
        self.dosage_sentence.setText(dosage_sentence(item.dosage) or "No dosage set.")
        for audience, check in self.audiences.items():
            if check.isChecked() != (audience in item.audiences):
                blocked = check.blockSignals(True)
                check.setChecked(audience in item.audiences)
                check.blockSignals(blocked)
        self._show_picture(item, plan)
        self._show_cautions()
        self.update_actions()

    def _show_picture(self, item: Intervention, plan: Plan) -> None:
        """The photo when one is attached, else the drawing on the side the handouts print it (one rule)."""
        fig = self.figures.get(item.catalog_code or "")
        if item.photo is not None:
            self.photo_preview.show()
            self.photo_preview.show_photo(item.photo.data)
            self.picture_caption.setText(
                "Your photo. It is printed instead of the library's drawing." if fig else "Your photo."
            )
            return
        if fig is None:
            self.photo_preview.show_nothing("No photo")
            self.photo_preview.hide()  # no empty frame: the words say it
            self.picture_caption.setText(
                f"No photo. {self._figure_problem or 'The library has no drawing for this item.'} "
                "A photo you choose is printed beside the item."
            )
            return
        side = figure_side(fig, item, plan.pull_side)
        if side is None:
            self.photo_preview.show_nothing("Side not given")
            self.photo_preview.hide()
            side_row = self._form.isRowVisible(self._rows["side"])
            if fig.follows == "item_side":  # one hand, one foot: only the item's own side turns it
                how = "choose the Side above" if side_row else "give the item a side"
            else:
                how = f"choose {'the Side above, or ' if side_row else ''}the side of pull on the plan's details"
            self.picture_caption.setText(f"The drawing shows once the side is known: {how}.")
            return
        self.photo_preview.show()
        self.photo_preview.show_figure(fig, side)
        why = (
            ""
            if side == "none"
            else f", {side_words(fig, side)} "
            + ("(the item's side)" if item.side in (Side.LEFT, Side.RIGHT) else "(from the plan's side of pull)")
        )
        self.picture_caption.setText(f"The library's drawing{why}. A photo you choose replaces it.")

    def _show_cautions(self) -> None:
        if self._item() is None:
            return
        texts = tuple(c.text for c in self._document.item_cautions(self._row))
        category = self._document.plan.category.label
        heading = f"Caution for {category}" if len(texts) == 1 else f"{len(texts)} cautions for {category}"
        self.cautions.set_cautions(texts, heading)

    def update_actions(self) -> None:
        editable = not self._document.read_only
        item = self._item()
        self.choose_photo_button.setEnabled(editable and item is not None)
        self.remove_photo_button.setEnabled(editable and item is not None and item.photo is not None)
