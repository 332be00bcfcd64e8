"""The plain dataclasses that cross every boundary: Article, Entity, Evidence, Relation, Extraction.

Extractors produce them, stores consume them; neither side needs the other's types.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["Article", "Entity", "Evidence", "Relation", "Extraction", "QUALIFIERS"]

#: Optional relation properties, as named in the schema (../shared/eval/GUIDELINES.md).
QUALIFIERS = ("amount", "date", "role", "status", "hedged")


@dataclass(frozen=True)
class Article:
    """One news article.

    ``date`` is an ISO date (``YYYY-MM-DD``); ``date_source`` says where it came from:
    ``"given"`` (front matter, JSON field, feed), ``"page"`` (found in the HTML), or ``"ingested"``
    (no date was known, so the ingest time was used).
    """

    id: str
    text: str
    title: str = ""
    url: str = ""
    source: str = ""
    date: str = ""
    date_source: str = "given"


@dataclass(frozen=True)
class Entity:
    """A real-world entity: one node in the graph. ``type`` is an entity type of the schema."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["aliases"] = list(self.aliases)
        return d


@dataclass(frozen=True)
class Evidence:
    """Where a fact was stated: the sentence, its character offsets in the article text, and how it was found."""

    article_id: str
    sentence: str
    start: int
    end: int
    rule: str
    confidence: float
    pipeline_version: str
    url: str = ""
    title: str = ""
    date: str = ""


@dataclass(frozen=True)
class Relation:
    """A fact: ``subject -[relation]-> object`` with its qualifiers and the evidence it came from.

    For the literal relations (OPEN_WEIGHTS, LICENSED_UNDER) ``object_id`` is ``None`` and ``object``
    holds the literal ("true"/"false" or the licence name).
    """

    subject_id: str
    relation: str
    object_id: str | None
    subject: str
    object: str
    evidence: Evidence
    qualifiers: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """A stable key for the fact, independent of where it was stated."""
        return f"{self.subject_id}|{self.relation}|{self.object_id or self.object}"

    def to_dict(self) -> dict[str, Any]:
        """The flat form that ``kg extract --format jsonl`` writes."""
        d: dict[str, Any] = {
            "subject": self.subject,
            "relation": self.relation,
            "object": self.object,
            "subject_id": self.subject_id,
            "object_id": self.object_id,
            "evidence": self.evidence.sentence,
            "start": self.evidence.start,
            "end": self.evidence.end,
            "confidence": self.evidence.confidence,
            "rule": self.evidence.rule,
        }
        d.update({k: v for k, v in self.qualifiers.items() if v not in (None, "", False)})
        return d


@dataclass
class Extraction:
    """What the extractors found in one article."""

    article: Article
    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.article.id,
            "source": self.article.source,
            "title": self.article.title,
            "url": self.article.url,
            "date": self.article.date,
            "entities": [e.to_dict() for e in self.entities],
            "relations": [r.to_dict() for r in self.relations],
        }
