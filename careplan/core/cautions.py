"""Which cautions apply to a plan: items that can aggravate dystonia, and gaps in the plan.

A therapist who does not know dystonia can prescribe exercises that make it worse, so
every plan is checked three ways:

(a) items taken from the library carry the library's cautions.  A caution follows the body
    regions the plan involves (its category, its recorded regions and patterns), not only
    the category: a segmental plan with the neck involved gets the neck cautions.  A caution
    for one form (stable / unstable) or one pattern (retrocollis, jaw opening...) applies
    when the plan records that form or pattern, and applies with a note to record it when the
    plan does not say.  An entry tagged for other patterns or forms than the plan's is flagged;
(b) items in the therapist's own words (own entries, items not from the library, and
    library items whose wording was edited) are read for words that signal a known risk:
    heavy weights or twisting sports with neck dystonia, arm swinging, dance or ball games
    with unstable (or unrecorded) neck dystonia, long practice of the triggering task in
    hand dystonia, stretching or massage, long spells in one position, tight splints;
(c) plan-level rules: hip surveillance for every child with cerebral palsy, with the X-ray
    interval of the GMFCS level; the GMFCS level, the neck pattern and the side recorded;
    a dystonia action plan for severe or generalised dystonia.

Each caution has two wordings: ``text`` for the clinician and ``family_text``, a plain
sentence the family and school handouts print beside the item (None: clinician only).

Pure Python; imports only ``careplan.core``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from careplan.core.action_plan import has_action_plan
from careplan.core.enums import ADULT_AGE, Category, CervicalForm, Kind, Pattern
from careplan.core.library import Caution, Library, LibraryIntervention
from careplan.core.model import AppliedCaution, Intervention, Plan

#: ``item_title`` of a caution about the plan as a whole.
WHOLE_PLAN = "Whole plan"

#: Library code of the hip surveillance referral.
HIP_SURVEILLANCE_CODE = "referral.hip_surveillance"

#: Added to a caution that depends on the form of neck dystonia when the plan has not recorded it.
FORM_UNKNOWN_NOTE = "The plan does not say yet whether the neck dystonia is stable or unstable: check this first."

#: Added to a caution that depends on the pattern when the plan has not recorded it ({region}: neck, jaw...).
PATTERN_UNKNOWN_NOTE = "The plan does not record the pattern of the {region} dystonia yet: check this first."

#: Hip surveillance for children with cerebral palsy by GMFCS level (Wynter et al. 2014,
#: Australian hip surveillance guidelines; AACPDM care pathway 2017).
HIP_INTERVALS: dict[int, str] = {
    1: "a hip check by the therapist at 12-24 months of age and again at 3 years; an X-ray at the first check, "
    "then only if the level changes or signs appear",
    2: "hip checks with an X-ray (AP pelvis) at 12-24 months, 12 months later and at 4-5 years; "
    "then a review at 8-10 years",
    3: "hip checks with an X-ray (AP pelvis) every 12 months while the migration percentage is not stable; "
    "a review at 8-10 years",
    4: "hip checks with an X-ray (AP pelvis) every 6 months; once the hips are stable, every 12 months, "
    "until growth stops",
    5: "hip checks with an X-ray (AP pelvis) every 6 months; once the hips are stable, every 12 months, "
    "until growth stops",
}
HIP_SURVEILLANCE_SOURCES = ("Wynter et al. 2014", "AACPDM 2017")
HIP_UNKNOWN_LEVEL = (
    "Every child with cerebral palsy needs hip surveillance. Record the GMFCS level: it sets how often the hips "
    "are X-rayed."
)
GMFCS_MISSING_TEXT = "Record the GMFCS level, so the plan shows whether hip checks are needed."
NECK_PATTERN_MISSING_TEXT = (
    "Record the pattern of the neck dystonia (which way the head pulls), so each exercise can be checked against it."
)
SIDE_MISSING_TEXT = (
    "Record the side the head (or jaw) pulls towards, so the handouts say left or right instead of "
    "'away from the pull'."
)
ACTION_PLAN_MISSING_TEXT = (
    "Add the dystonia action plan (advice.dystonia_action_plan): families and schools of people with severe or "
    "generalised dystonia need the warning signs of a dystonia emergency (status dystonicus) and who to call."
)
#: How long a pink mark may last after a splint (or the pressure of a seat) comes off before it is
#: reported: the one number every handout, caution and stop box uses (the library's items say the
#: same; tests/catalog checks them against it).
SKIN_MARK_MINUTES = 20

SKIN_CHECKS_MISSING_TEXT = (
    "Add skin checks: look at the skin each time the splint comes off. "
    f"Red marks that last more than {SKIN_MARK_MINUTES} minutes mean it needs to be checked."
)
SKIN_CHECKS_MISSING_FAMILY = (
    "Look at the skin each time the splint comes off. "
    f"Red marks that last more than {SKIN_MARK_MINUTES} minutes must be checked."
)

_ALL = frozenset(Category)
_NECK_FIRST = frozenset({Category.CERVICAL})


@dataclass(frozen=True, slots=True)
class KeywordRule:
    """A risk signalled by words in the therapist's own wording.

    The rule is in scope when the plan's category is in ``categories`` or, with
    ``neck``, when the plan's regions include the neck.  With ``stable_is_safe``
    the rule is silent for stable neck dystonia, says ``text`` for the unstable
    form and adds ``FORM_UNKNOWN_NOTE`` when the form is not recorded.  With
    ``also`` a second pattern must match too, unless the item's dosage reaches
    ``long_minutes``.
    """

    name: str
    pattern: re.Pattern[str]
    text: str
    family: str
    categories: frozenset[Category] = _ALL
    neck: bool = False
    stable_is_safe: bool = False
    also: re.Pattern[str] | None = None
    long_minutes: int | None = None
    kinds: frozenset[Kind] = frozenset(Kind)

    def in_scope(self, plan: Plan) -> bool:
        return plan.category in self.categories or (self.neck and "neck" in involved_regions(plan))

    def matches(self, text: str, item: Intervention) -> bool:
        if item.kind not in self.kinds or not self.pattern.search(text):
            return False
        if self.also is None:
            return True
        if self.also.search(text):
            return True
        minutes = item.dosage.minutes if item.dosage else None
        return self.long_minutes is not None and minutes is not None and minutes >= self.long_minutes

    def wording(self, plan: Plan) -> str | None:
        """The caution for this plan, or None when the plan's form of neck dystonia makes it safe."""
        if not self.stable_is_safe:
            return self.text
        if plan.cervical_form is CervicalForm.STABLE:
            return None
        if plan.cervical_form is CervicalForm.UNSTABLE:
            return self.text
        return f"{self.text} {FORM_UNKNOWN_NOTE}"


