"""Print and save: the commands name the handout, files go where a therapist looks, and saving is confirmed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl

from careplan.ui import files
from careplan.ui.files import FileDialogs
from careplan.ui.state import WindowState

from ui_helpers import is_pdf, print_to, seed_plan

#: The real dialog methods (the ``dialogs`` fixture replaces them for the window's tests).
REAL = {name: FileDialogs.__dict__[name] for name in ("open_path", "save_path", "folder")}


def texts(window: Any) -> tuple[str, str]:
    window.menus["file"].aboutToShow.emit()  # the File menu names them as it opens
    return window.act.print.text(), window.act.save_pdf.text()


def test_print_and_save_as_pdf_name_the_handout_they_make(window: Any, store: Any) -> None:
    assert texts(window) == ("&Print handout…", "Save handout as P&DF…")
    child = seed_plan(store)
    adult = seed_plan(store, "Sam", "Reed", dt.date(1981, 5, 2))
    window.state.set(WindowState.preview_audience, "school")
    assert window.open_plan(child.plan_id)
    assert texts(window) == ("&Print school handout…", "Save school handout as P&DF…")
    assert "Print the school handout" in window.act.print.toolTip()
    window.state.set(WindowState.preview_large_print, True)
    assert texts(window)[0] == "&Print school handout (large print)…"
    window.state.set(WindowState.preview_audience, "clinician")
    assert texts(window)[0] == "&Print clinician summary…"  # never in large print
    # An adult has no school handout: the family handout is the one printed, and the command says so.
    window.state.set(WindowState.preview_audience, "school")
    assert window.open_plan(adult.plan_id)
    assert texts(window)[0] == "&Print family handout (large print)…"
    assert window.session.close_plan()
    assert texts(window)[0] == "&Print handout…"


def test_the_status_bar_says_which_handout_was_printed_or_saved(
    window: Any, dialogs: Any, store: Any, tmp_path: Path
) -> None:
    seeded = seed_plan(store)
    window.state.set(WindowState.preview_audience, "school")
    assert window.open_plan(seeded.plan_id)
    out = tmp_path / "printed.pdf"

    dialogs.answer("print", print_to(out))
    assert window.handouts.print_handout()
    pages = is_pdf(out)
    noun = "page" if pages == 1 else "pages"
    assert window.statusBar().currentMessage() == f"Sent {pages} {noun} of the school handout to the printer."
    dialogs.answer("save_path", tmp_path / "school")
    assert window.handouts.save_handout_pdf() == tmp_path / "school.pdf"
    assert dialogs.of("save_path") == [("Amira Okafor - school handout.pdf",)]
    assert window.statusBar().currentMessage() == f"Saved the school handout to {tmp_path / 'school.pdf'}."


def test_export_names_the_files_saved_and_offers_to_open_their_folder(
    window: Any, dialogs: Any, store: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(files.QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    seeded = seed_plan(store)
    assert window.open_plan(seeded.plan_id)
    dialogs.answer("folder", tmp_path, tmp_path)
    dialogs.answer("saved_files", False, True)
    written = window.handouts.export_handouts()
    assert written is not None and len(written) == 3
    assert window.statusBar().currentMessage() == f"Saved 3 handouts to {tmp_path}."
    assert dialogs.of("saved_files") == [(tmp_path, [p.name for p in written])]
    assert opened == []  # closed without opening the folder
    window.handouts.export_handouts()
    assert [u.toLocalFile() for u in opened] == [str(tmp_path)]


def test_a_folder_that_cannot_be_opened_is_said_so(
    window: Any, dialogs: Any, store: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files.QDesktopServices, "openUrl", lambda url: False)
    seeded = seed_plan(store)
    assert window.open_plan(seeded.plan_id)
    dialogs.answer("folder", tmp_path)
    dialogs.answer("saved_files", True)
    assert window.handouts.export_handouts() is not None
    assert window.statusBar().currentMessage() == f"Could not open {tmp_path}: open it from your file manager."


# --- where the file dialogs start (the real FileDialogs, with Qt's dialog functions replaced) ----------


@pytest.fixture
def chooser(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, Any]:
    """Qt's file dialog functions, replaced: record the folder each started in, answer from a queue."""
    seen: dict[str, Any] = {"start": [], "answers": []}

    def save(parent: Any, caption: str, start: str, name_filter: str) -> tuple[str, str]:
        seen["start"].append(start)
        return (seen["answers"].pop(0), name_filter)

    def folder(parent: Any, caption: str, start: str) -> str:
        seen["start"].append(start)
        return seen["answers"].pop(0)

    for name, method in REAL.items():
        monkeypatch.setattr(FileDialogs, name, method)
    monkeypatch.setattr(files.QFileDialog, "getSaveFileName", save)
    monkeypatch.setattr(files.QFileDialog, "getExistingDirectory", folder)
    documents = tmp_path / "home" / "Documents"
    monkeypatch.setattr(files.QStandardPaths, "writableLocation", lambda _where: str(documents))
    monkeypatch.setattr(files.QDir, "homePath", lambda: str(tmp_path / "home"))
    seen["documents"] = documents
    return seen


def test_dialogs_start_in_documents_or_home_when_there_is_none(
    chooser: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(FileDialogs, "state", None)
    chooser["answers"] += ["", ""]
    assert FileDialogs.save_path(None, "Save", "a.pdf", files.PDF_FILES) is None
    chooser["documents"].mkdir(parents=True)
    assert FileDialogs.folder(None, "Choose") is None
    # No Documents folder yet: the home folder (never the program's own folder); then Documents.
    assert chooser["start"] == [str(tmp_path / "home" / "a.pdf"), str(chooser["documents"])]
    assert Path.cwd() not in [Path(s) for s in chooser["start"]]


def test_dialogs_start_where_the_last_file_went_even_after_a_restart(
    window: Any, chooser: dict[str, Any], paths: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert FileDialogs.state is window.state  # the window keeps the folder in its state file
    chooser["documents"].mkdir(parents=True)
    exports = tmp_path / "exports"
    exports.mkdir()
    chooser["answers"] += [str(exports / "b.pdf"), "", str(tmp_path)]
    assert FileDialogs.save_path(window, "Save", "b.pdf", files.PDF_FILES) == exports / "b.pdf"
    window.state.sync()
    monkeypatch.setattr(FileDialogs, "state", WindowState(paths.config))  # read again, as at the next start
    assert FileDialogs.save_path(window, "Save", "c.pdf", files.PDF_FILES) is None
    assert chooser["start"][-1] == str(exports / "c.pdf")
    # A chosen folder is remembered too; one that has gone since falls back to Documents.
    assert FileDialogs.folder(window, "Choose") == tmp_path
    assert FileDialogs.start_folder() == str(tmp_path)
    FileDialogs.remember(tmp_path / "gone")
    assert FileDialogs.start_folder() == str(chooser["documents"])


def test_choosing_a_handout_in_the_preview_renames_print_at_once(window: Any, store: Any) -> None:
    from careplan.core.enums import Audience

    seeded = seed_plan(store)
    assert window.open_plan(seeded.plan_id)
    assert window.act.print.text() == "&Print family handout…"
    preview = window.handouts.preview_handouts()  # closes itself (deleted on close)
    preview.select(Audience.SCHOOL, large_print=True)
    assert window.act.print.text() == "&Print school handout (large print)…"
    assert window.act.save_pdf.text() == "Save school handout (large print) as P&DF…"
    preview.select(Audience.CLINICIAN)
    assert window.act.print.text() == "&Print clinician summary…"
    preview.close()
