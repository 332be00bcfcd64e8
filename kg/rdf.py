"""The graph as linked data: RDF export with provenance, import back, SPARQL, and SHACL validation.

Vocabulary: the OWL ontology ``ontology/kg.ttl`` (namespace ``https://w3id.org/ai-kg/``, prefix ``kg:``). Instance
data lives under a configurable base IRI (:func:`base_iri`: option ``--base-iri``, environment ``KG_BASE_IRI``,
default ``https://w3id.org/ai-kg/``):

- an entity is ``<BASE id/ENTITY-ID>`` (``.../id/org:scale-ai``), typed ``kg:Organization`` (etc.) and
  ``kg:Entity``, with ``kg:id``, ``rdfs:label`` (name), ``skos:altLabel`` (aliases), ``owl:sameAs`` (Wikidata),
  and, for models, ``kg:openWeights`` / ``kg:licensedUnder`` (the current value);
- a fact is a direct triple ``<s> kg:acquired <o>`` *and* a reified statement ``<BASE fact/KEY>``
  (``rdf:Statement``, ``kg:Fact``) with ``kg:key``, ``kg:support``, ``kg:firstSeen``, ``kg:lastSeen``, the
  qualifiers (``kg:amount``, ``kg:date``, ``kg:role``, ``kg:status``, ``kg:hedged``), ``kg:statedIn`` articles
  and ``kg:hasEvidence`` (a sub-property of ``prov:wasDerivedFrom``);
- evidence is ``<BASE evidence/ID>`` (``kg:Evidence``, a ``prov:Entity``) with ``kg:sentence``, ``kg:start``,
  ``kg:end``, ``kg:rule``, ``kg:confidence``, ``dcterms:date``, ``kg:statedIn`` its article (a sub-property of
  ``prov:wasQuotedFrom``) and ``prov:wasAttributedTo`` the extractor (``kg:Extractor``, labelled with the
  pipeline version or ``curated:SOURCE``);
- an article is ``<BASE article/ID>`` (``kg:Article``) with ``dcterms:title``, ``schema:url``, ``dcterms:date``
  and ``schema:mentions`` of its entities.

Turtle and JSON-LD carry everything in one graph (facts reified). N-Quads puts what each article states (its
direct fact triples, its evidence and its mentions) in a named graph per article, named by the article's IRI;
the default graph holds the entities, the articles and the fact statements.
"""

from __future__ import annotations

import functools
import heapq
import json
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from kg.errors import InputError, OntologyError, QueryError
from kg.export import Snapshot, snapshot
from kg.model import Article, Entity, Evidence, Extraction, Relation
from kg.stores.base import GraphStore, QueryResult, WriteResult
from ontology import load_schema
from ontology.loader import ONTOLOGY_TTL, SHAPES_TTL

__all__ = [
    "KG",
    "SCHEMA",
    "WD",
    "DEFAULT_BASE_IRI",
    "PREFIXES",
    "SPARQL_EXAMPLES",
    "SparqlExample",
    "Violation",
    "ValidationReport",
    "base_iri",
    "relation_property",
    "relation_of_property",
    "quads",
    "write_rdf",
    "snapshot_graph",
    "ontology_graph",
    "materialise",
    "build_graph",
    "run_sparql",
    "validate",
    "validate_graph",
    "read_rdf",
    "extractions_from_rdf",
    "import_rdf",
    "rdf_format",
]

KG = Namespace("https://w3id.org/ai-kg/")
SCHEMA = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")
SH = Namespace("http://www.w3.org/ns/shacl#")
DEFAULT_BASE_IRI = "https://w3id.org/ai-kg/"

#: Prefixes used in the Turtle and JSON-LD exports and known to :func:`run_sparql` queries without a PREFIX line.
PREFIXES: dict[str, str] = {
    "kg": str(KG), "rdf": str(RDF), "rdfs": str(RDFS), "xsd": str(XSD), "owl": str(OWL), "skos": str(SKOS),
    "dcterms": str(DCTERMS), "prov": str(PROV), "schema": str(SCHEMA), "wd": str(WD),
}  # fmt: skip

_LITERAL_RELATIONS = ("OPEN_WEIGHTS", "LICENSED_UNDER")
_QUALIFIER_TYPES = {"amount": str, "date": str, "role": str, "status": str, "hedged": bool}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ALL = 10**9


# -- names ------------------------------------------------------------------------------------------------