def _words(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE)


KEYWORD_RULES: tuple[KeywordRule, ...] = (
    KeywordRule(
        name="heavy_weights",
        pattern=_words(
            r"(?:hand |free |heavy |ankle |wrist )?weights",
            r"weight[- ]?(?:training|lifting|machines?)",
            r"weightlifting",
            r"dumb-?bells?",
            r"barbells?",
            r"kettlebells?",
            r"(?:gym|resistance) machines?",
            r"bench[- ]press\w*",
            r"shoulder press\w*",
            r"lat pull-?downs?",
            r"shrugs",
        ),
        text=(
            "Heavy weights and gym machines for the arms, chest and shoulders can make neck "
            "dystonia worse. Use light, slow work instead."
        ),
        family=(
            "Do not lift heavy weights or use gym machines for the arms and shoulders. Use light, slow work instead."
        ),
        categories=_NECK_FIRST,
        neck=True,
    ),
    KeywordRule(
        name="twisting_sports",
        pattern=_words(
            r"golf\w*",
            r"tennis",
            r"squash",
            r"badminton",
            r"rac(?:k|qu)ets?",
            r"padel",
            r"ping[- ]?pong",
        ),
        text=(
            "Sports that twist the body one way, such as golf, tennis or badminton, can bring on "
            "the neck pull in some people."
        ),
        family=(
            "Sports that twist the body one way, such as golf or tennis, can bring on the neck pull. "
            "Stop if it gets worse."
        ),
        categories=_NECK_FIRST,
        neck=True,
    ),
    KeywordRule(
        name="arm_swing_dance_ball",
        pattern=_words(
            r"arm[- ]?swing\w*",
            r"swing\w* (?:your |the |both |their |his |her )?arms?",
            r"danc\w*",
            r"ball games?",
            r"(?:foot|net|basket|volley|hand)ball",
            r"(?:throw|catch)\w* (?:a |the )?ball",
            r"zumba",
            r"aerobics",
        ),
        text=(
            "Swinging the arms, dancing and ball games can make the head pull or shake more in "
            "some people with neck dystonia."
        ),
        family=(
            "Swinging the arms, dancing and ball games can make the head pull or shake more. "
            "Stop if it does, and tell your therapist."
        ),
        categories=_NECK_FIRST,
        neck=True,
        stable_is_safe=True,
    ),
    KeywordRule(
        name="long_task_practice",
        pattern=_words(
            r"writ(?:e|es|ing)",
            r"handwriting",
            r"typ(?:e|es|ing)",
            r"keyboards?",
            r"piano",
            r"guitar",
            r"violin",
            r"viola",
            r"cello",
            r"flute",
            r"clarinet",
            r"trumpet",
            r"drum\w*",
            r"instruments?",
            r"scales",
        ),
        also=_words(
            r"hours?",
            r"long (?:periods?|spells?|sessions?|time)",
            r"as long as (?:you|they|possible)(?: can)?",
            r"until (?:it|the \w+) (?:hurts?|aches?|cramps?)",
            r"without (?:a )?(?:breaks?|rest(?:ing)?|stopping)",
            r"no (?:breaks?|rest)",
            r"non-?stop",
            r"keep going",
            r"push through",
            r"(?:[3-9]\d|\d{3,}) ?(?:min|mins|minutes)",
        ),
        long_minutes=30,
        text=(
            "Long spells of writing, typing or playing can make the cramp stronger. Keep practice "
            "of the task that brings it on short and slow, with breaks."
        ),
        family="Keep practice short and slow, with breaks. Stop if the cramp comes on.",
        categories=frozenset({Category.HAND}),
    ),
    KeywordRule(
        name="stretch_massage",
        pattern=_words(r"stretch\w*", r"massag\w*"),
        text=(
            "Stretching or massage can make the pull or the spasms worse for a while in some people. "
            "Go gently, and stop if they get worse afterwards."
        ),
        family="Go gently. Stop if the pull or the spasms get worse afterwards, and tell your therapist.",
    ),
    KeywordRule(
        name="long_static_posture",
        pattern=re.compile(
            r"\b(?:sit|sits|sitting|stand|stands|standing|lie|lies|lying|computer|screen|desk|gaming|"
            r"video games?)\b[^.]{0,60}?\b(?:for (?:hours|several hours|\d+ hours|a long time|long periods)|"
            r"all (?:day|morning|afternoon|evening)|without (?:a )?breaks?|no breaks?)"
            r"|\bhours (?:at|on) (?:the |a )?(?:computer|desk|screen|phone|tablet)",
            re.IGNORECASE,
        ),
        text=(
            "Staying in one position for a long time without a break can bring on the pull and "
            "cause pain. Build in short breaks to move."
        ),
        family=("Do not stay in one position for a long time. Take a short break to move at least every 30 minutes."),
    ),
    KeywordRule(
        name="tight_orthosis",
        pattern=_words(
            r"as tight as (?:possible|you can)",
            r"very tight(?:ly)?",
            r"tightly",
            r"tighten\w*",
            r"as firm(?:ly)? as (?:possible|you can)",
        ),
        text=(
            "A splint or strap that is too tight can hurt the skin and may bring on spasms. "
            "It should feel snug, not tight."
        ),
        family=(
            "The splint or strap should feel snug, not tight. Loosen it if the skin goes red or the spasms get worse."
        ),
        kinds=frozenset({Kind.ORTHOSIS, Kind.EQUIPMENT}),
    ),
)


