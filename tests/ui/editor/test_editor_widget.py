"""The plan editor as the main window uses it: load, edit through real widgets, undo, redo, record."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QTableWidgetItem, QWidget

from careplan.core.enums import Audience, Category, CervicalForm, GoalDomain, Kind
from careplan.core.model import Dosage, Plan, PlanRecord, RevisionInfo
from careplan.ui.date_field import format_typed
from careplan.ui.editor import PlanEditorWidget
from careplan.ui.editor.models import library_mime

from editor_samples import WEIGHTS_CAUTION, make_record

# The offscreen platform says this whenever a shown window with a layout gets its minimum size;
# a desktop platform does not.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")


def _focus(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    """Give ``widget`` keyboard focus in an active window (shortcuts with a widget context need it)."""
    window = widget.window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)


def _type_at_end(qtbot, box, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type at the end of a multi-line field, as after clicking below its text."""
    box.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(box, text)


def _titles(editor: PlanEditorWidget) -> list[str]:
    return [item.title for item in editor.record().plan.interventions]


# -- load, record, save ----------------------------------------------------------------------


def test_load_shows_the_plan_with_a_clean_empty_history(editor: PlanEditorWidget, record: PlanRecord) -> None:
    editor.load(record)
    assert editor.record() == record
    assert editor.undo_stack.count() == 0
    assert editor.undo_stack.isClean()
    assert editor.details_page.title.text() == record.plan.title
    assert editor.items_panel.model.rowCount() == 4
    assert editor.item_editor.title.text() == "Chin tuck in front of a mirror"
    assert "Zoë Okafor" in editor.header.full_text()


def test_record_before_load_is_an_error(editor: PlanEditorWidget) -> None:
    with pytest.raises(RuntimeError):
        editor.record()


def test_mark_saved_adopts_the_version_and_keeps_the_history(qtbot, loaded: PlanEditorWidget) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(loaded.details_page.title, " (revised)")
    assert not loaded.undo_stack.isClean()
    saved = dataclasses.replace(
        loaded.record(), version=3, revision=RevisionInfo(2, dt.datetime(2027, 1, 5, 10, 0, tzinfo=dt.UTC))
    )
    loaded.mark_saved(saved)
    assert loaded.undo_stack.isClean()
    assert loaded.undo_stack.count() == 1
    assert loaded.record() == saved
    loaded.undo_stack.undo()
    assert loaded.record().version == 3
    assert not loaded.undo_stack.isClean()


def test_loading_another_plan_forgets_the_previous_history(qtbot, loaded: PlanEditorWidget) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(loaded.details_page.title, "!")
    other = make_record(Plan(title="Hand plan", category=Category.HAND))
    loaded.load(other)
    assert loaded.undo_stack.count() == 0
    assert loaded.record() == other
    assert loaded.item_editor.stack.currentWidget() is loaded.item_editor.empty


# -- undo, redo, merging ----------------------------------------------------------------------


def test_dosage_spin_box_edit_undo_and_redo(qtbot, loaded: PlanEditorWidget) -> None:  # type: ignore[no-untyped-def]
    sets = loaded.item_editor.dosage["sets"]
    assert sets.value() == 2
    with qtbot.waitSignal(loaded.plan_changed) as changed:
        qtbot.keyClick(sets, Qt.Key.Key_Up)
    assert changed.args[0].interventions[0].dosage.sets == 3
    assert loaded.record().plan.interventions[0].dosage == Dosage(sets=3, reps=10, hold_seconds=5, times_per_day=2)
    assert loaded.item_editor.dosage_sentence.text().startswith("3 sets of 10")
    with qtbot.waitSignal(loaded.plan_changed):
        loaded.undo_stack.undo()
    assert loaded.record().plan.interventions[0].dosage.sets == 2
    assert sets.value() == 2
    assert loaded.item_editor.dosage_sentence.text().startswith("2 sets of 10")
    with qtbot.waitSignal(loaded.plan_changed):
        loaded.undo_stack.redo()
    assert loaded.record().plan.interventions[0].dosage.sets == 3
    assert sets.value() == 3


def test_dosage_can_be_left_not_set(qtbot, loaded: PlanEditorWidget) -> None:  # type: ignore[no-untyped-def]
    hold = loaded.item_editor.dosage["hold_seconds"]
    hold.setValue(hold.minimum())  # one below the plan file's lowest value: "not set"
    assert hold.text() == "not set"
    assert loaded.record().plan.interventions[0].dosage.hold_seconds is None
    rest = loaded.item_editor.dosage["rest_seconds"]
    assert (rest.minimum(), rest.maximum()) == (-1, 600)  # 0 seconds rest is a real value
    rest.setValue(0)
    assert loaded.record().plan.interventions[0].dosage.rest_seconds == 0


def test_stepping_a_spin_box_several_times_is_one_undo_step(qtbot, loaded: PlanEditorWidget) -> None:  # type: ignore[no-untyped-def]
    reps = loaded.item_editor.dosage["reps"]
    for _ in range(5):
        qtbot.keyClick(reps, Qt.Key.Key_Up)
    assert loaded.record().plan.interventions[0].dosage.reps == 15
    assert loaded.undo_stack.count() == 1
    loaded.undo_stack.undo()
    assert loaded.record().plan.interventions[0].dosage.reps == 10


