"""Before a handout is printed or saved, the desktop warns about text that cannot be printed as typed
(one of the problems that make a plan not ready: printing goes on only as a copy marked DRAFT)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from careplan.ui import messages
from careplan.ui.preview import HandoutPreviewDialog
from careplan.ui.state import WindowState

from ui_helpers import is_pdf, seed_plan

WARNING = "This plan is not ready to print"


class Warnings:
    """Answers the printing warning from a queue and keeps (title, text, answer) of each one shown."""

    def __init__(self) -> None:
        self.shown: list[tuple[str, str, bool]] = []
        self.answers: list[bool] = []

    def confirm(self, title: str, text: str, yes: str, no: str) -> bool:
        assert self.answers, f"unexpected question: {title}"
        assert no == "Cancel" and yes.endswith(" as draft")
        answer = self.answers.pop(0)
        self.shown.append((title, text, answer))
        return answer


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> Warnings:
    found = Warnings()

    def confirm(cls: Any, parent: Any, title: str, text: str, yes: str, no: str = "Cancel") -> bool:
        return found.confirm(title, text, yes, no)

    monkeypatch.setattr(messages.Notice, "confirm", classmethod(confirm))
    return found


def test_printing_a_plan_with_an_emoji_asks_first(window: Any, dialogs: Any, store: Any, warnings: Warnings) -> None:
    seeded = seed_plan(store, given="Amira 🙂")
    window.open_plan(seeded.plan_id)
    warnings.answers.append(False)
    assert not window.handouts.print_handout()
    assert dialogs.of("print") == []  # cancelled before the print dialog
    title, text, _ = warnings.shown[0]
    assert title == WARNING
    assert "Given name: 🙂 (U+1F642 SLIGHTLY SMILING FACE) cannot be printed" in text

    warnings.answers.append(True)
    dialogs.answer("print", False)  # print as draft: the print dialog comes next
    assert not window.handouts.print_handout()
    assert len(dialogs.of("print")) == 1


def test_saving_and_exporting_ask_too(
    window: Any, dialogs: Any, store: Any, warnings: Warnings, tmp_path: Path
) -> None:
    seeded = seed_plan(store, family="김민준 ☎ 🙂")
    window.open_plan(seeded.plan_id)
    warnings.answers += [False, False]
    assert window.handouts.save_handout_pdf() is None
    assert window.handouts.export_handouts() is None
    assert dialogs.of("save_path") == [] and dialogs.of("folder") == []
    assert [w[1].count("cannot be printed") for w in warnings.shown] == [1, 1]  # Korean and ☎ print; only 🙂 is named

    warnings.answers.append(True)
    dialogs.answer("save_path", tmp_path / "family.pdf")
    assert window.handouts.save_handout_pdf() == tmp_path / "family.pdf"
    assert is_pdf(tmp_path / "family.pdf") >= 1


def test_a_plan_that_prints_as_typed_asks_nothing(window: Any, dialogs: Any, store: Any, warnings: Warnings) -> None:
    seeded = seed_plan(store, given="張偉", family="Ní Bhriain")
    window.open_plan(seeded.plan_id)
    dialogs.answer("print", False)
    assert not window.handouts.print_handout()
    assert warnings.shown == []
    assert len(dialogs.of("print")) == 1


def test_the_preview_warns_before_print_and_save(
    qtbot: Any, store: Any, library: Any, settings: Any, paths: Any, dialogs: Any, warnings: Warnings
) -> None:
    seeded = seed_plan(store, given="Amira", family="Okafor 🙂")
    state = WindowState(paths.config)
    dialog = HandoutPreviewDialog(seeded, library, settings.clinic_details(), "A4", state, paths.log_file)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.rendered, timeout=20_000):
        pass
    warnings.answers += [False, False]
    assert not dialog.print_handout()
    assert dialog.save_pdf() is None
    assert dialogs.of("print") == [] and dialogs.of("save_path") == []
    assert all("Family name: 🙂" in text for _title, text, _answer in warnings.shown)
