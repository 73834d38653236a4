"""careplan.export.fhir: every fixture plan, on both versions, exports to a bundle the models parse
back, whose references resolve and whose codes are in their value sets, and whose clinical content
(goals, activities, observations, injections) reads back as the plan's own values."""

from __future__ import annotations

import json

import pytest

from careplan.core.enums import Category, Kind
from careplan.core.model import Therapist
from careplan.export.fhir import (
    CEREBRAL_PALSY,
    DYSTONIA,
    EQUIPMENT_STATUS,
    ITEM_KINDS,
    MEASURES,
    SNOMED,
    FhirOptions,
    build_bundle,
    dosage_timing,
    export_fhir,
)
from careplan.export.fhir_checks import FhirExportError, bundle_problems
from careplan.export.fhir_read import read_bundle

from fhir_samples import (
    CONFIDENTIAL,
    GENERATED_AT,
    Sample,
    all_samples,
    expected_codes,
    expected_goals,
    expected_observations,
    expected_timing,
    library,
    rich_sample,
)

SAMPLES = all_samples()
VERSIONS = ("R4B", "R5")


def export(sample: Sample, **options: object) -> bytes:
    lib = library()
    return export_fhir(
        sample.record,
        sample.assessments,
        sample.injections,
        scales=lib.scales,
        movements=lib.movements,
        options=FhirOptions(**options),  # type: ignore[arg-type]
        generated_at=GENERATED_AT,
    )


@pytest.mark.parametrize("document", [False, True], ids=["collection", "document"])
@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("sample", SAMPLES, ids=[s.name for s in SAMPLES])
def test_every_fixture_plan_round_trips(sample: Sample, version: str, document: bool) -> None:
    data = export(sample, version=version, document=document)
    bundle = json.loads(data)
    assert bundle_problems(bundle, version) == []  # references resolve, codes in their value sets
    read = read_bundle(data, version)  # the version's models parse it back
    assert read.type == ("document" if document else "collection")
    assert read.title == sample.record.plan.title
    assert read.goals == expected_goals(sample.record.plan.goals)
    items = sample.record.plan.interventions
    assert [(a.kind, a.title) for a in read.activities] == [(i.kind.value, i.title) for i in items]
    for activity, item in zip(read.activities, items, strict=True):
        assert set(activity.codes) == expected_codes(item.kind, item.catalog_code), item.title
        t = activity.timing
        got = (t.frequency, t.period_unit, t.duration) if t and (t.frequency or t.duration) else None
        assert got == expected_timing(item.dosage), item.title
        if item.kind in (Kind.ORTHOSIS, Kind.EQUIPMENT):
            assert activity.resource == "DeviceRequest"
        elif item.kind in (Kind.EXERCISE, Kind.REFERRAL) or version == "R5":
            assert activity.resource == "ServiceRequest"
        else:
            assert activity.resource == "detail"
    got_obs = sorted((o.date, *o.code, o.value) for o in read.observations)
    assert got_obs == sorted(expected_observations(sample.assessments))
    assert sorted((p.date, p.muscles, p.given_by) for p in read.procedures) == sorted(
        (i.date, i.muscles, i.given_by) for i in sample.injections
    )
    counts = read.counts
    assert counts["Patient"] == counts["CarePlan"] == counts["Condition"] == 1
    assert counts["Goal"] == len(sample.record.plan.goals)
    assert counts["Procedure"] == len(sample.injections)
    assert counts["Composition"] == (1 if document else 0)


@pytest.mark.parametrize("version", VERSIONS)
def test_confidential_notes_only_when_asked(version: str) -> None:
    sample = rich_sample()
    for document in (False, True):
        text = export(sample, version=version, document=document).decode()
        for words in CONFIDENTIAL:
            assert words not in text, words
        assert "clinical-findings" not in text
        asked = export(sample, version=version, document=document, include_confidential_notes=True).decode()
        for words in CONFIDENTIAL:
            assert words in asked, words


@pytest.mark.parametrize("version", VERSIONS)
def test_condition_coded_in_snomed_with_the_categorys_words(version: str) -> None:
    sample = rich_sample()
    for category, (code, _display) in ((Category.DYSTONIC_CP, CEREBRAL_PALSY), (Category.CERVICAL, DYSTONIA)):
        record = sample.record.__class__(
            plan=sample.record.plan.replace(category=category), patient=sample.record.patient, plan_id=7
        )
        bundle = json.loads(export(Sample("x", record), version=version))
        condition = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Condition")
        assert condition["code"]["coding"] == [{"system": SNOMED, "code": code, "display": _display}]
        assert condition["code"]["text"] in ("Dystonic cerebral palsy", "Cervical dystonia")


