"""The library in words and JSON: what ``careplan catalog --json`` prints and ``--check`` reports.

Works on core types only (a ``Library`` from the loader or with a therapist's own entries).
"""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from careplan.catalog.errors import CatalogError, CatalogProblem
from careplan.catalog.loader import LIBRARY_FILE, default_directory, read_library, size_problem
from careplan.core.enums import Audience, Category, Kind
from careplan.core.library import Caution, Library, LibraryGoal, LibraryIntervention, Source, Template


def source_json(source: Source) -> dict[str, Any]:
    out: dict[str, Any] = {
        "key": source.key,
        "type": source.type.value,
        "authors": source.authors,
        "year": source.year,
        "title": source.title,
        "published_in": source.published_in,
        "checked": source.checked,
        "citation": source.citation,
    }
    out.update({k: v for k, v in (("doi", source.doi), ("url", source.url)) if v})
    return out


def _caution_json(caution: Caution) -> dict[str, Any]:
    out: dict[str, Any] = {"text": caution.text, "categories": sorted(c.value for c in caution.categories)}
    optional = {
        "family": caution.family,
        "regions": sorted(caution.regions),
        "cervical_forms": sorted(f.value for f in caution.cervical_forms),
        "patterns": sorted(p.value for p in caution.patterns),
    }
    out.update({k: v for k, v in optional.items() if v})
    return out


def intervention_json(e: LibraryIntervention) -> dict[str, Any]:
    out: dict[str, Any] = {
        "code": e.code,
        "kind": e.kind.value,
        "title": e.title,
        "instructions": e.instructions,
        "categories": sorted(c.value for c in e.categories),
        "audiences": [a.value for a in Audience if a in e.effective_audiences()],
        "cautions": [_caution_json(x) for x in e.cautions],
        "source": e.source,
        "sources": [s.key for s in e.sources],
        "regions": list(e.regions),
    }
    optional = {
        "dosage": dict(e.dosage.items()) if e.dosage else None,
        "setting": e.setting.value if e.setting else None,
        "school_instructions": e.school_instructions,
        "wear_schedule": e.wear_schedule,
        "skin_checks": e.skin_checks,
        "status": e.status.value if e.status else None,
        "referral_to": e.referral_to,
        "referral_reason": e.referral_reason,
        "patterns": sorted(p.value for p in e.patterns) or None,
        "forms": sorted(f.value for f in e.forms) or None,
        "easier": e.easier,
        "harder": e.harder,
        "toxin_phases": sorted(p.value for p in e.toxin_phases) or None,
        "ages": sorted(a.value for a in e.ages) or None,
        "positioning": e.positioning or None,
        "own": e.is_own or None,
    }
    out.update({k: v for k, v in optional.items() if v is not None})
    return out


def goal_json(g: LibraryGoal) -> dict[str, Any]:
    out: dict[str, Any] = {
        "code": g.code,
        "domain": g.domain.value,
        "text": g.text,
        "categories": sorted(c.value for c in g.categories),
        "source": g.source,
        "sources": [s.key for s in g.sources],
        "gas": list(g.gas),
    }
    if g.ages:
        out["ages"] = sorted(a.value for a in g.ages)
    return out


def template_json(t: Template) -> dict[str, Any]:
    out: dict[str, Any] = {
        "code": t.code,
        "category": t.category.value,
        "title": t.title,
        "approach": t.approach,
        "interventions": list(t.interventions),
        "goals": list(t.goals),
        "sources": [s.key for s in t.sources],
    }
    optional = {
        "patterns": sorted(p.value for p in t.patterns),
        "ages": sorted(a.value for a in t.ages),
        "gmfcs": sorted(t.gmfcs),
    }
    out.update({k: v for k, v in optional.items() if v})
    if t.is_own:  # a therapist's own template: its items as saved, with and without a library code
        out["items"] = [i.title for i in t.items]
    return out


def counts(library: Library) -> dict[str, Any]:
    """How much the library holds: by kind, per category, goals, templates and sources by type."""
    by_kind = Counter(e.kind.value for e in library.interventions)
    return {
        "interventions": len(library.interventions),
        "by_kind": {k.value: by_kind.get(k.value, 0) for k in Kind},
        "per_category": {c.value: sum(1 for e in library.interventions if e.suits(c)) for c in Category},
        "goals": len(library.goals),
        "templates": len(library.templates),
        "sources": len(library.sources),
        "sources_by_type": dict(sorted(Counter(s.type.value for s in library.sources).items())),
        "sources_unchecked": sum(1 for s in library.sources if not s.checked),
    }


def catalog_json(library: Library) -> dict[str, Any]:
    """The library as ``careplan catalog --json`` prints it: every entry with its sources."""
    return {
        "version": library.version,
        "counts": counts(library),
        "interventions": [intervention_json(e) for e in library.interventions],
        "goals": [goal_json(g) for g in library.goals],
        "templates": [template_json(t) for t in library.templates],
        "sources": [source_json(s) for s in library.sources],
    }


def check_library_path(path: Path) -> Library:
    """Read a clinic's edited library: a folder, or one file checked beside the shipped folder's header.

    Raises ``CatalogError`` naming file, entry and field for every problem.  A single file is
    read on its own with the shipped ``library.toml`` and sources, so a clinic can check the
    one file it changed.
    """
    path = Path(path)
    if path.is_dir():
        return read_library(path)
    if not path.exists():
        raise CatalogError([CatalogProblem(file=str(path), message="there is no such file or folder")])
    if path.suffix != ".toml":
        raise CatalogError([CatalogProblem(file=path.name, message="is not a library file (a .toml file)")])
    if too_large := size_problem(path):
        raise CatalogError([too_large])
    shipped = default_directory()
    with tempfile.TemporaryDirectory(prefix="careplan-check-") as tmp:
        folder = Path(tmp)
        for other in shipped.glob("*.toml"):
            if other.name != path.name:
                shutil.copyfile(other, folder / other.name)
        if not (folder / LIBRARY_FILE).exists() and path.name != LIBRARY_FILE:
            raise CatalogError([CatalogProblem(file=LIBRARY_FILE, message="the shipped library has no header")])
        shutil.copyfile(path, folder / path.name)
        return read_library(folder)
