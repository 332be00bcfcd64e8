"""Model-name patterns and registry patterns."""

import pytest

from extractors.entity_patterns import (
    MODEL_FAMILIES,
    find_model_names,
    model_name_regex,
    registry_patterns,
)
from ontology.loader import RegistryEntry

PATTERN = model_name_regex(sorted(MODEL_FAMILIES, key=len, reverse=True))


@pytest.mark.parametrize(
    "name",
    ["GPT-5.4", "GPT-4o", "o1", "o3-mini", "Claude Sonnet 4.6", "Claude 3.5 Sonnet", "Llama 3.1 405B",
     "Qwen2.5-72B", "DeepSeek-R1", "Mixtral 8x7B", "Gemini 1.0 Ultra", "Gemma 2 9B", "Phi-3-mini", "Grok-1",
     "Mistral 7B"],
)
def test_model_name_found_whole(name):
    text = f"Yesterday {name}. was compared with others."
    spans = find_model_names(text, PATTERN)
    assert [text[s:e] for s, e in spans] == [name]


@pytest.mark.parametrize(
    "text",
    ["The GPT architecture is old.", "Mistral AI raised money.", "Claude said hello.", "Two of them co1 left."],
)
def test_model_name_not_found_without_version(text):
    assert find_model_names(text, PATTERN) == []


def test_registry_patterns_use_ids_and_lowercase_multiword_variants():
    entry = RegistryEntry(id="org:acme-labs", name="Acme Labs", type="Organization", aliases=("ACME",))
    patterns = registry_patterns([entry])
    texts = {p["pattern"] for p in patterns}
    assert texts == {"Acme Labs", "acme labs", "ACME"}
    assert all(p["id"] == "org:acme-labs" and p["label"] == "Organization" for p in patterns)


def test_model_names_become_aimodel_entities(nlp):
    doc = nlp("Developers compared Qwen2.5-72B with Llama 3.1 405B.")
    found = {(e.text, e.label_) for e in doc.ents}
    assert ("Qwen2.5-72B", "AIModel") in found
    assert ("Llama 3.1 405B", "AIModel") in found
