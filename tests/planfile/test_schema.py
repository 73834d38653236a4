"""The plan file's models (careplan.planfile.schema) as the JSON schema states them: every object
closed to unknown fields, every text bounded, every date a calendar date.  A field added later without
them is caught here.  (What imports and how a refusal reads: test_planfile.py.)"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from careplan.planfile import PlanFileError, json_schema, read_plan_bytes

from support.db import doc_bytes, example_document

SCHEMA = json_schema()


def properties() -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(model, field, the field's schema with a nullable ``anyOf`` unwrapped) for every field."""
    for model, definition in SCHEMA["$defs"].items():
        for field, spec in definition.get("properties", {}).items():
            options = [o for o in spec.get("anyOf", [spec]) if o.get("type") != "null"]
            for option in options:
                yield model, field, option


def test_every_object_refuses_fields_it_does_not_know() -> None:
    objects = {name: d for name, d in SCHEMA["$defs"].items() if d.get("type") == "object"}
    assert len(objects) >= 15
    assert SCHEMA["additionalProperties"] is False
    assert [name for name, d in objects.items() if d.get("additionalProperties") is not False] == []


def test_every_text_field_has_a_length_limit_or_a_pattern() -> None:
    unbounded = [
        f"{model}.{field}"
        for model, field, spec in properties()
        if spec.get("type") == "string" and not {"enum", "const", "maxLength", "pattern"} & set(spec)
    ]
    assert unbounded == []


def test_every_date_is_a_calendar_date() -> None:
    dates = [(m, f, s) for m, f, s in properties() if f.endswith("date") or f == "date_of_birth"]
    assert len(dates) >= 4
    for model, field, spec in dates:
        assert spec.get("format") == "date", f"{model}.{field}"


@pytest.mark.parametrize(
    ("where", "value", "said"),
    [
        (("patient", "date_of_birth"), "2017-02-29", "patient.date_of_birth"),
        (("plan", "review_date"), "19/02/2027", "plan.review_date"),
        (("plan", "title"), "x" * 100_000, "plan.title: is too long"),
        (("plan", "colour"), "blue", "plan.colour: is not a field of the plan file (check the spelling)"),
    ],
    ids=["not-a-day", "not-iso", "too-long", "unknown-field"],
)
def test_what_the_schema_states_the_models_refuse(where: tuple[str, str], value: str, said: str) -> None:
    doc = example_document()
    doc[where[0]][where[1]] = value
    with pytest.raises(PlanFileError) as refused:
        read_plan_bytes(doc_bytes(doc), "plan.json")
    assert said in str(refused.value)
