"""Window layout and small screen preferences, typed, over QSettings.

Picard's shape: each option declares its key, its type and its default, so a
missing or garbled value reads back as the default rather than as ``None`` or
the string ``"false"``.  Stored as an INI file in the configuration folder,
beside ``settings.json`` (so tests and IT point it elsewhere with
``CAREPLAN_CONFIG_DIR``).  Everything a handout or the database needs is in
``careplan.settings``, not here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

from careplan.core.enums import Audience

T = TypeVar("T")

STATE_FILENAME = "window-state.ini"


class Option(Generic[T]):
    def __init__(self, key: str, default: T) -> None:
        self.key = key
        self.default = default

    def convert(self, raw: object) -> T:
        raise NotImplementedError

    def get(self, settings: QSettings) -> T:
        raw = settings.value(self.key)
        if raw is None:
            return self.default
        try:
            return self.convert(raw)
        except (TypeError, ValueError):
            return self.default

    def set(self, settings: QSettings, value: T) -> None:
        settings.setValue(self.key, value)


class BytesOption(Option[QByteArray]):
    def convert(self, raw: object) -> QByteArray:
        if isinstance(raw, QByteArray):
            return raw
        if isinstance(raw, bytes | bytearray):
            return QByteArray(bytes(raw))
        raise TypeError(raw)


class BoolOption(Option[bool]):
    def convert(self, raw: object) -> bool:
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.lower() in ("true", "1", "yes", "false", "0", "no"):
            return raw.lower() in ("true", "1", "yes")
        if isinstance(raw, int):
            return bool(raw)
        raise ValueError(raw)


class TextOption(Option[str]):
    def __init__(self, key: str, default: str, choices: tuple[str, ...] | None = None) -> None:
        super().__init__(key, default)
        self.choices = choices

    def convert(self, raw: object) -> str:
        text = str(raw)
        if self.choices is not None and text not in self.choices:
            raise ValueError(text)
        return text


class IntOption(Option[int]):
    def __init__(self, key: str, default: int, low: int, high: int) -> None:
        super().__init__(key, default)
        self.low, self.high = low, high

    def convert(self, raw: object) -> int:
        value = int(str(raw))
        if not self.low <= value <= self.high:
            raise ValueError(value)
        return value


class WindowState:
    """The options themselves, and the QSettings file they live in."""

    main_geometry = BytesOption("main_window/geometry", QByteArray())
    main_state = BytesOption("main_window/state", QByteArray())
    preview_geometry = BytesOption("preview/geometry", QByteArray())
    preview_audience = TextOption("preview/audience", "family", tuple(a.value for a in Audience))
    preview_large_print = BoolOption("preview/large_print", False)
    history_geometry = BytesOption("history/geometry", QByteArray())
    patient_sort_column = IntOption("patients/sort_column", 0, 0, 4)
    #: The folder a file was last saved to or opened from (file dialogs start there).
    last_folder = TextOption("files/last_folder", "")

    def __init__(self, config_folder: Path) -> None:
        config_folder.mkdir(parents=True, exist_ok=True)
        self.settings = QSettings(str(config_folder / STATE_FILENAME), QSettings.Format.IniFormat)

    def get(self, option: Option[T]) -> T:
        return option.get(self.settings)

    def set(self, option: Option[T], value: T) -> None:
        option.set(self.settings, value)

    def sync(self) -> None:
        self.settings.sync()
