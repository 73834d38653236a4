"""Plain words for the technical words a family or school handout prints.

One table: each term, the forms it is written in, what each means in everyday words, and
where that plain wording comes from (the library entry whose family wording says the same,
or "plain English" where it is a word and not a clinical fact).  ``explain_first`` adds the
explanation in brackets after the first use of a term on a handout and leaves every later use
alone.  A use that is already explained counts as the first and is left as written:

- the term is followed by a bracket (``botulinum toxin (a medicine ...)``), or stands inside
  one (``This splint (an orthosis: ...)``, ``Ankle-foot splints (AFOs)``), as the library
  writes its own explanations; a short bracket of one or two words (``(both legs)``) is not an
  explanation, and the plain words go first inside it (``orthoses (splints ...; both legs)``);
- the term is being defined: followed by "is", "means" or "makes" (``Dystonia makes muscles
  tighten ...``), or asked about (``What is dystonia?``).

Matching ignores case, finds whole words only (``AFO`` is not found in ``SAFOX``), and takes
the longest form first (``botulinum toxin injections`` before ``botulinum toxin``).
Pure Python.
"""

from __future__ import annotations

import re
from collections.abc import Callable, MutableSet
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Term:
    """One technical word: ``forms`` maps each way it is written (lower case) to its plain words."""

    forms: dict[str, str]
    #: Where the plain wording comes from.
    source: str

    @property
    def key(self) -> str:
        return next(iter(self.forms))


_ORTHOSES = "resources/catalog/orthoses.toml (the library's own wording of a splint)"
_EQUIPMENT = "resources/catalog/equipment.toml"

GLOSSARY: tuple[Term, ...] = (
    Term(
        {
            "orthosis": "a splint or brace made to fit the body",
            "orthoses": "splints or braces made to fit the body",
        },
        _ORTHOSES,
    ),
    Term(
        {
            "ankle-foot orthosis": "a splint made to fit the ankle and foot",
            "ankle-foot orthoses": "splints made to fit the ankle and foot",
            "afo": "ankle-foot orthosis: a splint made to fit the ankle and foot",
            "afos": "ankle-foot orthoses: splints made to fit the ankle and foot",
        },
        _ORTHOSES + ", orthosis.afo",
    ),
    Term(
        {
            "smo": "a short splint that sits just above the ankle bone",
            "smos": "short splints that sit just above the ankle bone",
        },
        _ORTHOSES + ", orthosis.smo",
    ),
    Term(
        {
            "kafo": "a long leg splint from the thigh to the foot",
            "kafos": "long leg splints from the thigh to the foot",
        },
        _ORTHOSES + ", orthosis.kafo",
    ),
    Term({"tlso": "a brace that holds the back"}, _ORTHOSES + ", orthosis.spinal_brace"),
    Term(
        {
            "posterior walker": "a walking frame that goes behind the person",
            "posterior walkers": "walking frames that go behind the person",
            "reverse walker": "a walking frame that goes behind the person",
        },
        _EQUIPMENT + ", equipment.posterior_walker",
    ),
    Term(
        {
            "prone standing frame": "a frame that holds the person standing, leaning a little forward",
            "prone stander": "a frame that holds the person standing, leaning a little forward",
        },
        _EQUIPMENT + ", equipment.prone_stander",
    ),
    Term(
        {
            "supine standing frame": "a frame that holds the person standing, leaning a little back",
            "supine stander": "a frame that holds the person standing, leaning a little back",
        },
        _EQUIPMENT + ", equipment.supine_stander",
    ),
    Term(
        {
            "botulinum toxin injections": "injections of a medicine that helps overactive muscles relax",
            "botulinum toxin injection": "an injection of a medicine that helps overactive muscles relax",
            "botulinum toxin": "a medicine injected into overactive muscles to help them relax",
            "botox": "botulinum toxin: a medicine injected into overactive muscles to help them relax",
        },
        "resources/catalog/toxin-cycle.toml, toxin.cycle_overview",
    ),
    Term(
        {"hip surveillance": "regular hip checks, with X-rays when they are needed"},
        "resources/catalog/templates.toml, template.dystonic_cp_postural (hip X-rays for every child with "
        "cerebral palsy)",
    ),
    Term(
        {"sensory trick": "a light touch, for example on the chin, that calms the pull"},
        "resources/catalog/adults.toml (the light touch that calms the pull)",
    ),
    Term(
        {"status dystonicus": "a dystonia emergency"},
        "resources/catalog/action-plan.toml",
    ),
    Term(
        {"orthopaedics": "the bone and joint doctors", "orthopaedic": "bone and joint"},
        "plain English (the name of a hospital service)",
    ),
    Term(
        {
            "neurology": "the brain and nerve doctors",
            "neurologist": "a brain and nerve specialist",
            # A job or team named after the service: explained after the whole name, never
            # inside it ("Children's neurology (the brain and nerve doctors) nurse").
            "neurology nurse": "a nurse from the brain and nerve team",
            "neurology team": "the brain and nerve doctors and nurses",
        },
        "plain English (the name of a hospital service); resources/catalog/advice-neck-daily.toml",
    ),
)

#: Names that hold a term but are not a use of it (the name of a page, a plain phrase that
#: says what it is): never explained, never counted.
NAMES = ("dystonia action plan", "dystonia emergency", "make dystonia worse", "makes dystonia worse")

_BY_FORM: dict[str, Term] = {form: term for term in GLOSSARY for form in term.forms}
_FORMS = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(f) for f in sorted([*_BY_FORM, *NAMES], key=len, reverse=True)) + r")(?![\w-])",
    re.IGNORECASE,
)
#: After the term: it is being defined.
_DEFINED_AFTER = re.compile(r"\s+(?:is|are|means|makes)\b", re.IGNORECASE)
#: Before the term: it is asked about ("What is dystonia?").
_ASKED_BEFORE = re.compile(r"\bwhat (?:is|are)\s+(?:an?\s+)?$", re.IGNORECASE)
#: After the term: a bracket, and its words up to the closing bracket.
_BRACKET_AFTER = re.compile(r"\s*\(([^()]*)\)")


def _inside_brackets(text: str, at: int) -> bool:
    before = text[:at]
    return before.count("(") > before.count(")")


def explain_first(text: str, explained: MutableSet[str], wrap: Callable[[str], str] = str) -> str:
    """``text`` with the first use of each term not in ``explained`` followed by its plain words
    in brackets; every term met (explained here or already) is added to ``explained``.
    ``wrap`` is given each added bracket (a renderer sets it apart from bold type with it)."""
    out: list[str] = []
    last = 0
    for match in _FORMS.finditer(text):
        written = match.group(1)
        term = _BY_FORM.get(written.lower())
        if term is None or term.key in explained:
            continue
        explained.add(term.key)
        end = match.end()
        if (
            _inside_brackets(text, match.start())
            or _DEFINED_AFTER.match(text, end)
            or _ASKED_BEFORE.search(text, 0, match.start())
        ):
            continue
        plain = term.forms[written.lower()]
        bracket = _BRACKET_AFTER.match(text, end)
        if bracket is not None and len(bracket.group(1).split()) >= 3:
            continue  # already explained
        out.append(text[last:end])
        if bracket is not None:
            out.append(wrap(f" ({plain}; {bracket.group(1)})"))
            last = bracket.end()
        else:
            out.append(wrap(f" ({plain})"))
            last = end
    out.append(text[last:])
    return "".join(out)
