"""The main window's commands: its QActions, the menu bar and the toolbar, built in one place.

``build_actions`` makes the actions and connects each to the part of the window that does the work
(the patient pane, the plan session, the handout actions, the window itself); ``build_menus`` and
``build_toolbar`` lay them out; ``WindowActions.update`` greys out what cannot be done now.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLineEdit, QMenu, QStyle, QToolBar, QWidget

from careplan.core.history import NOTE_MAX
from careplan.ui.template_dialogs import copy_plan_command, manage_templates_command, save_template_command
from careplan.ui.widgets import named, standard_icon

if TYPE_CHECKING:
    from careplan.ui.main_window import MainWindow


def shortcut(standard: QKeySequence.StandardKey, fallback: str) -> list[QKeySequence]:
    keys = QKeySequence.keyBindings(standard)
    return keys or [QKeySequence(fallback)]


def make_action(
    parent: QWidget,
    text: str,
    slot: Callable[[], object],
    keys: list[QKeySequence] | str | None = None,
    icon: QStyle.StandardPixmap | None = None,
    theme: str | None = None,
    tip: str | None = None,
) -> QAction:
    """An action with its shortcut shown in the tooltip and its tip in the status bar."""
    action = QAction(text, parent)
    if isinstance(keys, str):
        action.setShortcut(QKeySequence(keys))
    elif keys:
        action.setShortcuts(keys)
    if icon is not None:
        action.setIcon(standard_icon(icon, theme))
    plain = text.replace("&", "").removesuffix("…")
    shown = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    action.setToolTip(f"{tip or plain} ({shown})" if shown else (tip or plain))
    action.setStatusTip(tip or plain)
    action.triggered.connect(lambda _checked=False: slot())
    parent.addAction(action)
    return action


@dataclass
class WindowActions:
    new_patient: QAction
    open: QAction
    new_plan: QAction
    save: QAction
    close_plan: QAction
    import_plan: QAction
    export_plan: QAction
    export_handouts: QAction
    save_pdf: QAction
    print: QAction
    preview: QAction
    history: QAction
    #: Own templates and copies (careplan.ui.template_dialogs).
    save_template: QAction
    manage_templates: QAction
    copy_plan: QAction
    edit_patient: QAction
    #: Re-evaluation (careplan.ui.reevaluation): assessments, injections, progress, reviews.
    new_assessment: QAction
    record_injection: QAction
    progress: QAction
    start_review: QAction
    settings: QAction
    backup_now: QAction
    restore_backup: QAction
    quit: QAction
    guide: QAction
    about: QAction
    undo: QAction
    redo: QAction
    #: The toolbar's own Undo and Redo keep a short, steady label (the menu names the step).
    tool_undo: QAction
    tool_redo: QAction

    def update(self, *, has_plan: bool, stored: bool, has_patient: bool) -> None:
        """Enable what can be done now: plan commands with a plan open, History for a saved plan."""
        for action in (
            self.save,
            self.close_plan,
            self.export_plan,
            self.export_handouts,
            self.save_pdf,
            self.print,
            self.preview,
            self.save_template,
        ):
            action.setEnabled(has_plan)
        self.history.setEnabled(stored)
        for action in (self.new_assessment, self.record_injection, self.progress, self.start_review):
            action.setEnabled(has_plan)
        self.new_plan.setEnabled(has_patient)
        self.copy_plan.setEnabled(has_patient)
        self.edit_patient.setEnabled(has_patient)


def build_actions(window: MainWindow) -> WindowActions:
    SP = QStyle.StandardPixmap
    K = QKeySequence.StandardKey
    session, handouts, pane = window.session, window.handouts, window.patients

    act = functools.partial(make_action, window)
    undo = window.undo_group.createUndoAction(window, "&Undo")
    undo.setShortcuts(shortcut(K.Undo, "Ctrl+Z"))
    undo.setIcon(standard_icon(SP.SP_ArrowBack, "edit-undo"))
    redo = window.undo_group.createRedoAction(window, "&Redo")
    redo.setShortcuts(shortcut(K.Redo, "Ctrl+Shift+Z"))
    redo.setIcon(standard_icon(SP.SP_ArrowForward, "edit-redo"))
    window.addAction(undo)
    window.addAction(redo)
    tool_undo = QAction(undo.icon(), "Undo", window)
    tool_redo = QAction(redo.icon(), "Redo", window)
    for tool, group_action, signal in (
        (tool_undo, undo, window.undo_group.canUndoChanged),
        (tool_redo, redo, window.undo_group.canRedoChanged),
    ):
        tool.triggered.connect(group_action.trigger)
        tool.setEnabled(False)
        signal.connect(tool.setEnabled)
        group_action.changed.connect(
            lambda tool=tool, action=group_action: tool.setToolTip(
                f"{action.text().replace('&', '')} ({action.shortcut().toString()})"
            )
        )

    return WindowActions(
        new_patient=act("&New patient…", session.new_patient, shortcut(K.New, "Ctrl+N"), SP.SP_FileIcon, "contact-new"),
        open=act(
            "&Open patient…",
            pane.focus_search,
            shortcut(K.Open, "Ctrl+O"),
            SP.SP_DialogOpenButton,
            "document-open",
            tip="Find a patient by name, date of birth or identifier",
        ),
        new_plan=act("New p&lan for this patient…", session.new_plan_for_selected, "Ctrl+Shift+N"),
        save=act("&Save", session.save, shortcut(K.Save, "Ctrl+S"), SP.SP_DialogSaveButton, "document-save"),
        close_plan=act("&Close plan", session.close_plan, shortcut(K.Close, "Ctrl+W")),
        import_plan=act("&Import plan file…", session.import_plan_file, "Ctrl+I"),
        export_plan=act("E&xport plan file…", session.export_plan_file, "Ctrl+Shift+E"),
        export_handouts=act(
            "&Export handouts…",
            handouts.export_handouts,
            "Ctrl+E",
            tip="Save the family, school and clinician handouts as PDFs in a folder",
        ),
        save_pdf=act(
            "Save handout as P&DF…", handouts.save_handout_pdf, "Ctrl+Shift+S", tip="Save a handout as a PDF file"
        ),
        print=act(
            "&Print handout…",
            handouts.print_handout,
            shortcut(K.Print, "Ctrl+P"),
            SP.SP_FileDialogDetailedView,
            "document-print",
        ),
        preview=act(
            "Pre&view handouts",
            handouts.preview_handouts,
            "Ctrl+Shift+P",
            SP.SP_FileDialogContentsView,
            "document-print-preview",
            tip="See the family, school and clinician handouts",
        ),
        history=act(
            "&History…",
            session.show_history,
            "Ctrl+H",
            SP.SP_BrowserReload,
            "document-open-recent",
            tip="Every saved revision of this plan",
        ),
        save_template=act(
            "Save as &my template…",
            lambda: save_template_command(window),
            tip="Keep this plan's items, goals and programme as one of your templates (no patient details)",
        ),
        manage_templates=act(
            "Manage my &templates…",
            lambda: manage_templates_command(window),
            tip="Rename or delete your own templates",
        ),
        copy_plan=act(
            "&Copy plan from another patient…",
            lambda: copy_plan_command(window),
            tip="Start this patient's plan from a copy of another patient's plan (no personal details)",
        ),
        edit_patient=act("Patient &details…", session.edit_patient, "Ctrl+Shift+D"),
        **reevaluation_actions(window),
        settings=act(
            "Se&ttings…",
            window.open_settings,
            shortcut(K.Preferences, "Ctrl+,"),
            SP.SP_FileDialogInfoView,
            "preferences-system",
        ),
        backup_now=act(
            "&Back up now…", window.back_up_now, tip="Make a checked copy of the database in the backups folder"
        ),
        restore_backup=act("Restore a bac&kup…", window.restore_backup, tip="Put a backup in place of the database"),
        quit=act("&Quit", window.close, shortcut(K.Quit, "Ctrl+Q")),
        guide=act("&Guide", functools.partial(show_guide, window), shortcut(K.HelpContents, "F1")),
        about=act("&About Careplan", window.show_about),
        undo=undo,
        redo=redo,
        tool_undo=tool_undo,
        tool_redo=tool_redo,
    )


def reevaluation_actions(window: MainWindow) -> dict[str, QAction]:
    """The Plan menu's re-evaluation commands (careplan.ui.reevaluation)."""
    act, re = functools.partial(make_action, window), window.reevaluation
    return {
        "new_assessment": act(
            "New &assessment…",
            re.new_assessment,
            "Ctrl+Shift+A",
            tip="Assess the patient against this plan: goals, pain, scales, range of motion, hips",
        ),
        "record_injection": act(
            "Record an &injection…", re.record_injection, tip="Record a botulinum toxin injection of this patient"
        ),
        "progress": act(
            "Pro&gress…",
            re.show_progress,
            "Ctrl+Shift+G",
            tip="This patient's measures over time, as charts and a table",
        ),
        "start_review": act(
            "Start &review…",
            re.start_review,
            tip="Assess the patient with the last values beside each field, then revise the plan",
        ),
    }


