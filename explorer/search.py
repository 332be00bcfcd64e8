"""The Search page (type-ahead and a results table) and the Entity profile page."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import streamlit as st
from streamlit_searchbox import st_searchbox

from explorer.elements import TYPE_COLOURS
from explorer.state import go
from explorer.widgets import entity_picker, evidence_list, nav_button
from kg.errors import KGError
from kg.stores import GraphStore

__all__ = ["search_page", "entity_page"]

#: Facts shown per relation group on a profile; the rest are counted (the graph and Cypher show them all).
FACTS_PER_GROUP = 30
_ARROWS = {"out": "{rel} →", "in": "← {rel}", "both": "{rel} ↔"}
_QUALIFIERS = ("amount", "date", "role", "status")


def _typeahead(store: GraphStore, term: str) -> list[tuple[str, str]]:
    """Suggestions for the type-ahead box: ``(label, entity id)``."""
    if not term or not term.strip():
        return []
    try:
        hits = store.search(term, limit=10)
    except KGError:
        return []  # a suggestion list is no place for an error; the results table below shows it
    return [(f"{h['name']} · {h['type']} · {h['degree']} facts", h["id"]) for h in hits]


def search_page(store: GraphStore) -> None:
    """Search entity names and aliases (the store's full-text index), with type and degree."""
    st.header("Search")
    st_searchbox(
        lambda term: _typeahead(store, term),
        placeholder="Type a name or alias, pick a suggestion to open its profile",
        label="Jump to an entity",
        key="typeahead",
        clear_on_submit=True,
        submit_function=lambda entity_id: go("entity", entity=entity_id),
    )
    query = st.text_input("Search names and aliases", key="q", placeholder="Scale AI")
    if not query.strip():
        st.caption("Search by prefix: “sca” finds Scale AI. Nothing else is loaded until you ask.")
        return
    hits = store.search(query, limit=50)
    if not hits:
        st.info(f"No entity matches {query!r}.")
        return
    st.dataframe(
        [{"name": h["name"], "type": h["type"], "degree": h["degree"], "aliases": ", ".join(h["aliases"]),
          "id": h["id"]} for h in hits],
        hide_index=True,
    )  # fmt: skip
    st.caption("Open a profile or a neighbourhood:")
    for h in hits[:10]:
        left, mid, right = st.columns([4, 1, 1])
        left.markdown(f"**{h['name']}** · {h['type']} · {h['degree']} facts")
        with mid:
            nav_button("Profile", "entity", key=f"hit-profile-{h['id']}", entity=h["id"])
        with right:
            nav_button("Graph", "graph", key=f"hit-graph-{h['id']}", entity=h["id"])


def _qualifiers(fact: dict[str, Any]) -> str:
    parts = [f"{q} {fact[q]}" for q in _QUALIFIERS if fact.get(q)]
    if fact.get("hedged"):
        parts.append("hedged")
    return " · ".join(parts)


def entity_page(store: GraphStore) -> None:
    """One entity: type, aliases, Wikidata, model facts, and every fact by relation with its evidence."""
    entity_id = entity_picker(store, "Entity", "entity")
    if not entity_id:
        st.info("Type a name to open an entity's profile.")
        return
    entity = store.entity(entity_id)
    if entity is None:
        st.warning(f"No entity with id {entity_id!r} in the store.")
        return
    colour = TYPE_COLOURS.get(entity["type"], TYPE_COLOURS["Entity"])
    st.header(entity["name"])
    details = [f'<span class="kg-chip" style="background:{colour}">{entity["type"]}</span>',
               f'<span class="kg-meta">{entity["id"]} · {entity["degree"]} facts</span>']  # fmt: skip
    st.markdown(" ".join(details), unsafe_allow_html=True)
    if entity["aliases"]:
        st.markdown("**Also known as:** " + ", ".join(entity["aliases"]))
    if entity.get("wikidata"):
        qid = entity["wikidata"]
        st.markdown(f"**Wikidata:** [{qid}](https://www.wikidata.org/wiki/{qid})")
    if entity["type"] == "AIModel":
        weights = {True: "yes", False: "no"}.get(entity.get("open_weights"), "not stated")
        st.markdown(f"**Open weights:** {weights} · **Licence:** {entity.get('license') or 'not stated'}")
    buttons = st.columns(3)
    with buttons[0]:
        nav_button("Neighbourhood graph", "graph", key="profile-graph", entity=entity_id)
    with buttons[1]:
        nav_button("Find paths from here", "paths", key="profile-paths", src=entity_id, src_for=None)

    facts = store.facts(entity_id)
    if not facts:
        st.info("No facts about this entity yet.")
        return
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for fact in facts:
        groups[(fact["relation"], fact["direction"])].append(fact)
    shown = [f for group in groups.values() for f in group[:FACTS_PER_GROUP]]
    evidence = store.evidence([f["key"] for f in shown])
    own_terms = [entity["name"], *entity["aliases"]]
    st.subheader(f"Facts ({len(facts)})")
    for (relation, direction), group in sorted(groups.items()):
        title = _ARROWS[direction].format(rel=relation)
        with st.expander(f"{title} ({len(group)})", expanded=len(groups) <= 6):
            for fact in group[:FACTS_PER_GROUP]:
                _fact(fact, entity, own_terms, evidence.get(fact["key"], []))
            if len(group) > FACTS_PER_GROUP:
                st.caption(f"and {len(group) - FACTS_PER_GROUP} more: see the neighbourhood graph or the console.")


def _fact(fact: dict[str, Any], entity: dict[str, Any], own_terms: list[str], records: list[dict[str, Any]]) -> None:
    other = fact.get("other")
    support = f"support {fact['support']}" if fact.get("support") else ""
    seen = f"first seen {fact['first_seen']}" if fact.get("first_seen") else ""
    meta = " · ".join(x for x in (support, seen, _qualifiers(fact)) if x)
    if other is None:  # a literal fact: OPEN_WEIGHTS or LICENSED_UNDER
        st.markdown(f"**{fact['relation']}: {fact.get('value')}**  \n{meta}")
        evidence_list(records, own_terms, [str(fact.get("value") or "")])
        return
    left, right = st.columns([5, 1])
    left.markdown(f"**{other['name']}** ({other['type']})  \n<span class='kg-meta'>{meta}</span>",
                  unsafe_allow_html=True)  # fmt: skip
    with right:
        nav_button("Open", "entity", key=f"open-{fact['key']}-{entity['id']}", help=f"Profile of {other['name']}",
                   entity=other["id"])  # fmt: skip
    subject_terms, object_terms = (own_terms, [other["name"]])
    if fact["direction"] == "in":
        subject_terms, object_terms = object_terms, subject_terms
    evidence_list(records, subject_terms, object_terms)
