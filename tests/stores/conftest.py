import pytest

BACKENDS = ["falkordb", "neo4j"]


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path, monkeypatch):
    """Every backend, empty; the contract suite runs unchanged against each.

    Neo4j runs on the one real server of the test session (tests/neo4j_fixture.py), emptied before each test.
    """
    from kg.stores import open_store

    if request.param == "falkordb":
        location = str(tmp_path / "kg-data")
    else:
        server = request.getfixturevalue("neo4j_server")
        monkeypatch.setenv("KG_NEO4J_USER", server.user)
        monkeypatch.setenv("KG_NEO4J_PASSWORD", server.password)
        location = server.uri
    s = open_store(location)
    if request.param == "neo4j":
        s.query("MATCH (n) DETACH DELETE n", write=True)
    yield s
    s.close()
