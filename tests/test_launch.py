"""``careplan.app.launch``: a finished command ends at once (``end_now``), with everything it wrote whole.

The process ends without Python's teardown, so these run the real program as a user does and check what
must have reached the disk and the terminal before it ended: the PDF, the activity log's row, the log
file's line, every byte of output written to a pipe, and the exit status.
"""

from __future__ import annotations

import gc
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from careplan import app

from support.db import FIXTURES

ROOT = Path(__file__).resolve().parent.parent


def careplan(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "CAREPLAN_DATA_DIR": str(tmp_path / "data"),
        "CAREPLAN_CONFIG_DIR": str(tmp_path / "config"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "CAREPLAN_THERAPIST": "Jo Patel",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("CAREPLAN_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "careplan", *args], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120
    )


def test_a_handout_is_whole_recorded_and_logged_when_the_process_has_ended(tmp_path: Path) -> None:
    imported = careplan(tmp_path, "import", str(FIXTURES / "example-plan.json"))
    assert imported.returncode == 0, imported.stderr
    plan_id = imported.stdout.strip().splitlines()[-1]
    pdf = tmp_path / "family.pdf"
    done = careplan(tmp_path, "handout", plan_id, "--for", "family", "-o", str(pdf))
    assert (done.returncode, done.stderr) == (0, "")
    assert len(PdfReader(str(pdf)).pages) >= 2  # written whole: every page readable
    with sqlite3.connect(tmp_path / "data" / "careplan.sqlite3") as db:
        actions = [row[0] for row in db.execute("SELECT action FROM audit_events ORDER BY id")]
    db.close()
    assert actions == ["imported", "exported"]  # the handout's event was committed before the end
    log_text = (tmp_path / "data" / "logs" / "careplan.log").read_text(encoding="utf-8")
    assert f"wrote a family handout for plan {plan_id}" in log_text  # the log was flushed


def test_all_output_to_a_pipe_arrives_and_a_refusal_keeps_its_status(tmp_path: Path) -> None:
    for n in range(3):
        doc = json.loads((FIXTURES / "example-plan.json").read_text(encoding="utf-8"))
        doc["patient"]["given_name"] = f"Given{n}"
        source = tmp_path / f"plan{n}.json"
        source.write_text(json.dumps(doc), encoding="utf-8")
        assert careplan(tmp_path, "import", str(source)).returncode == 0
    listed = careplan(tmp_path, "list", "--json")
    assert listed.returncode == 0 and len(json.loads(listed.stdout)["patients"]) == 3  # the whole JSON
    refused = careplan(tmp_path, "handout", "999", "--for", "family", "-o", str(tmp_path / "x.pdf"))
    assert refused.returncode == 2 and "There is no plan with id 999" in refused.stderr
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize(("command", "ended_at_once"), [(True, True), (False, False)])
def test_only_a_command_ends_at_once(
    monkeypatch: pytest.MonkeyPatch, command: bool, ended_at_once: bool, collector: None
) -> None:
    ended: list[Any] = []

    class Ended(Exception):
        pass

    def at_once(code: int) -> None:
        ended.append(code)
        raise Ended

    monkeypatch.setattr(app, "_run", lambda argv: (3, command))
    monkeypatch.setattr(app.os, "_exit", at_once)
    with pytest.raises(Ended if ended_at_once else SystemExit) as raised:
        app.launch()
    assert ended == ([3] if ended_at_once else [])
    if not ended_at_once:
        assert isinstance(raised.value, SystemExit) and raised.value.code == 3


@pytest.fixture
def collector() -> Iterator[None]:
    """``launch`` turns Python's cycle collector off for a command: the test process gets it back."""
    yield
    gc.enable()


def test_a_command_runs_without_the_cycle_collector(monkeypatch: pytest.MonkeyPatch, collector: None) -> None:
    during: list[bool] = []

    def command(argv: Any) -> tuple[int, bool]:
        during.append(gc.isenabled())
        return 0, True

    monkeypatch.setattr(app, "_run", command)
    monkeypatch.setattr(app.os, "_exit", lambda code: None)
    with pytest.raises(SystemExit):  # os._exit returned (it is a stand-in): launch's last line runs
        app.launch()
    assert during == [False]


def test_the_desktop_program_collects_as_usual(monkeypatch: pytest.MonkeyPatch, collector: None) -> None:
    import careplan.ui.application as application

    during: list[bool] = []

    def desktop(args: Any, paths: Any) -> int:
        during.append(gc.isenabled())
        return 0

    monkeypatch.setattr(application, "run_gui", desktop)
    gc.disable()  # as launch leaves it before it knows which program runs
    assert app.main([]) == 0
    assert during == [True]
