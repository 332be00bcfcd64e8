"""Widgets several pages share: the graph component, the type legend, entity pickers, evidence lists."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import streamlit as st
from st_link_analysis import EdgeStyle, Event, NodeStyle, st_link_analysis

from explorer.cypher import table_rows, to_csv, to_json
from explorer.elements import TYPE_COLOURS, TYPE_ICONS
from explorer.spans import highlight
from explorer.state import go
from kg.errors import KGError
from kg.stores import GraphStore

__all__ = ["BIG_GRAPH", "graph", "legend", "entity_picker", "evidence_list", "nav_button", "on_error", "CSS",
           "RELATIONS"]

#: Fact relation types, in the schema's order (the literal ones are node properties, not edges).
RELATIONS = ("ACQUIRED", "INVESTED_IN", "PARTNERED_WITH", "SUBSIDIARY_OF", "FOUNDED_BY", "LEADS", "EMPLOYED_BY",
             "DEVELOPED", "COMPETES_WITH", "OUTPERFORMS", "PARITY_WITH", "AVAILABLE_VIA", "BASED_ON")  # fmt: skip
#: Above this many nodes the graph is drawn plainly (see ``_styles``).
BIG_GRAPH = 400
_SYMMETRIC = {"PARTNERED_WITH", "COMPETES_WITH", "PARITY_WITH"}

CSS = """
<style>
mark.kg-s { background: #FFE08A; padding: 0 .15em; border-radius: .2em; }
mark.kg-o { background: #A8E6CF; padding: 0 .15em; border-radius: .2em; }
.kg-chip { display: inline-block; padding: .05em .6em; margin-right: .4em; border-radius: 1em; color: white;
           font-size: .85em; }
.kg-ev { margin: .1em 0 .5em 1em; font-size: .95em; }
.kg-meta { color: #666; font-size: .85em; }
</style>
"""


class _SizeStyle:
    """Node size from the ``size`` data field (st-link-analysis's NodeStyle only sets colour and caption)."""

    def dump(self) -> dict[str, Any]:
        return {"selector": "node", "style": {"width": "data(size)", "height": "data(size)", "font-size": 6}}


class _EdgeFont:
    def dump(self) -> dict[str, Any]:
        # Readable relation labels once zoomed in a little (the component hides text under 10 px by default).
        return {"selector": "edge", "style": {"font-size": 5, "min-zoomed-font-size": 7}}


def _styles(node_labels: set[str], edge_labels: set[str], big: bool) -> tuple[list[Any], list[Any]]:
    # On big graphs, icons and curved edges cost more drawing time than they add: plain discs, straight
    # "haystack" edges (the fastest Cytoscape draws).
    nodes: list[Any] = [_SizeStyle()]
    nodes += [NodeStyle(label, TYPE_COLOURS.get(label, TYPE_COLOURS["Entity"]), "name",
                        None if big else TYPE_ICONS.get(label)) for label in sorted(node_labels)]  # fmt: skip
    edges: list[Any] = [_EdgeFont()]
    # labeled=None: st-link-analysis 0.4.0 warns about its own default (False) for that deprecated flag.
    edges += [EdgeStyle(label, caption="label", directed=label not in _SYMMETRIC, labeled=None,
                        curve_style="haystack" if big else None) for label in sorted(edge_labels)]  # fmt: skip
    return nodes, edges


def graph(elements: dict[str, list], *, key: str, layout: dict[str, Any], height: int = 560,
          actions: bool = True) -> dict[str, Any] | None:  # fmt: skip
    """Draw elements with st-link-analysis; returns the last event (a click or an expand) or ``None``.

    The key must stay the same across runs: it keeps the component mounted, so node positions stay put
    and the layout runs only when ``layout`` changes or the component's own expand action adds nodes.
    """
    node_styles, edge_styles = _styles({n["data"]["label"] for n in elements["nodes"]},
                                       {e["data"]["label"] for e in elements["edges"]},
                                       len(elements["nodes"]) > BIG_GRAPH)  # fmt: skip
    return st_link_analysis(
        elements,
        layout=layout,
        node_styles=node_styles,
        edge_styles=edge_styles,
        height=height,
        key=key,
        node_actions=["expand"] if actions else [],
        events=[Event("select_node", "tap", "node")],
    )


def legend(types: list[str] | None = None) -> None:
    """Colour chips for the entity types."""
    chips = "".join(f'<span class="kg-chip" style="background:{TYPE_COLOURS[t]}">{t}</span>'
                    for t in (types or [t for t in TYPE_COLOURS if t != "Entity"]))  # fmt: skip
    st.markdown(chips, unsafe_allow_html=True)


def _label(hit: dict[str, Any]) -> str:
    return f"{hit['name']} ({hit['type']}, {hit['degree']} facts)"


def entity_picker(store: GraphStore, label: str, key: str) -> str | None:
    """Pick an entity by name: a text box, then the best full-text matches; the id goes to ``state[key]``.

    The chosen id lives in session state under ``key`` (a permalink value), the typed text under
    ``key + "_text"``.
    """
    chosen = st.session_state.get(key)
    text_key = f"{key}_text"
    if text_key not in st.session_state and chosen:
        known = store.entity(chosen)
        st.session_state[text_key] = known["name"] if known else chosen
    text = st.text_input(label, key=text_key, placeholder="Alexandr Wang")
    if not text.strip():
        st.session_state[key] = None
        return None
    hits = store.search(text, limit=10)
    if not hits:
        st.caption(f"No entity matches {text!r}.")
        st.session_state[key] = None
        return None
    options = {h["id"]: _label(h) for h in hits}
    index = list(options).index(chosen) if chosen in options else 0
    picked = st.selectbox(f"{label}: match", list(options), index=index, format_func=options.get,
                          key=f"{key}_pick", label_visibility="collapsed")  # fmt: skip
    st.session_state[key] = picked
    return picked


def evidence_list(records: list[dict[str, Any]], subject_terms: list[str], object_terms: list[str],
                  limit: int = 5) -> None:  # fmt: skip
    """Evidence sentences with both ends highlighted, each with its article (as a link) and date."""
    lines = []
    for ev in records[:limit]:
        sentence = highlight(ev.get("sentence") or "", [*subject_terms, ev.get("subject") or ""],
                             [*object_terms, ev.get("object") or ""])  # fmt: skip
        title = _escape_md(ev.get("title") or ev.get("article_id") or "article")
        link = f'<a href="{_attr(ev["url"])}" target="_blank">{title}</a>' if ev.get("url") else title
        lines.append(f'<div class="kg-ev">“{sentence}”<br><span class="kg-meta">{link} · {ev.get("date") or "?"}'
                     f' · rule {_escape_md(ev.get("rule") or "?")}</span></div>')  # fmt: skip
    if len(records) > limit:
        lines.append(f'<div class="kg-meta kg-ev">and {len(records) - limit} more sentences</div>')
    st.markdown("".join(lines), unsafe_allow_html=True)


def _escape_md(text: str) -> str:
    return html.escape(str(text))


def _attr(url: str) -> str:
    return html.escape(url if url.startswith(("http://", "https://")) else "#", quote=True)


def nav_button(label: str, page: str, key: str, help: str | None = None, **values: Any) -> None:
    """A button that opens ``page`` with ``values`` on the next run."""
    st.button(label, key=key, on_click=go, args=(page,), kwargs=values, help=help)


def on_error(run: Callable[[], Any]) -> Any:
    """Run ``run``; a ``KGError`` becomes one error message on the page instead of a traceback."""
    try:
        return run()
    except KGError as exc:
        st.error(str(exc))
        return None


def result_table(outcome: dict[str, Any], *, key: str, filename: str) -> None:
    """A query console's result: row count and time, the table, and CSV and JSON downloads."""
    columns, rows = outcome["columns"], outcome["rows"]
    note = " (cut at the row limit)" if outcome["truncated"] else ""
    st.caption(f"{len(rows)} rows{note} in {outcome['ms']:.0f} ms")
    st.dataframe(table_rows(columns, rows), hide_index=True)
    csv_col, json_col = st.columns(2)
    csv_col.download_button("Download CSV", to_csv(columns, rows), f"{filename}.csv", "text/csv", key=f"{key}_csv")
    json_col.download_button("Download JSON", to_json(columns, rows), f"{filename}.json", "application/json",
                             key=f"{key}_json")  # fmt: skip
