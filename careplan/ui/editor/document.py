"""The plan being edited: one immutable snapshot, swapped for a new one by undoable commands.

``PlanDocument`` is the single place the editor's screens change the plan.  A screen
builds a new ``Plan`` (``dataclasses.replace``) and calls ``edit``; the document pushes
a ``PlanEditCommand`` on its ``QUndoStack`` and every screen redraws from
``plan_changed``.  Consecutive edits of one field carry the same ``merge_key`` and merge
into one undo step, so typing a word is undone in one go.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from careplan.core.enums import Category
from careplan.core.library import Library, LibraryGoal, LibraryIntervention
from careplan.core.limits import MAX_GOALS, MAX_ITEMS
from careplan.core.model import AppliedCaution, Goal, Patient, Plan
from careplan.core.templates import apply_template
from careplan.ui.editor.cautions import plan_cautions


@dataclass(frozen=True, slots=True)
class Location:
    """Where an edit happened, so undo and redo can show it: a page and an item or goal row."""

    page: str  # "details", "items", "goals" or "programme"
    row: int | None = None


def blank_plan() -> Plan:
    return Plan(title="", category=Category.CERVICAL)


class PlanEditCommand(QUndoCommand):
    """Swap the document's plan from ``before`` to ``after`` (and back on undo)."""

    MERGE_ID = 0x0CA7E  # every mergeable edit shares this id; ``merge_key`` decides

    def __init__(
        self,
        document: PlanDocument,
        before: Plan,
        after: Plan,
        text: str,
        merge_key: object | None = None,
        location: Location | None = None,
        reveal: bool = False,
        undo_location: Location | None = None,
    ) -> None:
        super().__init__(text)
        self._document = document
        self.before = before
        self.after = after
        self.merge_key = merge_key
        self.location = location
        self.undo_location = undo_location or location
        # Structural edits (add, remove, move) show their result at once; field edits only on undo/redo.
        self._pushed = reveal

    def id(self) -> int:
        return self.MERGE_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, PlanEditCommand) or other.merge_key != self.merge_key:
            return False
        self.after = other.after
        # Typing a word and deleting it again leaves nothing to undo.
        self.setObsolete(self.after == self.before)
        return True

    def redo(self) -> None:
        # The first redo is the push itself: the field that made the edit is already showing it.
        self._document._apply(self.after, self.location if self._pushed else None)
        self._pushed = True

    def undo(self) -> None:
        self._document._apply(self.before, self.undo_location)


