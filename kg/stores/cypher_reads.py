"""Read operations written once in the Cypher that FalkorDB and Neo4j both speak.

A backend mixes in :class:`CypherReads` and provides ``_ro(cypher, params) -> rows`` (a read-only query
returning plain Python values), ``_fulltext(terms, limit) -> [(id, score)]`` and ``_schema``.
Entity and relationship types are interpolated only from the schema, never from user input.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from kg.model import Article, Entity, Evidence, Extraction, Relation

__all__ = ["CypherReads", "Subgraph", "FACT_PROPERTIES"]

#: Properties of a fact relationship returned by the read methods (besides its type and ends).
FACT_PROPERTIES = ("key", "support", "first_seen", "last_seen", "amount", "date", "role", "status", "hedged")

_FACT_FIELDS = ", ".join(f"x.{p} AS {p}" for p in FACT_PROPERTIES)
_EVIDENCE_FIELDS = (
    "sentence", "start", "end", "article_id", "title", "url", "date", "rule", "confidence", "subject", "object",
)  # fmt: skip


@dataclass
class Subgraph:
    """Nodes and fact edges around some entities; ``truncated`` when the limit cut it short."""

    nodes: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)
    truncated: bool = False


def _entity_type(labels: list[str]) -> str:
    return next((label for label in labels if label != "Entity"), "Entity")


def _date_filter(date_from: str | None, date_to: str | None) -> str:
    """A predicate on fact ``x``: some article stating it is dated within the range."""
    if not date_from and not date_to:
        return "true"
    return "any(d IN x.dates WHERE d >= $date_from AND d <= $date_to)"


class CypherReads:
    """Store reads shared by every Cypher backend."""

    def _ro(self, cypher: str, params: dict[str, Any] | None = None) -> list[list[Any]]:
        raise NotImplementedError

    def _fulltext(self, terms: str, limit: int) -> list[tuple[str, float]]:
        raise NotImplementedError

    def _fact_types(self, relations: list[str] | None = None) -> list[str]:
        names = relations or [r for r, t in self._schema.relations.items() if not t.literal]
        return [self._schema.relation(r).name for r in names if not self._schema.relation(r).literal]

    def _type_pattern(self, relations: list[str] | None) -> str:
        """``ACQUIRED|LEADS|...``: typed patterns let the store skip other relationships (names from the schema)."""
        return "|".join(self._fact_types(relations))

    # -- counts -------------------------------------------------------------------------------------

    def has_article(self, article_id: str) -> bool:
        return bool(self._ro("MATCH (a:Article {id: $id}) RETURN a.id", {"id": article_id}))

    def stats(self) -> dict[str, Any]:
        """Counts: entities by type, articles, evidence, and facts by relation type."""
        labels = [*self._schema.entity_types, "Article", "Evidence"]
        nodes = {label: self._ro(f"MATCH (n:{label}) RETURN count(n)")[0][0] for label in labels}
        facts = {rel: self._ro(f"MATCH (:Entity)-[r:{rel}]->(:Entity) RETURN count(r)")[0][0]
                 for rel in self._fact_types()}  # fmt: skip
        facts["OPEN_WEIGHTS"] = self._ro("MATCH (m:AIModel) WHERE m.open_weights IS NOT NULL RETURN count(m)")[0][0]
        facts["LICENSED_UNDER"] = self._ro("MATCH (m:AIModel) WHERE m.license IS NOT NULL RETURN count(m)")[0][0]
        return {"nodes": nodes, "facts": facts}

    # -- entities -----------------------------------------------------------------------------------

    def _degrees(self, ids: list[str]) -> dict[str, int]:
        """Number of facts touching each entity (entities with none are absent: read them as 0)."""
        rows = self._ro("UNWIND $ids AS id MATCH (n:Entity {id: id})-[x]-(:Entity) RETURN id, count(x)", {"ids": ids})
        return {entity_id: degree for entity_id, degree in rows}

    def search(self, text: str, limit: int = 20) -> list[dict[str, Any]]:
        """Entities whose name or aliases match ``text`` (full-text, by prefix), with type and degree.

        Falls back to a case-insensitive substring match on names when the full-text index has nothing.
        """
        terms = " ".join("".join(c if c.isalnum() else " " for c in text).split())
        hits = self._fulltext(terms, limit) if terms else []
        if not hits:
            hits = [(r[0], 1.0) for r in self._ro(
                "MATCH (n:Entity) WHERE toLower(n.name) CONTAINS toLower($q) "
                "RETURN n.id ORDER BY size(n.name) LIMIT $limit",
                {"q": text, "limit": limit},
            )]  # fmt: skip
        if not hits:
            return []
        ids = [entity_id for entity_id, _ in hits]
        rows = self._ro(
            "UNWIND $ids AS id MATCH (n:Entity {id: id}) RETURN n.id, n.name, labels(n), n.aliases", {"ids": ids}
        )
        info = {r[0]: r for r in rows}
        degrees = self._degrees(ids)
        return [
            {"id": i, "name": info[i][1], "type": _entity_type(info[i][2]), "aliases": info[i][3] or [],
             "degree": degrees.get(i, 0), "score": score}
            for i, score in hits if i in info
        ]  # fmt: skip

    def entity(self, entity_id: str) -> dict[str, Any] | None:
        """One entity's properties, type and degree; ``None`` if there is no such entity."""
        rows = self._ro(
            "MATCH (n:Entity {id: $id}) OPTIONAL MATCH (n)-[x]-(:Entity) "
            "RETURN n.id, n.name, labels(n), n.aliases, n.wikidata, n.open_weights, n.license, count(x)",
            {"id": entity_id},
        )
        if not rows:
            return None
        i, name, labels, aliases, wikidata, open_weights, license_, degree = rows[0]
        return {"id": i, "name": name, "type": _entity_type(labels), "aliases": aliases or [],
                "wikidata": wikidata, "open_weights": open_weights, "license": license_, "degree": degree}  # fmt: skip

    # -- facts and evidence -------------------------------------------------------------------------

    def facts(
        self,
        entity_id: str,
        *,
        relations: list[str] | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        limit: int = 1000,
    ) -> list[dict[str, Any]]:
        """Every fact touching an entity, with the other end and ``direction``: "out" when the entity is the
        subject, "in" when it is the object, "both" for symmetric relations.

        Literal facts (OPEN_WEIGHTS, LICENSED_UNDER) come with ``value`` and no ``other``.
        """
        types = self._type_pattern(relations)
        rows = [] if not types else self._ro(
            f"MATCH (n:Entity {{id: $id}})-[x:{types}]-(m:Entity) "
            f"WHERE {_date_filter(date_from, date_to)} "
            f"RETURN type(x), startNode(x) = n, m.id, m.name, labels(m), {_FACT_FIELDS} "
            "ORDER BY type(x), m.name LIMIT $limit",
            {"id": entity_id, "limit": limit,
             "date_from": date_from or "0000", "date_to": date_to or "9999"},
        )  # fmt: skip
        out = []
        for rel, outgoing, other_id, other_name, labels, *props in rows:
            fact = dict(zip(FACT_PROPERTIES, props, strict=True))
            direction = "both" if self._schema.relation(rel).symmetric else "out" if outgoing else "in"
            fact.update(relation=rel, direction=direction,
                        other={"id": other_id, "name": other_name, "type": _entity_type(labels)})  # fmt: skip
            out.append(fact)
        wanted_literals = [r for r in ("OPEN_WEIGHTS", "LICENSED_UNDER") if not relations or r in relations]
        if wanted_literals:
            for key, rel, value, date in self._ro(
                "MATCH (ev:Evidence)-[:ABOUT]->(n:Entity {id: $id}) WHERE ev.relation IN $rels "
                "RETURN DISTINCT ev.fact, ev.relation, ev.value, ev.date ORDER BY ev.date",
                {"id": entity_id, "rels": wanted_literals},
            ):
                if (date_from and date < date_from) or (date_to and date > date_to):
                    continue
                out.append({"key": key, "relation": rel, "direction": "out", "other": None, "value": value,
                            "support": None, "first_seen": date, "last_seen": date})  # fmt: skip
        return out

    def evidence(self, keys: list[str]) -> dict[str, list[dict[str, Any]]]:
        """The evidence of each fact key, newest first."""
        fields = ", ".join(f"ev.{f}" for f in _EVIDENCE_FIELDS)
        rows = self._ro(
            f"UNWIND $keys AS k MATCH (ev:Evidence {{fact: k}}) RETURN k, {fields} ORDER BY ev.date DESC",
            {"keys": list(keys)},
        )
        out: dict[str, list[dict[str, Any]]] = {k: [] for k in keys}
        for key, *values in rows:
            out[key].append(dict(zip(_EVIDENCE_FIELDS, values, strict=True)))
        return out

    # -- neighbourhoods -----------------------------------------------------------------------------

    def neighbours(
        self,
        entity_ids: list[str],
        *,
        relations: list[str] | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        limit: int = 200,
    ) -> Subgraph:
        """The facts touching any of ``entity_ids`` and the entities at their other ends.

        At most ``limit`` edges are returned (``truncated`` says whether more exist), strongest support first.
        """
        types = self._type_pattern(relations)
        rows = [] if not types else self._ro(
            f"UNWIND $ids AS id MATCH (n:Entity {{id: id}})-[x:{types}]-(m:Entity) "
            f"WHERE {_date_filter(date_from, date_to)} "
            "WITH DISTINCT x, startNode(x) AS s, endNode(x) AS o "
            f"RETURN type(x), s.id, o.id, {_FACT_FIELDS} ORDER BY x.support DESC, x.key LIMIT $limit",
            {"ids": list(entity_ids), "limit": limit + 1,
             "date_from": date_from or "0000", "date_to": date_to or "9999"},
        )  # fmt: skip
        truncated = len(rows) > limit
        edges = []
        for rel, source, target, *props in rows[:limit]:
            edges.append({"relation": rel, "source": source, "target": target,
                          **dict(zip(FACT_PROPERTIES, props, strict=True))})  # fmt: skip
        ids = sorted({*entity_ids, *(e["source"] for e in edges), *(e["target"] for e in edges)})
        return Subgraph(nodes=self.nodes(ids), edges=edges, truncated=truncated)

    def nodes(self, entity_ids: list[str]) -> list[dict[str, Any]]:
        """Entities by id, with type and degree (ids that do not exist are left out)."""
        ids = list(entity_ids)
        rows = self._ro("UNWIND $ids AS id MATCH (n:Entity {id: id}) RETURN n.id, n.name, labels(n)", {"ids": ids})
        degrees = self._degrees(ids)
        return [{"id": i, "name": name, "type": _entity_type(labels), "degree": degrees.get(i, 0)}
                for i, name, labels in rows]  # fmt: skip

    # -- overview -----------------------------------------------------------------------------------

    def latest_articles(self, limit: int = 10) -> list[dict[str, Any]]:
        rows = self._ro(
            "MATCH (a:Article) RETURN a.id, a.title, a.url, a.date, a.date_source ORDER BY a.date DESC, a.id LIMIT $n",
            {"n": limit},
        )
        return [dict(zip(("id", "title", "url", "date", "date_source"), r, strict=True)) for r in rows]

    def fact_timeline(self) -> list[tuple[str, int]]:
        """Number of evidence records per article month (``YYYY-MM``), oldest first."""
        rows = self._ro("MATCH (ev:Evidence) RETURN substring(ev.date, 0, 7) AS month, count(ev) ORDER BY month")
        return [(month, n) for month, n in rows if month]

    def date_range(self) -> tuple[str | None, str | None]:
        """The earliest and latest article dates among the evidence."""
        [[low, high]] = self._ro("MATCH (ev:Evidence) RETURN min(ev.date), max(ev.date)")
        return low, high

    def article_ids(self) -> list[str]:
        """Every article id, in order."""
        return [r[0] for r in self._ro("MATCH (a:Article) RETURN a.id ORDER BY a.id")]

    def extraction(self, article_id: str) -> Extraction | None:
        """Rebuild what was written for one article (its text, entities, facts with evidence and qualifiers).

        Writing the result to another store reproduces the article there: this is how graphs are copied.
        """
        rows = self._ro(
            "MATCH (a:Article {id: $id}) RETURN a.title, a.url, a.source, a.date, a.date_source, a.text",
            {"id": article_id},
        )
        if not rows:
            return None
        title, url, source, date, date_source, text = rows[0]
        article = Article(id=article_id, text=text or "", title=title or "", url=url or "", source=source or "",
                          date=date or "", date_source=date_source or "given")  # fmt: skip
        entities = [
            Entity(entity_id, name, _entity_type(labels), tuple(aliases or ()), wikidata)
            for entity_id, labels, name, aliases, wikidata in self._ro(
                "MATCH (:Article {id: $id})-[:MENTIONS]->(n:Entity) "
                "RETURN n.id, labels(n), n.name, n.aliases, n.wikidata ORDER BY n.id",
                {"id": article_id},
            )
        ]
        relations = []
        for (ev,) in self._ro(
            "MATCH (ev:Evidence {article_id: $id}) RETURN properties(ev) ORDER BY ev.id", {"id": article_id}
        ):
            evidence = Evidence(article_id, ev["sentence"], ev["start"], ev["end"], ev["rule"], ev["confidence"],
                                ev["pipeline_version"], ev.get("url") or "", ev.get("title") or "",
                                ev.get("date") or "")  # fmt: skip
            qualifiers = {"amount": ev.get("amount"), "date": ev.get("fact_date"), "role": ev.get("role"),
                          "status": ev.get("status"), "hedged": ev.get("hedged")}  # fmt: skip
            relations.append(Relation(ev["subject_id"], ev["relation"], ev.get("object_id"), ev["subject"],
                                      ev["object"], evidence, {k: v for k, v in qualifiers.items() if v}))  # fmt: skip
        return Extraction(article, entities, relations)

    def to_networkx(self) -> nx.MultiDiGraph:
        """Entities as nodes and facts as edges (with their properties), literals as node attributes."""
        graph = nx.MultiDiGraph()
        for node_id, labels, name, aliases, wikidata, open_weights, license_ in self._ro(
            "MATCH (n:Entity) RETURN n.id, labels(n), n.name, n.aliases, n.wikidata, n.open_weights, n.license"
        ):
            attrs = {"name": name, "aliases": aliases or [], "wikidata": wikidata, "open_weights": open_weights,
                     "license": license_}  # fmt: skip
            graph.add_node(node_id, type=_entity_type(labels), **{k: v for k, v in attrs.items() if v is not None})
        for s, rel, o, *props in self._ro(
            f"MATCH (s:Entity)-[x]->(o:Entity) RETURN s.id, type(x), o.id, {_FACT_FIELDS}, x.articles AS articles"
        ):
            attrs = dict(zip((*FACT_PROPERTIES, "articles"), props, strict=True))
            attrs["fact_key"] = attrs.pop("key")  # networkx reserves "key" for the edge key
            graph.add_edge(s, o, key=rel, relation=rel, **{k: v for k, v in attrs.items() if v is not None})
        return graph