def base_iri(value: str | None = None) -> str:
    """The base IRI of instance data: ``value``, else ``$KG_BASE_IRI``, else ``https://w3id.org/ai-kg/``.

    Raises
    ------
    OntologyError
        KG210 when the IRI is not absolute http(s) ending in ``/`` or ``#``.

    Examples
    --------
    >>> base_iri("https://example.org/kg/")
    'https://example.org/kg/'
    """
    iri = value or os.environ.get("KG_BASE_IRI") or DEFAULT_BASE_IRI
    if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+[/#]", iri):
        raise OntologyError(
            f"KG210 base IRI {iri!r} is not an absolute http(s) IRI ending in '/' or '#'; "
            f"for example {DEFAULT_BASE_IRI}"
        )
    return iri


@functools.cache
def _relation_properties() -> dict[str, URIRef]:
    out = {}
    for name in load_schema().relations:
        first, *rest = name.lower().split("_")
        out[name] = KG[first + "".join(w.title() for w in rest)]
    return out


def relation_property(relation: str) -> URIRef:
    """The ontology property of a relation type: ``ACQUIRED`` -> ``kg:acquired``, ``INVESTED_IN`` -> ``kg:investedIn``.

    >>> str(relation_property("PARITY_WITH"))
    'https://w3id.org/ai-kg/parityWith'
    """
    try:
        return _relation_properties()[relation]
    except KeyError:
        load_schema().relation(relation)  # raises KG201 listing the valid types
        raise


def relation_of_property(prop: Node) -> str | None:
    """The relation type of an ontology property, or ``None`` when it is not one of the fifteen."""
    return {v: k for k, v in _relation_properties().items()}.get(prop)


def _segment(value: str) -> str:
    return quote(value, safe=":")


class _Iris:
    def __init__(self, base: str):
        self.base = base

    def entity(self, entity_id: str) -> URIRef:
        return URIRef(f"{self.base}id/{_segment(entity_id)}")

    def article(self, article_id: str) -> URIRef:
        return URIRef(f"{self.base}article/{_segment(article_id)}")

    def fact(self, key: str) -> URIRef:
        return URIRef(f"{self.base}fact/{_segment(key)}")

    def evidence(self, evidence_id: str) -> URIRef:
        return URIRef(f"{self.base}evidence/{_segment(evidence_id)}")

    def agent(self, version: str) -> URIRef:
        return URIRef(f"{self.base}extractor/{_segment(version)}")


def _date(value: str) -> Literal:
    if _ISO_DATE.fullmatch(value):
        return Literal(value, datatype=XSD.date)
    return Literal(value)


def _literal_value(relation: str, value: str) -> Literal:
    if relation == "OPEN_WEIGHTS":
        return Literal(str(value).lower() == "true", datatype=XSD.boolean)
    return Literal(value)


# -- from the store to triples ----------------------------------------------------------------------------

#: A description of one resource: (subject, named graph or None for the default graph, [(predicate, object)]).
Block = tuple[URIRef, URIRef | None, list[tuple[URIRef, Node]]]


def _literal_facts(evidence: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """OPEN_WEIGHTS and LICENSED_UNDER facts are node properties in the store; rebuild them from their evidence."""
    grouped: dict[str, dict[str, Any]] = {}
    for ev in evidence:
        if ev.get("relation") not in _LITERAL_RELATIONS:
            continue
        fact = grouped.setdefault(ev["fact"], {"key": ev["fact"], "relation": ev["relation"],
                                               "subject_id": ev["subject_id"], "value": ev.get("value"),
                                               "articles": [], "dates": []})  # fmt: skip
        if ev["article_id"] not in fact["articles"]:
            fact["articles"].append(ev["article_id"])
            fact["dates"].append(ev.get("date") or "")
    for fact in grouped.values():
        dates = [d for d in fact["dates"] if d]
        fact.update(support=len(fact["articles"]), first_seen=min(dates, default=None),
                    last_seen=max(dates, default=None), hedged=None)  # fmt: skip
    return sorted(grouped.values(), key=lambda f: f["key"])


def _entity_block(e: dict[str, Any], iris: _Iris, direct: list[tuple[URIRef, Node]]) -> Block:
    po: list[tuple[URIRef, Node]] = [
        (RDF.type, KG[e["type"]]), (RDF.type, KG.Entity), (KG.id, Literal(e["id"])),
        (RDFS.label, Literal(e["name"] or e["id"])),
    ]  # fmt: skip
    po += [(SKOS.altLabel, Literal(a)) for a in sorted(e["aliases"])]
    if e.get("wikidata"):
        po.append((OWL.sameAs, WD[_segment(str(e["wikidata"]))]))
    if e.get("open_weights") is not None:
        po.append((KG.openWeights, Literal(bool(e["open_weights"]), datatype=XSD.boolean)))
    if e.get("license") is not None:
        po.append((KG.licensedUnder, Literal(e["license"])))
    return iris.entity(e["id"]), None, po + direct


def _article_block(a: dict[str, Any], iris: _Iris, mentions: list[str] | None) -> Block:
    po: list[tuple[URIRef, Node]] = [(RDF.type, KG.Article), (KG.id, Literal(a["id"]))]
    if a.get("title"):
        po.append((DCTERMS.title, Literal(a["title"])))
    if a.get("url"):
        po.append((SCHEMA.url, Literal(a["url"])))
    if a.get("date"):
        po.append((DCTERMS.date, _date(a["date"])))
    if a.get("source"):
        po.append((KG.source, Literal(a["source"])))
    if a.get("date_source"):
        po.append((KG.dateSource, Literal(a["date_source"])))
    if a.get("text"):
        po.append((KG.text, Literal(a["text"])))
    po += [(SCHEMA.mentions, iris.entity(m)) for m in mentions or ()]
    return iris.article(a["id"]), None, po


def _fact_block(f: dict[str, Any], iris: _Iris, evidence_ids: list[str]) -> Block:
    literal = f["relation"] in _LITERAL_RELATIONS
    obj = _literal_value(f["relation"], f["value"]) if literal else iris.entity(f["object_id"])
    po: list[tuple[URIRef, Node]] = [
        (RDF.type, RDF.Statement), (RDF.type, KG.Fact), (RDF.subject, iris.entity(f["subject_id"])),
        (RDF.predicate, relation_property(f["relation"])), (RDF.object, obj), (KG.key, Literal(f["key"])),
        (KG.support, Literal(int(f["support"] or len(f["articles"] or [])), datatype=XSD.integer)),
    ]  # fmt: skip
    if f.get("first_seen"):
        po.append((KG.firstSeen, _date(f["first_seen"])))
    if f.get("last_seen"):
        po.append((KG.lastSeen, _date(f["last_seen"])))
    for name, kind in _QUALIFIER_TYPES.items():
        value = f.get(name)
        if value is None or value == "":
            continue
        po.append((KG[name], Literal(bool(value), datatype=XSD.boolean) if kind is bool else Literal(str(value))))
    po += [(KG.statedIn, iris.article(a)) for a in sorted(f["articles"] or ())]
    po += [(KG.hasEvidence, iris.evidence(e)) for e in evidence_ids]
    return iris.fact(f["key"]), None, po


def _evidence_block(ev: dict[str, Any], iris: _Iris, graph: URIRef | None) -> Block:
    po: list[tuple[URIRef, Node]] = [
        (RDF.type, KG.Evidence), (KG.sentence, Literal(ev.get("sentence") or "")),
        (KG.start, Literal(int(ev.get("start") or 0), datatype=XSD.integer)),
        (KG.end, Literal(int(ev.get("end") or 0), datatype=XSD.integer)),
        (KG.rule, Literal(ev.get("rule") or "")),
        (KG.confidence, Literal(float(ev.get("confidence") or 0.0), datatype=XSD.double)),
        (KG.statedIn, iris.article(ev["article_id"])),
        (PROV.wasAttributedTo, iris.agent(ev.get("pipeline_version") or "")),
        (KG.subjectEntity, iris.entity(ev["subject_id"])),
    ]  # fmt: skip
    if ev.get("object_id"):
        po.append((KG.objectEntity, iris.entity(ev["object_id"])))
    if ev.get("subject") is not None:
        po.append((KG.subjectText, Literal(ev["subject"])))
    if ev.get("object") is not None:
        po.append((KG.objectText, Literal(ev["object"])))
    if ev.get("date"):
        po.append((DCTERMS.date, _date(ev["date"])))
    for name, kind in _QUALIFIER_TYPES.items():  # this article's own qualifiers (the fact's are merged)
        value = ev.get("fact_date" if name == "date" else name)
        if value is not None and value != "":
            po.append((KG[name], Literal(bool(value), datatype=XSD.boolean) if kind is bool else Literal(str(value))))
    return iris.evidence(ev["id"]), graph, po


def quads(snap: Snapshot, *, base: str | None = None, named_graphs: bool = False) -> Iterator[Block]:
    """The RDF form of a snapshot, one resource description at a time (see the module docstring).

    Parameters
    ----------
    snap : Snapshot
        What :func:`kg.export.snapshot` read from the store.
    base : str, optional
        Base IRI of instance data (:func:`base_iri`).
    named_graphs : bool
        ``False`` (Turtle, JSON-LD): one graph, direct fact triples on the entities. ``True`` (N-Quads): what each
        article states, with its evidence and mentions, in a graph named by the article's IRI.

    Yields
    ------
    tuple
        ``(subject, graph or None, [(predicate, object), ...])``.
    """
    iris = _Iris(base_iri(base))
    relations = load_schema().relations
    facts = [f for f in snap.facts if f["relation"] in relations]
    literal_facts = _literal_facts(snap.evidence)
    evidence_by_fact: dict[str, list[str]] = defaultdict(list)
    for ev in snap.evidence:
        evidence_by_fact[ev.get("fact") or ""].append(ev["id"])
    direct: dict[str, list[tuple[URIRef, Node]]] = defaultdict(list)
    if not named_graphs:
        for f in facts:
            direct[f["subject_id"]].append((relation_property(f["relation"]), iris.entity(f["object_id"])))
    for e in snap.entities:
        yield _entity_block(e, iris, direct.get(e["id"], []))
    for version in sorted({ev.get("pipeline_version") or "" for ev in snap.evidence}):
        yield iris.agent(version), None, [(RDF.type, KG.Extractor), (RDFS.label, Literal(version))]
    for a in snap.articles:
        yield _article_block(a, iris, None if named_graphs else snap.mentions.get(a["id"], []))
    for f in facts + literal_facts:
        yield _fact_block(f, iris, evidence_by_fact.get(f["key"], []))
    if not named_graphs:
        for ev in sorted(snap.evidence, key=lambda ev: ev["id"]):
            yield _evidence_block(ev, iris, None)
        return
    by_article: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for ev in snap.evidence:
        by_article[ev["article_id"]].append(ev)
    fact_relation = {f["key"]: f for f in facts}
    for a in snap.articles:
        graph = iris.article(a["id"])
        claims: dict[URIRef, list[tuple[URIRef, Node]]] = defaultdict(list)
        for ev in sorted(by_article.get(a["id"], []), key=lambda ev: ev["id"]):
            yield _evidence_block(ev, iris, graph)
            f = fact_relation.get(ev.get("fact") or "")
            if f is not None:
                claim = (relation_property(f["relation"]), iris.entity(f["object_id"]))
                subject = iris.entity(f["subject_id"])
            elif ev.get("relation") in _LITERAL_RELATIONS:
                claim = (relation_property(ev["relation"]), _literal_value(ev["relation"], ev.get("value") or ""))
                subject = iris.entity(ev["subject_id"])
            else:
                continue
            if claim not in claims[subject]:
                claims[subject].append(claim)
        for subject, po in claims.items():
            yield subject, graph, po
        if snap.mentions.get(a["id"]):
            yield graph, graph, [(SCHEMA.mentions, iris.entity(m)) for m in snap.mentions[a["id"]]]


# -- writers ----------------------------------------------------------------------------------------------

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f]')
_LOCAL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


def _escape(text: str) -> str:
    return _NEEDS_ESCAPE.sub(lambda m: _ESCAPES.get(m.group(), f"\\u{ord(m.group()):04X}"), text)


def _nt(term: Node) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        out = f'"{_escape(str(term))}"'
        if term.language:
            return f"{out}@{term.language}"
        if term.datatype and term.datatype != XSD.string:
            return f"{out}^^<{term.datatype}>"
        return out
    return term.n3()


def _prefixed(iri: URIRef) -> str | None:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and _LOCAL_NAME.fullmatch(iri[len(ns) :]):
            return f"{prefix}:{iri[len(ns) :]}"
    return None


def _ttl(term: Node) -> str:
    if isinstance(term, URIRef):
        return _prefixed(term) or f"<{term}>"
    if isinstance(term, Literal) and not term.language:
        if term.datatype in (XSD.boolean, XSD.integer):
            return str(term)
        if term.datatype and term.datatype != XSD.string:
            return f'"{_escape(str(term))}"^^{_prefixed(term.datatype) or f"<{term.datatype}>"}'
    return _nt(term)


def _write_nquads(blocks: Iterable[Block], out: IO[str]) -> int:
    n = 0
    for subject, graph, po in blocks:
        s, g = _nt(subject), f" {_nt(graph)}" if graph is not None else ""
        out.write("".join(f"{s} {_nt(p)} {_nt(o)}{g} .\n" for p, o in po))
        n += len(po)
    return n


def _write_turtle(blocks: Iterable[Block], out: IO[str]) -> int:
    out.write("".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items()) + "\n")
    n = 0
    for subject, _graph, po in blocks:
        lines: list[str] = []
        previous = None
        for p, o in po:
            if p == previous:
                lines[-1] += f", {_ttl(o)}"
            else:
                lines.append(f"{'a' if p == RDF.type else _ttl(p)} {_ttl(o)}")
            previous = p
        out.write(f"{_ttl(subject)} " + " ;\n    ".join(lines) + " .\n\n")
        n += len(po)
    return n


