"""The schema and the entity registry in ontology/: well-formed, consistent with each other and with kg.names."""

from __future__ import annotations

import doctest
from collections import Counter

import pytest

import kg.analytics
import kg.names
from kg.errors import OntologyError
from kg.names import ID_PREFIX, entity_id, normalise
from ontology import load_registry, load_schema


def test_schema_has_the_guidelines_types():
    schema = load_schema()
    assert set(schema.entity_types) == {"Organization", "Person", "AIModel", "Product"}
    assert len(schema.relations) == 15
    assert schema.relation("LEADS").allows("Person", "Organization")
    assert not schema.relation("LEADS").allows("Organization", "Person")
    assert schema.relation("OPEN_WEIGHTS").allows("AIModel", None)


def test_schema_id_prefixes_match_kg_names():
    assert load_schema().entity_types == ID_PREFIX


def test_schema_unknown_relation_lists_valid_ones():
    with pytest.raises(OntologyError, match="KG201 .*ACQUIRED"):
        load_schema().relation("BOUGHT")


def test_registry_is_large_and_ids_are_deterministic():
    entries = load_registry()
    assert len(entries) >= 300
    assert Counter(e.type for e in entries).keys() == ID_PREFIX.keys()
    for e in entries:
        assert e.id == entity_id(e.type, e.name), e


def test_registry_names_and_aliases_are_unambiguous():
    owners: dict[str, str] = {}
    for e in load_registry():
        for form in {normalise(n) for n in (e.name, *e.aliases)}:
            assert owners.setdefault(form, e.id) == e.id, f"{form!r} names {owners[form]} and {e.id}"


def test_registry_malformed_entry_is_reported(tmp_path):
    bad = tmp_path / "registry.yaml"
    bad.write_text("entities:\n  - {id: 'org:x', type: Organization}\n")
    with pytest.raises(OntologyError, match="KG205 .*'name'"):
        load_registry.__wrapped__(bad)


@pytest.mark.parametrize("module", [kg.names, kg.analytics])
def test_docstring_examples_run(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
