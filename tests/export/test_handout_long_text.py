"""Text of any length in any field prints across pages, whole, in every handout (never a LayoutError).

Every text field of a plan (found by walking the record, so a field added later is
covered too) gets a 12,000-character value: words, one 5,000-character word without
spaces, and 400 short lines.  Each handout must build, and any handout that prints the
value prints all of it, in order (read back with pypdf).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from pypdf import PdfReader

from careplan.catalog import load_library
from careplan.core.action_plan import ACTION_PLAN_CODE, personal_action_plan
from careplan.core.enums import Audience, Category, Kind
from careplan.core.model import AppliedCaution, Carer, ClinicDetails, Contact, Intervention, Photo, PlanRecord
from careplan.export import render_handout

from handout_samples import CLINIC, all_text, render_pages, rich_record

TODAY = dt.date(2026, 12, 2)
AUDIENCES = (Audience.FAMILY, Audience.SCHOOL, Audience.CLINICIAN)
Path = tuple[str | int, ...]


def words_value() -> str:
    """12,000 characters of numbered words (each word says where it stands)."""
    text = " ".join(f"w{n}ord" for n in range(3000))
    return text[:11_990].rsplit(" ", 1)[0] + " finalword"


def long_word_value() -> str:
    """One 5,000-character word without spaces, made of counting digits (never repeats itself)."""
    return "".join(str(n) for n in range(2000))[:5000]


def lines_value() -> str:
    return "\n".join(f"line {n}" for n in range(400))


VALUES = {"words": words_value(), "long word": long_word_value(), "400 lines": lines_value()}


def full_record() -> tuple[PlanRecord, ClinicDetails]:
    """The rich sample plan with a team contact, a carer's phone and the action plan item."""
    record = rich_record()
    action = Intervention(
        kind=Kind.ADVICE,
        title="Dystonia action plan",
        instructions="Printed on its own page.",
        audiences=frozenset(AUDIENCES),
        catalog_code=ACTION_PLAN_CODE,
    )
    plan = record.plan.replace(
        category=Category.DYSTONIC_CP,
        interventions=(*record.plan.interventions, action),
        contacts=(Contact(role="Neurology team", phone="0161 555 0199", name="Dr Ada Neuro"),),
    )
    patient = dataclasses.replace(record.patient, carers=(Carer("Leila Okafor", "mother", "07700 900456"),))
    return dataclasses.replace(record, plan=plan, patient=patient), CLINIC


def text_paths(value: Any, path: Path = ()) -> Iterator[Path]:
    """The path of every text field under ``value`` (dataclasses and tuples)."""
    if value is None or isinstance(value, (enum.Enum, Photo)):
        return
    if isinstance(value, str):
        yield path
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from text_paths(item, (*path, index))
    elif dataclasses.is_dataclass(value):
        for field in dataclasses.fields(value):
            if field.name != "media_type":
                yield from text_paths(getattr(value, field.name), (*path, field.name))


def replaced(value: Any, path: Path, new: str) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(head, int):
        items = list(value)
        items[head] = replaced(items[head], rest, new)
        return tuple(items)
    return dataclasses.replace(value, **{head: replaced(getattr(value, head), rest, new)})


#: Internal codes, printed on no handout (the clinician summary says "Clinical library" instead).
NOT_PRINTED = frozenset({"catalog_code", "code"})


def field_cases() -> list[Path]:
    """Every printed text field of the sample, one item of each kind (items of a kind print alike)."""
    record, clinic = full_record()
    seen: set[tuple[Any, ...]] = set()
    cases: list[Path] = []
    for path in [("record", *p) for p in text_paths(record)] + [("clinic", *p) for p in text_paths(clinic)]:
        if path[-1] in NOT_PRINTED:
            continue
        key: tuple[Any, ...] = tuple("#" if isinstance(p, int) else p for p in path)
        if path[:3] == ("record", "plan", "interventions"):
            item = record.plan.interventions[int(path[3])]
            key = (*key, item.kind, item.audiences)
        if key not in seen:
            seen.add(key)
            cases.append(path)
    return cases


CASES = field_cases()
CAUTION_PATHS: list[Path] = [("caution", "text"), ("caution", "family_text"), ("caution", "item_title")]


def render_with(path: Path, value: str, audience: Audience, **options: Any) -> bytes:
    record, clinic = full_record()
    caution = AppliedCaution("Chin tuck", "Stop if it brings on neck spasm.", 0, None, "Stop if the neck pulls.")
    if path[0] == "record":
        record = replaced(record, path[1:], value)
    elif path[0] == "clinic":
        clinic = replaced(clinic, path[1:], value)
    else:
        caution = replaced(caution, path[1:], value)
    library = load_library()
    assert library.action_plan is not None
    action_plan = None
    if audience is not Audience.CLINICIAN:
        action_plan = personal_action_plan(
            library.action_plan, record.plan, record.patient, clinic, for_family=audience is Audience.FAMILY
        )
    return render_handout(
        record, audience, clinic, cautions=(caution,), action_plan=action_plan, generated_on=TODAY, **options
    )


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pieces_in_order(value: str, printed: str) -> int | None:
    """In how many pieces ``value`` is found in ``printed``, in order (None: some of it is missing).

    A value printed across pages is cut by the page's header and footer, and by a table
    header repeated on the next page; each such cut adds a piece, nothing else may.
    """
    want, text = squash(value), squash(printed)
    start, at, pieces = 0, 0, 0
    while start < len(want):
        low, high = 0, len(want) - start  # the longest next piece found at or after ``at``
        while low < high:
            middle = (low + high + 1) // 2
            if text.find(want[start : start + middle], at) >= 0:
                low = middle
            else:
                high = middle - 1
        if low == 0:
            return None
        at = text.find(want[start : start + low], at) + low
        start += low
        pieces += 1
    return pieces


