"""Explorer benchmark: search and neighbourhood queries on a synthetic graph, and graph element building.

Builds a synthetic graph (default 100,000 entities, 300,000 facts with evidence, 1,000 facts per article)
through ``store.write_extraction`` in a temporary embedded store, then prints the median time of
``store.search`` over 20 queries, of ``neighbours([hub], limit=2000)``, of building the Cytoscape
elements for 2,000 nodes and 5,000 edges, and the build time. ``--browser`` also renders those elements
in headless Chromium with the explorer's graph component and times it.

    .venv/bin/python benchmarks/explorer.py                       # the full size (several minutes)
    .venv/bin/python benchmarks/explorer.py --entities 10000 --facts 30000 --browser
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic_graph import HUB_ID, entities, extractions, orphan_extraction  # noqa: E402
from explorer.elements import subgraph_elements  # noqa: E402
from kg.stores import open_store  # noqa: E402


def _median_ms(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def _synthetic_view(n_nodes: int, n_edges: int) -> tuple[list[dict], list[dict]]:
    """2,000 nodes and 5,000 edges in the shapes ``store.neighbours`` returns."""
    rng = random.Random(3)
    types = ("Organization", "Person", "AIModel", "Product")
    nodes = [{"id": f"n{i}", "name": f"Entity {i}", "type": types[i % 4], "degree": rng.randint(1, 300)}
             for i in range(n_nodes)]  # fmt: skip
    edges = []
    for k in range(n_edges):
        s, o = (0, k + 1) if k < n_nodes - 1 else (rng.randrange(n_nodes), rng.randrange(n_nodes))
        edges.append({"key": f"e{k}", "source": f"n{s}", "target": f"n{o}", "relation": "DEVELOPED",
                      "support": 1, "first_seen": "2026-01-01", "last_seen": "2026-01-01"})  # fmt: skip
    return nodes, edges


def _browser(elements: dict) -> dict[str, float]:
    """Render the elements with the explorer's graph component in headless Chromium; times in ms."""
    import os
    import socket
    import subprocess
    import urllib.request

    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="kg-bench-browser-"))
    (work / "elements.json").write_text(json.dumps(elements))
    repo = Path(__file__).resolve().parent.parent
    (work / "page.py").write_text(
        "import json, sys\n"
        f"sys.path.insert(0, {str(repo)!r})\n"
        "import streamlit as st\n"
        "from explorer.widgets import graph\n"
        "st.set_page_config(layout='wide')\n"
        f"elements = json.load(open({str(work / 'elements.json')!r}))\n"
        "graph(elements, key='bench', layout={'name': 'concentric', 'animate': False, 'fit': True, "
        "'minNodeSpacing': 4}, height=800)\n"
    )
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(work / "page.py"), "--server.headless",
                             "true", "--server.port", str(port), "--browser.gatherUsageStats", "false"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ))  # fmt: skip
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=args)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            started = time.perf_counter()
            page.goto(f"http://127.0.0.1:{port}/")
            page.locator("iframe[title*='st_link_analysis']").wait_for(timeout=120_000)
            frame = next(f for f in page.frames if "st_link_analysis" in f.url)
            n = len(elements["nodes"])
            frame.wait_for_function(f"document.getElementById('cy')?._cyreg?.cy?.nodes().length === {n}",
                                    timeout=300_000, polling=50)  # fmt: skip
            # The layout runs after the elements arrive: wait until the positions stop moving.
            snapshot = ("(() => { const cy = document.getElementById('cy')._cyreg.cy; return JSON.stringify("
                        "cy.nodes().slice(0, 50).map(n => [Math.round(n.position('x')), Math.round(n.position('y'))]))"
                        " + cy.zoom(); })()")  # fmt: skip
            previous = None
            while (current := frame.evaluate(snapshot)) != previous:
                previous = current
                time.sleep(0.25)
            loaded = (time.perf_counter() - started) * 1000 - 250
            # Interactivity: the time from a change to the second painted frame after it.
            timed = ("() => new Promise(done => {{ const cy = document.getElementById('cy')._cyreg.cy;"
                     " const t0 = performance.now(); {action};"
                     " requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t0))); }})")
            zoom = frame.evaluate(timed.format(action="cy.zoom({level: cy.zoom() * 1.5, renderedPosition: "
                                                      "{x: 500, y: 400}})"))
            pan = frame.evaluate(timed.format(action="cy.panBy({x: 40, y: 30})"))
            select = frame.evaluate(timed.format(action="cy.nodes()[7].select()"))
            page.screenshot(path=str(work / "graph.png"))
            browser.close()
        return {"render_ms": round(loaded), "zoom_ms": round(zoom), "pan_ms": round(pan), "select_ms": round(select),
                "screenshot": str(work / "graph.png")}
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--facts", type=int, default=300_000)
    parser.add_argument("--facts-per-article", type=int, default=1000)
    parser.add_argument("--browser", action="store_true", help="also render 2,000 nodes / 5,000 edges in Chromium")
    args = parser.parse_args()

    ents = entities(args.entities)
    with tempfile.TemporaryDirectory(prefix="kg-bench-explorer-") as tmp, open_store(str(Path(tmp) / "kg")) as store:
        started = time.perf_counter()
        present: set[str] = set()
        for i, extraction in enumerate(extractions(ents, args.facts, args.facts_per_article), start=1):
            store.write_extraction(extraction)
            present.update(e.id for e in extraction.entities)
            if i % 50 == 0:
                print(f"  wrote {i} articles ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)
        orphans = orphan_extraction(ents, present)
        if orphans:
            store.write_extraction(orphans)
        build_s = time.perf_counter() - started
        counts = store.stats()
        n_entities = sum(counts["nodes"][t] for t in ("Organization", "Person", "AIModel", "Product"))
        n_facts = sum(v for k, v in counts["facts"].items() if k not in ("OPEN_WEIGHTS", "LICENSED_UNDER"))

        rng = random.Random(5)
        sample = rng.sample(ents, 10)
        queries = [e.name.split()[0][:4] for e in sample] + [e.name for e in sample]  # prefixes and full names
        store.search(queries[0])  # warm the connection
        search_times = []
        for q in queries:
            ms, _ = _median_ms(lambda q=q: store.search(q, limit=20), 1)
            search_times.append(ms)
        hub_ms, hub = _median_ms(lambda: store.neighbours([HUB_ID], limit=2000), 5)
        nodes, edges = _synthetic_view(2000, 5000)
        build_ms, elements = _median_ms(lambda: subgraph_elements(nodes, edges), 5)
        payload_kb = len(json.dumps(elements)) / 1024

    print(f"graph: {n_entities} entities, {n_facts} facts, {counts['nodes']['Evidence']} evidence, "
          f"{counts['nodes']['Article']} articles")
    print(f"build (write_extraction, {args.facts_per_article} facts per article): {build_s:.1f} s")
    print(f"search: median {statistics.median(search_times):.1f} ms, max {max(search_times):.1f} ms "
          f"over {len(queries)} queries")
    print(f"neighbours([hub], limit=2000): median {hub_ms:.1f} ms -> {len(hub.nodes)} nodes, "
          f"{len(hub.edges)} edges, truncated={hub.truncated}")
    print(f"graph elements for 2000 nodes / 5000 edges: median {build_ms:.1f} ms ({payload_kb:.0f} KiB of JSON)")
    if args.browser:
        print(f"browser (Chromium, st-link-analysis): {_browser(elements)}")


if __name__ == "__main__":
    main()
