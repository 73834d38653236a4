"""The one rule for what text a field may hold (careplan.core.text)."""

from __future__ import annotations

import pytest

from careplan.core.text import check_text, escape_for_terminal, text_problem

ALLOWED = [
    ("accents and scripts", "Zoë Łukasz Ахмед 李小龍 محمد", False),
    ("superscripts and fractions", "3² times, ½ min, 10 m²", False),
    ("emoji with a joiner", "👩‍⚕️ physio", False),
    ("Hebrew with a direction mark", "שלום\u200f (Shalom)", False),
    ("new lines and tabs in notes", "Line one\n\tLine two", True),
]


@pytest.mark.parametrize(("value", "multiline"), [a[1:] for a in ALLOWED], ids=[a[0] for a in ALLOWED])
def test_what_a_therapist_types_is_allowed(value: str, multiline: bool) -> None:
    assert text_problem(value, multiline=multiline) is None
    assert check_text(value, multiline=multiline) == value


REFUSED = [
    ("NUL", "a\0b", True, "U+0000 (NUL), at position 2"),
    ("ESC", "a\x1b[31m", True, "control character, U+001B (ESC), at position 2"),
    ("DEL", "a\x7f", True, "U+007F (DEL)"),
    ("C1 CSI", "a\x9b", True, "U+009B"),
    ("vertical tab from Word", "a\vb", True, "U+000B"),
    ("right-to-left override", "a\u202eb", False, "reverses how the text after it is shown"),
    ("isolate", "a\u2066b", False, "U+2066"),
    ("lone surrogate", "a\ud800", True, "a broken character, U+D800 (half of a character pair)"),
    ("tab in one line", "a\tb", False, "U+0009 (tab) at position 2; this field is one line of text"),
    ("new line in one line", "a\nb", False, "this field is one line of text"),
    ("line separator in one line", "a\u2028b", False, "this field is one line of text"),
]


@pytest.mark.parametrize(("value", "multiline", "words"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_what_changes_how_text_shows_is_refused(value: str, multiline: bool, words: str) -> None:
    problem = text_problem(value, multiline=multiline)
    assert problem is not None and words in problem
    with pytest.raises(ValueError, match="position"):
        check_text(value, multiline=multiline)


def test_line_endings_are_made_the_same_in_multi_line_fields() -> None:
    assert check_text("a\r\nb\rc\u2028d\u2029e", multiline=True) == "a\nb\nc\nd\ne"


def test_escape_for_terminal_keeps_new_lines_and_escapes_the_rest() -> None:
    assert escape_for_terminal("Plan\x1b[2J\t\u202e\ud800\nnext") == "Plan\\u001b[2J\t\\u202e\\ud800\nnext"
    assert escape_for_terminal("a\nb", keep_newlines=False) == "a\\u000ab"
    assert escape_for_terminal("Zoë ½") == "Zoë ½"
