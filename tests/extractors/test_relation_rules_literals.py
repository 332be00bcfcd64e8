"""OPEN_WEIGHTS and LICENSED_UNDER: literal objects from surface cues."""

import pytest

from .conftest import facts, run


def _literal(nlp, text, rel):
    return {(r.subject, r.object) for r in run(nlp, text).relations if r.relation == rel}


@pytest.mark.parametrize(
    "text, model, value",
    [
        ("Mistral released the open-weight Mixtral 8x7B model.", "Mixtral 8x7B", "true"),
        ("Gemini 1.0 Ultra is a proprietary model.", "Gemini 1.0 Ultra", "false"),
        ("Grok-1 ships with no open weights.", "Grok-1", "false"),
        ("DeepSeek-R1 is an open-source model.", "DeepSeek-R1", "true"),
    ],
)
def test_open_weights(nlp, text, model, value):
    found = _literal(nlp, text, "OPEN_WEIGHTS")
    assert (model, value) in found
    assert not any(m == model and v != value for m, v in found)


def test_open_weights_literal_has_no_object_id(nlp):
    rels = [r for r in run(nlp, "Grok-1 ships with no open weights.").relations if r.relation == "OPEN_WEIGHTS"]
    assert rels and all(r.object_id is None for r in rels)


@pytest.mark.parametrize(
    "text, model, licence",
    [
        ("Mistral 7B is released under the Apache 2.0 license.", "Mistral 7B", "Apache 2.0"),
        ("Phi-3-mini is available under the MIT license.", "Phi-3-mini", "MIT"),
        ("Llama 3.1 405B ships under the Llama 3.1 Community License.", "Llama 3.1 405B",
         "Llama 3.1 Community License"),
    ],
)
def test_licensed_under(nlp, text, model, licence):
    assert (model, licence) in _literal(nlp, text, "LICENSED_UNDER")


def test_mit_university_is_not_a_licence(nlp):
    assert not _literal(nlp, "Researchers at MIT evaluated Mistral 7B.", "LICENSED_UNDER")


@pytest.mark.issue(2)
@pytest.mark.parametrize(
    "text, model, value",
    [
        ("Unlike its rivals, Grok-2 does not come with open weights.", "Grok-2", "false"),
        ("After a long review, Gemma 2 is available with open weights under a permissive licence.", "Gemma 2", "true"),
    ],
)
def test_open_weights_cue_far_from_the_model(nlp, text, model, value):
    assert (model, "OPEN_WEIGHTS", value) in facts(nlp, text)
