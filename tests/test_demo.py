"""`kg demo` on the bundled corpus answers the README's questions; the README documents what it should."""

from __future__ import annotations

import re
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from kg.examples import EXAMPLES
from tests.cli_runner import KG, run_kg
from tests.test_cli import COMMANDS

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text()


@pytest.fixture(scope="module")
def demo_output(tmp_path_factory) -> str:
    db = tmp_path_factory.mktemp("demo") / "kg-data"
    result = run_kg("demo", "--db", str(db))
    assert result.returncode == 0, result.stderr
    return result.stdout


def _answer(output: str, title: str) -> list[list[str]]:
    """The rows printed under one example query, split on runs of two or more spaces."""
    block = output.split(f"-- {title}\n", 1)[1].split("\n\n", 1)[0]
    lines = block.splitlines()[3:-1]  # skip the query, header and rule; drop the row count
    return [re.split(r"\s{2,}", line.strip()) for line in lines]


def test_demo_who_acquired_scale_ai(demo_output):
    rows = _answer(demo_output, EXAMPLES[0].title)
    assert rows and all(r[:2] == ["Meta", "$14.3 billion"] for r in rows)


def test_demo_who_leads_msl(demo_output):
    assert _answer(demo_output, EXAMPLES[1].title) == [["Alexandr Wang", "Meta Superintelligence Labs", "Meta"]]


def test_demo_parity(demo_output):
    assert _answer(demo_output, EXAMPLES[2].title) == [["Claude Sonnet 4.6"], ["GPT-5.4"]]


def test_demo_availability(demo_output):
    channels = {r[0] for r in _answer(demo_output, EXAMPLES[3].title)}
    assert {"WhatsApp", "Messenger", "Meta AI"} <= channels


def test_demo_open_weights(demo_output):
    models = {r[0] for r in _answer(demo_output, EXAMPLES[4].title)}
    assert {"DeepSeek-R1", "Grok-1", "Llama 3.1"} <= models
    assert not {"Muse Spark", "Mistral Large"} & models  # both stated to ship without open weights


def test_demo_prints_counts(demo_output):
    assert re.search(r"Sample corpus .*: 3[0-9] added, 0 replaced, 0 unchanged, 0 failed", demo_output)


def test_readme_shows_every_example_query():
    flat = " ".join(README.split())
    for example in EXAMPLES:
        assert " ".join(example.cypher.split()) in flat, example.title


def test_readme_documents_every_command():
    for command in COMMANDS:
        assert f"`kg {command}" in README, command


def test_readme_quick_start_is_two_make_commands():
    block = README.split("## Quick start", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    assert [line.split("#")[0].strip() for line in block.strip().splitlines()] == ["make demo", "make test"]
    ci = (REPO / ".ci" / "run").read_text()
    assert ci.strip().splitlines()[-1] == "make test"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_cli_app_starts_the_explorer(tmp_path):
    port = _free_port()
    proc = subprocess.Popen([KG, "app", "--db", str(tmp_path / "kg-data"), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                    assert response.read() == b"ok"
                    break
            except OSError:
                assert proc.poll() is None, proc.stdout.read().decode()
                assert time.monotonic() < deadline, "the explorer did not answer within 60 s"
                time.sleep(0.5)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
