"""INVESTED_IN and PARTNERED_WITH: verbs, nominalisations, "X-backed", symmetric pairs."""

import pytest

from .conftest import facts, relation, run


@pytest.mark.parametrize(
    "text, subject, obj",
    [
        ("Amazon invested $4 billion in Anthropic.", "Amazon", "Anthropic"),
        ("Anthropic raised $2 billion from Google last year.", "Google", "Anthropic"),
        ("Nvidia's investment in Mistral AI was announced on Monday.", "Nvidia", "Mistral AI"),
        ("Microsoft-backed OpenAI hired more researchers.", "Microsoft", "OpenAI"),
    ],
)
def test_invested_found(nlp, text, subject, obj):
    assert (subject, "INVESTED_IN", obj) in facts(nlp, text)


def test_invested_amount(nlp):
    r = relation(nlp, "Amazon invested $4 billion in Anthropic.", "Amazon", "INVESTED_IN", "Anthropic")
    assert r is not None and r.qualifiers.get("amount") == "$4 billion"


@pytest.mark.parametrize(
    "text, a, b",
    [
        ("Apple partnered with OpenAI to bring ChatGPT to the iPhone.", "Apple", "OpenAI"),
        ("Microsoft has signed a partnership with Mistral AI.", "Microsoft", "Mistral AI"),
        ("Microsoft and Meta are expanding their partnership.", "Meta", "Microsoft"),
    ],
)
def test_partnered_found_once_in_either_order(nlp, text, a, b):
    found = {(s, o) for s, rel, o in facts(nlp, text) if rel == "PARTNERED_WITH"}
    assert (a, b) in found or (b, a) in found
    assert len([r for r in run(nlp, text).relations if r.relation == "PARTNERED_WITH"]) == 1


def test_partnered_not_when_negated(nlp):
    assert not any(rel == "PARTNERED_WITH" for _, rel, _ in facts(nlp, "Apple did not partner with Google."))
