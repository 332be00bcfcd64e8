"""Each explorer page's logic with Streamlit's AppTest, on small hand-built stores."""

from __future__ import annotations

from explorer.console import READ_ONLY_MESSAGE
from kg.model import Entity, Extraction
from kg.rdf import SPARQL_EXAMPLES
from tests.stores.factories import acquisition, article, fact, muse_launch


def _markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_search_lists_matches_with_type_and_degree(small_store, open_app):
    at = open_app("search")
    at.text_input(key="q").input("Scale").run()
    rows = at.dataframe[0].value
    scale = rows[rows["name"] == "Scale AI"].iloc[0]
    assert (scale["type"], scale["degree"]) == ("Organization", 1)
    assert at.query_params["q"] == "Scale"  # the search is part of the permalink


def test_search_result_button_opens_the_profile(small_store, open_app):
    at = open_app("search", q="Alexandr")
    next(b for b in at.button if b.key == "hit-profile-person:alexandr-wang").click().run()
    assert at.header[0].value == "Alexandr Wang"
    assert at.query_params["page"] == "entity" and at.query_params["entity"] == "person:alexandr-wang"


def test_profile_groups_facts_with_highlighted_evidence(small_store, open_app):
    at = open_app("entity", entity="org:scale-ai")
    assert at.header[0].value == "Scale AI"
    assert [e.label for e in at.expander] == ["← ACQUIRED (1)"]
    text = _markdown(at)
    assert '<mark class="kg-s">Meta</mark> paid $14.3 billion for <mark class="kg-o">Scale AI</mark>' in text
    assert "amount $14.3 billion" in text and "support 1" in text
    assert 'href="https://example.org/a1"' in text and "Title a1" in text and "2026-04-08" in text


def test_profile_of_a_model_shows_open_weights_and_the_wikidata_link(small_store, open_app):
    text = _markdown(open_app("entity", entity="model:muse-spark"))
    assert "**Open weights:** no" in text and "OPEN_WEIGHTS: false" in text
    assert "https://www.wikidata.org/wiki/Q380" in _markdown(open_app("entity", entity="org:meta"))


def _hub(n: int = 8) -> Extraction:
    """An organization that developed ``n`` models, each stated in its own sentence."""
    models = [Entity(f"model:m{i}", f"Model {i}", "AIModel") for i in range(n)]
    sentences = [f"Hub Labs released Model {i}." for i in range(n)]
    art = article("hub", " ".join(sentences))
    hub = Entity("org:hub-labs", "Hub Labs", "Organization")
    facts = [fact(art, hub, "DEVELOPED", m, s) for m, s in zip(models, sentences, strict=True)]
    return Extraction(art, [hub, *models], facts)


def test_graph_expands_a_selected_node_and_shows_more_of_a_truncated_one(small_store, open_app):
    small_store.write_extraction(_hub())
    at = open_app("graph", entity="org:hub-labs", cap="5")
    state = at.session_state["nb_state"]
    assert len(state.nodes) == 6 and "org:hub-labs" in state.truncated  # 5 of its 8 facts, then "show more"
    at.button(key="nb-more").click().run()
    state = at.session_state["nb_state"]
    assert len(state.nodes) == 9 and not state.truncated

    at = open_app("graph", entity="person:alexandr-wang")
    assert set(at.session_state["nb_state"].nodes) == {"person:alexandr-wang", "org:meta-superintelligence-labs"}
    at.selectbox(key="nb_selected").select("org:meta-superintelligence-labs").run()
    at.button(key="nb-expand").click().run()
    nodes = set(at.session_state["nb_state"].nodes)
    assert nodes == {"person:alexandr-wang", "org:meta-superintelligence-labs", "model:muse-spark"}
    assert at.button(key="nb-expand").disabled  # already expanded


def test_graph_filters_by_relation_and_keeps_them_in_the_url(small_store, open_app):
    at = open_app("graph", entity="org:meta-superintelligence-labs", rels="DEVELOPED")
    assert set(at.session_state["nb_state"].nodes) == {"org:meta-superintelligence-labs", "model:muse-spark"}
    assert at.query_params["rels"] == "DEVELOPED" and at.query_params["entity"] == "org:meta-superintelligence-labs"


def test_paths_connect_two_entities_with_evidence(small_store, open_app):
    at = open_app("paths", src="person:alexandr-wang", dst="model:muse-spark")
    assert at.expander[0].label == "Alexandr Wang —LEADS→ Meta Superintelligence Labs —DEVELOPED→ Muse Spark"
    assert '<mark class="kg-o">Muse Spark</mark>' in _markdown(at)
    assert "1 shortest path of 2 facts." in at.success[0].value


def test_paths_report_entities_that_are_not_connected(small_store, open_app):
    at = open_app("paths", src="org:scale-ai", dst="model:gpt-5-4", maxlen="2")
    assert "not connected by 2 facts or fewer" in at.warning[0].value


