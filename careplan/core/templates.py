"""Templates and copies: starting a plan from a template, saving a plan as a template, copying a plan.

Pure functions over core snapshots, so the desktop (one undo step) and the command line
(``careplan new --template``) apply a template the same way.  A therapist's own template and a
copy of another patient's plan carry the plan's clinical content only: never names, dates of
birth, notes, photos, the summary or anything else that describes the person it was written for.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import TypeVar

from careplan.core.library import Library, LibraryIntervention, Template, fill_sides, placeholders_in
from careplan.core.model import Goal, Intervention, Patient, Plan, Programme, Therapist

T = TypeVar("T")


def _item_key(item: Intervention) -> object:
    """What makes two items the same for "add what the plan lacks": the library code, else kind and title."""
    return item.catalog_code or (item.kind, item.title.casefold())


def _goal_key(goal: Goal) -> object:
    return goal.code or (goal.domain, goal.text.casefold())


def template_items(
    template: Template, library: Library, plan: Plan
) -> tuple[tuple[Intervention, ...], tuple[Goal, ...]]:
    """The items and goals ``template`` would give ``plan``, directions filled for the plan's pull side.

    A starter template names library codes (a code the library lacks is left out); an own template
    holds its items, whose wording may keep ``{away_side}`` placeholders for the plan to fill."""
    if template.is_own:
        items = tuple(
            replace(
                item,
                instructions=fill_sides(item.instructions, plan.pull_side),
                school_instructions=fill_sides(item.school_instructions, plan.pull_side),
            )
            for item in template.items
        )
        return items, template.plan_goals
    entries = (library.intervention(code) for code in template.interventions)
    goals = (library.goal(code) for code in template.goals)
    return (
        tuple(e.to_intervention(plan.pull_side) for e in entries if e is not None),
        tuple(Goal(domain=g.domain, text=g.text, code=g.code) for g in goals if g is not None),
    )


def template_counts(template: Template) -> tuple[int, int]:
    """How many items and goals ``template`` starts a plan with (for the screens that describe it)."""
    if template.is_own:
        return len(template.items), len(template.plan_goals)
    return len(template.interventions), len(template.goals)


def apply_template(plan: Plan, library: Library, template: Template) -> Plan:
    """``plan`` with ``template``'s items, goals and programme added where the plan lacks them.

    Items and goals the plan already has (same library code, or same kind and title) are not added
    twice; the programme fills only what the plan leaves empty; an untitled plan takes the
    template's title; the plan remembers the first template it was started from.  The caller
    checks the result against the plan limits (``careplan.core.limits``)."""
    items, goals = template_items(template, library, plan)
    new_items = _missing(items, plan.interventions, _item_key)
    new_goals = _missing(goals, plan.goals, _goal_key)
    from_library = any(i.catalog_code for i in new_items)
    return plan.replace(
        interventions=plan.interventions + tuple(new_items),
        goals=plan.goals + tuple(new_goals),
        title=plan.title or template.title,
        programme=_merged_programme(plan.programme, template.programme),
        template=plan.template or template.code,
        catalog_version=(library.version or plan.catalog_version) if from_library else plan.catalog_version,
    )


def template_additions(plan: Plan, library: Library, template: Template) -> tuple[int, int]:
    """How many items and goals applying ``template`` would add to ``plan`` ((0, 0): it holds them all),
    counted by ``apply_template`` itself, so a screen never promises what Apply would not do."""
    changed = apply_template(plan, library, template)
    return len(changed.interventions) - len(plan.interventions), len(changed.goals) - len(plan.goals)


def _missing(adding: Iterable[T], have: Iterable[T], key: Callable[[T], object]) -> list[T]:
    """Those of ``adding`` whose key is not among ``have``'s, each key once, in order."""
    seen = {key(x) for x in have}
    out: list[T] = []
    for x in adding:
        if key(x) not in seen:
            seen.add(key(x))
            out.append(x)
    return out


def _merged_programme(mine: Programme, theirs: Programme) -> Programme:
    adjustments = mine.adjustments + tuple(a for a in theirs.adjustments if a not in mine.adjustments)
    return Programme(
        visits=mine.visits or theirs.visits,
        home_practice=mine.home_practice or theirs.home_practice,
        adjustments=adjustments,
    )


# --- saving a plan as the therapist's own template ---------------------------------------------------


def _generic_wording(text: str | None, library_text: str | None, plan: Plan) -> str | None:
    """An item's wording as a template keeps it: the library's words with their ``{away_side}``
    placeholders when the plan did not change them (so the next plan fills in its own side)."""
    if text is None or library_text is None or not placeholders_in(library_text):
        return text
    return library_text if text == fill_sides(library_text, plan.pull_side) else text


