"""The dialogs on their own: patient form, new plan, settings, history and the handout preview."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage

from careplan.core.enums import Audience, Category
from careplan.core.model import Carer, Patient, SchoolContact
from careplan.services.plans import list_revisions, load_plan
from careplan.ui.patient_dialog import PatientFormDialog
from careplan.ui.plan_dialogs import NewPlanDialog
from careplan.ui.preview import HandoutPreviewDialog
from careplan.ui.settings_dialog import SettingsDialog
from careplan.ui.state import WindowState

from ui_helpers import TODAY, is_pdf, seed_plan

# --- patient form ------------------------------------------------------------------------------------


@pytest.fixture
def form(qtbot: Any) -> PatientFormDialog:
    dialog = PatientFormDialog(today=TODAY)
    qtbot.addWidget(dialog)
    return dialog


def test_an_empty_form_cannot_be_accepted(form: PatientFormDialog) -> None:
    assert not form.ok_button.isEnabled()
    assert set(form.problems()) == {"given", "family", "born"}
    assert form.hint.text() == "Still needed: the given name, the family name, a date of birth in the past."
    # Nothing shouts before the therapist has typed anything.
    assert form.given_problem.isHidden() and form.born_problem.isHidden()


def test_problems_show_beside_their_fields(qtbot: Any, form: PatientFormDialog) -> None:
    form.show()
    qtbot.keyClicks(form.given, "A")
    qtbot.keyClick(form.given, Qt.Key.Key_Backspace)
    assert form.given_problem.isVisible() and form.given_problem.text() == "Enter the given name."
    form.born.set_date(dt.date(2030, 1, 1))
    assert form.born_problem.text().startswith("The date of birth cannot be in the future")
    qtbot.keyClicks(form.given, "Amira")
    qtbot.keyClicks(form.family, "Okafor")
    assert not form.ok_button.isEnabled()
    form.born.set_date(dt.date(2016, 3, 14))
    assert form.born_problem.isHidden()
    assert form.ok_button.isEnabled()
    # A carer row with a phone but no name is a problem too; an empty one is ignored.
    form.add_carer.click()
    assert form.ok_button.isEnabled()
    form.carers.item(0, 2).setText("07700 900123")
    assert not form.ok_button.isEnabled()
    assert form.carers_problem.text() == "Each carer needs a name (or remove the row)."
    form.carers.setCurrentCell(0, 0)
    form.remove_carer.click()
    assert form.ok_button.isEnabled()
    qtbot.keyClicks(form.school_email, "not-an-address")
    assert not form.ok_button.isEnabled()
    assert form.school_problem.isVisible()


def test_the_form_reads_back_what_it_was_given(qtbot: Any) -> None:
    patient = Patient(
        "Zoë",
        "Ávila",
        dt.date(1980, 12, 1),
        "A-77",
        (Carer("Ana Ávila", "sister", "0161 496 0001"),),
        SchoolContact("Brookfield", "Mr Hale", "0161", "senco@brookfield.example"),
        id=7,
    )
    dialog = PatientFormDialog(patient)
    qtbot.addWidget(dialog)
    assert dialog.ok_button.isEnabled()
    assert dialog.ok_button.text() == "Save patient"
    assert dialog.patient() == patient


def test_names_are_tidied(qtbot: Any, form: PatientFormDialog) -> None:
    qtbot.keyClicks(form.given, "  Amira  ")
    qtbot.keyClicks(form.family, "Okafor   Smith")
    form.born.set_date(dt.date(2016, 3, 14))
    patient = form.patient()
    assert (patient.given_name, patient.family_name, patient.identifier, patient.school) == (
        "Amira",
        "Okafor Smith",
        None,
        None,
    )


# --- new plan -----------------------------------------------------------------------------------------


def test_new_plan_dialog_offers_the_category_templates(qtbot: Any, library: Any) -> None:
    dialog = NewPlanDialog(library, "Amira Okafor")
    qtbot.addWidget(dialog)
    dialog.select(Category.DYSTONIC_CP)
    offered = [dialog.templates.item(i).text() for i in range(dialog.templates.count())]
    assert len(offered) == len(library.templates_for(Category.DYSTONIC_CP)) + 1
    assert offered[-1] == "A blank plan"
    assert dialog.title.text() == library.templates_for(Category.DYSTONIC_CP)[0].title
    dialog.select(Category.DYSTONIC_CP, None)
    assert dialog.choice().template_code is None
    assert dialog.title.text() == "Dystonic cerebral palsy care plan"
    # A title the therapist typed is kept when the template changes.
    dialog.title.clear()
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.title, "School day")
    dialog.select(Category.CERVICAL, "template.cervical")
    assert dialog.choice() == dialog.choice().__class__(Category.CERVICAL, "template.cervical", "School day")


# --- settings -----------------------------------------------------------------------------------------


def test_settings_dialog_round_trip(qtbot: Any, settings: Any, paths: Any) -> None:
    dialog = SettingsDialog(settings, paths)
    qtbot.addWidget(dialog)
    assert dialog.settings() == settings
    assert dialog.use_local.isChecked()
    assert not dialog.test_button.isEnabled()
    dialog.paper.setCurrentIndex(1)
    qtbot.keyClicks(dialog.therapist_role, " (band 7)")
    result = dialog.settings()
    assert result.paper == "Letter"
    assert result.therapist.role == "Neurophysiotherapist (band 7)"
    assert result.database_url is None
    assert not result.handouts.show_identifier and not result.handouts.show_date_of_birth


def test_settings_dialog_privacy_checkboxes(qtbot: Any, settings: Any, paths: Any) -> None:
    dialog = SettingsDialog(settings, paths, start_tab="printing")
    qtbot.addWidget(dialog)
    assert not dialog.show_identifier.isChecked() and not dialog.show_date_of_birth.isChecked()
    dialog.show_date_of_birth.click()
    result = dialog.settings()
    assert result.handouts.show_date_of_birth and not result.handouts.show_identifier
    assert result.handout_privacy().show_date_of_birth
    again = SettingsDialog(result, paths)
    qtbot.addWidget(again)
    assert again.show_date_of_birth.isChecked() and not again.show_identifier.isChecked()


def test_settings_test_connection_shows_the_result_inline(
    qtbot: Any, settings: Any, paths: Any, tmp_path: Path
) -> None:
    dialog = SettingsDialog(settings, paths, start_tab="database")
    qtbot.addWidget(dialog)
    assert dialog.tabs.currentIndex() == 2
    assert not dialog.database_url.isEnabled()
    dialog.use_other.setChecked(True)
    assert not dialog.ok_button.isEnabled(), "another database needs an address"
    qtbot.keyClicks(dialog.database_url, "not a url")
    assert not dialog.ok_button.isEnabled()
    assert dialog.url_problem.isVisibleTo(dialog)
    dialog.database_url.setText(f"sqlite+pysqlite:///{tmp_path / 'x.sqlite3'}")
    assert dialog.ok_button.isEnabled()
    with qtbot.waitSignal(dialog.connection_tested) as tested:
        dialog.test_button.click()
    assert tested.args[0] is True
    assert dialog.test_result.text().startswith("Connected: sqlite 3.")
    dialog.database_url.setText(f"sqlite+pysqlite:///{tmp_path / 'missing' / 'x.sqlite3'}")
    with qtbot.waitSignal(dialog.connection_tested) as tested:
        dialog.test_button.click()
    assert tested.args[0] is False
    assert "does not exist" in dialog.test_result.text()
    assert dialog.settings().database_url.endswith("x.sqlite3")
    dialog.use_local.setChecked(True)
    assert dialog.settings().database_url is None


def test_settings_logo_preview(qtbot: Any, settings: Any, paths: Any, tmp_path: Path, dialogs: Any) -> None:
    logo = tmp_path / "logo.png"
    image = QImage(120, 40, QImage.Format.Format_RGB32)
    image.fill(QColor("navy"))
    assert image.save(str(logo))
    dialog = SettingsDialog(settings, paths)
    qtbot.addWidget(dialog)
    assert dialog.logo_preview.text() == "No logo"
    dialogs.answer("open_path", logo)
    dialog.choose_logo.click()
    assert not dialog.logo_preview.pixmap().isNull()
    assert dialog.settings().clinic.logo_path == str(logo)
    assert dialog.logo_problem.isHidden()
    not_image = tmp_path / "notes.png"
    not_image.write_text("hello")
    dialog.set_logo(str(not_image))
    assert dialog.logo_problem.text().startswith("This file cannot be used as the logo: “notes.png” is not a PNG")
    cut = tmp_path / "cut.png"
    cut.write_bytes(logo.read_bytes()[:-20])
    dialog.set_logo(str(cut))
    assert "“cut.png” is not a complete PNG image (the file is cut short)" in dialog.logo_problem.text()
    dialog.set_logo(str(tmp_path / "gone.png"))
    assert dialog.logo_problem.text().startswith("This file cannot be read")
    dialog.remove_logo.click()
    assert dialog.settings().clinic.logo_path == ""


# --- history ------------------------------------------------------------------------------------------


def test_restore_an_old_revision(qtbot: Any, window: Any, dialogs: Any, store: Any) -> None:
    seeded = seed_plan(store)
    window.open_plan(seeded.plan_id)
    editor = window.editor
    editor.document.edit(editor.plan().replace(title="Second title"), "Title")
    assert window.save()
    history = window.session.show_history()
    qtbot.waitUntil(lambda: history.model.rowCount() == 2)
    assert [r.number for r in history.model.revisions] == [2, 1]
    assert not history.restore_button.isEnabled(), "the current revision needs no restoring"
    history.select_number(1)
    assert history.restore_button.isEnabled()
    dialogs.answer("confirm", True)
    with qtbot.waitSignal(window.session.plan_saved):
        history.restore_button.click()
    assert window.editor.record().plan.title == "Neck posture"
    assert window.editor.record().revision.number == 3
    qtbot.waitUntil(lambda: history.model.rowCount() == 3)
    assert [r.number for r in history.model.revisions] == [3, 2, 1]
    with store.sessions.begin() as s:
        assert load_plan(s, seeded.plan_id).plan.title == "Neck posture"
    history.close()


def test_restore_after_another_desktop_saved_offers_a_copy(
    qtbot: Any, window: Any, dialogs: Any, store: Any, paths: Any
) -> None:
    from test_saving import save_elsewhere

    from careplan.services.store import open_store
    from careplan.storage.db import sqlite_url

    seeded = seed_plan(store)
    window.open_plan(seeded.plan_id)
    other = open_store(sqlite_url(paths.database), paths, migrate=False)
    try:
        save_elsewhere(other, seeded.plan_id, 40)
    finally:
        other.close()
    dialogs.answer("conflict", "copy")
    assert window.session.restore_revision(1)
    assert dialogs.of("conflict")[0][2] == "restore"
    record = window.editor.record()
    assert record.plan_id != seeded.plan_id and record.plan.title == "Neck posture (copy)"
    with store.sessions.begin() as s:
        assert [r.number for r in list_revisions(s, seeded.plan_id)] == [1, 2]


def test_restoring_with_unsaved_changes_asks_first(qtbot: Any, window: Any, dialogs: Any, store: Any) -> None:
    seeded = seed_plan(store)
    window.open_plan(seeded.plan_id)
    editor = window.editor
    editor.document.edit(editor.plan().replace(title="Second"), "Title")
    dialogs.answer("unsaved", "cancel")
    assert not window.session.restore_revision(1)
    assert editor.plan().title == "Second"


# --- handout preview -----------------------------------------------------------------------------------


@pytest.fixture
def preview(qtbot: Any, store: Any, library: Any, settings: Any, paths: Any) -> Any:
    def make(renderer: Any = None) -> HandoutPreviewDialog:
        seeded = seed_plan(store)
        state = WindowState(paths.config)
        state.set(WindowState.preview_audience, "family")
        kwargs = {"renderer": renderer} if renderer else {}
        dialog = HandoutPreviewDialog(seeded, library, settings.clinic_details(), "A4", state, paths.log_file, **kwargs)
        qtbot.addWidget(dialog)
        return dialog

    return make


def test_preview_renders_each_audience_once(qtbot: Any, preview: Any) -> None:
    calls: list[tuple[Audience, bool]] = []

    def renderer(
        record: Any, audience: Audience, library: Any, clinic: Any, paper: str, large: bool, draft: bool
    ) -> bytes:
        from careplan.ui.preview import render_handout

        calls.append((audience, large))
        return render_handout(record, audience, library, clinic, paper, large, draft)

    dialog = preview(renderer)
    assert dialog.pages.currentWidget() is dialog.busy
    assert not dialog.print_button.isEnabled()
    with qtbot.waitSignal(dialog.rendered, timeout=20_000):
        pass
    assert dialog.pages.currentWidget() is dialog.view
    with qtbot.waitSignal(dialog.rendered, timeout=20_000):
        dialog.large_print.setChecked(True)
    with qtbot.waitSignal(dialog.rendered, timeout=20_000):
        dialog.tabs.setCurrentIndex(2)
    assert not dialog.large_print.isEnabled(), "the clinician summary has one size"
    dialog.tabs.setCurrentIndex(0)  # from the cache: no new rendering
    assert calls == [(Audience.FAMILY, False), (Audience.FAMILY, True), (Audience.CLINICIAN, False)]
    assert dialog.pdf_bytes().startswith(b"%PDF")
    assert dialog.state.get(WindowState.preview_large_print) is True


def test_preview_prints_every_page(qtbot: Any, preview: Any, dialogs: Any, tmp_path: Path) -> None:
    from PySide6.QtPrintSupport import QPrinter

    dialog = preview()
    with qtbot.waitSignal(dialog.rendered, timeout=20_000):
        pass
    out = tmp_path / "print.pdf"

    def to_file(printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return True

    dialogs.answer("print", to_file)
    assert dialog.print_handout()
    assert is_pdf(out) == dialog.document.pageCount()


def test_a_rendering_failure_is_shown_in_the_preview(qtbot: Any, preview: Any) -> None:
    from careplan.services.errors import UserError

    def broken(*_args: Any) -> bytes:
        raise UserError("The logo file is damaged.")

    dialog = preview(broken)
    with qtbot.waitSignal(dialog.render_failed, timeout=5000) as failed:
        pass
    assert failed.args == ["The logo file is damaged."]
    assert "could not be made" in dialog.busy.text()
    assert not dialog.save_button.isEnabled()


@pytest.mark.parametrize(
    ("field", "label", "tab"),
    [("clinic_name", "Clinic name", "&Clinic"), ("therapist_role", "Therapist role", "&Therapist")],
)
def test_settings_with_a_control_character_are_refused_naming_the_field(
    qtbot: Any, settings: Any, paths: Any, dialogs: Any, field: str, label: str, tab: str
) -> None:
    """A pasted escape sequence is refused with the field's own label; the dialog stays open on its tab."""
    dialog = SettingsDialog(settings, paths)
    qtbot.addWidget(dialog)
    dialog.tabs.setCurrentIndex(2)
    getattr(dialog, field).setText("Ward 3\x1b[2J")
    dialog.ok_button.click()
    ((title, text),) = dialogs.errors()
    assert title == "Settings not saved"
    assert text.startswith(f"{label}: ") and "U+001B (ESC)" in text
    assert dialog.result() != dialog.DialogCode.Accepted
    assert dialog.tabs.tabText(dialog.tabs.currentIndex()) == tab


