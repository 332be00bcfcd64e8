"""The explorer page's logic with Streamlit's AppTest, including a `kg ingest` writing to the same store."""

from __future__ import annotations

import subprocess
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.cli_runner import KG, run_kg

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data" / "articles"


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_app_shows_counts_and_keeps_working_while_ingest_writes(tmp_path, monkeypatch):
    db = str(tmp_path / "kg-data")
    assert run_kg("ingest", str(DATA / "corpus.jsonl"), "--db", db).returncode == 0
    monkeypatch.setenv("KG_DB", db)
    monkeypatch.delenv("KG_STORE", raising=False)
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.query_params["page"] = "overview"  # the counts are on the overview page
    at.run()
    assert not at.exception
    assert _metrics(at)["Article"] == "2"

    writer = subprocess.Popen([KG, "ingest", str(DATA / "acme-robotics.txt"), str(DATA / "orbit-model.md"),
                               "--db", db], stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    at.run()  # the page reads while the CLI writes
    assert not at.exception
    assert writer.wait(timeout=120) == 0
    at.run()
    assert _metrics(at)["Article"] == "4"


def test_app_search_box_lists_matches(tmp_path, monkeypatch):
    db = str(tmp_path / "kg-data")
    run_kg("ingest", str(DATA / "acme-robotics.txt"), "--db", db)
    monkeypatch.setenv("KG_DB", db)
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60).run()
    at.text_input(key="q").input("Acme").run()
    assert not at.exception
    frame = at.dataframe[0].value
    assert "Acme Robotics" in list(frame["name"])
