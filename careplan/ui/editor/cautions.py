"""The cautions that apply to a plan, for the editor to show beside its items.

The rule lives in ``careplan.core.cautions.cautions_for``.  Until that module is in
place the editor falls back to the library's own cautions (each entry's
``Caution.applies`` for the plan's category and cervical form), so it works either way.
"""

from __future__ import annotations

from collections.abc import Callable

from careplan.core.library import Library
from careplan.core.model import AppliedCaution, Plan


def _from_library(plan: Plan, library: Library) -> tuple[AppliedCaution, ...]:
    found: list[AppliedCaution] = []
    for index, item in enumerate(plan.interventions):
        entry = library.intervention(item.catalog_code) if item.catalog_code else None
        if entry is None:
            continue
        for caution in entry.cautions:
            if caution.applies(plan.category, plan.cervical_form):
                found.append(AppliedCaution(item.title, caution.text, index, entry.code))
    return tuple(found)


def _rule() -> Callable[[Plan, Library], tuple[AppliedCaution, ...]]:
    try:
        from careplan.core.cautions import cautions_for
    except ImportError:  # being written; see the module docstring
        return _from_library
    return cautions_for


def plan_cautions(plan: Plan, library: Library) -> tuple[AppliedCaution, ...]:
    return tuple(_rule()(plan, library))