def test_typing_in_a_field_merges_into_one_undo_step(qtbot, loaded: PlanEditorWidget) -> None:  # type: ignore[no-untyped-def]
    title = loaded.item_editor.title
    title.selectAll()
    qtbot.keyClicks(title, "Chin tuck, lying down")
    assert loaded.record().plan.interventions[0].title == "Chin tuck, lying down"
    assert loaded.undo_stack.count() == 1
    assert loaded.undo_stack.undoText() == "Edit item title"
    _type_at_end(qtbot, loaded.item_editor.instructions, " Slowly.")
    assert loaded.undo_stack.count() == 2
    loaded.undo_stack.undo()
    loaded.undo_stack.undo()
    assert loaded.record().plan == make_record().plan
    assert loaded.undo_stack.isClean()


def test_typing_then_deleting_leaves_nothing_to_undo(qtbot, loaded: PlanEditorWidget) -> None:  # type: ignore[no-untyped-def]
    field = loaded.details_page.title
    qtbot.keyClicks(field, "xy")
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    assert loaded.undo_stack.count() == 0
    assert loaded.undo_stack.isClean()


def test_undo_key_in_a_field_uses_the_plan_history(qtbot, loaded: PlanEditorWidget) -> None:  # type: ignore[no-untyped-def]
    field = loaded.details_page.title
    _focus(qtbot, field)
    qtbot.keyClicks(field, " now")
    qtbot.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert loaded.record().plan.title == "Neck posture and daily exercises"
    assert field.text() == "Neck posture and daily exercises"
    assert loaded.undo_stack.canRedo()


def test_plan_changed_is_emitted_for_edits_undo_and_redo_only(qtbot, editor: PlanEditorWidget) -> None:  # type: ignore[no-untyped-def]
    seen: list[Plan] = []
    editor.plan_changed.connect(seen.append)
    editor.load(make_record())
    assert seen == []
    editor.details_page.title.set_text("x")  # programmatic: not the therapist's edit
    _type_at_end(qtbot, editor.details_page.summary, "!")
    editor.undo_stack.undo()
    editor.undo_stack.redo()
    assert [p.summary.endswith("!") for p in seen] == [True, False, True]


def test_undo_shows_where_the_change_was(qtbot, loaded: PlanEditorWidget) -> None:  # type: ignore[no-untyped-def]
    loaded.tabs.setCurrentIndex(1)
    loaded.items_panel.select_row(2)
    qtbot.keyClicks(loaded.item_editor.title, " (home)")
    loaded.tabs.setCurrentIndex(0)
    loaded.items_panel.select_row(0)
    loaded.undo_stack.undo()
    assert loaded.tabs.currentIndex() == 1
    assert loaded.items_panel.current_row() == 2
    assert loaded.item_editor.title.text() == "Resting the neck at the desk"


# -- plan details --------------------------------------------------------------------------


def test_category_change_clears_the_cervical_form_and_undoes(loaded: PlanEditorWidget) -> None:
    page = loaded.details_page
    assert not page.cervical_form.isHidden()
    page.category.setCurrentIndex(list(Category).index(Category.DYSTONIC_CP))
    plan = loaded.record().plan
    assert (plan.category, plan.cervical_form) == (Category.DYSTONIC_CP, None)
    assert page.cervical_form.isHidden() and not page.gmfcs.isHidden()
    assert page.category_description.text() == Category.DYSTONIC_CP.description
    page.gmfcs.setCurrentIndex(4)
    assert loaded.record().plan.gmfcs_level == 4
    assert loaded.library_browser.category.currentText() == Category.DYSTONIC_CP.label
    loaded.undo_stack.undo()
    loaded.undo_stack.undo()
    plan = loaded.record().plan
    assert (plan.category, plan.cervical_form, plan.gmfcs_level) == (Category.CERVICAL, CervicalForm.UNSTABLE, None)
    assert page.cervical_form.currentIndex() == 2


def test_category_items_show_their_descriptions(loaded: PlanEditorWidget) -> None:
    from careplan.ui.editor.models import ROLE_SUBTITLE

    combo = loaded.details_page.category
    assert combo.count() == 8
    assert [combo.itemText(i) for i in range(8)] == [c.label for c in Category]
    assert [combo.itemData(i, ROLE_SUBTITLE) for i in range(8)] == [c.description for c in Category]


def _type_date(field, text: str) -> None:  # type: ignore[no-untyped-def]
    """Replace the date's text and finish, as Tab does."""
    field.edit.setText(text)
    field.edit.editingFinished.emit()


def test_review_date_before_start_is_shown_as_a_problem_not_a_crash(qtbot, loaded: PlanEditorWidget) -> None:  # type: ignore[no-untyped-def]
    page = loaded.details_page
    _type_date(page.review_date, format_typed(dt.date(2026, 10, 1)))
    assert page.dates_problem.isVisibleTo(page)
    assert "before the start date" in page.dates_problem.text()
    assert loaded.record().plan.review_date == dt.date(2027, 2, 19)
    assert loaded.undo_stack.count() == 0
    _type_date(page.start_date, format_typed(dt.date(2026, 9, 1)))
    assert not page.dates_problem.isVisibleTo(page)
    plan = loaded.record().plan
    assert (plan.start_date, plan.review_date) == (dt.date(2026, 9, 1), dt.date(2026, 10, 1))
    loaded.undo_stack.undo()
    assert page.review_date.date() == dt.date(2027, 2, 19)


