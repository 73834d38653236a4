"""A small form for a therapist's own library entry, saved through the main window's saver."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QLineEdit,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from careplan.core.audience import default_audiences
from careplan.core.enums import Category, EquipmentStatus, Kind, Setting
from careplan.core.library import LibraryIntervention
from careplan.core.model import DOSAGE_RANGES, TEXT_MAX, TITLE_MAX, Dosage
from careplan.core.text import text_problem
from careplan.core.wording import DOSAGE_HEADINGS
from careplan.ui import screen
from careplan.ui.editor.widgets import OptionalSpinBox, ProblemLabel, TextBox, buddy_label

#: Stores an own entry (in the database) and gives it back with its ``own.`` code.
OwnEntrySaver = Callable[[LibraryIntervention], LibraryIntervention]

OWN_SOURCE = "Your own entry"


class OwnEntryDialog(QDialog):
    """Kind, title, instructions, categories and the kind's own fields of a new library entry."""

    def __init__(self, category: Category, saver: OwnEntrySaver, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New library entry")
        self.setAccessibleName("New library entry")
        self._saver = saver
        self.saved: LibraryIntervention | None = None
        # The fields scroll when the screen is too short for them (1366x768 at 150%); the buttons never do.
        self.body = QWidget()
        form = QFormLayout(self.body)
        form.setContentsMargins(0, 0, 0, 0)
        self.scroller = QScrollArea()
        self.scroller.setWidget(self.body)
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Not a Tab stop of its own: the dialog opens with the cursor in Kind, and Tab scrolls to each field.
        self.scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = self._outer = QVBoxLayout(self)
        layout.addWidget(self.scroller, 1)

        self.kind = QComboBox()
        for kind in Kind:
            self.kind.addItem(kind.label, kind.value)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        form.addRow(buddy_label("&Kind:", self.kind, "Kind of entry"), self.kind)
        self.title = QLineEdit()
        self.title.setMaxLength(TITLE_MAX)
        form.addRow(buddy_label("&Title:", self.title, "Entry title"), self.title)
        self.instructions = TextBox(lines=4)
        form.addRow(buddy_label("&Instructions:", self.instructions), self.instructions)
        self.school_instructions = TextBox(lines=2)
        self.school_instructions.setPlaceholderText("Only if school staff need different wording")
        form.addRow(buddy_label("Wording for &school:", self.school_instructions), self.school_instructions)

        categories = QGroupBox("Suits these categories")
        grid = QGridLayout(categories)
        self.categories: dict[Category, QCheckBox] = {}
        for n, cat in enumerate(Category):
            check = QCheckBox(cat.label)
            check.setAccessibleName(f"Suits {cat.label}")
            check.setToolTip(cat.description)
            check.setChecked(cat is category)
            grid.addWidget(check, n // 2, n % 2)
            self.categories[cat] = check
        form.addRow(categories)

        self.dosage_box = QGroupBox("Dosage")
        dosage_grid = QGridLayout(self.dosage_box)
        self.dosage: dict[str, OptionalSpinBox] = {}
        for n, (name, (low, high)) in enumerate(DOSAGE_RANGES.items()):
            spin = OptionalSpinBox(low, high)
            dosage_grid.addWidget(buddy_label(DOSAGE_HEADINGS[name] + ":", spin), n // 4 * 2, n % 4)
            dosage_grid.addWidget(spin, n // 4 * 2 + 1, n % 4)
            self.dosage[name] = spin
        form.addRow(self.dosage_box)

        self.wear_schedule = QLineEdit()
        self.wear_label = buddy_label("&Wear schedule:", self.wear_schedule)
        form.addRow(self.wear_label, self.wear_schedule)
        self.skin_checks = QLineEdit()
        self.skin_label = buddy_label("Skin c&hecks:", self.skin_checks)
        form.addRow(self.skin_label, self.skin_checks)
        self.setting = QComboBox()
        for setting in Setting:
            self.setting.addItem(setting.label, setting.value)
        self.setting_label = buddy_label("Setti&ng:", self.setting, "Where the advice applies")
        form.addRow(self.setting_label, self.setting)
        self.status = QComboBox()
        for status in EquipmentStatus:
            self.status.addItem(status.label, status.value)
        self.status_label = buddy_label("Stat&us:", self.status, "Equipment status")
        form.addRow(self.status_label, self.status)
        self.referral_to = QLineEdit()
        self.referral_to_label = buddy_label("Refer t&o:", self.referral_to, "Referral to")
        form.addRow(self.referral_to_label, self.referral_to)
        self.referral_reason = QLineEdit()
        self.referral_reason_label = buddy_label("&Reason:", self.referral_reason, "Referral reason")
        form.addRow(self.referral_reason_label, self.referral_reason)
        self._form = form

        self.add_now = QCheckBox("&Add it to this plan now")
        self.add_now.setChecked(True)
        self.add_now.setAccessibleName("Add the new entry to this plan now")
        layout.addWidget(self.add_now)
        self.problem = ProblemLabel()
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._kind_changed()

    @classmethod
    def ask(
        cls, parent: QWidget | None, category: Category, saver: OwnEntrySaver
    ) -> tuple[LibraryIntervention, bool] | None:
        """The saved entry and whether to add it to the plan now; None when cancelled."""
        dialog = cls(category, saver, parent)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved is not None:
                return dialog.saved, dialog.add_now.isChecked()
            return None
        finally:
            dialog.deleteLater()

    def _kind(self) -> Kind:
        return Kind(self.kind.currentData())

    def _kind_changed(self, _index: int = 0) -> None:
        kind = self._kind()
        self._form.setRowVisible(self.dosage_box, kind in (Kind.EXERCISE, Kind.EQUIPMENT))
        for widget, kinds in (
            (self.wear_schedule, (Kind.ORTHOSIS,)),
            (self.skin_checks, (Kind.ORTHOSIS,)),
            (self.setting, (Kind.ADVICE,)),
            (self.status, (Kind.EQUIPMENT,)),
            (self.referral_to, (Kind.REFERRAL,)),
            (self.referral_reason, (Kind.REFERRAL,)),
        ):
            self._form.setRowVisible(widget, kind in kinds)
        self._fit()

    # --- sizing ------------------------------------------------------------------------------------

    def wanted_size(self) -> QSize:
        """All the fields without scrolling (the scroll area alone would ask for less), with room for
        the scroll bar when the screen is too short for them."""
        margins = self._outer.contentsMargins()
        body = self.body.sizeHint()
        width = max(self.sizeHint().width(), body.width() + margins.left() + margins.right())
        # A problem shown below the fields wraps: its height depends on the width.
        whole = self._outer.totalHeightForWidth(width) if self._outer.hasHeightForWidth() else -1
        rest = (whole if whole > 0 else self.sizeHint().height()) - self.scroller.sizeHint().height()
        wanted = QSize(width, body.height() + rest)
        if screen.fitted(wanted, screen.available(self)).height() < wanted.height():
            bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
            wanted.setWidth(wanted.width() + bar)
        return wanted

    def _fit(self, *, grow_only: bool = False) -> None:
        """As tall as the kind's fields need, or as the screen allows (the fields scroll then). Before
        the dialog shows, Qt places it over its parent, on the screen; a kind chosen or a problem shown
        later that makes it taller keeps its bottom on the screen."""
        self.ensurePolished()
        room = screen.available(self)
        size = screen.fitted(self.wanted_size(), room)
        self.resize(self.size().expandedTo(size) if grow_only else size)
        bottom = room.y() + room.height() - self.frameGeometry().height()
        if self.isVisible() and self.y() > bottom:
            self.move(self.x(), max(room.y(), bottom))

    def entry(self) -> LibraryIntervention:
        """The entry as the form stands (its code is left for the saver to give)."""
        kind = self._kind()

        def text(widget: QLineEdit) -> str | None:
            return widget.text().strip() or None

        dosage = Dosage(**{name: spin.optional_value() for name, spin in self.dosage.items()})
        setting = Setting(self.setting.currentData()) if kind is Kind.ADVICE else None
        return LibraryIntervention(
            code="",
            kind=kind,
            title=self.title.text().strip(),
            instructions=self.instructions.text().strip(),
            categories=frozenset(c for c, check in self.categories.items() if check.isChecked()),
            source=OWN_SOURCE,
            school_instructions=self.school_instructions.text().strip() or None,
            dosage=None if dosage.is_empty() or kind not in (Kind.EXERCISE, Kind.EQUIPMENT) else dosage,
            wear_schedule=text(self.wear_schedule) if kind is Kind.ORTHOSIS else None,
            skin_checks=text(self.skin_checks) if kind is Kind.ORTHOSIS else None,
            setting=setting,
            status=EquipmentStatus(self.status.currentData()) if kind is Kind.EQUIPMENT else None,
            referral_to=text(self.referral_to) if kind is Kind.REFERRAL else None,
            referral_reason=text(self.referral_reason) if kind is Kind.REFERRAL else None,
            audiences=default_audiences(kind, setting),
        )

    def problems(self) -> list[str]:
        entry = self.entry()
        found = []
        if not entry.title:
            found.append("Give the entry a title.")
        if not entry.categories:
            found.append("Tick at least one category it suits.")
        if len(entry.instructions) > TEXT_MAX:
            found.append(f"The instructions are longer than {TEXT_MAX:,} characters.")
        if entry.kind is Kind.REFERRAL and not entry.referral_to:
            found.append("Say whom the referral is to.")
        for label, value, multiline in (
            ("title", entry.title, False),
            ("instructions", entry.instructions, True),
            ("wording for school", entry.school_instructions, True),
            ("wear schedule", entry.wear_schedule, True),
            ("skin checks", entry.skin_checks, True),
            ("referral to", entry.referral_to, False),
            ("reason", entry.referral_reason, True),
        ):
            if value and (problem := text_problem(value, multiline=multiline)):
                found.append(f"The {label} {problem}.")
        return found

    def _show_problem(self, text: str) -> None:
        """The problem below the fields, the dialog taller by its height where the screen has room (the
        fields scroll less rather than more)."""
        self.problem.show_problem(text)
        self._fit(grow_only=True)

    def accept(self) -> None:
        problems = self.problems()
        if problems:
            self._show_problem(" ".join(problems))
            return
        try:
            self.saved = self._saver(self.entry())
        except Exception as exc:  # the saver reports a database or validation problem in its message
            self._show_problem(f"Could not save the entry: {exc}")
            return
        super().accept()
