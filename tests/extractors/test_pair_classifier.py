"""The shipped pair classifier (trained by training/train_pairs.py): it loads, round-trips and scores sentences."""

from __future__ import annotations

import numpy as np
import pytest

from extractors.pair_classifier import LABELS, MODEL_PATH, PairModel, candidate_pairs, load_pair_model

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
