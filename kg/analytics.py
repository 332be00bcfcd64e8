"""Graph analytics with networkx: one measure per function, each over a store's graph."""

from __future__ import annotations

import networkx as nx

__all__ = ["degree_centrality", "pagerank", "top_entities"]


def _simple(graph: nx.MultiDiGraph) -> nx.DiGraph:
    """Collapse parallel facts into one weighted edge (weight = number of distinct facts)."""
    simple = nx.DiGraph()
    simple.add_nodes_from(graph.nodes(data=True))
    for s, o in graph.edges():
        if simple.has_edge(s, o):
            simple[s][o]["weight"] += 1
        else:
            simple.add_edge(s, o, weight=1)
    return simple


def pagerank(graph: nx.MultiDiGraph, alpha: float = 0.85) -> dict[str, float]:
    """PageRank over facts taken as undirected links (a fact is evidence of relevance both ways)."""
    if graph.number_of_nodes() == 0:
        return {}
    return nx.pagerank(_simple(graph).to_undirected(), alpha=alpha, weight="weight")


def degree_centrality(graph: nx.MultiDiGraph) -> dict[str, float]:
    """Number of facts touching each entity."""
    return {node: float(degree) for node, degree in graph.degree()}


def top_entities(graph: nx.MultiDiGraph, measure: str = "pagerank", n: int = 10) -> list[dict[str, object]]:
    """The ``n`` most central entities by ``measure`` ("pagerank" or "degree"), with name and type.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", name="A", type="Organization"); g.add_node("b", name="B", type="Person")
    >>> _ = g.add_edge("b", "a", key="LEADS")
    >>> [e["name"] for e in top_entities(g, "degree", 1)]
    ['A']
    """
    scores = {"pagerank": pagerank, "degree": degree_centrality}[measure](graph)
    ranked = sorted(scores.items(), key=lambda item: (-item[1], graph.nodes[item[0]].get("name", item[0])))
    return [{"id": node, "name": graph.nodes[node].get("name", node), "type": graph.nodes[node].get("type"),
             "score": score} for node, score in ranked[:n]]  # fmt: skip
