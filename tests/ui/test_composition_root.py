"""One place opens the database: ``services.store.open_database``, for the command line, the desktop's
start and Settings switching databases alike."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

import careplan
from careplan.services import store as store_module
from careplan.storage.db import sqlite_url
from careplan.ui.application import open_and_read

PACKAGE = Path(careplan.__file__).resolve().parent


def calls_of(name: str) -> list[str]:
    """Every module:line in the package that calls ``name`` (as ``name(...)`` or ``x.name(...)``)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                called = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
                if called == name:
                    found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    return found


def test_only_the_composition_root_opens_a_store() -> None:
    opened = calls_of("open_store")
    assert opened and all(where.startswith("services/store.py:") for where in opened), opened
    users = {where.split(":")[0] for where in calls_of("open_database")}
    assert {"cli.py", "ui/application.py", "ui/main_window.py"} <= users, users


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str | None, ...]]:
    """The calls of open_database (which still opens the database)."""
    calls: list[tuple[str | None, ...]] = []
    real = store_module.open_database

    def recording(paths: Any, *urls: str | None) -> Any:
        calls.append(urls)
        return real(paths, *urls)

    monkeypatch.setattr(store_module, "open_database", recording)
    return calls


def test_the_desktop_start_opens_through_it(opened: list[tuple[str | None, ...]], paths: Any) -> None:
    url = sqlite_url(paths.data / "start.sqlite3")
    first = open_and_read(url, paths, dt.date(2027, 2, 10))
    try:
        assert opened == [(url,)] and first.store.url == url
    finally:
        first.store.close()


def test_switching_databases_opens_through_it(
    window: Any, opened: list[tuple[str | None, ...]], paths: Any, qtbot: Any
) -> None:
    other = sqlite_url(paths.data / "other.sqlite3")
    with qtbot.waitSignal(window.store_switched) as switched:
        assert window.switch_database(other)
    assert opened == [(other,)] and switched.args == [other] and window.ops.store.url == other
    # No address: the file in the data folder, opened the same way.
    with qtbot.waitSignal(window.store_switched) as switched:
        assert window.switch_database(None)
    assert opened[-1] == (None,) and switched.args == [sqlite_url(paths.database)]


def test_the_command_line_opens_through_it(opened: list[tuple[str | None, ...]], paths: Any, run: Any) -> None:
    code, _out, err = run("list")
    assert code == 0, err
    assert opened == [(None, None, None)]  # no --db, no CAREPLAN_DB, none in the settings: the file
