"""The Neo4j store, through the official driver: ``bolt://``, ``neo4j://`` or ``neo4j+s://`` (Aura).

Writes run in managed write transactions (the driver retries transient failures), one transaction per
article, so an article lands whole or not at all. Reads, including every user query without ``write``,
run in read transactions: the server itself refuses a write there.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlparse, urlunparse

import neo4j
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, ClientError, Neo4jError, ServiceUnavailable

from kg.errors import NotFound, QueryError, ReadOnlyQuery, StoreUnavailable
from kg.model import Extraction
from kg.stores.base import DEFAULT_ROW_LIMIT, DEFAULT_TIMEOUT_MS, ForgetResult, QueryResult, WriteResult
from kg.stores.cypher_reads import CypherReads
from kg.stores.rows import ArticleRows, article_rows
from ontology import load_schema

__all__ = ["Neo4jStore", "SCHEMA_STATEMENTS"]

#: Constraints and indexes created on first use; every statement is idempotent.
SCHEMA_STATEMENTS = (
    "CREATE CONSTRAINT kg_entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT kg_article_id IF NOT EXISTS FOR (n:Article) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT kg_evidence_id IF NOT EXISTS FOR (n:Evidence) REQUIRE n.id IS UNIQUE",
    "CREATE INDEX kg_evidence_fact IF NOT EXISTS FOR (n:Evidence) ON (n.fact)",
    "CREATE INDEX kg_evidence_article IF NOT EXISTS FOR (n:Evidence) ON (n.article_id)",
    "CREATE INDEX kg_entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name)",
    "CREATE FULLTEXT INDEX kg_entity_search IF NOT EXISTS FOR (n:Entity) ON EACH [n.search]",
)

_ENTITIES = """
UNWIND $rows AS e
MERGE (n:{label}:Entity {{id: e.id}})
ON CREATE SET n.name = e.name, n.wikidata = e.wikidata, n.aliases = []
WITH n, [x IN e.aliases WHERE NOT x IN n.aliases AND x <> n.name] AS added
SET n.aliases = n.aliases + added
SET n.search = reduce(t = n.name, x IN n.aliases | t + ' ' + x)
WITH n
MATCH (a:Article {{id: $article_id}})
MERGE (a)-[:MENTIONS]->(n)
"""

_FACTS = """
UNWIND $rows AS r
MATCH (s:Entity {{id: r.s}}), (o:Entity {{id: r.o}})
MERGE (s)-[x:{rel_type}]->(o)
ON CREATE SET x.key = r.key, x.articles = [], x.dates = [], x.hedged = true
WITH r, x, $article_id IN x.articles AS seen
WITH r, x,
     CASE WHEN seen THEN x.articles ELSE x.articles + [$article_id] END AS arts,
     CASE WHEN seen THEN x.dates ELSE x.dates + [r.date] END AS dates
SET x.articles = arts, x.dates = dates, x.support = size(arts),
    x.first_seen = reduce(m = null, d IN dates | CASE WHEN m IS NULL OR d < m THEN d ELSE m END),
    x.last_seen = reduce(m = null, d IN dates | CASE WHEN m IS NULL OR d > m THEN d ELSE m END),
    x.amount = coalesce(r.amount, x.amount), x.date = coalesce(r.date_q, x.date),
    x.role = coalesce(r.role, x.role), x.status = coalesce(r.status, x.status),
    x.hedged = x.hedged AND r.hedged
"""

_EVIDENCE = """
MATCH (a:Article {id: $article_id})
UNWIND $rows AS v
MATCH (s:Entity {id: v.subject_id})
MERGE (ev:Evidence {id: v.id})
ON CREATE SET ev += v
MERGE (ev)-[:STATED_IN]->(a)
MERGE (ev)-[:ABOUT]->(s)
"""

_LITERALS = """
UNWIND $rows AS l
MATCH (m:AIModel {id: l.s})
SET m.open_weights = CASE WHEN l.relation = 'OPEN_WEIGHTS' THEN l.value = 'true' ELSE m.open_weights END,
    m.license = CASE WHEN l.relation = 'LICENSED_UNDER' THEN l.value ELSE m.license END
"""

# Forgetting is several statements in one transaction: unlike FalkorDB, Neo4j lets each see the last.
_FORGET_FACTS = """
MATCH (a:Article {id: $id})-[:MENTIONS]->(:Entity)-[x]->(:Entity)<-[:MENTIONS]-(a)
WHERE $id IN x.articles
WITH DISTINCT x
WITH x, [i IN range(0, size(x.articles) - 1) WHERE x.articles[i] <> $id | x.dates[i]] AS dates,
     [v IN x.articles WHERE v <> $id] AS arts
SET x.articles = arts, x.dates = dates, x.support = size(arts),
    x.first_seen = reduce(m = null, d IN dates | CASE WHEN m IS NULL OR d < m THEN d ELSE m END),
    x.last_seen = reduce(m = null, d IN dates | CASE WHEN m IS NULL OR d > m THEN d ELSE m END)
