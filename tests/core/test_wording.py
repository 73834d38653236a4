"""Dosages read as a family would say them: numbers in words where people use words, each said once."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from careplan.core.model import Dosage
from careplan.core.wording import DOSAGE_HEADINGS, dosage_sentence


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


# --- every combination reads naturally ------------------------------------------------------------

_OFTEN = [None, 1, 2, 3, 12]
_WEEK = [None, 1, 2, 3, 6, 7]
_AMOUNT = [None, 1, 2, 10]
_SECONDS = [None, 1, 5, 60, 90]

#: What a dose must never say: "1 day", "1 times", "once a day, once a week", "on 1 day"...
_NEVER = re.compile(
    r"\b1 (?:days?|times|sets|seconds|minutes|repeats)\b|once a day, (?:on|once|twice)|a week, .* a week|"
    r"\bon one days\b|\s,|,,|  |\(s\)",
    re.IGNORECASE,
)


@given(
    sets=st.sampled_from(_AMOUNT),
    reps=st.sampled_from(_AMOUNT),
    hold=st.sampled_from(_SECONDS),
    rest=st.sampled_from([None, 0, 10]),
    minutes=st.sampled_from([None, 1, 30]),
    per_day=st.sampled_from(_OFTEN),
    per_week=st.sampled_from(_WEEK),
)
def test_every_combination_reads_naturally(
    sets: int | None,
    reps: int | None,
    hold: int | None,
    rest: int | None,
    minutes: int | None,
    per_day: int | None,
    per_week: int | None,
) -> None:
    dosage = Dosage(sets, reps, hold, rest, per_day, per_week, minutes)
    sentence = dosage_sentence(dosage)
    if dosage.is_empty() or all(not value for _, value in dosage.items()):
        assert sentence == ""  # nothing, or only a rest of 0 seconds, to say
        return
    assert (sentence[0].isupper() or sentence[0].isdigit()) and not sentence.endswith((",", " "))
    assert not _NEVER.search(sentence), sentence
    # Each part is said once.
    for part in ("a day", "a week", "hold", "rest", "every day"):
        assert sentence.lower().count(part) <= 1, sentence


@pytest.mark.parametrize(
    ("per_day", "per_week", "said"),
    [
        (1, 1, "Once a week"),
        (1, 2, "Twice a week"),
        (1, 6, "6 times a week"),
        (1, 7, "Once a day, every day"),
        (1, None, "Once a day"),
        (2, 3, "Twice a day, on 3 days a week"),
        (2, 7, "Twice a day, every day"),
        (12, 1, "12 times a day, on one day a week"),
        (None, 1, "On one day a week"),
        (None, 7, "Every day"),
    ],
)
def test_how_often_table(per_day: int | None, per_week: int | None, said: str) -> None:
    assert dosage_sentence(Dosage(times_per_day=per_day, days_per_week=per_week)) == said


def test_holds_read_in_words() -> None:
    assert dosage_sentence(Dosage(reps=5, hold_seconds=5)) == "5 times, hold each for 5 seconds"
    assert dosage_sentence(Dosage(hold_seconds=60)) == "Hold it for 1 minute"
    assert DOSAGE_HEADINGS["hold_seconds"] == "Hold (seconds)"
    assert not any("(s)" in heading for heading in DOSAGE_HEADINGS.values())
