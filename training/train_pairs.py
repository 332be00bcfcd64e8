"""Train the pair classifier (extractors/pair_classifier.py) on KnowledgeNet folds 1-3 and our own sentences.

usage: python training/train_pairs.py [../shared/knowledgenet/folds1-4.jsonl] [--out extractors/data/pair_model.npz]

1. Data: every passage of the training folds annotated for one of the four properties is run through the
   extraction pipeline; each candidate pair of mentions is labelled per property by span overlap with the gold
   facts (only for the properties the passage is exhaustively annotated for). Our own annotated sentences
   (``training/data/pairs.jsonl``: text, facts as subject/object strings) are added the same way.
2. Thresholds: a model trained on folds 1-2 picks, per label, the probability threshold with the best F1 on fold 3.
3. The final model is trained on folds 1-3 (+ our sentences) and saved with those thresholds.

Fold 4 is never read here: it is the benchmark's reporting fold (benchmarks/knowledgenet.py).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractors.pair_classifier import (  # noqa: E402  # noqa: E402
    LABELS,
    MODEL_PATH,
    N_FEATURES,
    PairModel,
    candidate_pairs,
    hashed,
    mentions_of,
    pair_features,
)

PROPS = {"1": "SUBSIDIARY_OF", "2": "FOUNDED_BY", "3": "EMPLOYEE_OR_MEMBER_OF", "4": "CEO"}
OURS = ROOT / "training" / "data" / "pairs.jsonl"


def _overlap(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def examples_from_doc(doc, facts: list[tuple[str, tuple[int, int], tuple[int, int]]], annotated: set[str]):
    """(feature indices, labels vector with -1 for unknown) for every candidate pair of a processed text."""
    out = []
    for s, o in candidate_pairs(doc, mentions_of(doc)):
        sspan = (doc[s.start].idx, doc[s.end - 1].idx + len(doc[s.end - 1].text))
        ospan = (doc[o.start].idx, doc[o.end - 1].idx + len(doc[o.end - 1].text))
        y = np.full(len(LABELS), -1, dtype=np.int8)
        for k, label in enumerate(LABELS):
            if label in annotated:
                y[k] = int(any(lab == label and _overlap(fs, sspan) and _overlap(fo, ospan) for lab, fs, fo in facts))
        out.append((hashed(pair_features(doc, s, o)), y))
    return out


def knowledgenet_examples(nlp, path: Path, folds: set[int]) -> list:
    items = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            d = json.loads(line)
            if int(d["fold"]) not in folds:
                continue
            for p in d["passages"]:
                annotated = {PROPS[e["propertyId"]] for e in p["exhaustivelyAnnotatedProperties"]
                             if e["propertyId"] in PROPS}
                if not annotated:
                    continue
                base = p["passageStart"]
                facts = [(PROPS[f["propertyId"]], (f["subjectStart"] - base, f["subjectEnd"] - base),
                          (f["objectStart"] - base, f["objectEnd"] - base))
                         for f in p["facts"] if f["propertyId"] in PROPS]
                items.append((p["passageText"], facts, annotated))
    return _process(nlp, items)


def our_examples(nlp, path: Path = OURS) -> list:
    """Our sentences: {"text", "facts": [[label, subject, object], ...]}; every label is annotated."""
    if not path.exists():
        return []
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        d = json.loads(line)
        text = d["text"]
        facts = []
        for label, subj, obj in d["facts"]:
            s, o = text.find(subj), text.find(obj)
            if s < 0 or o < 0:
                raise ValueError(f"{subj!r} or {obj!r} not in {text!r}")
            facts.append((label, (s, s + len(subj)), (o, o + len(obj))))
        items.append((text, facts, set(LABELS)))
    return _process(nlp, items)


def _process(nlp, items) -> list:
    out = []
    for doc, (_text, facts, annotated) in zip(nlp.pipe((t for t, _f, _a in items), batch_size=64), items, strict=True):
        out += examples_from_doc(doc, facts, annotated)
    return out


def train(examples: list, epochs: int = 12, l2: float = 1e-6, lr: float = 0.2, seed: int = 0) -> PairModel:
    """One logistic regression per label, AdaGrad over the sparse hashed features."""
    w = np.zeros((len(LABELS), N_FEATURES), dtype=np.float64)
    g2 = np.full((len(LABELS), N_FEATURES), 1e-8)
    b = np.zeros(len(LABELS))
    bg2 = np.full(len(LABELS), 1e-8)
    rng = np.random.default_rng(seed)
    order = np.arange(len(examples))
    for _ in range(epochs):
        rng.shuffle(order)
        for i in order:
            idx, y = examples[i]
            known = y >= 0
            if not known.any():
                continue
            z = w[:, idx].sum(axis=1) + b
            p = 1.0 / (1.0 + np.exp(-z))
            grad = np.where(known, p - y, 0.0)
            for k in np.nonzero(known)[0]:
                gk = grad[k] + l2 * w[k, idx]
                g2[k, idx] += gk * gk
                w[k, idx] -= lr * gk / np.sqrt(g2[k, idx])
            bg2 += grad * grad
            b -= lr * grad / np.sqrt(bg2)
    return PairModel(w, b, np.full(len(LABELS), 0.5))


def best_thresholds(model: PairModel, examples: list) -> np.ndarray:
    """Per label, the threshold with the best pair-level F1 on held-out examples."""
    probs = np.array([1.0 / (1.0 + np.exp(-(model.weights[:, idx].sum(axis=1) + model.bias))) for idx, _ in examples])
    ys = np.array([y for _, y in examples])
    out = []
    for k, label in enumerate(LABELS):
        known = ys[:, k] >= 0
        p, y = probs[known, k], ys[known, k]
        best = (0.0, 0.5)
        for t in np.arange(0.1, 0.9, 0.025):
            tp = int(((p >= t) & (y == 1)).sum())
            fp = int(((p >= t) & (y == 0)).sum())
            fn = int(((p < t) & (y == 1)).sum())
            f = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
            if f > best[0]:
                best = (f, float(t))
        print(f"  {label:22s} threshold {best[1]:.3f} pair F1 {best[0]:.3f} ({int(y.sum())} positives)")
        out.append(best[1])
    return np.array(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", nargs="?", default=str(ROOT.parent / "shared" / "knowledgenet" / "folds1-4.jsonl"))
    parser.add_argument("--out", default=str(MODEL_PATH))
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--l2", type=float, default=1e-6)
    args = parser.parse_args()
    from kg.pipeline import load_pipeline

    nlp = load_pipeline()
    t0 = time.perf_counter()
    folds = {k: knowledgenet_examples(nlp, Path(args.file), {k}) for k in (1, 2, 3)}
    ours = our_examples(nlp)
    print("examples: " + ", ".join(f"fold {k} {len(v)}" for k, v in folds.items()) + f", ours {len(ours)}"
          f" ({time.perf_counter() - t0:.0f} s)")
    dev_model = train(folds[1] + folds[2] + ours, epochs=args.epochs, l2=args.l2)
    print("thresholds from folds 1-2 -> fold 3:")
    thresholds = best_thresholds(dev_model, folds[3])
    model = train(folds[1] + folds[2] + folds[3] + ours, epochs=args.epochs, l2=args.l2)
    model.thresholds = thresholds.astype(np.float32)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    model.save(args.out)
    print(f"saved {args.out} ({Path(args.out).stat().st_size / 1e6:.1f} MB, {time.perf_counter() - t0:.0f} s)")


if __name__ == "__main__":
    main()
