"""User text and values made safe for a handout (careplan.export.text): markup that cannot be
injected into, one-line forms, dates in en-GB words, lists in words.
(What ``clean`` keeps and removes, character by character: test_handout_text.py.)"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph

from careplan.export import fonts
from careplan.export.text import clean, join_words, long_date, markup, one_line, region_words, short_date

HOSTILE = [
    '<font name="Courier">Zoë</font>',
    "</para><para>",
    "<b>bold</b> & <i>",
    "&nbsp;&amp;&#60;",
    '<img src="/etc/passwd"/>',
    "a]]>b",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_markup_of_any_typed_text_prints_it_literally(text: str) -> None:
    """Whatever a therapist types is printed as typed, never read as ReportLab markup."""
    fonts.register_fonts()
    style = getSampleStyleSheet()["Normal"]
    style.fontName = fonts.REGULAR
    paragraph = Paragraph(markup(text), style)
    printed = "".join(fragment.text for fragment in paragraph.frags)
    assert printed == text
    assert {fragment.fontName for fragment in paragraph.frags} == {fonts.REGULAR}


def test_markup_escapes_what_xml_needs_and_leaves_quotes_as_typed() -> None:
    assert markup("a < b & \"c\" 'd' > e &amp;") == "a &lt; b &amp; \"c\" 'd' &gt; e &amp;amp;"


def test_the_handout_code_loads_no_web_modules() -> None:
    """Escaping with ``html`` (loaded by ReportLab anyway), not ``xml.sax.saxutils``, which loads
    urllib, http.client and ssl: some 9 ms of every handout for nothing."""
    code = "import sys, careplan.export.family; print(sorted({'urllib.request', 'ssl', 'xml.sax'} & set(sys.modules)))"
    loaded = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert loaded.strip() == "[]"


def test_nothing_typed_gives_nothing() -> None:
    assert clean(None) == clean("") == markup(None) == one_line(None) == region_words("") == ""
    assert markup(" \n\t ") == ""


def test_lines_stay_lines_in_markup_and_run_together_in_one_line() -> None:
    typed = "Sit tall.\r\n\tHold\u200b 5 seconds.  \u2028Rest."
    assert markup(typed) == "Sit tall.<br/>    Hold 5 seconds.  <br/>Rest."
    assert one_line(typed) == "Sit tall. Hold 5 seconds. Rest."


@pytest.mark.parametrize(
    ("day", "long", "short"),
    [
        (dt.date(2016, 3, 14), "14 March 2016", "14 Mar 2016"),
        (dt.date(2027, 1, 1), "1 January 2027", "1 Jan 2027"),
        (dt.date(2024, 2, 29), "29 February 2024", "29 Feb 2024"),
        (dt.date(1999, 12, 31), "31 December 1999", "31 Dec 1999"),
        (dt.date(2026, 9, 5), "5 September 2026", "5 Sep 2026"),
    ],
)
def test_dates_are_written_the_british_way(day: dt.date, long: str, short: str) -> None:
    assert (long_date(day), short_date(day)) == (long, short)


def test_no_date_prints_as_nothing() -> None:
    assert long_date(None) == short_date(None) == ""


@pytest.mark.parametrize(
    ("words", "said"),
    [
        ([], ""),
        ([""], ""),
        (["neck"], "neck"),
        (["neck", "left arm"], "neck and left arm"),
        (["neck", "", "left arm", "trunk"], "neck, left arm and trunk"),  # blanks are dropped
    ],
)
def test_lists_read_as_words(words: list[str], said: str) -> None:
    assert join_words(words) == said


def test_region_codes_read_as_words() -> None:
    assert region_words("left_arm") == "left arm"
    assert region_words("  neck \x1b") == "neck"
    assert join_words([region_words(c) for c in ("left_arm", "right_hand")]) == "left arm and right hand"


def _runs_char_by_char(text: str) -> list[tuple[str, str]]:
    """``fonts.print_runs`` worked out one character at a time (its general path), as the oracle."""
    runs: list[tuple[str, str]] = []
    for char in text:
        font = fonts.font_for(char)
        shown = char if font is not None else fonts.code_point(char)
        font = font or ""
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + shown)
        else:
            runs.append((font, shown))
    return runs


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n",
        "Sit tall.\nHold 5 s.",
        "Zoë Łukasz Ахмед Ωμέγα",
        "张伟\n김민준 Zoë",
        "ⴰ b",
        "a 🙂 b",
        "\n\n🙂",
        "x\ufffe",
    ],
)
def test_print_runs_of_plain_text_take_the_quick_path_to_the_same_runs(text: str) -> None:
    assert list(fonts.print_runs(text)) == _runs_char_by_char(text)
