"""What the FHIR models do not check, checked before a bundle leaves Careplan.

``fhir.resources`` validates each resource's structure (element names, types, cardinality of
primitives) but accepts any string as a code: ``CarePlan.status = "bogus"`` passes.  This module
holds the required bindings Careplan's bundles use (the value sets the FHIR specification binds
with strength *required*), and the bundle's own rules: each ``fullUrl`` is a unique
``urn:uuid:``, every literal reference resolves to an entry of the same bundle, and a document
starts with its Composition and carries an identifier and a timestamp.

``bundle_problems`` returns every problem in plain words (empty when the bundle is sound); the
exporter refuses a bundle with any (``FhirExportError``, nothing written).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from careplan.errors import UserFacingError

#: The versions Careplan writes.  R4B is the default: the R4 family is what electronic records accept
#: today, and the resources used here did not change between R4 and R4B.
VERSIONS = ("R4B", "R5")

_REQUEST_STATUS = frozenset({"draft", "active", "on-hold", "revoked", "completed", "entered-in-error", "unknown"})
_REQUEST_INTENT = frozenset(
    {
        "proposal",
        "plan",
        "directive",
        "order",
        "original-order",
        "reflex-order",
        "filler-order",
        "instance-order",
        "option",
    }
)
_OBSERVATION_STATUS = frozenset(
    {"registered", "preliminary", "final", "amended", "corrected", "cancelled", "entered-in-error", "unknown"}
)
_EVENT_STATUS = frozenset(
    {"preparation", "in-progress", "not-done", "on-hold", "stopped", "completed", "entered-in-error", "unknown"}
)
_GOAL_STATUS = frozenset(
    {
        "proposed",
        "planned",
        "accepted",
        "active",
        "on-hold",
        "completed",
        "cancelled",
        "entered-in-error",
        "rejected",
    }
)
_ACTIVITY_STATUS = frozenset(
    {
        "not-started",
        "scheduled",
        "in-progress",
        "on-hold",
        "completed",
        "cancelled",
        "stopped",
        "unknown",
        "entered-in-error",
    }
)
_UNITS_OF_TIME = frozenset({"s", "min", "h", "d", "wk", "mo", "a"})

_R4B_CODES: dict[tuple[str, str], frozenset[str]] = {
    ("Bundle", "type"): frozenset({"document", "collection"}),
    ("CarePlan", "status"): _REQUEST_STATUS,
    ("CarePlan", "intent"): frozenset({"proposal", "plan", "order", "option"}),
    ("CarePlan", "activity.detail.status"): _ACTIVITY_STATUS,
    ("Goal", "lifecycleStatus"): _GOAL_STATUS,
    ("ServiceRequest", "status"): _REQUEST_STATUS,
    ("ServiceRequest", "intent"): _REQUEST_INTENT,
    ("ServiceRequest", "occurrenceTiming.repeat.periodUnit"): _UNITS_OF_TIME,
    ("ServiceRequest", "occurrenceTiming.repeat.durationUnit"): _UNITS_OF_TIME,
    ("DeviceRequest", "status"): _REQUEST_STATUS,
    ("DeviceRequest", "intent"): _REQUEST_INTENT,
    ("Observation", "status"): _OBSERVATION_STATUS,
    ("Procedure", "status"): _EVENT_STATUS,
    ("Composition", "status"): frozenset({"preliminary", "final", "amended", "entered-in-error"}),
    ("Condition", "clinicalStatus.coding.code"): frozenset(
        {"active", "recurrence", "relapse", "inactive", "remission", "resolved"}
    ),
    ("Condition", "verificationStatus.coding.code"): frozenset(
        {"unconfirmed", "provisional", "differential", "confirmed", "refuted", "entered-in-error"}
    ),
}

#: What R5 changed: a wider CarePlan intent, Observation status, Composition status and Condition
#: clinical status; CarePlan.activity.detail is gone (R5 refers to the activity's request instead).
_R5_CHANGES: dict[tuple[str, str], frozenset[str] | None] = {
    ("CarePlan", "intent"): _R4B_CODES[("CarePlan", "intent")] | {"directive"},
    ("CarePlan", "activity.detail.status"): None,
    ("Observation", "status"): _OBSERVATION_STATUS | {"cannot-be-obtained"},
    ("Composition", "status"): frozenset(
        {
            "registered",
            "partial",
            "preliminary",
            "final",
            "amended",
            "corrected",
            "appended",
            "cancelled",
            "entered-in-error",
            "deprecated",
            "unknown",
        }
    ),
    ("Condition", "clinicalStatus.coding.code"): _R4B_CODES[("Condition", "clinicalStatus.coding.code")] | {"unknown"},
}

#: (resource type, path of a code element) -> the codes its required binding allows, per version.
#: A path is element names joined by dots; a list is walked through.  Coded CodeableConcepts name
#: the code system too (``.coding`` under the path, with ``system`` as given).
REQUIRED_CODES: dict[str, dict[tuple[str, str], frozenset[str]]] = {
    "R4B": _R4B_CODES,
    "R5": {key: codes for key, codes in ({**_R4B_CODES, **_R5_CHANGES}).items() if codes is not None},
}

#: Elements a Careplan bundle must fill although the models let them be empty: a resource without
#: them says nothing an electronic record can use.
REQUIRED_ELEMENTS: dict[str, tuple[str, ...]] = {
    "Patient": ("name", "birthDate"),
    "CarePlan": ("status", "intent", "subject", "title"),
    "Goal": ("lifecycleStatus", "description", "subject"),
    "ServiceRequest": ("status", "intent", "code", "subject"),
    "DeviceRequest": ("status", "intent", "subject"),
    "Observation": ("status", "code", "subject", "effectiveDateTime"),
    "Procedure": ("status", "code", "subject"),
    "Condition": ("clinicalStatus", "verificationStatus", "code", "subject"),
    "Composition": ("status", "type", "subject", "date", "author", "title"),
}

_UUID_URN = re.compile(r"^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class FhirExportError(UserFacingError):
    """The plan cannot be written as FHIR: the message names what is missing or wrong (nothing written)."""

    title = "FHIR export not written"


def _values(node: Any, path: list[str]) -> Iterator[Any]:
    """The values at ``path`` under ``node``, walking through lists."""
    if isinstance(node, list):
        for item in node:
            yield from _values(item, path)
        return
    if not path:
        yield node
        return
    if isinstance(node, dict) and path[0] in node:
        yield from _values(node[path[0]], path[1:])


def _references(node: Any) -> Iterator[str]:
    """Every literal reference (``{"reference": ...}``) anywhere under ``node``."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "reference" and isinstance(value, str):
                yield value
            else:
                yield from _references(value)
    elif isinstance(node, list):
        for item in node:
            yield from _references(item)


