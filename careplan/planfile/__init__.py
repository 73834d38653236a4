"""The plan file (``docs/plan-file.md``): validation, JSON Schema, and conversion to core.

Typical use::

    doc = read_plan_bytes(path.read_bytes(), source=path.name)  # PlanFileError on bad input
    imported = to_imported(doc, library.intervention)
    text = dumps(to_document(record))

The names load with their modules, when first used (PEP 562): reading a stored plan
(``planfile.reading``) needs neither pydantic nor the schema, and must not load them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from careplan.planfile.convert import dumps, to_document, to_imported
    from careplan.planfile.errors import PlanFileError
    from careplan.planfile.io import read_plan_bytes
    from careplan.planfile.reading import FORMAT, FORMAT_VERSION, ImportedPlan
    from careplan.planfile.schema import PlanFileModel, json_schema

#: Each name, and the module that defines it.
_HOMES = {
    "FORMAT": "reading",
    "FORMAT_VERSION": "reading",
    "ImportedPlan": "reading",
    "PlanFileError": "errors",
    "PlanFileModel": "schema",
    "dumps": "convert",
    "json_schema": "schema",
    "read_plan_bytes": "io",
    "to_document": "convert",
    "to_imported": "convert",
}

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "ImportedPlan",
    "PlanFileError",
    "PlanFileModel",
    "dumps",
    "json_schema",
    "read_plan_bytes",
    "to_document",
    "to_imported",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
