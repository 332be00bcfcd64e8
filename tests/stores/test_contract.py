"""The store contract: every backend must pass these, unchanged."""

from __future__ import annotations

import pytest

from kg.errors import NotFound, QueryError, ReadOnlyQuery
from tests.stores.factories import acquisition, muse_launch

ACQUISITION_WITH_EVIDENCE = (
    "MATCH (m:Organization {name: 'Meta'})-[r:ACQUIRED]->(s:Organization) "
    "MATCH (ev:Evidence {fact: r.key})-[:STATED_IN]->(a:Article) "
    "RETURN s.name, r.amount, r.support, ev.sentence, ev.start, ev.end, a.id ORDER BY a.id"
)


def _snapshot(store) -> tuple:
    """Everything a re-ingest must leave untouched."""
    nodes = store.query("MATCH (n) RETURN labels(n), properties(n) ORDER BY n.id").rows
    edges = store.query(
        "MATCH (s)-[r]->(o) RETURN s.id, type(r), o.id, properties(r) ORDER BY s.id, type(r), o.id"
    ).rows
    return str(nodes), str(edges)


def test_store_write_fact_with_evidence(store):
    store.write_extraction(acquisition("a1"))
    rows = store.query(ACQUISITION_WITH_EVIDENCE).rows
    assert rows == [["Scale AI", "$14.3 billion", 1, "Meta paid $14.3 billion for Scale AI.", 0, 37, "a1"]]


def test_store_evidence_offsets_point_into_the_article(store):
    extraction = acquisition("a1")
    store.write_extraction(extraction)
    [[start, end, sentence]] = store.query(
        "MATCH (ev:Evidence {relation: 'LEADS'}) RETURN ev.start, ev.end, ev.sentence"
    ).rows
    assert extraction.article.text[start:end] == sentence


def test_store_rewrite_same_article_changes_nothing(store):
    assert store.write_extraction(acquisition("a1")).status == "added"
    before = _snapshot(store)
    assert store.write_extraction(acquisition("a1")).status == "unchanged"
    assert _snapshot(store) == before


def test_store_fact_from_two_articles_is_one_edge_with_support(store):
    store.write_extraction(acquisition("a1", date="2026-04-08"))
    store.write_extraction(acquisition("a2", date="2025-06-12"))
    rows = store.query(
        "MATCH (:Organization {name: 'Meta'})-[r:ACQUIRED]->() RETURN r.support, r.first_seen, r.last_seen"
    ).rows
    assert rows == [[2, "2025-06-12", "2026-04-08"]]
    assert len(store.query(ACQUISITION_WITH_EVIDENCE).rows) == 2


def test_store_forget_keeps_facts_other_articles_support(store):
    store.write_extraction(acquisition("a1", date="2026-04-08"))
    store.write_extraction(acquisition("a2", date="2025-06-12"))
    result = store.forget("a2")
    assert (result.evidence_removed, result.facts_removed, result.entities_removed) == (2, 0, 0)
    rows = store.query("MATCH ()-[r:ACQUIRED]->() RETURN r.support, r.first_seen, r.articles").rows
    assert rows == [[1, "2026-04-08", ["a1"]]]


def test_store_forget_last_article_removes_facts_and_orphans(store):
    store.write_extraction(acquisition("a1"))
    store.write_extraction(muse_launch("b1"))
    result = store.forget("a1")
    assert result.facts_removed == 2
    names = {r[0] for r in store.query("MATCH (n:Entity) RETURN n.name").rows}
    # MSL is still mentioned by b1; Meta, Scale AI and Alexandr Wang were only in a1.
    assert names == {"Meta Superintelligence Labs", "Muse Spark", "GPT-5.4"}
    assert store.query("MATCH (ev:Evidence {article_id: 'a1'}) RETURN count(ev)").rows == [[0]]
    assert not store.has_article("a1")


def test_store_forget_unknown_article_raises(store):
    with pytest.raises(NotFound, match="KG310"):
        store.forget("no-such-article")


