"""KnowledgeNet (Mesquita et al., EMNLP 2019): our relations scored by the benchmark's "text" evaluation.

usage: python benchmarks/knowledgenet.py FILE [--folds 4] [--properties 1,2,3,4] [--out PRED.jsonl] [--workers N]

FILE is ``../shared/knowledgenet/folds1-4.jsonl``. Develop on folds 1-3, report fold 4. Our relations map onto the
benchmark's properties:

==============  ==========================  =========================================
ours            KnowledgeNet property       subject -> object
==============  ==========================  =========================================
SUBSIDIARY_OF   1 SUBSIDIARY_OF             organisation -> parent
FOUNDED_BY      2 FOUNDED_BY                organisation -> founder
EMPLOYED_BY     3 EMPLOYEE_OR_MEMBER_OF     person -> organisation
LEADS           3 EMPLOYEE_OR_MEMBER_OF     person -> organisation
LEADS (CEO)     4 CEO                       organisation -> person (swapped)
==============  ==========================  =========================================

Every passage is run through the extraction pipeline on its own; a predicted fact gets the character spans of
its subject and object mentions in the evidence sentence (offsets into ``documentText``). A prediction is a true
positive when a gold fact of the same passage and property overlaps both spans (each gold fact matched at most
once); predictions for a property the passage was not exhaustively annotated for are ignored (README of the data).
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extractors.pair_classifier import load_pair_model, mentions_of  # noqa: E402

PROPERTY_NAMES = {"1": "SUBSIDIARY_OF", "2": "FOUNDED_BY", "3": "EMPLOYEE_OR_MEMBER_OF", "4": "CEO",
                  "5": "DATE_FOUNDED", "6": "HEADQUARTERS"}  # fmt: skip
_CEO = re.compile(r"\b(ceo|chief executive|chief executive officer|co-ceo|managing director)\b", re.I)


@dataclass(frozen=True)
class Fact:
    """A fact in the benchmark's terms: passage, property and character spans in ``documentText``."""

    passage: str
    property: str
    subject: tuple[int, int]
    object: tuple[int, int]
    subject_text: str = ""
    object_text: str = ""


def read_passages(path: str | Path, folds: set[int]) -> Iterator[tuple[dict, dict]]:
    """(document, passage) pairs of the chosen folds."""
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            if int(doc["fold"]) in folds:
                for passage in doc["passages"]:
                    yield doc, passage


def gold_facts(passages: Iterable[tuple[dict, dict]], properties: set[str]) -> list[Fact]:
    out = []
    for _doc, p in passages:
        for f in p["facts"]:
            if f["propertyId"] in properties:
                out.append(Fact(p["passageId"], f["propertyId"], (f["subjectStart"], f["subjectEnd"]),
                                (f["objectStart"], f["objectEnd"]), f["subjectText"], f["objectText"]))
    return out


def map_relation(relation: str, role: str | None) -> list[tuple[str, bool]]:
    """The KnowledgeNet properties of one of our relations, each with "subject and object swapped"."""
    if relation == "SUBSIDIARY_OF":
        return [("1", False)]
    if relation == "FOUNDED_BY":
        return [("2", False)]
    if relation == "EMPLOYED_BY":
        return [("3", False)]
    if relation == "LEADS":
        out = [("3", False)]
        if role and _CEO.search(role):
            out.append(("4", True))
        return out
    return []


def _mention_spans(doc, entity: dict, sent_start: int, sent_end: int) -> list[tuple[int, int]]:
    spans = []
    for start, end in entity["mentions"]:
        a, b = doc[start:end].start_char, doc[start:end].end_char
        if sent_start <= a and b <= sent_end:
            spans.append((a, b))
    return spans


def _coref_spans(doc, index: int, sent_start: int, sent_end: int) -> list[tuple[int, int]]:
    """Pronouns and descriptions in the sentence that refer to entity ``index`` ("he", "the company")."""
    coref = doc._.kg_coref or []
    return [(t.idx, t.idx + len(t.text)) for t in doc if coref and coref[t.i] == index
            and sent_start <= t.idx < sent_end]


