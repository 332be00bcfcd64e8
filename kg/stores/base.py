"""The GraphStore protocol that every backend implements, and the plain results it returns.

The property-graph model is the same on every backend (see README, "The graph model"):
entity nodes carry the label of their type plus ``Entity``; ``Article`` nodes; one relationship per fact,
typed by the relation name, with ``key``, ``support``, ``articles``, ``first_seen``, ``last_seen`` and the
qualifiers; ``Evidence`` nodes (``ev.fact = r.key``) linked to their article by ``STATED_IN``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import networkx as nx

from kg.model import Extraction
from kg.stores.cypher_reads import Subgraph

__all__ = [
    "GraphStore",
    "WriteResult",
    "QueryResult",
    "ForgetResult",
    "DEFAULT_ROW_LIMIT",
    "DEFAULT_TIMEOUT_MS",
]

DEFAULT_ROW_LIMIT = 10_000
DEFAULT_TIMEOUT_MS = 30_000


@dataclass(frozen=True)
class WriteResult:
    """What writing one article did: ``status`` is "added", "replaced" or "unchanged"."""

    article_id: str
    status: str
    entities: int = 0
    relations: int = 0


@dataclass(frozen=True)
class ForgetResult:
    """What forgetting one article removed."""

    article_id: str
    evidence_removed: int
    facts_removed: int
    entities_removed: int


@dataclass
class QueryResult:
    """Rows of a Cypher query; values are plain Python (nodes and relationships become dicts)."""

    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    truncated: bool = False

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


@runtime_checkable
class GraphStore(Protocol):
    """A place to keep the graph. Backends: ``falkordb`` (embedded default)."""

    #: True when a failed write leaves nothing behind (one query or one transaction per article).
    atomic_article_writes: bool
    supports_cypher: bool

    def write_extraction(self, extraction: Extraction) -> WriteResult:
        """Store an article with its entities, facts and evidence; idempotent."""
        ...

    def forget(self, article_id: str) -> ForgetResult:
        """Remove an article's evidence, and every fact and entity left with none."""
        ...

    def query(
        self,
        cypher: str,
        params: dict[str, Any] | None = None,
        *,
        write: bool = False,
        timeout_ms: int = DEFAULT_TIMEOUT_MS,
        limit: int = DEFAULT_ROW_LIMIT,
    ) -> QueryResult:
        """Run Cypher; read-only unless ``write`` (the server refuses writes, not our code)."""
        ...

    def stats(self) -> dict[str, Any]:
        """Counts of nodes by label and relationships by type."""
        ...

    def has_article(self, article_id: str) -> bool: ...

    def search(self, text: str, limit: int = 20) -> list[dict[str, Any]]:
        """Entities whose name or aliases match ``text`` (full-text), with type and degree."""
        ...

    def entity(self, entity_id: str) -> dict[str, Any] | None:
        """One entity's properties, type and degree."""
        ...

    def facts(
        self,
        entity_id: str,
        *,
        relations: list[str] | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        limit: int = 1000,
    ) -> list[dict[str, Any]]:
        """Every fact touching an entity, with direction and the other end."""
        ...

    def evidence(self, keys: list[str]) -> dict[str, list[dict[str, Any]]]:
        """The evidence records of each fact key."""
        ...

    def neighbours(
        self,
        entity_ids: list[str],
        *,
        relations: list[str] | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        limit: int = 200,
    ) -> Subgraph:
        """The facts touching any of the entities, and the entities at their other ends."""
        ...

    def nodes(self, entity_ids: list[str]) -> list[dict[str, Any]]: ...

    def latest_articles(self, limit: int = 10) -> list[dict[str, Any]]: ...

    def fact_timeline(self) -> list[tuple[str, int]]: ...

    def date_range(self) -> tuple[str | None, str | None]: ...

    def article_ids(self) -> list[str]: ...

    def extraction(self, article_id: str) -> Extraction | None:
        """Rebuild what was written for one article, to copy it to another store."""
        ...

    def to_networkx(self) -> nx.MultiDiGraph:
        """The whole graph (entities and facts) as networkx, for analytics and export."""
        ...

    def close(self) -> None: ...
