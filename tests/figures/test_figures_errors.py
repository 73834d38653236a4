"""careplan.figures.errors: what is wrong in the drawings' files, one problem a line, catchable
without loading the checker (the screen catches it from the cached drawings' path)."""

from __future__ import annotations

import subprocess
import sys

from careplan.errors import UserFacingError
from careplan.figures import library
from careplan.figures.errors import FigureError, FigureProblem


def test_every_problem_on_its_own_line_naming_file_entry_and_field() -> None:
    error = FigureError(
        [
            FigureProblem("neck.toml", "is missing", "neck.chin_nod_sitting", "description"),
            FigureProblem("hand.toml", "is not valid TOML: line 3"),
        ]
    )
    assert (
        str(error) == "neck.toml: neck.chin_nod_sitting: description: is missing\nhand.toml: is not valid TOML: line 3"
    )
    assert isinstance(error, UserFacingError) and error.title == "Drawings not loaded"
    assert library.FigureError is FigureError  # the loader raises this very class


def test_the_error_is_light_to_import() -> None:
    code = "import sys, careplan.figures.errors; print(sorted({'pydantic', 'tomllib'} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