WITH x WHERE size(x.articles) = 0
DELETE x
RETURN count(*)
"""

_FORGET_LITERALS = """
MATCH (a:Article {id: $id})-[:MENTIONS]->(m:AIModel)
WHERE EXISTS { MATCH (m)<-[:MENTIONS]-(o:Article) WHERE o.id <> $id }
OPTIONAL MATCH (m)<-[:ABOUT]-(ev:Evidence)
  WHERE ev.article_id <> $id AND ev.relation IN ['OPEN_WEIGHTS', 'LICENSED_UNDER']
WITH m, ev ORDER BY ev.date
WITH m, [e IN collect(ev) WHERE e.relation = 'OPEN_WEIGHTS' | e.value] AS open_weights,
     [e IN collect(ev) WHERE e.relation = 'LICENSED_UNDER' | e.value] AS licenses
SET m.open_weights = CASE WHEN size(open_weights) = 0 THEN null ELSE open_weights[-1] = 'true' END,
    m.license = CASE WHEN size(licenses) = 0 THEN null ELSE licenses[-1] END
"""

_FORGET_ORPHANS = """
MATCH (a:Article {id: $id})-[:MENTIONS]->(n:Entity)
WHERE NOT EXISTS { MATCH (n)<-[:MENTIONS]-(o:Article) WHERE o.id <> $id }
DETACH DELETE n
RETURN count(*)
"""

_FORGET_EVIDENCE = "MATCH (ev:Evidence {article_id: $id}) DETACH DELETE ev RETURN count(*)"


def _plain(value: Any) -> Any:
    """Driver graph objects as the same plain dicts the FalkorDB store returns."""
    if isinstance(value, neo4j.graph.Node):
        return {"_id": value.element_id, "_labels": sorted(value.labels), **dict(value)}
    if isinstance(value, neo4j.graph.Relationship):
        return {"_id": value.element_id, "_type": value.type, "_src": value.start_node.element_id,
                "_dst": value.end_node.element_id, **dict(value)}  # fmt: skip
    if isinstance(value, neo4j.graph.Path):
        return {"nodes": [_plain(n) for n in value.nodes], "edges": [_plain(r) for r in value.relationships]}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class Neo4jStore(CypherReads):
    """A graph store on a Neo4j server, cluster or Aura instance.

    Parameters
    ----------
    location : str
        ``bolt://host:port``, ``neo4j://host:port`` or ``neo4j+s://host``, optionally with the database name
        as path (``bolt://localhost:7687/kg``). Credentials come from ``KG_NEO4J_USER`` (default ``neo4j``)
        and ``KG_NEO4J_PASSWORD``, or from ``user``/``password``; they are never printed.
    """

    atomic_article_writes = True
    supports_cypher = True

    def __init__(self, location: str, *, user: str | None = None, password: str | None = None,
                 database: str | None = None):  # fmt: skip
        parsed = urlparse(location)
        self.location = urlunparse(parsed._replace(path="", netloc=parsed.hostname or ""))  # no credentials
        if parsed.port:
            self.location += f":{parsed.port}"
        self._database = database or os.environ.get("KG_NEO4J_DATABASE") or parsed.path.strip("/") or None
        auth = (user or os.environ.get("KG_NEO4J_USER", "neo4j"), password or os.environ.get("KG_NEO4J_PASSWORD", ""))
        self._schema = load_schema()
        try:
            # Notifications would warn about every optional property (amount, role...) not yet in the graph.
            self._driver = GraphDatabase.driver(
                urlunparse(parsed._replace(path="")), auth=auth, notifications_min_severity="OFF"
            )
            self._driver.verify_connectivity()
            self._ensure_schema()
        except AuthError as exc:
            raise StoreUnavailable(
                f"KG308 Neo4j at {self.location} refused the credentials; set KG_NEO4J_USER and KG_NEO4J_PASSWORD"
            ) from exc
        except (ServiceUnavailable, OSError, ValueError) as exc:
            raise StoreUnavailable(f"KG305 cannot reach Neo4j at {self.location}: {exc}") from exc
        except Neo4jError as exc:  # e.g. a database name that does not exist
            self.close()
            raise StoreUnavailable(
                f"KG309 Neo4j at {self.location} refused database {self._database or '(default)'}: {exc.message}"
            ) from exc

    def _session(self) -> neo4j.Session:
        return self._driver.session(database=self._database)

    def _ensure_schema(self) -> None:
        with self._session() as session:
            for statement in SCHEMA_STATEMENTS:
                session.run(statement).consume()

    def close(self) -> None:
        driver = getattr(self, "_driver", None)
        if driver is not None:
            driver.close()
            self._driver = None

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writes -------------------------------------------------------------------------------------

    def write_extraction(self, extraction: Extraction) -> WriteResult:
        """Store one article in one write transaction; idempotent, like every store."""
        rows = article_rows(extraction, self._schema)
        with self._session() as session:
            status = session.execute_write(self._write, rows)
        return rows.result(status)

    def _write(self, tx: neo4j.ManagedTransaction, rows: ArticleRows) -> str:
        article_id = rows.article["id"]
        stored = tx.run("MATCH (a:Article {id: $id}) RETURN a.content_hash AS h", id=article_id).single()
        status = "added"
        if stored is not None:
            if stored["h"] == rows.article["content_hash"]:
                return "unchanged"
            self._forget(tx, article_id)  # same transaction: the replacement is atomic too
            status = "replaced"
        tx.run("MERGE (a:Article {id: $article.id}) SET a += $article", article=rows.article).consume()
        for entity_type, entity_rows in rows.entities.items():
            tx.run(_ENTITIES.format(label=entity_type), rows=entity_rows, article_id=article_id).consume()
        for relation, fact_rows in rows.facts.items():
            tx.run(_FACTS.format(rel_type=relation), rows=fact_rows, article_id=article_id).consume()
        if rows.evidence:
            tx.run(_EVIDENCE, rows=rows.evidence, article_id=article_id).consume()
        if rows.literals:
            tx.run(_LITERALS, rows=rows.literals).consume()
        return status

    def forget(self, article_id: str) -> ForgetResult:
        """Remove an article, its evidence, and every fact and entity that no other article supports."""
        with self._session() as session:
            counts = session.execute_write(self._forget, article_id)
        if counts is None:
            raise NotFound(f"KG310 no article with id {article_id!r} in {self.location}")
        return ForgetResult(article_id, *counts)

    @staticmethod
    def _forget(tx: neo4j.ManagedTransaction, article_id: str) -> tuple[int, int, int] | None:
        if tx.run("MATCH (a:Article {id: $id}) RETURN a.id", id=article_id).single() is None:
            return None
        facts = tx.run(_FORGET_FACTS, id=article_id).single()[0]
        tx.run(_FORGET_LITERALS, id=article_id).consume()
        entities = tx.run(_FORGET_ORPHANS, id=article_id).single()[0]
        evidence = tx.run(_FORGET_EVIDENCE, id=article_id).single()[0]
        tx.run("MATCH (a:Article {id: $id}) DETACH DELETE a", id=article_id).consume()
        return evidence, facts, entities

    # -- reads --------------------------------------------------------------------------------------

    def _ro(self, cypher: str, params: dict[str, Any] | None = None) -> list[list[Any]]:
        return self._run(cypher, params, write=False, timeout_ms=DEFAULT_TIMEOUT_MS, limit=None).rows

    def _fulltext(self, terms: str, limit: int) -> list[tuple[str, float]]:
        # Lucene prefix search on every word; terms hold letters and digits only, so nothing needs escaping.
        query = " AND ".join(f"{word}*" for word in terms.split())
        rows = self._ro(
            "CALL db.index.fulltext.queryNodes('kg_entity_search', $q) YIELD node, score "
            "RETURN node.id, score LIMIT $limit",
            {"q": query, "limit": limit},
        )
        return [(entity_id, score) for entity_id, score in rows]

    def query(
        self,
        cypher: str,
        params: dict[str, Any] | None = None,
        *,
        write: bool = False,
        timeout_ms: int = DEFAULT_TIMEOUT_MS,
        limit: int = DEFAULT_ROW_LIMIT,
    ) -> QueryResult:
        """Run Cypher in a read transaction (the server refuses writes) unless ``write``; at most ``limit`` rows."""
        return self._run(cypher, params, write=write, timeout_ms=timeout_ms, limit=limit)

    def _run(self, cypher: str, params: dict[str, Any] | None, *, write: bool, timeout_ms: int,
             limit: int | None) -> QueryResult:  # fmt: skip
        @neo4j.unit_of_work(timeout=timeout_ms / 1000 if timeout_ms else None)
        def work(tx: neo4j.ManagedTransaction) -> QueryResult:
            result = tx.run(cypher, params or {})
            columns = list(result.keys())
            rows, truncated = [], False
            for record in result:
                if limit is not None and len(rows) >= limit:
                    truncated = True
                    break
                rows.append([_plain(v) for v in record.values()])
            return QueryResult(columns, rows, truncated)

        try:
            with self._session() as session:
                return (session.execute_write if write else session.execute_read)(work)
        except ClientError as exc:
            if exc.code == "Neo.ClientError.Statement.AccessMode":
                raise ReadOnlyQuery(
                    "KG320 this query writes, and the store was opened read-only; "
                    "use `kg query --write` to change the graph"
                ) from exc
            if "Timeout" in (exc.code or "") or "timeout" in (exc.message or "").lower():
                raise QueryError(f"KG321 query timed out after {timeout_ms} ms") from exc
            raise QueryError(f"KG322 query failed: {exc.message}") from exc
        except Neo4jError as exc:
            raise QueryError(f"KG322 query failed: {exc.message}") from exc
        except ServiceUnavailable as exc:
            raise StoreUnavailable(f"KG306 lost the connection to Neo4j at {self.location}: {exc}") from exc
