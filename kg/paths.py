"""Shortest paths between two entities, by bidirectional breadth-first search over store neighbourhoods.

Graph databases' own path searches are unbounded in time on hub-heavy graphs (FalkorDB's ignored a 60 s
timeout at length 6, see ../shared/STORES.md), so we search from both ends one hop at a time, expanding
the smaller frontier, with a cap on how many facts a single hop may pull in. Store-independent: it only
calls ``store.neighbours``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

__all__ = ["Path", "shortest_paths"]


@dataclass(frozen=True)
class Path:
    """A path as entity ids and the fact edges between consecutive ones (each edge as the store returns it)."""

    nodes: tuple[str, ...]
    edges: tuple[dict[str, Any], ...]


Parents = dict[str, list[tuple[str, dict[str, Any]]]]


def _expand(store, frontier: set[str], parents: Parents, filters: dict[str, Any], max_fanout: int) -> set[str]:
    """One hop out of ``frontier``; records how each newly reached entity was reached."""
    sub = store.neighbours(sorted(frontier), limit=max_fanout, **filters)
    reached: set[str] = set()
    for edge in sub.edges:
        for here, there in ((edge["source"], edge["target"]), (edge["target"], edge["source"])):
            if here in frontier and (there not in parents or there in reached):
                parents.setdefault(there, []).append((here, edge))
                reached.add(there)
    return reached


def _walks(node: str, parents: Parents) -> Iterator[list[tuple[str, dict[str, Any] | None]]]:
    """Every shortest walk from the search root to ``node`` as [(entity, edge into it), ...]."""
    if not parents[node]:
        yield [(node, None)]
        return
    for parent, edge in parents[node]:
        for walk in _walks(parent, parents):
            yield [*walk, (node, edge)]


def shortest_paths(
    store,
    source: str,
    target: str,
    *,
    max_length: int = 4,
    limit: int = 10,
    relations: list[str] | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    max_fanout: int = 5000,
) -> list[Path]:
    """All shortest paths (up to ``limit``) of at most ``max_length`` facts between two entities.

    Direction is ignored: "why are Alexandr Wang and Llama connected?" is answered whichever way the facts
    point. Returns ``[]`` when the entities are not connected within ``max_length``.

    Examples
    --------
    >>> paths = shortest_paths(store, "person:alexandr-wang", "model:llama")  # doctest: +SKIP
    >>> [e["relation"] for e in paths[0].edges]                              # doctest: +SKIP
    ['LEADS', 'SUBSIDIARY_OF', 'DEVELOPED']
    """
    if source == target:
        return [Path((source,), ())]
    filters = {"relations": relations, "date_from": date_from, "date_to": date_to}
    forward: Parents = {source: []}
    backward: Parents = {target: []}
    front, back = {source}, {target}
    length = 0
    while front and back and length < max_length:
        if len(front) <= len(back):
            front = _expand(store, front, forward, filters, max_fanout)
            meeting = front & back
        else:
            back = _expand(store, back, backward, filters, max_fanout)
            meeting = back & front
        length += 1
        if meeting:
            return _join(sorted(meeting), forward, backward, limit)
    return []


def _join(meeting: list[str], forward: Parents, backward: Parents, limit: int) -> list[Path]:
    paths: list[Path] = []
    seen: set[tuple[str, ...]] = set()
    for middle in meeting:
        for head in _walks(middle, forward):
            for tail in _walks(middle, backward):
                # The backward walk runs target -> middle; reverse it to continue middle -> target.
                nodes = [n for n, _ in head] + [n for n, _ in reversed(tail[:-1])]
                edges = [e for _, e in head[1:]] + [e for _, e in reversed(tail[1:])]
                if len(set(nodes)) != len(nodes) or tuple(nodes) in seen:
                    continue
                seen.add(tuple(nodes))
                paths.append(Path(tuple(nodes), tuple(edges)))
                if len(paths) >= limit:
                    return paths
    return paths
