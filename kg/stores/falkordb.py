"""The FalkorDB store: the embedded default (a data directory) or a standalone server (``falkor://host:port``).

FalkorDB has no multi-statement transaction, so each article is written by exactly one query: it either
lands whole or not at all. Within one query FalkorDB reads the graph as it was before the query's own
writes, so every computed value below is derived from the previous state, never from a value set earlier
in the same query.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlparse

import redis
from falkordb import Edge, FalkorDB, Node, Path

from kg.errors import QueryError, ReadOnlyQuery, StoreUnavailable
from kg.model import Extraction
from kg.stores.base import (
    DEFAULT_ROW_LIMIT,
    DEFAULT_TIMEOUT_MS,
    ForgetResult,
    QueryResult,
    WriteResult,
)
from kg.stores.cypher_reads import CypherReads
from kg.stores.falkor_server import EmbeddedServer
from kg.stores.rows import ArticleRows, article_rows
from ontology import load_schema

__all__ = ["FalkorStore", "GRAPH_NAME"]

log = logging.getLogger("kg")

GRAPH_NAME = "kg"
_CLIENT_SOCKET_TIMEOUT_S = 120  # above any per-query timeout we set, so the server's timeout wins


def _fact_edge_section(i: int, rel_type: str) -> str:
    """Cypher that merges the facts of one relation type (names come from the schema, never from users)."""
    return f"""
WITH count(*) AS _c{i}
MATCH (a:Article {{id: $article.id}})
UNWIND $rels_{rel_type} AS r
MATCH (s:Entity {{id: r.s}}), (o:Entity {{id: r.o}})
MERGE (s)-[x:{rel_type}]->(o)
ON CREATE SET x.key = r.key
WITH a, r, x, coalesce(x.articles, []) AS old_arts, coalesce(x.dates, []) AS old_dates
WITH a, r, x,
     CASE WHEN a.id IN old_arts THEN old_arts ELSE old_arts + [a.id] END AS arts,
     CASE WHEN a.id IN old_arts THEN old_dates ELSE old_dates + [r.date] END AS dates
SET x.articles = arts, x.dates = dates, x.support = size(arts),
    x.first_seen = reduce(m = null, d IN dates | CASE WHEN m IS NULL OR d < m THEN d ELSE m END),
    x.last_seen = reduce(m = null, d IN dates | CASE WHEN m IS NULL OR d > m THEN d ELSE m END),
    x.amount = coalesce(r.amount, x.amount), x.date = coalesce(r.date_q, x.date),
    x.role = coalesce(r.role, x.role), x.status = coalesce(r.status, x.status),
    x.hedged = coalesce(x.hedged, true) AND r.hedged
"""


def _entity_section(i: int, entity_type: str) -> str:
    return f"""
WITH count(*) AS _c{i}
MATCH (a:Article {{id: $article.id}})
UNWIND $ents_{entity_type} AS e
MERGE (n:{entity_type}:Entity {{id: e.id}})
ON CREATE SET n.name = e.name, n.wikidata = e.wikidata
WITH a, e, n, coalesce(n.name, e.name) AS name, coalesce(n.aliases, []) AS old
WITH a, n, name, old + [x IN e.aliases WHERE NOT x IN old AND x <> name] AS aliases
SET n.aliases = aliases, n.search = reduce(t = name, x IN aliases | t + ' ' + x)
MERGE (a)-[:MENTIONS]->(n)
"""


_EVIDENCE_SECTION = """
WITH count(*) AS _ce
MATCH (a:Article {id: $article.id})
UNWIND $evidence AS v
MATCH (s:Entity {id: v.subject_id})
MERGE (ev:Evidence {id: v.id})
ON CREATE SET ev += v
MERGE (ev)-[:STATED_IN]->(a)
MERGE (ev)-[:ABOUT]->(s)
"""

# Literal facts become properties of the model node; the latest article wins.
_LITERAL_SECTION = """
WITH count(*) AS _cl
UNWIND $literals AS l
MATCH (m:AIModel {id: l.s})
SET m.open_weights = CASE WHEN l.relation = 'OPEN_WEIGHTS' THEN l.value = 'true' ELSE m.open_weights END,
    m.license = CASE WHEN l.relation = 'LICENSED_UNDER' THEN l.value ELSE m.license END
