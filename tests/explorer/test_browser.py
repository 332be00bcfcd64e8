"""The explorer end to end in headless Chromium (Playwright, sync API), against the sample corpus.

One `kg app` server per module, on a store built once by `kg ingest corpus/`. The browser may reach only
that server: every other request is aborted, so the graph component must render from the installed wheel.
Screenshots of each page go to test-output/explorer/ (overwritten on each run).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.cli_runner import KG, run_kg

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium "
                                "(.ci/run installs it: apt-get install chromium)")  # fmt: skip

REPO = Path(__file__).resolve().parents[2]
SHOTS = REPO / "test-output" / "explorer"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
TIMEOUT_MS = 30_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`kg app` on a store of the sample corpus; stopped (and its store released) after the module."""
    db = tmp_path_factory.mktemp("explorer-browser") / "kg-data"
    result = run_kg("ingest", str(REPO / "corpus"), "--db", str(db))
    assert result.returncode == 0, result.stderr
    port = _free_port()
    log = open(db.parent / "app.log", "w")  # noqa: SIM115 - closed after the server stops
    env = {**os.environ, "KG_NO_APP": "1"}
    env.pop("KG_STORE", None)
    proc = subprocess.Popen([KG, "app", "--db", str(db), "--port", str(port)], stdout=log, stderr=subprocess.STDOUT,
                            env=env, start_new_session=True)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"the explorer did not start: {(db.parent / 'app.log').read_text()[-2000:]}")
        time.sleep(0.3)
    SHOTS.mkdir(parents=True, exist_ok=True)
    yield url
    proc.send_signal(signal.SIGTERM)  # Streamlit shuts down cleanly, so the store's atexit close runs
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    log.close()


