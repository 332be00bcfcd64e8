"""Graph elements for the Cytoscape component: entity nodes and fact edges as the store returns them.

No Streamlit here: the neighbourhood page keeps a :class:`GraphState` in its session and turns it into
elements on every run, and the benchmark times exactly that.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

__all__ = ["TYPE_COLOURS", "TYPE_ICONS", "GraphState", "node_size", "subgraph_elements", "result_elements"]

#: One colour per entity type (the legend shows the same mapping).
TYPE_COLOURS: dict[str, str] = {
    "Organization": "#4C78A8",
    "Person": "#F58518",
    "AIModel": "#54A24B",
    "Product": "#B279A2",
    "Entity": "#9D9D9D",
}
#: Material icons bundled with st-link-analysis (local SVG files, no network).
TYPE_ICONS: dict[str, str] = {"Organization": "business", "Person": "person", "AIModel": "science",
                              "Product": "laptop"}  # fmt: skip

_MIN_SIZE, _MAX_SIZE = 18.0, 60.0


def node_size(value: float, top: float) -> float:
    """A node diameter between 18 and 60 px, growing with the log of ``value`` relative to ``top``.

    Logarithmic because degrees are heavy-tailed: linear sizes would make a hub fill the canvas.

    >>> node_size(0, 10), node_size(10, 10)
    (18.0, 60.0)
    """
    if top <= 0 or value <= 0:
        return _MIN_SIZE
    return round(_MIN_SIZE + (_MAX_SIZE - _MIN_SIZE) * math.log1p(value) / math.log1p(top), 1)


@dataclass
class GraphState:
    """The accumulated neighbourhood shown on the graph page.

    ``limits`` holds each expanded entity with the number of facts fetched for it so far ("show more"
    raises it); ``truncated`` the expanded entities that have more facts than were fetched.
    """

    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    edges: dict[str, dict[str, Any]] = field(default_factory=dict)
    limits: dict[str, int] = field(default_factory=dict)
    truncated: set[str] = field(default_factory=set)
    #: Bumped when Python (not the component's own expand action) adds nodes, so the layout runs again.
    layout_runs: int = 0

    def merge(self, subgraph: Any, expanded: list[str], limit: int) -> int:
        """Add a store ``Subgraph`` fetched for ``expanded`` with ``limit``; returns how many nodes were new."""
        before = len(self.nodes)
        for node in subgraph.nodes:
            self.nodes.setdefault(node["id"], node)
        for edge in subgraph.edges:
            self.edges.setdefault(edge["key"], edge)
        for entity_id in expanded:
            self.limits[entity_id] = limit
            (self.truncated.add if subgraph.truncated else self.truncated.discard)(entity_id)
        return len(self.nodes) - before

    def elements(self, sizes: dict[str, float] | None = None) -> dict[str, list[dict[str, Any]]]:
        """The state as Cytoscape elements; ``sizes`` maps entity ids to a size measure (default: degree)."""
        return subgraph_elements(list(self.nodes.values()), list(self.edges.values()), sizes, self.limits)


def subgraph_elements(
    nodes: list[dict[str, Any]],
    edges: list[dict[str, Any]],
    sizes: dict[str, float] | None = None,
    expanded: dict[str, int] | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """Cytoscape elements for entity nodes and fact edges (``store.neighbours`` shapes).

    Node ``label`` is the entity type and edge ``label`` the relation, because st-link-analysis styles
    elements by ``label``; edges whose ends are missing are left out (Cytoscape refuses them).
    """
    measure = sizes if sizes is not None else {n["id"]: n.get("degree") or 0 for n in nodes}
    top = max((measure.get(n["id"], 0) for n in nodes), default=0)
    ids = {n["id"] for n in nodes}
    expanded = expanded or {}
    out_nodes = [
        {"data": {"id": n["id"], "label": n.get("type") or "Entity", "name": n.get("name") or n["id"],
                  "degree": n.get("degree") or 0, "size": node_size(measure.get(n["id"], 0), top),
                  "expanded": n["id"] in expanded}}
        for n in nodes
    ]  # fmt: skip
    out_edges = [
        {"data": {"id": e["key"], "source": e["source"], "target": e["target"], "label": e["relation"],
                  "support": e.get("support") or 0, "first_seen": e.get("first_seen") or "",
                  "last_seen": e.get("last_seen") or ""}}
        for e in edges if e["source"] in ids and e["target"] in ids
    ]  # fmt: skip
    return {"nodes": out_nodes, "edges": out_edges}


def _walk(value: Any, nodes: dict[Any, dict], rels: dict[Any, dict]) -> None:
    """Collect the node and relationship dicts found anywhere in a query result cell."""
    if isinstance(value, dict):
        if "_labels" in value and "_id" in value:
            nodes.setdefault(value["_id"], value)
        elif "_type" in value and "_src" in value:
            rels.setdefault(value["_id"], value)
        else:
            for inner in value.values():
                _walk(inner, nodes, rels)
    elif isinstance(value, list):
        for inner in value:
            _walk(inner, nodes, rels)


def result_elements(rows: list[list[Any]]) -> dict[str, list[dict[str, Any]]] | None:
    """Cytoscape elements for the nodes and relationships in Cypher result rows, or ``None`` if there are none.

    Query results identify nodes by the database's internal ``_id``, so elements use it too.
    """
    nodes: dict[Any, dict] = {}
    rels: dict[Any, dict] = {}
    for row in rows:
        _walk(row, nodes, rels)
    if not nodes:
        return None
    out_nodes = []
    for internal, node in nodes.items():
        labels = node.get("_labels") or []
        label = next((x for x in labels if x != "Entity"), labels[0] if labels else "Node")
        caption = node.get("name") or node.get("title") or node.get("id") or str(internal)
        out_nodes.append({"data": {"id": f"n{internal}", "label": label, "name": str(caption)[:60],
                                   "size": _MIN_SIZE + 6, **({"entity_id": node["id"]} if "id" in node else {})}})
    out_edges = [
        {"data": {"id": f"r{internal}", "source": f"n{r['_src']}", "target": f"n{r['_dst']}", "label": r["_type"]}}
        for internal, r in rels.items() if r["_src"] in nodes and r["_dst"] in nodes
    ]  # fmt: skip
    return {"nodes": out_nodes, "edges": out_edges}
