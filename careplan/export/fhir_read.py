"""A Careplan FHIR bundle read back to plain values: what a receiving record would find in it.

The round trip of the export: the bundle's JSON is parsed by the version's ``fhir.resources``
models (a bundle they refuse is refused here too), then the clinical content is taken back out
(goals with their due dates and GAS levels, the plan's activities with their codes and timing,
every observation's code and value, the injections) so that tests and the examples' checks can
compare it with the plan it came from.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from careplan.export.fhir import GAS_LEVEL_CODES, ITEM_KINDS, MEASURES, bundle_model
from careplan.export.fhir_checks import FhirExportError

Code = tuple[str, str]


@dataclass(frozen=True)
class ReadGoal:
    text: str
    due: dt.date | None
    #: The five GAS level texts, -2 ... +2 (none when the goal has none).
    gas: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReadTiming:
    frequency: int | None = None
    period: float | None = None
    period_unit: str | None = None
    duration: float | None = None
    words: str | None = None


@dataclass(frozen=True)
class ReadActivity:
    kind: str
    title: str
    #: (system, code) of every coding but the item kind's.
    codes: tuple[Code, ...] = ()
    timing: ReadTiming | None = None
    #: The FHIR resource it is carried in (``detail``: inline in the CarePlan).
    resource: str = "detail"


@dataclass(frozen=True)
class ReadObservation:
    date: dt.date
    code: Code
    value: int | float | str | None
    site: str | None = None
    #: Components by code (scale parts, the GAS baseline).
    parts: tuple[tuple[str, int | float | str | None], ...] = ()


@dataclass(frozen=True)
class ReadProcedure:
    date: dt.date
    muscles: str
    given_by: str


@dataclass(frozen=True)
class ReadBundle:
    version: str
    type: str
    counts: Counter[str]
    title: str
    goals: tuple[ReadGoal, ...] = ()
    activities: tuple[ReadActivity, ...] = ()
    observations: tuple[ReadObservation, ...] = ()
    procedures: tuple[ReadProcedure, ...] = ()
    notes: tuple[str, ...] = field(default=())


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text[:10]) if text else None


def _codes(concept: dict[str, Any] | None) -> tuple[Code, ...]:
    return tuple((c.get("system", ""), c.get("code", "")) for c in (concept or {}).get("coding", []))


def _value(node: dict[str, Any]) -> int | float | str | None:
    if "valueQuantity" in node:
        value = node["valueQuantity"].get("value")
        return int(value) if isinstance(value, float) and value.is_integer() else value
    for key in ("valueInteger", "valueString"):
        if key in node:
            return node[key]
    return None


def parsed(data: bytes | str, version: str) -> dict[str, Any]:
    """The bundle validated by the version's models, as JSON values; FhirExportError when they refuse it."""
    from pydantic import ValidationError

    try:
        model = bundle_model(version).model_validate_json(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        raise FhirExportError(f"This is not a valid FHIR {version} bundle: {where}: {first['msg']}.") from None
    return json.loads(model.model_dump_json())


def read_bundle(data: bytes | str, version: str) -> ReadBundle:
    """The plain values of a bundle Careplan wrote."""
    bundle = parsed(data, version)
    by_url = {e["fullUrl"]: e["resource"] for e in bundle.get("entry", [])}
    resources = list(by_url.values())
    care_plan = next(r for r in resources if r["resourceType"] == "CarePlan")
    goals = tuple(_goal(by_url[g["reference"]]) for g in care_plan.get("goal", []))
    activities = tuple(_activity(a, by_url) for a in care_plan.get("activity", []))
    observations = tuple(_observation(r) for r in resources if r["resourceType"] == "Observation")
    procedures = tuple(
        ReadProcedure(
            date=_date(r.get("performedDateTime") or r.get("occurrenceDateTime")) or dt.date.min,
            muscles=r["bodySite"][0]["text"],
            given_by=r["performer"][0]["actor"]["display"],
        )
        for r in resources
        if r["resourceType"] == "Procedure"
    )
    notes = tuple(n["text"] for r in resources for n in r.get("note", []))
    return ReadBundle(
        version=version,
        type=bundle["type"],
        counts=Counter(r["resourceType"] for r in resources),
        title=care_plan.get("title", ""),
        goals=goals,
        activities=activities,
        observations=observations,
        procedures=procedures,
        notes=notes,
    )


def _goal(goal: dict[str, Any]) -> ReadGoal:
    targets = goal.get("target", [])
    levels = {}
    for target in targets:
        for _system, code in _codes(target.get("measure")):
            if code in GAS_LEVEL_CODES:
                levels[GAS_LEVEL_CODES.index(code)] = target.get("detailString", "")
    due = next((_date(t.get("dueDate")) for t in targets if t.get("dueDate")), None)
    return ReadGoal(goal["description"]["text"], due, tuple(levels[i] for i in sorted(levels)))


def _timing(timing: dict[str, Any] | None) -> ReadTiming | None:
    if not timing:
        return None
    repeat = timing.get("repeat", {})
    return ReadTiming(
        frequency=repeat.get("frequency"),
        period=repeat.get("period"),
        period_unit=repeat.get("periodUnit"),
        duration=repeat.get("duration"),
        words=(timing.get("code") or {}).get("text"),
    )


def _kind(concepts: list[dict[str, Any]]) -> str:
    return next((code for c in concepts for system, code in _codes(c) if system == ITEM_KINDS), "")


def _activity(activity: dict[str, Any], by_url: dict[str, dict[str, Any]]) -> ReadActivity:
    reference = activity.get("reference") or activity.get("plannedActivityReference")
    if reference is None:
        code = activity["detail"]["code"]
        kind = _kind([code])
        return ReadActivity(kind, code["text"], tuple(c for c in _codes(code) if c[0] != ITEM_KINDS))
    resource = by_url[reference["reference"]]
    kind_name = resource["resourceType"]
    code = resource.get("code") or resource.get("codeCodeableConcept") or {}
    code = code.get("concept", code)  # R5: a CodeableReference
    if kind_name == "DeviceRequest":
        kind = _kind([p["valueCodeableConcept"] for p in resource.get("parameter", []) if "valueCodeableConcept" in p])
    else:
        kind = _kind(resource.get("category", []))
    return ReadActivity(kind, code.get("text", ""), _codes(code), _timing(resource.get("occurrenceTiming")), kind_name)


def _observation(resource: dict[str, Any]) -> ReadObservation:
    codes = _codes(resource["code"])
    parts = tuple(
        (next((c for s, c in _codes(p["code"]) if s == MEASURES), ""), _value(p)) for p in resource.get("component", [])
    )
    sites = resource.get("bodySite")
    site = sites.get("text") if isinstance(sites, dict) else None
    return ReadObservation(
        date=_date(resource["effectiveDateTime"]) or dt.date.min,
        code=codes[0] if codes else ("", ""),
        value=_value(resource),
        site=site,
        parts=parts,
    )
