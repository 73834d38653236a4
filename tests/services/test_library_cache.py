"""The shipped library kept ready in the cache folder: the same library, rebuilt whenever it cannot be trusted."""

from __future__ import annotations

import os
import pickle
import shutil
import stat
from pathlib import Path

import pytest

from careplan.catalog import CatalogError, clear_cache, load_library
from careplan.core import resources
from careplan.services.library_cache import CACHE_FILENAME, cache_key, load_shipped_library


@pytest.fixture(autouse=True)
def _fresh() -> None:
    clear_cache()  # the in-process lru_cache would hide whether the files were read again


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the times the library files are read and checked (the cost the cache saves)."""
    calls: list[int] = []

    def counting_load(*args: object, **kwargs: object) -> object:
        calls.append(1)
        clear_cache()
        return load_library()

    import careplan.catalog

    monkeypatch.setattr(careplan.catalog, "load_library", counting_load)
    return calls


def test_the_cached_library_is_the_library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reads = _reads(monkeypatch)
    first = load_shipped_library(tmp_path / "cache")
    second = load_shipped_library(tmp_path / "cache")
    assert reads == [1]  # read and checked once; the second run used the cache
    assert first == second == load_library()
    path = tmp_path / "cache" / CACHE_FILENAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_a_changed_library_file_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    catalog = tmp_path / "resources" / "catalog"
    shutil.copytree(resources.resource_path("catalog"), catalog)
    monkeypatch.setattr(resources, "RESOURCES_DIR", tmp_path / "resources")
    reads = _reads(monkeypatch)
    load_shipped_library(tmp_path / "cache")
    neck = catalog / "exercises-neck.toml"
    neck.write_text(neck.read_text(encoding="utf-8").replace("reps = 10,", "reps = 0,", 1), encoding="utf-8")
    with pytest.raises(CatalogError, match=r"exercises-neck.toml.*dosage.reps: must be between 1 and 200"):
        load_shipped_library(tmp_path / "cache")
    assert reads == [1, 1]  # the broken file was read, not the cache: the same error as without it


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda p: p.write_bytes(b"not a pickle"), id="garbage"),
        pytest.param(lambda p: p.write_bytes(p.read_bytes()[:1000]), id="cut-short"),
        pytest.param(lambda p: p.write_bytes(pickle.dumps((cache_key(), {"not": "a library"}))), id="wrong-type"),
        pytest.param(lambda p: p.write_bytes(pickle.dumps((("0.0.0",), load_library()))), id="other-version"),
        pytest.param(lambda p: p.write_bytes(b""), id="empty"),
    ],
)
def test_a_damaged_or_stale_cache_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: object) -> None:
    folder = tmp_path / "cache"
    load_shipped_library(folder)
    path = folder / CACHE_FILENAME
    damage(path)  # type: ignore[operator]
    reads = _reads(monkeypatch)
    assert load_shipped_library(folder) == load_library()
    assert reads == [1]
    # ... and rebuilt: the next run reads the cache again.
    assert load_shipped_library(folder) == load_library() and reads == [1]


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_cache_file_others_can_change_is_not_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "cache"
    load_shipped_library(folder)
    path = folder / CACHE_FILENAME
    os.chmod(path, 0o666)
    reads = _reads(monkeypatch)
    assert load_shipped_library(folder) == load_library()
    assert reads == [1]  # not unpickled: read from the library files, and the cache replaced owner-only
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_cache_folder_that_cannot_be_written_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_bytes(b"")  # a file where the folder should be: mkdir fails, as root too
    reads = _reads(monkeypatch)
    assert load_shipped_library(blocked / "cache") == load_library()
    assert load_shipped_library(blocked / "cache") == load_library()
    assert reads == [1, 1]
    assert blocked.read_bytes() == b""


def test_a_full_disk_leaves_no_partial_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    folder = tmp_path / "cache"
    assert load_shipped_library(folder) == load_library()
    assert list(folder.iterdir()) == []
