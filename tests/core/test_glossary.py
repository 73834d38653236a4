"""Technical words explained once, in brackets, at their first use."""

from __future__ import annotations

from pathlib import Path

import pytest

from careplan.core.glossary import GLOSSARY, NAMES, explain_first

ROOT = Path(__file__).resolve().parents[2]
ORTHOSIS = "a splint or brace made to fit the body"


def explain(*texts: str) -> list[str]:
    explained: set[str] = set()
    return [explain_first(t, explained) for t in texts]


def test_first_use_only_across_texts() -> None:
    first, second = explain("Wear the orthosis at night.", "Take the orthosis off for a bath.")
    assert first == f"Wear the orthosis ({ORTHOSIS}) at night."
    assert second == "Take the orthosis off for a bath."


def test_any_form_of_a_term_counts_once() -> None:
    first, second = explain("These orthoses help.", "The orthosis fits.")
    assert first == "These orthoses (splints or braces made to fit the body) help."
    assert second == "The orthosis fits."


def test_case_is_kept_and_ignored() -> None:
    (text,) = explain("Orthosis: wear it daily. AFO too.")
    assert text.startswith(f"Orthosis ({ORTHOSIS}): wear it daily.")
    assert "AFO (ankle-foot orthosis: a splint made to fit the ankle and foot) too." in text


@pytest.mark.parametrize("text", ["SAFOX strap", "afoot", "reorthosis", "the AFO-like brace"])
def test_never_inside_a_word(text: str) -> None:
    assert explain(text) == [text]


def test_longest_form_first() -> None:
    (text,) = explain("Ankle-foot orthoses for walking.")
    assert text == "Ankle-foot orthoses (splints made to fit the ankle and foot) for walking."
    (text,) = explain("Botulinum toxin injections every 12 weeks.")
    assert text.count("(") == 1 and "injections of a medicine" in text


def test_an_explanation_already_written_is_kept_and_counts() -> None:
    library = "After botulinum toxin (a medicine injected into overactive muscles to help them relax) rest."
    first, later = explain(library, "More botulinum toxin later.")
    assert first == library and later == "More botulinum toxin later."
    inside = "This splint (an orthosis: a support made to fit the body) holds the wrist."
    first, later = explain(inside, "The orthosis is soft.")
    assert first == inside and later == "The orthosis is soft."
    assert explain("Ankle-foot splints (AFOs)") == ["Ankle-foot splints (AFOs)"]


def test_a_short_bracket_takes_the_plain_words_first() -> None:
    (text,) = explain("Ankle-foot orthoses (both legs)")
    assert text == "Ankle-foot orthoses (splints made to fit the ankle and foot; both legs)"


def test_a_term_being_defined_or_asked_about_is_not_explained_again() -> None:
    assert explain("A posterior walker is a frame that goes behind you.")[0].count("(") == 0
    assert explain("What is a posterior walker?")[0].count("(") == 0


def test_names_are_not_uses() -> None:
    assert NAMES
    (text,) = explain("Follow the dystonia action plan; status dystonicus is rare.")
    assert text == "Follow the dystonia action plan; status dystonicus is rare."


def test_the_table_is_well_formed() -> None:
    seen: set[str] = set()
    for term in GLOSSARY:
        assert term.source.strip()
        for form, plain in term.forms.items():
            assert form == form.lower() and form not in seen, form
            seen.add(form)
            assert plain and plain[0].islower() and not plain.endswith("."), form
        # A library file named as the source of the wording exists.
        path = term.source.split()[0].rstrip(",")
        if path.startswith("resources/"):
            assert (ROOT / path).is_file(), term.source
