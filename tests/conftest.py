"""Shared fixtures: a fresh embedded store per test, the spaCy pipeline once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.neo4j_fixture import neo4j_server  # noqa: F401  (a session fixture: one real Neo4j per run)

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture
def falkor_store(tmp_path):
    """A fresh embedded FalkorDB store in a temporary data directory, closed (and its server stopped) after."""
    from kg.stores.falkordb import FalkorStore

    store = FalkorStore(str(tmp_path / "kg-data"))
    yield store
    store.close()


@pytest.fixture(scope="session")
def nlp():
    """The full spaCy pipeline with our components (slow to load: once per session)."""
    from kg.pipeline import load_pipeline

    return load_pipeline()
