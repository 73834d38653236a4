"""d5's drawings and model additions: positioning entries, the jaw's face close-up, worn props, seats.

Covers careplan.figures.body (``face``, the jaw), careplan.figures.props (the d5 section) and
careplan.figures.drawing (props worn in front); the ``positioning`` flag of advice entries
(careplan.catalog.schema, careplan.core.library) and that every positioning entry has a drawing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from careplan.catalog import load_library
from careplan.catalog.schema import InterventionEntry, kind_problems
from careplan.core.enums import Kind
from careplan.figures import FIGURES_DIR, load_figures, render
from careplan.figures.body import face, face_points, figure
from careplan.figures.drawing import compose, place_for
from careplan.figures.library import Figure, FigureEntry, FigureError, from_entry
from careplan.figures.pose import Pose
from careplan.figures.primitives import Ellipse, Stroke, bounds
from careplan.figures.props import FACE_PROPS, IN_FRONT, PROPS

FIGURES = load_figures(FIGURES_DIR)
LIBRARY = load_library()

#: The entries d5 draws (issue 14): children's and toxin-cycle exercises, jaw exercises, positioning
#: advice, equipment and orthoses.
OWN = [
    "child.active_play",
    "child.obstacle_course",
    "child.walker_stepping",
    "child.supported_sitting_reach",
    "child.bubble_breathing",
    "child.strength_games",
    "child.gentle_range_after_bath",
    "child.side_lying_play",
    "child.standing_hips_apart",
    "toxin.early_supported_holds",
    "toxin.peak_retraining_block",
    "toxin.peak_hand_task_practice",
    "jaw.rest_position",
    "jaw.touch_trick",
    "jaw.slow_opening",
    "jaw.slow_closing",
    "jaw.soft_bite_talk",
    "home.positions_through_the_day",
    "home.lying_at_night",
    "home.neck_sleep",
    "child.day_and_night_positions",
    "child.sleep_system_safety",
    "child.eating_upright",
    "school.sitting_in_class",
    "child.toileting_and_care",
    "equipment.prone_stander",
    "equipment.supine_stander",
    "equipment.upright_stander",
    "equipment.posterior_walker",
    "equipment.gait_trainer",
    "equipment.specialist_seating",
    "equipment.tilt_in_space",
    "equipment.sleep_system",
    "equipment.side_lyer",
    "equipment.manual_wheelchair",
    "orthosis.afo",
    "orthosis.night_afo",
    "orthosis.hip_abduction_brace",
    "equipment.classroom_chair",
    "equipment.high_back_chair",
    "equipment.floor_sitter",
    "orthosis.head_support",
    "orthosis.smo",
    "orthosis.kafo",
    "orthosis.elbow_splint",
    "orthosis.spinal_brace",
    "orthosis.lycra_suit",
]

#: Advice whose main message is a body position (see the notes for why each, and why not the others).
POSITIONING = {
    "home.positions_through_the_day",
    "home.lying_at_night",
    "home.neck_sleep",
    "child.day_and_night_positions",
    "child.sleep_system_safety",
    "child.eating_upright",
    "child.toileting_and_care",
    "school.sitting_in_class",
}


def _entry(**fields: object) -> Figure:
    base: dict[str, object] = {"code": "jaw.slow_opening", "description": "A face close-up, the mouth opening."}
    return from_entry(FigureEntry.model_validate(base | fields), "test.toml")


@pytest.mark.parametrize("code", OWN)
def test_every_entry_d5_draws_has_a_drawing_of_a_library_entry(code: str) -> None:
    assert code in FIGURES, f"{code} has no drawing"
    assert code in {e.code for e in LIBRARY.interventions}, f"{code} is not a library entry"


def test_the_positioning_advice_is_flagged_and_only_advice_is() -> None:
    flagged = {e.code for e in LIBRARY.interventions if e.positioning}
    assert flagged == POSITIONING
    assert all(e.kind is Kind.ADVICE for e in LIBRARY.interventions if e.positioning)


def test_every_positioning_entry_has_a_drawing() -> None:
    missing = sorted(e.code for e in LIBRARY.interventions if e.positioning and e.code not in FIGURES)
    assert missing == []


def test_positioning_on_an_entry_that_is_not_advice_is_refused_with_the_reason() -> None:
    raw = {
        "code": "child.walker_stepping",
        "kind": "exercise",
        "title": "Stepping",
        "instructions": "Step to the toy.",
        "categories": ["dystonic_cp"],
        "sources": ["nice_ng62"],
        "dosage": {"minutes": 10},
        "positioning": True,
    }
    assert ("positioning", "only used for advice (this entry is an exercise)") in kind_problems(
        InterventionEntry.model_validate(raw)
    )
    advice = raw | {"kind": "advice", "setting": "home", "dosage": None}
    assert kind_problems(InterventionEntry.model_validate(advice)) == []
    assert InterventionEntry.model_validate(advice | {"positioning": None}).positioning is None


def test_an_opening_jaw_opens_the_mouth_and_drops_the_chin() -> None:
    closed, opened = Pose(), Pose({"jaw": {"open": 24}})
    shut_mouth, open_mouth = (next(s for s in face(pose) if s.role == "mouth") for pose in (closed, opened))
    assert isinstance(shut_mouth, Stroke) and isinstance(open_mouth, Ellipse)
    assert face_points(opened)["chin"][1] < face_points(closed)["chin"][1]
    shut_low, open_low = (bounds([s for s in face(pose) if s.role == "head"])[1] for pose in (closed, opened))
    assert open_low < shut_low
    # The whole figure opens its mouth too (seen from the front).
    roles = {type(s) for s in figure(opened, "front") if getattr(s, "role", "") == "mouth"}
    assert roles == {Ellipse}


def test_a_jaw_opened_too_far_is_named_with_its_range(tmp_path: Path) -> None:
    folder = tmp_path / "figures"
    folder.mkdir()
    (folder / "jaw.toml").write_text(
        '[[figure]]\ncode = "jaw.slow_opening"\ndescription = "A face close-up."\nview = "face"\n'
        "pose = { jaw = { open = 45 } }\n",
        encoding="utf-8",
    )
    with pytest.raises(FigureError) as caught:
        load_figures(folder)
    assert str(caught.value) == (
        "jaw.toml: jaw.slow_opening: pose.jaw.open: 45 degrees is out of range; it must be from 0 to 30"
    )


def test_face_props_go_only_on_a_face_close_up_and_body_props_not_on_it(tmp_path: Path) -> None:
    folder = tmp_path / "figures"
    folder.mkdir()
    (folder / "jaw.toml").write_text(
        '[[figure]]\ncode = "jaw.touch_trick"\ndescription = "Standing, a finger on the chin."\nview = "front"\n'
        'props = [{ kind = "finger_on_chin" }]\n'
        '[[figure]]\ncode = "jaw.slow_opening"\ndescription = "A face close-up in a chair."\nview = "face"\n'
        'props = [{ kind = "chair" }]\n',
        encoding="utf-8",
    )
    with pytest.raises(FigureError) as caught:
        load_figures(folder)
    assert str(caught.value).splitlines() == [
        "jaw.toml: jaw.touch_trick: props[1].kind: 'finger_on_chin' goes only on a face close-up (view = \"face\")",
        "jaw.toml: jaw.slow_opening: props[1].kind: 'chair' does not go on a face close-up (view = \"face\")",
    ]


def test_a_face_close_up_is_drawn_with_its_marks_at_the_chin() -> None:
    fig = _entry(view="face", pose={"jaw": {"open": 20}}, marks=[{"kind": "arrow", "at": "chin", "angle": -90}])
    shapes = compose(fig, "left")
    arrow = next(s for s in shapes if s.role == "arrow")
    assert arrow.points[0] == face_points(fig.pose)["chin"]  # type: ignore[union-attr]
    assert render(fig).primitives  # fits into the box like any drawing


@pytest.mark.parametrize("kind", sorted(IN_FRONT - FACE_PROPS))
def test_worn_props_are_painted_over_the_legs(kind: str) -> None:
    fig = _entry(code="orthosis.afo", view="side", props=[{"kind": kind}], pose={"hip": {"out": 10}})
    shapes = compose(fig, "left")
    last_limb = max(i for i, s in enumerate(shapes) if s.role == "limb")
    first_prop = min(i for i, s in enumerate(shapes) if s.role == "prop")
    assert first_prop > last_limb


def test_a_chair_is_still_painted_behind_the_person() -> None:
    shapes = compose(_entry(code="x.y", view="side", props=[{"kind": "chair"}], pose={"hip": {"bend": 90}}), "left")
    last_prop = max(i for i, s in enumerate(shapes) if s.role == "prop")
    first_limb = min(i for i, s in enumerate(shapes) if s.role == "limb")
    assert last_prop < first_limb


def _backrest_lean(pose: Pose) -> float:
    """How far the seat's back leans back: its top's x minus its bottom's x (side view, facing right)."""
    shapes = PROPS["tilt_seat"]("side", place_for(pose, "side"))
    thick = [s for s in shapes if isinstance(s, Stroke) and s.colour != "#1f2933" and len(s.points) == 2]
    back = thick[-1]  # the backrest, after the seat
    (x0, _), (x1, _) = back.points
    return x0 - x1


