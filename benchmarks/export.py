"""Export time and size per format for a synthetic graph (default: 100 articles x 1,000 relations = 100,000).

The graph is written the only way the store is written, through ``write_extraction``; then every format of
``kg export`` is timed (reading the store included) and its size measured.

    .venv/bin/python benchmarks/export.py                      # 100 x 1,000 relations in a temporary store
    .venv/bin/python benchmarks/export.py --articles 10 --relations 100 --formats ttl,nq
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.export import FORMATS, export_to  # noqa: E402
from kg.model import Article, Entity, Evidence, Extraction, Relation  # noqa: E402
from kg.stores.falkordb import FalkorStore  # noqa: E402

_PAIRS = [("ACQUIRED", "Organization", "Organization"), ("INVESTED_IN", "Organization", "Organization"),
          ("PARTNERED_WITH", "Organization", "Organization"), ("DEVELOPED", "Organization", "AIModel"),
          ("BASED_ON", "AIModel", "AIModel"), ("OUTPERFORMS", "AIModel", "AIModel"),
          ("LEADS", "Person", "Organization"), ("AVAILABLE_VIA", "AIModel", "Product")]  # fmt: skip
_PREFIX = {"Organization": "org", "AIModel": "model", "Person": "person", "Product": "product"}


def synthetic_extraction(i: int, relations: int, pool: int, rng: random.Random) -> Extraction:
    """One article stating ``relations`` facts between entities drawn from pools of ``pool`` per type."""
    entities: dict[str, Entity] = {}
    rels, parts, offset = [], [], 0
    for j in range(relations):
        relation, s_type, o_type = _PAIRS[j % len(_PAIRS)]
        s_n, o_n = rng.randrange(pool), rng.randrange(pool)
        if s_type == o_type and s_n == o_n:
            o_n = (o_n + 1) % pool
        s = Entity(f"{_PREFIX[s_type]}:s{s_n}", f"{s_type} {s_n}", s_type)
        o = Entity(f"{_PREFIX[o_type]}:s{o_n}", f"{o_type} {o_n}", o_type)
        entities[s.id], entities[o.id] = s, o
        sentence = f"{s.name} {relation.lower().replace('_', ' ')} {o.name} (article {i}, claim {j})."
        ev = Evidence(f"bench-{i}", sentence, offset, offset + len(sentence), "bench:synthetic", 0.5, "bench-1",
                      date=f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}")  # fmt: skip
        qualifiers = {"amount": f"${j} million"} if relation in ("ACQUIRED", "INVESTED_IN") else {}
        rels.append(Relation(s.id, relation, o.id, s.name, o.name, ev, qualifiers))
        parts.append(sentence)
        offset += len(sentence) + 1
    article = Article(f"bench-{i}", " ".join(parts), title=f"Synthetic article {i}",
                      url=f"https://example.org/bench/{i}", date=f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}")  # fmt: skip
    return Extraction(article, list(entities.values()), rels)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--relations", type=int, default=1000, help="relations per article")
    parser.add_argument("--pool", type=int, default=20_000, help="entities per type to draw from")
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--db", help="data directory (default: a temporary one)")
    args = parser.parse_args()
    formats = [f for f in args.formats.split(",") if f]
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "kg-data")
        with FalkorStore(db) as store:
            rng = random.Random(6)
            t0 = time.perf_counter()
            for i in range(args.articles):
                store.write_extraction(synthetic_extraction(i, args.relations, args.pool, rng))
            write_s = time.perf_counter() - t0
            stats = store.stats()
            facts = sum(v for k, v in stats["facts"].items())
            print(f"wrote {args.articles} articles x {args.relations} relations through write_extraction in "
                  f"{write_s:.1f} s: {sum(stats['nodes'][t] for t in _PREFIX)} entities, {facts} facts, "
                  f"{stats['nodes']['Evidence']} evidence")  # fmt: skip
            print(f"{'format':<8}{'seconds':>10}{'bytes':>16}{'bytes/relation':>16}")
            for fmt in formats:
                out = Path(tmp) / (f"export-{fmt}" if fmt == "csv" else f"export.{fmt}")
                t0 = time.perf_counter()
                paths = export_to(store, fmt, out)
                seconds = time.perf_counter() - t0
                size = sum(p.stat().st_size for p in (paths[0].parent.iterdir() if fmt == "csv" else paths))
                total = args.articles * args.relations
                print(f"{fmt:<8}{seconds:>10.1f}{size:>16,}{size / total:>16.0f}")


if __name__ == "__main__":
    main()