def test_dates_can_be_cleared_and_set(loaded: PlanEditorWidget) -> None:
    page = loaded.details_page
    _type_date(page.review_date, "")
    assert loaded.record().plan.review_date is None
    assert page.review_date.edit.placeholderText().startswith("Not entered")
    _type_date(page.review_date, format_typed(dt.date(2027, 2, 20)))
    assert loaded.record().plan.review_date == dt.date(2027, 2, 20)
    # A typing slip is named beside the dates and changes nothing.
    _type_date(page.review_date, "31/02")
    assert "is not a date" in page.dates_problem.text() and page.dates_problem.isVisibleTo(page)
    assert loaded.record().plan.review_date == dt.date(2027, 2, 20)


def test_regions_checkboxes_and_other_text(qtbot, loaded: PlanEditorWidget) -> None:  # type: ignore[no-untyped-def]
    page = loaded.details_page
    page.region_boxes["jaw"].setChecked(True)
    page.region_boxes["left_arm"].setChecked(False)
    assert loaded.record().plan.regions == ("neck", "shoulder", "jaw")
    qtbot.keyClicks(page.other_regions, "tongue, lips")
    assert loaded.record().plan.regions == ("neck", "shoulder", "jaw", "tongue", "lips")
    loaded.undo_stack.undo()
    assert loaded.record().plan.regions == ("neck", "shoulder", "jaw")
    assert page.other_regions.text() == ""


def test_therapist_and_summary_fields(qtbot, loaded: PlanEditorWidget) -> None:  # type: ignore[no-untyped-def]
    page = loaded.details_page
    phone = page.therapist_fields["phone"]
    phone.selectAll()
    qtbot.keyClick(phone, Qt.Key.Key_Delete)
    assert loaded.record().plan.therapist.phone is None
    _type_at_end(qtbot, page.summary, " More.")
    assert loaded.record().plan.summary.endswith("More.")


# -- templates ---------------------------------------------------------------------------


def test_apply_template_adds_items_and_goals_in_one_undoable_step(editor: PlanEditorWidget) -> None:
    blank = make_record(Plan(title="", category=Category.CERVICAL))
    editor.load(blank)
    page = editor.details_page
    assert page.template.currentText() == "Choose a starter template…" and page.apply_button.isHidden()
    page.template.setCurrentIndex(page.template.findData("template.cervical"))
    assert "targeted daily exercises" in page.approach.text() and not page.apply_button.isHidden()
    editor.apply_template("template.cervical")
    plan = editor.record().plan
    assert [i.catalog_code for i in plan.interventions] == ["neck.chin_tuck", "neck.shoulder_weights"]
    assert [g.code for g in plan.goals] == ["goal.neck_turn"]
    assert plan.title == "Neck dystonia: first plan"
    assert plan.catalog_version == "test-1"
    assert editor.undo_stack.count() == 1
    editor.details_page.apply_button.click()  # again: nothing new to add
    assert editor.undo_stack.count() == 1
    editor.undo_stack.undo()
    assert editor.record().plan == blank.plan


def test_unknown_template_is_a_key_error(loaded: PlanEditorWidget) -> None:
    with pytest.raises(KeyError):
        loaded.apply_template("template.nope")


# -- adding from the library --------------------------------------------------------------


def _library_row(editor: PlanEditorWidget, title: str) -> int:
    proxy = editor.library_browser.proxy
    return next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data() == title)


def test_add_from_library_by_double_click(qtbot, loaded: PlanEditorWidget) -> None:  # type: ignore[no-untyped-def]
    loaded.tabs.setCurrentIndex(1)
    view = loaded.library_browser.view
    index = loaded.library_browser.proxy.index(_library_row(loaded, "Kitchen counter neck glide"), 0)
    where = view.visualRect(index).center()
    # A real double-click: press and release, then the second press arrives as the double-click.
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert _titles(loaded)[-1] == "Kitchen counter neck glide"
    assert loaded.undo_stack.count() == 1
    assert loaded.items_panel.current_row() == 4
    assert loaded.item_editor.title.text() == "Kitchen counter neck glide"


def test_add_from_library_by_enter(qtbot, loaded: PlanEditorWidget, repeat_question) -> None:  # type: ignore[no-untyped-def]
    loaded.tabs.setCurrentIndex(1)
    browser = loaded.library_browser
    browser.view.selectRow(_library_row(loaded, "Chin tuck in front of a mirror"))
    _focus(qtbot, browser.view)
    repeat_question.answers += [True, True]  # it is in the plan already: add it again, twice
    qtbot.keyClick(browser.view, Qt.Key.Key_Return)
    assert _titles(loaded).count("Chin tuck in front of a mirror") == 2
    qtbot.keyClick(browser.view, Qt.Key.Key_Enter)
    assert _titles(loaded).count("Chin tuck in front of a mirror") == 3
    assert loaded.undo_stack.count() == 2
    assert repeat_question.asked == [["Chin tuck in front of a mirror"]] * 2