def cautions_for(plan: Plan, library: Library, *, age: int | None = None) -> tuple[AppliedCaution, ...]:
    """Every caution that applies to ``plan``: plan-level ones first, then each item's in plan order.

    ``age`` is the person's age in whole years, where known (it decides whether the
    rules for children apply).  Identical texts are given once per item.
    """
    found: list[AppliedCaution] = [
        AppliedCaution(item_title=WHOLE_PLAN, text=text, sources=sources) for text, sources in _plan_cautions(plan, age)
    ]
    involved = involved_regions(plan, library)
    for index, item in enumerate(plan.interventions):
        seen: set[str] = set()
        for text, family, sources in _item_cautions(plan, item, library, involved):
            if text not in seen:
                seen.add(text)
                found.append(
                    AppliedCaution(
                        item_title=item.title,
                        text=text,
                        item_index=index,
                        catalog_code=item.catalog_code,
                        family_text=family,
                        sources=sources,
                    )
                )
    return tuple(found)


# --- the regions and patterns a plan involves -----------------------------------------------------

#: Body regions each category involves before the plan records any.
CATEGORY_REGIONS: dict[Category, frozenset[str]] = {
    Category.CERVICAL: frozenset({"neck"}),
    Category.HAND: frozenset({"hand", "arm"}),
    Category.FOCAL_OTHER: frozenset(),
    Category.SEGMENTAL: frozenset(),
    Category.MULTIFOCAL: frozenset(),
    Category.HEMIDYSTONIA: frozenset({"arm", "hand", "leg", "foot"}),
    Category.GENERALISED: frozenset({"trunk", "leg"}),
    Category.DYSTONIC_CP: frozenset({"trunk"}),
}