def _jsonld_value(term: Node) -> Any:
    if isinstance(term, URIRef):
        return {"@id": str(term)}
    if isinstance(term, Literal):
        if term.datatype == XSD.boolean:
            return term.toPython() is True
        if term.datatype == XSD.integer:
            return int(term)
        if term.datatype and term.datatype != XSD.string:
            return {"@value": str(term), "@type": _prefixed(term.datatype) or str(term.datatype)}
        return str(term)
    return {"@id": term.n3()}


def _write_jsonld(blocks: Iterable[Block], out: IO[str]) -> int:
    out.write('{\n"@context": ' + json.dumps(PREFIXES) + ',\n"@graph": [\n')
    n, first = 0, True
    for subject, _graph, po in blocks:
        node: dict[str, Any] = {"@id": str(subject)}
        for p, o in po:
            if p == RDF.type:
                node.setdefault("@type", []).append(_prefixed(o) or str(o))
                continue
            node.setdefault(_prefixed(p) or str(p), []).append(_jsonld_value(o))
        node = {k: v[0] if isinstance(v, list) and len(v) == 1 and k != "@type" else v for k, v in node.items()}
        out.write(("" if first else ",\n") + json.dumps(node, ensure_ascii=False))
        first = False
        n += len(po)
    out.write("\n]\n}\n")
    return n


