"""``kg_fast_attributes`` gives every token the attributes the model's attribute ruler and lemmatizer would."""

from __future__ import annotations

import pytest
from spacy.lang.en import English
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from extractors.attributes import FastAttributes, supports

#: Sentences for the ruler's multi-token patterns ("there is", "let 's", "gon na", "ai n't"), pronouns by
#: function, auxiliaries, "do/have" as main verbs, whitespace tokens, line breaks and unseen words.
SENTENCES = [
    "There is a new model, and there are two more; there was talk of a third.",
    "Let's see what OpenAI does. Let us wait. I'm gonna try it, we gotta go, y'all ain't ready, c'mon.",
    "I told you it works, and you told me; it was given to me by you and it.",
    "But the board did not agree. They do what they have to, and he has had enough. Did she?",
    "Anthropic's  Claude 3.5 Sonnet  beat GPT-4o.\n\nMeta released Llama 3.1 405B on Tuesday.\n- Mistral AI\n",
    "Zyxqor-7B, trained by Flibbertech Labs, gets 91.2% on MMLU; it got better, and it gets cheaper.",
    "That is what that company said: which model is which, and this one, not those.",
    "The startup, which was founded in 2021, has raised $1.5bn, said Dario Amodei, its co-founder.",
    "   Leading spaces and a trailing tab\t",
    "A",
    "'s n't 're",
]

_ATTRS = ("pos_", "tag_", "dep_", "lemma_", "morph")


def _before_attributes(nlp, text: str) -> Doc:
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if name == "kg_fast_attributes":
            return doc
        doc = proc(doc)
    raise AssertionError("no kg_fast_attributes")


def _copy(doc: Doc) -> Doc:
    return Doc(doc.vocab).from_bytes(doc.to_bytes())


def _attributes(doc: Doc) -> list[tuple]:
    return [(t.text, *(str(getattr(t, a)) for a in _ATTRS)) for t in doc]


@pytest.fixture(scope="module")
def fast(nlp):
    if "kg_fast_attributes" not in nlp.pipe_names:
        pytest.skip("the English model is not installed")
    return nlp.get_pipe("kg_fast_attributes")


def test_fast_attributes_replaces_ruler_and_lemmatizer(nlp, fast):
    assert "attribute_ruler" not in nlp.pipe_names and "lemmatizer" not in nlp.pipe_names
    names = nlp.pipe_names
    assert names.index("parser") < names.index("kg_fast_attributes") < names.index("ner")


@pytest.mark.parametrize("order", ["forward", "backward"])
def test_fast_attributes_same_as_real_components(nlp, fast, order):
    docs = [_before_attributes(nlp, text) for text in SENTENCES]
    if order == "backward":
        docs.reverse()
    fast.clear()
    for _ in range(2):  # with an empty cache, then from the cache
        for doc in docs:
            expected, actual = _copy(doc), _copy(doc)
            fast._slow(expected)
            fast(actual)
            assert _attributes(actual) == _attributes(expected)


def test_fast_attributes_cache_is_used(nlp, fast):
    doc = _before_attributes(nlp, SENTENCES[0])
    fast(_copy(doc))
    again = _copy(doc)
    ruler, fast.ruler = fast.ruler, None  # a cache miss would now fail
    try:
        assert fast._fast(again)
    finally:
        fast.ruler = ruler
    expected = _copy(doc)
    fast._slow(expected)
    assert _attributes(again) == _attributes(expected)


def test_fast_attributes_small_cache_same_output(nlp, fast):
    small = FastAttributes(nlp, "small", max_cache=3)
    small.initialize(ruler=fast.ruler, lemmatizer=fast.lemmatizer)
    for text in SENTENCES:
        doc = _before_attributes(nlp, text)
        expected, actual = _copy(doc), _copy(doc)
        fast._slow(expected)
        small(actual)
        assert _attributes(actual) == _attributes(expected)


def test_fast_attributes_preset_lemma_uses_real_components(nlp, fast):
    doc = _before_attributes(nlp, "Meta trained the models.")
    doc[3].lemma_ = "MODEL"
    expected, actual = _copy(doc), _copy(doc)
    fast._slow(expected)
    fast(actual)
    assert actual[3].lemma_ == "MODEL"
    assert _attributes(actual) == _attributes(expected)


def test_fast_attributes_in_memory_zone(nlp, fast):
    with nlp.memory_zone():
        doc = nlp("Zyxqorbly released Blorptastic-9 yesterday.")
        lemmas = [t.lemma_ for t in doc]
    assert lemmas[1] == "release"


def test_fast_attributes_whole_pipeline_unchanged(nlp, fast):
    text = " ".join(SENTENCES)
    expected = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        expected = fast._slow(expected) if name == "kg_fast_attributes" else proc(expected)
    for doc in (nlp(text), nlp(text)):
        assert _attributes(doc) == _attributes(expected)
        assert [(e.start, e.end, e.label_) for e in doc.ents] == [(e.start, e.end, e.label_) for e in expected.ents]


def test_supports_rejects_what_cannot_be_cached():
    nlp = English()
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "rule"})
    ruler = AttributeRuler(nlp.vocab)
    ruler.add([[{"LOWER": "the", "DEP": "det"}], [{"TAG": "NN"}, {"LOWER": "of"}]], {"POS": "DET"})
    assert supports(ruler, lemmatizer)
    ruler.add([[{"POS": "NOUN"}]], {"LEMMA": "thing"})  # tests an attribute the ruler itself sets
    assert not supports(ruler, lemmatizer)
    ruler = AttributeRuler(nlp.vocab)
    ruler.add([[{"LOWER": "a", "OP": "+"}]], {"POS": "DET"})
    assert not supports(ruler, lemmatizer)
    lookup = English().add_pipe("lemmatizer", config={"mode": "lookup"})
    assert not supports(AttributeRuler(nlp.vocab), lookup)


@pytest.mark.parametrize(("choice", "blis"), [("blis", True), ("numpy", False)])
def test_choose_blas_follows_kg_blas(monkeypatch, choice, blis):
    from thinc.api import NumpyOps

    from extractors.pipeline import _choose_blas

    nlp = English()
    nlp.add_pipe("tok2vec")
    for node in nlp.get_pipe("tok2vec").model.walk():
        node.ops = NumpyOps(use_blis=True)
    monkeypatch.setenv("KG_BLAS", choice)
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    _choose_blas(nlp)
    assert {node.ops.use_blis for node in nlp.get_pipe("tok2vec").model.walk()} == {blis}
