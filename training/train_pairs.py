"""Train the pair classifier (extractors/pair_classifier.py) on KnowledgeNet folds 1-3 and our own sentences.

usage: python training/train_pairs.py [../shared/knowledgenet/folds1-4.jsonl] [--out extractors/data/pair_model.npz]

1. Data: every passage of the training folds annotated for one of the four properties is run through the
   extraction pipeline; each candidate pair of mentions is labelled per property by span overlap with the gold
   facts (only for the properties the passage is exhaustively annotated for). Our own annotated sentences
   (``training/data/pairs.jsonl``: text, facts as subject/object strings) are added the same way.
2. Thresholds: each of folds 1-3 is scored by a model trained on the other two; per label, the threshold with the
   best benchmark F1 (rules and classifier together, as in ``benchmarks/knowledgenet.py``) on these held-out
   scores is kept.
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
from scipy import optimize, sparse
from scipy.special import expit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import knowledgenet as kn  # noqa: E402
from extractors.pair_classifier import (  # noqa: E402
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
    mentions = mentions_of(doc)
    for s, o in candidate_pairs(doc, mentions, same_entity=True):
        sspan, ospan = s.chars(doc), o.chars(doc)
        y = np.full(len(LABELS), -1, dtype=np.int8)
        for k, label in enumerate(LABELS):
            if label in annotated:
                y[k] = int(any(lab == label and _overlap(fs, sspan) and _overlap(fo, ospan) for lab, fs, fo in facts))
        out.append((hashed(pair_features(doc, s, o, mentions)), y))
    return out


def knowledgenet_passages(nlp, path: Path, folds: set[int]) -> list[tuple[object, dict]]:
    """(processed Doc, passage) for the passages of the folds annotated for one of the four properties."""
    passages = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            d = json.loads(line)
            if int(d["fold"]) in folds:
                passages += [p for p in d["passages"]
                             if any(e["propertyId"] in PROPS for e in p["exhaustivelyAnnotatedProperties"])]
    docs = nlp.pipe((p["passageText"] for p in passages), batch_size=64)
    return list(zip(docs, passages, strict=True))


def knowledgenet_examples(processed: list[tuple[object, dict]]) -> list:
    """Training pairs of processed passages, labelled by the passage's gold facts."""
    out = []
    for doc, p in processed:
        annotated = {PROPS[e["propertyId"]] for e in p["exhaustivelyAnnotatedProperties"] if e["propertyId"] in PROPS}
        base = p["passageStart"]
        facts = [(PROPS[f["propertyId"]], (f["subjectStart"] - base, f["subjectEnd"] - base),
                  (f["objectStart"] - base, f["objectEnd"] - base))
                 for f in p["facts"] if f["propertyId"] in PROPS]
        out += examples_from_doc(doc, facts, annotated)
    return out


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


def design(examples: list) -> tuple[sparse.csr_matrix, np.ndarray]:
    """The examples as a binary sparse matrix (rows: pairs, columns: hashed features) and a label matrix."""
    indptr = np.cumsum([0] + [len(idx) for idx, _ in examples])
    indices = np.concatenate([idx for idx, _ in examples]) if examples else np.zeros(0, dtype=np.int64)
    x = sparse.csr_matrix((np.ones(len(indices), dtype=np.float64), indices, indptr), shape=(len(examples), N_FEATURES))
    y = np.array([y for _, y in examples], dtype=np.int8).reshape(len(examples), len(LABELS))
    return x, y


def train(examples: list, l2: float = 1.0, pos_weight: float = 1.0, iters: int = 300) -> PairModel:
    """One L2-regularised logistic regression per label, fitted exactly (L-BFGS) on the pairs annotated for it.

    ``l2`` is the penalty on the squared weights (the bias is free); ``pos_weight`` weighs the positive pairs."""
    x, ys = design(examples)
    w = np.zeros((len(LABELS), N_FEATURES))
    b = np.zeros(len(LABELS))
    for k in range(len(LABELS)):
        known = ys[:, k] >= 0
        xk, yk = x[known], ys[known, k].astype(np.float64)
        if not yk.any():
            continue
        cw = np.where(yk == 1, pos_weight, 1.0)
        xt = xk.T.tocsr()

        def loss(theta, xk=xk, xt=xt, yk=yk, cw=cw):
            z = xk @ theta[:-1] + theta[-1]
            # log(1 + exp(z)) - y z, computed stably
            f = float(np.sum(cw * (np.logaddexp(0.0, z) - yk * z))) + 0.5 * l2 * float(theta[:-1] @ theta[:-1])
            r = cw * (expit(z) - yk)
            g = np.empty_like(theta)
            g[:-1] = xt @ r + l2 * theta[:-1]
            g[-1] = r.sum()
            return f, g

        res = optimize.minimize(loss, np.zeros(N_FEATURES + 1), jac=True, method="L-BFGS-B",
                                options={"maxiter": iters})
        w[k], b[k] = res.x[:-1], res.x[-1]
    return PairModel(w, b, np.full(len(LABELS), 0.5))


