"""Which cautions apply to a plan: items that can aggravate dystonia, and gaps in the plan.

A therapist who does not know dystonia can prescribe exercises that make it worse, so
every plan is checked three ways:

(a) items taken from the library carry the library's cautions, filtered by the plan's
    category and, for neck dystonia, its stable or unstable form;
(b) items in the therapist's own words (own entries, items not from the library, and
    library items whose wording was edited) are read for words that signal a known risk:
    heavy weights or twisting sports with neck dystonia, arm swinging, dance or ball games
    with unstable (or unrecorded) neck dystonia, long practice of the triggering task in
    hand dystonia, stretching or massage, long spells in one position, tight splints;
(c) plan-level rules, such as hip surveillance at GMFCS IV-V.

Pure Python; imports only ``careplan.core``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from careplan.core.enums import Category, CervicalForm, Kind
from careplan.core.library import Caution, Library, LibraryIntervention
from careplan.core.model import AppliedCaution, Intervention, Plan

#: ``item_title`` of a caution about the plan as a whole.
WHOLE_PLAN = "Whole plan"

#: Library code of the hip surveillance referral.
HIP_SURVEILLANCE_CODE = "referral.hip_surveillance"

#: Added to a caution that depends on the form of neck dystonia when the plan has not recorded it.
FORM_UNKNOWN_NOTE = "The plan does not say yet whether the neck dystonia is stable or unstable: check this first."

HIP_SURVEILLANCE_TEXT = (
    "At GMFCS level IV or V the hips can slowly move out of place. "
    "Add a hip surveillance referral: hip X-rays about every 6 months at first, then once a year."
)
GMFCS_MISSING_TEXT = "Record the GMFCS level, so the plan shows whether hip checks are needed."
SKIN_CHECKS_MISSING_TEXT = (
    "Add skin checks: look at the skin each time the splint comes off. "
    "Red marks that last more than 20 minutes mean it needs to be checked."
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
    categories: frozenset[Category] = _ALL
    neck: bool = False
    stable_is_safe: bool = False
    also: re.Pattern[str] | None = None
    long_minutes: int | None = None
    kinds: frozenset[Kind] = frozenset(Kind)

    def in_scope(self, plan: Plan) -> bool:
        return plan.category in self.categories or (self.neck and _neck_involved(plan))

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
        categories=frozenset({Category.HAND}),
    ),
    KeywordRule(
        name="stretch_massage",
        pattern=_words(r"stretch\w*", r"massag\w*"),
        text=(
            "Stretching or massage can make the pull or the spasms worse for a while in some people. "
            "Go gently, and stop if they get worse afterwards."
        ),
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
        kinds=frozenset({Kind.ORTHOSIS, Kind.EQUIPMENT}),
    ),
)


def cautions_for(plan: Plan, library: Library) -> tuple[AppliedCaution, ...]:
    """Every caution that applies to ``plan``: plan-level ones first, then each item's in plan order.

    Identical texts are given once per item.
    """
    found: list[AppliedCaution] = [AppliedCaution(item_title=WHOLE_PLAN, text=text) for text in _plan_cautions(plan)]
    for index, item in enumerate(plan.interventions):
        seen: set[str] = set()
        for text in _item_cautions(plan, item, library):
            if text not in seen:
                seen.add(text)
                found.append(
                    AppliedCaution(item_title=item.title, text=text, item_index=index, catalog_code=item.catalog_code)
                )
    return tuple(found)


# --- (a) and (b): cautions on one item ---------------------------------------------------------


def _item_cautions(plan: Plan, item: Intervention, library: Library) -> Iterator[str]:
    entry = library.intervention(item.catalog_code) if item.catalog_code else None
    if entry is not None:
        for caution in entry.cautions:
            text = _library_caution(plan, caution)
            if text is not None:
                yield text
    yield from _keyword_cautions(plan, item, entry)
    if item.kind is Kind.ORTHOSIS and not (item.skin_checks or "").strip():
        yield SKIN_CHECKS_MISSING_TEXT


def _library_caution(plan: Plan, caution: Caution) -> str | None:
    if caution.applies(plan.category, plan.cervical_form):
        return caution.text
    form_unknown = (
        plan.category is Category.CERVICAL
        and plan.cervical_form is None
        and bool(caution.cervical_forms)
        and (not caution.categories or Category.CERVICAL in caution.categories)
    )
    # The caution only spares one form; with the form unrecorded it cannot be ruled out.
    return f"{caution.text} {FORM_UNKNOWN_NOTE}" if form_unknown else None


def _keyword_cautions(plan: Plan, item: Intervention, entry: LibraryIntervention | None) -> Iterator[str]:
    """Rules on the therapist's own wording; a library item's unedited wording was vetted already."""
    text = _wording(item)
    if entry is not None and not entry.is_own:
        original = entry.to_intervention()
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
            yield wording


def _wording(item: Intervention) -> str:
    parts = (item.title, item.instructions, item.school_instructions, item.wear_schedule)
    return "\n".join(p for p in parts if p)


def _neck_involved(plan: Plan) -> bool:
    return plan.category is Category.CERVICAL or any("neck" in region.lower() for region in plan.regions)


# --- (c): the plan as a whole ------------------------------------------------------------------


def _plan_cautions(plan: Plan) -> Iterator[str]:
    hip_risk = plan.category in (Category.DYSTONIC_CP, Category.GENERALISED) and plan.gmfcs_level in (4, 5)
    if hip_risk and not has_hip_surveillance(plan):
        yield HIP_SURVEILLANCE_TEXT
    if plan.category is Category.DYSTONIC_CP and plan.gmfcs_level is None:
        yield GMFCS_MISSING_TEXT


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
