"""Settings: the clinic's letterhead, the therapist, the database and the paper size.

Saved to ``settings.json`` (``careplan.settings``), which the command line reads too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from careplan.images import ImageProblem, read_image_file
from careplan.paths import AppPaths
from careplan.settings import Settings, SettingsError, settings_from_dict
from careplan.ui.files import IMAGE_FILES, FileDialogs
from careplan.ui.messages import Notice
from careplan.ui.ops import Progress, Task, report, run_with_progress
from careplan.ui.screen import fit_on_screen
from careplan.ui.widgets import ProblemLabel, named

if TYPE_CHECKING:
    from careplan.storage.crypto import Converted

_LOGO_PREVIEW = (200, 80)


def _line(name: str, text: str = "", placeholder: str = "", max_length: int = 200) -> QLineEdit:
    edit = named(QLineEdit(text), name)
    edit.setMaxLength(max_length)
    if placeholder:
        edit.setPlaceholderText(placeholder)
    return edit


def _top_aligned(page: QWidget, form: QFormLayout) -> None:
    """The form at the top of its tab, any spare height below it."""
    outer = QVBoxLayout(page)
    outer.addLayout(form)
    outer.addStretch(1)


@dataclass(frozen=True)
class Encryption:
    """What the encryption buttons act on: the SQLite file in use (None: a server database), and how to
    convert it (True: encrypt).  The main window passes its own ``convert``, which closes its connections
    to the file first and opens it again after; without one the file is converted as it is."""

    database: Path | None
    convert: Callable[[bool], str | None] | None = None


class SettingsDialog(QDialog):
    #: The connection test finished: (ok, message shown).
    connection_tested = Signal(bool, str)

    def __init__(
        self,
        settings: Settings,
        paths: AppPaths,
        parent: QWidget | None = None,
        *,
        start_tab: str = "",
        encryption: Encryption | None = None,
    ) -> None:
        super().__init__(parent)
        self.original = settings
        self.paths = paths
        self.encryption = encryption or Encryption(paths.database)
        self._test_task: Task | None = None
        self.setWindowTitle("Settings")
        named(self, "Settings")

        # Clinic -----------------------------------------------------------------------------------
        c = settings.clinic
        self.clinic_name = _line("Clinic name", c.name)
        self.clinic_address = named(QPlainTextEdit(c.address), "Clinic address")
        self.clinic_address.setTabChangesFocus(True)
        self.clinic_address.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.clinic_phone = _line("Clinic phone", c.phone)
        self.emergency_number = _line("Emergency number", c.emergency_number)
        self.emergency_number.setToolTip(
            "Printed first on every handout and the dystonia action plan (999, 112, 911...)"
        )
        self.clinic_email = _line("Clinic email", c.email)
        self.logo_path = c.logo_path
        self.logo_preview = named(QLabel(), "Logo preview")
        self.logo_preview.setFixedSize(_LOGO_PREVIEW[0] + 12, _LOGO_PREVIEW[1] + 12)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.logo_problem = ProblemLabel("logo")
        self.choose_logo = named(QPushButton("C&hoose logo…"), "Choose logo")
        self.remove_logo = named(QPushButton("Re&move logo"), "Remove logo")
        self.choose_logo.clicked.connect(self._on_choose_logo)
        self.remove_logo.clicked.connect(lambda: self.set_logo(""))
        logo_buttons = QVBoxLayout()
        logo_buttons.addWidget(self.choose_logo)
        logo_buttons.addWidget(self.remove_logo)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_preview, 0, Qt.AlignmentFlag.AlignTop)
        logo_row.addLayout(logo_buttons)
        logo_buttons.setAlignment(Qt.AlignmentFlag.AlignTop)
        logo_row.addStretch(1)
        clinic_page = QWidget()
        clinic_form = QFormLayout()
        _top_aligned(clinic_page, clinic_form)
        clinic_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        clinic_note = QLabel("The clinic's details and logo appear at the top of every handout.")
        clinic_note.setWordWrap(True)
        clinic_form.addRow(clinic_note)
        clinic_form.addRow("Clinic &name:", self.clinic_name)
        clinic_form.addRow("&Address:", self.clinic_address)
        clinic_form.addRow("Ph&one:", self.clinic_phone)
        clinic_form.addRow("&Email:", self.clinic_email)
        clinic_form.addRow("Emer&gency number:", self.emergency_number)
        logo_label = QLabel("&Logo:")
        logo_label.setBuddy(self.choose_logo)
        clinic_form.addRow(logo_label, logo_row)
        clinic_form.addRow("", self.logo_problem)

        # Therapist --------------------------------------------------------------------------------
        t = settings.therapist
        self.therapist_name = _line("Therapist name", t.name)
        self.therapist_role = _line("Therapist role", t.role, "e.g. Neurophysiotherapist")
        self.therapist_phone = _line("Therapist phone", t.phone)
        self.therapist_email = _line("Therapist email", t.email)
        therapist_page = QWidget()
        therapist_form = QFormLayout()
        _top_aligned(therapist_page, therapist_form)
        therapist_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        therapist_note = QLabel(
            "New plans start with these details, and each saved revision records your name as its author."
        )
        therapist_note.setWordWrap(True)
        therapist_form.addRow(therapist_note)
        therapist_form.addRow("&Your name:", self.therapist_name)
        therapist_form.addRow("&Role:", self.therapist_role)
        therapist_form.addRow("P&hone:", self.therapist_phone)
        therapist_form.addRow("E&mail:", self.therapist_email)

        # Database ---------------------------------------------------------------------------------
        self.use_local = named(QRadioButton("The &file on this computer"), "Use the file on this computer")
        self.use_other = named(
            QRadioButton("&Another database: a shared server or another file"), "Use another database"
        )
        group = QButtonGroup(self)
        group.addButton(self.use_local)
        group.addButton(self.use_other)
        self.local_path = named(QLabel(str(paths.database)), "Location of the file on this computer")
        self.local_path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.local_path.setWordWrap(True)
        self.database_url = _line(
            "Database address",
            settings.database_url or "",
            "postgresql+psycopg://user@server:5432/careplan (the password goes below)",
            max_length=2000,
        )
        self.password = _line("Database password", "", "kept in this computer's keyring, not in a file")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_problem = ProblemLabel("database password")
        self.password_note = named(QLabel(), "Where the database password is kept")
        self.password_note.setWordWrap(True)
        self.choose_db_file = named(QPushButton("Choose a data&base file…"), "Choose a database file")
        self.test_button = named(QPushButton("Te&st connection"), "Test connection")
        self.test_result = named(QLabel(), "Connection test result")
        self.test_result.setWordWrap(True)
        self.test_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.url_problem = ProblemLabel("database address")
        self.choose_db_file.clicked.connect(self._on_choose_db_file)
        self.test_button.clicked.connect(self.test_connection)
        db_page = QWidget()
        db_layout = QVBoxLayout(db_page)
        db_layout.addWidget(self.use_local)
        local_row = QHBoxLayout()
        local_row.addSpacing(24)
        local_row.addWidget(self.local_path, 1)
        db_layout.addLayout(local_row)
        db_layout.addSpacing(8)
        db_layout.addWidget(self.use_other)
        other = QFormLayout()
        other.setContentsMargins(24, 0, 0, 0)
        other.addRow("Add&ress:", self.database_url)
        other.addRow("", self.url_problem)
        other.addRow("Pass&word:", self.password)
        other.addRow("", self.password_problem)
        other.addRow("", self.password_note)
        other_buttons = QHBoxLayout()
        other_buttons.addWidget(self.test_button)
        other_buttons.addWidget(self.choose_db_file)
        other_buttons.addStretch(1)
        other.addRow("", other_buttons)
        other.addRow("", self.test_result)
        db_layout.addLayout(other)
        db_note = QLabel(
            "A clinic with several desktops shares one PostgreSQL server. A change of database takes effect "
            "when you press OK; the plan you have open is closed first."
        )
        db_note.setWordWrap(True)
        db_layout.addWidget(db_note)
        db_layout.addWidget(self._encryption_box())
        db_layout.addStretch(1)
        (self.use_other if settings.database_url else self.use_local).setChecked(True)
        self.use_local.toggled.connect(self._validate)
        self.database_url.textChanged.connect(self._on_url_changed)
        self.password.textChanged.connect(lambda: self.password_problem.show_problem(None))

        # Printing ---------------------------------------------------------------------------------
        self.paper = named(QComboBox(), "Paper size")
        self.paper.addItem("A4", "A4")
        self.paper.addItem("US Letter", "Letter")
        self.paper.setCurrentIndex(0 if settings.paper == "A4" else 1)
        paper_page = QWidget()
        paper_form = QFormLayout()
        _top_aligned(paper_page, paper_form)
        paper_form.addRow("Paper si&ze:", self.paper)
        self.show_identifier = named(QCheckBox("Show the &identifier"), "Show the identifier on the family handout")
        self.show_identifier.setChecked(settings.handouts.show_identifier)
        self.show_date_of_birth = named(
            QCheckBox("Show the date of &birth"), "Show the date of birth on the family handout"
        )
        self.show_date_of_birth.setChecked(settings.handouts.show_date_of_birth)
        privacy = QVBoxLayout()
        privacy.addWidget(self.show_identifier)
        privacy.addWidget(self.show_date_of_birth)
        privacy_note = QLabel(
            "The family handout often goes on the fridge: by default it shows only the person's name. "
            "The clinician summary always shows both; the school and work handouts never show either."
        )
        privacy_note.setWordWrap(True)
        privacy.addWidget(privacy_note)
        paper_form.addRow("Family handout:", privacy)

        self.tabs = named(QTabWidget(), "Settings sections")
        named(self.tabs.tabBar(), "Settings sections")
        self.tabs.addTab(clinic_page, "&Clinic")
        self.tabs.addTab(therapist_page, "&Therapist")
        self.tabs.addTab(db_page, "&Database")
        self.tabs.addTab(paper_page, "&Printing")
        if start_tab:
            for i in range(self.tabs.count()):
                if self.tabs.tabText(i).replace("&", "").lower() == start_tab:
                    self.tabs.setCurrentIndex(i)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.buttons)

        self.set_logo(c.logo_path)
        self._validate()
        self._show_password_note()
        self._show_encryption()
        # At 150% a 1366x768 screen is 910x512 points: OK and Cancel must stay on it.
        fit_on_screen(self, QSize(620, 560))

    # --- logo ------------------------------------------------------------------------------------

    def set_logo(self, path: str) -> None:
        self.logo_path = path
        self.remove_logo.setEnabled(bool(path))
        if not path:
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText("No logo")
            self.logo_problem.show_problem(None)
            return
        problem, pixmap = _logo_preview(Path(path))
        if problem:
            self.logo_preview.setPixmap(QPixmap())
            self.logo_preview.setText(Path(path).name)
            self.logo_problem.show_problem(problem)
            return
        self.logo_problem.show_problem(None)
        self.logo_preview.setPixmap(
            pixmap.scaled(
                *_LOGO_PREVIEW, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        )
        self.logo_preview.setToolTip(path)

    def _on_choose_logo(self) -> None:
        path = FileDialogs.open_path(self, "Choose the clinic's logo", IMAGE_FILES)
        if path is not None:
            self.set_logo(str(path))

    # --- database --------------------------------------------------------------------------------

    def _on_choose_db_file(self) -> None:
        path = FileDialogs.open_path(self, "Choose a Careplan database file", "Careplan databases (*.sqlite3 *.db)")
        if path is not None:
            from careplan.storage.db import sqlite_url

            self.use_other.setChecked(True)
            self.database_url.setText(sqlite_url(path))

    def _on_url_changed(self) -> None:
        if self.database_url.text().strip():
            self.use_other.setChecked(True)
        self.test_result.clear()
        self.password.setEnabled(self._server_url() is not None)
        self.password_note.clear()
        self._validate()

    def chosen_url(self) -> str | None:
        if self.use_local.isChecked():
            return None
        return self.database_url.text().strip() or None

    def url_problem_text(self) -> str | None:
        if self.use_local.isChecked():
            return None
        url = self.database_url.text().strip()
        if not url:
            return "Enter the database address, or choose the file on this computer."
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            make_url(url)
        except (ArgumentError, ValueError):  # ValueError: a port that is not a number
            return "This is not a database address. It looks like postgresql+psycopg://user@server/careplan"
        return None

    def _validate(self) -> bool:
        problem = self.url_problem_text()
        self.url_problem.show_problem(problem)
        other = self.use_other.isChecked()
        self.database_url.setEnabled(other)
        self.test_button.setEnabled(other and problem is None and self._test_task is None)
        self.ok_button.setEnabled(problem is None)
        return problem is None

    def test_connection(self) -> Task | None:
        url = self.chosen_url()
        if url is None or self.url_problem_text():
            return None
        password = self.password.text() or None if self._server_url() else None
        self.test_result.setText("Connecting…")
        self.test_button.setEnabled(False)

        def work(progress: Progress) -> str:
            from careplan.services.store import check_connection

            return check_connection(url, password)

        task = Task(work)
        task.finished.connect(lambda answer: self._on_tested(True, f"Connected: {answer}."))
        task.failed.connect(lambda exc: self._on_tested(False, str(exc) or type(exc).__name__))
        self._test_task = task
        return task.start()

    def _on_tested(self, ok: bool, message: str) -> None:
        import shiboken6

        if not shiboken6.isValid(self):
            return
        self._test_task = None
        self.test_result.setText(message)
        self.test_result.setStyleSheet("" if ok else "color: #a31515;")
        self.connection_tested.emit(ok, message)
        self._validate()

    # --- password ----------------------------------------------------------------------------------

    def _server_url(self) -> str | None:
        """The chosen address when it is a server's with a user name (one a password can be kept for)."""
        from careplan.secrets import password_entry

        url = self.chosen_url()
        return url if url is not None and password_entry(url) is not None else None

    def _show_password_note(self) -> None:
        """Whether the keyring holds a password for the address (asked when the dialog opens and after
        a password is kept, not at each keystroke: a keyring may be slow or ask to be unlocked)."""
        from careplan.secrets import stored_password

        url = self._server_url()
        self.password.setEnabled(url is not None)
        if url is None:
            self.password_note.clear()
            return
        self.password_note.setText(
            "A password for this address is kept in this computer's keyring; type a new one to replace it."
            if stored_password(url)
            else "No password is kept for this address: type it here, or IT can put it in ~/.pgpass."
        )

    def keep_password(self) -> bool:
        """Put the typed password (or one typed into the address) into the keyring, and take it out of
        the address.  False, with the reason beside the field, when no keyring can keep it."""
        from careplan.secrets import KeyringUnavailable, password_entry, password_of, store_password, without_password

        url = self.chosen_url()
        if url is None:
            return True
        password = self.password.text() or password_of(url)
        if not password:
            return True
        if password_entry(url) is None:
            self.password_problem.show_problem("Add the user name to the address (user@server) to keep a password.")
            return False
        try:
            store_password(url, password)
        except KeyringUnavailable as exc:
            self.password_problem.show_problem(
                f"This computer's keyring cannot keep the password ({exc}), and Careplan never writes passwords "
                "into a file. Leave it empty and ask IT to put it in ~/.pgpass."
            )
            return False
        self.database_url.setText(without_password(url))
        self.password.clear()
        self._show_password_note()
        return True

    def accept(self) -> None:
        problem = self.settings_problem()
        if problem is not None:
            Notice.error(self, "Settings not saved", problem)
            return
        if self.keep_password():
            super().accept()

    # --- encryption --------------------------------------------------------------------------------

    def _encryption_box(self) -> QGroupBox:
        box = named(QGroupBox("Encryption of the database file"), "Encryption of the database file")
        self.encryption_status = named(QLabel(), "Encryption status")
        self.encryption_status.setWordWrap(True)
        self.encrypt_button = named(QPushButton("E&ncrypt the database file…"), "Encrypt the database file")
        self.decrypt_button = named(QPushButton("Decr&ypt…"), "Decrypt the database file")
        self.encrypt_button.clicked.connect(lambda: self.change_encryption(True))
        self.decrypt_button.clicked.connect(lambda: self.change_encryption(False))
        buttons = QHBoxLayout()
        buttons.addWidget(self.encrypt_button)
        buttons.addWidget(self.decrypt_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(box)
        layout.addWidget(self.encryption_status)
        layout.addLayout(buttons)
        return box

    def _show_encryption(self) -> None:
        from careplan.storage.crypto import is_encrypted

        path = self.encryption.database
        encrypted = path is not None and is_encrypted(path)
        exists = path is not None and path.is_file() and path.stat().st_size > 0
        if path is None:
            text = "The database is on a server: the server's administrators protect its data."
        elif encrypted:
            text = f"The database file {path} is encrypted; its key is kept in this computer's keyring."
        elif exists:
            text = f"The database file {path} is not encrypted."
        else:
            text = "There is no database file yet."
        self.encryption_status.setText(text)
        self.encrypt_button.setEnabled(exists and not encrypted)
        self.decrypt_button.setEnabled(encrypted)

    def change_encryption(self, encrypt: bool) -> bool:
        """Encrypt (or decrypt) the database file in use, after the user agrees; a verified copy is made first."""
        path = self.encryption.database
        if path is None:
            return False
        if encrypt:
            agreed = Notice.confirm(
                self,
                "Encrypt the database file?",
                "Careplan makes a checked copy of the database first, then encrypts it. Its key is kept in this "
                "computer's keyring: without that key nobody, including you, can open the database or its backups, "
                "so ask IT to keep a copy of the key. Careplan must be closed on every other computer that uses "
                "this file.",
                "Encrypt",
            )
        else:
            agreed = Notice.confirm(
                self,
                "Decrypt the database file?",
                "The database file will be readable by anyone who can read the file, on this computer or on a "
                "copy of it. Careplan makes a checked copy first; the key stays in the keyring for the backups.",
                "Decrypt",
            )
        if not agreed:
            return False
        try:
            if self.encryption.convert is not None:
                done = self.encryption.convert(encrypt)
            else:
                paths = self.paths
                done = run_with_progress(self, "Converting the database…", lambda _p: _convert(path, paths, encrypt))
        except Exception as exc:
            report(self, exc, self.paths.log_file, "Not encrypted" if encrypt else "Not decrypted")
            self._show_encryption()
            return False
        self._show_encryption()
        if done:
            Notice.info(self, "Database encrypted" if encrypt else "Database decrypted", done)
        return done is not None

    # --- result ----------------------------------------------------------------------------------

    def _typed(self) -> dict[tuple[str, str], QLineEdit | QPlainTextEdit]:
        """The fields a therapist types, by their place in the settings (one map for reading them
        and for saying which one is wrong)."""
        return {
            ("clinic", "name"): self.clinic_name,
            ("clinic", "address"): self.clinic_address,
            ("clinic", "phone"): self.clinic_phone,
            ("clinic", "email"): self.clinic_email,
            ("clinic", "emergency_number"): self.emergency_number,
            ("therapist", "name"): self.therapist_name,
            ("therapist", "role"): self.therapist_role,
            ("therapist", "phone"): self.therapist_phone,
            ("therapist", "email"): self.therapist_email,
        }

    def settings(self) -> Settings:
        """The settings as the form holds them; SettingsError when a field breaks a rule
        (:meth:`settings_problem` says which, in words)."""
        typed = {
            place: (widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText())
            for place, widget in self._typed().items()
        }
        typed["clinic", "emergency_number"] = typed["clinic", "emergency_number"].strip() or "999"
        sections: dict[str, dict[str, str]] = {"clinic": {"logo_path": self.logo_path}, "therapist": {}}
        for (section, field), value in typed.items():
            sections[section][field] = value
        return settings_from_dict(
            {
                **sections,
                "database_url": self._url_without_password(),
                "paper": self.paper.currentData(),
                "handouts": {
                    "show_identifier": self.show_identifier.isChecked(),
                    "show_date_of_birth": self.show_date_of_birth.isChecked(),
                },
            }
        )

    def settings_problem(self) -> str | None:
        """What stops the form being saved (a control character pasted into a field, say), naming
        the field by its label; None when it can be saved."""
        try:
            self.settings()
        except SettingsError as exc:
            place = exc.place[:2]
            widget = self._typed().get((place[0], place[1])) if len(place) == 2 else None
            label = self._label_of(widget) if widget is not None else ".".join(place)
            if widget is not None:
                self._show(widget)
            return f"{label}: {exc.problem}. Correct it, then press OK again."
        return None

    def _label_of(self, widget: QWidget) -> str:
        parent = widget.parentWidget()
        layout = parent.layout() if parent is not None else None
        label = layout.labelForField(widget) if isinstance(layout, QFormLayout) else None
        text = label.text() if isinstance(label, QLabel) else widget.accessibleName()
        return text.replace("&", "").rstrip(":")

    def _show(self, widget: QWidget) -> None:
        """Bring the tab holding ``widget`` forward and put the cursor in it."""
        for index in range(self.tabs.count()):
            page = self.tabs.widget(index)
            if page is not None and page.isAncestorOf(widget):
                self.tabs.setCurrentIndex(index)
        widget.setFocus()

    def _url_without_password(self) -> str | None:
        from careplan.secrets import without_password

        url = self.chosen_url()
        return without_password(url) if url else None

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        settings: Settings,
        paths: AppPaths,
        start_tab: str = "",
        encryption: Encryption | None = None,
    ) -> Settings | None:
        dialog = cls(settings, paths, parent, start_tab=start_tab, encryption=encryption)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.settings()


