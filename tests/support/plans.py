"""A plan file that sets every field the format has, for round-trip tests."""

from __future__ import annotations

import base64
import json
from functools import cache
from pathlib import Path
from typing import Any

from careplan.core.library import Library

from support.db import FIXTURES
from support.images import png_bytes

#: The sample plans shipped for users to try (README), as plan files.
EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples" / "plans"


@cache
def scales_library(version: str = "test") -> Library:
    """A library with no entries that knows the shipped scales catalog: the assessments a plan file
    carries are checked against it when the file is imported."""
    from careplan.catalog.loader import load_library

    shipped = load_library()
    return Library(version=version, scales=shipped.scales, movements=shipped.movements)


def full_document() -> dict[str, Any]:
    photo = base64.b64encode(png_bytes()).decode("ascii")
    return {
        "format": "careplan-plan",
        "format_version": 2,
        "patient": {
            "given_name": "Łukasz",
            "family_name": "Nguyễn-Ní Bhriain",
            "date_of_birth": "2012-02-29",
            "identifier": "485 777 3456",
            "carers": [
                {"name": "Жанна Ахмедова", "relationship": "mother", "phone": "07700 900001"},
                {"name": "Piotr Wójcik", "relationship": "stepfather", "phone": "07700 900002"},
            ],
            "school": {
                "name": "Scoil Bhríde",
                "contact_name": "Ms Á. Ní Dhomhnaill (SENCo)",
                "phone": "01 496 0000",
                "email": "senco@scoil.example",
            },
        },
        "plan": {
            "title": "Neck posture and pain",
            "category": "cervical",
            "regions": ["neck", "left_shoulder"],
            "therapist": {
                "name": "Jo Patel",
                "role": "Neurophysiotherapist",
                "phone": "0161 496 0999",
                "email": "jo@clinic.example",
            },
            "start_date": "2026-11-20",
            "review_date": "2027-02-12",
            "summary": "Daily mirror practice.\nWalk on the level.\tRest often.",
            "goals": [
                {
                    "domain": "posture",
                    "text": "Hold the head in the middle for 30 seconds",
                    "target_date": "2027-01-15",
                    "code": "goal.posture.midline_hold",
                    "gas": ["5 seconds", "15 seconds", "30 seconds", "45 seconds", "60 seconds\nwithout the mirror"],
                    "importance": 3,
                    "difficulty": 1,
                },
                {"domain": "pain", "text": "Neck pain 3 out of 10 or less on most days"},
                {"domain": "participation", "text": "Drive for 20 minutes", "code": "own.goal.drive"},
            ],
            "interventions": [
                {
                    "kind": "exercise",
                    "title": "Mirror midline hold",
                    "instructions": "Sit facing a mirror.",
                    "school_instructions": "Not needed at school.",
                    "dosage": {
                        "sets": 1,
                        "reps": 10,
                        "hold_seconds": 5,
                        "rest_seconds": 15,
                        "times_per_day": 3,
                        "days_per_week": 7,
                        "minutes": 10,
                    },
                    "side": "none",
                    "audiences": ["family"],
                    "clinician_note": "Bleton principles",
                    "photo": {"media_type": "image/png", "data": photo},
                    "school_days": 0,
                },
                {
                    "kind": "orthosis",
                    "title": "Soft collar",
                    "wear_schedule": "Car journeys only",
                    "skin_checks": "Look for red marks under the jaw",
                    "side": "both",
                    "audiences": ["family", "school"],
                },
                {
                    "kind": "equipment",
                    "title": "Wedge cushion",
                    "instructions": "Use in class",
                    "status": "on_trial",
                    "audiences": ["school"],
                },
                {
                    "kind": "advice",
                    "setting": "home",
                    "title": "Screen breaks",
                    "instructions": "Every 20 minutes",
                    "audiences": ["family"],
                },
                {
                    "kind": "referral",
                    "title": "Botulinum toxin clinic",
                    "to": "Neurology",
                    "reason": "Review of injection cycle",
                    "audiences": ["clinician"],
                },
                {
                    "kind": "education",
                    "title": "Your sensory trick",
                    "instructions": "A light touch on the chin.",
                    "audiences": ["family", "school", "clinician"],
                },
                {
                    "catalog_code": "own.neck_glide",
                    "kind": "exercise",
                    "title": "Neck glide",
                    "instructions": "Slide the head back.",
                    "dosage": {"reps": 5},
                    "audiences": ["family"],
                },
            ],
            "programme": {
                "visits": "Every 2 weeks",
                "home_practice": "Ten minutes twice a day",
                "adjustments": ["Raise the screen", "Headset for calls"],
            },
            "clinical_notes": "Confidential: anxious about injections.",
            "cervical_form": "unstable",
            "gmfcs_level": None,
            "catalog_version": "2026.11",
            "patterns": ["torticollis", "laterocollis"],
            "pull_side": "left",
            "neck_level": "mixed",
            "contacts": [
                {"role": "Neurology team", "phone": "0161 496 0100", "name": "Dr A. Rahman"},
                {"role": "Community nurse", "phone": "0161 496 0200"},
            ],
            "template": "own.neck_starter",
        },
        "own_library": {
            "interventions": [
                {
                    "code": "own.neck_glide",
                    "kind": "exercise",
                    "title": "Neck glide",
                    "instructions": "Slide the head back.",
                    "dosage": {"reps": 5},
                    "audiences": ["family"],
                    "categories": ["cervical"],
                    "regions": ["neck"],
                    "cautions": [
                        {
                            "text": "Stop if it pulls more",
                            "categories": ["cervical"],
                            "cervical_forms": ["unstable"],
                            "family": "Stop if the pull gets stronger.",
                            "regions": ["neck"],
                            "patterns": ["torticollis"],
                        }
                    ],
                    "source": "Therapist's own",
                }
            ],
            "goals": [
                {
                    "code": "own.goal.drive",
                    "domain": "participation",
                    "text": "Drive for ___ minutes",
                    "categories": ["cervical"],
                }
            ],
            "templates": [
                {
                    "code": "own.neck_starter",
                    "title": "Neck starter, unstable form",
                    "category": "cervical",
                    "approach": "Gentle glides first; no end-range stretching.",
                    "interventions": [
                        {
                            "catalog_code": "own.neck_glide",
                            "kind": "exercise",
                            "title": "Neck glide",
                            "instructions": "Slide the head back.",
                            "dosage": {"reps": 8},
                            "audiences": ["family"],
                        },
                        {
                            "kind": "advice",
                            "setting": "home",
                            "title": "Screen breaks",
                            "instructions": "Every 20 minutes",
                            "audiences": ["family"],
                        },
                    ],
                    "goals": [
                        {
                            "domain": "participation",
                            "text": "Drive for 20 minutes",
                            "code": "own.goal.drive",
                            "importance": 0,
                        }
                    ],
                    "programme": {"visits": "Every 2 weeks", "adjustments": ["Raise the screen"]},
                }
            ],
        },
        "assessments": [
            {
                "date": "2026-06-10",
                "therapist": "Jo Patel",
                "goals": [
                    {
                        "text": "Hold the head in the middle for 30 seconds",
                        "achieved": 1,
                        "baseline": -2,
                        "importance": 3,
                        "difficulty": 1,
                        "gas": ["5 seconds", "15 seconds", "30 seconds", "45 seconds", "60 seconds"],
                        "code": "goal.posture.midline_hold",
                        "comment": "Better after the injection.\nTired by evening.",
                    },
                    {"text": "Drive for 20 minutes", "achieved": 0},
                ],
                "pain": [{"score": 4, "scale": "faces", "site": "neck"}, {"score": 2}],
                "scales": [
                    {"scale": "twstrs", "total": 31, "subscores": {"severity": 14, "disability": 10, "pain": 7}},
                    {
                        "scale": "bads",
                        "total": 5,
                        "items": {
                            "eyes": 0,
                            "mouth": 0,
                            "neck": 2,
                            "trunk": 1,
                            "arm_left": 1,
                            "arm_right": 0,
                            "leg_left": 1,
                            "leg_right": 0,
                        },
                    },
                ],
                "classifications": [{"system": "gmfcs", "level": 2}, {"system": "macs", "level": 1}],
                "rom": [
                    {"movement": "neck_rotation", "degrees": 55, "side": "left", "mode": "active"},
                    {"movement": "neck_rotation", "degrees": 70, "side": "right"},
                ],
                "hips": {"left_percent": 12, "right_percent": 35},
                "findings": "Confidential: less pull to the left.",
            },
            {"date": "2026-09-12", "therapist": "Sam Lee", "pain": [{"score": 1}]},
        ],
        "injections": [
            {
                "date": "2026-03-01",
                "muscles": "Left sternocleidomastoid, right splenius capitis",
                "given_by": "Dr A. Rahman",
                "product": "Botulinum toxin type A",
                "dose": "150 units",
            },
            {"date": "2026-06-02", "muscles": "Neck", "given_by": "Neurology team"},
        ],
    }


def sample_documents() -> dict[str, dict[str, Any]]:
    """Every sample plan by name: the every-field plan, the tests' example and each of docs/examples/plans."""
    docs = {"every field": full_document(), "example": json.loads((FIXTURES / "example-plan.json").read_text())}
    docs |= {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(EXAMPLES.glob("*.json"))}
    return docs
