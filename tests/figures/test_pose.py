"""careplan.figures.pose: joints and their ranges, one list for validation and drawing."""

from __future__ import annotations

import pytest

from careplan.figures.pose import JOINTS, HandPose, Pose


def test_missing_angles_are_zero_and_merged_changes_only_named_joints() -> None:
    pose = Pose({"head": {"turn": 30.0}, "knee_left": {"bend": 90.0}})
    assert pose.get("head", "nod") == 0.0
    start = pose.merged({"head": {"turn": 0.0}})
    assert start.get("head", "turn") == 0.0 and start.get("knee_left", "bend") == 90.0
    assert pose.get("head", "turn") == 30.0


@pytest.mark.parametrize(
    ("angles", "message"),
    [
        ({"neck": {"turn": 1.0}}, "unknown joint 'neck'"),
        ({"head": {"twist": 1.0}}, "head has no movement 'twist'"),
        ({"knee_left": {"bend": -5.0}}, "knee_left.bend is -5; it must be from 0 to 150"),
    ],
)
def test_a_wrong_pose_is_refused_with_its_reason(angles: dict[str, dict[str, float]], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Pose(angles)


def test_every_joint_has_both_sides_where_it_is_paired() -> None:
    for joint in ("shoulder", "elbow", "wrist", "hip", "knee", "ankle"):
        assert JOINTS[f"{joint}_left"] == JOINTS[f"{joint}_right"]


def test_a_hand_pose_checks_fingers() -> None:
    assert HandPose({"index": 45.0}).get("index") == 45.0
    with pytest.raises(ValueError, match="unknown finger 'toe'"):
        HandPose({"toe": 1.0})
    with pytest.raises(ValueError, match="must be from 0 to 90"):
        HandPose({"thumb": 91.0})
