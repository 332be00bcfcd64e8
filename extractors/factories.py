"""Registration of the extraction components with spaCy (``Language.factory``).

Settings would go in the config; data (the registry) enters through ``initialize()`` (see STYLE.md section 4).
"""

from __future__ import annotations

from spacy.language import Language

from .acronyms import AcronymDetector
from .attributes import FastAttributes
from .coref import CorefResolver
from .entities import EntityFilter
from .entity_patterns import ModelNameMatcher
from .relations import RelationExtractor
from .resolution import EntityResolver
from .sentences import LineBreakSentencizer

__all__ = ["COMPONENTS"]


@Language.factory("kg_line_breaks", assigns=["token.is_sent_start"])
def make_line_breaks(nlp: Language, name: str) -> LineBreakSentencizer:
    return LineBreakSentencizer(nlp, name)


@Language.factory(
    "kg_fast_attributes", assigns=["token.pos", "token.morph", "token.lemma"], requires=["token.tag", "token.dep"]
)
def make_fast_attributes(nlp: Language, name: str) -> FastAttributes:
    return FastAttributes(nlp, name)


@Language.factory("kg_model_names", assigns=["doc.ents"], default_config={"label": "AIModel"})
def make_model_names(nlp: Language, name: str, label: str) -> ModelNameMatcher:
    return ModelNameMatcher(nlp, name, label=label)


@Language.factory("kg_entity_filter", assigns=["doc.ents"], requires=["doc.ents"])
def make_entity_filter(nlp: Language, name: str) -> EntityFilter:
    return EntityFilter(nlp, name)


@Language.factory("kg_acronyms", assigns=["doc._.kg_acronyms", "doc.ents"], requires=["doc.ents"])
def make_acronyms(nlp: Language, name: str) -> AcronymDetector:
    return AcronymDetector(nlp, name)


@Language.factory("kg_resolver", assigns=["doc._.kg_entities", "doc._.kg_token_ent"], requires=["doc.ents"])
def make_resolver(nlp: Language, name: str) -> EntityResolver:
    return EntityResolver(nlp, name)


@Language.factory("kg_coref", assigns=["doc._.kg_coref"], requires=["doc._.kg_entities"])
def make_coref(nlp: Language, name: str) -> CorefResolver:
    return CorefResolver(nlp, name)


@Language.factory("kg_relations", assigns=["doc._.kg_relations"], requires=["doc._.kg_entities"])
def make_relations(nlp: Language, name: str) -> RelationExtractor:
    return RelationExtractor(nlp, name)


#: Our components in pipeline order (after spaCy's own ``ner``).
COMPONENTS = ("kg_entity_filter", "kg_acronyms", "kg_resolver", "kg_coref", "kg_relations")
