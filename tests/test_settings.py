"""Settings: validated by pydantic, written atomically, bad files named plainly."""

from __future__ import annotations

from pathlib import Path

import pytest

from careplan.settings import Settings, SettingsError, load_settings, save_settings

from support.images import png_bytes


def test_defaults_when_there_is_no_file(tmp_path: Path) -> None:
    settings = load_settings(tmp_path)
    assert settings == Settings()
    assert settings.paper == "A4" and settings.database_url is None


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(png_bytes())
    settings = Settings.model_validate(
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
        ('{"paper": "A5"}', "paper"),
        ('{"clinic": {"fax": "1"}}', "clinic.fax"),
        ("{broken", "not valid"),
    ],
)
def test_bad_settings_file_is_named(tmp_path: Path, content: str, words: str) -> None:
    (tmp_path / "settings.json").write_text(content, encoding="utf-8")
    with pytest.raises(SettingsError) as info:
        load_settings(tmp_path)
    assert str(tmp_path / "settings.json") in str(info.value)
    assert words in str(info.value)


def test_missing_logo_is_left_out(tmp_path: Path) -> None:
    settings = Settings.model_validate({"clinic": {"name": "X", "logo_path": str(tmp_path / "gone.png")}})
    assert settings.clinic_details().logo is None