def write_rdf(snap: Snapshot, out: IO[str], fmt: str, *, base_iri: str | None = None) -> int:
    """Write a snapshot as ``ttl`` (Turtle), ``jsonld`` (JSON-LD) or ``nq`` (N-Quads); return the triple count.

    The writers stream: memory stays flat however large the graph (rdflib's serializers build the whole graph
    first). Output is deterministic for a given graph.

    Raises
    ------
    OntologyError
        KG211 for an unknown format.
    """
    writers = {"ttl": _write_turtle, "jsonld": _write_jsonld, "nq": _write_nquads}
    if fmt not in writers:
        raise OntologyError(f"KG211 unknown RDF format {fmt!r}; valid formats: {', '.join(writers)}")
    return writers[fmt](quads(snap, base=base_iri, named_graphs=fmt == "nq"), out)


# -- rdflib graphs, SPARQL --------------------------------------------------------------------------------


def snapshot_graph(snap: Snapshot, *, base: str | None = None) -> Graph:
    """The single-graph (reified) RDF form of a snapshot as an rdflib Graph."""
    graph = Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    graph.addN((s, p, o, graph) for s, _g, po in quads(snap, base=base) for p, o in po)
    return graph


@functools.cache
def _ontology() -> Graph:
    return Graph().parse(ONTOLOGY_TTL, format="turtle")


