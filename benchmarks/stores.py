"""Load the same generated graph into each backend and time loading and the typical reads.

usage: python benchmarks/stores.py [--entities N] [--facts N] [--backends falkordb,neo4j] [--runs N]

For each backend it prints relations per second for loading (through ``write_extraction``, the real
write path, evidence included) and the median latency of a 1-hop neighbourhood, a 2-hop count, a shortest
path (kg.paths, bounded at 4 hops) and a full-text search. Neo4j is the Community 5.26 server of
tests/neo4j_server/ (needs java and mvn), started with a 4 GB heap and a 2 GB page cache.
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic_graph import HUB_ID, entities, extractions  # noqa: E402
from kg.paths import shortest_paths  # noqa: E402
from kg.stores import open_store  # noqa: E402


def _median_ms(fn: Callable[[object], object], args: list[object]) -> float:
    times = []
    for arg in args:
        t0 = time.perf_counter()
        fn(arg)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def _bench(name: str, store, ents, n_facts: int, runs: int) -> None:
    t0 = time.perf_counter()
    written = 0
    for extraction in extractions(ents, n_facts):
        store.write_extraction(extraction)
        written += len(extraction.relations)
    load_s = time.perf_counter() - t0
    counts = store.stats()
    facts = sum(v for k, v in counts["facts"].items())
    print(f"[{name}] loaded {written:,} relations ({facts:,} distinct facts, {counts['nodes']['Evidence']:,} evidence)"
          f" in {load_s:.1f} s: {written / load_s:,.0f} relations/s")  # fmt: skip

    rng = random.Random(5)
    sample = [e.id for e in rng.sample(ents, runs)]
    one_hop = "MATCH (n:Entity {id: $id})-[x]-(m:Entity) RETURN m.id, type(x)"
    two_hop = "MATCH (n:Entity {id: $id})-[]-(:Entity)-[]-(m:Entity) RETURN count(DISTINCT m)"
    print(f"[{name}] 1-hop neighbourhood (Cypher), median of {runs}: "
          f"{_median_ms(lambda i: store.query(one_hop, {'id': i}), sample):.1f} ms")  # fmt: skip
    print(f"[{name}] 1-hop of the hub via store.neighbours(limit=2000): "
          f"{_median_ms(lambda i: store.neighbours([i], limit=2000), [HUB_ID] * 5):.1f} ms")  # fmt: skip
    print(f"[{name}] 2-hop distinct count, median of {runs}: "
          f"{_median_ms(lambda i: store.query(two_hop, {'id': i}), sample):.1f} ms")  # fmt: skip
    pairs = list(zip(sample, reversed(sample), strict=True))
    path_ms = _median_ms(lambda p: shortest_paths(store, p[0], p[1], max_length=4, limit=1), pairs)
    print(f"[{name}] shortest path (bidirectional BFS, <= 4 hops), median of {runs}: {path_ms:.1f} ms")
    prefixes = [e.name.split()[0][:4] for e in rng.sample(ents, runs)]
    print(f"[{name}] full-text search, median of {runs}: "
          f"{_median_ms(lambda q: store.search(q, limit=20), prefixes):.1f} ms")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--facts", type=int, default=500_000)
    parser.add_argument("--backends", default="falkordb,neo4j")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {platform.processor() or 'cpu'}, python {platform.python_version()}")
    ents = entities(args.entities)
    for backend in args.backends.split(","):
        with tempfile.TemporaryDirectory() as work:
            if backend == "falkordb":
                with open_store(str(Path(work) / "kg-data")) as store:
                    _bench(backend, store, ents, args.facts, args.runs)
            elif backend == "neo4j":
                from tests.neo4j_fixture import start_neo4j

                with start_neo4j(Path(work), heap="4g", pagecache_mb=2048) as server:
                    import os

                    os.environ["KG_NEO4J_USER"], os.environ["KG_NEO4J_PASSWORD"] = server.user, server.password
                    with open_store(server.uri) as store:
                        _bench(backend, store, ents, args.facts, args.runs)
            else:
                raise SystemExit(f"unknown backend {backend!r}")


if __name__ == "__main__":
    main()
