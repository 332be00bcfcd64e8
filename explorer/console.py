"""The Cypher console: an editor with an example gallery, parameters, a timeout and a row limit.

Read-only by construction: queries go through ``store.query`` without ``write``, which the server runs as
a read-only query and refuses if it writes. Nothing here inspects the query text.
"""

from __future__ import annotations

import time
from typing import Any

import streamlit as st

from explorer.cypher import GALLERY, parse_params
from explorer.elements import result_elements
from explorer.widgets import graph, result_table
from kg.errors import KGError, ReadOnlyQuery
from kg.stores import GraphStore

__all__ = ["console_page", "READ_ONLY_MESSAGE"]

READ_ONLY_MESSAGE = ("Refused: this console is read-only, and the store refused this query because it would "
                     "change the graph. To change the graph, add articles (or use `kg query --write`).")  # fmt: skip
_OWN = "(your own query)"
_RESULT = "cy_result"


def _use_example() -> None:
    """Gallery callback: put the chosen example into the editor."""
    title = st.session_state.get("cy_example")
    if title in GALLERY:
        st.session_state["cypher"], st.session_state["params"] = GALLERY[title]


def _run(store: GraphStore, cypher: str, params_text: str, timeout_ms: int, limit: int) -> dict[str, Any]:
    """Run the query; the outcome (rows or one error message) as a dict kept in session state."""
    started = time.perf_counter()
    try:
        result = store.query(cypher, parse_params(params_text), timeout_ms=timeout_ms, limit=limit)
    except ReadOnlyQuery:
        return {"error": READ_ONLY_MESSAGE, "query": cypher}
    except KGError as exc:
        return {"error": str(exc), "query": cypher}
    return {"columns": result.columns, "rows": result.rows, "truncated": result.truncated, "query": cypher,
            "ms": (time.perf_counter() - started) * 1000}  # fmt: skip


def console_page(store: GraphStore) -> None:
    """Draw the console and the last result: a table, a graph when it holds nodes, CSV and JSON downloads."""
    st.header("Cypher console")
    st.selectbox("Example queries", [_OWN, *GALLERY], key="cy_example", on_change=_use_example)
    st.session_state.setdefault("cypher", "")
    st.session_state.setdefault("params", "")
    cypher = st.text_area("Cypher (read-only)", key="cypher", height=140,
                          placeholder="MATCH (o:Organization)-[:ACQUIRED]->(t) RETURN o.name, t.name")  # fmt: skip
    params = st.text_area("Parameters: one KEY=VALUE per line, values as JSON (strings may be bare)",
                          key="params", height=68, placeholder="name=Meta")  # fmt: skip
    timeout_col, limit_col, run_col = st.columns([2, 2, 1], vertical_alignment="bottom")
    timeout_ms = int(timeout_col.number_input("Timeout (ms)", 100, 300_000, 10_000, step=1000, key="cy_timeout"))
    limit = int(limit_col.number_input("Row limit", 1, 10_000, 1000, step=100, key="cy_limit"))
    clicked = run_col.button("Run", type="primary", key="cy_run")
    # A permalink carries the query: run it once when the page opens with one.
    first_visit = not st.session_state.get("cy_visited")
    st.session_state["cy_visited"] = True
    if cypher.strip() and (clicked or (first_visit and _RESULT not in st.session_state)):
        st.session_state[_RESULT] = _run(store, cypher, params, timeout_ms, limit)
    outcome = st.session_state.get(_RESULT)
    if outcome:
        _show(outcome)


def _show(outcome: dict[str, Any]) -> None:
    if "error" in outcome:
        st.error(outcome["error"])
        return
    result_table(outcome, key="cy", filename="query")
    rows = outcome["rows"]
    elements = result_elements(rows)
    if elements:
        st.subheader("As a graph")
        graph(elements, key="cy_graph", actions=False, height=460,
              layout={"name": "fcose", "animate": False, "fit": True, "padding": 20, "query": outcome["query"]})
