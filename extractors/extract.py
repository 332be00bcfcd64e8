"""From processed Docs to the dataclasses of ``kg.model``: ``extract`` and ``extract_many``."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from kg.errors import KGError
from kg.model import Article, Entity, Evidence, Extraction, Relation

from .errors import ExtractionError, errors_of
from .pipeline import pipeline_version

__all__ = ["extract", "extract_many", "to_extraction"]

log = logging.getLogger("kg")


def to_extraction(doc: Doc, article: Article, version: str) -> Extraction:
    """Build the :class:`~kg.model.Extraction` of an article from its processed Doc.

    Raises
    ------
    ExtractionError
        When one of our components recorded a failure on the Doc.
    """
    errors = errors_of(doc)
    if errors:
        raise ExtractionError(article.id, "; ".join(errors))
    raw = doc._.kg_entities or []
    entities = [
        Entity(id=e["id"], name=e["name"], type=e["type"], aliases=tuple(e["aliases"]), wikidata=e["wikidata"])
        for e in raw
    ]
    relations = []
    for r in doc._.kg_relations or []:
        subj = raw[r["subject"]]
        obj = raw[r["object"]] if r["object"] is not None else None
        evidence = Evidence(
            article_id=article.id,
            sentence=article.text[r["start"] : r["end"]],
            start=r["start"],
            end=r["end"],
            rule=r["rule"],
            confidence=r["confidence"],
            pipeline_version=version,
            url=article.url,
            title=article.title,
            date=article.date,
        )
        relations.append(
            Relation(
                subject_id=subj["id"],
                relation=r["relation"],
                object_id=obj["id"] if obj else None,
                subject=subj["name"],
                object=obj["name"] if obj else r["literal"],
                evidence=evidence,
                qualifiers=dict(r["qualifiers"]),
            )
        )
    return Extraction(article=article, entities=entities, relations=relations)


def extract(nlp: Language, article: Article) -> Extraction:
    """Entities and relations of one article.

    Parameters
    ----------
    nlp:
        A pipeline from :func:`extractors.load_nlp`.
    article:
        The article; only ``article.text`` is analysed, and evidence offsets index into it.

    Returns
    -------
    Extraction

    Raises
    ------
    ExtractionError
        When the extraction failed for this article.
    """
    try:
        doc = nlp(article.text)
        return to_extraction(doc, article, pipeline_version(nlp))
    except KGError:
        raise
    except Exception as exc:
        raise ExtractionError(article.id, f"{type(exc).__name__}: {exc}") from exc


def extract_many(
    nlp: Language, articles: Iterable[Article], *, batch_size: int = 16, n_process: int = 1
) -> Iterator[Extraction | KGError]:
    """Extractions of many articles, in order, using ``nlp.pipe``.

    An article whose extraction fails yields a :class:`~kg.errors.KGError` (an ``ExtractionError``) in its
    place; the other articles go on.

    Parameters
    ----------
    nlp:
        A pipeline from :func:`extractors.load_nlp`.
    articles:
        The articles (any iterable; consumed lazily, one chunk at a time).
    batch_size, n_process:
        Passed to ``nlp.pipe``.
    """
    version = pipeline_version(nlp)
    chunk: list[Article] = []
    chunk_size = max(batch_size * max(n_process, 1) * 4, 1)
    for article in articles:
        chunk.append(article)
        if len(chunk) >= chunk_size:
            yield from _extract_chunk(nlp, chunk, version, batch_size, n_process)
            chunk = []
    if chunk:
        yield from _extract_chunk(nlp, chunk, version, batch_size, n_process)


def _extract_chunk(
    nlp: Language, chunk: list[Article], version: str, batch_size: int, n_process: int
) -> Iterator[Extraction | KGError]:
    try:
        docs = list(nlp.pipe((a.text for a in chunk), batch_size=batch_size, n_process=n_process))
    except Exception as exc:  # a failure outside our components: retry one article at a time
        log.warning("KG304 batch failed (%s); processing its %d articles one by one", exc, len(chunk))
        for article in chunk:
            try:
                yield extract(nlp, article)
            except KGError as err:
                yield err
        return
    for doc, article in zip(docs, chunk, strict=True):
        try:
            yield to_extraction(doc, article, version)
        except KGError as err:
            yield err
        except Exception as exc:
            yield ExtractionError(article.id, f"{type(exc).__name__}: {exc}")
