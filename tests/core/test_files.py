"""write_atomic: a failed write (a full disk) leaves the old file whole and no scraps."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from careplan.core import files
from careplan.core.files import write_atomic

from support.db import FIXTURES


class _FullDiskOs:
    """``os`` as write_atomic sees it on a full disk: everything works but fsync (only there)."""

    def __getattr__(self, name: str) -> object:
        return getattr(os, name)

    @staticmethod
    def fsync(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_writes_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "plan.json"
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.json"]


def test_full_disk_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "handout.pdf"
    target.write_bytes(b"the old handout")

    monkeypatch.setattr(files, "os", _FullDiskOs())
    with pytest.raises(OSError) as info:
        write_atomic(target, b"%PDF new")
    assert info.value.errno == errno.ENOSPC
    assert target.read_bytes() == b"the old handout"
    assert [p.name for p in tmp_path.iterdir()] == ["handout.pdf"]


def test_cli_reports_a_full_disk_plainly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from careplan import app

    monkeypatch.setenv("CAREPLAN_DATA_DIR", str(tmp_path / "d"))
    monkeypatch.setenv("CAREPLAN_CONFIG_DIR", str(tmp_path / "c"))
    monkeypatch.delenv("CAREPLAN_DB", raising=False)
    monkeypatch.setenv("CAREPLAN_THERAPIST", "Jo Patel")
    plan = FIXTURES / "example-plan.json"
    assert app.main(["import", str(plan)]) == 0
    capsys.readouterr()

    monkeypatch.setattr(files, "os", _FullDiskOs())
    assert app.main(["export", "1", "-o", str(tmp_path / "out.json")]) == 2
    err = capsys.readouterr().err
    assert "No space left on device" in err and "Nothing was written" in err
    assert not (tmp_path / "out.json").exists()
