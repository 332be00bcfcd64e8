"""The explorer (Streamlit): search, entity profiles, an interactive neighbourhood graph, paths, a read-only
Cypher console, a SPARQL console over the linked-data view, adding articles, and an overview.

Run it with `kg app` (or `streamlit run app.py`); the store comes from KG_STORE / KG_DB (default ./kg-data).
The URL's query parameters carry the current view (``?page=entity&entity=org:scale-ai``), so a view can be
shared and reloaded. The pages live in the ``explorer`` package; this file only wires them together.
"""

from __future__ import annotations

import streamlit as st

from explorer.articles import articles_page
from explorer.console import console_page
from explorer.neighbourhood import graph_page
from explorer.overview import overview_page
from explorer.paths import paths_page
from explorer.search import entity_page, search_page
from explorer.sparql import sparql_page
from explorer.state import PAGES, apply_navigation, get_store, load_url, location, write_url
from explorer.widgets import CSS
from kg.errors import KGError

st.set_page_config(page_title="AI ecosystem knowledge graph", layout="wide")

RENDER = {
    "search": search_page,
    "entity": entity_page,
    "graph": graph_page,
    "paths": paths_page,
    "cypher": console_page,
    "sparql": sparql_page,
    "add": articles_page,
    "overview": overview_page,
}

load_url()
apply_navigation()
st.markdown(CSS, unsafe_allow_html=True)
with st.sidebar:
    st.title("AI ecosystem knowledge graph")
    page = st.radio("Page", list(PAGES), format_func=PAGES.get, key="page")
    st.caption(f"Store: {location()}")

try:
    store = get_store(location())
    RENDER[page](store)
except KGError as exc:
    # One clear message instead of a traceback; the next run tries again (the store may be back).
    st.error(str(exc))
write_url()
