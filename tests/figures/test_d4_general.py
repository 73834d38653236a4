"""d4's drawings (resources/figures/general.toml) and what they added to the model: a start pose that keeps
one joint put (``anchor``), props placed under the start, props painted over the person, the new equipment."""

from __future__ import annotations

from pathlib import Path

import pytest

from careplan.catalog.loader import load_library
from careplan.figures import FIGURES_DIR, load_figures
from careplan.figures.body import LEG_W, skeleton
from careplan.figures.drawing import compose, place_for
from careplan.figures.library import Figure, FigureEntry, FigureError, from_entry
from careplan.figures.pose import JOINTS, Pose
from careplan.figures.primitives import Ellipse, Stroke, bounds
from careplan.figures.props import PROPS

#: The library entries d4 draws: every one must have its drawing in general.toml.
OWNED = [
    "general.walking_level",
    "general.water_exercise",
    "general.static_bike",
    "general.gentle_yoga",
    "general.relaxation",
    "general.light_strength",
    "general.range_routine",
    "general.sit_to_stand",
    "general.standing_at_table",
    "general.stepping",
    "general.weight_shift",
    "general.bridging",
    "general.four_point_reach",
    "general.tall_sitting",
    "general.sitting_balance",
    "general.front_lying",
    "general.two_hand_play",
    "general.calf_lengthening",
    "general.moving_to_music",
    "general.self_range_routine",
    "general.recumbent_bike",
    "general.chair_yoga",
    "general.supported_sit_to_stand",
    "general.step_ups",
    "general.ball_sitting",
    "general.seated_reach",
    "general.standing_balance",
    "general.treadmill_walking",
    "general.breathing_games",
    "general.adult_fitness_circuit",
    "general.tall_kneeling",
    "adult.fitness_exercise",
    "adult.strength_for_fitness",
]

FIGURES = load_figures(FIGURES_DIR)

SIT_TO_STAND = {
    "code": "general.sit_to_stand",
    "description": "From sitting to standing.",
    "view": "side",
    "anchor": "ankle_right",
    "props": [{"kind": "chair", "start": True}],
    "start": {"hip": {"bend": 90}, "knee": {"bend": 90}},
}


def _figure(**fields: object) -> Figure:
    return from_entry(FigureEntry.model_validate(SIT_TO_STAND | fields), "general.toml")


def test_every_general_and_adult_exercise_d4_owns_has_its_drawing_in_general_toml() -> None:
    missing = [code for code in OWNED if code not in FIGURES]
    assert not missing, missing
    assert {FIGURES[code].source for code in OWNED} == {"general.toml"}
    library = {entry.code: entry for entry in load_library().interventions}
    assert all(code in library for code in OWNED)


def test_the_start_of_a_sit_to_stand_keeps_its_feet_where_the_standing_feet_are() -> None:
    fig = _figure()
    end, start = place_for(fig.pose, "side"), place_for(fig.start, "side")  # type: ignore[arg-type]
    # Both pelvises at the same place: the seated start would float, its feet above the floor...
    assert start["ankle_right"][1] > end["ankle_right"][1] + 0.1
    # ...drawn with its anchor, the start's ghost stands on the end's floor.
    ghost = [s for s in compose(fig, "left") if isinstance(s, Stroke) and s.role == "ghost"]
    lowest_ghost = min(y for s in ghost for _, y in s.points)
    lowest_end = min(y for _, y in end.joints.values())
    assert abs(lowest_ghost - lowest_end) < 0.02


def test_without_an_anchor_the_start_is_drawn_from_the_same_pelvis_as_before() -> None:
    fig = _figure(anchor="pelvis")
    ghost_heads = [s for s in compose(fig, "left") if isinstance(s, Ellipse) and s.role == "ghost_head"]
    assert not ghost_heads  # the head did not move relative to the pelvis: not drawn twice
    chin_nod = FIGURES["neck.chin_nod_sitting"]
    assert chin_nod.anchor == "pelvis"


def test_a_prop_marked_start_stands_under_the_start_pose() -> None:
    def seat_top(fig: Figure) -> float:
        shapes = [s for s in compose(fig, "left") if isinstance(s, Stroke) and s.role == "prop"]
        return bounds(shapes[2:3])[3]  # the chair's seat (side view: back leg, front leg, seat, back)

    under_start = seat_top(_figure())
    under_end = seat_top(_figure(props=[{"kind": "chair"}]))
    shift = skeleton(_figure().pose).joints["ankle_right"][1] - skeleton(_figure().start).joints["ankle_right"][1]  # type: ignore[arg-type]
    assert under_start == pytest.approx(under_end + shift, abs=1e-6)
    assert under_start < under_end


