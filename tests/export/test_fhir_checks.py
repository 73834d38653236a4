"""careplan.export.fhir_checks: what the models let through (a status outside its value set, a reference
to nothing, a repeated or made-up fullUrl, a document without its Composition) is refused with words
that name the resource and the element, and nothing is written."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from careplan.export.fhir import FhirOptions, build_bundle, bundle_model, validated_json
from careplan.export.fhir_checks import REQUIRED_CODES, FhirExportError, bundle_problems, check_bundle

from fhir_samples import GENERATED_AT, library, rich_sample


def bundle(version: str = "R4B", document: bool = False) -> dict[str, Any]:
    sample, lib = rich_sample(), library()
    return build_bundle(
        sample.record,
        sample.assessments,
        sample.injections,
        scales=lib.scales,
        movements=lib.movements,
        options=FhirOptions(version, document),
        generated_at=GENERATED_AT,
    )


def first(b: dict[str, Any], kind: str) -> dict[str, Any]:
    return next(e["resource"] for e in b["entry"] if e["resource"]["resourceType"] == kind)


@pytest.mark.parametrize("version", ["R4B", "R5"])
def test_a_sound_bundle_has_no_problem(version: str) -> None:
    for document in (False, True):
        assert bundle_problems(bundle(version, document), version) == []


@pytest.mark.parametrize("version", ["R4B", "R5"])
def test_a_code_outside_its_value_set_is_named(version: str) -> None:
    b = bundle(version)
    first(b, "CarePlan")["status"] = "bogus"
    first(b, "Observation")["status"] = "done"
    problems = bundle_problems(b, version)
    assert any(
        "(CarePlan: Postural management" in p and "status 'bogus' is not in its value set" in p for p in problems
    )
    assert any("(Observation" in p and "status 'done'" in p and "final" in p for p in problems)
    # The models alone accept both (which is why these checks exist).
    bundle_model(version).model_validate(b)


def test_the_condition_s_coded_status_is_checked() -> None:
    b = bundle()
    first(b, "Condition")["clinicalStatus"]["coding"][0]["code"] = "cured"
    assert any("clinicalStatus.coding.code 'cured'" in p for p in bundle_problems(b, "R4B"))


def test_timing_units_are_checked() -> None:
    b = bundle()
    request = first(b, "ServiceRequest")
    request["occurrenceTiming"]["repeat"]["periodUnit"] = "day"
    assert any("periodUnit 'day'" in p for p in bundle_problems(b, "R4B"))


def test_references_must_resolve_and_full_urls_be_unique_uuids() -> None:
    b = bundle()
    first(b, "CarePlan")["goal"].append({"reference": "urn:uuid:00000000-0000-4000-8000-000000000000"})
    b["entry"][2]["fullUrl"] = b["entry"][1]["fullUrl"]
    b["entry"][3]["fullUrl"] = "Patient/1"
    problems = bundle_problems(b, "R4B")
    assert "refers to urn:uuid:00000000-0000-4000-8000-000000000000, which is not in the bundle" in " ".join(problems)
    assert "entry 3 repeats the fullUrl" in " ".join(problems)
    assert "entry 4 has no urn:uuid fullUrl (got 'Patient/1')" in problems


def test_a_document_starts_with_its_composition_and_has_an_identifier_and_timestamp() -> None:
    b = bundle(document=True)
    b["entry"].append(b["entry"].pop(0))
    del b["identifier"]["system"], b["timestamp"]
    problems = bundle_problems(b, "R4B")
    assert "a FHIR document must start with its Composition" in problems
    assert "a FHIR document needs an identifier with a system and a value" in problems
    assert "a FHIR document needs a timestamp" in problems


def test_required_elements_the_models_allow_to_be_empty() -> None:
    b = bundle()
    del first(b, "Goal")["description"]
    del first(b, "Observation")["effectiveDateTime"]
    problems = " ".join(bundle_problems(b, "R4B"))
    assert "(Goal) has no description" in problems
    assert "has no effectiveDateTime" in problems


def test_check_bundle_raises_one_message_naming_the_problems() -> None:
    b = bundle()
    first(b, "CarePlan")["intent"] = "wish"
    with pytest.raises(FhirExportError) as caught:
        check_bundle(b, "R4B")
    message = str(caught.value)
    assert message.startswith("The FHIR R4B bundle was not written: ")
    assert "intent 'wish' is not in its value set" in message and "\n" not in message
    assert caught.value.title == "FHIR export not written"


def test_many_problems_are_counted_not_all_listed() -> None:
    b = bundle()
    for e in b["entry"]:
        if e["resource"]["resourceType"] == "Observation":
            e["resource"]["status"] = "x"
    with pytest.raises(FhirExportError, match=r"\(and \d+ more\)\.$"):
        check_bundle(b, "R4B")


def test_a_value_the_models_refuse_is_named_by_entry_and_element() -> None:
    b = bundle()
    index = next(i for i, e in enumerate(b["entry"]) if e["resource"]["resourceType"] == "Observation")
    observation = copy.deepcopy(b["entry"][index]["resource"])
    observation.pop("valueInteger", None)
    observation["valueQuantity"] = {"value": "many"}
    b["entry"][index]["resource"] = observation
    with pytest.raises(FhirExportError, match=rf"entry {index + 1} \(Observation\) valueQuantity.value"):
        validated_json(b, "R4B")


def test_an_unknown_version_has_no_value_sets() -> None:
    assert bundle_problems({"resourceType": "Bundle"}, "R4") == [
        "FHIR version 'R4' is not one Careplan writes (use R4B or R5)"
    ]
    assert set(REQUIRED_CODES) == {"R4B", "R5"}


def test_validated_json_is_the_models_own_serialisation() -> None:
    data = validated_json(bundle(), "R4B")
    assert data.endswith(b"\n")
    assert json.loads(data)["entry"][0]["resource"]["resourceType"] == "Patient"
