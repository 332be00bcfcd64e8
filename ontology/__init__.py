"""The schema of entity and relation types and the entity registry, as data files with their loader."""

from ontology.loader import RegistryEntry, Schema, load_registry, load_schema

__all__ = ["RegistryEntry", "Schema", "load_registry", "load_schema"]
