"""The graph as linked data: RDF exports with provenance, round trips, SHACL, SPARQL, CSV/GEXF, on the sample corpus."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from kg.errors import OntologyError, QueryError
from kg.export import export_csv, export_gexf, neo4j_admin_command, snapshot
from kg.model import Article, Entity, Evidence, Extraction, Relation
from kg.rdf import (
    KG,
    SPARQL_EXAMPLES,
    base_iri,
    build_graph,
    extractions_from_rdf,
    import_rdf,
    read_rdf,
    run_sparql,
    snapshot_graph,
    validate,
    write_rdf,
)
from kg.stores.falkordb import FalkorStore
from tests.cli_runner import run_kg

REPO = Path(__file__).resolve().parent.parent
BASE = "https://w3id.org/ai-kg/"
MUSE_SPARK_ARTICLE = f"{BASE}article/36c45016ffa99cfd"


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory) -> str:
    """The sample corpus ingested once for the module (through the Python API)."""
    from kg.pipeline import SAMPLE_CORPUS, ingest, read_inputs

    db = str(tmp_path_factory.mktemp("rdf") / "kg-data")
    articles, errors = read_inputs(sorted(SAMPLE_CORPUS.glob("[0-9]*.md")))
    assert not errors
    with FalkorStore(db) as store:
        report = ingest(articles, store)
    assert not report.errors
    return db


@pytest.fixture(scope="module")
def corpus(corpus_db):
    with FalkorStore(corpus_db) as store:
        yield store


@pytest.fixture(scope="module")
def exports(corpus, tmp_path_factory) -> dict[str, Path]:
    """The corpus exported once per RDF format."""
    out = tmp_path_factory.mktemp("exports")
    snap = snapshot(corpus)
    paths = {}
    for fmt in ("ttl", "jsonld", "nq"):
        paths[fmt] = out / f"kg.{fmt}"
        with paths[fmt].open("w", encoding="utf-8") as handle:
            write_rdf(snap, handle, fmt)
    return paths


def _text(snap, fmt: str, base: str | None = None) -> str:
    buffer = io.StringIO()
    write_rdf(snap, buffer, fmt, base_iri=base)
    return buffer.getvalue()


# -- exports ----------------------------------------------------------------------------------------------


def test_rdf_turtle_and_jsonld_hold_the_same_triples(exports):
    ttl = Graph().parse(exports["ttl"], format="turtle")
    jsonld = Graph().parse(exports["jsonld"], format="json-ld")
    assert len(ttl) > 5000
    assert set(ttl) == set(jsonld)


def test_rdf_reified_fact_links_article_sentence_offsets_and_date(exports):
    g = Graph().parse(exports["ttl"], format="turtle")
    meta, scale = URIRef(f"{BASE}id/org:meta"), URIRef(f"{BASE}id/org:scale-ai")
    assert (meta, KG.acquired, scale) in g  # the direct triple
    [fact] = [f for f in g.subjects(RDF.subject, meta) if g.value(f, RDF.object) == scale
              and g.value(f, RDF.predicate) == KG.acquired]  # fmt: skip
    assert (fact, RDF.type, RDF.Statement) in g
    assert g.value(fact, KG.amount) == Literal("$14.3 billion")
    assert g.value(fact, KG.key) == Literal("org:meta|ACQUIRED|org:scale-ai")
    [evidence] = g.objects(fact, KG.hasEvidence)
    assert "$14.3 billion acquisition of Scale AI" in str(g.value(evidence, KG.sentence))
    assert (g.value(evidence, KG.start).toPython(), g.value(evidence, KG.end).toPython()) == (393, 596)
    assert g.value(evidence, KG.statedIn) == URIRef(MUSE_SPARK_ARTICLE)
    assert g.value(evidence, URIRef("http://purl.org/dc/terms/date")) == Literal("2026-04-08", datatype=XSD.date)
    agent = g.value(evidence, PROV.wasAttributedTo)
    assert str(g.value(agent, RDFS.label)).startswith("kg-rules-")


def test_rdf_nquads_has_a_named_graph_per_article(exports, corpus):
    dataset = Dataset()
    dataset.parse(exports["nq"], format="nquads")
    names = {str(g.identifier) for g in dataset.graphs() if len(g) and "/article/" in str(g.identifier)}
    articles = corpus.query("MATCH (a:Article) RETURN a.id").rows
    assert names == {f"{BASE}article/{a}" for [a] in articles}
    graph = dataset.graph(URIRef(MUSE_SPARK_ARTICLE))
    assert (URIRef(f"{BASE}id/org:meta"), KG.acquired, URIRef(f"{BASE}id/org:scale-ai")) in graph
    assert (URIRef(f"{BASE}id/model:muse-spark"), KG.openWeights, Literal(False)) in graph
    evidence = set(graph.subjects(RDF.type, KG.Evidence))
    assert evidence and all(graph.value(e, KG.statedIn) == URIRef(MUSE_SPARK_ARTICLE) for e in evidence)
    default = dataset.default_graph
    assert (URIRef(f"{BASE}id/org:meta"), KG.acquired, URIRef(f"{BASE}id/org:scale-ai")) not in default


def test_rdf_base_iri_is_configurable(corpus, monkeypatch):
    snap = snapshot(corpus)
    text = _text(snap, "nq", "https://example.org/kg/")
    assert "<https://example.org/kg/id/org:meta>" in text and "<https://w3id.org/ai-kg/id/" not in text
    assert "<https://w3id.org/ai-kg/acquired>" in text  # the vocabulary does not move
    monkeypatch.setenv("KG_BASE_IRI", "https://example.com/x#")
    assert base_iri() == "https://example.com/x#"
    with pytest.raises(OntologyError, match="KG210"):
        base_iri("not an iri")


# -- round trips ------------------------------------------------------------------------------------------


def _store_facts(store) -> tuple:
    """What a graph holds, independent of write order: entities, facts with qualifiers, evidence, articles."""
    snap = snapshot(store)
    entities = sorted((e["id"], e["type"], e["name"], tuple(sorted(e["aliases"])), e["wikidata"], e["open_weights"],
                       e["license"]) for e in snap.entities)  # fmt: skip
    facts = sorted((f["relation"], f["subject_id"], f["object_id"], f["key"], f["support"],
                    tuple(sorted(f["articles"])), f["first_seen"], f["last_seen"], f["amount"], f["date"], f["role"],
                    f["status"], f["hedged"]) for f in snap.facts)  # fmt: skip
    evidence = sorted(tuple(sorted(ev.items())) for ev in snap.evidence)
    articles = sorted(tuple(sorted(a.items())) for a in snap.articles)
    return entities, facts, evidence, articles, snap.mentions


@pytest.mark.parametrize("fmt", ["ttl", "jsonld", "nq"])
def test_rdf_round_trip_reproduces_the_graph(fmt, corpus, exports, tmp_path):
    with FalkorStore(str(tmp_path / "kg-data")) as fresh:
        n = corpus.stats()["nodes"]["Article"]
        results = import_rdf(fresh, exports[fmt])
        assert Counter(r.status for r in results) == {"added": n}
        assert _text(snapshot(fresh), fmt) == exports[fmt].read_text(encoding="utf-8")  # byte for byte
        assert _store_facts(fresh) == _store_facts(corpus)
        assert fresh.stats() == corpus.stats()
        again = import_rdf(fresh, exports[fmt])
        assert Counter(r.status for r in again) == {"unchanged": n}


@pytest.mark.parametrize("fmt", ["ttl", "nq"])
def test_rdf_import_into_the_source_store_changes_nothing(fmt, corpus, exports):
    before = _store_facts(corpus)
    results = import_rdf(corpus, exports[fmt])
    assert {r.status for r in results} == {"unchanged"}  # the article text travels with the export
    assert _store_facts(corpus) == before


def test_rdf_import_keeps_the_current_value_of_a_contradicted_licence(exports):
    """DeepSeek-R1 is said to be under Apache 2.0 by one article and MIT by another: the import writes them so
    that the value the store held (the last written) is the one it holds again."""
    union, default = read_rdf(exports["ttl"])
    order = [x.article.id for x in extractions_from_rdf(union, default)]
    claims = {}
    for x in extractions_from_rdf(union, default):
        for r in x.relations:
            if r.subject_id == "model:deepseek-r1" and r.relation == "LICENSED_UNDER":
                claims[r.object] = x.article.id
    current = str(default.value(URIRef(f"{BASE}id/model:deepseek-r1"), KG.licensedUnder))
    [other] = set(claims) - {current}
    assert order.index(claims[current]) > order.index(claims[other])


def test_rdf_import_rejects_a_file_that_is_not_rdf(tmp_path, falkor_store):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle <<<")
    with pytest.raises(Exception, match="KG213"):
        import_rdf(falkor_store, bad)


# -- SHACL ------------------------------------------------------------------------------------------------


def test_rdf_corpus_export_conforms_to_the_shapes(corpus):
    report = validate(corpus)
    assert report.violations == []
    assert report.conforms and report.triples > 5000


def test_rdf_validate_reports_a_fact_with_wrong_types(falkor_store):
    evidence = Evidence("bad-1", "Chatbot X acquired Acme.", 0, 24, "test", 0.5, "test-0")
    falkor_store.write_extraction(Extraction(
        article=Article(id="bad-1", text="Chatbot X acquired Acme.", date="2025-01-01"),
        entities=[Entity("product:chatbot-x", "Chatbot X", "Product"), Entity("org:acme", "Acme", "Organization")],
        relations=[Relation("product:chatbot-x", "ACQUIRED", "org:acme", "Chatbot X", "Acme", evidence)],
    ))  # fmt: skip
    report = validate(falkor_store)
    assert not report.conforms
    assert [(v.focus, v.message) for v in report.violations] == [
        ("product:chatbot-x", "the subject of ACQUIRED must be Organization")
    ]


# -- SPARQL -----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rdf_graph(corpus):
    """The corpus as an rdflib graph with the ontology and inferences, built once for the SPARQL tests."""
    return build_graph(corpus)


def _rows(graph, title_start: str, **kwargs) -> list[list]:
    [example] = [e for e in SPARQL_EXAMPLES if e.title.startswith(title_start)]
    return run_sparql(None, example.query, graph=graph, **kwargs).rows


@pytest.mark.parametrize("inference", [True, False])
def test_rdf_sparql_rivals_use_the_property_hierarchy(corpus, rdf_graph, inference):
    graph = rdf_graph if inference else build_graph(corpus, inference=False)
    rows = _rows(graph, "Who rivals Muse Spark")
    rivals = {name for name, _relation in rows}
    assert rivals == {"Claude Sonnet 4.6", "GPT-5.4"}
    assert {relation for _name, relation in rows} >= {f"{KG}parityWith"}


def test_rdf_sparql_sentence_of_an_acquisition(rdf_graph):
    [[sentence, start, end, article, date]] = _rows(rdf_graph, "Which sentence says Meta acquired Scale AI")
    assert "Meta's $14.3 billion acquisition of Scale AI" in sentence
    assert (start, end, str(date)) == (393, 596, "2026-04-08")
    assert article.startswith("Meta launches Muse Spark")


def test_rdf_sparql_other_examples(rdf_graph):
    units = _rows(rdf_graph, "Which units belong to Alphabet")
    assert units == [["Google"], ["Google Cloud"], ["Google DeepMind"], ["Google Research"]]
    open_models = _rows(rdf_graph, "Which models have open weights")
    assert ["DeepSeek-R1", "DeepSeek", "MIT"] in open_models
    assert "Muse Spark" not in {r[0] for r in open_models}
    assert ["Anthropic", "Dario Amodei"] in _rows(rdf_graph, "Who founded which organization")
    [[extractor, facts]] = _rows(rdf_graph, "How many facts")
    assert extractor.startswith("kg-rules-") and facts > 250


def test_rdf_sparql_ask_and_errors(corpus, rdf_graph):
    result = run_sparql(corpus, 'ASK { ?m rdfs:label "Muse Spark" ; kg:openWeights false }')  # from the store
    assert (result.columns, result.rows) == (["ask"], [[True]])
    with pytest.raises(QueryError, match="KG330"):
        run_sparql(None, "SELECT ?x WHERE { ?x", graph=rdf_graph)
    with pytest.raises(QueryError, match="KG330"):
        run_sparql(None, "DELETE WHERE { ?s ?p ?o }", graph=rdf_graph)


# -- CSV, GEXF --------------------------------------------------------------------------------------------


def test_export_csv_is_the_neo4j_admin_layout(corpus, tmp_path):
    paths = export_csv(corpus, tmp_path)
    assert [p.name for p in paths] == ["entities.csv", "articles.csv", "evidence.csv", "facts.csv", "mentions.csv",
                                       "stated_in.csv", "about.csv"]  # fmt: skip
    with (tmp_path / "entities.csv").open() as handle:
        entities = list(csv.DictReader(handle))
    assert list(entities[0])[:4] == ["id:ID(Entity)", ":LABEL", "name", "aliases:string[]"]
    meta_fair = next(e for e in entities if e["id:ID(Entity)"] == "org:meta-fair")
    assert meta_fair[":LABEL"] == "Organization;Entity" and "FAIR" in meta_fair["aliases:string[]"].split(";")
    with (tmp_path / "facts.csv").open() as handle:
        facts = list(csv.DictReader(handle))
    assert list(facts[0])[:3] == [":START_ID(Entity)", ":END_ID(Entity)", ":TYPE"]
    acquisition = next(f for f in facts if f["key"] == "org:meta|ACQUIRED|org:scale-ai")
    assert (acquisition[":TYPE"], acquisition["amount"], acquisition["hedged:boolean"]) == (
        "ACQUIRED", "$14.3 billion", "false")  # fmt: skip
    with (tmp_path / "evidence.csv").open() as handle:
        evidence = next(ev for ev in csv.DictReader(handle) if ev["fact"] == "org:meta|ACQUIRED|org:scale-ai")
    assert (evidence["amount"], evidence["start:int"]) == ("$14.3 billion", "393")  # this article's own qualifier
    with (tmp_path / "articles.csv").open() as handle:
        article = next(a for a in csv.DictReader(handle) if a["id:ID(Article)"] == evidence["article_id"])
    assert article["text"][393:596] == evidence["sentence"]  # offsets index into the exported text
    ids = {e["id:ID(Entity)"] for e in entities}
    assert all(f[":START_ID(Entity)"] in ids and f[":END_ID(Entity)"] in ids for f in facts)
    assert neo4j_admin_command(paths).startswith("neo4j-admin database import full --nodes=")


def test_export_gexf_reads_back_in_networkx(corpus, tmp_path):
    path = tmp_path / "kg.gexf"
    with path.open("wb") as handle:
        export_gexf(corpus, handle)
    graph = nx.read_gexf(path)
    assert graph.number_of_nodes() == sum(corpus.stats()["nodes"][t] for t in ("Organization", "Person", "AIModel",
                                                                               "Product"))  # fmt: skip
    assert graph.nodes["org:meta"]["label"] == "Meta"


# -- the command line -------------------------------------------------------------------------------------


def test_cli_export_validate_sparql_import(corpus, corpus_db, tmp_path):
    n = corpus.stats()["nodes"]["Article"]
    ttl = tmp_path / "kg.ttl"
    result = run_kg("export", "--format", "ttl", "-o", str(ttl), "--db", corpus_db)
    assert result.returncode == 0, result.stderr
    rivals = run_kg("sparql", "--example", "1", "--format", "json", "--db", corpus_db)
    assert rivals.returncode == 0, rivals.stderr
    assert {r["rival"] for r in json.loads(rivals.stdout)} == {"Claude Sonnet 4.6", "GPT-5.4"}
    fresh = str(tmp_path / "fresh")
    imported = run_kg("import", str(ttl), "--db", fresh)
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.strip() == f"{n} articles: {n} added, 0 replaced, 0 unchanged; 0 records skipped; 0 failed"
    assert run_kg("export", "--format", "ttl", "--db", fresh).stdout == ttl.read_text(encoding="utf-8")


def test_cli_validate_exits_1_on_violations(tmp_path):
    good = tmp_path / "good.ttl"
    good.write_text(snapshot_graph(snapshot_from_rows()).serialize(format="turtle"))
    result = run_kg("validate", "--file", str(good))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.rstrip().endswith("triples checked against ontology/shapes.ttl: conforms")
    bad = tmp_path / "bad.ttl"
    g = snapshot_graph(snapshot_from_rows())
    g.remove((None, KG.hasEvidence, None))  # facts without evidence
    bad.write_text(g.serialize(format="turtle"))
    result = run_kg("validate", "--file", str(bad), "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert not report["conforms"]
    assert "a fact needs at least one evidence sentence" in {v["message"] for v in report["violations"]}


def test_cli_sparql_syntax_error_is_one_line(corpus_db):
    result = run_kg("sparql", "SELECT ?x WHERE {", "--db", corpus_db)
    assert result.returncode == 1
    assert result.stderr.startswith("Error: KG330") and len(result.stderr.strip().splitlines()) == 1


def snapshot_from_rows():
    """A one-fact snapshot built by hand (no store needed)."""
    from kg.export import Snapshot

    return Snapshot(
        entities=[{"id": "org:a", "type": "Organization", "name": "A", "aliases": [], "wikidata": None,
                   "open_weights": None, "license": None},
                  {"id": "org:b", "type": "Organization", "name": "B", "aliases": [], "wikidata": None,
                   "open_weights": None, "license": None}],
        articles=[{"id": "x1", "title": "T", "url": "", "source": "", "date": "2025-01-01", "date_source": "given"}],
        mentions={"x1": ["org:a", "org:b"]},
        facts=[{"relation": "ACQUIRED", "subject_id": "org:a", "object_id": "org:b", "key": "org:a|ACQUIRED|org:b",
                "support": 1, "articles": ["x1"], "dates": ["2025-01-01"], "first_seen": "2025-01-01",
                "last_seen": "2025-01-01", "amount": None, "date": None, "role": None, "status": None,
                "hedged": False}],
        evidence=[{"id": "e1", "fact": "org:a|ACQUIRED|org:b", "relation": "ACQUIRED", "subject_id": "org:a",
                   "object_id": "org:b", "subject": "A", "object": "B", "sentence": "A acquired B.", "start": 0,
                   "end": 13, "rule": "r", "confidence": 0.5, "pipeline_version": "v", "article_id": "x1",
                   "date": "2025-01-01"}],
    )  # fmt: skip