def _template_item(item: Intervention, library: Library, plan: Plan) -> Intervention:
    """A plan item without what belongs to the person: the side, photo, clinician's note and school days."""
    entry: LibraryIntervention | None = library.intervention(item.catalog_code) if item.catalog_code else None
    return replace(
        item,
        instructions=_generic_wording(item.instructions, entry.instructions if entry else None, plan),
        school_instructions=_generic_wording(
            item.school_instructions, entry.school_instructions if entry else None, plan
        ),
        side=None,
        photo=None,
        clinician_note=None,
        school_days=None,
    )


def name_key(title: str) -> str:
    """What makes two template names the same to a reader: letters in any case, spaces collapsed
    (two of one category's templates may not share one: the New plan list could not tell them apart)."""
    return " ".join(title.split()).casefold()


def template_from_plan(plan: Plan, library: Library, *, code: str, title: str, approach: str = "") -> Template:
    """The therapist's own template made from ``plan``: its category, items (with their dosage and
    wording), goals (without target dates) and programme; nothing that describes the person."""
    return Template(
        code=code,
        category=plan.category,
        title=title,
        approach=approach,
        interventions=tuple(dict.fromkeys(i.catalog_code for i in plan.interventions if i.catalog_code)),
        goals=tuple(dict.fromkeys(g.code for g in plan.goals if g.code)),
        items=tuple(_template_item(i, library, plan) for i in plan.interventions),
        plan_goals=tuple(replace(g, target_date=None) for g in plan.goals),
        programme=plan.programme,
    )


def _template_texts(template: Template) -> Iterator[tuple[str, str]]:
    """(where, text) for every text a template holds, as a message names it."""
    yield "the title", template.title
    yield "the description", template.approach
    for n, item in enumerate(template.items, start=1):
        for name in ("title", "instructions", "school_instructions", "wear_schedule", "skin_checks", "referral_reason"):
            value = getattr(item, name)
            if value:
                yield f"item {n} ({item.title}) {name.replace('_', ' ')}", value
    for n, goal in enumerate(template.plan_goals, start=1):
        yield f"goal {n}", goal.text
    programme = template.programme
    for name, value in (("visits", programme.visits), ("home practice", programme.home_practice)):
        if value:
            yield f"the programme's {name}", value
    for n, adjustment in enumerate(programme.adjustments, start=1):
        yield f"programme adjustment {n}", adjustment


def personal_details_in(template: Template, patient: Patient) -> list[str]:
    """Where ``template`` names ``patient`` (a given or family name, the identifier, a carer): a
    template is shared between patients and plan files, so it must hold none of them."""
    words = [patient.given_name, patient.family_name, patient.identifier or ""]
    words += [c.name for c in patient.carers]
    found: list[str] = []
    for word in {w.strip() for w in words if len(w.strip()) >= 2}:
        pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
        found += [f"{where} mentions {word!r}" for where, text in _template_texts(template) if pattern.search(text)]
    return sorted(found)


# --- copying a plan to another patient ----------------------------------------------------------------


def _moved(day: dt.date | None, start: dt.date | None, today: dt.date) -> dt.date | None:
    """A date the same distance from ``today`` as it was from the old start (none without a start)."""
    if day is None or start is None:
        return None
    return max(today, today + (day - start))


def copy_for_another_patient(plan: Plan, today: dt.date, therapist: Therapist) -> Plan:
    """A new plan for another person from ``plan``: the same category, body regions, pattern, items,
    goals and programme; none of the first person's details (the summary, clinical notes, the team's
    numbers, photos, the clinician's notes on items, the school's days).  It starts ``today`` with
    ``therapist``; review and goal dates keep their distance from the start (none without one)."""
    items = tuple(replace(i, photo=None, clinician_note=None, school_days=None) for i in plan.interventions)
    return Plan(
        title=plan.title,
        category=plan.category,
        regions=plan.regions,
        therapist=therapist,
        start_date=today,
        review_date=_moved(plan.review_date, plan.start_date, today),
        goals=tuple(replace(g, target_date=_moved(g.target_date, plan.start_date, today)) for g in plan.goals),
        interventions=items,
        programme=plan.programme,
        cervical_form=plan.cervical_form,
        gmfcs_level=plan.gmfcs_level,
        catalog_version=plan.catalog_version,
        patterns=plan.patterns,
        pull_side=plan.pull_side,
        neck_level=plan.neck_level,
        template=plan.template,
    )
