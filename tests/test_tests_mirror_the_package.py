"""Tests mirror the package: every module of ``careplan/`` has a test module of its own.

``careplan/<folder>/<name>.py`` is mirrored when ``tests/<folder>/`` holds a test module that

- is named after it: ``test_<name>*.py``, or ``test_<folder>_<name>*.py`` where ``test_<name>.py``
  is taken elsewhere (basenames are unique across ``tests/``); or
- imports it by its full name: ``from careplan.<folder>.<name> import ...``,
  ``import careplan.<folder>.<name>``, ``from careplan.<folder> import <name>``; or
- names it, by its full name, in its docstring: for tests that check a module's behaviour through
  its package's public names (the handouts are tested by rendering them and reading the PDF back).

A module reached only through its package (``from careplan.export import render_handout``) and
named nowhere is not mirrored: a test module must say which module it is about.

Outside the rule: ``careplan/ui`` (the screens have tests by screen and behaviour in tests/ui, and
are being reshaped), package ``__init__`` files, and the short list below, each with its reason.
When a module gains its own test module, its line here must go (the test says so).
"""

from __future__ import annotations

import ast
import functools
import re
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: Modules (or folders, ending in "/") outside the rule, and why.
ALLOWED: dict[str, str] = {
    "careplan/ui/": "the desktop's screens: tested by screen and behaviour in tests/ui (pytest-qt), not by module",
    "careplan/storage/migrations/": (
        "Alembic scripts, run by Alembic, not imported (names start with digits): tests/storage/test_migrations.py"
        " upgrades a database of every released schema through all of them"
    ),
    "careplan/__main__.py": (
        "two lines that hand over to careplan.app.launch; tests/test_cli.py and tests/test_launch.py run"
        " `python -m careplan` as a process"
    ),
}


@functools.cache
def _tree(test_module: Path) -> ast.Module:
    return ast.parse(test_module.read_text(encoding="utf-8"), filename=str(test_module))


def _imports(test_module: Path, dotted: str) -> bool:
    """Whether ``test_module`` imports the module ``dotted`` by its full name (anywhere in the file)."""
    package, _, name = dotted.rpartition(".")
    for node in ast.walk(_tree(test_module)):
        if isinstance(node, ast.Import) and any(alias.name == dotted for alias in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and node.level == 0:
            if node.module == dotted:
                return True
            if node.module == package and any(alias.name == name for alias in node.names):
                return True
    return False


def _names(test_module: Path, dotted: str) -> bool:
    """Whether the docstring of ``test_module`` names the module ``dotted`` by its full name."""
    docstring = ast.get_docstring(_tree(test_module)) or ""
    return re.search(rf"(?<![\w.]){re.escape(dotted)}(?!\w)", docstring) is not None


def own_test_modules(module: Path, package: Path, tests: Path) -> list[Path]:
    """The test modules of ``module`` (a file under ``package``) in the mirrored folder of ``tests``."""
    relative = module.relative_to(package.parent).with_suffix("")
    dotted = ".".join(relative.parts)
    folder = tests.joinpath(*relative.parts[1:-1])
    names = [f"test_{module.stem}"] + ([f"test_{module.parent.name}_{module.stem}"] if len(relative.parts) > 2 else [])
    found = []
    for candidate in sorted(folder.glob("test_*.py")):
        if candidate.stem.startswith(tuple(names)) or _imports(candidate, dotted) or _names(candidate, dotted):
            found.append(candidate)
    return found


def _allowed(path: str, allowed: dict[str, str]) -> str | None:
    return next((key for key in allowed if path == key or (key.endswith("/") and path.startswith(key))), None)


def unmirrored(package: Path, tests: Path, allowed: dict[str, str]) -> list[str]:
    """The modules of ``package`` with no test module of their own and not allowed without one."""
    missing = []
    for module in sorted(package.rglob("*.py")):
        path = module.relative_to(package.parent).as_posix()
        if module.name == "__init__.py" or _allowed(path, allowed):
            continue
        if not own_test_modules(module, package, tests):
            missing.append(path)
    return missing


def test_every_module_has_a_test_module_of_its_own() -> None:
    missing = unmirrored(ROOT / "careplan", ROOT / "tests", ALLOWED)
    assert missing == [], (
        "modules without a test module of their own (add tests/<folder>/test_<name>.py, or a line with"
        " its reason to ALLOWED in tests/test_tests_mirror_the_package.py):\n  " + "\n  ".join(missing)
    )


def test_the_allow_list_holds_only_what_still_needs_it() -> None:
    package, tests = ROOT / "careplan", ROOT / "tests"
    for key, reason in ALLOWED.items():
        assert reason.strip(), f"{key}: give the reason"
        target = ROOT / key
        assert target.exists(), f"{key} is allowed without tests but no longer exists"
        if target.is_file():
            assert not own_test_modules(target, package, tests), f"{key} has its own tests now: remove its line"


def test_test_module_names_are_unique_across_tests() -> None:
    """pytest imports tests by basename (tests/ on its pythonpath): two test_x.py would clash."""
    names = Counter(path.name for path in (ROOT / "tests").rglob("test_*.py"))
    assert [name for name, count in names.items() if count > 1] == []


# ------------------------------------------------------------- the rule itself, on a made-up package


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("test_files", "missing"),
    [
        ({}, ["careplan/core/wording.py", "careplan/export/text.py", "careplan/paths.py"]),
        (
            {
                "tests/core/test_wording.py": "",
                "tests/export/test_export_text.py": "",
                "tests/test_paths_override.py": "",
            },
            [],
        ),
        (
            {
                "tests/core/test_dates.py": "from careplan.core.wording import parse_date\n",
                "tests/export/test_markup.py": "from careplan.export import text\n",
                "tests/test_where_files_go.py": "def f():\n    import careplan.paths\n",
            },
            [],
        ),
        (
            {
                "tests/core/test_dates.py": '"""Dates in words (careplan.core.wording)."""\n',
                "tests/export/test_markup.py": '"""Markup.\n\nSee careplan.export.text, and more."""\n',
                "tests/test_where_files_go.py": '"""careplan.paths: where files go."""\n',
            },
            [],
        ),
        (
            {
                "tests/export/test_handouts.py": "from careplan.export import render_handout\n",  # the package only
                "tests/test_wording.py": "",  # not in the mirrored folder
                "tests/core/test_text.py": "from careplan.core import wording_old\n",  # another module
                "tests/test_all.py": "import careplan\n",
                "tests/core/test_other.py": '"""Not about careplan.core.wordings or xcareplan.core.wording."""\n',
                "tests/export/test_comment.py": "# careplan.export.text is named in a comment, not the docstring\n",
            },
            ["careplan/core/wording.py", "careplan/export/text.py", "careplan/paths.py"],
        ),
    ],
    ids=["no-tests", "named-after-it", "imports-it", "docstring-names-it", "neither"],
)
def test_the_rule_finds_modules_without_their_own_tests(
    tmp_path: Path, test_files: dict[str, str], missing: list[str]
) -> None:
    _write(
        tmp_path,
        {
            "careplan/__init__.py": "",
            "careplan/paths.py": "",
            "careplan/core/__init__.py": "",
            "careplan/core/wording.py": "",
            "careplan/export/__init__.py": "",
            "careplan/export/text.py": "",
            "careplan/ui/window.py": "",
            **test_files,
        },
    )
    (tmp_path / "tests").mkdir(exist_ok=True)
    assert unmirrored(tmp_path / "careplan", tmp_path / "tests", {"careplan/ui/": "screens"}) == missing
