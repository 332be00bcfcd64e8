"""The shipped pair classifier (trained by training/train_pairs.py): it loads, round-trips and scores sentences."""

from __future__ import annotations

import numpy as np
import pytest

from extractors.pair_classifier import (
    LABELS,
    MODEL_PATH,
    SPREAD,
    PairModel,
    candidate_pairs,
    load_pair_model,
    mentions_of,
    pair_features,
    referents,
)

pytestmark = pytest.mark.skipif(not MODEL_PATH.exists(), reason="no trained weights shipped")


def _predictions(nlp, text: str) -> set[tuple[str, str, str]]:
    doc = nlp(text)
    model = load_pair_model()
    out = set()
    for s, o in candidate_pairs(doc):
        for label, _p in model.predict(doc, s, o):
            out.add((doc[s.start : s.end].text, label, doc[o.start : o.end].text))
    return out


def test_pair_model_is_small_and_loads():
    assert MODEL_PATH.stat().st_size < 5_000_000
    model = load_pair_model()
    assert model.labels == LABELS
    assert ((model.thresholds > 0) & (model.thresholds < 1)).all()


def test_pair_model_save_load_round_trip(tmp_path):
    model = load_pair_model()
    model.save(tmp_path / "m.npz")
    again = PairModel.load(tmp_path / "m.npz")
    feats = ["k=PO", "bw=of", "near=ceo|PO"]
    assert np.allclose(model.scores(feats), again.scores(feats), atol=1e-2)


@pytest.mark.issue(5)
@pytest.mark.parametrize("text, fact", [
    ("Jensen Huang is the chief executive officer of Nvidia.", ("Nvidia", "CEO", "Jensen Huang")),
    ("Andrej Karpathy is a member of the board of Tesla.", ("Andrej Karpathy", "EMPLOYEE_OR_MEMBER_OF", "Tesla")),
])  # fmt: skip
def test_pair_model_finds_facts(nlp, text, fact):
    assert fact in _predictions(nlp, text)


def test_pair_model_ignores_unrelated_pairs(nlp):
    found = _predictions(nlp, "Jensen Huang visited Paris, and Tesla shares rose.")
    assert not any(label == "CEO" for _s, label, _o in found)


def test_mentions_include_names_and_pronouns_the_entity_layer_leaves_out(nlp):
    doc = nlp("I joined Oakleaf in January as project co-ordinator.")
    found = {(doc[m.start : m.end].text, m.kind) for m in mentions_of(doc)}
    assert ("I", "P") in found
    assert any(text == "Oakleaf" for text, _kind in found)
    # The entity layer's own view (what extractors/relations.py uses) has no first-person pronoun.
    assert all(doc[m.start : m.end].text != "I" for m in mentions_of(doc, extended=False))


def test_relative_pronoun_refers_to_the_named_mention(nlp):
    doc = nlp("Edwin Perkins is a mathematician who has been a professor at the University of British Columbia.")
    mentions = mentions_of(doc)
    groups = dict(zip((doc[m.start : m.end].text for m in mentions), referents(doc, mentions), strict=True))
    assert groups["who"] == groups["Edwin Perkins"]
    assert groups["who"] != groups["University of British Columbia"]


def test_same_entity_pairs_only_on_request(nlp):
    doc = nlp("Google said on Monday that Google will open an office in Paris.")
    mentions = [m for m in mentions_of(doc) if m.entity >= 0]
    google = [m for m in mentions if doc[m.start : m.end].text == "Google"]
    assert len(google) == 2 and google[0].entity == google[1].entity
    assert not [(s, o) for s, o in candidate_pairs(doc, mentions) if s.entity == o.entity]
    same = [(s, o) for s, o in candidate_pairs(doc, mentions, same_entity=True) if s.entity == o.entity]
    assert sorted((s.start, o.start) for s, o in same) == sorted([(google[0].start, google[1].start),
                                                                 (google[1].start, google[0].start)])


def test_pair_scores_spread_to_mentions_of_the_same_referents(nlp):
    doc = nlp("Edwin Perkins is a mathematician who has been a professor at the University of British Columbia.")
    model = load_pair_model()
    mentions = mentions_of(doc)
    groups = dict(zip(mentions, referents(doc, mentions), strict=True))
    rows = model.pair_scores(doc, mentions)
    for s, o, label, score in rows:
        assert 0.0 <= score <= 1.0
        direct = model.scores(pair_features(doc, s, o, mentions))[model.labels.index(label)]
        peers = [p for s2, o2, lab2, p in rows if lab2 == label and groups[s2] == groups[s] and groups[o2] == groups[o]]
        assert score >= direct - 1e-6
        assert score >= SPREAD * max(peers) - 1e-6
    predicted = {(doc[s.start : s.end].text, label, doc[o.start : o.end].text)
                 for s, o, label, _p in model.predict_doc(doc, mentions)}
    assert ("Edwin Perkins", "EMPLOYEE_OR_MEMBER_OF", "University of British Columbia") in predicted
