"""Shared by every test: no display needed, and nothing touches the real home folder.

``QT_QPA_PLATFORM=offscreen`` is set here, before anything imports Qt, so a plain
``pytest`` works on a machine without a display.  Every test gets its own data
and configuration folders (``CAREPLAN_DATA_DIR``, ``CAREPLAN_CONFIG_DIR``), and
the XDG folders Qt and platformdirs fall back on point into the test's temporary
folder too.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _private_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("CAREPLAN_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("CAREPLAN_CONFIG_DIR", str(home / "config"))
    monkeypatch.delenv("CAREPLAN_DB", raising=False)
    for name, sub in (("XDG_CONFIG_HOME", ".config"), ("XDG_DATA_HOME", ".local/share"), ("XDG_CACHE_HOME", ".cache")):
        monkeypatch.setenv(name, str(home / sub))
    _private_keyring(monkeypatch)
    # A command run in-process names the cache folder (careplan.app.main): forgotten after the test.
    monkeypatch.setattr("careplan.core.cache_folder._folder", None)
    return home


def _private_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file keyring under the test's own XDG_DATA_HOME (CI has no Secret Service); subprocesses
    inherit it through PYTHON_KEYRING_BACKEND.  A fresh backend object per test: the file backend
    fixes its path when first used."""
    import keyring
    from keyrings.alt.file import PlaintextKeyring

    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    keyring.set_keyring(PlaintextKeyring())


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Any:
    """The command line run in-process on a database in ``tmp_path`` (``test_cli.Run``), for every
    command-line test module."""
    from test_cli import Run

    return Run(tmp_path, monkeypatch, capsys)
