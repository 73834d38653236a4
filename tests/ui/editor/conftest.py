"""Fixtures for the plan editor: a small hand-made library, a rich plan record and the widget."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from careplan.core.library import Library
from careplan.core.model import PlanRecord
from careplan.ui.editor import PlanEditorWidget

from editor_samples import make_library, make_record


@pytest.fixture
def library() -> Library:
    return make_library()


@pytest.fixture
def record() -> PlanRecord:
    return make_record()


@pytest.fixture
def editor(qtbot, library: Library) -> PlanEditorWidget:  # type: ignore[no-untyped-def]
    widget = PlanEditorWidget(library)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    return widget


@pytest.fixture
def loaded(editor: PlanEditorWidget, record: PlanRecord) -> PlanEditorWidget:
    editor.load(record)
    editor.show()
    return editor


class RepeatQuestion:
    """Stands in for the "already in the plan: add it again?" box (a modal box cannot be clicked
    offscreen): records each question and gives the answers a test queued; an unexpected one fails."""

    def __init__(self) -> None:
        self.asked: list[list[str]] = []
        self.answers: list[bool] = []

    def ask(self, _parent: object, entries: object) -> bool:
        self.asked.append([e.title for e in entries])  # type: ignore[attr-defined]
        if not self.answers:
            pytest.fail(f"unexpected question: add {self.asked[-1]} again?", pytrace=False)
        return self.answers.pop(0)


@pytest.fixture(autouse=True)
def repeat_question(monkeypatch: pytest.MonkeyPatch) -> RepeatQuestion:
    from careplan.ui.editor.library_panel import RepeatEntryDialog

    recorder = RepeatQuestion()
    monkeypatch.setattr(
        RepeatEntryDialog, "ask", classmethod(lambda cls, parent, entries: recorder.ask(parent, entries))
    )
    return recorder
