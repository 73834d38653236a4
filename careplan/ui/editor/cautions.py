"""The cautions that apply to a plan, for the editor to show beside its items.

The rule lives in ``careplan.core.cautions.cautions_for``; the editor passes the person's age
so the rules for children (hip surveillance) apply only to them.
"""

from __future__ import annotations

from careplan.core.cautions import cautions_for
from careplan.core.library import Library
from careplan.core.model import AppliedCaution, Patient, Plan


def plan_cautions(plan: Plan, library: Library, patient: Patient | None = None) -> tuple[AppliedCaution, ...]:
    return cautions_for(plan, library, age=patient.age_on() if patient else None)