_LABEL_PROPERTY = {"SUBSIDIARY_OF": "1", "FOUNDED_BY": "2", "EMPLOYEE_OR_MEMBER_OF": "3", "CEO": "4"}


def predict_passage(doc, passage: dict, properties: set[str], mode: str = "both", model=None) -> list[Fact]:
    """Facts of one processed passage: the rules' relations (with the spans of the mentions closest to each
    other in the evidence sentence) and the pair classifier's (``mode``: "rules", "classifier" or "both").

    ``model`` is the pair classifier (default: the shipped one)."""
    candidates, rules = [], []
    if model is None and mode in ("classifier", "both"):
        model = load_pair_model()
    if model is not None and mode in ("classifier", "both"):
        candidates = classifier_facts(doc, passage, properties, model)
    if mode != "classifier":
        rules = rule_facts(doc, passage, properties)
    thresholds = dict(zip(model.labels, model.thresholds, strict=True)) if model is not None else {}
    return combine(candidates, rules, thresholds)


def combine(candidates: list[tuple[str, float, Fact]], rules: list[Fact], thresholds: dict[str, float]) -> list[Fact]:
    """The classifier's facts above their label's threshold and the rules' facts, for one passage; when two overlap
    in both spans, the more confident one is kept (the rules count as certain)."""
    scored = [(p, f) for label, p, f in candidates if p >= thresholds[label]]
    scored += [(RULE_SCORE, f) for f in rules]
    scored.sort(key=lambda pf: -pf[0])
    return _dedupe([f for _p, f in scored])


def classifier_facts(doc, passage: dict, properties: set[str], model) -> list[tuple[str, float, Fact]]:
    """Every pair the classifier scores, thresholds aside: (label, score, fact) for the chosen properties."""
    base = passage["passageStart"]
    out = []
    for s, o, label, p in model.pair_scores(doc, mentions_of(doc), same_entity=True):
        prop = _LABEL_PROPERTY[label]
        if prop not in properties:
            continue
        (a, b), (c, d) = s.chars(doc), o.chars(doc)
        out.append((label, p, Fact(passage["passageId"], prop, (a + base, b + base), (c + base, d + base),
                                   doc.text[a:b], doc.text[c:d])))
    return out


#: The confidence given to the rules' facts when they compete with the classifier's for the same spans.
RULE_SCORE = 1.0


def rule_facts(doc, passage: dict, properties: set[str]) -> list[Fact]:
    """The rules' relations of a processed passage as facts."""
    base = passage["passageStart"]
    entities = doc._.kg_entities or []
    out = []
    for r in doc._.kg_relations or []:
        if r["object"] is None:
            continue
        role = r["qualifiers"].get("role")
        for prop, swap in map_relation(r["relation"], role):
            if prop not in properties:
                continue
            s_idx, o_idx = (r["object"], r["subject"]) if swap else (r["subject"], r["object"])
            s_spans = _mention_spans(doc, entities[s_idx], r["start"], r["end"]) or \
                _coref_spans(doc, s_idx, r["start"], r["end"])
            o_spans = _mention_spans(doc, entities[o_idx], r["start"], r["end"]) or \
                _coref_spans(doc, o_idx, r["start"], r["end"])
            if not s_spans or not o_spans:
                continue
            s, o = min(((s, o) for s in s_spans for o in o_spans), key=lambda so: abs(so[0][0] - so[1][0]))
            out.append(Fact(passage["passageId"], prop, (s[0] + base, s[1] + base), (o[0] + base, o[1] + base),
                            doc.text[s[0]:s[1]], doc.text[o[0]:o[1]]))
    return out