@pytest.fixture(scope="module")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    """A page that can reach the explorer and nothing else (no CDN, no fonts, no telemetry)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    blocked: list[str] = []

    def only_local(route):
        if route.request.url.startswith((server, "data:", "blob:")):
            return route.continue_()
        blocked.append(route.request.url)
        return route.abort()

    context.route("**/*", only_local)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.base_url = server
    yield page
    context.close()


def _open(page, query: str = "") -> None:
    page.goto(f"{page.base_url}/{query}")
    page.get_by_text("AI ecosystem knowledge graph").first.wait_for()


def _idle(page) -> None:
    """Wait until Streamlit has finished the current run."""
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=TIMEOUT_MS)
    page.wait_for_timeout(300)


def _shoot(page, name: str) -> None:
    """Screenshot the whole page: Streamlit scrolls inside its main block, so grow the viewport to fit it."""
    _idle(page)
    height = page.evaluate("document.querySelector('[data-testid=\"stMain\"]')?.scrollHeight || 1000")
    page.set_viewport_size({"width": 1400, "height": max(1000, min(int(height) + 40, 4000))})
    page.wait_for_timeout(300)
    page.screenshot(path=str(SHOTS / f"{name}.png"))
    page.set_viewport_size({"width": 1400, "height": 1000})


def _graph_frame(page, index: int = 0):
    """The st-link-analysis iframe once Cytoscape holds elements."""
    page.locator("iframe[title*='st_link_analysis']").nth(index).wait_for()
    frame = next(f for f in page.frames if "st_link_analysis" in f.url)
    frame.wait_for_function("document.getElementById('cy')?._cyreg?.cy?.nodes().length > 0", timeout=TIMEOUT_MS)
    return frame


def _node_count(frame) -> int:
    return frame.evaluate("document.getElementById('cy')._cyreg.cy.nodes().length")


def test_browser_search_then_profile_shows_the_acquisition(page):
    _open(page)
    box = page.get_by_label("Search names and aliases")
    box.fill("Scale AI")
    box.press("Enter")
    page.get_by_text("Scale AI · Organization").wait_for()
    _shoot(page, "search")
    page.get_by_role("button", name="Profile").first.click()
    page.get_by_role("heading", name="Scale AI").wait_for()
    page.get_by_text("acquisition of Scale AI").first.wait_for()
    assert page.get_by_text("Meta", exact=True).first.is_visible()
    assert "page=entity" in page.url and "entity=org%3Ascale-ai" in page.url  # the view is a permalink
    _shoot(page, "profile")


def test_browser_graph_renders_offline_and_expands_on_double_click(page):
    _open(page, "?page=graph&entity=org:scale-ai")
    frame = _graph_frame(page)
    before = _node_count(frame)
    # Double-click Meta in the canvas: the component asks Python for Meta's neighbours and adds them.
    x, y = frame.evaluate("(() => { const p = document.getElementById('cy')._cyreg.cy.$id('org:meta')"
                          ".renderedPosition(); return [p.x, p.y]; })()")  # fmt: skip
    frame.locator("#cy").dblclick(position={"x": x, "y": y})
    frame.wait_for_function(f"document.getElementById('cy')._cyreg.cy.nodes().length > {before}", timeout=TIMEOUT_MS)
    assert _node_count(frame) > before
    page.get_by_text(f"{_node_count(frame)} nodes").wait_for()
    _shoot(page, "graph")


def test_browser_paths_between_alexandr_wang_and_llama(page):
    _open(page, "?page=paths")
    for label, name in (("From", "Alexandr Wang"), ("To", "Llama")):
        box = page.get_by_label(label, exact=True)
        box.fill(name)
        box.press("Enter")
        _idle(page)
    page.get_by_text("Alexandr Wang —LEADS→ Meta Superintelligence Labs").first.wait_for()
    page.get_by_text("shortest path").first.wait_for()
    _graph_frame(page)
    _shoot(page, "paths")


def _run_cypher(page, cypher: str) -> None:
    editor = page.get_by_label("Cypher (read-only)")
    editor.fill(cypher)
    editor.press("Control+Enter")  # commits the text area
    _idle(page)
    page.get_by_role("button", name="Run").click()


def test_browser_cypher_console_reads_and_refuses_writes(page):
    _open(page, "?page=cypher")
    _run_cypher(page, "MATCH (buyer:Organization)-[:ACQUIRED]->(t:Organization {name: 'Scale AI'}) "
                      "RETURN buyer.name AS buyer, t.name AS target")  # fmt: skip
    page.get_by_text("1 rows").wait_for()
    _shoot(page, "cypher")
    _run_cypher(page, "CREATE (:Organization {name: 'Evil Corp'}) RETURN 1")
    page.get_by_text("Refused: this console is read-only").wait_for()
    _shoot(page, "cypher-refused")


def test_browser_sparql_console_finds_rivals_through_the_hierarchy(page):
    _open(page, "?page=sparql")
    editor = page.get_by_label("SPARQL (read-only)")
    editor.fill("SELECT ?rival WHERE { ?m rdfs:label 'Muse Spark' . ?m kg:competesWith ?o . ?o rdfs:label ?rival } "
                "ORDER BY ?rival")  # fmt: skip
    editor.press("Control+Enter")
    _idle(page)
    page.get_by_role("button", name="Run").click()
    page.get_by_text("2 rows in").first.wait_for()  # Claude Sonnet 4.6 and GPT-5.4, both parity claims
    _shoot(page, "sparql")


def test_browser_add_articles_preview_and_overview(page):
    _open(page, "?page=add")
    text = ("Nvidia buys Acme Robotics\n\nNvidia has acquired Acme Robotics, a maker of warehouse robots, "
            "for $200 million.")  # fmt: skip
    area = page.get_by_label("Paste an article", exact=False)
    area.fill(text)
    area.press("Control+Enter")
    _idle(page)
    page.get_by_role("button", name="Extract").click()
    confirm = page.get_by_role("button", name="Add 1 article(s) to the graph")
    confirm.wait_for(timeout=60_000)  # the spaCy pipeline loads on the first extraction
    page.get_by_role("heading", name="Nvidia buys Acme Robotics").wait_for()
    # The displaCy markup is a separate element after the heading: wait for it before counting.
    page.locator("mark.entity").first.wait_for()
    assert page.locator("mark.entity").count() >= 2  # displaCy marked the entities in the text
    _shoot(page, "add-articles")
    confirm.click()
    page.get_by_text("Added to the graph: 1 added").wait_for()
    _open(page, "?page=overview")
    page.get_by_text("Most central entities").wait_for()
    page.get_by_text("Latest articles").wait_for()
    _shoot(page, "overview")
