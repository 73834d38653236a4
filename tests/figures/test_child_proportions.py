"""Children drawn as children: a drawing's ``proportions`` (careplan.figures.body.BUILDS) gives the figure of
an entry only for children a young child's head, legs and trunk, measured here from the drawn shapes.

A parent noticed that the children's drawings showed a small adult. The child's head is about 1/5.2 of
the drawn height (the guides give 4 1/2 to 6 heads at five to seven years; the adult drawing is about
1/7) and the legs a smaller part of it; furniture sized to the body fits the smaller body.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from careplan.catalog import load_library
from careplan.core import resources
from careplan.core.enums import AgeGroup
from careplan.figures import FIGURES_DIR, load_figures, primitives, render
from careplan.figures.body import ADULT, BUILDS, CHILD, HEAD_R, THIGH
from careplan.figures.drawing import compose
from careplan.figures.library import Figure, FigureEntry, FigureError, from_entry
from careplan.figures.primitives import Drawing, Ellipse, Stroke, Text
from careplan.figures.shipped import load_shipped_figures
from tests.figures.test_ra_review import _box, _segment_to_box
from tests.figures.test_rb_review import _crossed

FIGURES = load_figures(FIGURES_DIR)
LIBRARY = load_library()
#: Entries written only for children (``ages = ["child"]`` in resources/catalog).
CHILD_ONLY = sorted(e.code for e in LIBRARY.interventions if set(e.ages) == {AgeGroup.CHILD} and e.code in FIGURES)
CHILD_DRAWN = sorted(code for code, fig in FIGURES.items() if fig.proportions == "child")


def _standing(proportions: str) -> Drawing:
    """A person standing straight, seen from the front, drawn through the loader like a clinic's entry."""
    entry = FigureEntry.model_validate(
        {"code": "test.standing", "description": "Standing straight.", "view": "front", "proportions": proportions}
    )
    return render(from_entry(entry, "test.toml"))


def _ratios(drawing: Drawing) -> tuple[float, float]:
    """(head height, floor-to-hip height) as parts of the whole drawn height: top of the head to the soles."""
    head = next(p for p in drawing.primitives if isinstance(p, Ellipse) and p.role == "head")
    limbs = [p for p in drawing.primitives if isinstance(p, Stroke) and p.role == "limb"]
    legs = [p for p in limbs if len(p.points) == 3]  # hip, knee, ankle (arms have four points, feet two)
    assert len(legs) == 2
    top = head.centre[1] + head.ry
    bottom = min(y - p.width / 2 for p in limbs for _, y in p.points)
    height = top - bottom
    hip = max(p.points[0][1] for p in legs)
    return 2 * head.ry / height, (hip - bottom) / height


def test_a_childs_head_is_about_a_fifth_of_the_drawn_height_an_adults_about_a_seventh() -> None:
    child, _ = _ratios(_standing("child"))
    adult, _ = _ratios(_standing("adult"))
    assert 1 / 6 <= child <= 1 / 4.5, f"child head {1 / child:.2f} heads tall"
    assert 1 / 7.5 <= adult <= 1 / 6.5, f"adult head {1 / adult:.2f} heads tall"
    assert child > adult * 1.25


def test_a_childs_legs_are_a_smaller_part_of_the_drawn_height_than_an_adults() -> None:
    _, child = _ratios(_standing("child"))
    _, adult = _ratios(_standing("adult"))
    assert 0.45 <= child <= 0.49, child
    assert adult > 0.5, adult
    assert adult - child >= 0.025


def test_a_child_is_shorter_in_trunk_and_limbs_with_an_adult_sized_head() -> None:
    for length in ("neck", "trunk", "upper_arm", "forearm", "hand", "thigh", "shank", "foot"):
        assert getattr(CHILD, length) < getattr(ADULT, length), length
    assert CHILD.head_r >= HEAD_R
    assert BUILDS == {"adult": ADULT, "child": CHILD}


def test_leaving_proportions_out_draws_the_adult() -> None:
    entry = FigureEntry.model_validate({"code": "test.standing", "description": "Standing straight."})
    assert entry.proportions == "adult"
    assert render(from_entry(entry, "test.toml")) == _standing("adult")