def _dedupe(facts: list[Fact]) -> list[Fact]:
    """One prediction per (property, overlapping subject, overlapping object): duplicates would count as errors."""
    kept: list[Fact] = []
    for f in facts:
        if not any(k.property == f.property and _overlap(k.subject, f.subject) and _overlap(k.object, f.object)
                   for k in kept):
            kept.append(f)
    return kept


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score(gold: list[Fact], predicted: list[Fact], annotated: set[tuple[str, str]],
          properties: set[str]) -> dict[str, dict]:
    """Precision, recall and F1 per property and overall (micro), by the benchmark's text evaluation."""
    by_key: dict[tuple[str, str], list[Fact]] = collections.defaultdict(list)
    for g in gold:
        by_key[(g.passage, g.property)].append(g)
    counts: dict[str, collections.Counter] = {p: collections.Counter() for p in sorted(properties)}
    used: set[int] = set()
    for p in predicted:
        if (p.passage, p.property) not in annotated or p.property not in properties:
            continue  # not exhaustively annotated for this property: ignored
        match = next((g for g in by_key[(p.passage, p.property)] if id(g) not in used
                      and _overlap(g.subject, p.subject) and _overlap(g.object, p.object)), None)
        if match is not None:
            used.add(id(match))
            counts[p.property]["tp"] += 1
        else:
            counts[p.property]["fp"] += 1
    for g in gold:
        if id(g) not in used and g.property in properties:
            counts[g.property]["fn"] += 1
    total = collections.Counter()
    for c in counts.values():
        total.update(c)
    out = {PROPERTY_NAMES.get(k, k): _prf(c) for k, c in counts.items()}
    out["overall"] = _prf(total)
    return out


def _prf(c: collections.Counter) -> dict:
    tp, fp, fn = c["tp"], c["fp"], c["fn"]
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"p": p, "r": r, "f": 2 * p * r / (p + r) if p + r else 0.0, "tp": tp, "fp": fp, "fn": fn}


def run(path: str | Path, folds: set[int], properties: set[str], nlp=None, workers: int = 1, mode: str = "both"):
    """Predict and score; returns (scores, predictions, gold, passages/s)."""
    from kg.pipeline import load_pipeline

    nlp = nlp or load_pipeline()
    passages = list(read_passages(path, folds))
    annotated = {(p["passageId"], e["propertyId"]) for _d, p in passages for e in p["exhaustivelyAnnotatedProperties"]}
    # Only passages annotated for one of the properties matter: the others are ignored by the scorer.
    wanted = [(d, p) for d, p in passages if any((p["passageId"], k) in annotated for k in properties)]
    t0 = time.perf_counter()
    predicted: list[Fact] = []
    docs = nlp.pipe((p["passageText"] for _d, p in wanted), batch_size=64, n_process=workers)
    for doc, (_d, p) in zip(docs, wanted, strict=True):
        predicted += predict_passage(doc, p, properties, mode)
    speed = len(wanted) / (time.perf_counter() - t0)
    gold = gold_facts(wanted, properties)
    return score(gold, predicted, annotated, properties), predicted, gold, speed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file")
    parser.add_argument("--folds", default="4", help="Comma-separated folds (develop on 1,2,3; report 4).")
    parser.add_argument("--properties", default="1,2,3,4")
    parser.add_argument("--out", help="Write the predicted facts here (JSON Lines, with character spans).")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--mode", choices=["rules", "classifier", "both"], default="both",
                        help="The rule-based relations, the trained pair classifier, or both (default).")
    args = parser.parse_args()
    folds = {int(f) for f in args.folds.split(",")}
    properties = set(args.properties.split(","))
    scores, predicted, gold, speed = run(args.file, folds, properties, workers=args.workers, mode=args.mode)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as handle:
            for f in predicted:
                handle.write(json.dumps({"passageId": f.passage, "propertyId": f.property,
                                         "subjectStart": f.subject[0], "subjectEnd": f.subject[1],
                                         "subjectText": f.subject_text, "objectStart": f.object[0],
                                         "objectEnd": f.object[1], "objectText": f.object_text}) + "\n")
    if args.json:
        print(json.dumps(scores, indent=1))
        return
    print(f"KnowledgeNet folds {args.folds}, properties {args.properties}: {len(gold)} gold facts, "
          f"{len(predicted)} predicted ({speed:.0f} passages/s)")
    for name, s in scores.items():
        print(f"{name:22s} P={s['p']:.3f} R={s['r']:.3f} F1={s['f']:.3f}  tp={s['tp']} fp={s['fp']} fn={s['fn']}")


if __name__ == "__main__":
    main()
