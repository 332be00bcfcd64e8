"""SUBSIDIARY_OF: unit appositions, possessive units, "parent" and unit-like names."""

import pytest

from .conftest import facts


@pytest.mark.parametrize(
    "text, child, parent",
    [
        ("Waymo, a unit of Alphabet, expanded to Austin.", "Waymo", "Alphabet"),
        ("Engineers joined Google's AI unit DeepMind last year.", "DeepMind", "Google"),
        ("Google's parent company Alphabet reported earnings.", "Google", "Alphabet"),
        ("Amazon Web Services and Amazon reported growth.", "Amazon Web Services", "Amazon"),
    ],
)
def test_subsidiary_found(nlp, text, child, parent):
    assert (child, "SUBSIDIARY_OF", parent) in facts(nlp, text)


def test_subsidiary_needs_two_organisations(nlp):
    assert not any(rel == "SUBSIDIARY_OF" for _, rel, _ in facts(nlp, "The unit of work was small."))
