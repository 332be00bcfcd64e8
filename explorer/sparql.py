"""The SPARQL console: the graph as linked data (with the ontology's property hierarchy), queried with rdflib.

The rdflib graph is built from the store once per session (it reads the whole store) and rebuilt on request,
so a session sees new articles after "Rebuild". SPARQL here is read-only by construction: rdflib parses
queries, not updates.
"""

from __future__ import annotations

import time
from typing import Any

import streamlit as st

from explorer.widgets import result_table
from kg.errors import KGError
from kg.rdf import SPARQL_EXAMPLES, build_graph, run_sparql
from kg.stores import GraphStore

__all__ = ["sparql_page", "GALLERY"]

#: Example title -> query (from kg.rdf, with answers tested there).
GALLERY: dict[str, str] = {example.title: example.query for example in SPARQL_EXAMPLES}
_OWN = "(your own query)"
_GRAPH, _RESULT = "sq_graph", "sq_result"


def _use_example() -> None:
    title = st.session_state.get("sq_example")
    if title in GALLERY:
        st.session_state["sparql"] = GALLERY[title]


def _graph(store: GraphStore, rebuild: bool):
    """The session's rdflib graph of the store, built on first use or when asked."""
    if rebuild or _GRAPH not in st.session_state:
        with st.spinner("Reading the store into RDF..."):
            st.session_state[_GRAPH] = build_graph(store)
    return st.session_state[_GRAPH]


def _run(store: GraphStore, query: str, limit: int, rebuild: bool) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        result = run_sparql(None, query, graph=_graph(store, rebuild), limit=limit)
    except KGError as exc:
        return {"error": str(exc)}
    return {"columns": result.columns, "rows": result.rows, "truncated": result.truncated,
            "ms": (time.perf_counter() - started) * 1000}  # fmt: skip


def sparql_page(store: GraphStore) -> None:
    """Draw the SPARQL console: example gallery, editor, row limit, results with CSV and JSON downloads."""
    st.header("SPARQL console")
    st.caption("The graph as RDF with the ontology (`kg:` = https://w3id.org/ai-kg/): sub-properties are "
               "materialised, so `kg:competesWith` also finds parity and outperformance claims.")  # fmt: skip
    st.selectbox("Example queries", [_OWN, *GALLERY], key="sq_example", on_change=_use_example)
    st.session_state.setdefault("sparql", "")
    query = st.text_area("SPARQL (read-only)", key="sparql", height=180,
                         placeholder="SELECT ?m WHERE { ?m a kg:AIModel }")  # fmt: skip
    limit_col, rebuild_col, run_col = st.columns([2, 2, 1], vertical_alignment="bottom")
    limit = int(limit_col.number_input("Row limit", 1, 10_000, 1000, step=100, key="sq_limit"))
    rebuild = rebuild_col.checkbox("Rebuild from the store", key="sq_rebuild",
                                   help="Read the store again (new articles since this session began).")  # fmt: skip
    if run_col.button("Run", type="primary", key="sq_run") and query.strip():
        st.session_state[_RESULT] = _run(store, query, limit, rebuild)
    outcome = st.session_state.get(_RESULT)
    if not outcome:
        return
    if "error" in outcome:
        st.error(outcome["error"])
        return
    result_table(outcome, key="sq", filename="sparql")
