"""What goes wrong in the library files, in words (careplan.catalog.errors): each problem names its
file, entry and field; the error lists every problem, one a line.  (The loader's findings:
test_loader_errors.py.)"""

from __future__ import annotations

import pytest

from careplan.catalog.errors import CatalogError, CatalogProblem


@pytest.mark.parametrize(
    ("problem", "said"),
    [
        (CatalogProblem("goals.toml", "the file is not valid TOML"), "goals.toml: the file is not valid TOML"),
        (
            CatalogProblem("exercises-neck.toml", "must be between 1 and 200", "neck.chin_tuck", "dosage.reps"),
            "exercises-neck.toml: neck.chin_tuck: dosage.reps: must be between 1 and 200",
        ),
        (CatalogProblem("orthoses.toml", "is required", "entry 3"), "orthoses.toml: entry 3: is required"),
        (CatalogProblem("goals.toml", "is required", None, "text"), "goals.toml: text: is required"),
        (CatalogProblem("goals.toml", "is required", "", ""), "goals.toml: is required"),
    ],
    ids=["file-only", "entry-and-field", "entry-by-position", "field-only", "blanks-left-out"],
)
def test_a_problem_names_where_it_is(problem: CatalogProblem, said: str) -> None:
    assert str(problem) == said


def test_the_error_lists_every_problem_one_a_line() -> None:
    problems = [
        CatalogProblem("a.toml", "first", "one"),
        CatalogProblem("b.toml", "second", None, "cautions[1].text"),
    ]
    error = CatalogError(iter(problems))  # any iterable, read once
    assert error.problems == tuple(problems)
    assert str(error) == "a.toml: one: first\nb.toml: cautions[1].text: second"


def test_an_error_without_a_problem_is_a_programming_mistake() -> None:
    with pytest.raises(ValueError, match="CatalogError needs at least one problem"):
        CatalogError([])