def show_guide(window: MainWindow) -> None:
    """Help → Guide (``careplan.ui.guide``, imported when first asked for: not at start)."""
    from careplan.ui.guide import GuideDialog

    GuideDialog.for_window(window, window.paths, window.settings.database_url)


def build_menus(window: MainWindow, a: WindowActions) -> dict[str, QMenu]:
    """The menu bar ({"file": its File menu, …}).  Its mnemonics (Alt+F, E, P, W, H) are used by no button
    or tab of the window: View takes W, as Alt+V is the editor's Review date.  Each View item shows or
    hides its part of the window."""
    bar, pane = window.menuBar(), window.patients
    toolbar_toggle = window.toolbar.toggleViewAction()
    toolbar_toggle.setText("&Toolbar")
    menus: list[tuple[str, tuple[QAction | None, ...]]] = [
        (
            "&File",
            (
                a.new_patient,
                a.open,
                a.new_plan,
                None,
                a.save,
                a.close_plan,
                None,
                a.import_plan,
                a.export_plan,
                None,
                a.preview,
                a.print,
                a.save_pdf,
                a.export_handouts,
                None,
                a.backup_now,
                a.restore_backup,
                None,
                a.quit,
            ),
        ),
        ("&Edit", (a.undo, a.redo, None, a.edit_patient, None, a.settings)),
        (
            "&Plan",
            (
                a.history,
                a.preview,
                None,
                a.start_review,
                a.new_assessment,
                a.record_injection,
                a.progress,
                None,
                a.new_plan,
                a.copy_plan,
                a.save_template,
                a.manage_templates,
            ),
        ),
        (
            "Vie&w",
            (pane.patients_dock.toggleViewAction(), pane.reviews_dock.toggleViewAction(), toolbar_toggle),
        ),
        ("&Help", (a.guide, None, a.about)),
    ]
    made: dict[str, QMenu] = {}
    for title, items in menus:
        menu = made[title.replace("&", "").lower()] = bar.addMenu(title)
        menu.setObjectName(title.replace("&", "").lower() + "_menu")
        for item in items:
            menu.addSeparator() if item is None else menu.addAction(item)
    return made


