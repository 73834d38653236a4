"""Settings: validated by pydantic, written atomically, bad files named plainly; a file checked once
is read from the cache folder without pydantic until a byte of it changes."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from careplan import settings as settings_module
from careplan.core.cache_folder import set_cache_folder
from careplan.core.cached import write_cached
from careplan.settings import (
    CACHE_FILENAME,
    ClinicSettings,
    Settings,
    SettingsError,
    load_settings,
    save_settings,
    settings_from_dict,
)

from support.images import png_bytes

ROOT = Path(__file__).resolve().parents[1]


def test_defaults_when_there_is_no_file(tmp_path: Path) -> None:
    settings = load_settings(tmp_path)
    assert settings == Settings()
    assert settings.paper == "A4" and settings.database_url is None


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(png_bytes())
    settings = settings_from_dict(
        {
            "clinic": {
                "name": "Northside Neuro Physio",
                "address": "1 Main St\nDublin",
                "phone": "01 555 0100",
                "logo_path": str(logo),
            },
            "therapist": {"name": "Jo Patel", "role": "Neurophysiotherapist"},
            "paper": "Letter",
        }
    )
    path = save_settings(tmp_path / "cfg", settings)
    assert path.exists() and not list(path.parent.glob("*.tmp"))
    loaded = load_settings(tmp_path / "cfg")
    assert loaded == settings
    clinic = loaded.clinic_details()
    assert clinic.name == "Northside Neuro Physio"
    assert clinic.logo is not None and clinic.logo.media_type == "image/png"
    assert loaded.default_therapist().name == "Jo Patel"


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ('{"paper": "A5"}', "paper: Input should be 'A4' or 'Letter'"),
        ('{"clinic": {"fax": "1"}}', "clinic.fax: not a setting Careplan knows"),
        ('{"colour": "blue"}', "colour: not a setting Careplan knows"),
        ("{broken", "not valid"),
        ("[1, 2]", "(the whole file)"),
        ('{"clinic": {"emergency_number": "call 999"}}', "clinic.emergency_number: String should match pattern"),
        ('{"clinic": {"emergency_number": "  "}}', "clinic.emergency_number: String should have at least 1 character"),
        (json.dumps({"clinic": {"name": "N" * 201}}), "clinic.name: String should have at most 200 characters"),
        (json.dumps({"therapist": {"role": "PT\x1b[2J"}}), "therapist.role: holds a control character, U+001B (ESC)"),
        (json.dumps({"clinic": {"phone": "0161\n496"}}), "this field is one line of text"),
        ('{"handouts": {"show_identifier": "perhaps"}}', "handouts.show_identifier: Input should be a valid boolean"),
    ],
)
def test_bad_settings_file_is_named(tmp_path: Path, content: str, words: str) -> None:
    (tmp_path / "settings.json").write_text(content, encoding="utf-8")
    with pytest.raises(SettingsError) as info:
        load_settings(tmp_path)
    assert str(tmp_path / "settings.json") in str(info.value)
    assert words in str(info.value)
    assert str(info.value).endswith("Fix it, or delete it to start again from the defaults.")


def test_text_is_made_ready_as_before(tmp_path: Path) -> None:
    """Spaces around text go, a Windows line break in the address becomes a new line, a number is kept."""
    content = {"clinic": {"name": "  Northside  ", "address": "1 Main St\r\nDublin", "emergency_number": " 112 "}}
    (tmp_path / "settings.json").write_text(json.dumps(content), encoding="utf-8")
    clinic = load_settings(tmp_path).clinic
    assert (clinic.name, clinic.address, clinic.emergency_number) == ("Northside", "1 Main St\nDublin", "112")


def test_a_form_that_breaks_a_rule_names_the_setting(tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as info:
        settings_from_dict({"clinic": {"name": "Northside"}, "therapist": {"phone": "0161\x07"}})
    assert info.value.place == ("therapist", "phone")
    assert info.value.problem == "holds a control character, U+0007 (BEL), at position 5; only ordinary text is allowed"
    assert "therapist.phone" in str(info.value)


def test_missing_logo_is_left_out(tmp_path: Path) -> None:
    settings = settings_from_dict({"clinic": {"name": "X", "logo_path": str(tmp_path / "gone.png")}})
    assert settings.clinic_details().logo is None


# ------------------------------------------------------------------ the file's format stays the same

#: What Careplan wrote before the settings became dataclasses (made with that code): new code writes the same.
WRITTEN = (
    '{\n  "clinic": {\n    "name": "Zoë’s Clinic",\n    "address": "1 Main St\\nDublin",\n    "phone": "01 555 0100",\n'
    '    "email": "",\n    "logo_path": "",\n    "emergency_number": "112"\n  },\n  "therapist": {\n'
    '    "name": "Jo Patel",\n    "role": "Neurophysiotherapist",\n    "phone": "",\n    "email": ""\n  },\n'
    '  "handouts": {\n    "show_identifier": true,\n    "show_date_of_birth": false\n  },\n'
    '  "database_url": "postgresql+psycopg://anna@db.clinic.example:5432/careplan",\n  "paper": "Letter"\n}\n'
)


def test_the_saved_file_is_written_as_before_and_reads_back_unchanged(tmp_path: Path) -> None:
    settings = Settings(
        clinic=ClinicSettings(
            name="Zoë’s Clinic", address="1 Main St\nDublin", phone="01 555 0100", emergency_number="112"
        ),
        therapist=settings_from_dict({"therapist": {"name": "Jo Patel", "role": "Neurophysiotherapist"}}).therapist,
        handouts=replace(Settings().handouts, show_identifier=True),
        database_url="postgresql+psycopg://anna@db.clinic.example:5432/careplan",
        paper="Letter",
    )
    path = save_settings(tmp_path, settings)
    assert path.read_text(encoding="utf-8") == WRITTEN
    # An existing user's file reads back as the same settings, and saving them changes no byte.
    (tmp_path / "user").mkdir()
    (tmp_path / "user" / "settings.json").write_text(WRITTEN, encoding="utf-8")
    assert load_settings(tmp_path / "user") == settings
    save_settings(tmp_path / "user", load_settings(tmp_path / "user"))
    assert (tmp_path / "user" / "settings.json").read_text(encoding="utf-8") == WRITTEN


# ------------------------------------------------------------------ the checked-settings cache


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    """The cache folder this process keeps checked settings in (as ``careplan.app`` names it at start)."""
    folder = tmp_path / "cache"
    set_cache_folder(folder)  # tests/conftest.py forgets it after the test
    return folder


def checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records every check of a settings file or form by pydantic."""
    seen: list[str] = []
    real = settings_module._checked

    def counted(validate: object, what: str, advice: str) -> Settings:
        seen.append(what)
        return real(validate, what, advice)  # type: ignore[arg-type]

    monkeypatch.setattr(settings_module, "_checked", counted)
    return seen


