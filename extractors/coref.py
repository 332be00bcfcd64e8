"""In-article coreference by recency: "the company" -> the last organisation, "he" -> the last person.

This is deliberately simple: news text usually refers back to the entity it has just named. Definite noun
phrases choose by their head noun (company/firm/startup -> Organization, unit/lab/division -> a unit-like
Organization if there is one, model -> AIModel, app/chatbot/assistant -> Product); "he"/"she" choose the last
Person; "it"/"its" choose the last organisation, model or product that was a grammatical subject.
The result is ``doc._.kg_coref``: for every token, the index of the entity it refers to, or -1.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .component import Component

__all__ = ["CorefResolver", "resolve_coreference", "ANAPHOR_NOUNS"]

if not Doc.has_extension("kg_coref"):
    Doc.set_extension("kg_coref", default=None)

#: Head nouns of definite descriptions and the entity type they refer back to.
ANAPHOR_NOUNS: dict[str, str] = {
    **dict.fromkeys(
        [
            "company",
            "firm",
            "startup",
            "start-up",
            "giant",
            "group",
            "business",
            "maker",
            "developer",
            "chipmaker",
            "hyperscaler",
            "conglomerate",
            "upstart",
            "venture",
            "outfit",
            "organization",
            "lab",
            "unit",
            "division",
            "laboratory",
            "subsidiary",
            "provider",
            "corporation",
        ],
        "Organization",
    ),
    **dict.fromkeys(["model", "llm", "system"], "AIModel"),
    **dict.fromkeys(["app", "chatbot", "assistant", "platform", "service", "tool", "product"], "Product"),
}

#: Heads that prefer a unit-like antecedent ("the lab" after "Meta Superintelligence Labs").
UNIT_NOUNS = {"lab", "unit", "division", "laboratory", "subsidiary"}
_UNIT_WORDS = {"labs", "lab", "unit", "division", "research", "ai", "brain", "intelligence"}

_PERSON_PRONOUNS = {"he", "she", "him", "his", "her", "hers"}
_IT_PRONOUNS = {"it", "its"}


def _is_definite_anaphor(token: Token, token_ent: list[int]) -> bool:
    if token.pos_ != "NOUN" or token.lemma_.lower() not in ANAPHOR_NOUNS or token_ent[token.i] >= 0:
        return False
    dets = [c for c in token.children if c.dep_ in ("det", "poss")]
    if not any(c.lower_ in ("the", "this", "that") for c in dets):
        return False
    # "the company Scale AI" names its referent itself.
    return not any(token_ent[c.i] >= 0 for c in token.children if c.dep_ in ("compound", "appos", "nmod"))


def resolve_coreference(doc: Doc, entities: list[dict], token_ent: list[int]) -> list[int]:
    """For every token of ``doc``, the entity it refers back to (-1 when none).

    Parameters
    ----------
    doc:
        The parsed Doc.
    entities, token_ent:
        The output of :func:`extractors.resolution.resolve_entities`.
    """
    coref = [-1] * len(doc)
    last: dict[str, int] = {}
    last_unit = -1
    last_subject = -1
    # The last entity of each type that was a grammatical subject, and the sentence it was in: a definite
    # description ("the model") usually continues the topic, not the last name in a list of comparisons.
    subject_of_type: dict[str, tuple[int, int]] = {}
    sent_no = 0
    for token in doc:
        if token.is_sent_start:
            sent_no += 1
        idx = token_ent[token.i]
        if idx >= 0:
            ent = entities[idx]
            last[ent["type"]] = idx
            if (
                ent["type"] == "Organization"
                and ent["name"].split()[-1].lower() in _UNIT_WORDS
                and len(ent["name"].split()) > 1
            ):
                last_unit = idx
            if (
                token.dep_ in ("nsubj", "nsubjpass")
                or token.head.dep_ in ("nsubj", "nsubjpass")
                and token.head.i in range(token.i - 4, token.i + 5)
            ):
                if ent["type"] != "Person":
                    last_subject = idx
                subject_of_type[ent["type"]] = (idx, sent_no)
            continue
        lower = token.lower_
        if _is_definite_anaphor(token, token_ent):
            etype = ANAPHOR_NOUNS[token.lemma_.lower()]
            salient = subject_of_type.get(etype)
            if token.lemma_.lower() in UNIT_NOUNS and last_unit >= 0:
                coref[token.i] = last_unit
            elif salient is not None and sent_no - salient[1] <= 2:
                coref[token.i] = salient[0]
            else:
                coref[token.i] = last.get(etype, -1)
        elif lower in _PERSON_PRONOUNS and token.pos_ == "PRON":
            coref[token.i] = last.get("Person", -1)
        elif lower in _IT_PRONOUNS and token.pos_ == "PRON":
            coref[token.i] = last_subject if last_subject >= 0 else last.get("Organization", -1)
    return coref


class CorefResolver(Component):
    """Sets ``doc._.kg_coref`` (see :func:`resolve_coreference`)."""

    def process(self, doc: Doc) -> None:
        doc._.kg_coref = resolve_coreference(doc, doc._.kg_entities or [], doc._.kg_token_ent or [-1] * len(doc))

    def on_error(self, doc: Doc) -> None:
        doc._.kg_coref = [-1] * len(doc)