def _name(resource: dict[str, Any], index: int) -> str:
    kind = resource.get("resourceType", "resource")
    label = resource.get("title") or (resource.get("code") or {}).get("text")
    return f"entry {index + 1} ({kind}{': ' + str(label) if label else ''})"


def bundle_problems(bundle: dict[str, Any], version: str) -> list[str]:
    """Every way ``bundle`` breaks a required binding or a bundle rule, in plain words."""
    if version not in REQUIRED_CODES:
        return [f"FHIR version {version!r} is not one Careplan writes (use {' or '.join(VERSIONS)})"]
    allowed = REQUIRED_CODES[version]
    problems = [
        f"the bundle's type {value!r} is not allowed (use {', '.join(sorted(allowed['Bundle', 'type']))})"
        for value in _values(bundle, ["type"])
        if value not in allowed["Bundle", "type"]
    ]
    entries = bundle.get("entry") or []
    full_urls: list[str] = [e.get("fullUrl", "") for e in entries]
    seen: set[str] = set()
    for index, url in enumerate(full_urls):
        if not _UUID_URN.match(url):
            problems.append(f"entry {index + 1} has no urn:uuid fullUrl (got {url!r})")
        elif url in seen:
            problems.append(f"entry {index + 1} repeats the fullUrl {url} of an earlier entry")
        seen.add(url)
    for index, entry in enumerate(entries):
        resource = entry.get("resource") or {}
        kind = resource.get("resourceType", "")
        where = _name(resource, index)
        for element in REQUIRED_ELEMENTS.get(kind, ()):
            if resource.get(element) in (None, "", [], {}):
                problems.append(f"{where} has no {element}")
        for (resource_type, path), codes in allowed.items():
            if resource_type != kind:
                continue
            for value in _values(resource, path.split(".")):
                if value not in codes:
                    problems.append(
                        f"{where}: {path} {value!r} is not in its value set (use {', '.join(sorted(codes))})"
                    )
        for reference in _references(resource):
            if reference not in seen:
                problems.append(f"{where} refers to {reference}, which is not in the bundle")
    if bundle.get("type") == "document":
        problems += _document_problems(bundle, entries)
    return problems


def _document_problems(bundle: dict[str, Any], entries: list[dict[str, Any]]) -> list[str]:
    """A document bundle: a Composition first, an identifier with system and value, a timestamp (bdl-9,
    bdl-10, bdl-11 of the specification)."""
    problems = []
    first = (entries[0].get("resource") or {}) if entries else {}
    if first.get("resourceType") != "Composition":
        problems.append("a FHIR document must start with its Composition")
    identifier = bundle.get("identifier") or {}
    if not identifier.get("system") or not identifier.get("value"):
        problems.append("a FHIR document needs an identifier with a system and a value")
    if not bundle.get("timestamp"):
        problems.append("a FHIR document needs a timestamp")
    return problems


def check_bundle(bundle: dict[str, Any], version: str) -> None:
    """Raise FhirExportError listing every problem of ``bundle`` (none: it may be written)."""
    problems = bundle_problems(bundle, version)
    if problems:
        raise FhirExportError(
            f"The FHIR {version} bundle was not written: "
            + "; ".join(problems[:5])
            + (f" (and {len(problems) - 5} more)" if len(problems) > 5 else "")
            + "."
        )
