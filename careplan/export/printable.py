"""What in a plan the handouts cannot print as typed, field by field, before anyone prints.

``printed_texts`` walks every text field of the plan record (and of the clinic's
letterhead, the cautions and the action plan when given), so a field added to the
model later is checked without anyone listing it here.  ``printing_problems``
names each field holding a character no bundled font has (it prints as
``[U+1F642]``) or right-to-left writing (printed left to right, unjoined).
``careplan check`` and the desktop (before printing or saving a handout) show these.
"""

from __future__ import annotations

import dataclasses
import enum
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from careplan.core.action_plan import PersonalActionPlan
from careplan.core.model import AppliedCaution, ClinicDetails, Photo, PlanRecord
from careplan.export import fonts
from careplan.export.text import clean, one_line

#: How a list field's entries are named ("Carer 2"), where the field name does not say it.
_ENTRY_NAMES = {
    "carers": "Carer",
    "goals": "Goal",
    "interventions": "Item",
    "contacts": "Team contact",
    "regions": "Region",
    "adjustments": "Adjustment",
    "levels": "Level",
    "signs": "Sign",
    "actions": "Action",
    "triggers": "Trigger",
    "calls": "Call",
    "sources": "Source",
}
#: What each part of a record is called at the start of a label.
_ROOTS = {
    "patient": "",
    "plan": "Plan",
    "therapist": "Therapist",
    "school": "School",
    "programme": "Programme",
    "revision": "Revision",
    "clinic": "Clinic (Settings)",
}
#: Fields holding no printed words.
_SKIPPED = {"media_type"}
#: Fields printed under another name.
_PRINTED_AS = {"catalog_code": "library code", "catalog_version": "library version"}
#: At most this many characters are described one by one in a line of the report.
_DESCRIBED = 6


@dataclass(frozen=True, slots=True)
class PrintedText:
    """One text field as the handouts print it, with a label a therapist recognises."""

    label: str
    text: str


def _words(name: str) -> str:
    return _PRINTED_AS.get(name, name.replace("_", " "))


def _walk(value: object, label: str) -> Iterator[PrintedText]:
    if value is None or isinstance(value, (enum.Enum, Photo, bytes)):
        return
    if isinstance(value, str):
        label = label.strip() or "Text"
        yield PrintedText(label[0].upper() + label[1:], value)
        return
    if not dataclasses.is_dataclass(value):
        return
    for field in dataclasses.fields(value):
        if field.name in _SKIPPED:
            continue
        child = getattr(value, field.name)
        if isinstance(child, tuple):
            entry = _ENTRY_NAMES.get(field.name, _words(field.name))
            for number, item in enumerate(child, start=1):
                name = f"{entry} {number}"
                title = getattr(item, "title", None)
                if isinstance(title, str) and title.strip():
                    short = one_line(title)
                    name += f" “{short[:40]}{'…' if len(short) > 40 else ''}”"
                yield from _walk(item, f"{label} {name.lower()}" if label and label != "Plan" else name)
        elif dataclasses.is_dataclass(child):
            yield from _walk(child, _ROOTS.get(field.name, f"{label} {_words(field.name)}"))
        else:
            yield from _walk(child, f"{label} {_words(field.name)}")


def printed_texts(
    record: PlanRecord,
    clinic: ClinicDetails | None = None,
    cautions: Sequence[AppliedCaution] = (),
    action_plan: PersonalActionPlan | None = None,
) -> list[PrintedText]:
    """Every text field the handouts of ``record`` may print, labelled ("Carer 1 name")."""
    out = [*_walk(record.patient, ""), *_walk(record.plan, "Plan")]
    if record.revision is not None:
        out += _walk(record.revision, "Revision")
    if clinic is not None:
        out += _walk(clinic, _ROOTS["clinic"])
    for caution in cautions:
        out += _walk(caution, f"Caution for {one_line(caution.item_title)[:40] or 'the plan'}:")
    if action_plan is not None:
        out += _walk(action_plan, "Action plan")
    return out


def describe(char: str) -> str:
    """``🙂 (U+1F642 SLIGHTLY SMILING FACE)``; a control, format or stray surrogate code is not
    shown itself (it would upset a terminal), only its code."""
    name = unicodedata.name(char, "")
    shown = "" if unicodedata.category(char).startswith("C") else f"{char} "
    return f"{shown}(U+{ord(char):04X}{' ' + name if name else ''})"


def printing_problems(
    record: PlanRecord,
    clinic: ClinicDetails | None = None,
    cautions: Sequence[AppliedCaution] = (),
    action_plan: PersonalActionPlan | None = None,
) -> list[str]:
    """One line per field that will not print as typed, e.g.
    ``Carer 1 name: 🙂 (U+1F642 SLIGHTLY SMILING FACE) cannot be printed (each prints as its
    code, like [U+1F642])``."""
    lines: list[str] = []
    for printed in printed_texts(record, clinic, cautions, action_plan):
        text = clean(printed.text)
        missing = sorted(fonts.unprintable(text))
        if missing:
            what = ", ".join(describe(c) for c in missing[:_DESCRIBED])
            if len(missing) > _DESCRIBED:
                what += f" and {len(missing) - _DESCRIBED} more"
            example = fonts.code_point(missing[0])
            lines.append(f"{printed.label}: {what} cannot be printed (each prints as its code, like {example})")
        if fonts.right_to_left(text):
            lines.append(
                f"{printed.label}: right-to-left writing may print incorrectly "
                "(in reverse order, Arabic letters unjoined); check the printed page"
            )
    return list(dict.fromkeys(lines))
