"""The sample plans as HL7 FHIR documents, R4B and R5: ``docs/examples/fhir/<plan>.<version>.json``.

    .venv/bin/python scripts/fhir_examples.py            # writes the bundles
    .venv/bin/python scripts/fhir_examples.py --check    # exit 1 when a committed bundle differs

Each plan file of ``docs/examples/plans`` is read with the shipped library, given the assessments
and injections of ``docs/examples/fhir/inputs/<plan>.json`` (plan-file assessment and injection
objects, checked against the scales catalog as ``careplan assess`` checks them), and exported the
way ``careplan fhir --document`` exports it, with fixed ids and time so that a fresh run gives
the same bytes (``tests/export/test_fhir_examples.py`` checks that the committed files are a fresh
run).  Confidential notes are left out, as they are by default.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

TOP = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(TOP))

from careplan.catalog.loader import load_library  # noqa: E402
from careplan.core.assessments import check_assessment  # noqa: E402
from careplan.export.fhir import FhirOptions, export_fhir  # noqa: E402
from careplan.planfile import read_plan_bytes, to_imported  # noqa: E402
from careplan.planfile.convert import assessment_from_model, injection_from_model  # noqa: E402
from careplan.planfile.schema import AssessmentModel, InjectionModel  # noqa: E402

PLANS = TOP / "docs" / "examples" / "plans"
OUT = TOP / "docs" / "examples" / "fhir"
INPUTS = OUT / "inputs"
#: The moment every example says it was made (a fixed one: the files must not change from run to run).
GENERATED_AT = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)
VERSIONS = ("R4B", "R5")


def example_bundles() -> dict[str, bytes]:
    """File name -> the bundle's bytes, for every sample plan and version."""
    library = load_library()
    made: dict[str, bytes] = {}
    for plan_file in sorted(PLANS.glob("*.json")):
        record = to_imported(read_plan_bytes(plan_file.read_bytes(), plan_file.name), library.intervention).record
        inputs = json.loads((INPUTS / plan_file.name).read_text(encoding="utf-8"))
        assessments = [
            check_assessment(
                assessment_from_model(AssessmentModel.model_validate(a), f"{plan_file.stem} assessments[{i}]"),
                library.scales,
                library.movements,
            )
            for i, a in enumerate(inputs["assessments"])
        ]
        injections = [injection_from_model(InjectionModel.model_validate(i)) for i in inputs["injections"]]
        for version in VERSIONS:
            made[f"{plan_file.stem}.{version.lower()}.json"] = export_fhir(
                record,
                assessments,
                injections,
                scales=library.scales,
                movements=library.movements,
                options=FhirOptions(version, document=True),
                generated_at=GENERATED_AT,
                seed=f"careplan-example|{plan_file.stem}",
            )
    return made


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed files; write nothing")
    args = parser.parse_args()
    bundles = example_bundles()
    stale = [name for name, data in bundles.items() if not (OUT / name).is_file() or (OUT / name).read_bytes() != data]
    if args.check:
        for name in stale:
            print(f"{name} differs from a fresh run: run scripts/fhir_examples.py")
        return 1 if stale else 0
    for name, data in bundles.items():
        (OUT / name).write_bytes(data)
        print(f"docs/examples/fhir/{name}: {len(json.loads(data)['entry'])} resources")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
