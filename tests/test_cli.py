"""Every `kg` command through a subprocess: exit codes, exact messages, and the graph afterwards."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.cli_runner import run_kg

DATA = Path(__file__).parent / "data" / "articles"
COMMANDS = ["ingest", "extract", "eval", "query", "stats", "export", "forget", "sync", "demo", "app",
            "validate", "sparql", "import", "conflicts"]  # fmt: skip


@pytest.fixture(scope="module")
def built_db(tmp_path_factory) -> str:
    """A store holding the three test articles (ingested once for the module)."""
    db = str(tmp_path_factory.mktemp("cli") / "kg-data")
    result = run_kg("ingest", str(DATA), "--db", db)
    assert result.returncode == 0, result.stderr
    return db


def test_cli_help_lists_every_command():
    result = run_kg("--help")
    assert result.returncode == 0
    for command in COMMANDS:
        assert f"  {command} " in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_cli_command_help_has_an_example(command):
    result = run_kg(command, "--help")
    assert result.returncode == 0
    assert "Example:" in result.stdout


def test_cli_ingest_reports_summary(built_db):
    result = run_kg("stats", "--json", "--db", built_db)
    counts = json.loads(result.stdout)
    assert counts["nodes"]["Article"] == 4  # two files and two JSONL lines
    assert counts["facts"]["ACQUIRED"] >= 1


def test_cli_ingest_again_changes_nothing(built_db):
    before = run_kg("export", "--format", "json", "--db", built_db).stdout
    result = run_kg("ingest", str(DATA), "--db", built_db)
    assert result.returncode == 0
    assert "0 added, 0 replaced, 4 unchanged, 0 failed" in result.stdout
    assert run_kg("export", "--format", "json", "--db", built_db).stdout == before


def test_cli_ingest_bad_inputs_reported_and_batch_goes_on(tmp_path):
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (tmp_path / "empty.md").write_text("")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 acquired Scale AI.".encode("latin-1"))
    (tmp_path / "bad.jsonl").write_text('{"id": "ok-1", "text": "Meta acquired Scale AI."}\n{not json\n')
    db = str(tmp_path / "kg-data")
    result = run_kg(
        "ingest", str(tmp_path / "binary.txt"), str(tmp_path / "empty.md"), str(tmp_path / "latin1.txt"),
        str(tmp_path / "bad.jsonl"), str(tmp_path / "missing.txt"), "http://127.0.0.1:9/nothing",
        str(DATA / "acme-robotics.txt"), "--db", db,
    )  # fmt: skip
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 6
    for name in ("binary.txt", "empty.md", "latin1.txt", "bad.jsonl:2", "missing.txt", "127.0.0.1:9"):
        assert sum(name in line for line in errors) == 1, name
    assert "Traceback" not in result.stderr
    assert "2 added" in result.stdout  # the JSONL good line and the good file
    counts = json.loads(run_kg("stats", "--json", "--db", db).stdout)
    assert counts["nodes"]["Article"] == 2


def test_cli_query_table_with_param(built_db):
    result = run_kg(
        "query", "MATCH (o:Organization)-[r:ACQUIRED]->(t {name: $name}) RETURN o.name AS buyer, r.amount AS amount",
        "--param", "name=Acme Robotics", "--db", built_db,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[2].split() == ["Nvidia", "$200", "million"]
    assert result.stdout.rstrip().endswith("(1 row)")


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_cli_query_formats(built_db, fmt):
    cypher = "MATCH (o:Organization)-[r:ACQUIRED]->(t) RETURN o.name AS buyer, t.name AS target"
    result = run_kg("query", cypher, "--format", fmt, "--db", built_db)
    assert result.returncode == 0
    if fmt == "json":
        assert {"buyer": "Nvidia", "target": "Acme Robotics"} in json.loads(result.stdout)
    else:
        rows = list(csv.reader(result.stdout.splitlines()))
        assert rows[0] == ["buyer", "target"] and ["Nvidia", "Acme Robotics"] in rows


def test_cli_query_refuses_write_without_flag(built_db):
    result = run_kg("query", "MATCH (n:Organization) DETACH DELETE n", "--db", built_db)
    assert result.returncode == 1
    assert result.stderr.startswith("Error: KG320")
    assert len(result.stderr.strip().splitlines()) == 1
    counts = json.loads(run_kg("stats", "--json", "--db", built_db).stdout)
    assert counts["nodes"]["Organization"] > 0


def test_cli_query_syntax_error_is_one_line(built_db):
    result = run_kg("query", "MATCH (n RETURN n", "--db", built_db)
    assert result.returncode == 1
    assert result.stderr.startswith("Error: KG322") and "Traceback" not in result.stderr


def test_cli_extract_jsonl_uses_file_stem_and_carries_evidence():
    result = run_kg("extract", str(DATA / "acme-robotics.txt"), "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    [record] = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["id"] == "acme-robotics"
    names = {(e["name"], e["type"]) for e in record["entities"]}
    assert {("Nvidia", "Organization"), ("Acme Robotics", "Organization")} <= names
    [acq] = [r for r in record["relations"] if r["relation"] == "ACQUIRED"]
    assert (acq["subject"], acq["object"], acq["amount"]) == ("Nvidia", "Acme Robotics", "$200 million")
    text = (DATA / "acme-robotics.txt").read_text().split("\n", 1)[1].strip()
    assert text[acq["start"] : acq["end"]] == acq["evidence"]


def test_cli_extract_table():
    result = run_kg("extract", str(DATA / "orbit-model.md"), "--format", "table")
    assert result.returncode == 0
    assert "# Orbit Labs releases Orbit-2 with open weights" in result.stdout
    assert result.stdout.splitlines()[1].split() == ["subject", "relation", "object", "conf"]
    assert "Maria Santos    LEADS" in result.stdout


def test_cli_stats_table(built_db):
    result = run_kg("stats", "--db", built_db)
    assert result.returncode == 0
    assert result.stdout.startswith("nodes:\n  Organization")


def test_cli_export_formats(built_db, tmp_path):
    as_json = json.loads(run_kg("export", "--format", "json", "--db", built_db).stdout)
    assert {"entities", "facts", "evidence"} <= as_json.keys()
    assert {f["fact_key"] for f in as_json["facts"]} <= {ev["fact"] for ev in as_json["evidence"]}
    graphml = tmp_path / "kg.graphml"
    assert run_kg("export", "--format", "graphml", "-o", str(graphml), "--db", built_db).returncode == 0
    assert ET.parse(graphml).getroot().tag.endswith("graphml")
    out = tmp_path / "csv"
    assert run_kg("export", "--format", "csv", "-o", str(out), "--db", built_db).returncode == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "about.csv", "articles.csv", "entities.csv", "evidence.csv", "facts.csv", "mentions.csv", "stated_in.csv"]
    assert run_kg("export", "--format", "csv", "--db", built_db).returncode == 2  # needs a directory


def test_cli_forget(tmp_path):
    db = str(tmp_path / "kg-data")
    run_kg("ingest", str(DATA / "corpus.jsonl"), "--db", db)
    result = run_kg("forget", "jsonl-1", "--db", db)
    assert result.returncode == 0
    assert result.stdout.startswith("forgot jsonl-1: ")
    ids = run_kg("query", "MATCH (a:Article) RETURN a.id", "--format", "json", "--db", db).stdout
    assert json.loads(ids) == [{"a.id": "jsonl-2"}]
    missing = run_kg("forget", "jsonl-1", "--db", db)
    assert missing.returncode == 1 and missing.stderr.startswith("Error: KG310")


def test_cli_unsupported_store_is_one_line_error():
    result = run_kg("stats", "--db", "mysql://localhost/kg")
    assert result.returncode == 1
    assert result.stderr.startswith("Error: KG300")
