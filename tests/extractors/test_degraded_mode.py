"""Degraded mode: without the English model the pipeline still runs, warns once, and finds surface facts."""

import logging
import warnings

from extractors import DegradedModeWarning, extract, is_degraded, load_nlp, pipeline_version
from extractors import pipeline as pipeline_module
from kg.model import Article


def test_degraded_pipeline_warns_once_and_extracts(monkeypatch, caplog):
    monkeypatch.setattr(pipeline_module, "_warned", False)
    with warnings.catch_warnings(record=True) as caught, caplog.at_level(logging.WARNING, logger="kg"):
        warnings.simplefilter("always")
        nlp = load_nlp("no_such_model_xyz")
        load_nlp("no_such_model_xyz")
    degraded = [w for w in caught if issubclass(w.category, DegradedModeWarning)]
    assert len(degraded) == 1
    assert "make setup" in str(degraded[0].message)
    assert sum("degraded" in r.getMessage() for r in caplog.records) == 1
    assert is_degraded(nlp)
    assert pipeline_version(nlp).endswith("/blank")

    text = "Microsoft Azure now hosts Mistral 7B. Grok-1 ships with no open weights."
    extraction = extract(nlp, Article(id="d", text=text))
    names = {e.name for e in extraction.entities}
    assert "Mistral 7B" in names and "Grok-1" in names
    facts = {(r.subject, r.relation, r.object) for r in extraction.relations}
    assert ("Grok-1", "OPEN_WEIGHTS", "false") in facts
    for r in extraction.relations:
        assert text[r.evidence.start : r.evidence.end] == r.evidence.sentence


def test_default_pipeline_is_not_degraded(nlp):
    assert not is_degraded(nlp)
    assert pipeline_version(nlp).startswith("kg-rules-")
