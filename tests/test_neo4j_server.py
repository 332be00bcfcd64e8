"""The real Neo4j test server: auth, schema (uniqueness constraint, full-text index), access modes, loopback only."""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path

import neo4j
import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, ClientError, ConstraintError

from tests.neo4j_fixture import missing_tools, start_neo4j

LABEL = "SmokeEntity"  # not the project's labels: the server is shared by the whole session


@pytest.fixture
def driver(neo4j_server):  # noqa: F811
    with GraphDatabase.driver(neo4j_server.uri, auth=(neo4j_server.user, neo4j_server.password)) as drv:
        yield drv
        drv.execute_query(f"MATCH (n:{LABEL}) DETACH DELETE n")


def test_authentication(neo4j_server, driver):  # noqa: F811
    records, _, _ = driver.execute_query("RETURN 1 AS one")
    assert records[0]["one"] == 1
    with GraphDatabase.driver(neo4j_server.uri, auth=(neo4j_server.user, "wrong-password")) as bad:
        with pytest.raises(AuthError):
            bad.verify_connectivity()


def test_constraint_fulltext_write_read(driver):
    try:
        driver.execute_query(f"CREATE CONSTRAINT smoke_id IF NOT EXISTS FOR (n:{LABEL}) REQUIRE n.id IS UNIQUE")
        driver.execute_query(f"CREATE FULLTEXT INDEX smoke_search IF NOT EXISTS FOR (n:{LABEL}) ON EACH [n.search]")
        driver.execute_query("CALL db.awaitIndexes(60)")

        driver.execute_query(f"CREATE (:{LABEL} {{id: $id, search: $text}})", id="e1", text="Large language models")
        records, _, _ = driver.execute_query(f"MATCH (n:{LABEL} {{id: 'e1'}}) RETURN n.search AS s")
        assert [r["s"] for r in records] == ["Large language models"]

        records, _, _ = driver.execute_query(
            "CALL db.index.fulltext.queryNodes('smoke_search', 'language') YIELD node RETURN node.id AS id"
        )
        assert [r["id"] for r in records] == ["e1"]

        with pytest.raises(ConstraintError):
            driver.execute_query(f"CREATE (:{LABEL} {{id: 'e1'}})")
    finally:
        driver.execute_query("DROP INDEX smoke_search IF EXISTS")
        driver.execute_query("DROP CONSTRAINT smoke_id IF EXISTS")


def test_read_transaction_refuses_write(driver):
    with driver.session() as session:
        with pytest.raises(ClientError) as excinfo:
            session.execute_read(lambda tx: tx.run(f"CREATE (:{LABEL})").consume())
    assert excinfo.value.code == "Neo.ClientError.Statement.AccessMode"
    records, _, _ = driver.execute_query(f"MATCH (n:{LABEL}) RETURN count(n) AS c", routing_=neo4j.RoutingControl.READ)
    assert records[0]["c"] == 0


def _listening_addresses(port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    """Local addresses of the sockets in LISTEN state on `port`, from /proc/net/tcp{,6} (Linux)."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        path = Path(table)
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            fields = line.split()
            address, port_hex = fields[1].split(":")
            if int(port_hex, 16) != port or fields[3] != "0A":  # 0A = LISTEN
                continue
            # The kernel prints the address as 32-bit words in host (little-endian) order.
            raw = b"".join(bytes.fromhex(address[i : i + 8])[::-1] for i in range(0, len(address), 8))
            ip = ipaddress.ip_address(raw)
            found.append((ip.ipv4_mapped or ip) if isinstance(ip, ipaddress.IPv6Address) else ip)
    return found


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux /proc/net/tcp")
def test_listens_only_on_loopback(neo4j_server):  # noqa: F811
    addresses = _listening_addresses(neo4j_server.port)
    assert addresses, f"nothing listens on port {neo4j_server.port}"
    assert all(ip.is_loopback for ip in addresses), addresses


@pytest.mark.skipif(bool(missing_tools()), reason="Neo4j tests need java and mvn on PATH")
def test_restart_keeps_data_and_password(tmp_path):
    """A clean stop (exit 0) flushes the store; a restart on the same home and password works (as `make neo4j` does)."""
    with start_neo4j(tmp_path, password="restart-password") as server:
        with GraphDatabase.driver(server.uri, auth=(server.user, server.password)) as drv:
            drv.execute_query(f"CREATE (:{LABEL} {{id: 'kept'}})")
    assert server.stop() == 0
    with socket.socket() as s:  # the port is free again
        assert s.connect_ex(("127.0.0.1", server.port)) != 0

    with start_neo4j(tmp_path, password="restart-password") as again:
        with GraphDatabase.driver(again.uri, auth=(again.user, again.password)) as drv:
            records, _, _ = drv.execute_query(f"MATCH (n:{LABEL}) RETURN n.id AS id")
    assert [r["id"] for r in records] == ["kept"]
    assert again.stop() == 0
