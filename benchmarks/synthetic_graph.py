"""A synthetic AI-ecosystem graph for benchmarks: entities with names and aliases, facts with evidence.

Deterministic for a given seed. Facts come as large :class:`~kg.model.Extraction` objects (one synthetic
article per ``facts_per_article`` facts), so they go through the store's real write path.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from kg.model import Article, Entity, Evidence, Extraction, Relation

__all__ = ["entities", "extractions", "orphan_extraction", "HUB_ID"]

HUB_ID = "org:hub-labs"

_SYLLABLES = ("ka", "lo", "mi", "ra", "zen", "tor", "vi", "qu", "ne", "sol", "tri", "xa", "bel", "dor", "fin",
              "gal", "hex", "ion", "jun", "kor", "lum", "nov", "orb", "pyr", "rho", "syn", "tal", "ul",
              "vex")  # fmt: skip
_ORG_SUFFIX = ("Labs", "AI", "Systems", "Robotics", "Capital", "Research", "Technologies", "Ventures")
_FIRST = ("Ada", "Ben", "Chen", "Dara", "Eli", "Fatima", "Gus", "Hana", "Ivan", "Jun", "Kofi", "Lena", "Mei",
          "Nia", "Omar", "Priya", "Quinn", "Rosa", "Sam", "Tariq", "Uma", "Vik", "Wen", "Yara", "Zoe")  # fmt: skip
_PRODUCTS = ("Studio", "Cloud", "Assistant", "Chat", "Copilot", "Search", "Glasses", "API")
#: (relation, subject type, object type, verb)
_RELATIONS = (
    ("ACQUIRED", "Organization", "Organization", "acquired"),
    ("INVESTED_IN", "Organization", "Organization", "invested in"),
    ("PARTNERED_WITH", "Organization", "Organization", "partnered with"),
    ("SUBSIDIARY_OF", "Organization", "Organization", "is a unit of"),
    ("FOUNDED_BY", "Organization", "Person", "was founded by"),
    ("LEADS", "Person", "Organization", "leads"),
    ("EMPLOYED_BY", "Person", "Organization", "works at"),
    ("DEVELOPED", "Organization", "AIModel", "released"),
    ("DEVELOPED", "Organization", "Product", "launched"),
    ("COMPETES_WITH", "Organization", "Organization", "competes with"),
    ("OUTPERFORMS", "AIModel", "AIModel", "beats"),
    ("PARITY_WITH", "AIModel", "AIModel", "matches"),
    ("AVAILABLE_VIA", "AIModel", "Product", "is available in"),
    ("BASED_ON", "AIModel", "AIModel", "is based on"),
)
_SHARES = (("Organization", 0.4), ("Person", 0.3), ("AIModel", 0.2), ("Product", 0.1))
_PREFIX = {"Organization": "org", "Person": "person", "AIModel": "model", "Product": "product"}


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def entities(n: int, seed: int = 7) -> list[Entity]:
    """``n`` entities of the four types, with unique ids, plausible names and a few aliases; the first is the hub."""
    rng = random.Random(seed)
    out = [Entity(HUB_ID, "Hub Labs", "Organization", ("HubLabs",))]
    for i in range(1, n):
        roll, kind = rng.random(), "Product"
        for entity_type, share in _SHARES:
            if roll < share:
                kind = entity_type
                break
            roll -= share
        word = _word(rng)
        if kind == "Organization":
            name, aliases = f"{word} {rng.choice(_ORG_SUFFIX)} {i}", (f"{word}{i}",)
        elif kind == "Person":
            name, aliases = f"{rng.choice(_FIRST)} {word} {i}", ()
        elif kind == "AIModel":
            name, aliases = f"{word}-{rng.randint(1, 9)}.{i}", ()
        else:
            name, aliases = f"{word} {rng.choice(_PRODUCTS)} {i}", ()
        out.append(Entity(f"{_PREFIX[kind]}:e{i}", name, kind, aliases))
    return out


def extractions(
    ents: list[Entity], n_facts: int, facts_per_article: int = 1000, hub_facts: int = 5000, seed: int = 11
) -> Iterator[Extraction]:
    """Articles of ``facts_per_article`` facts each, ``n_facts`` in all; ``hub_facts`` of them touch the hub.

    Ends are drawn with a heavy tail (a few entities are in many facts), as in real news.
    """
    rng = random.Random(seed)
    by_type: dict[str, list[Entity]] = {t: [e for e in ents if e.type == t] for t, _ in _SHARES}
    hub = ents[0]

    def pick(entity_type: str) -> Entity:
        pool = by_type[entity_type]
        return pool[min(int(rng.paretovariate(1.1)) - 1, len(pool) - 1) if rng.random() < 0.3
                    else rng.randrange(len(pool))]  # fmt: skip

    made = 0
    article_no = 0
    while made < n_facts:
        size = min(facts_per_article, n_facts - made)
        article_id = f"synthetic-{article_no:05d}"
        date = f"20{20 + article_no % 7}-{1 + article_no % 12:02d}-{1 + article_no % 28:02d}"
        sentences, triples = [], []
        for k in range(size):
            relation, s_type, o_type, verb = rng.choice(_RELATIONS)
            if made + k < hub_facts:  # the hub develops, invests, partners: always as an Organization subject
                relation, s_type, o_type, verb = rng.choice([r for r in _RELATIONS if r[1] == "Organization"])
                subject = hub
            else:
                subject = pick(s_type)
            obj = pick(o_type)
            if obj.id == subject.id:
                continue
            sentences.append(f"{subject.name} {verb} {obj.name}.")
            triples.append((subject, relation, obj))
        text = " ".join(sentences)
        article = Article(id=article_id, text=text, title=f"Synthetic article {article_no}",
                          url=f"https://example.org/synthetic/{article_no}", source="synthetic", date=date)  # fmt: skip
        relations, mentioned, offset = [], {}, 0
        for sentence, (subject, relation, obj) in zip(sentences, triples, strict=True):
            evidence = Evidence(article_id, sentence, offset, offset + len(sentence), "synthetic", 1.0, "bench",
                                article.url, article.title, date)  # fmt: skip
            relations.append(Relation(subject.id, relation, obj.id, subject.name, obj.name, evidence))
            mentioned[subject.id], mentioned[obj.id] = subject, obj
            offset += len(sentence) + 1
        # Entities that no fact mentions still need a node: the last article carries them.
        made += size
        article_no += 1
        yield Extraction(article, list(mentioned.values()), relations)


def orphan_extraction(ents: list[Entity], present: set[str]) -> Extraction | None:
    """One article naming every entity no fact mentioned, so the store holds all of them."""
    missing = [e for e in ents if e.id not in present]
    if not missing:
        return None
    article = Article(id="synthetic-orphans", text="Entities in the news.", title="Synthetic orphans",
                      source="synthetic", date="2026-01-01")  # fmt: skip
    return Extraction(article, missing, [])