def ontology_graph() -> Graph:
    """A fresh copy of the OWL ontology ``ontology/kg.ttl``."""
    graph = Graph()
    for triple in _ontology():
        graph.add(triple)
    return graph


def materialise(graph: Graph, ontology: Graph | None = None) -> int:
    """Add what RDFS sub-properties, sub-classes and OWL symmetric properties imply; return the triples added.

    ``?x kg:parityWith ?y`` gives ``?x kg:comparedWith ?y``, ``?x kg:competesWith ?y`` and, competesWith being
    symmetric, ``?y kg:competesWith ?x``; ``?x a kg:Organization`` gives ``?x a schema:Organization``.
    """
    onto = ontology if ontology is not None else _ontology()

    def closure(relation: URIRef) -> dict[URIRef, set[URIRef]]:
        parents: dict[URIRef, set[URIRef]] = defaultdict(set)
        for child, parent in onto.subject_objects(relation):
            if isinstance(child, URIRef) and isinstance(parent, URIRef):
                parents[child].add(parent)
        out = {}
        for start in list(parents):
            seen, todo = set(), list(parents[start])
            while todo:
                p = todo.pop()
                if p not in seen:
                    seen.add(p)
                    todo.extend(parents.get(p, ()))
            out[start] = seen
        return out

    before = len(graph)
    for prop, supers in closure(RDFS.subPropertyOf).items():
        for s, o in list(graph.subject_objects(prop)):
            for sup in supers:
                graph.add((s, sup, o))
    for cls, supers in closure(RDFS.subClassOf).items():
        for s in list(graph.subjects(RDF.type, cls)):
            for sup in supers:
                graph.add((s, RDF.type, sup))
    for prop in onto.subjects(RDF.type, OWL.SymmetricProperty):
        for s, o in list(graph.subject_objects(prop)):
            graph.add((o, prop, s))
    return len(graph) - before


def build_graph(store: GraphStore, *, base: str | None = None, inference: bool = True) -> Graph:
    """The store as an rdflib Graph (reified form), with the ontology, and with inferences materialised.

    Parameters
    ----------
    store : GraphStore
        The store to read.
    base : str, optional
        Base IRI of instance data.
    inference : bool
        Materialise sub-properties, sub-classes and symmetric properties (:func:`materialise`).
    """
    graph = snapshot_graph(snapshot(store), base=base)
    graph += _ontology()
    if inference:
        materialise(graph)
    return graph


@dataclass(frozen=True)
class SparqlExample:
    """A SPARQL query over the demo graph, with the question it answers."""

    title: str
    query: str


_P = "PREFIX kg: <https://w3id.org/ai-kg/>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"

#: Example SPARQL queries: the property hierarchy (rivals), provenance (sentences), alignments (schema.org).
SPARQL_EXAMPLES: tuple[SparqlExample, ...] = (
    SparqlExample(
        "Who rivals Muse Spark? (competes with, including claims of parity and of outperforming)",
        _P + """SELECT DISTINCT ?rival ?relation WHERE {
  ?model rdfs:label "Muse Spark" .
  ?relation rdfs:subPropertyOf* kg:competesWith .
  { ?model ?relation ?other } UNION { ?other ?relation ?model }
  ?other rdfs:label ?rival .
  FILTER (?relation IN (kg:competesWith, kg:outperforms, kg:parityWith))
} ORDER BY ?rival ?relation""",
    ),
    SparqlExample(
        "Which sentence says Meta acquired Scale AI, where and when?",
        _P + """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?sentence ?start ?end ?article ?date WHERE {
  ?buyer rdfs:label "Meta" .
  ?target rdfs:label "Scale AI" .
  ?fact rdf:subject ?buyer ; rdf:predicate kg:acquired ; rdf:object ?target ; kg:hasEvidence ?evidence .
  ?evidence kg:sentence ?sentence ; kg:start ?start ; kg:end ?end ; kg:statedIn ?source .
  ?source dcterms:title ?article ; dcterms:date ?date .
} ORDER BY ?date ?start""",
    ),
    SparqlExample(
        "Which units belong to Alphabet, directly or through other units?",
        _P + """SELECT ?unit WHERE {
  ?parent rdfs:label "Alphabet" .
  ?u kg:subsidiaryOf+ ?parent ; rdfs:label ?unit .
} ORDER BY ?unit""",
    ),
    SparqlExample(
        "Which models have open weights, who developed them, and under which licence?",
        _P + """SELECT ?model ?developer ?license WHERE {
  ?m kg:openWeights true ; rdfs:label ?model .
  OPTIONAL { ?org kg:developed ?m . ?org rdfs:label ?developer }
  OPTIONAL { ?m kg:licensedUnder ?license }
} ORDER BY ?model ?developer""",
    ),
    SparqlExample(
        "Who founded which organization? (schema:founder, through the ontology's alignment)",
        _P + """PREFIX schema: <https://schema.org/>
SELECT ?organization ?founder WHERE {
  ?o schema:founder ?p .
  ?o rdfs:label ?organization . ?p rdfs:label ?founder .
} ORDER BY ?organization ?founder""",
    ),
    SparqlExample(
        "How many facts does each extractor or curated source give evidence for?",
        _P + """PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?extractor (COUNT(DISTINCT ?fact) AS ?facts) WHERE {
  ?fact kg:hasEvidence ?evidence .
  ?evidence prov:wasAttributedTo ?agent .
  ?agent rdfs:label ?extractor .
} GROUP BY ?extractor ORDER BY DESC(?facts)""",
    ),
)