"""

_FORGET = """
MATCH (a:Article {id: $id})
OPTIONAL MATCH (a)-[:MENTIONS]->(:Entity)-[x]->(:Entity)<-[:MENTIONS]-(a) WHERE $id IN x.articles
WITH a, collect(DISTINCT x) AS xs
WITH a, [x IN xs WHERE size(x.articles) > 1] AS kept, [x IN xs WHERE size(x.articles) <= 1] AS dead
FOREACH (x IN kept |
  SET x.dates = [i IN range(0, size(x.articles) - 1) WHERE x.articles[i] <> $id | x.dates[i]],
      x.articles = [v IN x.articles WHERE v <> $id],
      x.support = size(x.articles) - 1,
      x.first_seen = reduce(m = null, i IN range(0, size(x.articles) - 1) |
          CASE WHEN x.articles[i] = $id THEN m WHEN m IS NULL OR x.dates[i] < m THEN x.dates[i] ELSE m END),
      x.last_seen = reduce(m = null, i IN range(0, size(x.articles) - 1) |
          CASE WHEN x.articles[i] = $id THEN m WHEN m IS NULL OR x.dates[i] > m THEN x.dates[i] ELSE m END))
FOREACH (x IN dead | DELETE x)
WITH a, size(dead) AS facts_removed
OPTIONAL MATCH (a)-[:MENTIONS]->(m:AIModel)
OPTIONAL MATCH (m)<-[:ABOUT]-(ev:Evidence)
  WHERE ev.article_id <> $id AND ev.relation IN ['OPEN_WEIGHTS', 'LICENSED_UNDER']
WITH a, facts_removed, m,
     collect(CASE WHEN ev IS NULL THEN null ELSE [ev.date, ev.relation, ev.value] END) AS literals
WITH a, facts_removed, m,
     reduce(b = null, p IN literals |
       CASE WHEN p[1] = 'OPEN_WEIGHTS' AND (b IS NULL OR p[0] >= b[0]) THEN p ELSE b END) AS open_weights,
     reduce(b = null, p IN literals |
       CASE WHEN p[1] = 'LICENSED_UNDER' AND (b IS NULL OR p[0] >= b[0]) THEN p ELSE b END) AS license
FOREACH (_ IN CASE WHEN m IS NULL THEN [] ELSE [1] END |
  SET m.open_weights = open_weights[2] = 'true', m.license = license[2])