def test_an_unknown_proportions_value_stops_loading_naming_file_entry_and_field(tmp_path: Path) -> None:
    folder = tmp_path / "figures"
    folder.mkdir()
    (folder / "positions.toml").write_text(
        '[[figure]]\ncode = "child.active_play"\ndescription = "A child running for fun."\nproportions = "teen"\n'
        '[[figure]]\ncode = "child.strength_games"\ndescription = "A bridge on the mat."\nproportions = "child"\n',
        encoding="utf-8",
    )
    with pytest.raises(FigureError) as caught:
        load_figures(folder)
    message = str(caught.value)
    assert message.startswith("positions.toml: child.active_play: proportions: ")
    assert "'adult' or 'child'" in message
    assert "strength_games" not in message  # the good entry is fine; nothing is loaded all the same


def test_every_drawing_of_an_entry_only_for_children_draws_a_child_and_only_those() -> None:
    assert len(CHILD_ONLY) >= 19
    assert all(code in CHILD_ONLY for code in FIGURES if code.startswith("child."))
    assert CHILD_DRAWN == CHILD_ONLY


@pytest.mark.parametrize("code", CHILD_ONLY)
def test_a_child_drawing_differs_from_the_same_drawing_with_an_adult(code: str) -> None:
    fig = FIGURES[code]
    as_adult = Figure(**{**{f: getattr(fig, f) for f in fig.__slots__}, "proportions": "adult"})  # type: ignore[arg-type]
    assert compose(fig, "left") != compose(as_adult, "left")


def _sides(fig: Figure) -> list[str | None]:
    return [None] if fig.moves_to == "none" else ["left", "right"]