def test_an_unknown_anchor_is_named_with_file_entry_and_field(tmp_path: Path) -> None:
    folder = tmp_path / "figures"
    folder.mkdir()
    (folder / "general.toml").write_text(
        '[[figure]]\ncode = "general.sit_to_stand"\ndescription = "From sitting to standing."\nanchor = "foot"\n'
        "start = { knee = { bend = 90 } }\n",
        encoding="utf-8",
    )
    with pytest.raises(FigureError) as caught:
        load_figures(folder)
    assert str(caught.value).startswith("general.toml: general.sit_to_stand: anchor: unknown joint 'foot'")


def test_the_water_line_is_painted_over_the_person_and_the_water_behind() -> None:
    shapes = compose(FIGURES["general.water_exercise"], "left")
    roles = [s.role for s in shapes]
    head = roles.index("head")
    assert roles.index("prop_front") > head  # the surface crosses the body
    water = next(i for i, s in enumerate(shapes) if isinstance(s, Stroke) and s.fill == "#cfe8f7")
    assert water < head


STEP_UP = Pose({"hip_right": {"bend": 50}, "knee_right": {"bend": 70}, "ankle_right": {"bend": 20}})
CYCLING = Pose(
    {"hip_left": {"bend": 45}, "knee_left": {"bend": 25}, "hip_right": {"bend": 90}, "knee_right": {"bend": 100}}
)


def test_a_step_is_under_the_raised_foot_and_reaches_the_floor() -> None:
    place = place_for(STEP_UP, "side")
    x0, y0, x1, y1 = bounds(PROPS["step"]("side", place))
    fx, fy = place["ankle_right"]
    assert x0 < fx < x1 and y1 == pytest.approx(fy, abs=LEG_W)
    assert y0 <= place.floor + 0.01 and y1 < place["ankle_right"][1]


def test_an_exercise_bike_has_its_crank_between_the_feet_and_its_saddle_under_the_pelvis() -> None:
    place = place_for(CYCLING, "side")
    shapes = PROPS["exercise_bike"]("side", place)
    (ax, ay), (bx, by) = place["ankle_left"], place["ankle_right"]
    crank = next(s for s in shapes if isinstance(s, Ellipse) and s.rx == pytest.approx(0.07))
    assert crank.centre == pytest.approx(((ax + bx) / 2, (ay + by) / 2))
    saddle = shapes[6]
    assert isinstance(saddle, Stroke) and saddle.closed
    xs = [x for x, _ in saddle.points]
    assert min(xs) < place["pelvis"][0] < max(xs)
    assert max(y for _, y in saddle.points) < place["pelvis"][1]


def test_a_wall_ahead_stands_in_front_of_the_hands() -> None:
    reaching = Pose({"shoulder_left": {"raise": 85}, "shoulder_right": {"raise": 85}})
    place = place_for(reaching, "side")
    x0, _, _, _ = bounds(PROPS["wall_ahead"]("side", place))
    assert x0 > place["hand_right"][0] > place["pelvis"][0]


@pytest.mark.parametrize("code", ["general.sit_to_stand", "general.supported_sit_to_stand"])
def test_the_sit_to_stand_drawings_start_seated_on_a_chair_under_the_grey_start(code: str) -> None:
    fig = FIGURES[code]
    assert fig.start is not None and fig.anchor == "ankle_right"
    assert fig.start.get("hip_left", "bend") >= 75 and fig.pose.get("hip_left", "bend") < 20
    chair = next(p for p in fig.props if p.kind == "chair")
    assert chair.start


#: Words in a caution that warn against twisting, end of range or force (the drawing must not show them).
GENTLE = ("end-range", "twist", "rotation", "forceful", "stretch")


def test_where_the_words_warn_of_twisting_or_end_of_range_the_head_and_trunk_stay_well_inside_their_range() -> None:
    library = {entry.code: entry for entry in load_library().interventions}
    checked = 0
    for code in OWNED:
        cautions = " ".join(c.text.lower() for c in library[code].cautions)
        if not any(word in cautions for word in GENTLE):
            continue
        fig = FIGURES[code]
        for pose in (fig.pose, fig.start or fig.pose):
            assert pose.get("trunk", "turn") == 0 and pose.get("head", "turn") == 0, code
            for joint in ("head", "trunk"):
                for move, (low, high) in JOINTS[joint].items():
                    assert low / 2 <= pose.get(joint, move) <= high / 2, (code, joint, move)
        checked += 1
    assert checked >= 6  # yoga on a chair and on a mat, the range routines, tall sitting, calf, fitness
