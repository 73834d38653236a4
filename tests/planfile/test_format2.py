"""Plan file format 2: assessments, injections and the goals' GAS levels; format 1 still imports
exactly as it did; a newer format is refused; errors in an assessment name it and its field."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from careplan.catalog.loader import load_library
from careplan.core.limits import MAX_ASSESSMENTS
from careplan.planfile import FORMAT_VERSION, PlanFileError, read_plan_bytes, to_document, to_imported
from careplan.planfile.schema import AssessmentModel, InjectionModel

from support.db import FIXTURES, doc_bytes, example_document
from support.plans import full_document

ROOT = Path(__file__).resolve().parents[2]
#: What format 1 Careplan (before format 2 existed) made of each format 1 file in this repository:
#: ``to_document`` of the imported plan, written by that version (file name: the path with ``__``).
GOLDEN = ROOT / "tests" / "data" / "format1"
#: Every plan file of format 1 kept in the repository: test fixtures, the users' sample, the examples.
FORMAT_1_FILES = sorted(
    p
    for folder in (FIXTURES, ROOT / "resources" / "samples", ROOT / "docs" / "examples" / "plans")
    for p in folder.glob("*.json")
    if json.loads(p.read_text(encoding="utf-8")).get("format_version") == 1
)
EXAMPLE_ASSESSMENT = ROOT / "tests" / "data" / "fixtures" / "assessment" / "review-2026-11.json"


def _golden(path: Path) -> Path:
    return GOLDEN / str(path.relative_to(ROOT)).replace("/", "__")


def test_every_format_1_file_has_its_golden_copy() -> None:
    assert len(FORMAT_1_FILES) >= 7
    assert {_golden(p).name for p in FORMAT_1_FILES} == {p.name for p in GOLDEN.glob("*.json")}


@pytest.mark.parametrize("path", FORMAT_1_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_format_1_file_imports_unchanged(path: Path) -> None:
    library = load_library()
    imported = to_imported(read_plan_bytes(path.read_bytes(), path.name), library.intervention)
    assert imported.assessments == () and imported.injections == ()
    assert all(g.gas == () and (g.importance, g.difficulty) == (2, 2) for g in imported.record.plan.goals)
    now = to_document(imported.record, imported.own_interventions, imported.own_goals, imported.own_templates)
    then = json.loads(_golden(path).read_text(encoding="utf-8"))
    assert (now.pop("format_version"), then.pop("format_version")) == (2, 1)
    assert now == then


def test_export_writes_format_2() -> None:
    imported = to_imported(read_plan_bytes(doc_bytes(example_document())), lambda code: None)
    assert FORMAT_VERSION == 2
    assert to_document(imported.record)["format_version"] == 2


def test_a_newer_format_is_refused_with_the_message_it_always_had() -> None:
    doc = {**example_document(), "format_version": 3}
    with pytest.raises(PlanFileError) as info:
        read_plan_bytes(doc_bytes(doc), "plan.json")
    assert str(info.value) == (
        "plan.json: format_version: this plan file is format 3, written by a newer version of Careplan; "
        "this version reads format 2. Update Careplan to import it."
    )


def _problems(doc: dict[str, Any]) -> list[str]:
    with pytest.raises(PlanFileError) as info:
        to_imported(read_plan_bytes(doc_bytes(doc), "plan.json"), lambda code: None)
    return info.value.problems


def _set(path: str, value: Any) -> Any:
    def change(doc: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = doc
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        node[int(last) if last.isdigit() else last] = value

    return change


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (_set("assessments.0.pain.0.score", 11), "assessments[0].pain[0].score: must be at most 10 (got 11)"),
        (_set("assessments.0.goals.0.achieved", 3), "assessments[0].goals[0].achieved: must be at most 2 (got 3)"),
        (
            _set("assessments.0.goals.0.gas", ["a", "b", "c"]),
            "assessments[0].goals[0].gas: must hold five level descriptions, for -2, -1, 0, +1 and +2 in that "
            "order (got 3)",
        ),
        (_set("assessments.0.hips.left_percent", 140), "assessments[0].hips.left_percent: must be at most 100"),
        (_set("assessments.1.date", "12/09/2026"), "assessments[1].date: must be a date written YYYY-MM-DD"),
        (_set("assessments.1.mood", "good"), "assessments[1].mood: is not a field of the plan file"),
        (_set("assessments.0.classifications.0.system", "gmfcs_er"), "assessments[0].classifications[0].system"),
        (_set("assessments.0.scales.0.scale", "TWSTRS 2"), "assessments[0].scales[0].scale: "),
        (_set("injections.1.given_by", ""), "injections[1].given_by: must not be empty"),
        (_set("plan.goals.0.importance", 4), "plan.goals[0].importance: must be at most 3 (got 4)"),
        (_set("assessments", [{"date": "2026-01-01", "therapist": "Jo"}] * (MAX_ASSESSMENTS + 1)), "a plan file"),
    ],
    ids=[
        "pain 11",
        "GAS level 3",
        "three GAS levels",
        "migration 140",
        "date format",
        "unknown field",
        "unknown classification",
        "scale code",
        "no injector",
        "importance 4",
        "too many assessments",
    ],
)
def test_a_bad_value_in_an_assessment_or_injection_is_named(change: Any, expected: str) -> None:
    doc = full_document()
    change(doc)
    problems = _problems(doc)
    assert any(expected in p for p in problems), problems


def test_assessment_and_injection_objects_match_the_published_schema() -> None:
    """The JSON Schema file documents the same objects ``careplan assess`` and the plan file read."""
    schema = json.loads((ROOT / "resources" / "schema" / "plan-file.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(full_document(), schema)
    one = json.loads(EXAMPLE_ASSESSMENT.read_text(encoding="utf-8"))
    AssessmentModel.model_validate(one)
    doc = copy.deepcopy(full_document())
    doc["assessments"] = [one]
    jsonschema.validate(doc, schema)
    assert set(schema["$defs"]["AssessmentModel"]["properties"]) == set(AssessmentModel.model_fields)
    assert set(schema["$defs"]["InjectionModel"]["properties"]) == set(InjectionModel.model_fields)
    # The users' sample (resources/samples) is the same file.
    assert (ROOT / "resources" / "samples" / "example-assessment.json").read_bytes() == EXAMPLE_ASSESSMENT.read_bytes()


def test_the_example_on_the_documentation_page_imports() -> None:
    """docs/plan-file.md: "a file written by hand to this page must import" (its format 2 example too)."""
    page = (ROOT / "docs" / "plan-file.md").read_text(encoding="utf-8")
    block = page.split("```json\n", 1)[1].split("```", 1)[0]
    imported = to_imported(read_plan_bytes(block.encode("utf-8"), "plan-file.md"), lambda code: None)
    goal = imported.record.plan.goals[0]
    assert (len(goal.gas), goal.importance, goal.difficulty) == (5, 3, 2)
    assert [a.hips for a in imported.assessments] != [None]
    assert [i.given_by for i in imported.injections] == ["Dr A. Rahman"]