#: A whole-body plan involves every region.
WHOLE_BODY = "whole_body"


def _base_region(region: str) -> str:
    region = region.strip().lower().replace(" ", "_")
    for side in ("left_", "right_"):
        if region.startswith(side):
            return region[len(side) :]
    return region


def involved_regions(plan: Plan, library: Library | None = None) -> frozenset[str]:
    """The body regions the plan involves: from its category, its recorded regions and patterns,
    and (given the library) the regions of the library entries it holds: a jaw exercise in a
    plan involves the jaw even before the therapist ticks it.

    Sided regions count as the region (``left_arm`` is the arm); ``whole_body`` stands for all,
    but an entry's own ``whole_body`` tag does not make every region involved.
    """
    regions = set(CATEGORY_REGIONS[plan.category])
    regions.update(_base_region(r) for r in plan.regions)
    regions.update(p.region for p in plan.patterns)
    if library is not None:
        for item in plan.interventions:
            entry = library.intervention(item.catalog_code) if item.catalog_code else None
            if entry is not None:
                regions.update(_base_region(r) for r in entry.regions if r != WHOLE_BODY)
    return frozenset(regions)


def _involves(involved: frozenset[str], regions: frozenset[str]) -> bool:
    return WHOLE_BODY in involved or bool(involved & {_base_region(r) for r in regions})


# --- (a) and (b): cautions on one item ---------------------------------------------------------

_Found = tuple[str, str | None, tuple[str, ...]]


def _item_cautions(plan: Plan, item: Intervention, library: Library, involved: frozenset[str]) -> Iterator[_Found]:
    entry = library.intervention(item.catalog_code) if item.catalog_code else None
    if entry is not None:
        cited = tuple(s.short for s in entry.sources)
        for caution in entry.cautions:
            text = library_caution_text(plan, caution, involved)
            if text is not None:
                yield text, caution.family, cited
        yield from ((text, None, cited) for text in _tag_mismatches(plan, entry))
    for text, family in _keyword_cautions(plan, item, entry):
        yield text, family, ()
    if item.kind is Kind.ORTHOSIS and not (item.skin_checks or "").strip():
        yield SKIN_CHECKS_MISSING_TEXT, SKIN_CHECKS_MISSING_FAMILY, ()


def library_caution_text(plan: Plan, caution: Caution, involved: frozenset[str] | None = None) -> str | None:
    """The clinician wording of ``caution`` for ``plan``, with a note when the plan lacks what decides it.

    None when the caution does not apply.  ``involved`` is the plan's regions
    (``involved_regions``; computed from the plan alone when not given).
    """
    involved = involved_regions(plan) if involved is None else involved
    if caution.categories and plan.category not in caution.categories:
        return None
    if caution.regions and not _involves(involved, caution.regions):
        return None
    notes: list[str] = []
    if caution.cervical_forms:
        if not _involves(involved, frozenset({"neck"})):
            return None
        if plan.cervical_form is None:
            notes.append(FORM_UNKNOWN_NOTE)
        elif plan.cervical_form not in caution.cervical_forms:
            return None
    if caution.patterns:
        regions = frozenset(p.region for p in caution.patterns)
        if not _involves(involved, regions):
            return None
        recorded = {p for p in plan.patterns if p.region in regions}
        if not recorded:
            notes.extend(PATTERN_UNKNOWN_NOTE.format(region=region) for region in sorted(regions))
        elif not recorded & caution.patterns:
            return None
    return " ".join([caution.text, *notes])