def test_store_symmetric_fact_stored_once(store):
    store.write_extraction(muse_launch("b1"))
    rows = store.query("MATCH (a)-[r:PARITY_WITH]-(b) RETURN a.name, b.name ORDER BY a.name").rows
    assert rows == [["GPT-5.4", "Muse Spark"], ["Muse Spark", "GPT-5.4"]]  # one edge, seen from both ends
    assert store.query("MATCH ()-[r:PARITY_WITH]->() RETURN count(r)").rows == [[1]]


def test_store_open_weights_is_a_model_property_that_follows_evidence(store):
    store.write_extraction(muse_launch("b1", open_weights="false", date="2026-04-09"))
    store.write_extraction(muse_launch("b2", open_weights="true", date="2026-05-01"))
    ask = "MATCH (m:AIModel {name: 'Muse Spark'}) RETURN m.open_weights"
    assert store.query(ask).rows == [[True]]
    store.forget("b2")
    assert store.query(ask).rows == [[False]]


def test_store_entity_aliases_merge_across_articles(store):
    store.write_extraction(acquisition("a1"))
    store.write_extraction(muse_launch("b1"))
    rows = store.query("MATCH (n:Organization {id: 'org:meta-superintelligence-labs'}) RETURN n.aliases").rows
    assert rows == [[["MSL"]]]


def test_store_read_only_query_refuses_writes(store):
    with pytest.raises(ReadOnlyQuery, match="KG320"):
        store.query("CREATE (n:Organization {name: 'Evil'}) RETURN n")
    assert store.query("MATCH (n {name: 'Evil'}) RETURN count(n)").rows == [[0]]


def test_store_write_query_allowed_with_write(store):
    store.query("CREATE (n:Note {text: 'hi'})", write=True)
    assert store.query("MATCH (n:Note) RETURN n.text").rows == [["hi"]]


def test_store_query_syntax_error_is_query_error(store):
    with pytest.raises(QueryError, match="KG322"):
        store.query("MATCH (n RETURN n")


def test_store_query_limit_truncates(store):
    store.write_extraction(acquisition("a1"))
    result = store.query("MATCH (n:Entity) RETURN n.name", limit=2)
    assert len(result.rows) == 2 and result.truncated


@pytest.mark.parametrize("hostile", ["') DETACH DELETE n //", '" OR 1=1 --', "*", "Meta'})-[r]-() DELETE r //"])
def test_store_search_treats_text_as_data(store, hostile):
    store.write_extraction(acquisition("a1"))
    before = _snapshot(store)
    store.search(hostile)
    assert _snapshot(store) == before


def test_store_search_finds_names_and_aliases_with_degree(store):
    store.write_extraction(acquisition("a1"))
    [hit] = [h for h in store.search("MSL") if h["id"] == "org:meta-superintelligence-labs"]
    assert hit["type"] == "Organization" and hit["degree"] == 1
    assert store.search("Scale")[0]["name"] == "Scale AI"


def test_store_stats_counts(store):
    store.write_extraction(acquisition("a1"))
    store.write_extraction(muse_launch("b1"))
    counts = store.stats()
    assert counts["nodes"]["Organization"] == 3 and counts["nodes"]["Article"] == 2
    assert counts["facts"]["ACQUIRED"] == 1 and counts["facts"]["OPEN_WEIGHTS"] == 1


def test_store_to_networkx(store):
    store.write_extraction(acquisition("a1"))
    graph = store.to_networkx()
    assert graph.nodes["org:meta"]["type"] == "Organization"
    [(key, attrs)] = [(k, a) for _, _, k, a in graph.edges("org:meta", keys=True, data=True)]
    assert key == "ACQUIRED" and attrs["amount"] == "$14.3 billion"


def test_store_entity_profile(store):
    store.write_extraction(muse_launch("b1"))
    profile = store.entity("model:muse-spark")
    assert profile == {"id": "model:muse-spark", "name": "Muse Spark", "type": "AIModel", "aliases": [],
                       "wikidata": None, "open_weights": False, "license": None, "degree": 2}  # fmt: skip
    assert store.entity("model:nothing") is None


