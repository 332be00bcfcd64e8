"""extract / extract_many: order, evidence offsets, deduplication and per-article failures."""

import extractors.relations as rel_module
from extractors import ExtractionError, extract_many
from kg.errors import KGError
from kg.model import Article, Extraction

ARTICLES = [
    Article(id="a1", text="Amazon invested $4 billion in Anthropic. Amazon invested in Anthropic again."),
    Article(id="a2", text="Apple partnered with OpenAI.", url="https://example.com/a2", title="Deal"),
    Article(id="a3", text=""),
]


def test_extract_many_keeps_order_and_offsets(nlp):
    results = list(extract_many(nlp, ARTICLES, batch_size=2))
    assert [r.article.id for r in results] == ["a1", "a2", "a3"]
    for ex in results:
        assert isinstance(ex, Extraction)
        for r in ex.relations:
            assert ex.article.text[r.evidence.start : r.evidence.end] == r.evidence.sentence
            assert r.evidence.pipeline_version


def test_one_relation_per_fact_per_article(nlp):
    ex = next(iter(extract_many(nlp, ARTICLES[:1])))
    keys = [r.key for r in ex.relations]
    assert len(keys) == len(set(keys))
    assert sum(r.relation == "INVESTED_IN" for r in ex.relations) == 1


def test_evidence_carries_article_metadata(nlp):
    ex = list(extract_many(nlp, ARTICLES[1:2]))[0]
    assert ex.relations and all(r.evidence.url == "https://example.com/a2" for r in ex.relations)


def test_failing_article_yields_error_and_batch_goes_on(nlp, monkeypatch):
    # Make the relation component fail on one article; its error handler records it on that Doc only.

    real = rel_module.extract_relations

    def exploding(doc, schema):
        if "boom" in doc.text:
            raise RuntimeError("simulated failure")
        return real(doc, schema)

    monkeypatch.setattr(rel_module, "extract_relations", exploding)
    articles = [Article(id="ok1", text="Apple partnered with OpenAI."), Article(id="bad", text="boom Apple."),
                Article(id="ok2", text="Amazon invested in Anthropic.")]
    results = list(extract_many(nlp, articles))
    assert isinstance(results[0], Extraction) and isinstance(results[2], Extraction)
    assert isinstance(results[1], KGError) and isinstance(results[1], ExtractionError)
    assert "KG301" in str(results[1]) and "bad" in str(results[1])
