"""Articles per second for `kg extract` and `kg ingest` (the same functions the CLI calls).

usage: python benchmarks/throughput.py [INPUT ...] [--repeat N] [--workers N]

INPUT defaults to the bundled sample corpus. Articles are repeated (with distinct ids) until at least
--repeat times the input, so the figure is not dominated by start-up. Model loading is timed separately.
"""

from __future__ import annotations

import argparse
import dataclasses
import tempfile
import time

from kg.errors import KGError
from kg.pipeline import SAMPLE_CORPUS, extract, ingest, load_pipeline, read_inputs
from kg.stores import open_store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("inputs", nargs="*", default=[str(SAMPLE_CORPUS)])
    parser.add_argument("--repeat", type=int, default=4)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()

    articles, errors = read_inputs(args.inputs)
    articles = [a for a in articles if not a.source.endswith("README.md")]
    batch = [dataclasses.replace(a, id=f"{a.id}-{i}") for i in range(args.repeat) for a in articles]
    words = sum(len(a.text.split()) for a in batch)
    print(f"{len(batch)} articles ({words / len(batch):.0f} words on average), {len(errors)} unreadable inputs")

    t0 = time.perf_counter()
    nlp = load_pipeline()
    print(f"pipeline load: {time.perf_counter() - t0:.2f} s")

    t0 = time.perf_counter()
    results = list(extract(batch, nlp=nlp, workers=args.workers))
    elapsed = time.perf_counter() - t0
    failed = sum(isinstance(r, KGError) for r in results)
    print(
        f"kg extract: {len(batch) / elapsed:.1f} articles/s ({elapsed:.2f} s, workers={args.workers}, {failed} failed)"
    )

    with tempfile.TemporaryDirectory() as data_dir, open_store(data_dir) as store:
        t0 = time.perf_counter()
        report = ingest(batch, store, nlp=nlp, workers=args.workers)
        elapsed = time.perf_counter() - t0
        print(f"kg ingest: {len(batch) / elapsed:.1f} articles/s ({elapsed:.2f} s; {report.summary()})")


if __name__ == "__main__":
    main()
