"""Where the files shipped beside the code (library, schema, fonts, icons) live."""

from __future__ import annotations

from pathlib import Path

#: The project's ``resources/`` folder (beside the ``careplan`` package).
RESOURCES_DIR = Path(__file__).resolve().parent.parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return RESOURCES_DIR.joinpath(*parts)