def test_gas_levels_are_the_goals_targets_and_the_rating_points_at_its_goal() -> None:
    sample = rich_sample()
    bundle = json.loads(export(sample, version="R4B"))
    resources = {e["fullUrl"]: e["resource"] for e in bundle["entry"]}
    goal_url, goal = next((u, r) for u, r in resources.items() if r["resourceType"] == "Goal")
    assert [t["detailString"] for t in goal["target"]] == list(sample.record.plan.goals[0].gas)
    assert {t["dueDate"] for t in goal["target"]} == {"2027-02-19"}
    ratings = [
        r
        for r in resources.values()
        if r["resourceType"] == "Observation" and r["code"]["coding"][0]["code"] == "gas-level"
    ]
    assert ratings[0]["focus"][0]["reference"] == goal_url
    # A rating of a goal no longer in the plan names it, without a reference that would not resolve.
    assert ratings[-1]["focus"] == [{"display": "A goal since taken out of the plan"}]


def test_equipment_status_and_kind_travel_as_parameters() -> None:
    bundle = json.loads(export(rich_sample(), version="R5"))
    devices = [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "DeviceRequest"]
    statuses = {
        d["code"]["concept"]["text"]: (d["status"], d["parameter"][0]["valueCodeableConcept"]["coding"][0]["code"])
        for d in devices
    }
    assert statuses["Standing frame"] == ("completed", "issued")
    assert statuses["Supportive seating"] == ("active", "on_trial")
    kinds = {d["parameter"][1]["valueCodeableConcept"]["coding"][0]["code"] for d in devices}
    assert kinds == {"orthosis", "equipment"}
    assert {d["parameter"][1]["valueCodeableConcept"]["coding"][0]["system"] for d in devices} == {ITEM_KINDS}
    assert {d["parameter"][0]["valueCodeableConcept"]["coding"][0]["system"] for d in devices} == {EQUIPMENT_STATUS}


def test_dosage_timing() -> None:
    from careplan.core.model import Dosage

    assert dosage_timing(None) is None
    every_day = dosage_timing(Dosage(sets=2, reps=10, times_per_day=3, days_per_week=7))
    assert every_day == {
        "code": {"text": "2 sets of 10, 3 times a day, every day"},
        "repeat": {"frequency": 3, "period": 1, "periodUnit": "d"},
    }
    some_days = dosage_timing(Dosage(times_per_day=2, days_per_week=5, minutes=10))
    assert some_days is not None and some_days["repeat"] == {
        "frequency": 10,
        "period": 1,
        "periodUnit": "wk",
        "duration": 10,
        "durationUnit": "min",
    }
    reps_only = dosage_timing(Dosage(reps=5))
    assert reps_only == {"code": {"text": "5 times"}}  # in words only: Timing has no element for it


def test_ids_are_stable_for_one_export_and_differ_between_exports() -> None:
    sample = rich_sample()
    lib = library()
    first = build_bundle(sample.record, sample.assessments, scales=lib.scales, generated_at=GENERATED_AT)
    again = build_bundle(sample.record, sample.assessments, scales=lib.scales, generated_at=GENERATED_AT)
    later = build_bundle(
        sample.record, sample.assessments, scales=lib.scales, generated_at=GENERATED_AT.replace(hour=10)
    )
    assert first == again
    urls = [e["fullUrl"] for e in first["entry"]]
    assert len(set(urls)) == len(urls)
    assert not set(urls) & {e["fullUrl"] for e in later["entry"]}


def test_a_document_needs_the_therapist_as_its_author() -> None:
    sample = rich_sample()
    record = sample.record.__class__(
        plan=sample.record.plan.replace(therapist=Therapist()), patient=sample.record.patient, plan_id=7
    )
    with pytest.raises(FhirExportError, match="A FHIR document needs an author: the plan names no therapist"):
        export(Sample("x", record), version="R4B", document=True)
    # A collection has no author to need: the CarePlan simply names none.
    bundle = json.loads(export(Sample("x", record), version="R4B"))
    care_plan = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "CarePlan")
    assert "author" not in care_plan


def test_an_unknown_version_is_refused() -> None:
    with pytest.raises(FhirExportError, match="'R4' is not one Careplan writes"):
        FhirOptions("R4")


def test_scale_parts_and_measures_use_the_local_code_system() -> None:
    bundle = json.loads(export(rich_sample(), version="R4B"))
    observations = [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Observation"]
    twstrs = next(o for o in observations if o["code"]["coding"][0]["code"] == "scale.twstrs")
    assert twstrs["valueQuantity"]["value"] == 42  # the total, added up from the subscales
    assert [c["code"]["coding"][0]["code"] for c in twstrs["component"]] == [
        "scale.twstrs.severity",
        "scale.twstrs.disability",
        "scale.twstrs.pain",
    ]
    systems = {c["system"] for o in observations for c in o["code"]["coding"]}
    assert systems == {MEASURES, "http://loinc.org"}
