"""The OWL ontology (ontology/kg.ttl) and the SHACL shapes (ontology/shapes.ttl) agree with ontology/schema.yaml."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from kg.rdf import KG, materialise, relation_property, snapshot_graph, validate_graph
from ontology import load_schema
from ontology.loader import ONTOLOGY_TTL, SHAPES_TTL
from tests.test_rdf import snapshot_from_rows

SH = Namespace("http://www.w3.org/ns/shacl#")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
SCHEMA = load_schema()


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY_TTL, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES_TTL, format="turtle")


def _classes(g: Graph, node) -> set[str]:
    """The local names of a class or of an owl:unionOf of classes."""
    members = g.value(node, OWL.unionOf)
    nodes = list(Collection(g, members)) if members is not None else [node]
    return {str(n)[len(KG) :] if str(n).startswith(str(KG)) else n.n3() for n in nodes}


def test_ontology_entity_types_match_the_schema(onto):
    in_owl = {str(n) for n in onto.objects(None, SKOS.notation)
              if (onto.value(predicate=SKOS.notation, object=n), RDFS.subClassOf, KG.Entity) in onto}  # fmt: skip
    assert in_owl == set(SCHEMA.entity_types)
    for name in SCHEMA.entity_types:
        assert (KG[name], RDF.type, OWL.Class) in onto and (KG[name], SKOS.definition, None) in onto


def test_ontology_relations_match_the_schema_both_ways(onto):
    in_owl = {str(onto.value(p, SKOS.notation)) for p in onto.subjects(RDF.type, KG.RelationProperty)}
    assert in_owl == set(SCHEMA.relations)
    for name, rel in SCHEMA.relations.items():
        prop = relation_property(name)
        assert onto.value(prop, SKOS.notation) == Literal(name)
        assert _classes(onto, onto.value(prop, RDFS.domain)) == set(rel.subject), name
        if rel.literal:
            assert (prop, RDF.type, OWL.DatatypeProperty) in onto
            expected = XSD.boolean if name == "OPEN_WEIGHTS" else XSD.string
            assert onto.value(prop, RDFS.range) == expected, name
        else:
            assert (prop, RDF.type, OWL.ObjectProperty) in onto
            assert _classes(onto, onto.value(prop, RDFS.range)) == set(rel.object), name
        assert ((prop, RDF.type, OWL.SymmetricProperty) in onto) == rel.symmetric, name
        assert onto.value(prop, RDFS.label) is not None and onto.value(prop, SKOS.definition) is not None


def test_ontology_qualifiers_are_datatype_properties_of_facts(onto):
    for name in SCHEMA.qualifiers:
        assert (KG[name], RDF.type, OWL.DatatypeProperty) in onto
        assert onto.value(KG[name], SKOS.notation) == Literal(name)
        assert "Fact" in _classes(onto, onto.value(KG[name], RDFS.domain))


def test_ontology_comparison_claims_are_narrower_than_competes_with(onto):
    g = Graph()
    g.add((KG.a, KG.parityWith, KG.b))
    g.add((KG.c, KG.outperforms, KG.d))
    materialise(g, onto)
    assert {(KG.a, KG.competesWith, KG.b), (KG.b, KG.competesWith, KG.a), (KG.d, KG.competesWith, KG.c)} <= set(g)
    assert (KG.b, KG.outperforms, KG.a) not in g  # outperforms is not symmetric


def test_ontology_aligns_with_wikidata_schema_org_and_prov(onto):
    related = {(p, o) for p, o in onto.subject_objects() if str(o).startswith(str(WDT))}
    text = onto.serialize(format="nt")
    for prop, pid in [("subsidiaryOf", "P749"), ("foundedBy", "P112"), ("leads", "P169"), ("employedBy", "P108"),
                      ("developed", "P178"), ("basedOn", "P144")]:  # fmt: skip
        assert (KG[prop], WDT[pid]) in related, prop
    assert f"<{WDT.P169}>" in text and f"<{WDT.P178}>" in text  # the inverse-property axioms
    assert (KG.foundedBy, RDFS.subPropertyOf, URIRef("https://schema.org/founder")) in onto
    assert (KG.hasEvidence, RDFS.subPropertyOf, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")) in onto
    assert (KG.Evidence, RDFS.subClassOf, URIRef("http://www.w3.org/ns/prov#Entity")) in onto


def test_shapes_check_the_schema_types_of_every_relation(shapes):
    def allowed(node) -> set[str]:
        if (cls := shapes.value(node, SH["class"])) is not None:
            return {str(cls)[len(KG) :]}
        options = shapes.value(node, SH["or"])
        return {str(shapes.value(o, SH["class"]))[len(KG) :] for o in Collection(shapes, options)}

    for name, rel in SCHEMA.relations.items():
        prop = relation_property(name)
        [shape] = shapes.subjects(SH.targetSubjectsOf, prop) if name != "COMPETES_WITH" else [
            s for s in shapes.subjects(SH.targetSubjectsOf, prop) if shapes.value(s, SH["class"]) or
            shapes.value(s, SH["or"])]  # fmt: skip
        assert allowed(shape) == set(rel.subject), name
        [prop_shape] = [p for p in shapes.objects(shape, SH.property) if shapes.value(p, SH.path) == prop]
        if rel.literal:
            assert shapes.value(prop_shape, SH.datatype) in (XSD.boolean, XSD.string)
        else:
            assert allowed(prop_shape) == set(rel.object), name


def test_shapes_accept_a_small_valid_graph():
    report = validate_graph(snapshot_graph(snapshot_from_rows()))
    assert report.violations == [] and report.conforms


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda g: g.remove((None, KG.hasEvidence, None)), "a fact needs at least one evidence sentence"),
        (lambda g: g.set((URIRef("https://w3id.org/ai-kg/id/org:b"), RDF.type, KG.Person)),
         "the object of ACQUIRED must be Organization"),
        (lambda g: g.add((URIRef("https://w3id.org/ai-kg/id/org:a"), KG.competesWith,
                          URIRef("https://w3id.org/ai-kg/id/org:b"))), "is not stated by a kg:Fact with evidence"),
        (lambda g: g.set((URIRef("https://w3id.org/ai-kg/evidence/e1"), KG.start, Literal(99))), "kg:end"),
        (lambda g: g.remove((URIRef("https://w3id.org/ai-kg/evidence/e1"), KG.statedIn, None)),
         "evidence must be stated in exactly one article"),
    ],
    ids=["no-evidence", "wrong-object-type", "fact-not-reified", "start-after-end", "evidence-without-article"],
)
def test_shapes_report_violations(change, message):
    g = snapshot_graph(snapshot_from_rows())
    change(g)
    report = validate_graph(g)
    assert not report.conforms
    assert any(message in v.message for v in report.violations), [v.message for v in report.violations]


def test_shapes_competitors_must_be_of_one_kind():
    g = snapshot_graph(snapshot_from_rows())
    b = URIRef("https://w3id.org/ai-kg/id/org:b")
    g.remove((b, RDF.type, KG.Organization))
    g.add((b, RDF.type, KG.Product))
    fact = URIRef("https://w3id.org/ai-kg/fact/org:a%7CACQUIRED%7Corg:b")
    a = URIRef("https://w3id.org/ai-kg/id/org:a")
    g.add((a, KG.competesWith, b))
    g.set((fact, RDF.predicate, KG.competesWith))
    g.remove((a, KG.acquired, b))
    report = validate_graph(g)
    assert any("an entity of another type" in v.message for v in report.violations)
