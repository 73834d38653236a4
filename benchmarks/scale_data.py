"""Realistic Careplan databases of any size, built with bulk SQL (for the benchmarks).

Each patient has one or two plans of ten items (every kind, dosages, wording for home and
school) and three goals, one to three revisions per plan, one or two carers, a school contact
and the first version of their details; names come from many scripts and accents.  The schema is
made by Careplan's own migrations; the rows are written with ``sqlite3.executemany`` in one
transaction (with ``synchronous=OFF`` while building only), using the same folding and search
words as the program.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sqlite3
from pathlib import Path
from typing import Any

GIVEN_SEEDS = ["Amira", "Ben", "Zoë", "Łukasz", "Mei", "Grace", "Thomas", "Aoife", "Ахмед", "Sam", "Siobhán", "José"]
FAMILY_SEEDS = ["Okafor", "Ode", "Ávila", "Nowak", "Chen", "Oduya", "Brennan", "Ní Bhriain", "Иванов", "Müller"]
_SYLLABLES = ["ka", "ro", "mi", "lé", "dan", "su", "to", "ber", "ni", "o", "sha", "vi", "ló", "ren", "ja", "ta"]


def _names(seeds: list[str], count: int, syllables: int) -> list[str]:
    """``count`` distinct names: the seeds, then made-up ones from syllables (accents included)."""
    names = list(seeds)
    n = 0
    while len(names) < count:
        parts, k = [], n
        for _ in range(syllables):
            parts.append(_SYLLABLES[k % len(_SYLLABLES)])
            k //= len(_SYLLABLES)
        names.append("".join(parts).capitalize())
        n += 1
    return names


#: As in a real clinic, a few names are common and most are rare (Zipf: the commonest surname is
#: about 1.7% of patients, the commonest given name about 3%).
GIVEN = _names(GIVEN_SEEDS, 400, 3)
FAMILY = _names(FAMILY_SEEDS, 3000, 4)
GIVEN_WEIGHTS = [1 / (rank + 5) for rank in range(len(GIVEN))]
FAMILY_WEIGHTS = [1 / (rank + 10) for rank in range(len(FAMILY))]
KINDS = ["exercise", "orthosis", "equipment", "advice", "referral", "education"]


def plan_body(i: int, title: str, review: dt.date) -> dict[str, Any]:
    items = []
    for n in range(10):
        kind = KINDS[n % len(KINDS)]
        item: dict[str, Any] = {
            "kind": kind,
            "title": f"{kind.title()} {n + 1} for plan {i}",
            "instructions": "Sit tall with both feet flat. Move slowly and stop if it pulls more. " * 2,
            "audiences": ["family", "school"] if n % 2 else ["family"],
        }
        if kind == "exercise":
            item["dosage"] = {"sets": 2, "reps": 8 + n, "hold_seconds": 5, "times_per_day": 2, "days_per_week": 5}
            item["school_instructions"] = "A short break in class is enough."
        elif kind == "orthosis":
            item["wear_schedule"] = "At night, and for two hours after school"
            item["skin_checks"] = "Look for red marks after taking it off"
        elif kind == "equipment":
            item["status"] = "issued"
        elif kind == "advice":
            item["setting"] = "school"
        elif kind == "referral":
            item["to"], item["reason"] = "Orthopaedics", "Hip surveillance"
        items.append(item)
    return {
        "title": title,
        "category": "generalised",
        "regions": ["neck", "trunk"],
        "therapist": {"name": "Jo Patel", "role": "Neurophysiotherapist", "phone": "0161 496 0999"},
        "start_date": (review - dt.timedelta(days=120)).isoformat(),
        "review_date": review.isoformat(),
        "summary": "Daily stretches, positioning at school and at night, equipment review.",
        "goals": [
            {"domain": "mobility", "text": "Walk 10 m with the walker", "target_date": review.isoformat()},
            {"domain": "posture", "text": "Sit upright in class for a lesson"},
            {"domain": "participation", "text": "Join in PE with adaptations"},
        ],
        "interventions": items,
        "programme": {"visits": "Every 4 weeks", "home_practice": "Ten minutes a day", "adjustments": ["Wedge"]},
        "clinical_notes": "Confidential: discussed botulinum toxin timing.",
    }


def build(path: Path, patients: int, seed: int = 20261130) -> dict[str, int]:
    """Create ``path`` (migrated by Careplan) holding ``patients`` patients; returns row counts."""
    from careplan.paths import AppPaths
    from careplan.services.store import open_store
    from careplan.storage.db import sqlite_url
    from careplan.storage.mapping import name_key, search_terms

    paths = AppPaths(path.parent / "data-unused", path.parent / "config-unused")
    paths.ensure()
    open_store(sqlite_url(path), paths).close()
    rng = random.Random(seed)
    today = dt.date.today()
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous=OFF")
    patient_rows, terms, carers, versions, plans, revisions = [], [], [], [], [], []
    plan_id = 0
    for i in range(1, patients + 1):
        (given,) = rng.choices(GIVEN, GIVEN_WEIGHTS)
        (family,) = rng.choices(FAMILY, FAMILY_WEIGHTS)
        born = dt.date(2005 + i % 18, 1 + i % 12, 1 + i % 28)
        identifier = f"{i % 1000:03d} {i % 997:03d} {i % 9973:04d}"
        patient_rows.append(
            (i, given, family, name_key(given, family), born.isoformat(), identifier, "Scoil Bhríde", now, now, 1)
        )
        terms += [(i, t) for t in sorted(search_terms(given, family, identifier))]
        people = [{"name": f"Carer of {given}", "relationship": "mother", "phone": "07700 900001"}]
        carers.append((i, 0, people[0]["name"], "mother", "07700 900001"))
        if i % 2:
            people.append({"name": "Second carer", "relationship": "father", "phone": "07700 900002"})
            carers.append((i, 1, "Second carer", "father", "07700 900002"))
        patient_doc = {
            "given_name": given,
            "family_name": family,
            "date_of_birth": born.isoformat(),
            "identifier": identifier,
            "carers": people,
            "school": {"name": "Scoil Bhríde"},
        }
        versions.append((i, 1, now, "Jo Patel", json.dumps(patient_doc, ensure_ascii=False)))
        for p in range(1 + (i % 2)):
            plan_id += 1
            review = today + dt.timedelta(days=rng.randint(-60, 400))
            title = "Positioning and school" if p == 0 else "Hand and writing"
            number = rng.randint(1, 3)
            plans.append((plan_id, i, title, "generalised", review.isoformat(), now, now, number, number))
            body = plan_body(plan_id, title, review)
            for n in range(1, number + 1):
                doc = {"format": "careplan-plan", "format_version": 1, "patient": patient_doc, "plan": body}
                revisions.append((plan_id, n, now, "Jo Patel", json.dumps(doc, ensure_ascii=False)))
    with db:
        db.executemany(
            "INSERT INTO patients (id, given_name, family_name, name_key, date_of_birth, identifier, school_name,"
            " created_at, updated_at, version) VALUES (?,?,?,?,?,?,?,?,?,?)",
            patient_rows,
        )
        db.executemany("INSERT INTO patient_terms (patient_id, term) VALUES (?,?)", terms)
        db.executemany(
            "INSERT INTO carers (patient_id, position, name, relationship, phone) VALUES (?,?,?,?,?)", carers
        )
        db.executemany(
            "INSERT INTO patient_versions (patient_id, version, saved_at, author, content) VALUES (?,?,?,?,?)",
            versions,
        )
        db.executemany(
            "INSERT INTO plans (id, patient_id, title, category, review_date, created_at, updated_at, version,"
            " revision) VALUES (?,?,?,?,?,?,?,?,?)",
            plans,
        )
        db.executemany(
            "INSERT INTO plan_revisions (plan_id, number, saved_at, author, content) VALUES (?,?,?,?,?)", revisions
        )
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return {"patients": patients, "plans": len(plans), "revisions": len(revisions)}
