"""The scales catalog (scales.toml): the shipped scales and movements, and broken entries refused
with a message naming the file, the entry and the field (and nothing loaded)."""

from __future__ import annotations

from pathlib import Path

import pytest

from careplan.catalog import CatalogError, default_directory, read_library
from careplan.core.assessments import ScaleScore
from careplan.core.enums import Category
from careplan.core.scales import Licence, TotalFrom
from tests.catalog.test_loader_errors import SOURCES, _swap, write

SCALES = "scales.toml"

SCALE = """
[[scale]]
code = "bads"
name = "Barry-Albright Dystonia Scale"
short_name = "BADS"
high = 8
total_from = "items"
licence = "public_domain"
licence_note = "Public domain."
categories = ["dystonic_cp"]
sources = ["bleton2010"]

[[scale.items]]
code = "neck"
name = "Neck"
high = 4
descriptors = ["none", "slight", "mild", "moderate", "severe"]

[[scale.items]]
code = "trunk"
name = "Trunk"
high = 4
descriptors = ["none", "slight", "mild", "moderate", "severe"]

[[scale]]
code = "twstrs"
name = "Toronto Western Spasmodic Torticollis Rating Scale"
short_name = "TWSTRS"
high = 50
total_from = "subscales"
licence = "unclear"
licence_note = "Totals only."
sources = ["bleton2010"]

[[scale.subscales]]
code = "severity"
name = "severity"
high = 30

[[scale.subscales]]
code = "pain"
name = "pain"
high = 20

[[movement]]
code = "hip_abduction"
label = "Hip abduction"
joint = "hip"
normal = [0, 45]
plausible = [-30, 90]
"""


def test_the_scales_load_into_core_types(tmp_path: Path) -> None:
    library = read_library(write(tmp_path, {SCALES: SCALE}))
    bads = library.scale("bads")
    assert bads is not None and bads.total_from is TotalFrom.ITEMS and bads.licence is Licence.PUBLIC_DOMAIN
    assert [item.code for item in bads.items] == ["neck", "trunk"]
    assert bads.items[0].descriptors[4] == "severe"
    assert [s.key for s in bads.sources] == ["bleton2010"]
    assert bads.suits(Category.DYSTONIC_CP) and not bads.suits(Category.CERVICAL)
    twstrs = library.scale("twstrs")
    assert twstrs is not None and [s.high for s in twstrs.subscales] == [30, 20]
    assert twstrs.suits(Category.HAND)  # no categories: suits every category
    movement = library.movement("hip_abduction")
    assert movement is not None and (movement.plausible_low, movement.plausible_high) == (-30, 90)
    assert movement.higher_is_better  # the default
    assert library.scale("tsui") is None and library.movement("neck_rotation") is None
    # A part of the library for one category still knows every scale.
    assert library.for_category(Category.CERVICAL).scales == library.scales
    assert library.with_own().movements == library.movements


def test_the_shipped_scales() -> None:
    library = read_library(default_directory())
    codes = [s.code for s in library.scales]
    assert codes == [
        "bads",
        "twstrs",
        "twstrs2",
        "bfmdrs_movement",
        "bfmdrs_disability",
        "tsui",
        "adds",
        "wcrs",
        "cdq24",
        "cdip58",
    ]
    bads = library.scale("bads")
    assert bads is not None and (bads.low, bads.high) == (0, 32)
    assert [i.code for i in bads.items] == [
        "eyes",
        "mouth",
        "neck",
        "trunk",
        "arm_left",
        "arm_right",
        "leg_left",
        "leg_right",
    ]
    assert all((i.low, i.high, len(i.descriptors)) == (0, 4, 5) for i in bads.items)
    assert bads.check(ScaleScore("bads", items=tuple((i.code, 4) for i in bads.items))).total == 32
    twstrs = library.scale("twstrs")
    assert twstrs is not None and {s.code: s.high for s in twstrs.subscales} == {
        "severity": 35,
        "disability": 30,
        "pain": 20,
    }
    ranges = {s.code: (s.low, s.high) for s in library.scales}
    assert ranges["bfmdrs_movement"] == (0, 120) and ranges["bfmdrs_disability"] == (0, 30)
    assert ranges["tsui"] == (0, 25) and ranges["wcrs"] == (0, 30) and ranges["adds"] == (0, 100)
    for scale in library.scales:
        assert scale.sources, scale.code
        assert scale.licence_note, scale.code
        if scale.licence is not Licence.PUBLIC_DOMAIN:
            assert not scale.items, f"{scale.code} is licensed: no item text may ship"
    adds = library.scale("adds")
    assert adds is not None and adds.higher_is_better and not adds.whole_numbers
    assert library.movement("hip_abduction") is not None and library.movement("ankle_dorsiflexion") is not None
    for movement in library.movements:
        assert movement.plausible_low <= movement.normal_low < movement.normal_high <= movement.plausible_high
    lower_is_better = [m.code for m in library.movements if not m.higher_is_better]
    assert lower_is_better == ["popliteal_angle"]