def test_console_shows_rows_of_a_read_with_parameters(small_store, open_app):
    at = open_app("cypher")
    at.text_area(key="cypher").input("MATCH (o:Organization {name: $name})-[:ACQUIRED]->(t) RETURN t.name AS target")
    at.text_area(key="params").input("name=Meta")
    at.button(key="cy_run").click().run()
    assert list(at.dataframe[0].value["target"]) == ["Scale AI"]
    assert at.query_params["cypher"].startswith("MATCH (o:Organization")


def test_console_refuses_a_write_with_a_clear_message(small_store, open_app):
    at = open_app("cypher", cypher="CREATE (:Organization {id: 'org:evil', name: 'Evil'}) RETURN 1")
    assert at.error[0].value == READ_ONLY_MESSAGE
    assert small_store.query("MATCH (n {id: 'org:evil'}) RETURN count(n)").rows == [[0]]


def test_console_draws_nodes_and_relationships_as_a_graph(small_store, open_app):
    at = open_app("cypher", cypher="MATCH (a:Entity {name: $name})-[r]-(b:Entity) RETURN a, r, b", params="name=Meta")
    assert "As a graph" in [s.value for s in at.subheader]


def test_console_gallery_fills_the_editor(small_store, open_app):
    at = open_app("cypher")
    title = "Who acquired Scale AI, for how much, and where was it said?"
    at.selectbox(key="cy_example").select(title).run()
    assert "ACQUIRED" in at.text_area(key="cypher").value


def test_sparql_rivals_found_through_the_property_hierarchy(small_store, open_app):
    at = open_app("sparql")
    at.selectbox(key="sq_example").select(SPARQL_EXAMPLES[0].title).run()
    at.button(key="sq_run").click().run()
    assert not at.exception and not at.error
    rows = at.dataframe[0].value
    assert "GPT-5.4" in " ".join(str(v) for v in rows.to_numpy().ravel())  # Muse Spark's parity claim is rivalry


def test_sparql_syntax_error_is_one_message(small_store, open_app):
    at = open_app("sparql")
    at.text_area(key="sparql").input("SELECT ?x WHERE { ?x")
    at.button(key="sq_run").click().run()
    assert at.error[0].value.startswith("KG330")


def test_add_articles_previews_then_writes_on_confirmation(small_store, open_app, nlp):
    at = open_app("add")
    at.text_area(key="add_text").input("Nvidia buys Acme Robotics\n\nNvidia has acquired Acme Robotics, a maker of "
                                       "warehouse robots, for $200 million.")  # fmt: skip
    at.button(key="add_extract").click().run()
    relations = at.dataframe[0].value
    assert ("Nvidia", "ACQUIRED", "Acme Robotics") in set(zip(relations["subject"], relations["relation"],
                                                              relations["object"], strict=True))  # fmt: skip
    preview = at.get("html")[0].proto.body
    assert "Acme Robotics" in preview and "<mark" in preview  # displaCy marks the entities in the text
    assert small_store.stats()["nodes"]["Article"] == 2  # nothing written before confirmation
    at.button(key="add_confirm").click().run()
    assert "1 added" in at.success[0].value
    assert small_store.stats()["nodes"]["Article"] == 3


def test_overview_shows_counts_centrality_timeline_and_latest_articles(small_store, open_app):
    at = open_app("overview")
    assert {m.label: m.value for m in at.metric}["Article"] == "2"
    assert "Meta Superintelligence Labs" in list(at.dataframe[0].value["name"])
    assert "Title b1" in _markdown(at)


def test_explorer_works_on_neo4j_through_the_store_alone(neo4j_server, monkeypatch, open_app):
    """The same pages on a real Neo4j: the explorer has no code path of its own for it."""
    from explorer.state import get_store
    from kg.stores import open_store

    monkeypatch.setenv("KG_NEO4J_USER", neo4j_server.user)
    monkeypatch.setenv("KG_NEO4J_PASSWORD", neo4j_server.password)
    monkeypatch.setenv("KG_STORE", neo4j_server.uri)
    with open_store(neo4j_server.uri) as store:
        store.query("MATCH (n) DETACH DELETE n", write=True)
        store.write_extraction(acquisition())
        store.write_extraction(muse_launch())
    try:
        at = open_app("entity", entity="org:scale-ai")
        assert at.header[0].value == "Scale AI"
        assert '<mark class="kg-s">Meta</mark> paid $14.3 billion' in _markdown(at)
        at = open_app("cypher", cypher="CREATE (:Organization {id: 'org:evil'}) RETURN 1")
        assert at.error[0].value == READ_ONLY_MESSAGE  # refused by Neo4j's read transaction
        at = open_app("paths", src="person:alexandr-wang", dst="model:muse-spark", maxlen="3")
        assert not at.warning and "DEVELOPED" in _markdown(at)
    finally:
        get_store(neo4j_server.uri).close()
        get_store.clear()