class PlanDocument(QObject):
    """The plan, the library it is edited against, and the undo history."""

    #: (new plan, previous plan) after every edit, undo and redo; (plan, None) after a load.
    plan_changed = Signal(object, object)
    #: A new library (the therapist added an own entry).
    library_changed = Signal(object)
    #: After an undo or redo: where the change was, so the screens can show it.
    location_revealed = Signal(object)
    read_only_changed = Signal(bool)
    #: An addition was refused (the plan is full: ``careplan.core.limits``); the text says why.
    refused = Signal(str)

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self._library = library
        self._plan = blank_plan()
        #: The person the plan is for (their age decides the rules for children), once known.
        self._patient: Patient | None = None
        self._read_only = False
        self._cautions: tuple[AppliedCaution, ...] | None = None
        #: Asked before library entries already in the plan are added again (True: add them again);
        #: None adds them without asking (no screen to ask on).
        self.confirm_repeat: Callable[[Sequence[LibraryIntervention]], bool] | None = None

    # -- state ---------------------------------------------------------------------------

    @property
    def plan(self) -> Plan:
        return self._plan

    @property
    def library(self) -> Library:
        return self._library

    @property
    def read_only(self) -> bool:
        return self._read_only

    def set_read_only(self, read_only: bool) -> None:
        if read_only != self._read_only:
            self._read_only = read_only
            self.read_only_changed.emit(read_only)

    def set_library(self, library: Library) -> None:
        self._library = library
        self._cautions = None
        self.library_changed.emit(library)

    @property
    def patient(self) -> Patient | None:
        return self._patient

    def in_plan(self) -> frozenset[str]:
        """The library codes of the plan's items."""
        return frozenset(i.catalog_code for i in self._plan.interventions if i.catalog_code)

    def set_patient(self, patient: Patient | None) -> None:
        self._patient = patient
        self._cautions = None

    def cautions(self) -> tuple[AppliedCaution, ...]:
        """The cautions that apply to the current plan (computed once per snapshot)."""
        if self._cautions is None:
            self._cautions = plan_cautions(self._plan, self._library, self._patient)
        return self._cautions

    def item_cautions(self, row: int) -> tuple[AppliedCaution, ...]:
        return tuple(c for c in self.cautions() if c.item_index == row)

    def load(self, plan: Plan) -> None:
        """Show ``plan`` with a fresh, clean history."""
        self.undo_stack.clear()
        self._plan = plan
        self._cautions = None
        # No previous plan: the screens redraw everything (and the editor does not report an edit).
        self.plan_changed.emit(plan, None)
        self.undo_stack.setClean()

    def _apply(self, plan: Plan, location: Location | None) -> None:
        before = self._plan
        self._plan = plan
        self._cautions = None
        self.plan_changed.emit(plan, before)
        if location is not None:
            self.location_revealed.emit(location)

    # -- edits -------------------------------------------------------------------------

    def edit(
        self,
        plan: Plan,
        text: str,
        *,
        merge_key: object | None = None,
        location: Location | None = None,
        reveal: bool = False,
        undo_location: Location | None = None,
    ) -> bool:
        """Make ``plan`` the current plan as one undoable step; False when nothing changed or read-only.

        ``reveal``: show ``location`` at once (for adds, removals and moves), not only on undo and redo;
        ``undo_location``: where to look after an undo when it differs (a moved item's old row).
        """
        if self._read_only or plan == self._plan:
            return False
        self.undo_stack.push(PlanEditCommand(self, self._plan, plan, text, merge_key, location, reveal, undo_location))
        return True

    def edit_item(self, row: int, text: str, merge_key: object | None = None, /, **changes: object) -> bool:
        """Change fields of the item in ``row`` (``text`` names the step in the Undo menu)."""
        items = list(self._plan.interventions)
        if not 0 <= row < len(items):
            return False
        items[row] = replace(items[row], **changes)  # type: ignore[arg-type]
        key = ("item", row, merge_key) if merge_key is not None else None
        return self.edit(
            self._plan.replace(interventions=tuple(items)), text, merge_key=key, location=Location("items", row)
        )

    def edit_goal(self, row: int, text: str, merge_key: object | None = None, /, **changes: object) -> bool:
        """Change fields of the goal in ``row`` (a goal has a ``text`` field too: hence positional-only)."""
        goals = list(self._plan.goals)
        if not 0 <= row < len(goals):
            return False
        goals[row] = replace(goals[row], **changes)  # type: ignore[arg-type]
        key = ("goal", row, merge_key) if merge_key is not None else None
        return self.edit(self._plan.replace(goals=tuple(goals)), text, merge_key=key, location=Location("goals", row))

    def _room_for(self, adding: int, have: int, limit: int, noun: str) -> bool:
        """True when ``adding`` more fit under ``limit``; otherwise say so (``refused``) and add nothing,
        so the plan always stays one a plan file can carry."""
        if have + adding <= limit:
            return True
        more = f"Adding {adding} {noun} would make {have + adding}" if adding > 1 else f"This plan has {have} {noun}"
        self.refused.emit(f"{more}; a plan can hold at most {limit}. Remove some {noun} first.")
        return False

    def add_entries(self, entries: Sequence[LibraryIntervention], row: int | None = None) -> bool:
        """Add plan items made from library entries at ``row`` (the end when None)."""
        if self._read_only or not entries:
            return False
        if not self._room_for(len(entries), len(self._plan.interventions), MAX_ITEMS, "items"):
            return False
        have = self.in_plan()
        repeats = [e for e in entries if e.code in have]
        if repeats and self.confirm_repeat is not None and not self.confirm_repeat(repeats):
            entries = [e for e in entries if e.code not in have]  # "No": only those not in the plan yet
            if not entries:
                return False
        items = list(self._plan.interventions)
        at = len(items) if row is None or not 0 <= row <= len(items) else row
        items[at:at] = [entry.to_intervention(self._plan.pull_side) for entry in entries]
        text = f"Add “{entries[0].title}”" if len(entries) == 1 else f"Add {len(entries)} items"
        return self.edit(
            self._plan.replace(interventions=tuple(items), catalog_version=self._catalog_version()),
            text,
            location=Location("items", at),
            reveal=True,
        )

    def add_codes(self, codes: Sequence[str], row: int | None = None) -> bool:
        entries = [e for e in (self._library.intervention(c) for c in codes) if e is not None]
        return self.add_entries(entries, row)

    def remove_items(self, rows: Sequence[int]) -> bool:
        doomed = {r for r in rows if 0 <= r < len(self._plan.interventions)}
        if not doomed:
            return False
        items = tuple(item for i, item in enumerate(self._plan.interventions) if i not in doomed)
        first = min(doomed)
        text = (
            f"Remove “{self._plan.interventions[first].title}”" if len(doomed) == 1 else f"Remove {len(doomed)} items"
        )
        return self.edit(
            self._plan.replace(interventions=items),
            text,
            location=Location("items", min(first, len(items) - 1) if items else None),
            reveal=True,
            undo_location=Location("items", first),
        )

    def move_item(self, row: int, to: int) -> bool:
        """Move the item in ``row`` so that it ends up in position ``to``."""
        items = list(self._plan.interventions)
        if not (0 <= row < len(items) and 0 <= to < len(items)) or row == to:
            return False
        items.insert(to, items.pop(row))
        return self.edit(
            self._plan.replace(interventions=tuple(items)),
            f"Move “{items[to].title}”",
            location=Location("items", to),
            reveal=True,
            undo_location=Location("items", row),
        )

    def add_goal(self, goal: Goal) -> bool:
        if not self._room_for(1, len(self._plan.goals), MAX_GOALS, "goals"):
            return False
        return self.edit(
            self._plan.replace(goals=(*self._plan.goals, goal)),
            "Add goal",
            location=Location("goals", len(self._plan.goals)),
            reveal=True,
        )

    def add_library_goal(self, entry: LibraryGoal) -> bool:
        # The library's five GAS levels come with the goal (the therapist adapts them to the person).
        gas = entry.gas if len(entry.gas) == 5 else ()
        return self.add_goal(Goal(domain=entry.domain, text=entry.text, code=entry.code, gas=gas))

    def remove_goal(self, row: int) -> bool:
        goals = list(self._plan.goals)
        if not 0 <= row < len(goals):
            return False
        del goals[row]
        return self.edit(
            self._plan.replace(goals=tuple(goals)),
            "Remove goal",
            location=Location("goals", min(row, len(goals) - 1) if goals else None),
            reveal=True,
            undo_location=Location("goals", row),
        )

    def move_goal(self, row: int, to: int) -> bool:
        goals = list(self._plan.goals)
        if not (0 <= row < len(goals) and 0 <= to < len(goals)) or row == to:
            return False
        goals.insert(to, goals.pop(row))
        return self.edit(
            self._plan.replace(goals=tuple(goals)),
            "Move goal",
            location=Location("goals", to),
            reveal=True,
            undo_location=Location("goals", row),
        )

    def apply_template(self, code: str) -> bool:
        """Add a starter or own template's items, goals and programme (what the plan lacks) as one step
        (``careplan.core.templates.apply_template``, which the command line uses too)."""
        template = self._library.template(code)
        if template is None:
            raise KeyError(f"no template with the code {code!r}")
        plan = self._plan
        changed = apply_template(plan, self._library, template)
        new_items = len(changed.interventions) - len(plan.interventions)
        new_goals = len(changed.goals) - len(plan.goals)
        if not (
            self._room_for(new_items, len(plan.interventions), MAX_ITEMS, "items")
            and self._room_for(new_goals, len(plan.goals), MAX_GOALS, "goals")
        ):
            return False
        return self.edit(
            changed,
            f"Apply template “{template.title}”",
            location=(
                Location("items", len(plan.interventions))
                if new_items
                else Location("goals", len(plan.goals) if new_goals else None)
            ),
            reveal=True,
        )

    def _catalog_version(self) -> str | None:
        return self._library.version or self._plan.catalog_version
