"""Example Cypher queries over the demo graph: printed by ``kg demo``, shown in the README and the explorer."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ExampleQuery", "EXAMPLES"]


@dataclass(frozen=True)
class ExampleQuery:
    title: str
    cypher: str


EXAMPLES: tuple[ExampleQuery, ...] = (
    ExampleQuery(
        "Who acquired Scale AI, for how much, and where was it said?",
        "MATCH (buyer:Organization)-[r:ACQUIRED]->(:Organization {name: 'Scale AI'}) "
        "MATCH (ev:Evidence {fact: r.key}) "
        "RETURN buyer.name AS buyer, r.amount AS amount, ev.sentence AS evidence, ev.title AS article",
    ),
    ExampleQuery(
        "Who leads Meta Superintelligence Labs, and what is it part of?",
        "MATCH (p:Person)-[:LEADS]->(u:Organization {name: 'Meta Superintelligence Labs'}) "
        "OPTIONAL MATCH (u)-[:SUBSIDIARY_OF]->(parent:Organization) "
        "RETURN p.name AS leader, u.name AS unit, parent.name AS part_of",
    ),
    ExampleQuery(
        "Which models does Muse Spark claim parity with?",
        "MATCH (:AIModel {name: 'Muse Spark'})-[:PARITY_WITH]-(other:AIModel) "
        "RETURN other.name AS model ORDER BY model",
    ),
    ExampleQuery(
        "Where is Muse Spark available?",
        "MATCH (:AIModel {name: 'Muse Spark'})-[:AVAILABLE_VIA]->(p) RETURN p.name AS channel ORDER BY channel",
    ),
    ExampleQuery(
        "Which models have open weights, and under which licence?",
        "MATCH (m:AIModel) WHERE m.open_weights = true "
        "RETURN m.name AS model, m.license AS license ORDER BY model",
    ),
    ExampleQuery(
        "Which organizations developed the most models and products?",
        "MATCH (o:Organization)-[r:DEVELOPED]->(x) "
        "RETURN o.name AS organization, count(x) AS developed ORDER BY developed DESC, organization LIMIT 10",
    ),
)