def test_add_button_adds_every_selected_entry(loaded: PlanEditorWidget) -> None:
    browser = loaded.library_browser
    browser.set_category_filter(None)
    browser.search.setText("orthoses")
    browser.view.selectAll()
    browser.add_button.click()
    assert _titles(loaded)[-1] == "Ankle-foot orthoses"
    assert loaded.undo_stack.count() == 1


def test_add_by_dropping_on_the_items_view(qtbot, loaded: PlanEditorWidget) -> None:  # type: ignore[no-untyped-def]
    loaded.tabs.setCurrentIndex(1)
    browser = loaded.library_browser
    row = _library_row(loaded, "Kitchen counter neck glide")
    # The drag carries what the library model puts in it.
    mime = browser.proxy.mimeData([browser.proxy.index(row, 0)])
    view = loaded.items_panel.view
    first = view.visualRect(loaded.items_panel.model.index(0))
    where = QPointF(first.center().x(), first.top() + 2)  # upper edge of the first row: above it
    # What the platform sends the view while the entry is dragged over it and let go.
    args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    # (Qt 6.11's bindings take a QPoint for enter/move events and a QPointF for the drop.)
    events = (QDragEnterEvent(where.toPoint(), *args), QDragMoveEvent(where.toPoint(), *args), QDropEvent(where, *args))
    for event in events:
        event.setAccepted(False)
        QApplication.sendEvent(view.viewport(), event)
        assert event.isAccepted()
    assert _titles(loaded)[0] == "Kitchen counter neck glide"
    assert loaded.undo_stack.count() == 1


def test_model_drop_with_library_codes(loaded: PlanEditorWidget, repeat_question) -> None:  # type: ignore[no-untyped-def]
    repeat_question.answers.append(True)
    model = loaded.items_panel.model
    assert model.dropMimeData(library_mime(["neck.chin_tuck"]), Qt.DropAction.CopyAction, -1, -1, model.index(1))
    assert _titles(loaded)[1] == "Chin tuck in front of a mirror"


# -- reordering and removing -------------------------------------------------------------


