"""Bidirectional shortest paths over a real store."""

from __future__ import annotations

from kg.model import Entity, Extraction
from kg.paths import shortest_paths
from tests.stores.factories import META, MSL, SCALE, WANG, article, fact

LLAMA = Entity("model:llama", "Llama", "AIModel")
OTHER = Entity("org:other-lab", "Other Lab", "Organization")


def _chain() -> Extraction:
    sentences = ["Alexandr Wang runs MSL.", "MSL is part of Meta.", "Meta built Llama.", "Meta bought Scale AI.",
                 "Scale AI supplies Other Lab.", "Other Lab uses Llama."]  # fmt: skip
    art = article("p1", " ".join(sentences))
    return Extraction(
        art,
        [WANG, MSL, META, LLAMA, SCALE, OTHER],
        [
            fact(art, WANG, "LEADS", MSL, sentences[0]),
            fact(art, MSL, "SUBSIDIARY_OF", META, sentences[1]),
            fact(art, META, "DEVELOPED", LLAMA, sentences[2]),
            fact(art, META, "ACQUIRED", SCALE, sentences[3]),
            fact(art, OTHER, "PARTNERED_WITH", SCALE, sentences[4]),
            fact(art, OTHER, "DEVELOPED", LLAMA, sentences[5]),
        ],
    )


def test_paths_shortest_path_with_edges_in_order(falkor_store):
    falkor_store.write_extraction(_chain())
    [path] = shortest_paths(falkor_store, WANG.id, LLAMA.id)
    assert path.nodes == (WANG.id, MSL.id, META.id, LLAMA.id)
    assert [e["relation"] for e in path.edges] == ["LEADS", "SUBSIDIARY_OF", "DEVELOPED"]
    assert all(e["key"] for e in path.edges)  # each hop leads to its evidence


def test_paths_all_shortest_paths(falkor_store):
    falkor_store.write_extraction(_chain())
    paths = shortest_paths(falkor_store, META.id, OTHER.id)
    assert sorted(p.nodes for p in paths) == [(META.id, LLAMA.id, OTHER.id), (META.id, SCALE.id, OTHER.id)]


def test_paths_respect_max_length_and_relation_filter(falkor_store):
    falkor_store.write_extraction(_chain())
    assert shortest_paths(falkor_store, WANG.id, LLAMA.id, max_length=2) == []
    [path] = shortest_paths(falkor_store, META.id, OTHER.id, relations=["ACQUIRED", "PARTNERED_WITH"])
    assert path.nodes == (META.id, SCALE.id, OTHER.id)


def test_paths_unknown_or_same_entity(falkor_store):
    falkor_store.write_extraction(_chain())
    assert shortest_paths(falkor_store, WANG.id, "org:nowhere") == []
    assert shortest_paths(falkor_store, WANG.id, WANG.id)[0].nodes == (WANG.id,)
