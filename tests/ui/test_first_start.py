"""First start: the therapist's and the clinic's details asked once, then on every new plan and handout;
put off, nothing is written and nothing breaks."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from careplan.core.enums import Category
from careplan.core.model import Therapist
from careplan.settings import SETTINGS_FILENAME, Settings, load_settings
from careplan.ui.settings_dialog import SettingsDialog
from careplan.ui.therapist_dialog import FirstStartDialog

from ui_helpers import choose_new_plan, seed_plan

TYPED = {
    ("therapist", "name"): "Amaka Eze",
    ("therapist", "role"): "Neurophysiotherapist",
    ("therapist", "phone"): "07700 900123",
    ("therapist", "email"): "amaka.eze@example.org",
    ("clinic", "name"): "Riverside Children's Therapy",
    ("clinic", "phone"): "0113 496 0123",
    ("clinic", "address"): "12 Mill Lane\nLeeds LS1 4AB",
}


def fill_in(qtbot: Any, dialog: FirstStartDialog, typed: dict[tuple[str, str], str]) -> None:
    """Type into the real dialog as a therapist would (the address over two lines)."""
    for place, text in typed.items():
        edit = dialog.edits[place]
        if isinstance(edit, QPlainTextEdit):
            edit.setFocus()
            for n, line in enumerate(text.split("\n")):
                if n:
                    qtbot.keyClick(edit, Qt.Key.Key_Return)
                qtbot.keyClicks(edit, line)
        else:
            assert isinstance(edit, QLineEdit)
            qtbot.keyClicks(edit, text)


def answered_in_the_dialog(qtbot: Any, typed: dict[tuple[str, str], str]) -> Any:
    """A first-start answer: the real dialog, filled in, Save pressed."""

    def answer(settings: Settings) -> Settings | None:
        dialog = FirstStartDialog(settings)
        qtbot.addWidget(dialog)
        fill_in(qtbot, dialog, typed)
        dialog.save_button.click()
        return dialog.settings() if dialog.result() == FirstStartDialog.DialogCode.Accepted else None

    return answer


def test_first_start_details_go_on_every_new_plan_and_handout(
    qtbot: Any, make_window: Any, dialogs: Any, store: Any, paths: Any
) -> None:
    patient_id = seed_plan(store, "Ben", "Ito").patient.id
    window = make_window(settings=Settings())
    dialogs.answer("first_start", answered_in_the_dialog(qtbot, TYPED))
    assert window.session.first_start()
    stored = load_settings(paths.config)
    assert (
        stored.clinic.name == "Riverside Children's Therapy" and stored.clinic.address == "12 Mill Lane\nLeeds LS1 4AB"
    )
    assert stored.therapist.phone == "07700 900123"
    # A new plan names the therapist with their phone and email; its handouts carry the clinic.
    dialogs.answer("new_plan", choose_new_plan(Category.CERVICAL, None))
    assert window.session.new_plan_for(patient_id)
    plan = window.editor.record().plan
    assert plan.therapist == Therapist("Amaka Eze", "Neurophysiotherapist", "07700 900123", "amaka.eze@example.org")
    preview = window.handouts.preview_handouts()
    assert preview.clinic.name == "Riverside Children's Therapy" and preview.clinic.phone == "0113 496 0123"
    assert not any(p.kind == "therapist" for p in preview.problems), "a way to contact the therapist is on file"
    preview.close()
    # Asked once: the next start does not ask, and Settings show the same details to change.
    assert not window.session.first_start()
    settings_dialog = SettingsDialog(window.settings, paths)
    qtbot.addWidget(settings_dialog)
    assert settings_dialog.clinic_phone.text() == "0113 496 0123"
    assert settings_dialog.therapist_email.text() == "amaka.eze@example.org"


def test_putting_first_start_off_writes_nothing_and_new_plans_still_start(
    make_window: Any, dialogs: Any, store: Any, paths: Any
) -> None:
    patient_id = seed_plan(store, "Ben", "Ito").patient.id
    settings_file = paths.config / SETTINGS_FILENAME
    settings_file.unlink(missing_ok=True)
    window = make_window(settings=Settings())
    dialogs.answer("first_start", None)
    assert not window.session.first_start()
    assert not settings_file.exists()
    assert window.settings == Settings()
    dialogs.answer("new_plan", choose_new_plan(Category.CERVICAL, None))
    assert window.session.new_plan_for(patient_id)
    assert window.editor.record().plan.therapist == Therapist()


def test_only_the_name_is_needed_and_the_rest_may_stay_empty(qtbot: Any) -> None:
    dialog = FirstStartDialog(Settings())
    qtbot.addWidget(dialog)
    assert not dialog.save_button.isEnabled(), "saving needs a name"
    assert dialog.later.isEnabled()
    fill_in(qtbot, dialog, {("therapist", "name"): "Sam Lee"})
    assert dialog.save_button.isEnabled()
    dialog.save_button.click()
    assert dialog.result() == FirstStartDialog.DialogCode.Accepted
    chosen = dialog.settings()
    assert chosen.therapist.name == "Sam Lee" and chosen.clinic.name == "" and chosen.clinic.emergency_number == "999"


def test_a_wrong_value_is_named_and_the_dialog_stays_open(qtbot: Any) -> None:
    before = Settings()
    dialog = FirstStartDialog(before)
    qtbot.addWidget(dialog)
    fill_in(qtbot, dialog, {("therapist", "name"): "Sam Lee"})
    dialog.edits["clinic", "emergency_number"].clear()
    fill_in(qtbot, dialog, {("clinic", "emergency_number"): "call 999"})
    dialog.show()
    dialog.save_button.click()
    assert dialog.result() != FirstStartDialog.DialogCode.Accepted
    assert dialog.problem.isVisible()
    assert dialog.problem.text().startswith("Emergency number: ")
    assert before == Settings(), "the settings given are not changed"
