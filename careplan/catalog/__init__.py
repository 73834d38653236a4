"""The shipped clinical library: TOML files in ``resources/catalog`` read into core types.

Imports only ``careplan.core``, the standard library and pydantic.
"""

from __future__ import annotations

from careplan.catalog.errors import CatalogError, CatalogProblem
from careplan.catalog.loader import LIBRARY_FILE, clear_cache, default_directory, load_library, read_library
from careplan.catalog.schema import GOAL_BLANK, KNOWN_REGIONS

__all__ = [
    "GOAL_BLANK",
    "KNOWN_REGIONS",
    "LIBRARY_FILE",
    "CatalogError",
    "CatalogProblem",
    "clear_cache",
    "default_directory",
    "load_library",
    "read_library",
]
