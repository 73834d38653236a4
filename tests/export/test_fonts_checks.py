"""``careplan.export.fonts``: what cannot print, and right-to-left writing, found the quick way for the
usual text (one pass in C) and character by character only where the quick way is not sure.

Every handout checks each of its texts with these before printing, so they must be quick; they must
also answer exactly what the character-by-character definitions answer, for every script."""

from __future__ import annotations

import unicodedata

import pytest

from careplan.export import fonts

SAMPLES = [
    "",
    "Turn your head slowly to the left, hold for 5 seconds.",
    "Zoë Łukasz Nguyễn-Ní Bhriain, café crème",
    "Ахмедова Жанна; Ωμέγα",
    "Tab\tand\nnew line",
    "שלום Ali",
    "علي",
    "Mixed: ok then \u05be",
    "Smile 🙂 please",
    "漢字 and かな and 한글",
    "\uffff unknown",
    "ⴰ Tifinagh",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_what_cannot_print_is_what_each_character_says(text: str) -> None:
    assert fonts.unprintable(text) == {char for char in set(text) if fonts.font_for(char) is None}


@pytest.mark.parametrize("text", SAMPLES)
def test_right_to_left_is_what_each_character_says(text: str) -> None:
    assert fonts.right_to_left(text) == any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)


def test_the_samples_hold_both_answers() -> None:
    assert any(fonts.unprintable(t) for t in SAMPLES) and not all(fonts.unprintable(t) for t in SAMPLES)
    assert any(fonts.right_to_left(t) for t in SAMPLES) and not all(fonts.right_to_left(t) for t in SAMPLES)
