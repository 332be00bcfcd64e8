"""The Neighbourhood graph page: an interactive graph that grows as you expand nodes.

The accumulated nodes and edges live in session state (a :class:`~explorer.elements.GraphState`), and
the component keeps one key, so positions stay put across reruns. Changing the centre or a filter starts
the graph again from the centre.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from explorer.elements import GraphState
from explorer.state import get_store, location
from explorer.widgets import BIG_GRAPH, RELATIONS, entity_picker, graph, legend, nav_button
from kg.analytics import pagerank
from kg.stores import GraphStore

__all__ = ["graph_page", "expand", "DEFAULT_CAP"]

#: Facts fetched per expansion before "show more".
DEFAULT_CAP = 25
_MAX_CAP = 2000
_STATE, _SIG, _EVENT, _SELECTED = "nb_state", "nb_sig", "nb_event", "nb_selected"


@st.cache_data(ttl=300, show_spinner="Computing PageRank over the whole graph…")
def _pagerank(where: str) -> dict[str, float]:
    """PageRank of every entity (loads the whole graph, so only when asked for, and cached)."""
    return pagerank(get_store(where).to_networkx())


def _layout(state: GraphState) -> dict[str, Any]:
    # Changing this dict is what makes the component run its layout again; the component's own expand
    # action lays out the new nodes itself (around the fixed expanded node) without it.
    if len(state.nodes) > BIG_GRAPH:
        # A force layout of thousands of nodes runs for seconds in the browser and leaves a hairball;
        # rings by degree are instant and keep the graph responsive (benchmarks/explorer.py --browser).
        return {"name": "concentric", "animate": False, "fit": True, "minNodeSpacing": 4, "runs": state.layout_runs}
    return {"name": "fcose", "animate": False, "fit": True, "padding": 20, "nodeDimensionsIncludeLabels": True,
            "randomize": state.layout_runs == 0, "quality": "default", "runs": state.layout_runs}  # fmt: skip


def expand(store: GraphStore, state: GraphState, ids: list[str], limit: int, filters: dict[str, Any]) -> int:
    """Fetch up to ``limit`` facts around ``ids`` into ``state``; returns the number of new nodes."""
    return state.merge(store.neighbours(ids, limit=limit, **filters), ids, limit)


def _date_filter(store: GraphStore) -> tuple[str | None, str | None]:
    """A slider over the evidence dates present; returns the chosen range (``None`` = unbounded)."""
    low, high = store.date_range()
    if not low or not high or low >= high:
        return None, None
    lo, hi = dt.date.fromisoformat(low[:10]), dt.date.fromisoformat(high[:10])
    if "_dates" not in st.session_state:
        start = _parse_date(st.session_state.get("from"), lo, hi) or lo
        end = _parse_date(st.session_state.get("to"), lo, hi) or hi
        st.session_state["_dates"] = (start, end)
    start, end = st.slider("Evidence dates", min_value=lo, max_value=hi, key="_dates", format="YYYY-MM-DD")
    st.session_state["from"] = start.isoformat() if start > lo else None
    st.session_state["to"] = end.isoformat() if end < hi else None
    return st.session_state["from"], st.session_state["to"]


def _parse_date(value: str | None, lo: dt.date, hi: dt.date) -> dt.date | None:
    try:
        return min(max(dt.date.fromisoformat(value), lo), hi) if value else None
    except ValueError:
        return None


def graph_page(store: GraphStore) -> None:
    """Draw the neighbourhood of the chosen entity and handle clicks, expansions and "show more"."""
    st.header("Neighbourhood graph")
    focus = entity_picker(store, "Centre on", "entity")
    # Defaults through session state, not value=, since permalinks set the same keys.
    for key, default in (("depth", 1), ("cap", DEFAULT_CAP), ("size", "degree")):
        st.session_state.setdefault(key, default)
    st.session_state["rels"] = [r for r in st.session_state.get("rels") or [] if r in RELATIONS]
    st.session_state["depth"] = min(max(int(st.session_state["depth"]), 1), 2)
    st.session_state["cap"] = min(max(int(st.session_state["cap"]), 5), _MAX_CAP)
    if st.session_state["size"] not in ("degree", "pagerank"):
        st.session_state["size"] = "degree"
    with st.sidebar:
        st.subheader("Graph")
        depth = st.slider("Depth", 1, 2, key="depth")
        relations = st.multiselect("Relations", RELATIONS, key="rels", placeholder="all relations")
        date_from, date_to = _date_filter(store)
        size_by = st.radio("Size by", ["degree", "pagerank"], key="size", horizontal=True)
        cap = int(st.number_input("Facts per expansion", 5, _MAX_CAP, key="cap"))
    if not focus:
        st.info("Type a name to centre the graph on an entity.")
        return
    filters = {"relations": relations or None, "date_from": date_from, "date_to": date_to}
    signature = (focus, depth, tuple(relations), date_from, date_to, cap)
    state: GraphState | None = st.session_state.get(_STATE)
    if state is None or st.session_state.get(_SIG) != signature:
        state = GraphState()
        expand(store, state, [focus], cap, filters)
        if depth > 1:
            frontier = sorted(set(state.nodes) - {focus})
            if frontier:
                expand(store, state, frontier, min(cap * len(frontier), _MAX_CAP), filters)
        state.layout_runs += 1 if st.session_state.get(_SIG) is not None else 0
        st.session_state[_STATE], st.session_state[_SIG] = state, signature
        st.session_state[_SELECTED] = focus

    sizes = None
    if size_by == "pagerank":
        scores = _pagerank(location())
        sizes = {n: scores.get(n, 0.0) for n in state.nodes}
    left, right = st.columns([3, 1])
    with left:
        legend()
        event = graph(state.elements(sizes), key="nb_graph", layout=_layout(state))
        st.caption(f"{len(state.nodes)} nodes · {len(state.edges)} facts. Click a node to select it; double-click "
                   "it (or select it and use the expand button at the top left) to add its neighbours.")  # fmt: skip
    if event and event.get("timestamp") != st.session_state.get(_EVENT):
        st.session_state[_EVENT] = event.get("timestamp")
        data = event.get("data") or {}
        if event.get("action") == "expand" and data.get("node_ids"):
            node = str(data["node_ids"][0])
            expand(store, state, [node], state.limits.get(node, cap), filters)
            st.session_state[_SELECTED] = node
            st.rerun()  # the component gets the new elements and lays them out around the node
        elif event.get("action") == "select_node" and data.get("target_id") in state.nodes:
            st.session_state[_SELECTED] = data["target_id"]
    with right:
        _side_panel(store, state, filters, cap)


def _side_panel(store: GraphStore, state: GraphState, filters: dict[str, Any], cap: int) -> None:
    names = {i: n.get("name") or i for i, n in state.nodes.items()}
    options = sorted(names, key=lambda i: names[i].lower())
    if st.session_state.get(_SELECTED) not in names:
        st.session_state[_SELECTED] = options[0]
    selected = st.selectbox("Selected node", options, key=_SELECTED, format_func=names.get)
    node = state.nodes[selected]
    st.markdown(f"**{node['name']}** · {node['type']} · {node['degree']} facts")
    shown = state.limits.get(selected)
    if st.button("Expand", key="nb-expand", disabled=shown is not None, help="Add this node's neighbours"):
        expand(store, state, [selected], cap, filters)
        state.layout_runs += 1
        st.rerun()
    if selected in state.truncated:
        st.caption(f"Showing {shown} of its facts (strongest support first).")
        if st.button(f"Show {cap} more", key="nb-more"):
            expand(store, state, [selected], min(shown + cap, _MAX_CAP * 10), filters)
            state.layout_runs += 1
            st.rerun()
    nav_button("Open profile", "entity", key="nb-profile", entity=selected)
    if selected != st.session_state.get("entity"):
        nav_button("Centre the graph here", "graph", key="nb-centre", entity=selected)
