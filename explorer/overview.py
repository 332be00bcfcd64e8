"""The Overview page: counts, the most central entities, facts over time and the latest articles."""

from __future__ import annotations

import streamlit as st

from explorer.state import get_store, location
from explorer.widgets import nav_button
from kg.analytics import top_entities
from kg.stores import GraphStore

__all__ = ["overview_page"]


@st.cache_data(ttl=120, show_spinner="Ranking entities…")
def _top(where: str, measure: str, n: int = 15) -> list[dict[str, object]]:
    """The most central entities; the whole graph is loaded for this, so it is cached for a while."""
    return top_entities(get_store(where).to_networkx(), measure, n)


def overview_page(store: GraphStore) -> None:
    """What the graph holds."""
    st.header("Overview")
    counts = store.stats()
    cols = st.columns(len(counts["nodes"]))
    for col, (label, n) in zip(cols, counts["nodes"].items(), strict=True):
        col.metric(label, n)
    left, right = st.columns(2)
    with left:
        st.subheader("Facts by relation")
        facts = {k: v for k, v in counts["facts"].items() if v}
        if facts:
            st.bar_chart(facts, horizontal=True)
        else:
            st.caption("No facts yet: add articles.")
    with right:
        st.subheader("Most central entities")
        measure = st.radio("Rank by", ["pagerank", "degree"], horizontal=True, key="ov_measure")
        top = _top(location(), measure)
        st.dataframe([{"name": e["name"], "type": e["type"], measure: round(float(e["score"]), 4)} for e in top],
                     hide_index=True)  # fmt: skip
        if top:
            nav_button(f"Open {top[0]['name']}", "entity", key="ov-top", entity=top[0]["id"])
    timeline = store.fact_timeline()
    st.subheader("Evidence over time (by article month)")
    if timeline:
        st.bar_chart({"month": [m for m, _ in timeline], "evidence": [n for _, n in timeline]}, x="month",
                     y="evidence")  # fmt: skip
    st.subheader("Latest articles")
    for article in store.latest_articles(10):
        title = article["title"] or article["id"]
        link = f"[{title}]({article['url']})" if article.get("url") else title
        st.markdown(f"- {article['date'] or '?'} · {link}")
