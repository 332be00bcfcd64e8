"""Load ``schema.yaml`` and ``registry.yaml`` into plain objects, validating them on the way in."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kg.errors import OntologyError

__all__ = [
    "Schema", "RelationType", "RegistryEntry", "load_schema", "load_registry", "ONTOLOGY_DIR", "ONTOLOGY_TTL",
    "SHAPES_TTL",
]  # fmt: skip

ONTOLOGY_DIR = Path(__file__).resolve().parent
#: The OWL ontology (Turtle) of the entity types, relations, qualifiers and provenance; kept in step with schema.yaml.
ONTOLOGY_TTL = ONTOLOGY_DIR / "kg.ttl"
#: The SHACL shapes that `kg validate` runs over the RDF form of the graph.
SHAPES_TTL = ONTOLOGY_DIR / "shapes.ttl"


@dataclass(frozen=True)
class RelationType:
    """One relation of the schema, with the entity types allowed at each end."""

    name: str
    subject: tuple[str, ...]
    object: tuple[str, ...] = ()
    symmetric: bool = False
    same_type: bool = False
    literal: bool = False
    node_property: str | None = None
    description: str = ""

    def allows(self, subject_type: str, object_type: str | None) -> bool:
        """True when a fact of this relation may link these entity types."""
        if subject_type not in self.subject:
            return False
        if self.literal:
            return object_type is None
        if object_type not in self.object:
            return False
        return not self.same_type or subject_type == object_type


@dataclass(frozen=True)
class Schema:
    """The entity types, qualifiers and relation types of ``schema.yaml``."""

    entity_types: dict[str, str]  # type -> id prefix
    relations: dict[str, RelationType]
    qualifiers: tuple[str, ...] = field(default=())

    def relation(self, name: str) -> RelationType:
        try:
            return self.relations[name]
        except KeyError:
            valid = ", ".join(self.relations)
            raise OntologyError(f"KG201 unknown relation type {name!r}; valid types: {valid}") from None

    def check_entity_type(self, name: str) -> str:
        if name not in self.entity_types:
            valid = ", ".join(self.entity_types)
            raise OntologyError(f"KG202 unknown entity type {name!r}; valid types: {valid}")
        return name


@dataclass(frozen=True)
class RegistryEntry:
    """A known entity: its stable id, canonical name, type, aliases and Wikidata QID."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None


def _read_yaml(path: Path):
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise OntologyError(f"KG200 cannot read {path}: {exc}") from exc


@functools.cache
def load_schema(path: Path | None = None) -> Schema:
    """Load the schema (``ontology/schema.yaml`` unless ``path`` is given)."""
    path = path or ONTOLOGY_DIR / "schema.yaml"
    data = _read_yaml(path)
    try:
        entity_types = {name: spec["id_prefix"] for name, spec in data["entity_types"].items()}
        relations = {}
        for name, spec in data["relation_types"].items():
            relations[name] = RelationType(
                name=name,
                subject=tuple(spec["subject"]),
                object=tuple(spec.get("object", ())),
                symmetric=bool(spec.get("symmetric", False)),
                same_type=bool(spec.get("same_type", False)),
                literal="literal" in spec,
                node_property=spec.get("node_property"),
                description=spec.get("description", ""),
            )
        qualifiers = tuple(data.get("qualifiers", {}))
    except (KeyError, TypeError, AttributeError) as exc:
        raise OntologyError(f"KG203 malformed schema {path}: missing or wrong field {exc}") from exc
    for rel in relations.values():
        for t in rel.subject + rel.object:
            if t not in entity_types:
                raise OntologyError(f"KG204 relation {rel.name} in {path} names unknown entity type {t!r}")
    return Schema(entity_types=entity_types, relations=relations, qualifiers=qualifiers)


@functools.cache
def load_registry(path: Path | None = None) -> tuple[RegistryEntry, ...]:
    """Load the entity registry (``ontology/registry.yaml`` unless ``path`` is given).

    Raises :class:`OntologyError` on a missing field, an unknown type or a duplicate id.
    """
    path = path or ONTOLOGY_DIR / "registry.yaml"
    schema = load_schema()
    data = _read_yaml(path) or {}
    entries: list[RegistryEntry] = []
    seen: set[str] = set()
    for i, item in enumerate(data.get("entities", [])):
        try:
            entry = RegistryEntry(
                id=str(item["id"]),
                name=str(item["name"]),
                type=schema.check_entity_type(item["type"]),
                aliases=tuple(str(a) for a in item.get("aliases") or ()),
                wikidata=item.get("wikidata") or None,
            )
        except (KeyError, TypeError) as exc:
            raise OntologyError(f"KG205 registry entry {i} in {path} lacks field {exc}") from exc
        if entry.id in seen:
            raise OntologyError(f"KG206 duplicate registry id {entry.id!r} in {path}")
        seen.add(entry.id)
        entries.append(entry)
    return tuple(entries)
