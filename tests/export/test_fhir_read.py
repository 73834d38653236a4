"""careplan.export.fhir_read: a bundle read back to plain values through the version's models; what the
models refuse (broken JSON, another version's bundle, a wrong value) is refused in words."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from careplan.export.fhir import LOINC, FhirOptions, export_fhir
from careplan.export.fhir_checks import FhirExportError
from careplan.export.fhir_read import ReadGoal, read_bundle

from fhir_samples import GAS, GENERATED_AT, library, rich_sample


def exported(version: str, **options: object) -> bytes:
    sample, lib = rich_sample(), library()
    return export_fhir(
        sample.record,
        sample.assessments,
        sample.injections,
        scales=lib.scales,
        movements=lib.movements,
        options=FhirOptions(version, **options),  # type: ignore[arg-type]
        generated_at=GENERATED_AT,
    )


@pytest.mark.parametrize("version", ["R4B", "R5"])
def test_reads_the_plain_values(version: str) -> None:
    read = read_bundle(exported(version), version)
    assert read.version == version and read.type == "collection"
    assert read.goals[0] == ReadGoal("Join the class for carpet time, supported in her seat", dt.date(2027, 2, 19), GAS)
    chin = read.activities[0]
    assert (chin.kind, chin.title, chin.resource) == ("exercise", "Chin tuck", "ServiceRequest")
    assert chin.timing is not None and (chin.timing.frequency, chin.timing.period_unit) == (3, "d")
    assert chin.timing.words == "2 sets of 10, hold each for 5 seconds, 3 times a day, every day"
    pain = [o for o in read.observations if o.code == (LOINC, "72514-3")]
    assert [(o.date, o.value, o.site) for o in pain] == [(dt.date(2026, 9, 1), 6, "left hip")]
    twstrs = next(o for o in read.observations if o.code[1] == "scale.twstrs")
    assert twstrs.parts == (("scale.twstrs.severity", 20), ("scale.twstrs.disability", 12), ("scale.twstrs.pain", 10))
    assert [(p.date, p.given_by) for p in read.procedures] == [
        (dt.date(2026, 6, 2), "Dr A. Khan"),
        (dt.date(2026, 9, 8), "Dr A. Khan"),
    ]


def test_notes_are_read_so_a_test_can_look_for_confidential_words() -> None:
    read = read_bundle(exported("R4B", include_confidential_notes=True), "R4B")
    assert any("Zebrinotes" in n for n in read.notes)


@pytest.mark.parametrize(
    ("data", "version", "words"),
    [
        (b"{not json", "R4B", "This is not a valid FHIR R4B bundle"),
        (b'{"resourceType": "Patient"}', "R4B", "This is not a valid FHIR R4B bundle"),
        (None, "R4B", "plannedActivityReference"),  # an R5 bundle read as R4B
    ],
    ids=["broken", "not-a-bundle", "other-version"],
)
def test_what_the_models_refuse_is_refused_in_words(data: bytes | None, version: str, words: str) -> None:
    with pytest.raises(FhirExportError, match=words):
        read_bundle(data if data is not None else exported("R5"), version)


def test_reading_does_not_depend_on_key_order() -> None:
    bundle = json.loads(exported("R4B"))
    shuffled = json.dumps({k: bundle[k] for k in reversed(list(bundle))}).encode()
    assert read_bundle(shuffled, "R4B") == read_bundle(exported("R4B"), "R4B")
