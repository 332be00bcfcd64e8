"""Name normalisation and deterministic entity ids, shared by the registry, the extractors and the stores."""

from __future__ import annotations

import re

__all__ = ["normalise", "slug", "entity_id", "ID_PREFIX"]

#: Entity type -> id prefix (mirrors ontology/schema.yaml; checked by a test).
ID_PREFIX = {"Organization": "org", "Person": "person", "AIModel": "model", "Product": "product"}

_SUFFIXES = re.compile(r"\b(incorporated|inc|corporation|corp|ltd|limited|llc|plc|gmbh|ag|sa|co)\b\.?")


def normalise(name: str) -> str:
    """The matching key of a name: case, possessives, a leading "the", corporate suffixes and punctuation dropped.

    >>> normalise("The Meta Platforms, Inc.'s")
    'metaplatforms'
    >>> normalise("GPT-5.4") == normalise("gpt 5.4")
    True
    """
    s = name.lower().replace("\u2019", "'")
    s = re.sub(r"'s\b", "", s)
    s = re.sub(r"^the\s+", "", s)
    s = _SUFFIXES.sub("", s)
    return re.sub(r"[^0-9a-z]+", "", s)


def slug(name: str) -> str:
    """A readable, URL-safe form of a name: ``"GPT-5.4"`` -> ``"gpt-5-4"``."""
    s = name.lower().replace("\u2019", "'")
    s = re.sub(r"'s\b", "", s)
    s = _SUFFIXES.sub("", s)
    return re.sub(r"[^0-9a-z]+", "-", s).strip("-") or "x"


def entity_id(entity_type: str, name: str) -> str:
    """The deterministic id of an entity not in the registry: type prefix and slug.

    >>> entity_id("AIModel", "Claude Sonnet 4.6")
    'model:claude-sonnet-4-6'
    """
    return f"{ID_PREFIX[entity_type]}:{slug(name)}"
