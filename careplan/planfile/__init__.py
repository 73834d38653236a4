"""The plan file (``docs/plan-file.md``): validation, JSON Schema, and conversion to core.

Typical use::

    doc = read_plan_bytes(path.read_bytes(), source=path.name)  # PlanFileError on bad input
    imported = to_imported(doc, library.intervention)
    text = dumps(to_document(record))
"""

from careplan.planfile.convert import ImportedPlan, dumps, to_document, to_imported
from careplan.planfile.errors import PlanFileError
from careplan.planfile.io import read_plan_bytes
from careplan.planfile.schema import FORMAT, FORMAT_VERSION, PlanFileModel, json_schema

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
