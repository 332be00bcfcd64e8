"""The Cypher console's plain helpers: parameters from KEY=VALUE lines, result tables, CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from kg.errors import KGError
from kg.examples import EXAMPLES

__all__ = ["ParameterError", "parse_params", "table_rows", "to_csv", "to_json", "GALLERY"]

#: The console's example gallery: the README's queries, then a few that return nodes and relationships.
GALLERY: dict[str, tuple[str, str]] = {
    **{e.title: (e.cypher, "") for e in EXAMPLES},
    "Meta's neighbourhood as a graph (nodes and relationships)": (
        "MATCH (a:Entity {name: $name})-[r]-(b:Entity) RETURN a, r, b LIMIT 50",
        "name=Meta",
    ),
    "Facts stated on a given day, with their sentences": (
        "MATCH (ev:Evidence) WHERE ev.date = $day RETURN ev.subject AS subject, ev.relation AS relation, "
        "ev.object AS object, ev.sentence AS sentence ORDER BY relation",
        'day="2026-04-08"',
    ),
    "Entities with the most facts": (
        "MATCH (n:Entity)-[r]-(:Entity) RETURN n.name AS entity, labels(n) AS labels, count(r) AS facts "
        "ORDER BY facts DESC LIMIT 20",
        "",
    ),
}


class ParameterError(KGError):
    """A console parameter line is not KEY=VALUE."""


def parse_params(text: str) -> dict[str, Any]:
    """Query parameters from ``KEY=VALUE`` lines; a value is JSON when it parses as JSON, else a string.

    >>> parse_params('name=Meta\\nn=3\\nids=["a", "b"]\\n# a comment')
    {'name': 'Meta', 'n': 3, 'ids': ['a', 'b']}
    """
    params: dict[str, Any] = {}
    for lineno, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        key = key.strip()
        if not sep or not key.isidentifier():
            raise ParameterError(f"parameter line {lineno} is not KEY=VALUE: {line!r}")
        value = value.strip()
        try:
            params[key] = json.loads(value)
        except json.JSONDecodeError:
            params[key] = value
    return params


def _cell(value: Any) -> Any:
    """A table cell: nodes, relationships and lists as compact JSON, so every column has one type."""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def table_rows(columns: list[str], rows: list[list[Any]]) -> list[dict[str, Any]]:
    """Result rows as records ready for a dataframe."""
    return [{c: _cell(v) for c, v in zip(columns, row, strict=True)} for row in rows]


def to_csv(columns: list[str], rows: list[list[Any]]) -> str:
    """The result as CSV (nested values as JSON)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerows([[_cell(v) for v in row] for row in rows])
    return buffer.getvalue()


def to_json(columns: list[str], rows: list[list[Any]]) -> str:
    """The result as a JSON list of records (nested values kept as JSON)."""
    records = [dict(zip(columns, row, strict=True)) for row in rows]
    return json.dumps(records, ensure_ascii=False, indent=2, default=str)
