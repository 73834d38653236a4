"""The stop box: when to stop and get help, built from what the plan holds.

Every handout for a reader who acts (family, school, work and carers) carries one box: the
emergency line first (call the emergency number first), then the signs to stop and call the
therapist.  The signs follow the plan, so nobody reads warnings about things they do not have:

- the general dystonia lines always (pain, new or much stronger spasms, a fall);
- splint and skin lines only when the reader's items include an orthosis (the minutes from
  ``SKIN_MARK_MINUTES``, the one definition every handout and caution uses);
- equipment lines only when the reader's items include equipment other than a hand aid
  (``HAND_AIDS``: a pen grip is not a seat);
- post-injection lines only when botulinum toxin is in the plan (``has_toxin``): neck lines when
  the plan involves the neck, arm and leg lines when it involves a limb, both when it says neither;
- when the plan holds the dystonia action plan and the handout prints its page, the spasm line
  points to that page instead of repeating it.

Each line carries the short citations of the works the library rests the same fact on
(``Source.short`` of the library's sources; a test checks that each one is cited there).
Pure Python; imports only ``careplan.core``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from careplan.core.action_plan import has_action_plan
from careplan.core.audience import items_for
from careplan.core.cautions import SKIN_MARK_MINUTES, involved_regions
from careplan.core.enums import Audience, Kind
from careplan.core.model import Intervention, Plan

#: Catalog codes of the botulinum toxin cycle (resources/catalog/toxin-cycle.toml) start with this.
#: The plan "has toxin" when it holds one of them or the referral to the toxin clinic: those
#: entries are about this person's own injections, while other entries mention toxin only
#: conditionally ("if you have injections"), and ``toxin_phases`` on an exercise says only when it
#: suits the cycle.  A test checks that every entry with this prefix belongs to the cycle.
TOXIN_CODE_PREFIX = "toxin."
TOXIN_REFERRAL_CODE = "referral.botulinum_toxin"

#: Library equipment used in the hand or on a device (its regions are the hand only): no seat,
#: frame, walker or wheelchair, so the seating and skin lines do not apply (a writer's cramp plan
#: with a pen grip was warned about red marks on the heels and broken wheelchairs).  A test checks
#: this against the library.  Equipment written for the plan (no code) keeps the lines.
HAND_AIDS = frozenset({"equipment.writing_aids", "equipment.voice_typing"})

#: The groups of lines, in the order they print.
GENERAL, SPLINT, EQUIPMENT, TOXIN_NECK, TOXIN_LIMB, ACTION_PLAN = (
    "general",
    "splint",
    "equipment",
    "toxin_neck",
    "toxin_limb",
    "action_plan",
)

_NICE_CG179 = "National Institute for Health and Care Excellence 2014"  # pressure ulcers
_NICE_NG62 = "National Institute for Health and Care Excellence 2017"  # cerebral palsy in under 25s
_ALLEN = "Allen et al. 2014"  # status dystonicus
_RODRIGUES = "Rodrigues et al. 2020"  # botulinum toxin in cervical dystonia, Cochrane review
_MUSTALAMPI = "Mustalampi et al. 2016"  # neck muscle strength after toxin
_PALEG = "Paleg et al. 2013"  # supported standing programmes
_GARBELLINI = "Garbellini et al. 2018"  # Lycra garments and gloves: circulation


@dataclass(frozen=True, slots=True)
class _Line:
    """One sign, worded for the family (``home``: the person or their parent reads it) and for
    other readers (``others``: school staff, an employer, carers; ``{name}`` is the person's
    given name, ``{tell}`` whom they tell).  None: not said to that reader."""

    group: str
    home: str | None
    others: str | None
    sources: tuple[str, ...] = ()


_PAIN = _Line(
    GENERAL,
    "pain that gets worse, or pain that is still there the next day;",
    "pain, or distress during handling or an activity;",
)
_SPASMS = _Line(
    GENERAL,
    "new twisting, pulling or spasms that do not settle with rest, or movements that are much stronger than usual;",
    "new twisting, pulling or spasms that do not settle with rest and calm, or movements that are much "
    "stronger than usual;",
)
_FALL = _Line(
    GENERAL,
    "a fall or an injury, or new tiredness or trouble with things that are usually easy;",
    "a fall or an injury, or new tiredness or difficulty with things {name} usually manages;",
)
_EXERCISE_UNSURE = _Line(GENERAL, "an exercise that you are not sure how to do.", None)
#: Children who do not walk (GMFCS IV-V) can have fragile bones.
_SWOLLEN_LIMB = _Line(
    GENERAL,
    "an arm or leg that looks swollen, or that hurts when it is moved: get it checked the same day;",
    "an arm or leg that looks swollen, or that hurts when it is moved: tell {tell} the same day;",
    (_NICE_NG62,),
)
_SPLINT_SKIN = _Line(
    SPLINT,
    f"red marks on the skin that are still there more than {SKIN_MARK_MINUTES} minutes after a splint comes "
    "off, or any blisters, broken skin or swelling: leave the splint off;",
    f"red marks on the skin that are still there more than {SKIN_MARK_MINUTES} minutes after a splint comes "
    "off, or blisters, broken skin or swelling: do not put it back on;",
    (_NICE_CG179,),
)
_SPLINT_CIRCULATION = _Line(
    SPLINT,
    "fingers or toes that look pale, blue or puffy, or numbness or tingling, while a splint is on: take it "
    "off at once;",
    "fingers or toes that look pale, blue or puffy while a splint is on: take it off at once;",
    (_GARBELLINI,),
)
_SPLINT_FIT = _Line(
    SPLINT,
    "a splint that is broken, no longer fits or has become hard to put on;",
    "a splint that is broken, no longer fits or is hard to put on;",
)
_EQUIPMENT_SKIN = _Line(
    EQUIPMENT,
    "pain, red skin or upset in {equipment}, or a red mark on the "
    f"bottom, heels or back of the head that has not faded after {SKIN_MARK_MINUTES} minutes;",
    "pain, red skin or distress in {equipment}: take {name} out and tell {tell};",
    (_NICE_CG179, _PALEG),
)
_EQUIPMENT_BROKEN = _Line(
    EQUIPMENT,
    "equipment that is broken, loose or no longer fits ({equipment}): do not use it until it has been checked;",
    "equipment that is broken, loose or no longer fits ({equipment}): do not use it, and tell {tell};",
)
_TOXIN_NECK = _Line(
    TOXIN_NECK,
    "after a neck injection: swallowing that is harder than usual, food or drink going down the wrong way, a "
    "weak neck or a head that feels heavy, or a change in the voice: tell the injection clinic the same day too;",
    "after a neck injection: {name} finds swallowing harder, food or drink goes down the wrong way, the neck "
    "seems weak or the voice changes: tell {tell} the same day;",
    (_RODRIGUES, _MUSTALAMPI),
)
_TOXIN_LIMB = _Line(
    TOXIN_LIMB,
    "after an injection in an arm, hand or leg: new weakness, such as dropping things, tripping or a foot "
    "that catches, or weakness in a part of the body that was not injected: tell the injection clinic too;",
    "after an injection in an arm, hand or leg: new weakness, such as dropping things or tripping: tell "
    "{tell} the same day;",
    (_RODRIGUES,),
)

#: The emergency line, first in the box.  ``{emergency}``: the clinic's emergency number.
_EMERGENCY_SIGNS = (
    "trouble breathing or swallowing, a fit, spasms that will not stop, spasms with a high temperature, "
    "or a possible broken bone"
)
EMERGENCY_SOURCES = (_ALLEN, _NICE_NG62)


@dataclass(frozen=True, slots=True)
class _Reader:
    """How the box addresses one reader."""

    heading: str
    emergency: str
    tell: str
    home: bool
    #: The last line of the box; ``{contact}``: the therapist's name and number.
    otherwise: str = "Otherwise contact {contact}."


_FAMILY = _Reader(
    heading="Stop and call your therapist if you notice:",
    emergency="In an emergency, call {emergency} first: " + _EMERGENCY_SIGNS + ". Then call your therapist.",
    tell="your therapist",
    home=True,
)
_SCHOOL = _Reader(
    heading="Stop the activity and tell the family and the therapist if you notice:",
    emergency="In an emergency, call {emergency} first and follow your school's first-aid procedure: "
    + _EMERGENCY_SIGNS
    + ". Then call the family.",
    tell="the family",
    home=False,
)
#: An employer, a carer or a care home, for an adult who shares their plan.
_WORK = _Reader(
    heading="Stop and get help if you notice:",
    emergency="In an emergency, call {emergency} first: " + _EMERGENCY_SIGNS + ". Then tell {name}'s family.",
    tell="{name}'s family",
    home=False,
    otherwise="Otherwise, with {name}'s agreement, contact {contact}.",
)
#: Any other reader (an audience added later gets this until it has its own wording).
_OTHERS = _Reader(
    heading="Stop the activity and tell {name}'s family or carer and the therapist if you notice:",
    emergency="In an emergency, call {emergency} first: " + _EMERGENCY_SIGNS + ". Then call {name}'s family "
    "or emergency contact.",
    tell="{name}'s family or carer",
    home=False,
)


#: The clinician summary lists the family's lines, told about the family (never "your therapist").
_CLINICIAN = _Reader(
    heading="The family is told to stop and call the therapist for:",
    emergency="In an emergency, call {emergency} first: " + _EMERGENCY_SIGNS + ". Then call {name}'s therapist.",
    tell="{name}'s therapist",
    home=True,
)


def _reader(audience: Audience) -> _Reader:
    if audience is Audience.SCHOOL:
        return _SCHOOL
    if audience is Audience.FAMILY:
        return _FAMILY
    if audience is Audience.CLINICIAN:
        return _CLINICIAN
    if audience is Audience.WORK:
        return _WORK
    return _OTHERS


@dataclass(frozen=True, slots=True)
class StopBox:
    """What the stop box of one handout says, in print order."""

    heading: str
    #: The emergency line: call the emergency number first.
    emergency: str
    #: The signs to stop and call, one a bullet (the action plan pointer among them).
    lines: tuple[str, ...]
    #: Whom to contact otherwise (the box's last line).
    otherwise: str
    #: The groups the lines came from (``GENERAL``, ``SPLINT``...), for the clinician and tests.
    groups: tuple[str, ...]
    #: Short citations of the works the lines rest on, each once.
    sources: tuple[str, ...]


def has_toxin(plan: Plan) -> bool:
    """Whether botulinum toxin is part of this plan: it holds an entry of the toxin cycle."""
    return any(
        (item.catalog_code or "").startswith(TOXIN_CODE_PREFIX) or item.catalog_code == TOXIN_REFERRAL_CODE
        for item in plan.interventions
    )


#: Body regions whose injections the arm and leg lines are about.
_LIMBS = frozenset({"arm", "hand", "leg", "foot"})


#: More pieces of equipment than this are not named one by one in the stop box.
_NAMED_EQUIPMENT = 4


def equipment_words(items: Sequence[Intervention]) -> str:
    """The reader's own equipment, named ("the prone standing frame or the specialist seating"), so the
    stop box never warns about a walker the person does not have."""
    titles = list(dict.fromkeys(_lower_first(i.title) for i in items if i.kind is Kind.EQUIPMENT))
    if not titles:
        return "the equipment"
    if len(titles) > _NAMED_EQUIPMENT:
        return "any of the equipment in this plan"
    named = [f"the {t}" for t in titles]
    return named[0] if len(named) == 1 else ", ".join(named[:-1]) + " or " + named[-1]


def _lower_first(title: str) -> str:
    """ "Prone standing frame" -> "prone standing frame"; an abbreviation ("AFO", "KAFO") is kept."""
    title = title.strip()
    if len(title) > 1 and title[0].isupper() and title[1].islower():
        return title[0].lower() + title[1:]
    return title


def stop_box(
    plan: Plan,
    audience: Audience,
    *,
    name: str,
    emergency_number: str,
    action_plan_where: str | None = None,
    contact: str = "the therapist",
) -> StopBox:
    """The stop box of the handout for ``audience`` (the clinician gets the family's).

    ``name`` is the person's given name (other readers are told about "{name}");
    ``emergency_number`` the clinic's; ``action_plan_where`` where the handout prints the dystonia
    action plan ("on the last page", "on page 5"), None when it does not print it; ``contact``
    the therapist's name and number, for the last line.
    """
    reader = _reader(audience)
    shown = items_for(plan, Audience.FAMILY if audience is Audience.CLINICIAN else audience)
    kinds = {item.kind for item in shown}
    chosen: list[_Line] = [_PAIN]
    pointer = None
    if action_plan_where and has_action_plan(plan):
        pointer = _Line(
            ACTION_PLAN,
            "spasms that are stronger or come more often than usual, or trouble settling or sleeping: follow the "
            f"green, amber and red dystonia action plan {action_plan_where};",
            "spasms that are stronger or come more often than usual, or trouble settling: follow the green, "
            f"amber and red dystonia action plan {action_plan_where};",
            (_ALLEN, "Lumsden et al. 2013"),
        )
    chosen.append(pointer or _SPASMS)
    if plan.gmfcs_level in (4, 5):
        chosen.append(_SWOLLEN_LIMB)
    if Kind.ORTHOSIS in kinds:
        chosen += [_SPLINT_SKIN, _SPLINT_CIRCULATION, _SPLINT_FIT]
    if any(item.kind is Kind.EQUIPMENT and item.catalog_code not in HAND_AIDS for item in shown):
        chosen += [_EQUIPMENT_SKIN, _EQUIPMENT_BROKEN]
    if has_toxin(plan):
        regions = involved_regions(plan)
        neck, limb = "neck" in regions, bool(regions & _LIMBS)
        if neck or not limb:
            chosen.append(_TOXIN_NECK)
        if limb or not neck:
            chosen.append(_TOXIN_LIMB)
    chosen.append(_FALL)
    if Kind.EXERCISE in kinds:
        chosen.append(_EXERCISE_UNSURE)
    words = {
        "name": name,
        "tell": reader.tell.format(name=name),
        "emergency": emergency_number,
        "contact": contact,
        "equipment": equipment_words(shown),
    }
    lines = [(line.home if reader.home else line.others) for line in chosen]
    said = [(line, text.format(**words)) for line, text in zip(chosen, lines, strict=True) if text]
    # The last line ends the list: a full stop, not a semicolon.
    texts = [text for _, text in said]
    texts[-1] = texts[-1].rstrip(";") + "." if texts[-1].endswith(";") else texts[-1]
    sources = dict.fromkeys(EMERGENCY_SOURCES)
    for line, _ in said:
        sources.update(dict.fromkeys(line.sources))
    return StopBox(
        heading=reader.heading.format(**words),
        emergency=reader.emergency.format(**words),
        lines=tuple(texts),
        otherwise=reader.otherwise.format(**words),
        groups=tuple(dict.fromkeys(line.group for line, _ in said)),
        sources=tuple(sources),
    )