def _python(term: Node | None) -> Any:
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return str(term) if isinstance(value, Literal) else value
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def run_sparql(
    store: GraphStore | None,
    query: str,
    *,
    base: str | None = None,
    inference: bool = True,
    limit: int = 10_000,
    graph: Graph | None = None,
) -> QueryResult:
    """Run a SPARQL query over the graph (with the ontology and materialised inferences, see :func:`build_graph`).

    The query may use the prefixes of :data:`PREFIXES` without declaring them. SELECT gives its variables as
    columns; ASK one column ``ask``; CONSTRUCT and DESCRIBE the columns ``subject``, ``predicate``, ``object``.
    Updates are refused (rdflib parses queries only). Pass ``graph`` (from :func:`build_graph`) to run several
    queries without reading the store each time.

    Raises
    ------
    QueryError
        KG330 when the query cannot be parsed or evaluated.

    Examples
    --------
    >>> result = run_sparql(store, SPARQL_EXAMPLES[0].query)  # doctest: +SKIP
    >>> result.columns  # doctest: +SKIP
    ['rival', 'relation']
    """
    if graph is None:
        if store is None:
            raise ValueError("run_sparql needs a store or a graph")
        graph = build_graph(store, base=base, inference=inference)
    try:
        result = graph.query(query, initNs=PREFIXES)
        if result.type == "ASK":
            columns, rows = ["ask"], [[bool(result.askAnswer)]]
        elif result.type == "SELECT":
            columns = [str(v) for v in result.vars]
            rows = [[_python(v) for v in row] for row in result]
        else:
            columns = ["subject", "predicate", "object"]
            rows = [[_python(t) for t in triple] for triple in sorted(result.graph)]
    except Exception as exc:  # noqa: BLE001 - pyparsing and rdflib raise many types; all are the query's fault
        message = " ".join(str(exc).split())
        raise QueryError(f"KG330 SPARQL query failed: {message}") from exc
    return QueryResult(columns=columns, rows=rows[:limit], truncated=len(rows) > limit)


# -- SHACL ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Violation:
    """One SHACL validation result: the node, the property, the offending value and what rule it breaks."""

    focus: str
    path: str
    value: str
    message: str
    severity: str
    shape: str


