"""careplan.core.cached: a keyed pickle in the cache folder, trusted only when it can be (the library's
and the drawings' caches are tested through their own modules too)."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from careplan.core.cached import file_stamps, read_cached, stamps_of, write_cached

KEY = ("1.0", "python", [("a.toml", 3, 7)])


def test_a_value_comes_back_under_its_key_only(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "value.pickle"
    write_cached(path, KEY, {"shapes": (1.5, 2.5)})
    assert read_cached(path, KEY) == {"shapes": (1.5, 2.5)}
    assert read_cached(path, ("1.1", "python", [("a.toml", 3, 7)])) is None
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


@pytest.mark.parametrize("data", [b"", b"not a pickle", b"\x80\x05\x95"], ids=["empty", "garbage", "cut-short"])
def test_a_damaged_file_reads_as_nothing(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "value.pickle"
    path.write_bytes(data)
    os.chmod(path, 0o600)
    assert read_cached(path, KEY) is None
    assert read_cached(tmp_path / "missing.pickle", KEY) is None


@pytest.mark.skipif(os.name != "posix", reason="file owners and modes are POSIX")
def test_a_file_others_can_change_or_another_account_owns_is_not_unpickled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "value.pickle"
    write_cached(path, KEY, "value")
    os.chmod(path, 0o620)
    assert read_cached(path, KEY) is None
    os.chmod(path, 0o600)
    assert read_cached(path, KEY) == "value"
    me = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: me + 1)  # as root (CI) a file cannot portably be given away
    assert read_cached(path, KEY) is None


def test_a_folder_or_disk_that_refuses_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_bytes(b"")
    write_cached(blocked / "cache" / "value.pickle", KEY, "value")  # mkdir fails, as root too
    assert blocked.read_bytes() == b""

    def full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    write_cached(tmp_path / "cache" / "value.pickle", KEY, "value")
    assert list((tmp_path / "cache").iterdir()) == []


def test_stamps_change_with_a_files_size_or_time(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text("x = 1\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not stamped", encoding="utf-8")
    before = file_stamps(tmp_path, "*.toml")
    assert [Path(name).name for name, _size, _time in before] == ["a.toml"]
    os.utime(tmp_path / "a.toml", ns=(1, 1))
    assert file_stamps(tmp_path, "*.toml") != before


def test_named_files_are_stamped_alike_and_a_missing_one_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "b.toml").write_text("y = 2\n", encoding="utf-8")
    (tmp_path / "a.toml").write_text("x = 1\n", encoding="utf-8")
    named = [tmp_path / "a.toml", tmp_path / "b.toml"]
    assert stamps_of(named) == file_stamps(tmp_path, "*.toml")
    with pytest.raises(FileNotFoundError):
        stamps_of([*named, tmp_path / "gone.py"])
