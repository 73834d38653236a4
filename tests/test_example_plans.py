"""The example plans in docs/examples are what a new clinic tries first and what the sample
handouts are made from: each must import and be ready to print (no blanks, no bare items,
no stable-only neck work in an unstable plan)."""

from __future__ import annotations

from pathlib import Path

import pytest

from careplan.catalog.loader import load_library
from careplan.core.model import ClinicDetails
from careplan.planfile import read_plan_bytes, to_imported
from careplan.services.handouts import not_ready

EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "docs" / "examples" / "plans").glob("*.json"))


def test_there_are_example_plans_for_each_sample_person() -> None:
    names = {p.stem for p in EXAMPLES}
    assert {"child-gmfcs-4", "neck-adult", "musician-adult", "generalised-adult"} <= names


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_plan_is_ready_to_print(path: Path) -> None:
    library = load_library()
    record = to_imported(read_plan_bytes(path.read_bytes(), str(path)), library.intervention).record
    # Printed on the plan's start date: the review dates are in the future then.
    assert record.plan.start_date is not None
    problems = not_ready(record, library, ClinicDetails(), record.plan.start_date)
    assert [str(p) for p in problems] == []
