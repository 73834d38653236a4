"""Where this process keeps what it can make again (``careplan.core.cache_folder``): unset unless the
program's start names it, so tests and scripts keep nothing."""

from __future__ import annotations

from pathlib import Path

from careplan.core.cache_folder import cache_folder, set_cache_folder
from careplan.paths import AppPaths

from support.db import example_document


def test_unset_until_named_and_unset_again(tmp_path: Path) -> None:
    assert cache_folder() is None
    set_cache_folder(tmp_path)
    assert cache_folder() == tmp_path
    set_cache_folder(None)
    assert cache_folder() is None


def test_the_program_names_the_users_cache_folder_at_start(run: object) -> None:
    assert cache_folder() is None
    run.import_ok(example_document())  # type: ignore[attr-defined]
    assert cache_folder() == AppPaths.from_env().cache  # the test's XDG_CACHE_HOME/careplan
