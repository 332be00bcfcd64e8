"""Fixtures for the explorer's AppTest tests: a small store per test, and the app pointed at it."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.stores.factories import acquisition, muse_launch

REPO = Path(__file__).resolve().parents[2]
APP = str(REPO / "app.py")


@pytest.fixture
def small_store(falkor_store, monkeypatch):
    """The hand-built acquisition and Muse Spark articles, in a store the app opens (KG_DB)."""
    falkor_store.write_extraction(acquisition())
    falkor_store.write_extraction(muse_launch())
    monkeypatch.setenv("KG_DB", falkor_store.location)
    monkeypatch.delenv("KG_STORE", raising=False)
    yield falkor_store
    # The app caches one store per location for the whole process: close this test's one.
    from explorer.state import get_store

    get_store(falkor_store.location).close()
    get_store.clear()


@pytest.fixture
def open_app():
    """``open_app(page, **params)``: the app run once with those URL query parameters."""

    def run(page: str, **params: str) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        at.query_params["page"] = page
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        assert not at.exception, at.exception
        return at

    return run
