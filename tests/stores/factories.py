"""Small hand-built extractions for store tests: no NLP involved, so store tests test only the store."""

from __future__ import annotations

from kg.model import Article, Entity, Evidence, Extraction, Relation

META = Entity("org:meta", "Meta", "Organization", ("Meta Platforms",), "Q380")
SCALE = Entity("org:scale-ai", "Scale AI", "Organization")
WANG = Entity("person:alexandr-wang", "Alexandr Wang", "Person", ("Wang",))
MSL = Entity("org:meta-superintelligence-labs", "Meta Superintelligence Labs", "Organization", ("MSL",))
MUSE = Entity("model:muse-spark", "Muse Spark", "AIModel")
GPT54 = Entity("model:gpt-5-4", "GPT-5.4", "AIModel")


def article(article_id: str, text: str, date: str = "2026-04-08") -> Article:
    return Article(id=article_id, text=text, title=f"Title {article_id}", url=f"https://example.org/{article_id}",
                   source=f"{article_id}.txt", date=date)  # fmt: skip


def fact(
    art: Article, subject: Entity, relation: str, obj: Entity | str, sentence: str, **qualifiers
) -> Relation:
    start = art.text.index(sentence)
    evidence = Evidence(art.id, sentence, start, start + len(sentence), "test-rule", 0.9, "test-0",
                        art.url, art.title, art.date)  # fmt: skip
    if isinstance(obj, Entity):
        return Relation(subject.id, relation, obj.id, subject.name, obj.name, evidence, qualifiers)
    return Relation(subject.id, relation, None, subject.name, obj, evidence, qualifiers)


def acquisition(article_id: str = "a1", date: str = "2026-04-08") -> Extraction:
    sentence = "Meta paid $14.3 billion for Scale AI."
    art = article(article_id, f"{sentence} Alexandr Wang now runs MSL.", date)
    return Extraction(
        art,
        [META, SCALE, WANG, MSL],
        [
            fact(art, META, "ACQUIRED", SCALE, sentence, amount="$14.3 billion"),
            fact(art, WANG, "LEADS", MSL, "Alexandr Wang now runs MSL.", role="CEO"),
        ],
    )


def muse_launch(article_id: str = "b1", open_weights: str = "false", date: str = "2026-04-09") -> Extraction:
    sentences = ["MSL released Muse Spark.", "Muse Spark matches GPT-5.4.", "It has no open weights."]
    art = article(article_id, " ".join(sentences), date)
    return Extraction(
        art,
        [MSL, MUSE, GPT54],
        [
            fact(art, MSL, "DEVELOPED", MUSE, sentences[0]),
            fact(art, MUSE, "PARITY_WITH", GPT54, sentences[1]),
            fact(art, MUSE, "OPEN_WEIGHTS", open_weights, sentences[2]),
        ],
    )
