"""Extraction quality against annotated gold articles: precision, recall and F1 for entities and relations.

The gold format is the one of ``../shared/eval`` (see its ``GUIDELINES.md``): ``NNN.json`` (entities with aliases,
relations) beside ``NNN.txt`` (line 1 a URL or a placeholder, line 2 the title, then the body). Scores are exactly
those of ``../shared/eval/score.py``: names match when their normalised forms are equal (lowercase, no "'s", no
leading "the", no corporate suffix, letters and digits only), aliases map onto the gold entity, symmetric
relations are unordered, and literal objects (OPEN_WEIGHTS, LICENSED_UNDER) are compared as literals. Every
measure is micro-averaged over articles.

Examples
--------
>>> from kg.evaluate import evaluate
>>> report = evaluate("tests/data/eval/gold", "tests/data/eval/predictions.jsonl")  # doctest: +SKIP
>>> round(report.relations.f1, 3)  # doctest: +SKIP
0.571
"""

from __future__ import annotations

import collections
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import KGError

__all__ = [
    "Score",
    "ArticleErrors",
    "EvalReport",
    "EvalError",
    "evaluate",
    "load_gold",
    "gold_articles",
    "read_predictions",
    "predict",
    "normalise_name",
]

SYMMETRIC = frozenset({"PARTNERED_WITH", "COMPETES_WITH", "PARITY_WITH"})
LITERAL = frozenset({"OPEN_WEIGHTS", "LICENSED_UNDER"})
_SUFFIXES = r"\b(incorporated|inc|corporation|corp|ltd|limited|llc|plc|gmbh|ag|sa|co)\b"


class EvalError(KGError):
    """The gold directory or the predictions cannot be read."""


def normalise_name(name: Any) -> str:
    """The form under which names are compared (the same as ``../shared/eval/score.py``).

    >>> normalise_name("The Meta Platforms, Inc.'s")
    'metaplatforms'
    """
    s = str(name).lower().replace("\u2019", "'")
    s = re.sub(r"'s\b", "", s)
    s = re.sub(r"^the\s+", "", s)
    s = re.sub(_SUFFIXES, "", s)
    return re.sub(r"[^0-9a-z]+", "", s)


def _normalise_literal(relation: str, value: Any) -> str:
    s = str(value).strip().lower()
    if relation == "OPEN_WEIGHTS":
        return "true" if s in ("true", "yes", "open", "1") else "false"
    return re.sub(r"[^0-9a-z]+", "", s.replace("license", "").replace("licence", ""))