def test_store_facts_grouped_by_direction_with_literals(store):
    store.write_extraction(muse_launch("b1"))
    facts = {(f["relation"], f["direction"], f["other"]["name"] if f["other"] else f["value"])
             for f in store.facts("model:muse-spark")}  # fmt: skip
    assert facts == {("DEVELOPED", "in", "Meta Superintelligence Labs"), ("PARITY_WITH", "both", "GPT-5.4"),
                     ("OPEN_WEIGHTS", "out", "false")}  # fmt: skip
    only = store.facts("model:muse-spark", relations=["DEVELOPED"])
    assert [f["relation"] for f in only] == ["DEVELOPED"]
    literal_only = store.facts("model:muse-spark", relations=["OPEN_WEIGHTS"])
    assert [(f["relation"], f["value"]) for f in literal_only] == [("OPEN_WEIGHTS", "false")]
    assert store.neighbours(["model:muse-spark"], relations=["OPEN_WEIGHTS"]).edges == []


def test_store_facts_filtered_by_date(store):
    store.write_extraction(acquisition("a1", date="2024-01-10"))
    store.write_extraction(muse_launch("b1", date="2026-04-09"))
    recent = store.facts("org:meta-superintelligence-labs", date_from="2026-01-01", date_to="2026-12-31")
    assert [f["relation"] for f in recent] == ["DEVELOPED"]


def test_store_evidence_by_fact_key(store):
    store.write_extraction(acquisition("a1", date="2024-01-10"))
    store.write_extraction(acquisition("a2", date="2025-01-10"))
    [fact] = store.facts("org:scale-ai")
    [newest, oldest] = store.evidence([fact["key"]])[fact["key"]]
    assert (newest["article_id"], oldest["article_id"]) == ("a2", "a1")
    assert newest["sentence"] == "Meta paid $14.3 billion for Scale AI." and newest["subject"] == "Meta"


def test_store_neighbours_with_limit(store):
    store.write_extraction(acquisition("a1"))
    store.write_extraction(muse_launch("b1"))
    sub = store.neighbours(["org:meta-superintelligence-labs"])
    assert {(e["source"], e["relation"], e["target"]) for e in sub.edges} == {
        ("person:alexandr-wang", "LEADS", "org:meta-superintelligence-labs"),
        ("org:meta-superintelligence-labs", "DEVELOPED", "model:muse-spark"),
    }
    assert {n["id"] for n in sub.nodes} == {
        "org:meta-superintelligence-labs",
        "person:alexandr-wang",
        "model:muse-spark",
    }
    assert not sub.truncated
    capped = store.neighbours(["org:meta-superintelligence-labs"], limit=1)
    assert len(capped.edges) == 1 and capped.truncated


def test_store_overview_reads(store):
    store.write_extraction(acquisition("a1", date="2024-01-10"))
    store.write_extraction(muse_launch("b1", date="2026-04-09"))
    assert [a["id"] for a in store.latest_articles(5)] == ["b1", "a1"]
    assert store.fact_timeline() == [("2024-01", 2), ("2026-04", 3)]
    assert store.date_range() == ("2024-01-10", "2026-04-09")


def test_store_extraction_round_trip(store):
    original = acquisition("a1")
    store.write_extraction(original)
    rebuilt = store.extraction("a1")
    assert rebuilt.article == original.article
    assert sorted(rebuilt.entities, key=lambda e: e.id) == sorted(original.entities, key=lambda e: e.id)
    assert sorted(rebuilt.relations, key=lambda r: r.key) == sorted(original.relations, key=lambda r: r.key)
    assert store.extraction("missing") is None
    assert store.article_ids() == ["a1"]


def test_store_query_timeout_is_honoured(store):
    with pytest.raises(QueryError, match="KG321"):
        store.query("UNWIND range(1, 100000000) AS x WITH x WHERE x % 7 = 3 RETURN count(x)", timeout_ms=50)


def test_store_registry_entity_keeps_its_registry_name(store):
    from dataclasses import replace

    extraction = acquisition("a1")
    as_written = replace(extraction.entities[0], name="Meta Platforms", aliases=())  # org:meta, as an article says it
    store.write_extraction(replace(extraction, entities=[as_written, *extraction.entities[1:]]))
    rows = store.query("MATCH (n:Entity {id: 'org:meta'}) RETURN n.name, n.aliases").rows
    assert rows == [["Meta", ["Meta Platforms"]]]