WITH a, facts_removed, count(*) AS _models
OPTIONAL MATCH (a)-[:MENTIONS]->(n:Entity)
OPTIONAL MATCH (n)<-[:MENTIONS]-(other:Article) WHERE other.id <> $id
WITH a, facts_removed, n, count(other) AS others
WITH a, facts_removed, collect(CASE WHEN others = 0 THEN n END) AS orphans
WITH a, facts_removed, orphans
OPTIONAL MATCH (ev:Evidence {article_id: $id})
WITH a, facts_removed, orphans, collect(ev) AS evs
FOREACH (ev IN evs | DETACH DELETE ev)
FOREACH (n IN orphans | DETACH DELETE n)
DETACH DELETE a
RETURN size(evs), facts_removed, size(orphans)
"""


def _write_query(rows: ArticleRows) -> tuple[str, dict[str, Any]]:
    """One query that writes the whole article: FalkorDB runs a single query atomically."""
    params: dict[str, Any] = {"article": rows.article}
    parts = ["MERGE (a:Article {id: $article.id}) SET a += $article"]
    for entity_type, entities in rows.entities.items():
        params[f"ents_{entity_type}"] = entities
        parts.append(_entity_section(len(parts), entity_type))
    for relation, facts in rows.facts.items():
        params[f"rels_{relation}"] = facts
        parts.append(_fact_edge_section(len(parts), relation))
    if rows.evidence:
        params["evidence"] = rows.evidence
        parts.append(_EVIDENCE_SECTION)
    if rows.literals:
        params["literals"] = rows.literals
        parts.append(_LITERAL_SECTION)
    parts.append("RETURN 1")
    return "\n".join(parts), params


class FalkorStore(CypherReads):
    """A graph store on FalkorDB.

    Parameters
    ----------
    location : str
        A data directory (the embedded default: a server is started for it on demand) or
        ``falkor://host:port`` for a standalone FalkorDB server.

    Examples
    --------
    >>> store = FalkorStore("kg-data")  # doctest: +SKIP
    >>> store.query("MATCH (n:Organization) RETURN n.name LIMIT 3").rows  # doctest: +SKIP
    """

    atomic_article_writes = True
    supports_cypher = True

    def __init__(self, location: str):
        self.location = location
        self._server: EmbeddedServer | None = None
        try:
            if location.startswith("falkor://"):
                parsed = urlparse(location)
                self._db = FalkorDB(
                    host=parsed.hostname or "127.0.0.1",
                    port=parsed.port or 6379,
                    socket_timeout=_CLIENT_SOCKET_TIMEOUT_S,
                )
            else:
                self._server = EmbeddedServer(location)
                socket_path = self._server.acquire()
                self._db = FalkorDB(unix_socket_path=socket_path, socket_timeout=_CLIENT_SOCKET_TIMEOUT_S)
            self._graph = self._db.select_graph(GRAPH_NAME)
            self._schema = load_schema()
            self._ensure_indexes()
        except (redis.ConnectionError, redis.TimeoutError, OSError) as exc:
            self.close()
            raise StoreUnavailable(f"KG305 cannot reach FalkorDB at {location}: {exc}") from exc

    # -- set-up -------------------------------------------------------------------------------------

    def _ensure_indexes(self) -> None:
        statements = [f"CREATE INDEX FOR (n:{label}) ON (n.id)" for label in ("Entity", "Article", "Evidence")]
        statements += [f"CREATE INDEX FOR (n:{t}) ON (n.id)" for t in self._schema.entity_types]
        statements += [
            "CREATE INDEX FOR (n:Evidence) ON (n.fact)",
            "CREATE INDEX FOR (n:Evidence) ON (n.article_id)",
            "CREATE INDEX FOR (n:Entity) ON (n.name)",
        ]
        statements.append("CALL db.idx.fulltext.createNodeIndex('Entity', 'search')")
        existing = self._existing_indexes()
        for statement in statements:
            if "fulltext" in statement:
                label, prop = "Entity", "search"
            else:
                label, prop = (
                    statement.split("(n:")[1].split(")")[0],
                    statement.rsplit("(n.", 1)[1].rstrip(")"),
                )
            if (label, prop) in existing:
                continue
            try:
                self._graph.query(statement)
            except redis.ResponseError as exc:
                if "already indexed" not in str(exc):  # another process created it first
                    raise

    def _existing_indexes(self) -> set[tuple[str, str]]:
        # Ask Redis first: a graph query on a key that does not exist yet fails, and after that error path
        # FalkorDB 4.16 was seen (once in a few hundred server starts) to deadlock the next query.
        if not self._db.connection.exists(GRAPH_NAME):
            return set()
        rows = self._ro("CALL db.indexes() YIELD label, properties RETURN label, properties")
        return {(label, prop) for label, props in rows for prop in props}

    def close(self) -> None:
        """Close the connection; stop the embedded server when no other process uses it."""
        db = getattr(self, "_db", None)
        if db is not None:
            db.connection.close()
            self._db = None
        if self._server is not None:
            self._server.release()
            self._server = None

    def __enter__(self) -> FalkorStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writes -------------------------------------------------------------------------------------

    def write_extraction(self, extraction: Extraction) -> WriteResult:
        """Store one article's entities, facts and evidence in a single atomic query.

        Re-writing the same article read by the same pipeline changes nothing ("unchanged"); an article
        whose text changed under the same id is forgotten and written again ("replaced").
        """
        rows = article_rows(extraction, self._schema)
        article_id = rows.article["id"]
        stored = self._ro("MATCH (a:Article {id: $id}) RETURN a.content_hash", {"id": article_id})
        status = "added"
        if stored:
            if stored[0][0] == rows.article["content_hash"]:
                return rows.result("unchanged")
            self.forget(article_id)
            status = "replaced"
        query, params = _write_query(rows)
        self._run(query, params, write=True, timeout_ms=0)
        return rows.result(status)

    def forget(self, article_id: str) -> ForgetResult:
        """Remove an article, its evidence, and every fact and entity that no other article supports."""
        rows = self._run(_FORGET, {"id": article_id}, write=True, timeout_ms=0).rows
        if not rows:
            from kg.errors import NotFound

            raise NotFound(f"KG310 no article with id {article_id!r} in {self.location}")
        evidence, facts, entities = rows[0]
        return ForgetResult(article_id, evidence, facts, entities)

    # -- reads --------------------------------------------------------------------------------------

    def _ro(self, cypher: str, params: dict[str, Any] | None = None) -> list[list[Any]]:
        return self._graph.ro_query(cypher, params).result_set

    def query(
        self,
        cypher: str,
        params: dict[str, Any] | None = None,
        *,
        write: bool = False,
        timeout_ms: int = DEFAULT_TIMEOUT_MS,
        limit: int = DEFAULT_ROW_LIMIT,
    ) -> QueryResult:
        """Run a Cypher query. Without ``write`` it goes through GRAPH.RO_QUERY, which the server refuses to
        execute if the query would write. At most ``limit`` rows are returned (``truncated`` says so)."""
        result = self._run(cypher, params, write=write, timeout_ms=timeout_ms)
        if len(result.rows) > limit:
            result.rows = result.rows[:limit]
            result.truncated = True
        return result

    def _run(self, cypher: str, params: dict[str, Any] | None, *, write: bool, timeout_ms: int) -> QueryResult:
        run = self._graph.query if write else self._graph.ro_query
        try:
            result = run(cypher, params, timeout=timeout_ms or None)
        except redis.ResponseError as exc:
            message = str(exc)
            if "read-only" in message:
                raise ReadOnlyQuery(
                    "KG320 this query writes, and the store was opened read-only; "
                    "use `kg query --write` to change the graph"
                ) from exc
            if "timed out" in message.lower():
                raise QueryError(f"KG321 query timed out after {timeout_ms} ms") from exc
            raise QueryError(f"KG322 query failed: {message}") from exc
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            raise StoreUnavailable(f"KG306 lost the connection to FalkorDB at {self.location}: {exc}") from exc
        columns = [h[1] for h in result.header] if result.header else []
        rows = [[_plain(v) for v in row] for row in result.result_set]
        return QueryResult(columns=columns, rows=rows)

    def _fulltext(self, terms: str, limit: int) -> list[tuple[str, float]]:
        # Prefix search on every word: "sca" finds "Scale AI" while the user is still typing.
        query = " ".join(f"{word}*" for word in terms.split())
        try:
            rows = self._ro(
                "CALL db.idx.fulltext.queryNodes('Entity', $q) YIELD node, score RETURN node.id, score LIMIT $limit",
                {"q": query, "limit": limit},
            )
        except redis.ResponseError:  # RediSearch syntax the user typed, such as a lone "-"
            return []
        return [(entity_id, score) for entity_id, score in rows]


def _plain(value: Any) -> Any:
    """Turn FalkorDB client objects into JSON-ready Python values."""
    if isinstance(value, Node):
        return {"_id": value.id, "_labels": list(value.labels), **value.properties}
    if isinstance(value, Edge):
        return {"_id": value.id, "_type": value.relation, "_src": value.src_node, "_dst": value.dest_node,
                **value.properties}  # fmt: skip
    if isinstance(value, Path):
        return {"nodes": [_plain(n) for n in value.nodes()], "edges": [_plain(e) for e in value.edges()]}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value