@dataclass
class ValidationReport:
    """Whether the graph conforms to ``ontology/shapes.ttl``, and every violation."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    triples: int = 0


def _short(term: Node | None, base: str) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        from urllib.parse import unquote

        for kind in ("id", "article", "fact", "evidence", "extractor"):
            if term.startswith(f"{base}{kind}/"):
                rest = unquote(term[len(base) + len(kind) + 1 :])
                return rest if kind == "id" else f"{kind}:{rest}"
        return _prefixed(term) or str(term)
    if isinstance(term, BNode):
        return ""
    return str(term)


def validate_graph(data: Graph, *, base: str | None = None) -> ValidationReport:
    """Validate an rdflib graph (the reified RDF form) against the SHACL shapes with pyshacl.

    Returns
    -------
    ValidationReport
        ``conforms`` and the violations, sorted by focus node.
    """
    import pyshacl

    base = base_iri(base)
    shapes = Graph().parse(SHAPES_TTL, format="turtle")
    conforms, results, _text = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=False)
    violations = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        severity = results.value(r, SH.resultSeverity)
        shape = results.value(r, SH.sourceShape)
        component = results.value(r, SH.sourceConstraintComponent)
        violations.append(Violation(
            focus=_short(results.value(r, SH.focusNode), base),
            path=_short(results.value(r, SH.resultPath), base),
            value=_short(results.value(r, SH.value), base),
            message=str(results.value(r, SH.resultMessage) or ""),
            severity=str(severity).rsplit("#", 1)[-1] if severity else "",
            shape=_short(shape, base) or _short(component, base),
        ))  # fmt: skip
    violations.sort(key=lambda v: (v.focus, v.path, v.value, v.message))
    return ValidationReport(conforms=bool(conforms), violations=violations, triples=len(data))


def validate(store: GraphStore | None = None, *, path: Path | None = None, base: str | None = None) -> ValidationReport:
    """Validate the graph in ``store``, or an RDF export at ``path``, against ``ontology/shapes.ttl``.

    Examples
    --------
    >>> report = validate(store)  # doctest: +SKIP
    >>> report.conforms, len(report.violations)  # doctest: +SKIP
    (True, 0)
    """
    if path is not None:
        union, _default = read_rdf(path)
        return validate_graph(union, base=base)
    if store is None:
        raise ValueError("validate needs a store or a path")
    return validate_graph(snapshot_graph(snapshot(store), base=base), base=base)


# -- import -----------------------------------------------------------------------------------------------

_SUFFIX_FORMATS = {".ttl": "ttl", ".turtle": "ttl", ".jsonld": "jsonld", ".json-ld": "jsonld", ".json": "jsonld",
                   ".nq": "nq", ".nquads": "nq"}  # fmt: skip
_RDFLIB_FORMATS = {"ttl": "turtle", "jsonld": "json-ld", "nq": "nquads"}


def rdf_format(path: Path) -> str | None:
    """The RDF format of a file by its suffix (``ttl``, ``jsonld``, ``nq``), or ``None``."""
    return _SUFFIX_FORMATS.get(path.suffix.lower())


def read_rdf(path: Path, fmt: str | None = None) -> tuple[Graph, Graph]:
    """Parse an RDF export: ``(union of all graphs, default graph)`` (the same graph for Turtle and JSON-LD).

    Raises
    ------
    InputError
        When the file cannot be read or parsed.
    """
    path = Path(path)
    fmt = fmt or rdf_format(path)
    if fmt not in _RDFLIB_FORMATS:
        raise InputError(str(path), f"KG212 not an RDF file (.ttl, .jsonld, .nq); got format {fmt!r}")
    try:
        if fmt == "nq":
            dataset = Dataset()
            dataset.parse(path, format="nquads")
            union = Graph()
            union.addN((s, p, o, union) for s, p, o, _g in dataset.quads((None, None, None, None)))
            default = Graph()
            default.addN((s, p, o, default) for s, p, o in dataset.default_graph)
            return union, default
        graph = Graph().parse(path, format=_RDFLIB_FORMATS[fmt])
        return graph, graph
    except Exception as exc:  # noqa: BLE001 - rdflib's parsers raise many types; all mean a bad file
        raise InputError(str(path), f"KG213 cannot parse as {fmt}: {' '.join(str(exc).split())[:300]}") from exc


def _str(graph: Graph, s: Node, p: URIRef, default: str = "") -> str:
    value = graph.value(s, p)
    return default if value is None else str(value)


def _article_text(evidence: list[Evidence]) -> str:
    """A stand-in for the article text when an export lacks it (older exports, or text removed for licensing):
    each sentence at its offsets, spaces between. Deterministic, so a second import changes nothing."""
    size = max((ev.end for ev in evidence), default=0)
    chars = [" "] * size
    for ev in evidence:
        if ev.end - ev.start == len(ev.sentence) and ev.start >= 0:
            chars[ev.start : ev.end] = ev.sentence
    return "".join(chars)


def _write_order(extractions: list[Extraction], claims: list[tuple[str, tuple, str]],
                 current: dict[tuple, str]) -> list[Extraction]:  # fmt: skip
    """Articles by date, except where the store keeps "the value of the last article written": a model's open
    weights and licence, a fact's amount, date, role and status. For each such slot whose articles disagree, the
    latest article giving the value the graph holds (``current``) is written after the ones giving another."""
    by_id = {x.article.id: x for x in extractions}
    values: dict[tuple, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for article_id, slot, value in claims:
        values[slot][value].add(article_id)
    waiting: dict[str, set[str]] = defaultdict(set)  # article -> articles that must come before it
    for slot, by_value in values.items():
        winner = current.get(slot)
        if winner not in by_value or len(by_value) < 2:
            continue
        last = max(by_value[winner], key=lambda a: (by_id[a].article.date, a))
        waiting[last] |= {a for v, arts in by_value.items() if v != winner for a in arts} - {last}
    ready = [(x.article.date, x.article.id) for x in extractions if not waiting.get(x.article.id)]
    heapq.heapify(ready)
    order, done = [], set()
    while ready:
        _date, article_id = heapq.heappop(ready)
        if article_id in done:
            continue
        done.add(article_id)
        order.append(by_id[article_id])
        for other, before in waiting.items():
            if article_id in before:
                before.discard(article_id)
                if not before and other not in done:
                    heapq.heappush(ready, (by_id[other].article.date, other))
    rest = sorted((x for x in extractions if x.article.id not in done), key=lambda x: (x.article.date, x.article.id))
    return order + rest  # a cycle of contradictions: fall back to date order


def _qualifiers(graph: Graph, node: Node) -> dict[str, Any]:
    q: dict[str, Any] = {}
    for name, kind in _QUALIFIER_TYPES.items():
        value = graph.value(node, KG[name])
        if value is not None:
            q[name] = value.toPython() is True if kind is bool else str(value)
    return q


def extractions_from_rdf(union: Graph, default: Graph | None = None) -> list[Extraction]:
    """Rebuild one :class:`Extraction` per article from an RDF export, in the order to write them.

    Entities come from ``schema:mentions``; relations from the evidence (each evidence is one relation stated by
    its article, with that article's qualifiers, or the fact's when the export has none per evidence); the
    article text is a stand-in made of the evidence sentences at their offsets (exports do not carry article
    text). The order keeps the values the store kept for "last article wins" properties (:func:`_write_order`).

    Parameters
    ----------
    union : Graph
        Every triple of the export.
    default : Graph, optional
        The default graph of an N-Quads export (where the models' current literal values are); ``union`` if omitted.
    """
    default = union if default is None else default
    entity_types = set(load_schema().entity_types)
    entities: dict[Node, Entity] = {}
    for s in set(union.subjects(RDF.type, KG.Entity)):
        types = [str(t)[len(KG) :] for t in union.objects(s, RDF.type) if str(t)[len(KG) :] in entity_types]
        entity_id = union.value(s, KG.id)
        if not types or entity_id is None:
            continue
        same_as = union.value(s, OWL.sameAs)
        entities[s] = Entity(
            id=str(entity_id), name=_str(union, s, RDFS.label, str(entity_id)), type=types[0],
            aliases=tuple(sorted(str(a) for a in union.objects(s, SKOS.altLabel))),
            wikidata=str(same_as)[len(WD) :] if same_as is not None and str(same_as).startswith(str(WD)) else None,
        )  # fmt: skip
    current: dict[tuple, str] = {}
    for s, e in entities.items():
        if (ow := default.value(s, KG.openWeights)) is not None:
            current[(e.id, "OPEN_WEIGHTS")] = "true" if ow.toPython() is True else "false"
        if (lic := default.value(s, KG.licensedUnder)) is not None:
            current[(e.id, "LICENSED_UNDER")] = str(lic)
    fact_of: dict[Node, Node] = {ev: f for f, ev in union.subject_objects(KG.hasEvidence)}
    facts: dict[Node, tuple[str, str, dict[str, Any]]] = {}
    for f in set(union.subjects(RDF.type, KG.Fact)):
        relation = relation_of_property(union.value(f, RDF.predicate))
        if relation is not None:
            key, q = _str(union, f, KG.key), _qualifiers(union, f)
            facts[f] = (relation, key, q)
            current.update({(key, name): value for name, value in q.items() if name != "hedged"})
    relations: dict[Node, list[Relation]] = defaultdict(list)
    claims: list[tuple[str, tuple, str]] = []
    for ev in set(union.subjects(RDF.type, KG.Evidence)):
        article, fact = union.value(ev, KG.statedIn), fact_of.get(ev)
        subject = entities.get(union.value(ev, KG.subjectEntity))
        if article is None or fact not in facts or subject is None:
            continue
        relation, key, fact_q = facts[fact]
        q = _qualifiers(union, ev) if union.value(ev, KG.hedged) is not None else fact_q
        obj = entities.get(union.value(ev, KG.objectEntity))
        agent = union.value(ev, PROV.wasAttributedTo)
        article_id = _str(union, article, KG.id)
        evidence = Evidence(
            article_id=article_id, sentence=_str(union, ev, KG.sentence),
            start=int(union.value(ev, KG.start) or 0), end=int(union.value(ev, KG.end) or 0),
            rule=_str(union, ev, KG.rule), confidence=float(union.value(ev, KG.confidence) or 0.0),
            pipeline_version=_str(union, agent, RDFS.label) if agent is not None else "",
            url=_str(union, article, SCHEMA.url), title=_str(union, article, DCTERMS.title),
            date=_str(union, ev, DCTERMS.date),
        )  # fmt: skip
        r = Relation(
            subject_id=subject.id, relation=relation, object_id=obj.id if obj else None,
            subject=_str(union, ev, KG.subjectText, subject.name),
            object=_str(union, ev, KG.objectText, obj.name if obj else ""), evidence=evidence, qualifiers=q,
        )  # fmt: skip
        relations[article].append(r)
        if relation in _LITERAL_RELATIONS:
            claims.append((article_id, (subject.id, relation), r.object))
        claims += [(article_id, (key, name), value) for name, value in q.items() if name != "hedged"]
    extractions = []
    for a in set(union.subjects(RDF.type, KG.Article)):
        rels = relations.get(a, [])
        rels.sort(key=lambda r: (current.get((r.subject_id, r.relation)) == r.object, r.evidence.start,
                                 r.evidence.end, r.key))  # fmt: skip
        mentioned = sorted({entities[e].id: entities[e] for e in union.objects(a, SCHEMA.mentions)
                            if e in entities}.values(), key=lambda e: e.id)  # fmt: skip
        article = Article(
            id=_str(union, a, KG.id),
            text=_str(union, a, KG.text) or _article_text([r.evidence for r in rels]),
            title=_str(union, a, DCTERMS.title), url=_str(union, a, SCHEMA.url), source=_str(union, a, KG.source),
            date=_str(union, a, DCTERMS.date), date_source=_str(union, a, KG.dateSource, "given"),
        )  # fmt: skip
        extractions.append(Extraction(article=article, entities=mentioned, relations=rels))
    return _write_order(extractions, claims, current)


def import_rdf(store: GraphStore, path: Path, fmt: str | None = None) -> list[WriteResult]:
    """Read an RDF export (``kg export --format ttl|jsonld|nq``) into ``store``, one article at a time through
    ``store.write_extraction`` (atomic per article, idempotent).

    Examples
    --------
    >>> [r.status for r in import_rdf(store, Path("kg.ttl"))][:2]  # doctest: +SKIP
    ['added', 'added']
    """
    union, default = read_rdf(path, fmt)
    return [store.write_extraction(x) for x in extractions_from_rdf(union, default)]
