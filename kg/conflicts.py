"""Where facts from the news and facts from curated sources disagree, and what the news adds that a source lacks.

A curated source *covers* the models and products it has a record of (see :mod:`kg.curated`). For each covered
entity and each relation the source records (Ecosystem Graphs: developer, base model, open weights, licence,
applications; Epoch AI: developer, base model, open weights), the values stated by news articles are compared
with the source's:

- ``disagree``: the news states a value the source contradicts: open weights claimed where the source says
  closed (or the reverse), another licence, a developer that is neither the source's nor a parent or unit of
  it, another base model;
- ``news-only``: the source states nothing for that relation, or the news adds a value beside the source's
  (a co-developer, another product the model is available in).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from typing import Any

from kg.export import snapshot
from kg.names import normalise
from kg.stores.base import GraphStore

__all__ = ["Conflict", "SOURCE_RELATIONS", "find_conflicts"]

#: The relations each curated source records, and so can contradict or lack.
SOURCE_RELATIONS: dict[str, tuple[str, ...]] = {
    "ecosystem-graphs": ("DEVELOPED", "BASED_ON", "OPEN_WEIGHTS", "LICENSED_UNDER", "AVAILABLE_VIA"),
    "epoch": ("DEVELOPED", "BASED_ON", "OPEN_WEIGHTS"),
}
_SINGLE_VALUED = {"OPEN_WEIGHTS", "LICENSED_UNDER", "BASED_ON"}


@dataclass(frozen=True)
class Conflict:
    """One disagreement (``kind`` "disagree") or one news fact the source lacks (``kind`` "news-only")."""

    kind: str
    source: str
    entity_id: str
    entity: str
    relation: str
    news: str
    curated: str
    article: str
    sentence: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _claim(ev: dict[str, Any]) -> tuple[str, str] | None:
    """(the entity the fact is about, the value stated about it) for the relations curated sources record."""
    relation = ev.get("relation")
    if relation == "DEVELOPED":
        return ev.get("object_id"), ev["subject_id"]
    if relation in ("OPEN_WEIGHTS", "LICENSED_UNDER"):
        return ev["subject_id"], str(ev.get("value") or ev.get("object") or "")
    if relation in ("BASED_ON", "AVAILABLE_VIA"):
        return ev["subject_id"], ev.get("object_id")
    return None


def find_conflicts(store: GraphStore, *, sources: list[str] | None = None) -> list[Conflict]:
    """List where news facts and curated facts disagree, and news facts the curated sources lack.

    Parameters
    ----------
    store : GraphStore
        A store holding news articles and curated records (``kg import``).
    sources : list of str, optional
        Curated sources to compare with (default: every source in :data:`SOURCE_RELATIONS`).

    Returns
    -------
    list[Conflict]
        Sorted by entity name, relation, kind and source.

    Examples
    --------
    >>> [(c.kind, c.entity, c.relation, c.news, c.curated) for c in find_conflicts(store)][:1]  # doctest: +SKIP
    [('disagree', 'DeepSeek-R1', 'LICENSED_UNDER', 'Apache 2.0', 'MIT')]
    """
    snap = snapshot(store)
    names = {e["id"]: e["name"] for e in snap.entities}
    titles = {a["id"]: a["title"] for a in snap.articles}
    related: dict[str, set[str]] = defaultdict(set)  # parents and units, one hop either way
    for f in snap.facts:
        if f["relation"] == "SUBSIDIARY_OF":
            related[f["subject_id"]].add(f["object_id"])
            related[f["object_id"]].add(f["subject_id"])
    curated: dict[tuple[str, str, str], set[str]] = defaultdict(set)  # (source, entity, relation) -> values
    covered: dict[str, set[str]] = defaultdict(set)
    news: dict[tuple[str, str], dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for ev in snap.evidence:
        claim = _claim(ev)
        if claim is None or claim[0] is None or claim[1] is None:
            continue
        about, value = claim
        rule = str(ev.get("rule") or "")
        if rule.startswith("curated:"):
            source = rule.split(":", 1)[1]
            curated[(source, about, ev["relation"])].add(value)
            if ev["relation"] != "AVAILABLE_VIA":  # an application's record names models it does not cover
                covered[source].add(about)
        else:
            news[(about, ev["relation"])][value].append(ev)

    def show(relation: str, values: set[str] | list[str]) -> str:
        if relation in ("OPEN_WEIGHTS", "LICENSED_UNDER"):
            return ", ".join(sorted(values))
        return ", ".join(sorted(names.get(v, v) for v in values))

    def same(relation: str, value: str, others: set[str]) -> bool:
        if relation == "LICENSED_UNDER":
            return normalise(value) in {normalise(o) for o in others}
        if relation == "DEVELOPED":
            return value in others or bool(related[value] & others)
        return value in others

    out = []
    for source in sources or list(SOURCE_RELATIONS):
        for about in sorted(covered.get(source, ())):
            for relation in SOURCE_RELATIONS.get(source, ()):
                stated = news.get((about, relation))
                if not stated:
                    continue
                theirs = curated.get((source, about, relation), set())
                agreeing = any(same(relation, v, theirs) for v in stated)
                for value, evidence in sorted(stated.items()):
                    if theirs and same(relation, value, theirs):
                        continue
                    if not theirs or (agreeing and relation not in _SINGLE_VALUED):
                        kind = "news-only"
                    else:
                        kind = "disagree"
                    ev = max(evidence, key=lambda e: (e.get("date") or "", e.get("id") or ""))
                    out.append(Conflict(
                        kind=kind, source=source, entity_id=about, entity=names.get(about, about), relation=relation,
                        news=show(relation, [value]), curated=show(relation, theirs),
                        article=str(titles.get(ev["article_id"]) or ev.get("title") or ev["article_id"]),
                        sentence=str(ev.get("sentence") or ""),
                    ))  # fmt: skip
    return sorted(out, key=lambda c: (c.entity.lower(), c.relation, c.kind, c.source, c.news))