def test_preview_offers_only_the_handouts_that_fit(
    qtbot: Any, store: Any, library: Any, settings: Any, paths: Any
) -> None:
    record = seed_plan(store, "Sam", "Reed", dt.date(1981, 5, 2))
    state = WindowState(paths.config)
    state.set(WindowState.preview_audience, "school")
    dialog = HandoutPreviewDialog(record, library, settings.clinic_details(), "A4", state, paths.log_file)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.rendered, timeout=20_000):
        pass
    labels = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert labels == ["Family", "Work and daily life", "Clinician summary"]
    assert dialog.audience() is Audience.FAMILY, "the last choice (school) does not fit: family instead"
    with qtbot.waitSignal(dialog.rendered, timeout=20_000) as shown:
        dialog.tabs.setCurrentIndex(1)
    assert shown.args == ["work"] and dialog.audience() is Audience.WORK
    assert state.get(WindowState.preview_audience) == "work"


def test_preview_offers_no_work_handout_for_a_child(
    qtbot: Any, store: Any, library: Any, settings: Any, paths: Any
) -> None:
    record = seed_plan(store, "Amira", "Okafor", dt.date(2016, 3, 14))
    state = WindowState(paths.config)
    state.set(WindowState.preview_audience, "work")
    dialog = HandoutPreviewDialog(record, library, settings.clinic_details(), "A4", state, paths.log_file)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.rendered, timeout=20_000):
        pass
    labels = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert labels == ["Family", "School", "Clinician summary"]
    assert dialog.audience() is Audience.FAMILY, "the last choice (work) does not fit a child: family instead"
