"""How much one plan may hold (careplan.core.limits): every limit reaches the plan file, a file at
the limit imports, one more is refused in plain words, and the limits leave room for real plans."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from careplan.catalog import load_library
from careplan.core.limits import MAX_CARERS, MAX_GOALS, MAX_ITEMS, NOUNS
from careplan.planfile import PlanFileError, json_schema, read_plan_bytes

from support.db import example_document


def limited_lists(node: Any, found: dict[str, set[int]]) -> dict[str, set[int]]:
    """Every ``maxItems`` in the plan file's JSON schema, by property name."""
    if isinstance(node, dict):
        for name, value in node.get("properties", {}).items():
            if isinstance(value, dict) and "maxItems" in value:
                found.setdefault(name, set()).add(value["maxItems"])
        for value in node.values():
            limited_lists(value, found)
    elif isinstance(node, list):
        for value in node:
            limited_lists(value, found)
    return found


def test_every_limit_reaches_the_plan_file_and_every_limit_there_is_one_of_them() -> None:
    in_schema = limited_lists(json_schema(), {})
    assert in_schema == {field: {limit} for field, (_noun, limit) in NOUNS.items()}


def test_the_limits_are_ten_times_what_a_busy_plan_needs() -> None:
    library = load_library()
    largest = max(len(t.interventions) for t in library.templates)
    assert 10 * largest <= MAX_ITEMS
    assert 10 * max(len(t.goals) for t in library.templates) <= MAX_GOALS


def _with(field: str, count: int) -> bytes:
    doc = copy.deepcopy(example_document())
    owner = doc["patient"] if field == "carers" else doc["plan"]
    first = owner[field][0]
    owner[field] = [dict(first) for _ in range(count)]
    return json.dumps(doc).encode("utf-8")


@pytest.mark.parametrize(
    ("field", "where", "noun", "limit"),
    [
        ("interventions", "plan.interventions", "items", MAX_ITEMS),
        ("goals", "plan.goals", "goals", MAX_GOALS),
        ("carers", "patient.carers", "carers", MAX_CARERS),
    ],
)
def test_a_file_at_the_limit_imports_and_one_more_is_refused(field: str, where: str, noun: str, limit: int) -> None:
    read_plan_bytes(_with(field, limit), "plan.json")
    with pytest.raises(PlanFileError) as refused:
        read_plan_bytes(_with(field, limit + 1), "plan.json")
    assert f"{where}: has {limit + 1:,} {noun}; a plan can hold at most {limit}" in str(refused.value)
