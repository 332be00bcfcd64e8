"""The pipeline end to end on real text: read, extract with spaCy, write to the embedded store, query."""

from __future__ import annotations

import pytest

from kg.pipeline import ingest, read_inputs
from tests.conftest import SHARED

SEED = SHARED / "seed" / "muse-spark-article.txt"

EDGES_WITHOUT_EVIDENCE = (
    "MATCH (:Entity)-[r]->(:Entity) WHERE NOT type(r) IN ['MENTIONS'] "
    "OPTIONAL MATCH (ev:Evidence {fact: r.key}) WITH r, count(ev) AS n WHERE n = 0 RETURN count(r)"
)


@pytest.fixture
def seed_articles():
    if not SEED.exists():
        pytest.skip(f"the seed article is not at {SEED}")
    articles, errors = read_inputs([SEED])
    assert errors == []
    return articles


def test_pipeline_seed_article_acquisition_with_evidence(falkor_store, seed_articles, nlp):
    report = ingest(seed_articles, falkor_store, nlp=nlp)
    assert report.count("added") == 1 and report.errors == []
    rows = falkor_store.query(
        "MATCH (m:Organization {name: 'Meta'})-[r:ACQUIRED]->(s:Organization {name: 'Scale AI'}) "
        "MATCH (ev:Evidence {fact: r.key})-[:STATED_IN]->(a:Article) "
        "RETURN r.amount, ev.sentence, ev.start, ev.end, a.id"
    ).rows
    assert len(rows) == 1
    amount, sentence, start, end, article_id = rows[0]
    assert amount == "$14.3 billion"
    assert "acquisition of Scale AI" in sentence
    assert seed_articles[0].text[start:end] == sentence and article_id == seed_articles[0].id


def test_pipeline_every_stored_fact_has_evidence(falkor_store, seed_articles, nlp):
    ingest(seed_articles, falkor_store, nlp=nlp)
    assert falkor_store.stats()["facts"]["DEVELOPED"] > 0
    assert falkor_store.query(EDGES_WITHOUT_EVIDENCE).rows == [[0]]


def test_pipeline_reingest_changes_nothing(falkor_store, seed_articles, nlp):
    ingest(seed_articles, falkor_store, nlp=nlp)
    before = falkor_store.query("MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n), count(r)").rows
    report = ingest(seed_articles, falkor_store, nlp=nlp)
    assert report.count("unchanged") == 1
    after = falkor_store.query("MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN count(DISTINCT n), count(r)").rows
    assert after == before


def test_pipeline_forget_seed_article_empties_the_graph(falkor_store, seed_articles, nlp):
    ingest(seed_articles, falkor_store, nlp=nlp)
    falkor_store.forget(seed_articles[0].id)
    assert falkor_store.query("MATCH (n) RETURN count(n)").rows == [[0]]
