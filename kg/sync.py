"""Copy a whole graph from one store to another (embedded to Neo4j and back), article by article."""

from __future__ import annotations

from collections.abc import Callable

from kg.stores.base import GraphStore, WriteResult

__all__ = ["sync"]


def sync(
    source: GraphStore, target: GraphStore, *, on_article: Callable[[WriteResult], None] | None = None
) -> list[WriteResult]:
    """Write every article of ``source``, with its entities, facts and evidence, to ``target``.

    Each article goes through ``target.write_extraction``, so the copy is atomic per article and idempotent:
    syncing twice changes nothing the second time.

    Examples
    --------
    >>> from kg.stores import open_store
    >>> with open_store("kg-data") as a, open_store("bolt://localhost:7687") as b:  # doctest: +SKIP
    ...     results = sync(a, b)
    """
    results = []
    for article_id in source.article_ids():
        extraction = source.extraction(article_id)
        if extraction is None:  # forgotten while we were copying
            continue
        result = target.write_extraction(extraction)
        results.append(result)
        if on_article:
            on_article(result)
    return results
