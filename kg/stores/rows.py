"""One article's extraction as the parameter rows every backend writes: the store-independent half of a write."""

from __future__ import annotations

import functools
import hashlib
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from kg.model import Extraction, Relation
from kg.stores.base import WriteResult
from ontology import Schema, load_registry

__all__ = ["ArticleRows", "article_rows", "content_hash"]

log = logging.getLogger("kg")


@dataclass
class ArticleRows:
    """Rows grouped the way Cypher needs them: labels and relationship types cannot be parameters."""

    article: dict[str, Any]
    entities: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # entity type -> rows
    facts: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # relation type -> rows
    evidence: list[dict[str, Any]] = field(default_factory=list)
    literals: list[dict[str, Any]] = field(default_factory=list)

    def result(self, status: str) -> WriteResult:
        """What writing these rows did; an unchanged article wrote nothing."""
        if status == "unchanged":
            return WriteResult(self.article["id"], status)
        facts = sum(len(v) for v in self.facts.values()) + len(self.literals)
        return WriteResult(self.article["id"], status, sum(len(v) for v in self.entities.values()), facts)


@functools.cache
def _registry_names() -> dict[str, str]:
    return {entry.id: entry.name for entry in load_registry()}


def content_hash(extraction: Extraction) -> str:
    """What makes a re-ingest a no-op: the same text read by the same pipeline version."""
    versions = sorted({r.evidence.pipeline_version for r in extraction.relations})
    raw = extraction.article.text + "\0" + "|".join(versions)
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def _ends(relation: Relation, symmetric: bool) -> tuple[str, str | None]:
    """Subject and object ids; symmetric facts always run from the smaller id, so they are stored once."""
    s, o = relation.subject_id, relation.object_id
    if symmetric and o is not None and o < s:
        return o, s
    return s, o


def _evidence_id(article_id: str, key: str, relation: Relation) -> str:
    raw = f"{article_id}|{key}|{relation.evidence.start}|{relation.evidence.end}"
    return hashlib.sha1(raw.encode()).hexdigest()[:20]


def article_rows(extraction: Extraction, schema: Schema) -> ArticleRows:
    """Validate an extraction against the schema and turn it into write rows.

    Relations whose ends are not among the article's entities are dropped with a warning: a fact must
    never point at a node the same write does not create.
    """
    article = extraction.article
    rows = ArticleRows(
        article={
            "id": article.id, "title": article.title, "url": article.url, "source": article.source,
            "date": article.date, "date_source": article.date_source, "text": article.text,
            "content_hash": content_hash(extraction),
        }
    )  # fmt: skip
    by_type: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    canonical = _registry_names()
    for e in extraction.entities:
        schema.check_entity_type(e.type)
        # A registry entity is named as in the registry whatever form an article used, so the node's name does
        # not depend on which article came first (the article's form stays an alias).
        name = canonical.get(e.id, e.name)
        aliases = list(dict.fromkeys(a for a in (e.name, *e.aliases) if a != name))
        by_type[e.type][e.id] = {"id": e.id, "name": name, "aliases": aliases, "wikidata": e.wikidata}
    rows.entities = {t: list(v.values()) for t, v in sorted(by_type.items())}
    known = {e.id for e in extraction.entities}

    facts: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    evidence: dict[str, dict[str, Any]] = {}
    for r in extraction.relations:
        rel_type = schema.relation(r.relation)
        if r.subject_id not in known or (not rel_type.literal and r.object_id not in known):
            log.warning("dropping %s: an end is not among the article's entities", r.key)
            continue
        s, o = _ends(r, rel_type.symmetric)
        key = f"{s}|{r.relation}|{o if o is not None else r.object}"
        ev = r.evidence
        ev_id = _evidence_id(article.id, key, r)
        evidence[ev_id] = {
            "id": ev_id, "fact": key, "relation": r.relation, "subject_id": r.subject_id,
            "object_id": r.object_id, "subject": r.subject, "object": r.object,
            "value": r.object if r.object_id is None else None, "sentence": ev.sentence, "start": ev.start,
            "end": ev.end, "rule": ev.rule, "confidence": ev.confidence, "pipeline_version": ev.pipeline_version,
            "article_id": article.id, "url": ev.url, "title": ev.title, "date": ev.date,
            # This article's own qualifiers: the fact's are merged over every article that states it.
            "amount": r.qualifiers.get("amount"), "fact_date": r.qualifiers.get("date"),
            "role": r.qualifiers.get("role"), "status": r.qualifiers.get("status"),
            "hedged": bool(r.qualifiers.get("hedged", False)),
        }  # fmt: skip
        if rel_type.literal:
            rows.literals.append({"s": s, "relation": r.relation, "value": r.object})
            continue
        q = r.qualifiers
        facts[r.relation].setdefault(key, {
            "s": s, "o": o, "key": key, "date": article.date, "amount": q.get("amount"), "date_q": q.get("date"),
            "role": q.get("role"), "status": q.get("status"), "hedged": bool(q.get("hedged", False)),
        })  # fmt: skip
    rows.facts = {rel: list(v.values()) for rel, v in sorted(facts.items())}
    rows.evidence = list(evidence.values())
    return rows
