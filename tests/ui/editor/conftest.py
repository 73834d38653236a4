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
