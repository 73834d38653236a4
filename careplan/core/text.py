"""What text a plan, a library entry or a setting may hold: one definition for every way in.

A therapist types letters, digits, punctuation, accents and names in any script; a
multi-line field (instructions, notes) also holds new lines and tabs.  Nothing else
that changes how text is shown belongs in a care plan:

- control characters (Unicode category Cc: NUL, BEL, ESC, DEL, the C1 range): an ESC
  sequence recolours or clears a terminal (``careplan catalog``), a NUL ends a string in
  PostgreSQL and C libraries, the rest print as boxes or nothing;
- half of a surrogate pair (category Cs, reachable through JSON's ``\\ud800``): it is not
  a character at all and cannot be written as UTF-8 (SQLite and PostgreSQL refuse it);
- bidirectional overrides, embeddings and isolates (U+202A-U+202E, U+2066-U+2069): they
  reorder what follows, so "Anna" can be shown as another name and a dose read backwards
  ("Trojan Source").  The marks U+200E and U+200F stay allowed: Hebrew and Arabic text
  needs them and they reorder nothing beyond themselves.

Line endings are the one thing made the same rather than refused: ``\\r\\n``, ``\\r``, U+2028
and U+2029 become ``\\n`` in multi-line fields (a file saved on Windows or pasted from a
word processor), and are refused in single-line ones.

Pure functions: the pydantic models of the plan file, the library and the settings each
wrap :func:`check_text`, and the command line uses :func:`escape_for_terminal` for text
that was stored before these rules existed.
"""

from __future__ import annotations

import re
import unicodedata

#: Reorder the text after them (bidirectional embeddings, overrides and isolates).
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

_LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029]")
_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "backspace", 0x09: "tab", 0x0A: "new line", 0x0D: "carriage return"}
_NAMES |= {0x1B: "ESC", 0x7F: "DEL", 0x2028: "line separator", 0x2029: "paragraph separator"}


#: Every character :func:`_refused` refuses, as one pattern: a field with none of them (nearly every
#: field) is passed by one search in C, and only a field that holds one is walked to say where.
_REFUSED_ANYWHERE = "\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069\u2028\u2029"
_REFUSED_IN = {
    True: re.compile(f"[{_REFUSED_ANYWHERE}]"),
    False: re.compile(f"[\t\n{_REFUSED_ANYWHERE}]"),
}


def _refused(char: str, multiline: bool) -> bool:
    if char in "\t\n":
        return not multiline
    category = unicodedata.category(char)
    return category in ("Cc", "Cs") or char in BIDI_CONTROLS or char in "\u2028\u2029"


def refused_pattern(multiline: bool) -> re.Pattern[str]:
    """A pattern matching any character the rule refuses in such a field (or a line break a
    multi-line field would have made ``\n``): one search in C, for a quick pass over many fields."""
    return _REFUSED_IN[multiline]


def describe_character(char: str) -> str:
    """``U+001B (ESC)``, ``U+202E (RIGHT-TO-LEFT OVERRIDE)``: a character named for a message."""
    code = ord(char)
    name = _NAMES.get(code) or unicodedata.name(char, "")
    if not name and unicodedata.category(char) == "Cs":
        name = "half of a character pair"
    return f"U+{code:04X} ({name})" if name else f"U+{code:04X}"


def text_problem(value: str, *, multiline: bool) -> str | None:
    """Why ``value`` may not be stored, in words for a message; None when it is fine.

    ``value`` is taken as it will be stored, so call :func:`normalise_line_breaks` first
    for a multi-line field.
    """
    if not _REFUSED_IN[multiline].search(value):
        return None
    for position, char in enumerate(value, start=1):
        if _refused(char, multiline):
            if char in "\t\n\r\u2028\u2029" and not multiline:
                return f"holds a {describe_character(char)} at position {position}; this field is one line of text"
            allowed = "ordinary text, new lines and tabs are" if multiline else "ordinary text is"
            if char in BIDI_CONTROLS:
                kind = "a character that reverses how the text after it is shown"
            elif unicodedata.category(char) == "Cs":
                kind = "a broken character"
            else:
                kind = "a control character"
            return f"holds {kind}, {describe_character(char)}, at position {position}; only {allowed} allowed"
    return None


def normalise_line_breaks(value: str) -> str:
    """Windows, old Mac and Unicode line and paragraph separators as ``\\n``."""
    return _LINE_BREAKS.sub("\n", value)


def check_text(value: str, *, multiline: bool) -> str:
    """``value`` ready to store (line breaks made ``\\n`` in multi-line fields); ValueError says why not."""
    if multiline:
        value = normalise_line_breaks(value)
    problem = text_problem(value, multiline=multiline)
    if problem:
        raise ValueError(problem)
    return value


def escape_for_terminal(text: str, *, keep_newlines: bool = True) -> str:
    """``text`` with every refused character written as ``\\uXXXX``, for a terminal or a log.

    Text stored before these rules (an old database) may still hold an ESC sequence; written
    raw it would recolour or clear the therapist's terminal.  The ``\\uXXXX`` form is also a
    valid escape inside a JSON string, so JSON output stays JSON.
    """
    out = []
    for char in text:
        if char == "\n" and keep_newlines:
            out.append(char)
        elif char == "\n" or _refused(char, multiline=True):
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return "".join(out)
