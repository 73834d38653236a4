"""Plan file refusals in plain words (careplan.planfile.errors): the file named once, one problem on
one line, many listed with a count and cut at eight, each field path as the file spells it."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from careplan.planfile.errors import PlanFileError, field_path, problems_from_validation


def test_one_problem_is_one_line_naming_the_file() -> None:
    error = PlanFileError(["plan.title: must not be empty"], "Amira plan.json")
    assert str(error) == "Amira plan.json: plan.title: must not be empty"
    assert PlanFileError(["plan.title: must not be empty"]).message() == "plan.title: must not be empty"


def test_many_problems_are_counted_and_cut_at_eight() -> None:
    problems = [f"plan.goals[{n}].text: must not be empty" for n in range(11)]
    lines = str(PlanFileError(problems, "plan.json")).splitlines()
    assert lines[0] == "plan.json: 11 problems:"
    assert lines[1:9] == [f"  {p}" for p in problems[:8]]
    assert lines[9:] == ["  ... and 3 more"]
    assert len(str(PlanFileError(problems[:8])).splitlines()) == 9  # exactly eight: no "... and 0 more"


@pytest.mark.parametrize(
    ("loc", "path"),
    [
        (("plan", "interventions", 2, "dosage", "reps"), "plan.interventions[2].dosage.reps"),
        ((0, "text"), "[0].text"),
        (("format_version",), "format_version"),
        ((), ""),
    ],
)
def test_field_paths_read_as_the_file_spells_them(loc: tuple[str | int, ...], path: str) -> None:
    assert field_path(loc) == path


class _Dose(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reps: int = Field(ge=1, le=200)
    title: str = Field(min_length=1, max_length=5)


@pytest.mark.parametrize(
    ("data", "said"),
    [
        ({"reps": 0, "title": "a"}, ["reps: must be between 1 and 200 (got 0)"]),  # the dosage range, in words
        ({"reps": "ten", "title": "a"}, ["reps: must be a whole number (got 'ten')"]),
        ({"reps": 5}, ["title: is required but missing"]),
        ({"reps": 5, "title": ""}, ["title: must not be empty"]),
        ({"reps": 5, "title": "abcdefgh"}, ["title: is too long: at most 5 characters (got 8)"]),
        ({"reps": 5, "title": 7}, ["title: must be text in quotes (got 7)"]),
        ({"reps": 5, "title": "a", "rep": 5}, ["rep: is not a field of the plan file (check the spelling)"]),
        (
            {"reps": None, "title": None},
            ["reps: must be a whole number (got null)", "title: must be text in quotes (got null)"],
        ),
    ],
    ids=["range", "not-a-number", "missing", "empty", "too-long", "not-text", "misspelt", "nulls"],
)
def test_validation_errors_become_plain_lines(data: dict[str, object], said: list[str]) -> None:
    with pytest.raises(ValidationError) as caught:
        _Dose.model_validate(data)
    assert problems_from_validation(caught.value) == said
