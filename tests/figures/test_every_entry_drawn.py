"""Issue 14's rule: every exercise and every positioning entry of the shipped library has a drawing,
and every drawing belongs to an entry of the library (a misspelt code would never be printed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from careplan.catalog.loader import load_library, read_library
from careplan.core.enums import Kind
from careplan.core.library import Library, LibraryIntervention
from careplan.figures import FIGURES_DIR, load_figures

FIGURES = load_figures(FIGURES_DIR)


def needs_drawing(entry: LibraryIntervention) -> bool:
    """An exercise, or advice whose main message is a body position (``positioning = true``)."""
    return entry.kind is Kind.EXERCISE or entry.positioning


def undrawn(library: Library) -> list[str]:
    return sorted(e.code for e in library.interventions if needs_drawing(e) and e.code not in FIGURES)


def test_every_exercise_and_positioning_entry_has_a_drawing() -> None:
    library = load_library()
    assert sum(needs_drawing(e) for e in library.interventions) >= 140
    assert undrawn(library) == []


def test_every_drawing_is_of_an_entry_of_the_library() -> None:
    codes = {e.code for e in load_library().interventions}
    assert sorted(set(FIGURES) - codes) == []


@pytest.mark.parametrize("kind", ["exercise", "advice"])
def test_a_new_entry_without_a_drawing_is_named(tmp_path: Path, kind: str) -> None:
    """The rule fails on an entry added without a drawing: a copy of the library with one more."""
    from careplan.catalog.loader import default_directory

    for src in default_directory().glob("*.toml"):
        (tmp_path / src.name).write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    advice = 'setting = "home"\npositioning = true\n'
    extra = advice if kind == "advice" else "dosage = { minutes = 5, times_per_day = 1 }\n"
    path = tmp_path / "exercises-general.toml"
    path.write_text(path.read_text(encoding="utf-8") + _entry(kind, extra), encoding="utf-8")
    assert undrawn(read_library(tmp_path)) == ["general.undrawn_test_entry"]


def _entry(kind: str, extra: str) -> str:
    return (
        f'\n[[intervention]]\ncode = "general.undrawn_test_entry"\nkind = "{kind}"\ntitle = "Undrawn"\n'
        'instructions = "Sit tall."\ncategories = ["generalised"]\nsources = ["dystonia_society_physio"]\n' + extra
    )
