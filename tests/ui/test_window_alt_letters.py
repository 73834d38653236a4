"""With a plan open, each Alt+letter of the main window does one thing on every editor page.

The editor's own test checks each page alone; Alt+letter works across the whole window, so here the
menu bar, the patient pane, the toolbar's change note and the editor's tabs and page are checked
together, with each kind of item selected on the Items page (each kind shows its own fields, and
every field that holds a value: each kind is walked again with every field filled) and each
category chosen on the details page, its patterns ticked (they show the category's fields)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from careplan.core.enums import Audience, Category, EquipmentStatus, Kind, Setting, Side
from careplan.core.model import Dosage, Intervention, Patient, Plan, PlanRecord
from careplan.services.plans import create_plan

from screen_checks import mnemonic_clashes

EVERY_KIND = tuple(
    Intervention(
        kind=kind,
        title=f"A {kind.value} item",
        instructions="Slowly, with a rest between.",
        dosage=Dosage(reps=10) if kind is Kind.EXERCISE else None,
        audiences=frozenset({Audience.FAMILY, Audience.SCHOOL}),
    )
    for kind in Kind
)

#: Each kind again with every kind-specific field filled, as an imported item may have them (an exercise
#: with a "Refer to" value): the editor shows every field that holds a value, so each item shows every
#: row at once.  No clash with all of them on screen means none in any combination of them.
EVERY_FIELD = tuple(
    Intervention(
        kind=kind,
        title=f"A {kind.value} item with every field",
        instructions="Slowly, with a rest between.",
        school_instructions="At break time.",
        dosage=Dosage(reps=10),
        side=Side.LEFT,
        setting=Setting.HOME,
        status=EquipmentStatus.ISSUED,
        wear_schedule="At night.",
        skin_checks="Red marks.",
        referral_to="Orthotics",
        referral_reason="A new splint.",
        audiences=frozenset({Audience.FAMILY, Audience.SCHOOL}),
        clinician_note="Check the fit.",
        school_days=2,
    )
    for kind in Kind
)
ITEMS = EVERY_KIND + EVERY_FIELD


def _seed_every_kind(store: Any) -> int:
    plan = Plan(title="Neck posture", category=Category.CERVICAL, interventions=ITEMS)
    record = PlanRecord(plan, Patient("Amira", "Okafor", dt.date(2016, 3, 14)))
    with store.sessions.begin() as session:
        return create_plan(session, record, "Jo Patel").plan_id  # type: ignore[return-value]


def test_every_editor_page_and_item_kind_shares_no_alt_letter_with_the_window(
    window: Any, store: Any, qtbot: Any
) -> None:
    plan_id = _seed_every_kind(store)
    window.patients.reload_lists()
    window.show()
    qtbot.waitExposed(window)
    assert window.open_plan(plan_id)
    editor = window.editor
    found: dict[str, list[str]] = {}
    for page in range(editor.tabs.count()):
        editor.tabs.setCurrentIndex(page)
        qtbot.waitUntil(lambda: editor.tabs.currentWidget().isVisible())
        name = editor.tabs.tabText(page).replace("&", "")
        if editor.tabs.currentWidget() is editor.details_page:
            found.update(_walk_categories(editor, window, name))
        elif editor.tabs.currentWidget() is editor.splitter:
            for row, item in enumerate(ITEMS):
                editor.items_panel.select_row(row)
                if row >= len(EVERY_KIND):  # every optional row is on screen
                    rows = editor.item_editor._rows
                    assert [n for n, w in rows.items() if not w.isVisible()] == [], item.title
                found[f"{name}, {item.title}"] = mnemonic_clashes(window)
        else:
            found[name] = mnemonic_clashes(window)
    clashing = [f"{where}: {clash}" for where, clashes in found.items() for clash in clashes]
    assert not clashing, "\n".join(clashing)
    # Every page and every kind of item was walked (not an empty loop).
    assert len(found) == editor.tabs.count() - 2 + 2 * len(Kind) + len(Category)


def _walk_categories(editor: Any, window: Any, name: str) -> dict[str, list[str]]:
    """Each category with every pattern it offers ticked: GMFCS, cervical form, pull side, neck level."""
    page = editor.details_page
    found = {}
    labels = [page.cervical_form_label, page.gmfcs_label, page.pull_side_label, page.neck_level_label]
    seen: set[int] = set()
    for index, category in enumerate(Category):
        page.category.setCurrentIndex(index)
        assert editor.document.plan.category is category
        for box in page.pattern_boxes.values():
            if box.isVisible() and not box.isChecked():
                box.click()
        found[f"{name}, {category.value}"] = mnemonic_clashes(window)
        seen.update(n for n, label in enumerate(labels) if label.isVisible())
    assert seen == set(range(len(labels)))  # every category-dependent field was on screen once
    return found
