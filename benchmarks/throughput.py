"""Articles per second for `kg extract` and `kg ingest` (the same functions the CLI calls).

usage: python benchmarks/throughput.py [INPUT ...] [--repeat N] [--workers N[,N...]] [--no-ingest] [--components]

INPUT defaults to the bundled sample corpus. Articles are repeated (with distinct ids) until at least
--repeat times the input, so the figure is not dominated by start-up. Model loading is timed separately.
``--workers 1,2`` measures one process and two (``extract_many(n_process=2)``). Besides wall-clock articles per
second, the CPU seconds of this process and its workers give articles per second per core, which does not
depend on what else the machine is running. ``--components`` adds the CPU seconds of each pipeline component
(tokenizer included) over the same articles, in a freshly loaded pipeline, one process.
"""

from __future__ import annotations

import argparse
import dataclasses
import resource
import tempfile
import time

from kg.errors import KGError
from kg.pipeline import SAMPLE_CORPUS, extract, ingest, load_pipeline, read_inputs
from kg.stores import open_store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("inputs", nargs="*", default=[str(SAMPLE_CORPUS)])
    parser.add_argument("--repeat", type=int, default=4)
    parser.add_argument("--workers", default="1", help="Comma-separated numbers of processes, e.g. 1,2.")
    parser.add_argument("--no-ingest", action="store_true", help="Measure extraction only.")
    parser.add_argument("--components", action="store_true", help="CPU time of each pipeline component.")
    args = parser.parse_args()
    workers = [int(w) for w in str(args.workers).split(",")]

    articles, errors = read_inputs(args.inputs)
    batch = [dataclasses.replace(a, id=f"{a.id}-{i}") for i in range(args.repeat) for a in articles]
    words = sum(len(a.text.split()) for a in batch)
    print(f"{len(batch)} articles ({words / len(batch):.0f} words on average), {len(errors)} unreadable inputs")

    t0 = time.perf_counter()
    nlp = load_pipeline()
    print(f"pipeline load: {time.perf_counter() - t0:.2f} s")

    for n in workers:
        t0, cpu0 = time.perf_counter(), _cpu()
        results = list(extract(batch, nlp=nlp, workers=n))
        elapsed, cpu = time.perf_counter() - t0, _cpu() - cpu0
        failed = sum(isinstance(r, KGError) for r in results)
        print(
            f"kg extract: {len(batch) / elapsed:.1f} articles/s ({elapsed:.2f} s, workers={n}, {failed} failed); "
            f"{len(batch) / cpu:.1f} articles/s per core ({cpu:.2f} CPU s)"
        )
    if args.components:
        _components([a.text for a in batch])
    if args.no_ingest:
        return

    with tempfile.TemporaryDirectory() as data_dir, open_store(data_dir) as store:
        t0 = time.perf_counter()
        report = ingest(batch, store, nlp=nlp, workers=workers[0])
        elapsed = time.perf_counter() - t0
        print(f"kg ingest: {len(batch) / elapsed:.1f} articles/s ({elapsed:.2f} s; {report.summary()})")


def _components(texts: list[str], batch_size: int = 16) -> None:
    """CPU seconds of each component of a freshly loaded pipeline over ``texts``, batch by batch as nlp.pipe."""
    nlp = load_pipeline()
    seconds = {"tokenizer": 0.0, **{name: 0.0 for name in nlp.pipe_names}}
    for start in range(0, len(texts), batch_size):
        t0 = time.process_time()
        docs = [nlp.make_doc(text) for text in texts[start : start + batch_size]]
        seconds["tokenizer"] += time.process_time() - t0
        for name, proc in nlp.pipeline:
            t0 = time.process_time()
            docs = list(proc.pipe(docs, batch_size=batch_size)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
            seconds[name] += time.process_time() - t0
    total = sum(seconds.values())
    print(f"components: {total:.2f} CPU s, {len(texts) / total:.1f} articles/s per core (without to_extraction)")
    for name, value in seconds.items():
        print(f"  {name:20s} {value:6.2f} s {100 * value / total:5.1f}%")
    model = sum(value for name, value in seconds.items() if name in _MODEL_PARTS)
    print(
        f"the spaCy model alone ({', '.join(n for n in seconds if n in _MODEL_PARTS)}): {model:.2f} CPU s, "
        f"{len(texts) / model:.1f} articles/s per core, the ceiling for kg extract with this model"
    )


#: The parts of the English model (kg_fast_attributes is its attribute_ruler and lemmatizer, memoised).
_MODEL_PARTS = {"tokenizer", "tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer",
                "kg_fast_attributes", "ner"}  # fmt: skip


def _cpu() -> float:
    """CPU seconds used by this process and by its finished child processes (the spaCy workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


if __name__ == "__main__":
    main()