def _tag_mismatches(plan: Plan, entry: LibraryIntervention) -> Iterator[str]:
    """The entry is tagged for other patterns or another neck form than the plan records."""
    if entry.patterns:
        regions = {p.region for p in entry.patterns}
        recorded = {p for p in plan.patterns if p.region in regions}
        if recorded and not recorded & entry.patterns:
            suits = ", ".join(sorted(p.label for p in entry.patterns))
            has = ", ".join(sorted(p.label for p in recorded))
            yield f"This entry is meant for {suits}; the plan records {has}. Check that it suits this person."
    if entry.forms and plan.cervical_form is not None and plan.cervical_form not in entry.forms:
        suits = " or ".join(sorted(f.value for f in entry.forms))
        yield (
            f"This entry suits the {suits} form of neck dystonia; the plan records the "
            f"{plan.cervical_form.value} form. Check that it suits this person."
        )


def _keyword_cautions(
    plan: Plan, item: Intervention, entry: LibraryIntervention | None
) -> Iterator[tuple[str, str | None]]:
    """Rules on the therapist's own wording; a library item's unedited wording was vetted already."""
    text = _wording(item)
    if entry is not None and not entry.is_own:
        original = entry.to_intervention(plan.pull_side)
        original_text = _wording(original)
        if text == original_text and item.dosage == original.dosage:
            return
    else:
        original = None
        original_text = ""
    for rule in KEYWORD_RULES:
        if not rule.in_scope(plan) or not rule.matches(text, item):
            continue
        if original is not None and rule.matches(original_text, original):
            continue  # the library's own wording already said this; its cautions cover it
        wording = rule.wording(plan)
        if wording is not None:
            yield wording, rule.family


def _wording(item: Intervention) -> str:
    parts = (item.title, item.instructions, item.school_instructions, item.wear_schedule)
    return "\n".join(p for p in parts if p)


# --- (c): the plan as a whole ------------------------------------------------------------------

_NECK_PATTERNS = frozenset(p for p in Pattern if p.region == "neck")


def _plan_cautions(plan: Plan, age: int | None) -> Iterator[tuple[str, tuple[str, ...]]]:
    child = age is None or age < ADULT_AGE
    cp = plan.category is Category.DYSTONIC_CP
    gmfcs_recorded = plan.gmfcs_level is not None
    hip_risk = child and (cp or (plan.category is Category.GENERALISED and gmfcs_recorded))
    if hip_risk and not has_hip_surveillance(plan):
        yield hip_surveillance_text(plan.gmfcs_level), HIP_SURVEILLANCE_SOURCES
    if cp and not gmfcs_recorded:
        yield GMFCS_MISSING_TEXT, ()
    if plan.category is Category.CERVICAL and not (set(plan.patterns) & _NECK_PATTERNS):
        yield NECK_PATTERN_MISSING_TEXT, ()
    if any(p.sided for p in plan.patterns) and plan.pull_side is None:
        yield SIDE_MISSING_TEXT, ()
    severe = plan.category is Category.GENERALISED or (cp and plan.gmfcs_level in (None, 4, 5))
    if severe and not has_action_plan(plan):
        yield ACTION_PLAN_MISSING_TEXT, ("Allen et al. 2014", "Lumsden et al. 2013")


def hip_surveillance_text(gmfcs_level: int | None) -> str:
    """The prompt to refer for hip surveillance, with the interval for the GMFCS level."""
    if gmfcs_level is None:
        return f"{HIP_UNKNOWN_LEVEL} Add a hip surveillance referral."
    return (
        f"Every child with cerebral palsy needs hip surveillance. At GMFCS level {gmfcs_level}: "
        f"{HIP_INTERVALS[gmfcs_level]}. Add a hip surveillance referral."
    )


def has_hip_surveillance(plan: Plan) -> bool:
    """Whether the plan already refers the person for hip checks."""
    for item in plan.interventions:
        if item.catalog_code == HIP_SURVEILLANCE_CODE:
            return True
        if item.kind is Kind.REFERRAL:
            words = " ".join(p for p in (item.title, item.referral_to, item.referral_reason) if p)
            if re.search(r"\bhips?\b", words, re.IGNORECASE):
                return True
    return False