@pytest.mark.parametrize("code", CHILD_ONLY)
def test_a_child_drawings_labels_are_in_the_box_and_clear_of_the_child_and_the_arrows(
    code: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The review checks of both reviewed sets (ra: labels off the limbs and inside the box without being
    pushed; rb: labels clear of the head, trunk, limbs and arrows), on every child drawing and side."""
    monkeypatch.setattr(primitives, "_inside", lambda text, aspect: text)
    for side in _sides(FIGURES[code]):
        drawing = render(FIGURES[code], side)  # type: ignore[arg-type]
        limbs = [p for p in drawing.primitives if isinstance(p, Stroke) and p.role == "limb"]
        for text in (p for p in drawing.primitives if isinstance(p, Text)):
            x0, y0, x1, y1 = _box(text)
            assert x0 >= 0 and x1 <= 1 and y0 >= 0 and y1 <= 1, f"{code} ({side}): {text.text!r} sticks out"
            assert _crossed(drawing, text) is None, f"{code} ({side}): {text.text!r} crosses the person"
            for limb in limbs:
                for a, b in zip(limb.points, limb.points[1:], strict=False):
                    assert _segment_to_box(a, b, _box(text)) > limb.width / 2, f"{code}: {text.text!r} on a limb"


@pytest.mark.parametrize("code", CHILD_ONLY)
def test_a_child_drawing_stays_inside_its_box(code: str) -> None:
    for side in _sides(FIGURES[code]):
        drawing = render(FIGURES[code], side)  # type: ignore[arg-type]
        for shape in drawing.primitives:
            points = shape.points if isinstance(shape, Stroke) else ()
            assert all(-0.01 <= x <= 1.01 and -0.01 <= y <= 1.01 for x, y in points), f"{code} ({side})"


@pytest.mark.parametrize(
    ("code", "kind", "seat"), [("general.breathing_games", "chair", 2), ("child.toileting_and_care", "toilet", 0)]
)
def test_a_childs_seat_ends_behind_the_knees_and_an_adults_is_as_before(code: str, kind: str, seat: int) -> None:
    """The chair and the toilet seat are sized to the body: under a child they no longer reach past the knees;
    under an adult in the same pose they are the size they always were."""
    from careplan.figures.drawing import place_for
    from careplan.figures.props import PROPS

    fig = FIGURES[code]
    place = place_for(fig.pose, "side", build=CHILD)
    assert place.size == pytest.approx(CHILD.thigh / THIGH)
    child_seat = PROPS[kind]("side", place)[seat]
    assert isinstance(child_seat, Stroke)
    assert max(x for x, _ in child_seat.points) < place["knee_right"][0]
    adult = place_for(fig.pose, "side")
    assert adult.size == 1.0
    adult_seat = PROPS[kind]("side", adult)[seat]
    assert isinstance(adult_seat, Stroke)
    assert max(x for x, _ in adult_seat.points) == pytest.approx(
        adult["pelvis"][0] + {"chair": 0.2, "toilet": 0.17}[kind]
    )


def test_a_childs_walker_is_smaller_and_its_handles_stay_at_the_hands() -> None:
    from careplan.figures.drawing import place_for
    from careplan.figures.props import posterior_walker

    fig = FIGURES["child.walker_stepping"]
    child, adult = place_for(fig.pose, "side", build=CHILD), place_for(fig.pose, "side")
    for place, depth in ((child, 0.34 * CHILD.thigh / THIGH), (adult, 0.34)):
        handle = posterior_walker("side", place)[0]
        assert isinstance(handle, Stroke)
        assert handle.points[0] == place["wrist_right"]
        assert handle.points[0][0] - handle.points[1][0] == pytest.approx(depth)


def test_the_seat_under_a_seated_child_meets_the_body() -> None:
    """Seats are placed from the pelvis: the seat's top lies just under the child's pelvis in every seated
    child drawing seen from the side."""
    for code in ("child.eating_upright", "child.toileting_and_care", "general.breathing_games"):
        fig = FIGURES[code]
        shapes = compose(fig, "left")
        pelvis_y = 0.0  # the pelvis is the origin of the drawing's body units
        props = [s for s in shapes if isinstance(s, Stroke) and s.role == "prop"]
        tops = [max(y for _, y in s.points) for s in props if min(y for _, y in s.points) < pelvis_y]
        assert any(-0.1 < top < pelvis_y for top in tops), code


def test_changing_a_drawings_proportions_makes_the_shipped_cache_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    figures = tmp_path / "resources" / "figures"
    shutil.copytree(resources.resource_path("figures"), figures)
    monkeypatch.setattr(resources, "RESOURCES_DIR", tmp_path / "resources")
    cached = load_shipped_figures(tmp_path / "cache")["child.active_play"]
    assert cached.drawing() == render(FIGURES["child.active_play"])
    positions = figures / "positions.toml"
    text = positions.read_text(encoding="utf-8")
    marker = 'code = "child.active_play"\ndescription = "A child running for fun, seen from the side, arms swinging: '
    assert marker in text
    start = text.index(marker)
    end = text.index('proportions = "child"\n', start) + len('proportions = "child"\n')
    positions.write_text(text[:start] + text[start:end].replace('"child"\n', '"adult"\n') + text[end:], "utf-8")
    adult = load_shipped_figures(tmp_path / "cache")["child.active_play"]
    assert adult.drawing() != cached.drawing()
    assert adult.drawing() == render(load_figures(figures)["child.active_play"])


@pytest.mark.parametrize(
    "close_up",
    ['view = "face"\n', "[figure.hand]\nbend = { index = 40 }\n", "[figure.foot]\nheel = 20\n"],
)
def test_child_proportions_on_a_close_up_are_refused_with_the_reason(tmp_path: Path, close_up: str) -> None:
    folder = tmp_path / "figures"
    folder.mkdir()
    (folder / "hand.toml").write_text(
        f'[[figure]]\ncode = "child.hand_play"\ndescription = "A child\'s hand at play."\nproportions = "child"\n'
        f"{close_up}",
        encoding="utf-8",
    )
    with pytest.raises(FigureError) as caught:
        load_figures(folder)
    assert str(caught.value) == (
        "hand.toml: child.hand_play: proportions: a hand, foot or face close-up is drawn alike for all ages;"
        " leave proportions out"
    )