def test_an_unchanged_file_is_checked_once_and_a_changed_one_again(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = checks(monkeypatch)
    path = tmp_path / "settings.json"
    path.write_text('{"clinic": {"name": "Northside"}}', encoding="utf-8")
    first = load_settings(tmp_path)
    assert load_settings(tmp_path) == first and len(seen) == 1
    assert (cache / CACHE_FILENAME).exists()
    # One byte changed, the size and everything else alike: checked again, never the old settings.
    path.write_text('{"clinic": {"name": "Northsidf"}}', encoding="utf-8")
    assert load_settings(tmp_path).clinic.name == "Northsidf" and len(seen) == 2
    # A bad value written after a good one is refused with the same words as without a cache.
    path.write_text('{"clinic": {"name": "Northside", "emergency_number": "nine"}}', encoding="utf-8")
    with pytest.raises(SettingsError, match=r"clinic\.emergency_number: String should match pattern"):
        load_settings(tmp_path)
    with pytest.raises(SettingsError, match=r"clinic\.emergency_number"):
        load_settings(tmp_path)
    assert len(seen) == 4


def test_a_changed_settings_module_checks_the_file_again(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a development checkout the version stays the same while a rule changes: the code's stamp is in the key."""
    seen = checks(monkeypatch)
    (tmp_path / "settings.json").write_text('{"paper": "Letter"}', encoding="utf-8")
    load_settings(tmp_path)
    monkeypatch.setattr(settings_module, "_code_stamps", lambda: (("settings.py", 1, 2),))
    assert load_settings(tmp_path).paper == "Letter" and len(seen) == 2


URL = "postgresql+psycopg://anna:s3cret-Pw%21@db.clinic.example:5432/careplan"
SAFE = "postgresql+psycopg://anna@db.clinic.example:5432/careplan"


def test_a_file_with_a_password_is_never_kept_in_the_cache(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no keyring the password stays in the file: it is checked on every read, never cached."""
    keyring.set_keyring(fail.Keyring())
    seen = checks(monkeypatch)
    (tmp_path / "settings.json").write_text(json.dumps({"database_url": URL}), encoding="utf-8")
    assert load_settings(tmp_path).database_url == URL
    assert load_settings(tmp_path).database_url == URL
    assert len(seen) == 2 and not cache.exists()


def test_a_password_moved_to_the_keyring_is_not_cached_either(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = checks(monkeypatch)
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"database_url": URL}), encoding="utf-8")
    assert load_settings(tmp_path).database_url == SAFE  # moved out, the file written again without it
    assert not cache.exists()
    assert load_settings(tmp_path).database_url == SAFE  # the file without a password: checked and kept
    assert load_settings(tmp_path).database_url == SAFE and len(seen) == 2
    kept = (cache / CACHE_FILENAME).read_bytes()
    assert b"s3cret" not in kept and SAFE.encode() in kept


def good_file(folder: Path) -> Settings:
    (folder / "settings.json").write_text('{"therapist": {"name": "Jo Patel"}}', encoding="utf-8")
    return settings_from_dict({"therapist": {"name": "Jo Patel"}})


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda path, key: path.write_bytes(b"\x80\x05 not a pickle"), id="damaged"),
        pytest.param(lambda path, key: path.write_bytes(b""), id="empty"),
        pytest.param(lambda path, key: write_cached(path, key, {"paper": "Letter"}), id="not-settings"),
        pytest.param(
            lambda path, key: write_cached(path, ("0.0.1", *key[1:]), Settings(paper="Letter")), id="other-key"
        ),
        pytest.param(lambda path, key: path.write_bytes(pickle.dumps((key[:-1], Settings()))), id="short-key"),
    ],
)
def test_a_damaged_or_foreign_cache_is_ignored(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, damage: object
) -> None:
    expected = good_file(tmp_path)
    load_settings(tmp_path)
    path = cache / CACHE_FILENAME
    damage(path, settings_module._cache_key((tmp_path / "settings.json").read_bytes()))  # type: ignore[operator]
    seen = checks(monkeypatch)
    assert load_settings(tmp_path) == expected and len(seen) == 1
    assert load_settings(tmp_path) == expected and len(seen) == 1  # ... and kept again


@pytest.mark.skipif(os.name != "posix", reason="file modes and owners are POSIX")
def test_a_cache_file_others_can_change_or_own_is_not_trusted(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = good_file(tmp_path)
    load_settings(tmp_path)
    path = cache / CACHE_FILENAME
    os.chmod(path, 0o666)
    seen = checks(monkeypatch)
    assert load_settings(tmp_path) == expected and len(seen) == 1
    me = os.getuid()
    # As root (CI) a file cannot be given away and taken back portably: this account is made another one.
    monkeypatch.setattr(os, "getuid", lambda: me + 1)
    assert load_settings(tmp_path) == expected and len(seen) == 2


def test_a_cache_folder_that_cannot_be_written_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_bytes(b"")  # a file where the folder should be: mkdir fails, as root too
    set_cache_folder(blocked / "cache")
    expected = good_file(tmp_path)
    seen = checks(monkeypatch)
    assert load_settings(tmp_path) == expected and load_settings(tmp_path) == expected and len(seen) == 2
    assert blocked.read_bytes() == b""


def test_without_a_cache_folder_every_read_is_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = good_file(tmp_path)
    seen = checks(monkeypatch)
    assert load_settings(tmp_path) == expected and load_settings(tmp_path) == expected and len(seen) == 2


# ------------------------------------------------------------------ no pydantic for a warm read


def read_in_a_new_process(folder: Path, cache: Path) -> tuple[str, bool]:
    """What a fresh process reads (the clinic's name, or the error) and whether it imported pydantic."""
    code = f"""
        import sys
        from pathlib import Path
        from careplan.core.cache_folder import set_cache_folder
        from careplan.settings import SettingsError, load_settings

        set_cache_folder(Path({str(cache)!r}))
        try:
            said = "name: " + load_settings(Path({str(folder)!r})).clinic.name
        except SettingsError as exc:
            said = "error: " + str(exc)
        print(said)
        print("pydantic" in sys.modules or "pydantic_core" in sys.modules)
    """
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    said, imported = done.stdout.strip().splitlines()
    return said, imported == "True"


def test_reading_unchanged_settings_imports_no_pydantic(tmp_path: Path) -> None:
    folder, cache = tmp_path / "config", tmp_path / "cache"
    folder.mkdir()
    assert read_in_a_new_process(folder, cache) == ("name: ", False)  # no file: the defaults
    (folder / "settings.json").write_text('{"clinic": {"name": "Northside"}}', encoding="utf-8")
    assert read_in_a_new_process(folder, cache) == ("name: Northside", True)  # first read: checked
    assert read_in_a_new_process(folder, cache) == ("name: Northside", False)  # unchanged: from the cache
    (folder / "settings.json").write_text('{"clinic": {"name": "Northside", "fax": "1"}}', encoding="utf-8")
    said, imported = read_in_a_new_process(folder, cache)
    assert imported and said == (
        f"error: The settings file {folder / 'settings.json'} is not valid: clinic.fax: not a setting Careplan "
        "knows. Fix it, or delete it to start again from the defaults."
    )


def test_a_text_rule_belongs_on_text_only() -> None:
    """A rule put on a field that is not text is a mistake in the code, found when pydantic builds the validator."""
    from typing import Annotated

    from pydantic import TypeAdapter

    from careplan.settings import TextRule

    with pytest.raises(TypeError, match="a TextRule is for text, not int"):
        TypeAdapter(Annotated[int, TextRule(max_length=3)])
