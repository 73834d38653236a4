"""careplan.figures.body: the figure's joints, its views and the face that shows where it looks."""

from __future__ import annotations

import math

from careplan.figures.body import HEAD_R, face_direction, figure, hand, skeleton
from careplan.figures.pose import HandPose, Pose
from careplan.figures.primitives import Ellipse, Stroke


def _nose_tip_x(shapes: tuple[object, ...]) -> float:
    head = next(s for s in shapes if isinstance(s, Ellipse) and s.role == "head")
    nose = next(s for s in shapes if isinstance(s, Stroke) and s.role == "nose")
    return nose.points[1][0] - head.centre[0]


def test_standing_straight_the_head_is_on_top_and_the_feet_at_the_bottom() -> None:
    joints = skeleton(Pose()).joints
    assert (
        joints["head"][1] > joints["neck"][1] > joints["pelvis"][1] > joints["knee_left"][1] > joints["ankle_left"][1]
    )
    # The person's left is +x: in the front view it is on the paper's right.
    assert joints["shoulder_left"][0] > 0 > joints["shoulder_right"][0]
    height = joints["head"][1] + HEAD_R - joints["ankle_left"][1]
    assert 0.9 < height < 1.1


def test_a_turn_to_the_left_points_the_face_to_the_papers_right_from_the_front() -> None:
    assert face_direction(Pose({"head": {"turn": 40.0}}), "front")[0] > 0.5
    assert face_direction(Pose({"head": {"turn": -40.0}}), "front")[0] < -0.5
    assert _nose_tip_x(figure(Pose({"head": {"turn": 40.0}}), "front")) > 0
    assert _nose_tip_x(figure(Pose({"head": {"turn": -40.0}}), "front")) < 0
    # Face-on, the nose is a short line down the middle.
    assert math.isclose(_nose_tip_x(figure(Pose(), "front")), 0.0, abs_tol=1e-9)


def test_side_view_faces_right_and_a_nod_tips_the_face_down() -> None:
    ahead = face_direction(Pose(), "side")
    nod = face_direction(Pose({"head": {"nod": 30.0}}), "side")
    assert ahead[0] > 0.99 and nod[1] < -0.4
    assert _nose_tip_x(figure(Pose(), "side")) > HEAD_R


def test_above_view_shows_the_turn_and_sitting_brings_the_knees_forward() -> None:
    direction = face_direction(Pose({"head": {"turn": 90.0}}), "above")
    assert direction[0] > 0.99
    sitting = skeleton(Pose({"hip_left": {"bend": 90.0}, "knee_left": {"bend": 90.0}})).joints
    assert sitting["knee_left"][2] > 0.2 and math.isclose(sitting["knee_left"][1], sitting["pelvis"][1], abs_tol=1e-9)


def test_a_ghost_draws_only_the_parts_that_move() -> None:
    start = Pose({"head": {"tilt": 0.0}})
    end = Pose({"head": {"tilt": 25.0}})
    ghost = figure(start, "front", ghost=True, compare=end)
    roles = {s.role for s in ghost}
    assert roles == {"ghost", "ghost_head"}
    assert len(ghost) == 2  # the neck and the head, nothing else
    assert all(getattr(s, "dashed", False) for s in ghost)


def test_a_hand_bends_its_fingers_shorter() -> None:
    straight = hand(HandPose())
    bent = hand(HandPose({"index": 80.0}))

    def index_length(shapes: tuple[object, ...]) -> float:
        limb = next(s for s in shapes if isinstance(s, Stroke) and s.role == "limb")
        return math.dist(*limb.points)

    assert index_length(bent) < index_length(straight) * 0.3
