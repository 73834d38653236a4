"""Dosages read as a family would say them: numbers in words where people use words, each said once."""

from __future__ import annotations

import pytest

from careplan.core.model import Dosage
from careplan.core.wording import dosage_sentence


@pytest.mark.parametrize(
    ("dosage", "said"),
    [
        (Dosage(times_per_day=1, days_per_week=1), "Once a week"),
        (Dosage(times_per_day=1, days_per_week=2), "Twice a week"),
        (Dosage(times_per_day=1, days_per_week=3), "3 times a week"),
        (Dosage(times_per_day=1, days_per_week=7), "Once a day, every day"),
        (Dosage(times_per_day=2, days_per_week=1), "Twice a day, on one day a week"),
        (Dosage(times_per_day=3, days_per_week=5), "3 times a day, on 5 days a week"),
        (Dosage(days_per_week=5), "On 5 days a week"),
        (Dosage(reps=1, hold_seconds=5), "Once, hold it for 5 seconds"),
        (
            Dosage(sets=2, reps=10, hold_seconds=5, times_per_day=1, days_per_week=2),
            "2 sets of 10, hold each for 5 seconds, twice a week",
        ),
        (Dosage(minutes=30, times_per_day=2, days_per_week=7), "For 30 minutes, twice a day, every day"),
    ],
)
def test_dosage_sentence_reads_naturally(dosage: Dosage, said: str) -> None:
    assert dosage_sentence(dosage) == said


def test_no_dosage_says_nothing() -> None:
    assert dosage_sentence(None) == ""
