"""Database fixtures: a real SQLite file per test, and a real PostgreSQL server when one is given.

PostgreSQL tests read ``CAREPLAN_TEST_PG_URL`` (``.ci/run`` starts a server and sets it).
On a laptop without it they skip; in CI (``CI=true``) a missing server is a failure,
so the PostgreSQL tests can never pass by skipping there.
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import MetaData, create_engine, text

from careplan.paths import AppPaths
from careplan.services.store import Store, open_store
from careplan.storage.db import sqlite_url

#: Plan files the tests read (copies kept in this repository, so a clone runs its own tests).
FIXTURES = Path(__file__).resolve().parents[1] / "data" / "fixtures"
FIXTURES_BAD = FIXTURES / "bad"


def example_document() -> dict[str, Any]:
    return json.loads((FIXTURES / "example-plan.json").read_text(encoding="utf-8"))


def pg_url_or_skip() -> str:
    url = os.environ.get("CAREPLAN_TEST_PG_URL")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("CAREPLAN_TEST_PG_URL is not set: CI must run the PostgreSQL tests (see .ci/run)")
        pytest.skip("no PostgreSQL server (set CAREPLAN_TEST_PG_URL to run these)")
    return url


def reset_pg(url: str) -> None:
    """Drop every table so each test starts from an empty database."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            meta = MetaData()
            meta.reflect(conn)
            meta.drop_all(conn)
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    finally:
        engine.dispose()


@pytest.fixture
def app_paths(tmp_path: Path) -> AppPaths:
    paths = AppPaths(tmp_path / "data", tmp_path / "config")
    paths.ensure()
    return paths


@pytest.fixture
def sqlite_db(app_paths: AppPaths) -> str:
    return sqlite_url(app_paths.database)


@pytest.fixture
def pg_db() -> str:
    url = pg_url_or_skip()
    reset_pg(url)
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, app_paths: AppPaths) -> str:
    if request.param == "sqlite":
        return sqlite_url(app_paths.database)
    url = pg_url_or_skip()
    reset_pg(url)
    return url


@pytest.fixture
def store(db_url: str, app_paths: AppPaths) -> Iterator[Store]:
    opened = open_store(db_url, app_paths)
    yield opened
    opened.close()


@pytest.fixture
def example_doc() -> dict[str, Any]:
    return copy.deepcopy(example_document())


def doc_bytes(doc: Any) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")
