"""The fixed wording of the work and daily life handout (for an employer, a carer or a care home).

Written about the person, to a third reader who is not a clinician: one reader, one action per
sentence, everyday words, no school words.  The facts are the ones the school and family wording
already states (``careplan.export.phrases``) and the library's adult entries; nothing new.
``{name}`` is the person's given name.
"""

from __future__ import annotations

from careplan.core.enums import Category
from careplan.export.phrases import SKIN_MARK_MINUTES

_COMMON = (
    "Dystonia makes muscles tighten, pull or twist without {name} meaning it to happen. "
    "It usually gets worse with stress, tiredness, cold, illness and being rushed, and it is often "
    "better when {name} is calm, warm and well supported. Trying hard to do a task can make the "
    "movements stronger. The movements do not show what {name} understands or can do. Ask {name} "
    "what helps, and give time rather than help that is not asked for."
)

#: What the condition means day to day, one paragraph per category.
DAY_TO_DAY: dict[Category, str] = {
    Category.CERVICAL: (
        "{name}'s dystonia affects the neck. The head may turn, tilt or pull forwards or backwards, "
        "and holding it still for a long time is tiring and can be painful. Put the screen, the work "
        "and the people {name} talks to straight in front of {name}, not to one side. Allow short "
        "breaks to move."
    ),
    Category.HAND: (
        "{name}'s dystonia affects a hand during particular tasks, such as writing, typing or playing "
        "an instrument. The hand or fingers may cramp, curl or grip too hard, and the task may slow "
        "down as it goes on. Other use of the hand may be quite normal."
    ),
    Category.FOCAL_OTHER: (
        "{name}'s dystonia affects one part of the body, for example the eyelids, the jaw, the voice, "
        "a foot or the trunk. Depending on the part, reading, speaking, eating or walking may take "
        "more effort, especially when {name} is tired or anxious."
    ),
    Category.SEGMENTAL: (
        "{name}'s dystonia affects two or more neighbouring parts of the body, for example the neck "
        "and one arm. Tasks that use those parts together, such as typing while looking at a screen, "
        "may be slow or tiring."
    ),
    Category.MULTIFOCAL: (
        "{name}'s dystonia affects two or more parts of the body that are not next to each other, "
        "for example an arm and a leg. Some tasks will be harder on some days than on others."
    ),
    Category.HEMIDYSTONIA: (
        "{name}'s dystonia affects the arm and the leg on one side of the body. {name} may use the "
        "other hand for most tasks, may walk with an uneven step and may tire sooner than others."
    ),
    Category.GENERALISED: (
        "{name}'s dystonia affects much of the body, including the trunk. Sitting still, writing, "
        "eating and moving around can take a lot of effort. Good positioning and the right equipment "
        "make a big difference. The aim is to help {name} take part, not to stop the movements."
    ),
    Category.DYSTONIC_CP: (
        "{name} has dystonic cerebral palsy. Muscles can stiffen or twist suddenly, and the harder "
        "{name} tries to do something, the stronger the movements can become. Good positioning, the "
        "right equipment and time make a big difference."
    ),
}


def day_to_day_paragraphs(category: Category, name: str) -> tuple[str, str]:
    """The category paragraph and the paragraph every work and daily life handout carries."""
    return DAY_TO_DAY[category].format(name=name), _COMMON.format(name=name)


#: Before the items: the steps are the person's own, written to them.
ITEMS_INTRO = (
    "These steps come from {name}'s own plan, so they are written to {name}. "
    "Please make room for them: the time, the space and the equipment they need."
)

#: Said of every piece of equipment, from a pen grip to a wheelchair (so it names no straps or brakes).
EQUIPMENT_CHECK = (
    "Check it before each use. If anything is broken, loose or worn, or it no longer fits, do not use "
    "it: tell {name} and the therapist."
)

SKIN_CHECK = (
    "When it comes off, look at the skin it covered. Pink marks that fade within "
    f"{SKIN_MARK_MINUTES} minutes are normal. Red marks that last longer, blisters, broken skin or "
    "swelling mean it stays off until {name} has spoken to the therapist."
)

#: "What helps on a bad day", as bullets.
BAD_DAY = (
    "Ask {name} what helps. {name} knows this dystonia best.",
    "Let {name} rest in a quiet place, sitting back with the head and arms supported, or lying down.",
    "Let {name} put off tasks that can wait.",
    "Do not hurry {name}: rushing makes the movements stronger.",
    "Keep things calm and warm: stress and cold can make dystonia worse.",
)

BAD_DAY_ACTION_PLAN = "The dystonia action plan on the last page says what to do when the dystonia is worse than usual."

NOTICE = (
    "This is {name}'s own care plan from {therapist}, shared with you so you can support {name} at "
    "work or at home. It is not general medical advice and should not be used for anyone else. Keep "
    "it private. With {name}'s agreement, contact {contact} with questions."
)
