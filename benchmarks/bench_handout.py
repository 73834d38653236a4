"""How long the family handout takes to build, beside a bare ReportLab document of the same shape.

Run: ``.venv/bin/python benchmarks/bench_handout.py [--runs N]``.  Both are measured the
same way, in-process: one warm-up build (fonts registered, modules imported), then the
median of N builds.  Goal: the renderer at most 1.3x the bare ReportLab build.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bare_reportlab  # beside this script
from pypdf import PdfReader

from careplan.core.enums import Audience, Category, EquipmentStatus, GoalDomain, Kind, Setting, Side
from careplan.core.model import (
    Carer,
    ClinicDetails,
    Dosage,
    Goal,
    Intervention,
    Patient,
    Plan,
    PlanRecord,
    Programme,
    Therapist,
)
from careplan.export import render_handout

FAMILY = frozenset({Audience.FAMILY, Audience.SCHOOL})
CLINIC = ClinicDetails(
    name="Northside Neurophysiotherapy",
    address="12 Mill Lane\nManchester M1 2AB",
    phone="0161 496 0123",
    email="hello@northside.example",
)


def plan_record(n_items: int) -> PlanRecord:
    """A plan of ``n_items``: half exercises with dosages, then orthoses, equipment, advice, education."""
    kinds = [
        Kind.EXERCISE,
        Kind.ORTHOSIS,
        Kind.EXERCISE,
        Kind.EQUIPMENT,
        Kind.EXERCISE,
        Kind.ADVICE,
        Kind.EXERCISE,
        Kind.EDUCATION,
        Kind.EXERCISE,
        Kind.ORTHOSIS,
        Kind.EXERCISE,
        Kind.EQUIPMENT,
    ]
    items = []
    for i in range(n_items):
        kind = kinds[i % len(kinds)]
        items.append(
            Intervention(
                kind=kind,
                title=f"{kind.label} {i + 1}: supported sit-to-stand",
                instructions="Sit tall, feet flat, hands on the table; lean forwards and stand up slowly. " * 2,
                dosage=Dosage(sets=2, reps=10, hold_seconds=5, times_per_day=3, days_per_week=7)
                if kind is Kind.EXERCISE
                else None,
                side=Side.BOTH,
                setting=Setting.HOME if kind is Kind.ADVICE else None,
                status=EquipmentStatus.ISSUED if kind is Kind.EQUIPMENT else None,
                wear_schedule="At night, from bedtime until breakfast" if kind is Kind.ORTHOSIS else None,
                audiences=FAMILY,
            )
        )
    plan = Plan(
        title="Postural management and school participation",
        category=Category.DYSTONIC_CP,
        therapist=Therapist("Jo Patel", "Neurophysiotherapist", "0161 496 0999", "jo.patel@clinic.example"),
        start_date=dt.date(2026, 11, 20),
        review_date=dt.date(2027, 2, 19),
        summary="Plain-language overview for the family and school. " * 3,
        goals=(Goal(GoalDomain.PARTICIPATION, "Join the class for carpet time", dt.date(2027, 2, 19)),),
        interventions=tuple(items),
        programme=Programme(
            "Weekly for 6 weeks, then monthly",
            "Ten minutes after school",
            ("Stand at the kitchen counter for homework",),
        ),
        clinical_notes="Confidential.",
    )
    patient = Patient(
        "Amira", "Okafor", dt.date(2016, 3, 14), "943 476 5919", (Carer("Grace Okafor", "mother", "07700 900123"),)
    )
    return PlanRecord(plan=plan, patient=patient)


def measure(build: Callable[[], bytes], runs: int) -> tuple[float, int]:
    """Median seconds of ``runs`` builds after one warm-up, and the page count."""
    pdf = build()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        build()
        times.append(time.perf_counter() - start)
    return statistics.median(times), len(PdfReader(io.BytesIO(pdf)).pages)


def measure_pair(a: Callable[[], bytes], b: Callable[[], bytes], runs: int) -> tuple[float, float, int, int]:
    """Like ``measure`` for two builds, alternating them so background load hits both alike."""
    pages = [len(PdfReader(io.BytesIO(f())).pages) for f in (a, b)]  # warm-up
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for f, out in ((a, times[0]), (b, times[1])):
            start = time.perf_counter()
            f()
            out.append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1]), pages[0], pages[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    record = plan_record(12)
    today = dt.date(2026, 12, 2)
    ours, bare, our_pages, bare_pages = measure_pair(
        lambda: render_handout(record, Audience.FAMILY, CLINIC, generated_on=today),
        lambda: bare_reportlab.build(12),
        args.runs,
    )
    ratio = ours / bare
    print(f"family handout, 12 items : {ours * 1000:7.1f} ms  {our_pages:3d} pages")
    print(f"bare ReportLab, 12 items : {bare * 1000:7.1f} ms  {bare_pages:3d} pages")
    print(f"ratio                    : {ratio:7.2f}x  (goal <= 1.30x) {'OK' if ratio <= 1.3 else 'OVER'}")

    stress = plan_record(60)
    for audience in (Audience.FAMILY, Audience.SCHOOL, Audience.CLINICIAN):
        seconds, pages = measure(
            lambda a=audience: render_handout(stress, a, CLINIC, generated_on=today), max(3, args.runs // 3)
        )
        print(f"{audience.value:9s} handout, 60 items: {seconds * 1000:7.1f} ms  {pages:3d} pages")


if __name__ == "__main__":
    main()
