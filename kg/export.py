"""Export the graph: JSON, GraphML and GEXF (Gephi, networkx), CSV for ``neo4j-admin database import``, and RDF
(Turtle, JSON-LD, N-Quads; see :mod:`kg.rdf`).

Every exporter but JSON reads the store once through :func:`snapshot`: the entities, articles, mentions, facts and
evidence as plain rows, in a stable order (so two exports of the same graph are byte-identical).
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import networkx as nx

from kg.stores.base import GraphStore

__all__ = [
    "FORMATS",
    "RDF_FORMATS",
    "Snapshot",
    "snapshot",
    "export_json",
    "export_graphml",
    "export_gexf",
    "export_csv",
    "export_rdf",
    "neo4j_admin_command",
    "export_to",
]

FORMATS = ("json", "graphml", "csv", "ttl", "jsonld", "nq", "gexf")
RDF_FORMATS = ("ttl", "jsonld", "nq")

_EVIDENCE_QUERY = "MATCH (ev:Evidence) RETURN properties(ev) AS ev ORDER BY ev.fact, ev.article_id"
_ALL = 10**9
_TIMEOUT_MS = 3_600_000  # an export of a large graph reads everything: allow an hour rather than the 30 s default

_ENTITIES = "MATCH (n:Entity) RETURN n.id, labels(n), n.name, n.aliases, n.wikidata, n.open_weights, n.license"
_ARTICLES = "MATCH (a:Article) RETURN a.id, a.title, a.url, a.source, a.date, a.date_source, a.text"
_MENTIONS = "MATCH (a:Article)-[:MENTIONS]->(n:Entity) RETURN a.id, n.id"
_FACTS = (
    "MATCH (s:Entity)-[x]->(o:Entity) RETURN type(x), s.id, o.id, x.key, x.support, x.articles, x.dates, "
    "x.first_seen, x.last_seen, x.amount, x.date, x.role, x.status, x.hedged"
)
_FACT_COLUMNS = ("relation", "subject_id", "object_id", "key", "support", "articles", "dates", "first_seen",
                 "last_seen", "amount", "date", "role", "status", "hedged")  # fmt: skip


@dataclass
class Snapshot:
    """The whole graph as plain rows, sorted by id (entities, articles), key (facts) or id (evidence).

    ``mentions`` maps an article id to the sorted ids of the entities it mentions. ``evidence`` rows are the
    properties of the ``Evidence`` nodes (``id``, ``fact``, ``relation``, ``subject_id``, ``object_id``, ``subject``,
    ``object``, ``value``, ``sentence``, ``start``, ``end``, ``rule``, ``confidence``, ``pipeline_version``,
    ``article_id``, ``url``, ``title``, ``date``).
    """

    entities: list[dict[str, Any]] = field(default_factory=list)
    articles: list[dict[str, Any]] = field(default_factory=list)
    mentions: dict[str, list[str]] = field(default_factory=dict)
    facts: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[dict[str, Any]] = field(default_factory=list)


def _rows(store: GraphStore, cypher: str) -> list[list[Any]]:
    return store.query(cypher, limit=_ALL, timeout_ms=_TIMEOUT_MS).rows


def snapshot(store: GraphStore) -> Snapshot:
    """Read the whole graph from ``store`` into a :class:`Snapshot`.

    Parameters
    ----------
    store : GraphStore
        Any store that runs Cypher.

    Returns
    -------
    Snapshot
        Entities, articles, mentions, facts and evidence, in a stable order.
    """
    entities = []
    for entity_id, labels, name, aliases, wikidata, open_weights, license_ in _rows(store, _ENTITIES):
        entity_type = next((label for label in labels if label != "Entity"), "Entity")
        entities.append({"id": entity_id, "type": entity_type, "name": name, "aliases": list(aliases or []),
                         "wikidata": wikidata, "open_weights": open_weights, "license": license_})  # fmt: skip
    articles = [
        dict(zip(("id", "title", "url", "source", "date", "date_source", "text"), row, strict=True))
        for row in _rows(store, _ARTICLES)
    ]
    mentions: dict[str, list[str]] = {}
    for article_id, entity_id in _rows(store, _MENTIONS):
        mentions.setdefault(article_id, []).append(entity_id)
    facts = [dict(zip(_FACT_COLUMNS, row, strict=True)) for row in _rows(store, _FACTS)]
    evidence = [row[0] for row in _rows(store, "MATCH (ev:Evidence) RETURN properties(ev)")]
    return Snapshot(
        entities=sorted(entities, key=lambda e: e["id"]),
        articles=sorted(articles, key=lambda a: a["id"]),
        mentions={k: sorted(v) for k, v in sorted(mentions.items())},
        facts=sorted(facts, key=lambda f: (f["key"] or "", f["relation"])),
        evidence=sorted(evidence, key=lambda ev: (ev.get("fact") or "", ev.get("id") or "")),
    )


def _evidence(store: GraphStore) -> list[dict[str, Any]]:
    return [row[0] for row in store.query(_EVIDENCE_QUERY, limit=_ALL, timeout_ms=_TIMEOUT_MS).rows]


def export_json(store: GraphStore, out: IO[str]) -> None:
    """Write ``{"entities": [...], "facts": [...], "evidence": [...]}``; facts and evidence share ``key``."""
    graph = store.to_networkx()
    data = {
        "entities": [{"id": n, **attrs} for n, attrs in graph.nodes(data=True)],
        "facts": [{"subject_id": s, "object_id": o, **attrs} for s, o, attrs in graph.edges(data=True)],
        "evidence": _evidence(store),
    }
    json.dump(data, out, indent=1, ensure_ascii=False, default=str)
    out.write("\n")


def _graphml_safe(value: Any) -> Any:
    """GraphML holds scalars only: lists become "a; b", missing values are dropped by the caller."""
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return value


def _scalar_graph(store: GraphStore) -> nx.MultiDiGraph:
    """The entity graph with scalar attributes only (what GraphML and GEXF hold) and a ``label`` for Gephi."""
    graph = store.to_networkx()
    clean = nx.MultiDiGraph()
    for n, attrs in graph.nodes(data=True):
        clean.add_node(n, label=attrs.get("name", n),
                       **{k: _graphml_safe(v) for k, v in attrs.items() if v is not None})  # fmt: skip
    for s, o, key, attrs in graph.edges(keys=True, data=True):
        clean.add_edge(s, o, key=key, label=key,
                       **{k: _graphml_safe(v) for k, v in attrs.items() if v is not None})  # fmt: skip
    return clean


def export_graphml(store: GraphStore, out: IO[bytes]) -> None:
    """Write GraphML: entity attributes and fact properties as GraphML attributes."""
    nx.write_graphml(_scalar_graph(store), out)


def export_gexf(store: GraphStore, out: IO[bytes]) -> None:
    """Write GEXF 1.2 for Gephi: entities as nodes (``label`` is the name), facts as edges (``label`` the relation).

    Examples
    --------
    >>> export_gexf(store, open("kg.gexf", "wb"))  # doctest: +SKIP
    """
    nx.write_gexf(_scalar_graph(store), out)


# -- CSV for neo4j-admin database import ------------------------------------------------------------------

_ENTITY_HEADER = ["id:ID(Entity)", ":LABEL", "name", "aliases:string[]", "wikidata", "open_weights:boolean",
                  "license"]  # fmt: skip
_ARTICLE_HEADER = ["id:ID(Article)", ":LABEL", "title", "url", "source", "date", "date_source", "text"]
_EVIDENCE_HEADER = [
    "id:ID(Evidence)", ":LABEL", "fact", "relation", "subject_id", "object_id", "subject", "object", "value",
    "sentence", "start:int", "end:int", "rule", "confidence:double", "pipeline_version", "article_id", "url",
    "title", "date", "amount", "fact_date", "role", "status", "hedged:boolean",
]
_FACT_HEADER = [
    ":START_ID(Entity)", ":END_ID(Entity)", ":TYPE", "key", "support:int", "articles:string[]", "dates:string[]",
    "first_seen", "last_seen", "amount", "date", "role", "status", "hedged:boolean",
]


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ";".join(str(v).replace(";", ",") for v in value)  # ";" is the array delimiter
    return value


def _write_csv(path: Path, header: list[str], rows: list[list[Any]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows([[_csv_value(v) for v in row] for row in rows])
    return path


def export_csv(store: GraphStore, directory: Path) -> list[Path]:
    """Write the graph as CSV files in the layout ``neo4j-admin database import full`` reads.

    Node files ``entities.csv``, ``articles.csv`` and ``evidence.csv`` (``id:ID(space)``, ``:LABEL``, typed
    property columns); relationship files ``facts.csv`` (``:START_ID``, ``:END_ID``, ``:TYPE`` = the relation,
    with the fact's properties), ``mentions.csv``, ``stated_in.csv`` and ``about.csv``. One header per file;
    arrays are joined with ``;`` (neo4j-admin's default array delimiter). :func:`neo4j_admin_command` gives the
    command that loads them.

    Parameters
    ----------
    store : GraphStore
        The store to export.
    directory : Path
        Created if needed; existing files of the same names are overwritten.

    Returns
    -------
    list[Path]
        The files written, node files first.
    """
    directory.mkdir(parents=True, exist_ok=True)
    snap = snapshot(store)
    entities = [[e["id"], f"{e['type']};Entity", e["name"], e["aliases"], e["wikidata"], e["open_weights"],
                 e["license"]] for e in snap.entities]  # fmt: skip
    articles = [[a["id"], "Article", a["title"], a["url"], a["source"], a["date"], a["date_source"], a["text"]]
                for a in snap.articles]  # fmt: skip
    evidence = [[ev.get(c.split(":")[0]) for c in _EVIDENCE_HEADER] for ev in snap.evidence]
    for row in evidence:
        row[1] = "Evidence"
    facts = [[f["subject_id"], f["object_id"], f["relation"], f["key"], f["support"], f["articles"] or [],
              f["dates"] or [], f["first_seen"], f["last_seen"], f["amount"], f["date"], f["role"], f["status"],
              f["hedged"]] for f in snap.facts]  # fmt: skip
    mentions = [[a, e, "MENTIONS"] for a, ids in snap.mentions.items() for e in ids]
    stated_in = [[ev["id"], ev["article_id"], "STATED_IN"] for ev in snap.evidence]
    about = [[ev["id"], ev["subject_id"], "ABOUT"] for ev in snap.evidence]
    return [
        _write_csv(directory / "entities.csv", _ENTITY_HEADER, entities),
        _write_csv(directory / "articles.csv", _ARTICLE_HEADER, articles),
        _write_csv(directory / "evidence.csv", _EVIDENCE_HEADER, evidence),
        _write_csv(directory / "facts.csv", _FACT_HEADER, facts),
        _write_csv(directory / "mentions.csv", [":START_ID(Article)", ":END_ID(Entity)", ":TYPE"], mentions),
        _write_csv(directory / "stated_in.csv", [":START_ID(Evidence)", ":END_ID(Article)", ":TYPE"], stated_in),
        _write_csv(directory / "about.csv", [":START_ID(Evidence)", ":END_ID(Entity)", ":TYPE"], about),
    ]


def neo4j_admin_command(paths: list[Path], database: str = "neo4j") -> str:
    """The ``neo4j-admin`` command that loads the files of :func:`export_csv` into an empty database."""
    nodes = [p for p in paths if p.stem in ("entities", "articles", "evidence")]
    rels = [p for p in paths if p not in nodes]
    args = [f"--nodes={p}" for p in nodes] + [f"--relationships={p}" for p in rels]
    return f"neo4j-admin database import full {' '.join(args)} {database}"


def export_rdf(store: GraphStore, out: IO[str], fmt: str, *, base_iri: str | None = None) -> int:
    """Write the graph as RDF with provenance: ``ttl`` and ``jsonld`` reify facts, ``nq`` has a graph per article.

    See :func:`kg.rdf.write_rdf`; returns the number of triples (quads for ``nq``) written.
    """
    from kg.rdf import write_rdf

    return write_rdf(snapshot(store), out, fmt, base_iri=base_iri)


def export_to(store: GraphStore, fmt: str, output: Path | None = None, *, base_iri: str | None = None) -> list[Path]:
    """Export ``store`` in format ``fmt`` (one of :data:`FORMATS`) to ``output``, or to stdout when it is ``None``.

    ``csv`` writes a directory of files and needs ``output``. Returns the files written (none for stdout).

    Raises
    ------
    ValueError
        For an unknown format, or ``csv`` without a directory.
    """
    import sys

    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; valid formats: {', '.join(FORMATS)}")
    if fmt == "csv":
        if output is None:
            raise ValueError("--format csv writes several files: give a directory")
        return export_csv(store, output)
    binary = fmt in ("graphml", "gexf")
    handle: Any = (sys.stdout.buffer if binary else sys.stdout) if output is None else \
        output.open("wb" if binary else "w", encoding=None if binary else "utf-8")  # fmt: skip
    try:
        if fmt == "json":
            export_json(store, handle)
        elif fmt == "graphml":
            export_graphml(store, handle)
        elif fmt == "gexf":
            export_gexf(store, handle)
        else:
            export_rdf(store, handle, fmt, base_iri=base_iri)
    finally:
        if output is not None:
            handle.close()
        else:
            handle.flush()
    return [] if output is None else [output]
