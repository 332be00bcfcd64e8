"""The explorer (Streamlit). For now: open the store once per process, show what it holds, search entities.

Run it with `kg app` (or `streamlit run app.py`); the store comes from KG_STORE / KG_DB (default ./kg-data).
"""

from __future__ import annotations

import atexit

import streamlit as st

from kg.errors import KGError
from kg.examples import EXAMPLES
from kg.stores import default_location, open_store

st.set_page_config(page_title="AI ecosystem knowledge graph", layout="wide")


@st.cache_resource
def get_store(location: str):
    """One store per location and process, shared by every session; released when the process exits."""
    store = open_store(location)
    atexit.register(store.close)
    return store


st.title("AI ecosystem knowledge graph")
try:
    store = get_store(default_location())
    counts = store.stats()
except KGError as exc:
    st.error(str(exc))
    st.stop()

st.caption(f"Store: {default_location()}")
node_cols = st.columns(len(counts["nodes"]))
for col, (label, n) in zip(node_cols, counts["nodes"].items(), strict=True):
    col.metric(label, n)
st.subheader("Facts by relation")
st.bar_chart({k: v for k, v in counts["facts"].items() if v}, horizontal=True)

query = st.text_input("Search entities", placeholder="Scale AI")
if query:
    st.dataframe(store.search(query), hide_index=True)

with st.expander("Example queries"):
    for example in EXAMPLES:
        st.markdown(f"**{example.title}**")
        st.code(example.cypher, language="cypher")
        try:
            result = store.query(example.cypher)
            st.dataframe(result.records(), hide_index=True)
        except KGError as exc:
            st.error(str(exc))
