"""d2's drawings (issue 14): every neck, trunk and eyes entry d2 owns is drawn, and the movements and
props added for them (head.shift, shoulder.shrug; target, phone, light_pointer, balloon, counter) do
what their drawings need."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from careplan.catalog import load_library
from careplan.core.enums import Side
from careplan.export.figures import figure_side
from careplan.figures import FIGURES_DIR, load_figures, render
from careplan.figures.body import skeleton
from careplan.figures.drawing import place_for
from careplan.figures.library import FigureError
from careplan.figures.pose import Pose
from careplan.figures.primitives import ARROW, Ellipse, Stroke
from careplan.figures.props import AHEAD, PROPS

OWNED = [
    "neck.forward_shift_glide",
    "neck.head_on_neck_control",
    "neck.tall_neck_level_head",
    "neck.shoulder_drop_lying",
    "neck.shoulder_reach_down",
    "neck.tremor_head_rest",
    "neck.tremor_steady_gaze",
    "neck.knee_rolls_lying",
    "neck.arm_swing_sitting",
    "neck.ball_and_balloon",
    "neck.calm_arm_movements",
    "neck.sensory_trick_weaning",
    "neck.phone_camera_feedback",
    "neck.light_pointer_target",
    "neck.wall_target_hold",
    "neck.breathing_soft_shoulders",
    "neck.lengthen_turn",
    "neck.lengthen_side",
    "neck.lengthen_back",
    "neck.lengthen_front",
    "neck.walk_to_target",
    "neck.standing_balance_target",
    "trunk.sensory_trick_posture",
    "eyes.touch_trick",
]

FIGURES = load_figures(FIGURES_DIR)


def test_every_entry_d2_owns_has_one_drawing_in_d2s_files() -> None:
    missing = [code for code in OWNED if code not in FIGURES]
    assert not missing, missing
    assert {FIGURES[code].source for code in OWNED} == {"neck-more.toml", "eyes.toml"}


def test_the_lengthening_drawings_go_the_way_their_words_do() -> None:
    """lengthen_turn and lengthen_side say {away_side}: drawn moving to the left, the face or the ear goes
    to the paper's right (the person faces the reader), and mirrored for the right."""
    turn, tilt = FIGURES["neck.lengthen_turn"], FIGURES["neck.lengthen_side"]
    assert turn.moves_to == tilt.moves_to == "left"
    assert turn.pose.get("head", "turn") > 0 and tilt.pose.get("head", "tilt") > 0
    # The hand that holds the seat is on the side the head tips away from (the person's right).
    assert tilt.pose.get("elbow_right", "bend") == 0 and tilt.pose.get("elbow_left", "bend") > 0


def test_head_shift_carries_the_head_forward_without_turning_the_face() -> None:
    still, forward = skeleton(Pose()), skeleton(Pose({"head": {"shift": 40}}))
    assert forward.joints["head"][2] > still.joints["head"][2] + 0.05  # forwards (z)
    assert forward.head == still.head  # the face looks the same way
    assert forward.joints["neck"] == still.joints["neck"]  # the trunk does not move


def test_shoulder_shrug_lifts_one_shoulder_only() -> None:
    still, shrug = skeleton(Pose()), skeleton(Pose({"shoulder_right": {"shrug": 30}}))
    assert shrug.joints["shoulder_right"][1] > still.joints["shoulder_right"][1] + 0.04
    assert shrug.joints["hand_right"][1] > still.joints["hand_right"][1] + 0.04  # the arm goes with it
    assert shrug.joints["shoulder_left"] == still.joints["shoulder_left"]


def test_a_shift_or_shrug_out_of_range_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "figures"
    folder.mkdir()
    (folder / "x.toml").write_text(
        '[[figure]]\ncode = "neck.forward_shift_glide"\ndescription = "The head slides back."\n'
        "pose = { head = { shift = 60 }, shoulder = { shrug = -30 } }\n",
        encoding="utf-8",
    )
    with pytest.raises(FigureError) as caught:
        load_figures(folder)
    lines = str(caught.value).splitlines()
    assert (
        "x.toml: neck.forward_shift_glide: pose.head.shift: 60 degrees is out of range; it must be from -30 to 45"
        in lines
    )
    assert (
        "x.toml: neck.forward_shift_glide: pose.shoulder.shrug: -30 degrees is out of range; it must be from -20 to 40"
        in lines
    )


def test_the_beam_and_the_sightline_end_at_the_target_on_the_wall() -> None:
    """The light pointer's beam ends where the target's sticker is: at eye height, AHEAD of the eyes."""
    place = place_for(Pose(), "side")
    sticker = next(s for s in PROPS["target"]("side", place) if isinstance(s, Ellipse))
    beam = next(s for s in PROPS["light_pointer"]("side", place) if isinstance(s, Stroke) and s.dashed)
    assert beam.colour == ARROW
    assert beam.points[-1] == pytest.approx(sticker.centre)
    assert sticker.centre == pytest.approx((place["eyes"][0] + AHEAD, place["eyes"][1]))


@pytest.mark.parametrize("kind", ["target", "phone", "light_pointer", "balloon", "counter"])
def test_each_new_prop_draws_in_the_drawing_that_uses_it(kind: str) -> None:
    users = [fig for code, fig in FIGURES.items() if code in OWNED and any(p.kind == kind for p in fig.props)]
    assert users, kind
    for fig in users:
        assert PROPS[kind](fig.view, place_for(fig.pose, fig.view)), (kind, fig.code)
        for side in ("left", "right"):
            assert render(fig, side).primitives  # type: ignore[arg-type]


def test_the_balloon_is_above_the_raised_hand_and_the_counter_under_the_resting_one() -> None:
    ball = FIGURES["neck.ball_and_balloon"]
    place = place_for(ball.pose, "side")
    balloon = next(s for s in PROPS["balloon"]("side", place) if isinstance(s, Ellipse))
    assert balloon.centre[1] > place["hand_right"][1]
    stand = FIGURES["neck.standing_balance_target"]
    place = place_for(stand.pose, "side")
    top = max(y for s in PROPS["counter"]("side", place) if isinstance(s, Stroke) for _, y in s.points)
    assert top == pytest.approx(place["wrist_left"][1] - 0.02)


@pytest.mark.parametrize("code", ["neck.shoulder_drop_lying", "neck.shoulder_reach_down"])
def test_the_high_shoulder_drawings_turn_to_the_pull_side_or_the_items_own_side(code: str) -> None:
    """ "The hand on the high side" names no side: like neck.level_shoulders, the drawing shows the
    shoulder on the side of the pull (``follows = "toward_side"``), or the item's own side when set."""
    fig = FIGURES[code]
    entry = load_library().intervention(code)
    assert entry is not None
    assert fig.moves_to == "right" and fig.follows == "toward_side"
    item = entry.to_intervention(Side.LEFT)
    assert figure_side(fig, item, Side.LEFT) == "left"
    assert figure_side(fig, item, Side.RIGHT) == "right"
    assert figure_side(fig, dataclasses.replace(item, side=Side.RIGHT), Side.LEFT) == "right"
    # The arrow runs down beside the drawn arm: on the paper's left for the person's right, mirrored for the left.
    right, left = render(fig, "right"), render(fig, "left")
    arrow_x = [next(p.points[0][0] for p in d.primitives if p.role == "arrow") for d in (right, left)]
    assert arrow_x[0] < 0.5 < arrow_x[1]