def tune_thresholds(held_out: list[tuple[PairModel, list[tuple[object, dict]]]]) -> tuple[np.ndarray, dict]:
    """Per label, the threshold with the best benchmark F1 (rules and classifier together) on held-out passages,
    each scored by a model that did not see it; the labels are tuned in turn, twice over. Returns the thresholds
    and the scores they reach."""
    properties = set(PROPS)
    processed = [item for _model, items in held_out for item in items]
    annotated = {(p["passageId"], e["propertyId"]) for _d, p in processed for e in p["exhaustivelyAnnotatedProperties"]}
    gold = kn.gold_facts(((None, p) for _d, p in processed), properties)
    cached = [(kn.classifier_facts(doc, p, properties, model), kn.rule_facts(doc, p, properties))
              for model, items in held_out for doc, p in items]

    def evaluate(th: np.ndarray) -> dict:
        limits = dict(zip(LABELS, th, strict=True))
        predicted = [f for cands, rules in cached for f in kn.combine(cands, rules, limits)]
        return kn.score(gold, predicted, annotated, properties)

    th = np.full(len(LABELS), 0.5)
    grid = np.round(np.arange(0.1, 0.91, 0.05), 2)
    for _ in range(2):
        for k, label in enumerate(LABELS):
            results = []
            for t in grid:
                trial = th.copy()
                trial[k] = t
                results.append((round(evaluate(trial)[label]["f"], 4), -abs(t - 0.5), t))
            th[k] = max(results)[2]
    return th, evaluate(th)


def _show(scores: dict) -> None:
    for name, s in scores.items():
        print(f"  {name:22s} P={s['p']:.3f} R={s['r']:.3f} F1={s['f']:.3f}  tp={s['tp']} fp={s['fp']} fn={s['fn']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", nargs="?", default=str(ROOT.parent / "shared" / "knowledgenet" / "folds1-4.jsonl"))
    parser.add_argument("--out", default=str(MODEL_PATH))
    parser.add_argument("--l2", type=float, default=1.0)
    args = parser.parse_args()
    from kg.pipeline import load_pipeline

    nlp = load_pipeline()
    t0 = time.perf_counter()
    processed = {k: knowledgenet_passages(nlp, Path(args.file), {k}) for k in (1, 2, 3)}
    folds = {k: knowledgenet_examples(v) for k, v in processed.items()}
    ours = our_examples(nlp)
    print("examples: " + ", ".join(f"fold {k} {len(v)}" for k, v in folds.items()) + f", ours {len(ours)}"
          f" ({time.perf_counter() - t0:.0f} s)")
    # Cross-validation within folds 1-3: each fold is scored by a model of the other two (+ our sentences).
    held_out = []
    for k in (1, 2, 3):
        rest = [x for j in (1, 2, 3) if j != k for x in folds[j]]
        held_out.append((train(rest + ours, l2=args.l2), processed[k]))
    thresholds, dev_scores = tune_thresholds(held_out)
    print("thresholds (tuned on folds 1-3, each fold held out in turn): "
          + ", ".join(f"{label} {t:.2f}" for label, t in zip(LABELS, thresholds, strict=True)))
    print("folds 1-3 held out, with them (rules + classifier):")
    _show(dev_scores)
    model = train(folds[1] + folds[2] + folds[3] + ours, l2=args.l2)
    model.thresholds = thresholds.astype(np.float32)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    model.save(args.out)
    print(f"saved {args.out} ({Path(args.out).stat().st_size / 1e6:.1f} MB, {time.perf_counter() - t0:.0f} s)")


if __name__ == "__main__":
    main()