def _logo_preview(path: Path) -> tuple[str | None, QPixmap]:
    """What is wrong with the logo file (the picture gate's words), or its preview.

    The preview is made from the gate's copy (at most 2000 pixels), never by handing Qt the file:
    a decompression bomb would otherwise be decoded here."""
    try:
        photo = read_image_file(path)
    except ImageProblem as exc:
        return (
            f"This file cannot be used as the logo: “{path.name}” {exc}. Choose another, or remove it "
            "(handouts are refused until then).",
            QPixmap(),
        )
    except OSError as exc:
        return f"This file cannot be read ({exc.strerror or exc}); the handouts will have no logo.", QPixmap()
    pixmap = QPixmap()
    pixmap.loadFromData(photo.data)
    return None, pixmap


def conversion_message(done: Converted, encrypt: bool) -> str:
    """What the user is told after ``storage.crypto`` converted the file."""
    if encrypt:
        return (
            f"The database file is encrypted. A copy of it as it was is in {done.backup} "
            f"(encrypted too, with {done.backups_converted} earlier backups). Its key is in this computer's keyring "
            f"as 'Careplan' / '{done.key_entry}': ask IT to keep a copy of it."
        )
    return (
        f"The database file is a plain file again. An encrypted copy is in {done.backup}; the key stays in "
        f"the keyring as '{done.key_entry}', which the encrypted backups need."
    )


def _convert(path: Path, paths: AppPaths, encrypt: bool) -> str:
    from careplan.storage.crypto import decrypt_database, encrypt_database

    done = (encrypt_database if encrypt else decrypt_database)(path, paths.backups)
    return conversion_message(done, encrypt)