def test_a_tilt_in_space_seat_tilts_with_the_person() -> None:
    sitting = {
        "hip_left": {"bend": 90},
        "hip_right": {"bend": 90},
        "knee_left": {"bend": 90},
        "knee_right": {"bend": 90},
    }
    upright = _backrest_lean(Pose(sitting))
    tilted = _backrest_lean(Pose(sitting | {"body": {"pitch": 25}}))
    assert abs(upright) < 0.02
    assert tilted > 0.1


def test_the_sleep_systems_knee_pad_lies_between_the_knees() -> None:
    lying = Pose({"body": {"pitch": 90}, "hip_left": {"out": 6}, "hip_right": {"out": 6}})
    place = place_for(lying, "above")
    pads = [s for s in PROPS["sleep_system"]("above", place) if isinstance(s, Stroke) and s.fill == "#cbd2d9"]
    knees = sorted(place[f"knee_{s}"][0] for s in ("left", "right"))
    between = [p for p in pads if knees[0] < min(x for x, _ in p.points) < max(x for x, _ in p.points) < knees[1]]
    assert len(between) == 1
    # The side blocks lie outside the shoulders.
    outside = [p for p in pads if p not in between]
    shoulders = sorted(place[f"shoulder_{s}"][0] for s in ("left", "right"))
    assert len(outside) == 2
    assert all(
        max(x for x, _ in p.points) < shoulders[0] or min(x for x, _ in p.points) > shoulders[1] for p in outside
    )


def test_a_sided_d5_drawing_turns_with_the_person() -> None:
    fig = FIGURES["toxin.early_supported_holds"]
    assert fig.moves_to == "left"
    assert render(fig, "right") != render(fig, "left")