@dataclass
class Score:
    """True positives, false positives and false negatives, with precision, recall and F1."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def to_dict(self) -> dict[str, float | int]:
        """``p``, ``r``, ``f``, ``tp``, ``fp``, ``fn``: the keys of ``score.py --json``."""
        return {"p": self.precision, "r": self.recall, "f": self.f1, "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class ArticleErrors:
    """The false positives and false negatives of one article, readable (gold names where known)."""

    id: str
    entity_fp: list[tuple[str, str]] = field(default_factory=list)
    entity_fn: list[tuple[str, str]] = field(default_factory=list)
    relation_fp: list[tuple[str, str, str]] = field(default_factory=list)
    relation_fn: list[tuple[str, str, str]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.entity_fp or self.entity_fn or self.relation_fp or self.relation_fn)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "entities": {"fp": [list(e) for e in self.entity_fp], "fn": [list(e) for e in self.entity_fn]},
            "relations": {"fp": [list(t) for t in self.relation_fp], "fn": [list(t) for t in self.relation_fn]},
        }


@dataclass
class EvalReport:
    """The scores of a set of predictions against the gold articles."""

    articles: int
    missing_predictions: list[str]
    entities: Score
    relations: Score
    per_relation: dict[str, Score]
    errors: list[ArticleErrors] = field(default_factory=list)

    def to_dict(self, errors: bool = False) -> dict[str, Any]:
        """The JSON form: the same keys and numbers as ``score.py --json`` (plus ``errors`` when asked)."""
        out: dict[str, Any] = {
            "articles": self.articles,
            "missing_predictions": list(self.missing_predictions),
            "entities": self.entities.to_dict(),
            "relations": self.relations.to_dict(),
            "per_relation": {k: v.to_dict() for k, v in sorted(self.per_relation.items())},
        }
        if errors:
            out["errors"] = [e.to_dict() for e in self.errors if e]
        return out

    def format(self, errors: bool = False) -> str:
        """The text report: one line per relation type, then the totals (and the errors per article)."""
        lines = [
            f"{k:16s} P={v.precision:.2f} R={v.recall:.2f} F1={v.f1:.2f}  tp={v.tp} fp={v.fp} fn={v.fn}"
            for k, v in sorted(self.per_relation.items())
        ]
        e, r = self.entities, self.relations
        lines += [
            f"missing predictions for {len(self.missing_predictions)} of {self.articles} articles",
            f"entities P={e.precision:.3f} R={e.recall:.3f} F1={e.f1:.3f}",
            f"relations P={r.precision:.3f} R={r.recall:.3f} F1={r.f1:.3f}",
        ]
        if errors:
            for art in self.errors:
                if not art:
                    continue
                lines.append(f"\n== {art.id}")
                lines += [f"  entity FP  {n} ({t})" for n, t in art.entity_fp]
                lines += [f"  entity FN  {n} ({t})" for n, t in art.entity_fn]
                lines += [f"  fact FP    {s} {rel} {o}" for s, rel, o in art.relation_fp]
                lines += [f"  fact FN    {s} {rel} {o}" for s, rel, o in art.relation_fn]
        return "\n".join(lines)


class _GoldDoc:
    """One gold article: entity keys, alias table and relation triples, all normalised."""

    def __init__(self, gold: Mapping[str, Any]):
        self.alias: dict[str, str] = {}
        self.display: dict[str, str] = {}
        self.entities: set[tuple[str, str]] = set()
        for e in gold.get("entities", []):
            key = normalise_name(e["name"])
            self.entities.add((key, e["type"]))
            self.display.setdefault(key, e["name"])
            for a in [e["name"], *e.get("aliases", [])]:
                self.alias.setdefault(normalise_name(a), key)
        self.relations = {self.triple(r) for r in gold.get("relations", [])}

    def ent(self, name: Any) -> str:
        n = normalise_name(name)
        return self.alias.get(n, n)

    def triple(self, r: Mapping[str, Any]) -> tuple[str, str, str]:
        rel = str(r["relation"]).upper()
        s = self.ent(r["subject"])
        o = _normalise_literal(rel, r["object"]) if rel in LITERAL else self.ent(r["object"])
        if rel in SYMMETRIC and o < s:
            s, o = o, s
        return (s, rel, o)


def load_gold(gold_dir: str | Path, ids: Iterable[str] | None = None) -> dict[str, dict]:
    """The gold annotations of a directory, by article id (the file stem of ``NNN.json``).

    Raises
    ------
    EvalError
        When the directory has no gold file or one of them is not valid JSON.
    """
    root = Path(gold_dir)
    if not root.is_dir():
        raise EvalError(f"KG500 gold directory {str(root)!r} not found: give a directory of NNN.json + NNN.txt files")
    wanted = set(ids) if ids else None
    golds: dict[str, dict] = {}
    for path in sorted(root.glob("*.json")):
        if wanted is not None and path.stem not in wanted:
            continue
        try:
            golds[path.stem] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise EvalError(f"KG501 gold file {path} cannot be read ({exc}): fix or remove it") from exc
    if not golds:
        raise EvalError(f"KG500 no gold files (NNN.json) in {str(root)!r}: give the directory of the annotations")
    return golds


def gold_articles(gold_dir: str | Path, ids: Iterable[str] | None = None) -> list:
    """The texts of the gold articles (``NNN.txt`` beside each ``NNN.json``), read as ``kg extract`` reads them.

    Each article's ``id`` is its file stem, so predictions line up with the gold files.
    """
    import dataclasses

    from kg.pipeline import read_inputs

    golds = load_gold(gold_dir, ids)
    paths = [Path(gold_dir) / f"{key}.txt" for key in golds]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise EvalError(f"KG502 gold text missing: {', '.join(missing)}: every NNN.json needs its NNN.txt")
    articles, errors = read_inputs(paths)
    if errors:
        raise EvalError(f"KG502 gold text cannot be read: {errors[0]}")
    return [dataclasses.replace(a, id=Path(a.source).stem) for a in articles]


def read_predictions(predictions: str | Path | Iterable[Mapping[str, Any]]) -> dict[str, dict]:
    """Predictions by article id, from a JSON Lines file (as ``kg extract --format jsonl`` writes) or records.

    The id is a record's ``id``, else the file stem of its ``source``; several records of one article merge.
    """
    if isinstance(predictions, str | Path):
        path = Path(predictions)
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise EvalError(f"KG503 predictions {str(path)!r} cannot be read ({exc}): give a JSONL file") from exc
        records = []
        for n, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise EvalError(f"KG503 predictions {path}:{n} is not JSON ({exc}): one object per line") from exc
    else:
        records = list(predictions)
    preds: dict[str, dict] = {}
    for d in records:
        key = str(d.get("id") or Path(str(d.get("source", ""))).stem)
        entry = preds.setdefault(key, {"entities": [], "relations": []})
        entry["entities"] += list(d.get("entities", []))
        entry["relations"] += list(d.get("relations", []))
    return preds


def evaluate(
    gold_dir: str | Path,
    predictions: str | Path | Iterable[Mapping[str, Any]],
    *,
    ids: Iterable[str] | None = None,
) -> EvalReport:
    """Score predictions against the gold articles of ``gold_dir``.

    Parameters
    ----------
    gold_dir:
        A directory of ``NNN.json`` gold files (the ``.txt`` files are not needed for scoring).
    predictions:
        A JSON Lines file as ``kg extract --format jsonl`` writes it, or the records themselves.
    ids:
        Only these article ids (default: every gold file).

    Returns
    -------
    EvalReport
        Micro-averaged scores for entities, relations and each relation type, and the errors per article.

    Raises
    ------
    EvalError
        When the gold files or the predictions cannot be read.

    See Also
    --------
    predict : run the extractors on the gold texts.
    """
    golds = load_gold(gold_dir, ids)
    preds = read_predictions(predictions)
    entities = Score()
    per_relation: dict[str, Score] = collections.defaultdict(Score)
    errors: list[ArticleErrors] = []
    missing = [k for k in golds if k not in preds]
    for key, gold in golds.items():
        doc = _GoldDoc(gold)
        pred = preds.get(key, {"entities": [], "relations": []})
        surface: dict[str, str] = {}
        pe: set[tuple[str, Any]] = set()
        for e in pred["entities"]:
            if e.get("name"):
                k = doc.ent(e["name"])
                surface.setdefault(k, str(e["name"]))
                pe.add((k, e.get("type")))
        entities.add(Score(len(pe & doc.entities), len(pe - doc.entities), len(doc.entities - pe)))
        pr: set[tuple[str, str, str]] = set()
        for r in pred["relations"]:
            try:
                pr.add(doc.triple(r))
            except (KeyError, TypeError):
                continue
            surface.setdefault(doc.ent(r["subject"]), str(r["subject"]))
            surface.setdefault(doc.ent(r["object"]), str(r["object"]))
        for t in pr | doc.relations:
            c = per_relation[t[1]]
            if t in pr and t in doc.relations:
                c.tp += 1
            elif t in pr:
                c.fp += 1
            else:
                c.fn += 1

        def show(k: str, doc: _GoldDoc = doc, surface: dict[str, str] = surface) -> str:
            return doc.display.get(k) or surface.get(k) or k

        errors.append(ArticleErrors(
            id=key,
            entity_fp=sorted((show(k), str(t)) for k, t in pe - doc.entities),
            entity_fn=sorted((show(k), t) for k, t in doc.entities - pe),
            relation_fp=sorted((show(s), r, show(o)) for s, r, o in pr - doc.relations),
            relation_fn=sorted((show(s), r, show(o)) for s, r, o in doc.relations - pr),
        ))
    total = Score()
    for c in per_relation.values():
        total.add(c)
    return EvalReport(len(golds), missing, entities, total, dict(per_relation), errors)


def predict(gold_dir: str | Path, *, ids: Iterable[str] | None = None, nlp=None, workers: int = 1) -> list[dict]:
    """Run the extractors on the gold texts: one record per article, as ``kg extract --format jsonl`` writes it.

    Articles whose extraction fails are left out (they count as missing predictions).
    """
    from kg.pipeline import extract

    records = []
    for item in extract(gold_articles(gold_dir, ids), nlp=nlp, workers=workers):
        if isinstance(item, KGError):
            continue
        records.append(item.to_dict())
    return records
