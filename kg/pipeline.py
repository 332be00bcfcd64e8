"""Articles in, facts out: read inputs, run the extractors, and write the results to a store.

This is the layer the CLI and the explorer call. It never raises for one bad input: every failure is
reported as a :class:`~kg.errors.KGError` in the results while the rest of the batch goes through.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KGError
from kg.model import Article, Extraction
from kg.sources import read_articles
from kg.stores.base import GraphStore, WriteResult

__all__ = ["load_pipeline", "read_inputs", "extract", "ingest", "IngestReport", "SAMPLE_CORPUS"]

#: The bundled sample corpus that ``kg demo`` ingests.
SAMPLE_CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@functools.cache
def load_pipeline(model: str | None = None):
    """The spaCy pipeline with our components, loaded once per process (loading takes a second or two)."""
    from extractors import load_nlp

    return load_nlp(model)


def read_inputs(inputs: Iterable[str | Path]) -> tuple[list[Article], list[KGError]]:
    """Read every input into articles; the inputs that fail come back as errors, not exceptions."""
    articles: list[Article] = []
    errors: list[KGError] = []
    for item in read_articles(inputs):
        (errors if isinstance(item, KGError) else articles).append(item)
    return articles, errors


def extract(articles: Iterable[Article], *, nlp=None, workers: int = 1) -> Iterator[Extraction | KGError]:
    """Run the extractors over articles; yields one Extraction (or the error of that article) each.

    Examples
    --------
    >>> from kg.model import Article
    >>> [x] = extract([Article(id="a", text="Meta acquired Scale AI.")])  # doctest: +SKIP
    >>> [(r.subject, r.relation, r.object) for r in x.relations]        # doctest: +SKIP
    [('Meta', 'ACQUIRED', 'Scale AI')]
    """
    from extractors import extract_many

    yield from extract_many(nlp or load_pipeline(), articles, n_process=workers)


@dataclass
class IngestReport:
    """What an ingest run did, article by article."""

    results: list[WriteResult] = field(default_factory=list)
    errors: list[KGError] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    def summary(self) -> str:
        facts = sum(r.relations for r in self.results)
        return (
            f"{self.count('added')} added, {self.count('replaced')} replaced, "
            f"{self.count('unchanged')} unchanged, {len(self.errors)} failed; {facts} facts written"
        )


def ingest(
    articles: Iterable[Article],
    store: GraphStore,
    *,
    nlp=None,
    workers: int = 1,
    on_article: Callable[[WriteResult | KGError], None] | None = None,
) -> IngestReport:
    """Extract facts from articles and write each article to the store in one atomic write.

    Articles already stored with the same text are left as they are, so ingesting twice changes nothing.
    ``on_article`` is called after each article (for progress bars).
    """
    report = IngestReport()
    for item in extract(articles, nlp=nlp, workers=workers):
        outcome: WriteResult | KGError
        if isinstance(item, KGError):
            outcome = item
        else:
            try:
                outcome = store.write_extraction(item)
            except KGError as exc:
                outcome = exc
        (report.errors if isinstance(outcome, KGError) else report.results).append(outcome)
        if on_article:
            on_article(outcome)
    return report
