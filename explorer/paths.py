"""The Paths page: "why are these two entities connected?", each hop with its evidence."""

from __future__ import annotations

from typing import Any

import streamlit as st

from explorer.elements import subgraph_elements
from explorer.state import get_store, location
from explorer.widgets import entity_picker, evidence_list, graph
from kg.paths import Path, shortest_paths
from kg.stores import GraphStore

__all__ = ["paths_page", "describe_path", "MAX_LENGTH"]

#: The longest path the page searches for (facts).
MAX_LENGTH = 6


def describe_path(path: Path, names: dict[str, str]) -> str:
    """One line: ``A —LEADS→ B ←DEVELOPED— C``, arrows pointing the way each fact points.

    >>> edge = {"source": "b", "target": "a", "relation": "LEADS"}
    >>> describe_path(Path(("a", "b"), (edge,)), {"a": "A", "b": "B"})
    'A ←LEADS— B'
    """
    parts = [names.get(path.nodes[0], path.nodes[0])]
    for here, there, edge in zip(path.nodes[:-1], path.nodes[1:], path.edges, strict=True):
        forward = edge["source"] == here
        parts.append(f"—{edge['relation']}→" if forward else f"←{edge['relation']}—")
        parts.append(names.get(there, there))
    return " ".join(parts)


@st.cache_data(ttl=60, show_spinner="Searching for paths…")
def _paths(where: str, source: str, target: str, max_length: int) -> list[Path]:
    return shortest_paths(get_store(where), source, target, max_length=max_length, limit=10)


def paths_page(store: GraphStore) -> None:
    """Pick two entities; show the shortest paths between them with the evidence of every hop."""
    st.header("Paths")
    st.caption("Why are two entities connected? The shortest chains of facts between them, whichever way "
               "the facts point.")  # fmt: skip
    left, right = st.columns(2)
    with left:
        source = entity_picker(store, "From", "src")
    with right:
        target = entity_picker(store, "To", "dst")
    st.session_state.setdefault("maxlen", 4)
    st.session_state["maxlen"] = min(max(int(st.session_state["maxlen"]), 1), MAX_LENGTH)
    max_length = st.slider("Longest path (facts)", 1, MAX_LENGTH, key="maxlen")
    if not source or not target:
        st.info("Pick two entities.")
        return
    paths = _paths(location(), source, target, max_length)
    names = {n["id"]: n["name"] for n in store.nodes(sorted({i for p in paths for i in p.nodes} | {source, target}))}
    if not paths:
        st.warning(f"{names.get(source, source)} and {names.get(target, target)} are not connected by "
                   f"{max_length} facts or fewer.")  # fmt: skip
        return
    hops = len(paths[0].edges)
    st.success(f"{len(paths)} shortest path{'s' if len(paths) > 1 else ''} of {hops} "
               f"fact{'s' if hops > 1 else ''}.")  # fmt: skip
    evidence = store.evidence(sorted({e["key"] for p in paths for e in p.edges}))
    for i, path in enumerate(paths):
        with st.expander(describe_path(path, names), expanded=i == 0):
            for here, there, edge in zip(path.nodes[:-1], path.nodes[1:], path.edges, strict=True):
                subject, obj = (here, there) if edge["source"] == here else (there, here)
                st.markdown(f"**{names.get(subject, subject)}** {edge['relation']} **{names.get(obj, obj)}** "
                            f"· support {edge.get('support') or '?'}")  # fmt: skip
                evidence_list(evidence.get(edge["key"], []), [names.get(subject, "")], [names.get(obj, "")], limit=2)
    nodes = store.nodes(sorted({i for p in paths for i in p.nodes}))
    edges: dict[str, dict[str, Any]] = {e["key"]: e for p in paths for e in p.edges}
    # A layout that names the query, so a new pair of entities is laid out afresh.
    graph(subgraph_elements(nodes, list(edges.values())), key="paths_graph", actions=False, height=420,
          layout={"name": "breadthfirst", "animate": False, "fit": True, "padding": 30, "directed": False,
                  "query": f"{source} {target} {max_length}"})  # fmt: skip