def test_reorder_with_buttons_and_shortcuts(qtbot, loaded: PlanEditorWidget) -> None:  # type: ignore[no-untyped-def]
    loaded.tabs.setCurrentIndex(1)
    panel = loaded.items_panel
    original = _titles(loaded)
    panel.select_row(0)
    assert not panel.up_button.isEnabled()
    panel.down_button.click()
    assert _titles(loaded) == [original[1], original[0], *original[2:]]
    assert panel.current_row() == 1  # the moved item stays selected
    _focus(qtbot, panel.view)
    qtbot.keyClick(panel.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert _titles(loaded) == [original[1], original[2], original[0], original[3]]
    qtbot.keyClick(panel.view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(panel.view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert _titles(loaded) == original
    assert loaded.undo_stack.count() == 4
    loaded.undo_stack.undo()
    assert panel.current_row() == 1


def test_remove_with_delete_key_and_undo(qtbot, loaded: PlanEditorWidget) -> None:  # type: ignore[no-untyped-def]
    loaded.tabs.setCurrentIndex(1)
    panel = loaded.items_panel
    original = _titles(loaded)
    panel.select_row(1)
    _focus(qtbot, panel.view)
    qtbot.keyClick(panel.view, Qt.Key.Key_Delete)
    assert _titles(loaded) == [original[0], *original[2:]]
    assert loaded.item_editor.title.text() == original[2]
    panel.remove_button.click()
    assert len(_titles(loaded)) == 2
    loaded.undo_stack.undo()
    loaded.undo_stack.undo()
    assert _titles(loaded) == original
    assert panel.current_row() == 1


def test_delete_in_a_text_field_does_not_remove_the_item(qtbot, loaded: PlanEditorWidget) -> None:  # type: ignore[no-untyped-def]
    loaded.tabs.setCurrentIndex(1)
    title = loaded.item_editor.title
    _focus(qtbot, title)
    title.setCursorPosition(0)
    qtbot.keyClick(title, Qt.Key.Key_Delete)
    assert len(_titles(loaded)) == 4
    assert _titles(loaded)[0] == "hin tuck in front of a mirror"


# -- the item editor --------------------------------------------------------------------------


def test_audience_checkboxes_toggle_and_undo(qtbot, loaded: PlanEditorWidget) -> None:  # type: ignore[no-untyped-def]
    loaded.tabs.setCurrentIndex(1)
    checks = loaded.item_editor.audiences
    assert checks[Audience.FAMILY].isChecked() and not checks[Audience.SCHOOL].isChecked()
    qtbot.mouseClick(checks[Audience.SCHOOL], Qt.MouseButton.LeftButton)
    checks[Audience.FAMILY].setChecked(False)
    assert loaded.record().plan.interventions[0].audiences == {Audience.SCHOOL}
    loaded.undo_stack.undo()
    assert loaded.record().plan.interventions[0].audiences == {Audience.FAMILY, Audience.SCHOOL}
    assert checks[Audience.FAMILY].isChecked()


def test_cautions_show_for_a_cervical_plan_with_a_weights_item(loaded: PlanEditorWidget) -> None:
    loaded.tabs.setCurrentIndex(1)
    editor = loaded.item_editor
    loaded.items_panel.select_row(0)
    assert not editor.cautions.isVisibleTo(editor)
    loaded.items_panel.select_row(1)
    assert editor.cautions.isVisibleTo(editor)
    assert WEIGHTS_CAUTION in editor.cautions.body.text()
    assert "Cervical" in editor.cautions.heading.text()
    assert "1 item with cautions" in loaded.header.full_text()
    assert "1 cautioned" in loaded.items_panel.heading.text()
    # Not a caution for hand dystonia.
    loaded.details_page.category.setCurrentIndex(list(Category).index(Category.HAND))
    assert not editor.cautions.isVisibleTo(editor)


def test_kind_specific_fields_follow_the_item(loaded: PlanEditorWidget) -> None:
    editor = loaded.item_editor
    form = editor._form
    loaded.items_panel.select_row(0)  # exercise
    assert form.isRowVisible(editor.dosage["sets"].parentWidget())
    assert not form.isRowVisible(editor.referral_to)
    loaded.items_panel.select_row(3)  # referral (with a side recorded)
    assert form.isRowVisible(editor.referral_to) and editor.referral_to.text() == "Neurology"
    assert not form.isRowVisible(editor.dosage["sets"].parentWidget())
    assert form.isRowVisible(editor.side)
    loaded.items_panel.select_row(2)  # advice
    assert form.isRowVisible(editor.setting) and editor.setting.currentText() == "Home"


def test_clinician_note_and_referral_fields(qtbot, loaded: PlanEditorWidget) -> None:  # type: ignore[no-untyped-def]
    loaded.items_panel.select_row(3)
    editor = loaded.item_editor
    qtbot.keyClicks(editor.clinician_note, "Due in March")
    qtbot.keyClicks(editor.referral_to, " (Dr Shah)")
    item = loaded.record().plan.interventions[3]
    assert (item.clinician_note, item.referral_to) == ("Due in March", "Neurology (Dr Shah)")
    assert "clinician only" in editor._form.labelForField(editor.clinician_note).text()


def test_photo_attach_a_png_and_remove_it(qtbot, loaded: PlanEditorWidget, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from careplan.ui.editor import photo

    from editor_samples import png_bytes

    path = tmp_path / "chin-tuck.png"
    png = png_bytes()
    path.write_bytes(png)
    monkeypatch.setattr(photo, "ask_photo_path", lambda parent: path)
    editor = loaded.item_editor
    editor.choose_photo_button.click()
    attached = loaded.record().plan.interventions[0].photo
    assert attached is not None and attached.media_type == "image/png" and attached.data == png
    assert not editor.photo_preview.pixmap().isNull()
    assert editor.remove_photo_button.isEnabled()
    editor.remove_photo_button.click()
    assert loaded.record().plan.interventions[0].photo is None
    loaded.undo_stack.undo()
    assert loaded.record().plan.interventions[0].photo == attached


def test_photo_refuses_a_file_that_is_not_a_picture(loaded: PlanEditorWidget, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from careplan.ui.editor import photo

    path = tmp_path / "notes.png"
    path.write_bytes(b"GIF89a not what it says")
    monkeypatch.setattr(photo, "ask_photo_path", lambda parent: path)
    editor = loaded.item_editor
    editor.choose_photo_button.click()
    assert editor.photo_problem.isVisibleTo(editor)
    assert "not a PNG or JPEG" in editor.photo_problem.text()
    assert loaded.record().plan.interventions[0].photo is None
    assert loaded.undo_stack.count() == 0
    loaded.items_panel.select_row(1)  # the message belongs to the item it was about
    assert not editor.photo_problem.isVisibleTo(editor)


def test_photo_cancelled_changes_nothing(loaded: PlanEditorWidget, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from careplan.ui.editor import photo

    monkeypatch.setattr(photo, "ask_photo_path", lambda parent: None)
    loaded.item_editor.choose_photo_button.click()
    assert loaded.undo_stack.count() == 0


def test_read_photo_checks_magic_bytes_and_size(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from careplan.ui.editor.photo import MAX_PHOTO_BYTES, PhotoError, read_photo

    jpeg = tmp_path / "x.jpg"
    jpeg.write_bytes(b"\xff\xd8\xff\xe0 truncated")
    missing = tmp_path / "missing.png"
    with pytest.raises(PhotoError, match="could not be read"):
        read_photo(missing)
    with pytest.raises(PhotoError, match="is not a complete JPEG image"):
        read_photo(jpeg)
    big = tmp_path / "big.png"
    big.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(MAX_PHOTO_BYTES))
    with pytest.raises(PhotoError, match="too large"):
        read_photo(big)


# -- goals and programme ----------------------------------------------------------------------


def test_goals_add_from_library_edit_reorder_and_remove(qtbot, loaded: PlanEditorWidget) -> None:  # type: ignore[no-untyped-def]
    page = loaded.goals_page
    loaded.tabs.setCurrentIndex(2)
    assert page.library_goals.count() == 2  # cervical goals only
    page.library_goals.setCurrentIndex(1)
    page.add_library_goal()
    goals = loaded.record().plan.goals
    assert goals[-1].code == "goal.neck_pain" and goals[-1].domain is GoalDomain.PAIN
    assert page.current_row() == 2
    assert page.text.selectedText() == "___"  # ready to type the number
    qtbot.keyClicks(page.text, "3")
    assert loaded.record().plan.goals[-1].text == "Neck pain below 3 out of 10 on most days"
    _type_date(page.target, format_typed(dt.date(2027, 2, 19)))
    assert loaded.record().plan.goals[-1].target_date == dt.date(2027, 2, 19)
    page.up_button.click()
    assert loaded.record().plan.goals[1].code == "goal.neck_pain"
    page.remove_button.click()
    assert [g.code for g in loaded.record().plan.goals] == ["goal.neck_turn", None]
    for _ in range(5):
        loaded.undo_stack.undo()
    assert loaded.record().plan.goals == make_record().plan.goals


def test_free_text_goal_and_domain(qtbot, loaded: PlanEditorWidget) -> None:  # type: ignore[no-untyped-def]
    page = loaded.goals_page
    page.add_own_button.click()
    assert loaded.record().plan.goals[-1].domain is GoalDomain.OTHER
    qtbot.keyClicks(page.text, "Walk to the shop")
    page.domain.setCurrentIndex(list(GoalDomain).index(GoalDomain.MOBILITY))
    goal = loaded.record().plan.goals[-1]
    assert (goal.text, goal.domain) == ("Walk to the shop", GoalDomain.MOBILITY)
    assert loaded.undo_stack.count() == 3


def test_programme_visits_and_adjustments(qtbot, loaded: PlanEditorWidget) -> None:  # type: ignore[no-untyped-def]
    page = loaded.programme_page
    _type_at_end(qtbot, page.visits, " (review in clinic)")
    qtbot.keyClicks(page.new_adjustment, "Rest breaks every 30 minutes")
    qtbot.keyClick(page.new_adjustment, Qt.Key.Key_Return)
    programme = loaded.record().plan.programme
    assert programme.visits.endswith("(review in clinic)")
    assert programme.adjustments[-1] == "Rest breaks every 30 minutes"
    assert page.new_adjustment.text() == ""
    page.adjustments.setCurrentIndex(page.adjustments_model.index(0))
    page.remove_adjustment_button.click()
    assert loaded.record().plan.programme.adjustments == ("Headset for phone calls", "Rest breaks every 30 minutes")
    assert "19 Feb 2027" in page.review_label.text()


def test_confidential_notes_are_marked(qtbot, loaded: PlanEditorWidget) -> None:  # type: ignore[no-untyped-def]
    page = loaded.programme_page
    assert "never printed on family or school handouts" in page.confidential_banner.label.text().lower()
    assert page.confidential_banner.accessibleName() == "Confidential — never printed on family or school handouts"
    assert page.clinical_notes.accessibleName() == "Confidential clinical notes"
    _type_at_end(qtbot, page.clinical_notes, " Botox due.")
    assert loaded.record().plan.clinical_notes.endswith("Botox due.")
    assert loaded.undo_stack.count() == 1


# -- own entries --------------------------------------------------------------------------


def test_new_own_entry_is_saved_through_the_callback(qtbot, loaded: PlanEditorWidget, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from careplan.ui.editor.own_entry_dialog import OwnEntryDialog

    saved = []

    def saver(entry):  # type: ignore[no-untyped-def]
        stored = dataclasses.replace(entry, code="own.doorway_walk")
        saved.append(stored)
        return stored

    def fake_ask(parent, category, saver_fn):  # type: ignore[no-untyped-def]
        dialog = OwnEntryDialog(category, saver_fn, parent)
        dialog.title.setText("Doorway walk")
        dialog.instructions.setPlainText("Walk through the doorway looking straight ahead.")
        dialog.accept()
        return dialog.saved, dialog.add_now.isChecked()

    browser = loaded.library_browser
    assert not browser.new_button.isEnabled()  # no saver yet
    loaded.set_own_entry_saver(saver)
    monkeypatch.setattr(OwnEntryDialog, "ask", staticmethod(fake_ask))
    browser.new_button.click()
    assert [e.title for e in saved] == ["Doorway walk"]
    assert saved[0].categories == {Category.CERVICAL}
    assert loaded.document.library.intervention("own.doorway_walk") is not None
    assert _titles(loaded)[-1] == "Doorway walk"
    current = browser.proxy.index(browser.view.currentIndex().row(), 2)
    assert current.data() == "Yours"
    loaded.undo_stack.undo()  # the item goes; the entry stays in the library
    assert "Doorway walk" not in _titles(loaded)
    assert loaded.document.library.intervention("own.doorway_walk") is not None


def test_own_entry_dialog_builds_the_entry_and_checks_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    from careplan.ui.editor.own_entry_dialog import OwnEntryDialog

    calls = []

    def saver(entry):  # type: ignore[no-untyped-def]
        calls.append(entry)
        if len(calls) == 1:
            raise ValueError("the database is locked")
        return dataclasses.replace(entry, code="own.x")

    dialog = OwnEntryDialog(Category.HAND, saver)
    qtbot.addWidget(dialog)
    dialog.accept()
    assert "title" in dialog.problem.text() and calls == []
    dialog.kind.setCurrentIndex(list(Kind).index(Kind.EXERCISE))
    dialog.title.setText("Finger taps")
    dialog.dosage["reps"].setValue(20)
    dialog.categories[Category.HAND].setChecked(False)
    dialog.accept()
    assert "category" in dialog.problem.text()
    dialog.categories[Category.FOCAL_OTHER].setChecked(True)
    dialog.accept()
    assert "database is locked" in dialog.problem.text()
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    entry = calls[-1]
    assert (entry.kind, entry.title, entry.dosage, entry.categories) == (
        Kind.EXERCISE,
        "Finger taps",
        Dosage(reps=20),
        {Category.FOCAL_OTHER},
    )
    assert dialog.saved is not None and dialog.saved.code == "own.x"


def test_set_library_shows_new_entries(loaded: PlanEditorWidget) -> None:
    from careplan.core.library import LibraryIntervention

    from editor_samples import make_library

    extra = LibraryIntervention(
        "own.new", Kind.EDUCATION, "About dystonia", "Read this", frozenset({Category.CERVICAL}), "mine"
    )
    loaded.set_library(make_library().with_own([extra]))
    model = loaded.library_browser.model
    assert model.index(model.rowCount() - 1, 0).data() == "About dystonia"
    assert loaded.record() == make_record()


# -- read-only -------------------------------------------------------------------------------


def _inputs(root: QWidget) -> list[QWidget]:
    from PySide6.QtWidgets import (
        QAbstractSpinBox,
        QCheckBox,
        QComboBox,
        QDateEdit,
        QLineEdit,
        QPlainTextEdit,
        QTextEdit,
    )

    kinds = (QLineEdit, QSpinBox_(), QComboBox, QTextEdit, QPlainTextEdit, QDateEdit, QCheckBox, QAbstractSpinBox)
    found = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, kinds):
            continue
        parent = widget.parentWidget()
        if isinstance(widget, QLineEdit) and isinstance(parent, (QAbstractSpinBox, QComboBox)):
            continue  # the editing part of a spin box or combo: the outer control carries the name
        found.append(widget)
    return found


def QSpinBox_():  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QSpinBox

    return QSpinBox


def test_read_only_disables_every_edit_control(qtbot, loaded: PlanEditorWidget) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QCheckBox, QComboBox, QLineEdit, QPlainTextEdit

    from careplan.ui.editor.widgets import VIEW_CONTROL

    loaded.set_read_only(True)
    assert loaded.read_only_banner.isVisibleTo(loaded)
    editable = []
    for widget in loaded.findChildren(QWidget):
        if widget.property(VIEW_CONTROL) or loaded._skip_for_read_only(widget):
            continue
        if isinstance(widget, (QLineEdit, QPlainTextEdit, QAbstractSpinBox)):
            editable += [widget] if not widget.isReadOnly() else []
        elif isinstance(widget, (QAbstractButton, QComboBox, QCheckBox)):
            editable += [widget] if widget.isEnabled() else []
    assert editable == []
    # Still browsable: the lists and the library search work.
    assert loaded.items_panel.view.isEnabled()
    loaded.items_panel.select_row(2)
    assert loaded.item_editor.title.text() == "Resting the neck at the desk"
    loaded.library_browser.search.setText("chin")
    assert loaded.library_browser.proxy.rowCount() == 1
    # Nothing can change the plan.
    qtbot.keyClicks(loaded.item_editor.title, "x")
    loaded.item_editor.audiences[Audience.SCHOOL].click()
    loaded.library_browser.add_selected()
    assert not loaded.items_panel.model.dropMimeData(
        library_mime(["neck.chin_tuck"]), Qt.DropAction.CopyAction, 0, 0, loaded.items_panel.model.index(0).parent()
    )
    loaded.document.move_item(0, 1)
    assert loaded.record() == make_record()
    assert loaded.undo_stack.count() == 0
    loaded.set_read_only(False)
    assert not loaded.read_only_banner.isVisibleTo(loaded)
    assert not loaded.item_editor.title.isReadOnly()
    assert loaded.details_page.category.isEnabled()
    assert loaded.items_panel.remove_button.isEnabled()
    assert not loaded.details_page.review_date.edit.isReadOnly()


# -- accessibility and layout ------------------------------------------------------------------


def _unnamed(root: QWidget) -> list[str]:
    from PySide6.QtWidgets import QLabel

    buddies = {id(label.buddy()) for label in root.findChildren(QLabel) if label.buddy() is not None}
    return [
        f"{type(w).__name__} {w.objectName()!r} in {type(w.parentWidget()).__name__}"
        for w in _inputs(root)
        if not w.accessibleName().strip() and id(w) not in buddies
    ]


def test_every_input_has_an_accessible_name(loaded: PlanEditorWidget) -> None:
    assert len(_inputs(loaded)) > 60
    assert _unnamed(loaded) == []


def test_every_input_in_the_own_entry_dialog_has_an_accessible_name(qtbot) -> None:  # type: ignore[no-untyped-def]
    from careplan.ui.editor.own_entry_dialog import OwnEntryDialog

    dialog = OwnEntryDialog(Category.CERVICAL, lambda e: e)
    qtbot.addWidget(dialog)
    assert _unnamed(dialog) == []


def test_labels_have_buddies_with_mnemonics(loaded: PlanEditorWidget) -> None:
    label = loaded.item_editor._form.labelForField(loaded.item_editor.title)
    assert label.text() == "&Title:" and label.buddy() is loaded.item_editor.title


def test_fits_1366_by_768_and_150_percent(qtbot, loaded: PlanEditorWidget, tmp_path) -> None:  # type: ignore[no-untyped-def]
    loaded.tabs.setCurrentIndex(1)
    loaded.items_panel.select_row(1)
    assert loaded.minimumSizeHint().width() <= 1366 / 1.5
    loaded.resize(int(1366 / 1.5), int(768 / 1.5) - 60)  # 150 %: 910 x 452 logical pixels left by the window
    qtbot.waitUntil(lambda: loaded.item_editor.width() >= 300)
    assert all(size > 0 for size in loaded.splitter.sizes())
    editor = loaded.item_editor
    assert editor.form_page.minimumSizeHint().width() <= editor.viewport().width()  # no sideways scrolling
    loaded.resize(1366, 700)
    assert loaded.grab().save(str(tmp_path / "editor.png"))


def test_tab_order_walks_the_details_page(qtbot, loaded: PlanEditorWidget) -> None:  # type: ignore[no-untyped-def]
    page = loaded.details_page
    _focus(qtbot, page.category)
    seen = []
    for _ in range(20):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert page.cervical_form in seen and page.template in seen and page.start_date.edit in seen
    shown = [check for check in page.pattern_boxes.values() if check.isVisible()]
    assert shown and all(check in seen for check in shown)
    assert seen.index(page.cervical_form) < seen.index(shown[0]) < seen.index(page.template)


def test_the_pattern_and_side_are_recorded_and_fill_directions(qtbot, loaded: PlanEditorWidget) -> None:  # type: ignore[no-untyped-def]
    from careplan.core.enums import Pattern, Side

    page = loaded.details_page
    document = loaded.document
    document.edit(document.plan.replace(category=Category.CERVICAL), "cervical")
    assert not page.pull_side.isVisible()
    page.pattern_boxes[Pattern.TORTICOLLIS].setChecked(True)
    assert document.plan.patterns == (Pattern.TORTICOLLIS,)
    assert page.pull_side.isVisibleTo(page) and page.neck_level.isVisibleTo(page)
    page.pull_side.setCurrentIndex(2)  # Right
    assert document.plan.pull_side is Side.RIGHT
    document.undo_stack.undo()
    assert document.plan.pull_side is None
    # Unticking the last sided pattern forgets the side, so no stale direction is printed.
    document.undo_stack.redo()
    page.pattern_boxes[Pattern.TORTICOLLIS].setChecked(False)
    assert document.plan.patterns == () and document.plan.pull_side is None


def test_team_contacts_are_edited_in_a_table(qtbot, loaded: PlanEditorWidget) -> None:  # type: ignore[no-untyped-def]
    from careplan.core.model import Contact

    page = loaded.details_page
    page.add_contact.click()
    page.contacts.setItem(0, 0, QTableWidgetItem("Neurology team"))
    assert loaded.document.plan.contacts == ()  # no phone yet: not a contact
    page.contacts.setItem(0, 2, QTableWidgetItem("020 7946 0000"))
    assert loaded.document.plan.contacts == (Contact(role="Neurology team", phone="020 7946 0000"),)
    page.contacts.setCurrentCell(0, 0)
    page.remove_contact.click()
    assert loaded.document.plan.contacts == ()


def _mnemonics(editor: PlanEditorWidget) -> list[str]:
    import re

    from PySide6.QtWidgets import QAbstractButton, QLabel

    texts = [editor.tabs.tabText(i) for i in range(editor.tabs.count())]
    for widget in editor.findChildren(QWidget):
        if not widget.isVisibleTo(editor):
            continue
        if (isinstance(widget, QLabel) and widget.buddy() is not None) or isinstance(widget, QAbstractButton):
            texts.append(widget.text())
    return [m.lower() for text in texts for m in re.findall(r"(?<!&)&([^&\s])", text)]


@pytest.mark.parametrize("page", [0, 1, 2, 3])
def test_mnemonics_are_unique_on_each_page(loaded: PlanEditorWidget, page: int) -> None:
    loaded.tabs.setCurrentIndex(page)
    for row in range(4):  # every kind of item shows its own fields
        loaded.items_panel.select_row(row)
        letters = _mnemonics(loaded)
        assert len(letters) > 6
        assert sorted(letters) == sorted(set(letters)), f"page {page}, item {row}: {sorted(letters)}"
