"""Assessments to print progress from: the worked example of issue 13 and harder cases.

A plainly named module (like handout_samples) so the progress tests can import it.
"""

from __future__ import annotations

import datetime as dt

from careplan.catalog import load_library
from careplan.core.assessments import (
    Assessment,
    Classification,
    ClassificationLevel,
    GoalRating,
    HipMigration,
    Injection,
    PainRating,
    PainScale,
    RomMeasurement,
    RomMode,
    ScaleScore,
)
from careplan.core.enums import Side

#: Words that must never reach the family page (findings are for clinicians only).
FINDINGS_MARKER = "Findingsmark: adductor tone up, Zebrafind"

SIT = "Sit at the table for a whole meal"
STAND = "Stand in the frame for 30 minutes twice a day"
REACH = "Reach and grasp a cup with the left hand"

LEVELS_SIT = (
    "Slips down within 5 minutes",
    "Sits for 10 minutes with help",
    "Sits for a whole meal with her seat belt",
    "Sits for a whole meal and feeds herself a little",
    "Sits and feeds herself the whole meal",
)


#: The shipped scales catalog (names, ranges, which way is better): the report is tested with the real one.
LIBRARY = load_library()
SCALES = LIBRARY.scales
MOVEMENTS = LIBRARY.movements


def goal(text: str, achieved: int, *, code: str | None = None, levels: tuple[str, ...] = ()) -> GoalRating:
    return GoalRating(goal_text=text, achieved=achieved, goal_code=code, levels=levels)


def worked_example() -> tuple[list[Assessment], list[Injection], list[dt.date]]:
    """A child with dystonic CP assessed four times over a year, with two toxin cycles.

    GAS for three goals, pain (numeric rating), BADS item by item, hip migration and GMFCS; range
    of motion at two assessments.  Returns the assessments, the injections and the revision dates.
    """
    gmfcs = (ClassificationLevel(Classification.GMFCS, 4),)

    def bads(*scores: int) -> ScaleScore:
        regions = ("eyes", "mouth", "neck", "trunk", "arm_left", "arm_right", "leg_left", "leg_right")
        return ScaleScore("bads", items=tuple(zip(regions, scores, strict=True)))

    assessments = [
        Assessment(
            date=dt.date(2026, 1, 12),
            therapist="Jo Patel",
            goals=(goal(SIT, -1, levels=LEVELS_SIT), goal(STAND, -1), goal(REACH, -2)),
            pain=(PainRating(6),),
            scales=(bads(0, 1, 2, 3, 3, 2, 3, 2),),
            classifications=gmfcs,
            rom=(
                RomMeasurement("hip_abduction", 20, Side.LEFT),
                RomMeasurement("hip_abduction", 25, Side.RIGHT),
            ),
            hips=HipMigration(28, 22),
            findings=FINDINGS_MARKER,
        ),
        Assessment(
            date=dt.date(2026, 4, 20),
            therapist="Jo Patel",
            goals=(goal(SIT, 0, levels=LEVELS_SIT), goal(STAND, -1), goal(REACH, -1)),
            pain=(PainRating(4),),
            scales=(bads(0, 1, 2, 3, 2, 2, 2, 2),),
            classifications=gmfcs,
            hips=HipMigration(30, 22),
        ),
        Assessment(
            date=dt.date(2026, 8, 3),
            therapist="Sam Reid",
            goals=(goal(SIT, 1, levels=LEVELS_SIT), goal(STAND, 0), goal(REACH, -1)),
            pain=(PainRating(3),),
            scales=(bads(0, 1, 1, 2, 2, 2, 2, 1),),
            classifications=gmfcs,
            rom=(
                RomMeasurement("hip_abduction", 30, Side.LEFT),
                RomMeasurement("hip_abduction", 30, Side.RIGHT),
            ),
            hips=HipMigration(33, 24),
        ),
        Assessment(
            date=dt.date(2026, 11, 23),
            therapist="Jo Patel",
            goals=(goal(SIT, 1, levels=LEVELS_SIT), goal(STAND, 1), goal(REACH, 0)),
            pain=(PainRating(2),),
            scales=(bads(0, 0, 1, 2, 2, 1, 2, 1),),
            classifications=gmfcs,
            hips=HipMigration(35, 25),
            findings="Second finding: hip surveillance X-ray booked.",
        ),
    ]
    injections = [
        Injection(dt.date(2026, 2, 2), "Hamstrings and adductors, both sides", "Dr A. Khan", "Botox", "200 units"),
        Injection(dt.date(2026, 6, 1), "Hamstrings and adductors, both sides", "Dr A. Khan"),
    ]
    revisions = [dt.date(2026, 1, 12), dt.date(2026, 4, 21), dt.date(2026, 8, 3)]
    return assessments, injections, revisions


def monthly(count: int, start: dt.date = dt.date(2016, 1, 15)) -> list[Assessment]:
    """``count`` monthly assessments with every measure (10 years: 120)."""
    out = []
    for n in range(count):
        year, month = divmod(start.month - 1 + n, 12)
        day = dt.date(start.year + year, month + 1, start.day)
        out.append(
            Assessment(
                date=day,
                therapist="Jo Patel",
                goals=(goal(SIT, n % 5 - 2), goal(STAND, (n // 2) % 5 - 2)),
                pain=(PainRating(n % 11),),
                scales=(ScaleScore("bads", total=float(n % 33)),),
                rom=(RomMeasurement("elbow_extension", 100 + n % 40, Side.LEFT, RomMode.ACTIVE),),
                hips=HipMigration(10 + n % 50, 12 + n % 45),
                classifications=(ClassificationLevel(Classification.MACS, 1 + n % 5),),
            )
        )
    return out


def sparse() -> list[Assessment]:
    """Measures missing at some assessments (gaps), an observational pain scale, one hip only."""
    return [
        Assessment(dt.date(2026, 1, 5), "Jo Patel", pain=(PainRating(8, PainScale.FLACC),)),
        Assessment(dt.date(2026, 3, 2), "Jo Patel", hips=HipMigration(left_percent=40)),
        Assessment(dt.date(2026, 5, 4), "Jo Patel", pain=(PainRating(5, PainScale.FLACC),), goals=(goal(SIT, -1),)),
        Assessment(
            dt.date(2026, 7, 6),
            "Jo Patel",
            hips=HipMigration(left_percent=38),
            scales=(ScaleScore("adds", total=55),),
        ),
        Assessment(dt.date(2026, 9, 7), "Jo Patel", scales=(ScaleScore("adds", total=70),), goals=(goal(SIT, 0),)),
    ]
