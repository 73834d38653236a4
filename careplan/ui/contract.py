"""What the main window needs of the plan editor (``careplan.ui.editor.PlanEditorWidget``).

Written down as a Protocol so the window can be typed, built and tested on its
own, and the editor can change inside without the window noticing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import SignalInstance
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from careplan.core.enums import ToxinPhase
from careplan.core.library import Library, LibraryIntervention
from careplan.core.model import PlanRecord


class PlanEditor(Protocol):
    """The editor is also a QWidget (the window shows it in a scroll area and focuses it)."""

    undo_stack: QUndoStack

    #: Signal(object): the new snapshot after each edit.
    @property
    def plan_changed(self) -> SignalInstance: ...

    def set_library(self, library: Library) -> None: ...
    def load(self, record: PlanRecord) -> None: ...
    def record(self) -> PlanRecord: ...
    def mark_saved(self, record: PlanRecord) -> None: ...
    def set_read_only(self, read_only: bool) -> None: ...
    def apply_template(self, code: str) -> None: ...
    def set_own_entry_saver(self, fn: Callable[[LibraryIntervention], LibraryIntervention]) -> None: ...
    def focus_field(self, kind: str, index: int | None = None, field: str = "") -> QWidget: ...
    def set_toxin_phase(self, position: str | None, phase: ToxinPhase | None) -> None: ...


EditorFactory = Callable[[Library, QWidget | None], PlanEditor]


def default_editor_factory(library: Library, parent: QWidget | None = None) -> PlanEditor:
    from careplan.ui.editor import PlanEditorWidget

    return PlanEditorWidget(library, parent)
