"""The fixed plain-language wording on handouts (what the program says, not the therapist).

Kept apart from layout so it can be read, reviewed and reworded in one place.
``{name}`` is the person's given name.
"""

from __future__ import annotations

from careplan.core.cautions import SKIN_MARK_MINUTES
from careplan.core.enums import Category

DEFAULT_SKIN_CHECK = (
    "Each time it comes off, look at the skin it covered. Some pinkness that fades within "
    f"{SKIN_MARK_MINUTES} minutes is normal. Red marks that last longer, blisters, broken skin or swelling "
    "mean it should stay off until you have spoken to your therapist."
)

DEFAULT_SKIN_CHECK_SCHOOL = (
    "If it is taken off at school, look at the skin it covered. Pink marks that fade within "
    f"{SKIN_MARK_MINUTES} minutes are normal. Tell the family the same day about red marks that last longer, "
    "blisters, broken skin or swelling, and do not put it back on."
)

EQUIPMENT_CHECK_SCHOOL = (
    "Before each use, check that straps, buckles, brakes and padding are in place and "
    "nothing is loose, cracked or worn. If anything is broken or does not fit, do not use it: "
    "tell the family and the therapist."
)

_COMMON_SCHOOL = (
    "Dystonia makes muscles tighten, pull or twist without {name} meaning it to happen. "
    "It usually gets worse with stress, tiredness, excitement, cold, illness and being rushed, "
    "and it is often better when {name} is calm, warm and well supported. Trying hard to do a "
    "task can make the movements stronger. The movements do not show what {name} understands: "
    "plan {name}'s learning from what you know of {name}, not from how {name} moves. Some "
    "children with dystonia also have a learning disability and some do not; the family and "
    "the school's special needs lead can tell you what fits. Give time rather than help that "
    "is not asked for."
)

#: What the condition means for the school day, one paragraph per category.
SCHOOL_DAY: dict[Category, str] = {
    Category.CERVICAL: (
        "{name}'s dystonia affects the neck. The head may turn, tilt or pull forwards or "
        "backwards, and holding it still for a long time is tiring and can be painful. Place "
        "the board, screen and teacher straight in front of {name}, not to one side, and allow "
        "short movement breaks."
    ),
    Category.HAND: (
        "{name}'s dystonia affects a hand during particular tasks, most often handwriting. The "
        "hand or fingers may cramp, curl or grip too hard, and writing may slow down or become "
        "hard to read as the task goes on. Other use of the hand may be quite normal."
    ),
    Category.FOCAL_OTHER: (
        "{name}'s dystonia affects one part of the body, for example the eyelids, the jaw, the "
        "voice, a foot or the trunk. Depending on the part, reading, speaking, eating or walking "
        "may take more effort, especially when {name} is tired or anxious."
    ),
    Category.SEGMENTAL: (
        "{name}'s dystonia affects two or more neighbouring parts of the body, for example the "
        "neck and one arm. Tasks that use those parts together, such as writing while looking "
        "at the board, may be slow or tiring."
    ),
    Category.MULTIFOCAL: (
        "{name}'s dystonia affects two or more parts of the body that are not next to each "
        "other, for example an arm and a leg. Some tasks will be harder on some days than on "
        "others."
    ),
    Category.HEMIDYSTONIA: (
        "{name}'s dystonia affects the arm and the leg on one side of the body. {name} may use "
        "the other hand for most tasks, may walk with an uneven step and may tire sooner than "
        "classmates."
    ),
    Category.GENERALISED: (
        "{name}'s dystonia affects much of the body, including the trunk. Sitting still, "
        "writing, eating and moving around can take a lot of effort. Good positioning and the "
        "right equipment make a big difference, and the aim is to help {name} take part, not to "
        "stop the movements."
    ),
    Category.DYSTONIC_CP: (
        "{name} has dystonic cerebral palsy. Muscles can stiffen or twist suddenly, and the "
        "harder {name} tries to do something, the stronger the movements can become. Therapy "
        "works best woven into the school day: the routine below shows where."
    ),
}


def school_day_paragraphs(category: Category, name: str) -> tuple[str, str]:
    """The category paragraph and the paragraph every school handout carries."""
    return SCHOOL_DAY[category].format(name=name), _COMMON_SCHOOL.format(name=name)


_ADAPT_COMMON = (
    "Give extra time for moving between rooms, getting changed and finishing tasks, and "
    "never hurry {name}: rushing makes the movements stronger.",
    "Tell {name} before you move or help, and hold at the hips, shoulders or trunk rather "
    "than pulling on the hands or arms.",
    "Plan short rest breaks: tiredness makes dystonia worse, especially later in the day.",
    "PE: include {name} with adapted rules, equipment or roles (for example scorer, timer or "
    "a smaller target) rather than leaving {name} out. Warm up gently and never force a "
    "stretch.",
    "Play: a buddy and a quieter space help when the playground is busy or {name} is overwhelmed.",
    "Classroom: a chair and table of the right height with feet flat on the floor or a "
    "footrest, and the board straight ahead.",
)

_ADAPT_BY_CATEGORY: dict[Category, tuple[str, ...]] = {
    Category.CERVICAL: ("Avoid long periods looking down or to one side; a sloped board or raised screen helps.",),
    Category.HAND: (
        "Writing: allow a laptop, a thicker pen or pencil grip, shorter written tasks, a scribe "
        "or extra time in tests, and a pause when the hand starts to cramp.",
    ),
    Category.HEMIDYSTONIA: ("Set out materials on {name}'s stronger side and allow one-handed ways of doing tasks.",),
    Category.GENERALISED: (
        "Use the seating and equipment in this plan for table work, and change position during "
        "the day as the routine shows.",
    ),
    Category.DYSTONIC_CP: (
        "Use the seating and equipment in this plan for table work, and change position during "
        "the day as the routine shows.",
        "Recording: allow alternatives to handwriting, such as a keyboard, a scribe or photographs of work.",
    ),
}


def adaptations(category: Category, name: str) -> list[str]:
    lines = list(_ADAPT_COMMON) + list(_ADAPT_BY_CATEGORY.get(category, ()))
    return [line.format(name=name) for line in lines]


NOTICE_FAMILY = (
    "This is {name}'s own care plan, written by {therapist} for {name} alone. It is not "
    "general medical advice and may not suit anyone else. If anything in it is unclear, or "
    "{name}'s needs change, please contact {contact}."
)

#: The closing note of an adult's own handout (second person).
NOTICE_YOU = (
    "This is your own care plan, written by {therapist} for you alone. It is not general medical "
    "advice and may not suit anyone else. If anything in it is unclear, or your needs change, "
    "please contact {contact}."
)

NOTICE_SCHOOL = (
    "This information is {name}'s care plan from {therapist}, shared with the school so staff "
    "can support {name}. It is not general medical advice and should not be used for other "
    "pupils. Please keep it with {name}'s support plan, and contact {contact} with questions."
)

NOTICE_CLINICIAN = (
    "Clinical summary of {name}'s care plan prepared by {therapist}. It is this person's plan, "
    "not general guidance. It contains confidential information: store and share it under "
    "your organisation's information governance policy. Contact {contact}."
)

#: The closing note of the clinician's progress report (``careplan.export.progress_report``).
NOTICE_PROGRESS = (
    "Progress report of {name}'s care plan prepared by {therapist}. It is this person's plan and "
    "results, not general guidance. It contains confidential information: store and share it under "
    "your organisation's information governance policy. Contact {contact}."
)
