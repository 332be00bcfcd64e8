"""DEVELOPED: release/launch verbs, passives, possessives, headlines and maker-prefixed names."""

import pytest

from .conftest import facts


@pytest.mark.parametrize(
    "text, subject, obj",
    [
        ("Anthropic released Claude 3.5 Sonnet on Thursday.", "Anthropic", "Claude 3.5 Sonnet"),
        ("Google unveiled Gemini 1.0 Ultra at its developer event.", "Google", "Gemini 1.0 Ultra"),
        ("Qwen2.5-72B was released by Alibaba in September.", "Alibaba", "Qwen2.5-72B"),
        ("Analysts compared the benchmarks of OpenAI's GPT-4o with earlier systems.", "OpenAI", "GPT-4o"),
        ("Mistral AI Launches Mixtral 8x7B", "Mistral AI", "Mixtral 8x7B"),
    ],
)
def test_developed_found(nlp, text, subject, obj):
    assert (subject, "DEVELOPED", obj) in facts(nlp, text)


def test_developed_list(nlp):
    found = facts(nlp, "Mistral AI released Mistral 7B and Mixtral 8x7B last year.")
    assert ("Mistral AI", "DEVELOPED", "Mistral 7B") in found
    assert ("Mistral AI", "DEVELOPED", "Mixtral 8x7B") in found


def test_developed_needs_organisation_subject(nlp):
    # A person releasing something is not a DEVELOPED fact in the schema.
    assert not any(rel == "DEVELOPED" for _, rel, _ in facts(nlp, "Sam Altman praised GPT-4o on Monday."))


def test_developed_negated(nlp):
    assert ("Apple", "DEVELOPED", "Gemini 1.0 Ultra") not in facts(
        nlp, "Apple did not release Gemini 1.0 Ultra."
    )


@pytest.mark.issue(2)
def test_developed_possessive_does_not_cross_to_a_conjunct_with_its_own_owner(nlp):
    found = facts(nlp, "It rivals OpenAI's GPT-4o and Google's Gemini 1.5 Pro on most tests.")
    assert ("OpenAI", "DEVELOPED", "GPT-4o") in found
    assert ("Google", "DEVELOPED", "Gemini 1.5 Pro") in found
    assert ("OpenAI", "DEVELOPED", "Gemini 1.5 Pro") not in found
