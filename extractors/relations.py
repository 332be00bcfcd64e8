"""The relation component: apply the rules, check them against the schema, deduplicate, store on the Doc.

``doc._.kg_relations`` is a list of plain dicts (so Docs can cross process boundaries):
``{"subject": int, "relation": str, "object": int | None, "literal": str | None, "start": int, "end": int,
"rule": str, "confidence": float, "qualifiers": dict}`` where ``subject``/``object`` index
``doc._.kg_entities`` and ``start``/``end`` are the character offsets of the evidence sentence.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from ontology.loader import Schema, load_schema

from .component import Component
from .pair_classifier import candidate_pairs, load_pair_model, mentions_of
from .relation_rules import Candidate, apply_rules

__all__ = ["RelationExtractor", "extract_relations", "sentence_offsets"]

if not Doc.has_extension("kg_relations"):
    Doc.set_extension("kg_relations", default=None)

#: Statements that a deal is explicitly not an acquisition ("absorbed rather than acquired").
_NOT_ACQUISITION = re.compile(
    r"rather than (being )?acquir|(not|n't|never|no) (an? |been |be )?(acquisition|acquired|takeover|buyout)"
    r"|instead of (an? )?(acquisition|acquiring)|stop(ped)? short of (an? )?(acquisition|acquiring)",
    re.I,
)


def sentence_offsets(sent: Span) -> tuple[int, int]:
    """Character offsets of a sentence without its surrounding whitespace."""
    text = sent.text
    start = sent.start_char + (len(text) - len(text.lstrip()))
    end = sent.end_char - (len(text) - len(text.rstrip()))
    return start, end


#: The pair classifier's labels as our relations: (relation, swap subject and object, role qualifier).
_CLASSIFIER_RELATIONS = {
    "SUBSIDIARY_OF": ("SUBSIDIARY_OF", False, None),
    "FOUNDED_BY": ("FOUNDED_BY", False, None),
    "EMPLOYEE_OR_MEMBER_OF": ("EMPLOYED_BY", False, None),
    "CEO": ("LEADS", True, "CEO"),
}


def classifier_candidates(doc: Doc) -> list[Candidate]:
    """Person and organisation facts from the trained pair classifier (none when its weights are absent).

    Only pairs of named mentions count here (pronouns are left to the rules), and a fact needs a probability
    well above the classifier's own threshold: the classifier was trained on encyclopaedic text, not news.
    """
    model = load_pair_model()
    if model is None or not doc.has_annotation("DEP"):
        return []
    mentions = [m for m in mentions_of(doc) if m.entity >= 0 and m.etype != "PRON"]
    kinds = {m.kind for m in mentions}
    if "O" not in kinds:
        return []
    out = []
    for s, o in candidate_pairs(doc, mentions):
        for label, prob in model.predict(doc, s, o):
            if prob < CLASSIFIER_MIN_PROB:
                continue
            relation, swap, role = _CLASSIFIER_RELATIONS[label]
            subj, obj = (o.entity, s.entity) if swap else (s.entity, o.entity)
            q = {"role": role} if role else {}
            out.append(
                Candidate(subj, relation, obj, None, doc[s.start].sent, f"classifier:{label}", round(0.5 * prob, 3), q)
            )
    return out


#: The probability a classifier fact needs in news text (see :func:`classifier_candidates`).
CLASSIFIER_MIN_PROB = 0.9


def extract_relations(doc: Doc, schema: Schema, use_classifier: bool = False) -> list[dict]:
    """Schema-checked, deduplicated relations of a resolved Doc (see the module docstring for the format)."""
    entities = doc._.kg_entities or []
    candidates = apply_rules(doc)
    if use_classifier:
        candidates += classifier_candidates(doc)
    suppressed_objects = _not_acquired(doc)
    best: dict[tuple, Candidate] = {}
    for c in candidates:
        rel = schema.relations.get(c.relation)
        if rel is None:
            continue
        stype = entities[c.subject]["type"]
        otype = entities[c.object]["type"] if c.object is not None else None
        if not rel.allows(stype, otype):
            continue
        if c.relation == "ACQUIRED" and (c.object in suppressed_objects or _NOT_ACQUISITION.search(c.sent.text)):
            continue
        s, o = c.subject, c.object
        if rel.symmetric and o is not None and entities[o]["id"] < entities[s]["id"]:
            c.subject, c.object = o, s
        key = (entities[c.subject]["id"], c.relation, entities[c.object]["id"] if c.object is not None else c.literal)
        if key not in best or c.confidence > best[key].confidence:
            if key in best:
                _merge_qualifiers(c, best[key])
            best[key] = c
        else:
            _merge_qualifiers(best[key], c)
    # A CEO gets LEADS, not EMPLOYED_BY as well.
    leads = {(k[0], k[2]) for k in best if k[1] == "LEADS"}
    facts = [c for k, c in best.items() if not (k[1] == "EMPLOYED_BY" and (k[0], k[2]) in leads)]
    out = []
    for c in facts:
        start, end = sentence_offsets(c.sent)
        out.append(
            {
                "subject": c.subject,
                "relation": c.relation,
                "object": c.object,
                "literal": c.literal,
                "start": start,
                "end": end,
                "rule": c.rule,
                "confidence": round(c.confidence, 3),
                "qualifiers": {k: v for k, v in c.qualifiers.items() if v not in (None, "", False)},
            }
        )
    return out


def _merge_qualifiers(keep: Candidate, other: Candidate) -> None:
    """Qualifiers missing from the kept evidence are taken from another statement of the same fact."""
    for k, v in other.qualifiers.items():
        if v not in (None, "", False) and keep.qualifiers.get(k) in (None, "", False) and k in ("amount", "role"):
            keep.qualifiers[k] = v


def _not_acquired(doc: Doc) -> set[int]:
    """Entities named in sentences that say a deal was not an acquisition."""
    table = doc._.kg_token_ent or []
    out: set[int] = set()
    if not table:
        return out
    for sent in doc.sents:
        if _NOT_ACQUISITION.search(sent.text):
            # A name that only modifies a person ("DeepMind co-founder X ... absorbed rather than acquired") is
            # not the party of the deal.
            out.update(table[t.i] for t in sent if table[t.i] >= 0 and not _modifies_person(doc, t, table))
    return out


def _modifies_person(doc: Doc, token, table: list[int]) -> bool:
    entities = doc._.kg_entities or []
    head = token
    while head.dep_ in ("compound", "nmod", "amod", "poss") and table[head.head.i] == table[token.i]:
        head = head.head
    if head.dep_ not in ("compound", "nmod", "amod", "poss"):
        return False
    target = head.head
    while target.dep_ in ("compound", "nmod") and table[target.i] < 0:
        target = target.head  # "DeepMind co-founder Mustafa Suleyman": through the role word to the name
    idx = table[target.i]
    return idx >= 0 and entities[idx]["type"] == "Person"


class RelationExtractor(Component):
    """Applies the relation rules of :mod:`extractors.relation_rules` and sets ``doc._.kg_relations``."""

    def __init__(self, nlp: Language, name: str = "kg_relations"):
        super().__init__(nlp, name)
        self.schema = load_schema()

    def process(self, doc: Doc) -> None:
        doc._.kg_relations = extract_relations(doc, self.schema)

    def on_error(self, doc: Doc) -> None:
        doc._.kg_relations = []
