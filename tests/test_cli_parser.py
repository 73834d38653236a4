"""``careplan.cli.build_parser``: given its command line, the parser makes only the named command's options,
and reads every line exactly as the parser with all commands does (the same values, the same mistakes)."""

from __future__ import annotations

import contextlib
import io

import pytest

from careplan.cli import _COMMANDS, _command_named, build_parser

#: At least one line per command, with the options before the command in their several spellings.
LINES = [
    ["import", "plan.json"],
    ["--as", "Jo Patel", "import", "plan.json", "--note", "first visit"],
    ["export", "3", "-o", "p.json"],
    ["--db", "sqlite:////tmp/x.sqlite3", "list", "--json"],
    ["--db=postgresql://clinic/careplan", "list"],
    ["--d", "sqlite:////tmp/x.sqlite3", "list"],
    ["catalog", "--category", "cervical"],
    ["check", "4"],
    ["handout", "1", "--for", "family", "-o", "f.pdf", "--large-print", "--no-show-identifier"],
    ["--as=Jo", "handout", "2", "--for", "school", "-o", "s.pdf", "--paper", "Letter", "--draft"],
    ["progress", "1", "-o", "p.pdf", "--for", "family"],
    ["fhir", "1", "-o", "b.json", "--version", "R5", "--document"],
    ["backup", "-o", "b.sqlite3"],
    ["backups"],
    ["restore", "b.sqlite3"],
    ["doctor"],
    ["audit", "2", "--limit", "5", "--json"],
    ["new", "--patient", "1", "--template", "starter.cervical"],
    ["copy", "1", "--to-patient", "2"],
    ["templates", "--json"],
    ["template", "save", "1", "--name", "Neck basics"],
    ["template", "delete", "own.x", "--if-version", "2"],
    ["assess", "1", "--from", "a.json"],
    ["recorded", "--patient", "1"],
    ["assessment", "change", "4", "--from", "a.json", "--if-version", "1"],
    ["injection", "delete", "2"],
    ["encrypt"],
    ["decrypt"],
]

#: Lines argparse refuses or answers itself: the same words and status either way.
REFUSED = [
    [],
    ["--help"],
    ["-h", "handout"],
    ["--version"],
    ["handout", "--help"],
    ["handout", "1"],
    ["handout", "x", "--for", "family", "-o", "f.pdf"],
    ["hand", "1"],
    ["--db"],
    ["--as", "Jo"],
    ["template"],
    ["assessment", "change", "4"],
    ["--", "list"],
]


def _answer(parser_for_line: list[str] | None, line: list[str]) -> tuple[object, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            result: object = vars(build_parser(parser_for_line).parse_args(line))
        except SystemExit as exc:
            result = ("exit", exc.code)
    return result, out.getvalue(), err.getvalue()


def test_the_table_names_every_command_in_the_helps_order() -> None:
    full = build_parser()
    listed = list(full._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    assert listed == [name for names, _add in _COMMANDS for name in names]
    assert len(listed) == 23


@pytest.mark.parametrize("line", LINES, ids=" ".join)
def test_a_line_reads_as_with_every_command(line: list[str]) -> None:
    lazy = _answer(line, line)
    assert lazy == _answer(None, line)
    assert isinstance(lazy[0], dict) and lazy[0]["command"]


@pytest.mark.parametrize("line", REFUSED, ids=lambda line: " ".join(line) or "(nothing)")
def test_a_refused_line_is_answered_as_with_every_command(line: list[str]) -> None:
    assert _answer(line, line) == _answer(None, line)


def test_only_the_named_command_is_made() -> None:
    parser = build_parser(["handout", "1", "--for", "family", "-o", "f.pdf"])
    assert list(parser._subparsers._group_actions[0].choices) == ["handout"]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("line", "named"),
    [
        (["handout", "1"], "handout"),
        (["--db", "x", "handout"], "handout"),
        (["--db=x", "list"], "list"),
        (["--d", "handout", "list"], "list"),  # argparse reads --d as --db, with "handout" its value
        (["--as", "list", "doctor"], "doctor"),
        (["-h", "handout"], None),
        (["--version"], None),
        (["hand"], None),
        (["--", "list"], None),
        ([], None),
    ],
)
def test_the_command_a_line_names(line: list[str], named: str | None) -> None:
    assert _command_named(line) == named