def build_toolbar(window: MainWindow, a: WindowActions) -> tuple[QToolBar, QLineEdit]:
    """The toolbar, and beside Save the change note kept with the next revision (optional; Enter saves;
    cleared once saved or when another plan opens).  The clinician summary's revision history prints it."""
    toolbar = QToolBar("Main toolbar", window)
    toolbar.setObjectName("main_toolbar")
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    toolbar.setMovable(False)
    named(toolbar, "Main toolbar")
    for item in (a.new_patient, a.save, None, a.tool_undo, a.tool_redo, None, a.preview, a.print, a.history):
        toolbar.addSeparator() if item is None else toolbar.addAction(item)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
    note = named(QLineEdit(), "What changed?")
    note.setPlaceholderText("What changed?")  # a longer text was cut at 150% scaling
    note.setToolTip("A short note kept with this save, shown in the plan's revision history (optional)")
    note.setMaxLength(NOTE_MAX)
    note.setClearButtonEnabled(True)
    note.setMaximumWidth(window.fontMetrics().averageCharWidth() * 34)
    note.returnPressed.connect(window.session.save)
    note.setEnabled(a.save.isEnabled())
    a.save.enabledChanged.connect(note.setEnabled)
    window.session.plan_opened.connect(lambda _record: note.clear())
    toolbar.insertWidget(toolbar.actions()[toolbar.actions().index(a.save) + 1], note)
    return toolbar, note
