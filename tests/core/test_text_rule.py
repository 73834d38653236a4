"""The one text rule (``careplan.core.text``): its fast pattern and its character-by-character
reasons must agree on every character, or a field could pass the pattern and hold what the rule refuses."""

from __future__ import annotations

import pytest

from careplan.core import text


@pytest.mark.parametrize("multiline", [True, False], ids=["multi-line", "one-line"])
def test_the_fast_pattern_refuses_exactly_what_the_rule_refuses(multiline: bool) -> None:
    pattern = text._REFUSED_IN[multiline]
    disagree = [
        f"U+{code:04X}"
        for code in range(0x110000)
        if bool(pattern.match(chr(code))) != text._refused(chr(code), multiline)
    ]
    assert disagree == []


@pytest.mark.parametrize(
    ("value", "multiline", "problem"),
    [
        ("Chin tuck", False, None),
        ("Step 1\nStep 2\tslowly", True, None),
        ("Step 1\nStep 2", False, "holds a U+000A (new line) at position 7; this field is one line of text"),
        ("Anna\x1b[2J", True, "holds a control character, U+001B (ESC), at position 5"),
        ("turn \u202eleft", True, "reverses how the text after it is shown"),
        ("3² times, ½ min", False, None),
    ],
)
def test_text_problem_names_the_character_and_where(value: str, multiline: bool, problem: str | None) -> None:
    found = text.text_problem(value, multiline=multiline)
    if problem is None:
        assert found is None
    else:
        assert found is not None and problem in found
