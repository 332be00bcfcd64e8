"""Model comparisons and availability: PARITY_WITH, OUTPERFORMS, COMPETES_WITH, AVAILABLE_VIA, BASED_ON."""

import pytest

from .conftest import facts


def _pairs(found, rel):
    return {(s, o) for s, r, o in found if r == rel}


def test_parity_list_is_one_fact_per_item(nlp):
    found = facts(nlp, "Grok-1 reaches parity with GPT-4o and Claude 3.5 Sonnet.")
    pairs = _pairs(found, "PARITY_WITH")
    for other in ("GPT-4o", "Claude 3.5 Sonnet"):
        assert ("Grok-1", other) in pairs or (other, "Grok-1") in pairs


@pytest.mark.parametrize(
    "text, a, b",
    [
        ("DeepSeek-R1 outperforms GPT-4o on math benchmarks.", "DeepSeek-R1", "GPT-4o"),
        ("In tests, Gemma 2 9B beat Mistral 7B by a wide margin.", "Gemma 2 9B", "Mistral 7B"),
    ],
)
def test_outperforms(nlp, text, a, b):
    assert (a, "OUTPERFORMS", b) in facts(nlp, text)


def test_competes_with_same_type_only(nlp):
    found = facts(nlp, "Samsung competes with Apple in the smartphone market.")
    assert ("Apple", "COMPETES_WITH", "Samsung") in found or ("Samsung", "COMPETES_WITH", "Apple") in found


def test_available_via_list(nlp):
    found = facts(nlp, "Mistral 7B is integrated into Amazon Bedrock, Vertex AI and Microsoft Azure.")
    for product in ("Amazon Bedrock", "Vertex AI", "Microsoft Azure"):
        assert ("Mistral 7B", "AVAILABLE_VIA", product) in found


@pytest.mark.issue(2)
def test_available_via_second_passive_verb_shares_the_subject(nlp):
    found = facts(nlp, "Phi-3-mini is sold through Azure and is integrated into Gmail, Instagram and Threads.")
    for product in ("Gmail", "Instagram", "Threads"):
        assert ("Phi-3-mini", "AVAILABLE_VIA", product) in found


def test_available_via_adjective(nlp):
    assert ("Phi-3-mini", "AVAILABLE_VIA", "Microsoft Azure") in facts(
        nlp, "Phi-3-mini is available through Microsoft Azure."
    )


def test_powers(nlp):
    assert ("GPT-4o", "AVAILABLE_VIA", "ChatGPT") in facts(nlp, "GPT-4o powers ChatGPT for paying users.")


def test_based_on(nlp):
    assert ("Llama 3.1 8B", "BASED_ON", "Llama 3.1 405B") in facts(
        nlp, "Llama 3.1 8B was distilled from Llama 3.1 405B."
    )
