"""Export the graph: JSON (entities, facts and evidence), GraphML (for Gephi and networkx), CSV."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import IO, Any

import networkx as nx

from kg.stores.base import GraphStore

__all__ = ["FORMATS", "export_json", "export_graphml", "export_csv"]

FORMATS = ("json", "graphml", "csv")

_EVIDENCE_QUERY = "MATCH (ev:Evidence) RETURN properties(ev) AS ev ORDER BY ev.fact, ev.article_id"


def _evidence(store: GraphStore) -> list[dict[str, Any]]:
    return [row[0] for row in store.query(_EVIDENCE_QUERY, limit=10**9).rows]


def export_json(store: GraphStore, out: IO[str]) -> None:
    """Write ``{"entities": [...], "facts": [...], "evidence": [...]}``; facts and evidence share ``key``."""
    graph = store.to_networkx()
    data = {
        "entities": [{"id": n, **attrs} for n, attrs in graph.nodes(data=True)],
        "facts": [{"subject_id": s, "object_id": o, **attrs} for s, o, attrs in graph.edges(data=True)],
        "evidence": _evidence(store),
    }
    json.dump(data, out, indent=1, ensure_ascii=False, default=str)
    out.write("\n")


def _graphml_safe(value: Any) -> Any:
    """GraphML holds scalars only: lists become "a; b", missing values are dropped by the caller."""
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return value


def export_graphml(store: GraphStore, out: IO[bytes]) -> None:
    """Write GraphML: entity attributes and fact properties as GraphML attributes."""
    graph = store.to_networkx()
    clean = nx.MultiDiGraph()
    for n, attrs in graph.nodes(data=True):
        clean.add_node(n, **{k: _graphml_safe(v) for k, v in attrs.items() if v is not None})
    for s, o, key, attrs in graph.edges(keys=True, data=True):
        clean.add_edge(s, o, key=key, **{k: _graphml_safe(v) for k, v in attrs.items() if v is not None})
    nx.write_graphml(clean, out)


def export_csv(store: GraphStore, directory: Path) -> list[Path]:
    """Write ``entities.csv``, ``facts.csv`` and ``evidence.csv`` into ``directory``; return their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    graph = store.to_networkx()
    entities = [{"id": n, **{k: _graphml_safe(v) for k, v in a.items()}} for n, a in graph.nodes(data=True)]
    facts = [
        {"subject_id": s, "object_id": o, **{k: _graphml_safe(v) for k, v in a.items()}}
        for s, o, a in graph.edges(data=True)
    ]
    evidence = _evidence(store)
    paths = []
    for name, rows in (("entities", entities), ("facts", facts), ("evidence", evidence)):
        path = directory / f"{name}.csv"
        columns = sorted({k for row in rows for k in row}, key=lambda c: (c not in ("id", "subject_id"), c))
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            writer.writerows(rows)
        paths.append(path)
    return paths
