"""Curated sources (Ecosystem Graphs, Epoch AI) merged into the graph, and where they disagree with the news."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from kg.conflicts import find_conflicts
from kg.curated import Resolver, ecosystem_graphs_extractions, epoch_extractions, import_paths
from kg.errors import InputError
from kg.export import snapshot
from kg.model import Article, Entity, Evidence, Extraction, Relation
from kg.rdf import import_rdf, validate, write_rdf
from kg.stores.falkordb import FalkorStore
from ontology import load_registry
from tests.cli_runner import run_kg

DATA = Path(__file__).parent / "data" / "curated"
EG_FILES = sorted((DATA / "ecosystem-graphs").glob("*.yaml"))
EPOCH = DATA / "epoch" / "notable_ai_models.csv"
TODAY = dt.date(2026, 1, 2)


def _facts(extractions: list[Extraction]) -> set[tuple[str, str, str]]:
    return {(r.subject_id, r.relation, r.object_id or r.object) for x in extractions for r in x.relations}


def test_curated_resolver_prefers_registry_then_store_then_slug():
    resolver = Resolver(load_registry(), [{"id": "model:orbit-2", "type": "AIModel", "name": "Orbit-2",
                                           "aliases": ["Orbit 2 Large"]}])  # fmt: skip
    meta = resolver.resolve("Meta Platforms", "Organization")
    assert (meta.id, meta.name, meta.aliases, meta.wikidata) == ("org:meta", "Meta", ("Meta Platforms",), "Q380")
    assert resolver.resolve("Orbit 2 large", "AIModel").id == "model:orbit-2"
    assert resolver.resolve("Meta AI", "Product").id == "product:meta-ai"
    assert resolver.resolve("Meta AI", "Organization").id == "org:meta-ai"  # types are not mixed
    assert resolver.resolve("Brand New-Model 7", "AIModel").id == "model:brand-new-model-7"


def test_curated_ecosystem_graphs_records_become_facts_with_evidence():
    extractions, skipped = ecosystem_graphs_extractions(EG_FILES, Resolver(load_registry()), today=TODAY)
    assert skipped == 1  # the dataset
    assert {x.article.id for x in extractions} == {
        "curated:ecosystem-graphs:model:llama-2", "curated:ecosystem-graphs:model:code-llama",
        "curated:ecosystem-graphs:application:meta-ai", "curated:ecosystem-graphs:model:deepseek-v3",
        "curated:ecosystem-graphs:model:deepseek-r1", "curated:ecosystem-graphs:model:mistral-large",
    }  # fmt: skip
    assert _facts(extractions) == {
        ("org:meta", "DEVELOPED", "model:llama-2"), ("model:llama-2", "OPEN_WEIGHTS", "true"),
        ("model:llama-2", "LICENSED_UNDER", "Llama 2 Community License"),
        ("org:meta", "DEVELOPED", "model:code-llama"), ("model:code-llama", "OPEN_WEIGHTS", "true"),
        ("model:code-llama", "LICENSED_UNDER", "Llama 2 Community License"),
        ("model:code-llama", "BASED_ON", "model:llama-2"),
        ("org:meta", "DEVELOPED", "product:meta-ai"), ("model:llama-2", "AVAILABLE_VIA", "product:meta-ai"),
        ("org:deepseek", "DEVELOPED", "model:deepseek-v3"), ("model:deepseek-v3", "OPEN_WEIGHTS", "true"),
        ("org:deepseek", "DEVELOPED", "model:deepseek-r1"), ("model:deepseek-r1", "OPEN_WEIGHTS", "true"),
        ("model:deepseek-r1", "LICENSED_UNDER", "MIT"), ("model:deepseek-r1", "BASED_ON", "model:deepseek-v3"),
        ("org:mistral-ai", "DEVELOPED", "model:mistral-large"), ("model:mistral-large", "OPEN_WEIGHTS", "false"),
    }  # fmt: skip
    llama = next(x for x in extractions if x.article.id.endswith(":llama-2"))
    assert (llama.article.date, llama.article.url) == ("2023-07-18", "")
    assert llama.article.title == "Ecosystem Graphs: Llama 2"
    [sentence] = {r.evidence.sentence for r in llama.relations}
    assert sentence == ("Ecosystem Graphs: model Llama 2 by Meta, created 2023-07-18, access open, "
                        "license Llama 2 Community License.")  # fmt: skip
    assert all(r.evidence.rule == "curated:ecosystem-graphs" and llama.article.text[r.evidence.start:r.evidence.end]
               == sentence for r in llama.relations)  # fmt: skip
    code_llama = next(x for x in extractions if x.article.id.endswith(":code-llama"))
    assert code_llama.article.date == "2023-08-24"  # a {value, explanation} date
    mistral = next(x for x in extractions if x.article.id.endswith(":mistral-large"))
    assert (mistral.article.date, mistral.article.date_source) == ("2026-01-02", "ingested")  # "2024 (Exact date...)"


def test_curated_epoch_rows_become_facts():
    extractions, skipped = epoch_extractions(EPOCH, Resolver(load_registry()), today=TODAY)
    assert skipped == 1  # the row without a model name
    assert _facts(extractions) == {
        ("org:openai", "DEVELOPED", "model:gpt-4"), ("model:gpt-4", "OPEN_WEIGHTS", "false"),
        ("org:meta", "DEVELOPED", "model:llama-2-70b"), ("model:llama-2-70b", "OPEN_WEIGHTS", "true"),
        ("org:google-deepmind", "DEVELOPED", "model:gemma-7b"), ("model:gemma-7b", "OPEN_WEIGHTS", "true"),
        ("org:deepseek", "DEVELOPED", "model:deepseek-r1"), ("model:deepseek-r1", "OPEN_WEIGHTS", "true"),
        ("model:deepseek-r1", "BASED_ON", "model:deepseek-v3"),
        ("org:anthropic", "DEVELOPED", "model:claude-3-opus"), ("model:claude-3-opus", "OPEN_WEIGHTS", "false"),
    }  # fmt: skip
    gpt4 = next(x for x in extractions if x.article.id == "curated:epoch:model:gpt-4")
    assert gpt4.article.date == "2023-03-15"
    assert gpt4.relations[0].evidence.sentence == ("Epoch AI: model GPT-4 by OpenAI, published 2023-03-15, "
                                                   "accessibility API access.")  # fmt: skip


def test_curated_bad_inputs_are_reported(tmp_path):
    bad_csv = tmp_path / "models.csv"
    bad_csv.write_text("Name,Year\nGPT-4,2023\n")
    with pytest.raises(InputError, match="KG403"):
        epoch_extractions(bad_csv, Resolver())
    bad_yaml = tmp_path / "assets.yaml"
    bad_yaml.write_text("type: model\nname: X\n")
    with pytest.raises(InputError, match="KG402"):
        ecosystem_graphs_extractions([bad_yaml], Resolver())


# -- into a store, next to news -----------------------------------------------------------------------------


def _news(article_id: str, date: str, sentence: str, facts: list[tuple], entities: list[Entity]) -> Extraction:
    evidence = Evidence(article_id, sentence, 0, len(sentence), "test:rule", 0.7, "test-pipeline", date=date)
    names = {e.id: e.name for e in entities}
    relations = [Relation(s, rel, o if o in names else None, names[s], names.get(o, o), evidence, dict(q))
                 for s, rel, o, *q in facts]  # fmt: skip
    return Extraction(Article(id=article_id, text=sentence, title=f"News {article_id}", date=date), entities, relations)


NEWS = [
    _news("n1", "2025-01-30", "DeepSeek released DeepSeek-R1 under the Apache 2.0 licence.",
          [("org:deepseek", "DEVELOPED", "model:deepseek-r1"), ("model:deepseek-r1", "LICENSED_UNDER", "Apache 2.0")],
          [Entity("org:deepseek", "DeepSeek", "Organization"), Entity("model:deepseek-r1", "DeepSeek-R1", "AIModel")]),
    _news("n2", "2024-02-21", "Gemma 7B ships without open weights.",
          [("model:gemma-7b", "OPEN_WEIGHTS", "false")], [Entity("model:gemma-7b", "Gemma 7B", "AIModel")]),
    _news("n3", "2024-02-26", "Microsoft launched Mistral Large on Azure.",
          [("org:microsoft", "DEVELOPED", "model:mistral-large"),
           ("model:mistral-large", "AVAILABLE_VIA", "product:microsoft-azure")],
          [Entity("org:microsoft", "Microsoft", "Organization"),
           Entity("model:mistral-large", "Mistral Large", "AIModel"),
           Entity("product:microsoft-azure", "Microsoft Azure", "Product")]),
    _news("n4", "2023-07-18", "Meta released Llama 2 under the Llama 2 Community License.",
          [("org:meta", "DEVELOPED", "model:llama-2"),
           ("model:llama-2", "LICENSED_UNDER", "Llama 2 Community License")],
          [Entity("org:meta", "Meta", "Organization"), Entity("model:llama-2", "Llama 2", "AIModel")]),
]  # fmt: skip


@pytest.fixture(scope="module")
def merged(tmp_path_factory):
    """News facts and both curated fixtures in one store."""
    with FalkorStore(str(tmp_path_factory.mktemp("curated") / "kg-data")) as store:
        for x in NEWS:
            store.write_extraction(x)
        report = import_paths(store, [DATA], today=TODAY)
        assert report.errors == [] and report.skipped == 2
        yield store


def test_curated_import_is_idempotent_and_resolves_to_news_entities(merged):
    again = import_paths(merged, [DATA], today=TODAY)
    assert {r.status for r in again.results} == {"unchanged"} and len(again.results) == 11
    ids = {row[0] for row in merged.query("MATCH (n:AIModel) RETURN n.id").rows}
    assert {"model:deepseek-r1", "model:gemma-7b", "model:llama-2", "model:llama-2-70b"} <= ids
    [[support, articles]] = merged.query(
        "MATCH (:Organization {id: 'org:deepseek'})-[r:DEVELOPED]->(:AIModel {id: 'model:deepseek-r1'}) "
        "RETURN r.support, r.articles").rows  # fmt: skip
    assert support == 3 and set(articles) == {"n1", "curated:ecosystem-graphs:model:deepseek-r1",
                                              "curated:epoch:model:deepseek-r1"}  # fmt: skip


def test_curated_facts_keep_provenance_and_conform(merged):
    rows = merged.query("MATCH (ev:Evidence {fact: 'org:meta|DEVELOPED|model:llama-2-70b'}) "
                        "RETURN ev.rule, ev.date, ev.article_id").rows  # fmt: skip
    assert rows == [["curated:epoch", "2023-07-18", "curated:epoch:model:llama-2-70b"]]
    assert validate(merged).conforms


def test_curated_conflicts_with_news(merged):
    found = {(c.kind, c.source, c.entity_id, c.relation, c.news, c.curated) for c in find_conflicts(merged)}
    assert found == {
        ("disagree", "ecosystem-graphs", "model:deepseek-r1", "LICENSED_UNDER", "Apache 2.0", "MIT"),
        ("disagree", "epoch", "model:gemma-7b", "OPEN_WEIGHTS", "false", "true"),
        ("disagree", "ecosystem-graphs", "model:mistral-large", "DEVELOPED", "Microsoft", "Mistral AI"),
        ("news-only", "ecosystem-graphs", "model:mistral-large", "AVAILABLE_VIA", "Microsoft Azure", ""),
    }
    only_epoch = find_conflicts(merged, sources=["epoch"])
    assert [(c.entity, c.article, c.sentence) for c in only_epoch] == [
        ("Gemma 7B", "News n2", "Gemma 7B ships without open weights.")
    ]


def test_curated_facts_survive_an_rdf_round_trip(merged, tmp_path):
    exported = io.StringIO()
    write_rdf(snapshot(merged), exported, "nq")
    path = tmp_path / "kg.nq"
    path.write_text(exported.getvalue())
    with FalkorStore(str(tmp_path / "fresh")) as fresh:
        import_rdf(fresh, path)
        again = io.StringIO()
        write_rdf(snapshot(fresh), again, "nq")
    assert again.getvalue() == exported.getvalue()


def test_cli_import_and_conflicts(tmp_path):
    db = str(tmp_path / "kg-data")
    with FalkorStore(db) as store:
        for x in NEWS:
            store.write_extraction(x)
    result = run_kg("import", str(DATA / "ecosystem-graphs"), str(EPOCH), str(tmp_path / "missing.yaml"), "--db", db)
    assert result.returncode == 1
    missing = tmp_path / "missing.yaml"
    assert result.stderr.strip().splitlines() == [f"error: {missing}: KG404 no such file or directory"]
    assert result.stdout.strip() == "11 articles: 11 added, 0 replaced, 0 unchanged; 2 records skipped; 1 failed"
    conflicts = run_kg("conflicts", "--source", "ecosystem-graphs", "--format", "csv", "--db", db)
    assert conflicts.returncode == 0, conflicts.stderr
    lines = conflicts.stdout.splitlines()
    assert lines[0] == "kind,source,entity,relation,news,curated,article,sentence"
    assert len(lines) == 4 and "disagree,ecosystem-graphs,DeepSeek-R1,LICENSED_UNDER,Apache 2.0,MIT," in lines[1]


def test_cli_import_reports_each_bad_input_and_imports_the_rest(tmp_path):
    (tmp_path / "bad.csv").write_text("Name,Year\nGPT-4,2023\n")
    (tmp_path / "broken.ttl").write_text("@prefix x: <http://x/> .\nx:a x:b")
    db = str(tmp_path / "kg-data")
    result = run_kg("import", str(tmp_path / "bad.csv"), str(tmp_path / "broken.ttl"), str(DATA / "epoch"),
                    str(tmp_path / "missing.csv"), "--db", db)  # fmt: skip
    assert result.returncode == 1
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 3 and "Traceback" not in result.stderr
    for name, code in (("bad.csv", "KG403"), ("broken.ttl", "KG213"), ("missing.csv", "KG404")):
        assert sum(name in line and code in line for line in errors) == 1, name
    assert " added" in result.stdout and not result.stdout.startswith("0 articles")
    assert (
        run_kg("query", "MATCH (a:Article) RETURN count(a) > 0 AS ok", "--format", "json", "--db", db).stdout.count(
            "true"
        )
        == 1
    )