def assert_printed_whole(pdf: bytes, value: str) -> bool:
    """True when the handout prints ``value`` (then whole and in order); False when it leaves it out."""
    printed = all_text(pdf)
    # The start of the value, allowing one page break inside it (a long item may start near a page foot).
    head_pieces = pieces_in_order(squash(value)[:40], printed)
    if head_pieces is None or head_pieces > 2:
        return False
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    pieces = pieces_in_order(value, printed)
    assert pieces is not None, "part of the text is missing from the handout"
    assert pieces <= 4 * pages + 2, f"the text is scattered in {pieces} pieces over {pages} pages"
    return True


def as_printed(path: Path, value: str) -> str:
    """The value as the handout words it: the letterhead puts the clinic's address on one line."""
    if path == ("clinic", "address"):
        return ", ".join(line.strip() for line in value.splitlines() if line.strip())
    return value


def case_id(path: Path) -> str:
    return ".".join(str(p) for p in path[1:]) or str(path[0])


@pytest.mark.parametrize("kind", list(VALUES))
@pytest.mark.parametrize("path", CASES + CAUTION_PATHS, ids=case_id)
def test_any_field_of_any_length_prints_whole_in_every_handout(path: Path, kind: str) -> None:
    value = VALUES[kind]
    printed = as_printed(path, value)
    printed_in = [a for a in AUDIENCES if assert_printed_whole(render_with(path, value, a), printed)]
    assert printed_in, "printed on no handout"


@pytest.mark.parametrize(
    "options",
    [{"large_print": True}, {"paper": "Letter"}, {"large_print": True, "paper": "Letter"}],
    ids=["large", "letter", "large-letter"],
)
@pytest.mark.parametrize(
    ("path", "audience"),
    [
        (("record", "patient", "given_name"), Audience.FAMILY),
        (("record", "plan", "goals", 0, "text"), Audience.FAMILY),
        (("record", "plan", "therapist", "name"), Audience.FAMILY),
        (("record", "plan", "contacts", 0, "phone"), Audience.FAMILY),
        (("record", "plan", "interventions", 3, "wear_schedule"), Audience.FAMILY),
        (("record", "patient", "given_name"), Audience.SCHOOL),
        (("record", "patient", "carers", 0, "name"), Audience.SCHOOL),  # the family's copy does not list them
        (("record", "plan", "therapist", "role"), Audience.SCHOOL),
        (("record", "plan", "interventions", 1, "title"), Audience.SCHOOL),
    ],
    ids=lambda value: value.value if isinstance(value, Audience) else case_id(value),
)
def test_large_print_and_letter_too(path: Path, audience: Audience, options: dict[str, Any]) -> None:
    for value in VALUES.values():
        assert assert_printed_whole(render_with(path, value, audience, **options), value)


def test_the_values_are_as_long_as_promised() -> None:
    assert 11_900 <= len(VALUES["words"]) <= 12_000
    assert len(VALUES["long word"]) == 5_000 and " " not in VALUES["long word"]
    assert VALUES["400 lines"].count("\n") == 399


def test_a_goal_of_twelve_thousand_characters_in_the_clinician_summary() -> None:
    """The reported crash: a goal over about 3,000 characters (a table row that could not split)."""
    value = words_value()
    pdf = render_with(("record", "plan", "goals", 0, "text"), value, Audience.CLINICIAN)
    assert assert_printed_whole(pdf, value)
    numbers = [int(n) for n in re.findall(r"w(\d+)ord", all_text(pdf))]
    expected = len(re.findall(r"w\d+ord", value))
    assert sorted(set(numbers)) == list(range(expected))


@pytest.mark.parametrize("audience", AUDIENCES)
def test_every_field_long_at_once_stays_inside_the_margins(audience: Audience, tmp_path: Any) -> None:
    """A plan whose fields are all long: rendered pages have ink only inside the page margins."""
    record, clinic = full_record()
    value = " ".join(f"long{n}" for n in range(300))
    for path in CASES:
        if path[0] == "record":
            record = replaced(record, path[1:], value + " " + long_word_value()[:600])
    pdf = render_handout(record, audience, clinic, generated_on=TODAY)
    dpi = 36
    strip = round(1.6 / 2.54 * dpi)
    pages = render_pages(pdf, tmp_path, dpi=dpi)
    assert len(pages) == len(PdfReader(io.BytesIO(pdf)).pages) > 20
    for number, (width, height, pixels) in enumerate(pages, start=1):
        rows = [pixels[y * width : (y + 1) * width] for y in range(height)]
        for y, row in enumerate(rows):
            assert min(row[:strip]) > 235, f"page {number}: ink in the left margin at row {y}"
            assert min(row[width - strip :]) > 235, f"page {number}: ink in the right margin at row {y}"
