"""The explorer's shared state: the store (one per process), page navigation and permalinks.

The URL's query parameters carry the current view. They are read once per session (so a shared link
opens the same view) and rewritten at the end of every run from the session state.
"""

from __future__ import annotations

import atexit
from typing import Any

import streamlit as st

from kg.stores import GraphStore, default_location, open_store

__all__ = ["PAGES", "URL_KEYS", "get_store", "location", "go", "apply_navigation", "load_url", "write_url"]

#: Page slug (as in the URL) -> title shown in the sidebar.
PAGES: dict[str, str] = {
    "search": "Search",
    "entity": "Entity profile",
    "graph": "Neighbourhood graph",
    "paths": "Paths",
    "cypher": "Cypher console",
    "sparql": "SPARQL console",
    "add": "Add articles",
    "overview": "Overview",
}

#: The URL parameters of each page (besides ``page``), each also a session-state key.
URL_KEYS: dict[str, tuple[str, ...]] = {
    "search": ("q",),
    "entity": ("entity",),
    "graph": ("entity", "depth", "rels", "from", "to", "size", "cap"),
    "paths": ("src", "dst", "maxlen"),
    "cypher": ("cypher", "params"),
    "sparql": ("sparql",),
    "add": (),
    "overview": (),
}
_LIST_KEYS = {"rels"}
_INT_KEYS = {"depth", "maxlen", "cap"}
#: Session keys kept across pages: Streamlit drops a widget's state on runs that do not draw it.
_PERSISTENT = {k for keys in URL_KEYS.values() for k in keys}


@st.cache_resource
def get_store(where: str) -> GraphStore:
    """One store per location and process, shared by every session; released when the process exits."""
    store = open_store(where)
    atexit.register(store.close)
    return store


def location() -> str:
    """Where the store is: ``KG_STORE``, else ``KG_DB`` (``kg app --db``), else ``./kg-data``."""
    return default_location()


def go(page: str, **values: Any) -> None:
    """Ask for another page (and view values) on the next run; safe to call from widget callbacks."""
    st.session_state["_nav"] = (page, values)


def apply_navigation() -> None:
    """Apply a pending :func:`go` before any widget is drawn (a drawn widget's value cannot be set)."""
    st.session_state.setdefault("page", "search")
    for key in _PERSISTENT:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]  # keeps widget state alive across pages
    nav = st.session_state.pop("_nav", None)
    if nav:
        page, values = nav
        st.session_state["page"] = page
        for key, value in values.items():
            st.session_state[key] = value


def load_url() -> None:
    """Read the view from the URL's query parameters, once per session."""
    if st.session_state.get("_url_loaded"):
        return
    st.session_state["_url_loaded"] = True
    params = st.query_params
    page = params.get("page", "search")
    st.session_state["page"] = page if page in PAGES else "search"
    for key in _PERSISTENT:
        if key not in params:
            continue
        value: Any = params.get_all(key) if key in _LIST_KEYS else params.get(key)
        if key in _LIST_KEYS:
            value = [v for item in value for v in item.split(",") if v]
        elif key in _INT_KEYS:
            try:
                value = int(value)
            except ValueError:
                continue  # a hand-edited URL: keep the default
        st.session_state[key] = value


def write_url() -> None:
    """Put the current page's view into the URL, so it can be shared and reloaded."""
    page = st.session_state.get("page", "search")
    out: dict[str, Any] = {"page": page}
    for key in URL_KEYS.get(page, ()):
        value = st.session_state.get(key)
        if value in (None, "", []):
            continue
        out[key] = ",".join(value) if key in _LIST_KEYS else str(value)
    if dict(st.query_params) != out:
        st.query_params.from_dict(out)