@pytest.mark.parametrize(
    ("text", "entry", "field", "message"),
    [
        (
            _swap(SCALE, 'licence = "unclear"', 'licence = "free"'),
            "entry 'twstrs'",
            "licence",
            "must be one of 'public_domain', 'permission' or 'unclear' (got 'free')",
        ),
        (
            _swap(SCALE, 'licence = "public_domain"', 'licence = "permission"'),
            "entry 'bads'",
            "items",
            "only a public-domain scale may ship its items; record the total of a licensed one",
        ),
        (
            _swap(SCALE, "high = 8", "high = 10"),
            "entry 'bads'",
            "high",
            "the total's range must be the sum of the items' ranges, 0-8 (got 0-10)",
        ),
        (
            _swap(SCALE, "high = 50", "high = 55"),
            "entry 'twstrs'",
            "high",
            "the total's range must be the sum of the subscales' ranges, 0-50 (got 0-55)",
        ),
        (
            SCALE.replace(
                'descriptors = ["none", "slight", "mild", "moderate", "severe"]', 'descriptors = ["none", "some"]', 1
            ),
            "entry 'bads'",
            "items[1].descriptors",
            "give one descriptor for each score 0-4 (5, got 2)",
        ),
        (
            SCALE.replace('code = "trunk"', 'code = "neck"'),
            "entry 'bads'",
            "items[2].code",
            "'neck' is used twice in this scale",
        ),
        (
            _swap(SCALE, 'code = "bads"', 'code = "BADS scale"'),
            "entry 'BADS scale'",
            "code",
            "must be lowercase letters, digits and underscores, such as 'neck_rotation' (got 'BADS scale')",
        ),
        (
            _swap(SCALE, 'sources = ["bleton2010"]\n\n[[scale.items]]', 'sources = ["nobody2020"]\n\n[[scale.items]]'),
            "entry 'bads'",
            "sources[1]",
            "no [[source]] table has the key 'nobody2020'",
        ),
        (
            _swap(SCALE, "plausible = [-30, 90]", "plausible = [10, 90]"),
            "entry 'hip_abduction'",
            None,
            "the plausible range 10 to 90 must hold the normal range 0 to 45",
        ),
        (
            _swap(SCALE, "plausible = [-30, 90]", 'plausible = [-30, 90]\nhigher_is_better = "no"'),
            "entry 'hip_abduction'",
            "higher_is_better",
            "must be true or false (got 'no')",
        ),
        (
            _swap(SCALE, "normal = [0, 45]", "normal = [0, 45, 90]"),
            "entry 'hip_abduction'",
            "normal",
            "List should have at most 2 items after validation, not 3",
        ),
        (
            _swap(SCALE, 'short_name = "TWSTRS"', 'short_name = "TWSTRS"\nitem_text = "Rotation"'),
            "entry 'twstrs'",
            "item_text",
            "is not a field the library knows (check the spelling)",
        ),
        (
            SCALE + '\n[[movement]]\ncode = "hip_abduction"\nlabel = "Again"\njoint = "hip"\n'
            "normal = [0, 45]\nplausible = [-30, 90]\n",
            "entry 'hip_abduction'",
            "code",
            "the movement 'hip_abduction' is listed more than once (also in scales.toml)",
        ),
    ],
)
def test_a_broken_scale_is_refused_naming_file_entry_and_field(
    tmp_path: Path, text: str, entry: str, field: str | None, message: str
) -> None:
    with pytest.raises(CatalogError) as raised:
        read_library(write(tmp_path, {SCALES: text}))
    problems = [(p.file, p.entry, p.field, p.message) for p in raised.value.problems]
    assert (SCALES, entry, field, message) in problems, problems


def test_sources_stay_shared_with_the_rest_of_the_library(tmp_path: Path) -> None:
    """A scale cites the same [[source]] tables as the interventions (one list of works)."""
    library = read_library(write(tmp_path, {SCALES: SCALE, "sources.toml": SOURCES}))
    bads = library.scale("bads")
    assert bads is not None and bads.sources[0] is library.source("bleton2010")
