"""How much one plan may hold: set from what a real plan needs, with room to spare.

A plan a therapist prints has 5 to 40 items and 3 to 15 goals; the largest library template
starts with about 20 items.  The limits are ten times what a busy plan needs, so no real plan
meets them, while a file with a million items (which once ran the program out of memory) is
refused with a plain message.  The plan file, the desktop editor and the library share them.
"""

from __future__ import annotations

#: Items (interventions) in one plan; also own library entries carried in one plan file.
MAX_ITEMS = 300
#: Goals in one plan; also own library goals carried in one plan file.
MAX_GOALS = 100
#: Carers of one patient (parents, grandparents, foster carers, support workers).
MAX_CARERS = 20
#: The team's numbers on the dystonia action plan.
MAX_CONTACTS = 20
#: Body regions of one plan (the library knows 18).
MAX_REGIONS = 40
#: "Adjustments to schedule or surroundings" in the programme.
MAX_ADJUSTMENTS = 100
#: Cautions on one own library entry.
MAX_CAUTIONS = 50
#: Own templates carried in one plan file (a plan names the one it was started from).
MAX_TEMPLATES = 20
#: Assessments of one patient in one plan file: ten years of monthly reviews is 120.
MAX_ASSESSMENTS = 2000
#: Botulinum toxin injections of one patient in one plan file: a cycle of 12 weeks for 40 years is 175.
MAX_INJECTIONS = 1000
#: Pain ratings, scales, classification levels or range-of-motion measurements in one assessment.
MAX_MEASURES = 200

#: What each limited list holds, in the words a message uses ("has 1,300 items").
NOUNS = {
    "interventions": ("items", MAX_ITEMS),
    "goals": ("goals", MAX_GOALS),
    "carers": ("carers", MAX_CARERS),
    "contacts": ("contacts", MAX_CONTACTS),
    "regions": ("regions", MAX_REGIONS),
    "adjustments": ("adjustments", MAX_ADJUSTMENTS),
    "cautions": ("cautions", MAX_CAUTIONS),
    "templates": ("templates", MAX_TEMPLATES),
    "assessments": ("assessments", MAX_ASSESSMENTS),
    "injections": ("injections", MAX_INJECTIONS),
    "pain": ("pain ratings", MAX_MEASURES),
    "scales": ("scales", MAX_MEASURES),
    "classifications": ("classification levels", MAX_MEASURES),
    "rom": ("range-of-motion measurements", MAX_MEASURES),
}
