"""`kg sync` copies a graph between stores: embedded to a real Neo4j and back, idempotently."""

from __future__ import annotations

import json

import pytest

from kg.errors import StoreUnavailable
from kg.stores import open_store
from kg.sync import sync
from tests.cli_runner import run_kg
from tests.stores.factories import acquisition, muse_launch
from tests.stores.test_contract import _snapshot


@pytest.fixture
def neo4j_store(neo4j_server, monkeypatch):
    monkeypatch.setenv("KG_NEO4J_USER", neo4j_server.user)
    monkeypatch.setenv("KG_NEO4J_PASSWORD", neo4j_server.password)
    store = open_store(neo4j_server.uri)
    store.query("MATCH (n) DETACH DELETE n", write=True)
    yield store
    store.close()


def _graph(store) -> tuple:
    """The graph without backend-internal ids: entities, facts and evidence."""
    entities = store.query("MATCH (n:Entity) RETURN n.id, n.name, n.aliases, n.open_weights ORDER BY n.id").rows
    facts = store.query(
        "MATCH (s)-[x]->(o) WHERE s:Entity AND o:Entity "
        "RETURN s.id, type(x), o.id, x.support, x.amount, x.first_seen ORDER BY s.id, type(x), o.id"
    ).rows
    evidence = store.query("MATCH (ev:Evidence) RETURN ev.id, ev.fact, ev.sentence ORDER BY ev.id").rows
    return entities, facts, evidence


def test_sync_embedded_to_neo4j_and_back(tmp_path, neo4j_store):
    with open_store(str(tmp_path / "a")) as source:
        source.write_extraction(acquisition("a1", date="2025-01-01"))
        source.write_extraction(acquisition("a2", date="2026-01-01"))
        source.write_extraction(muse_launch("b1"))
        results = sync(source, neo4j_store)
        assert [r.status for r in results] == ["added", "added", "added"]
        assert _graph(neo4j_store) == _graph(source)
        assert [r.status for r in sync(source, neo4j_store)] == ["unchanged"] * 3
        with open_store(str(tmp_path / "b")) as back:
            sync(neo4j_store, back)
            assert _graph(back) == _graph(source)
            assert _snapshot(back) == _snapshot(source)


def test_cli_sync_with_progress(tmp_path, neo4j_server, neo4j_store):
    data = "tests/data/articles/corpus.jsonl"
    db = str(tmp_path / "kg-data")
    assert run_kg("ingest", data, "--db", db).returncode == 0
    env = {"KG_NEO4J_USER": neo4j_server.user, "KG_NEO4J_PASSWORD": neo4j_server.password}
    result = run_kg("sync", "--to", neo4j_server.uri, "--db", db, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("2 added, 0 replaced, 0 unchanged")
    assert neo4j_server.password not in result.stdout + result.stderr
    counts = json.loads(run_kg("stats", "--json", "--store", neo4j_server.uri, env=env).stdout)
    assert counts["nodes"]["Article"] == 2


def test_cli_neo4j_wrong_password_is_one_line_without_secrets(neo4j_server):
    env = {"KG_NEO4J_USER": "neo4j", "KG_NEO4J_PASSWORD": "not-the-password-xyz"}
    result = run_kg("stats", "--store", neo4j_server.uri, env=env)
    assert result.returncode == 1
    assert result.stderr.startswith("Error: KG308") and len(result.stderr.strip().splitlines()) == 1
    assert "not-the-password-xyz" not in result.stderr


def test_neo4j_database_name_from_the_uri(neo4j_server, monkeypatch):
    monkeypatch.setenv("KG_NEO4J_USER", neo4j_server.user)
    monkeypatch.setenv("KG_NEO4J_PASSWORD", neo4j_server.password)
    with open_store(f"{neo4j_server.uri}/neo4j") as store:
        assert store.query("RETURN 1 AS one").rows == [[1]]
    with pytest.raises(StoreUnavailable, match="KG309 .*nosuchdb"):
        open_store(f"{neo4j_server.uri}/nosuchdb")
