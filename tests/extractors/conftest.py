"""Helpers for the extraction tests; the session-scoped ``nlp`` fixture is in tests/conftest.py."""

from __future__ import annotations

from extractors import extract
from kg.model import Article
from ontology.loader import load_schema


def run(nlp, text: str, article_id: str = "t"):
    """The Extraction of a one-off article."""
    return extract(nlp, Article(id=article_id, text=text))


def _names(extraction, name: str) -> set[str]:
    """A name and every alias of its entity: tests pass whether or not the registry renames an entity."""
    for e in extraction.entities:
        if e.name == name:
            return {e.name, *e.aliases}
    return {name}


def facts(nlp, text: str) -> set[tuple[str, str, str]]:
    """(subject, relation, object) triples extracted from ``text``, under every name of each entity."""
    ex = run(nlp, text)
    out = set()
    for r in ex.relations:
        for s in _names(ex, r.subject):
            for o in _names(ex, r.object):
                out.add((s, r.relation, o))
    return out


#: Relations stated in either order, as the schema declares them.
SYMMETRIC = frozenset(name for name, relation in load_schema().relations.items() if relation.symmetric)


def has_fact(found: set[tuple[str, str, str]], subject: str, rel: str, obj: str) -> bool:
    """True when ``found`` (from :func:`facts`) holds the fact, in either order for a symmetric relation."""
    return (subject, rel, obj) in found or (rel in SYMMETRIC and (obj, rel, subject) in found)


def relation(nlp, text: str, subject: str, rel: str, obj: str):
    """The one Relation between entities with these names (or aliases), or None."""
    ex = run(nlp, text)
    for r in ex.relations:
        if r.relation == rel and subject in _names(ex, r.subject) and obj in _names(ex, r.object):
            return r
    return None
