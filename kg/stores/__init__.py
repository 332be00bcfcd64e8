"""Graph stores behind one protocol; :func:`open_store` picks the backend from a location string."""

from __future__ import annotations

import os

from kg.errors import StoreUnavailable
from kg.stores.base import GraphStore

__all__ = ["GraphStore", "open_store", "default_location", "DEFAULT_DATA_DIR"]

DEFAULT_DATA_DIR = "kg-data"
NEO4J_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def default_location() -> str:
    """The store to use when none is given: ``KG_STORE``, else ``KG_DB``, else ``./kg-data``."""
    return os.environ.get("KG_STORE") or os.environ.get("KG_DB") or DEFAULT_DATA_DIR


def open_store(location: str | None = None) -> GraphStore:
    """Open the store at ``location``: a data directory (embedded FalkorDB), ``falkor://host:port``, or a
    Neo4j URI (``bolt://``, ``neo4j://``, ``neo4j+s://``; credentials from ``KG_NEO4J_USER``/``KG_NEO4J_PASSWORD``).

    Raises
    ------
    StoreUnavailable
        When the location's scheme is not supported or the server cannot be reached.
    """
    location = location or default_location()
    scheme = location.split("://", 1)[0] if "://" in location else ""
    if scheme in ("", "falkor", "file"):
        from kg.stores.falkordb import FalkorStore

        return FalkorStore(location.removeprefix("file://"))
    if scheme in NEO4J_SCHEMES:
        from kg.stores.neo4j import Neo4jStore

        return Neo4jStore(location)
    raise StoreUnavailable(
        f"KG300 unsupported store {location!r}; use a data directory, falkor://host:port, "
        f"or a Neo4j URI ({', '.join(s + '://' for s in NEO4J_SCHEMES)})"
    )
