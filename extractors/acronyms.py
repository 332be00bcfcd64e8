"""Acronyms defined in the text: "Meta Superintelligence Labs (MSL)" makes MSL a name of that entity.

The component records ``doc._.kg_acronyms`` (acronym -> long form) and labels every occurrence of the acronym
in the article with the long form's entity type, so resolution merges them into one entity.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .component import Component
from .entities import ENTITY_TYPES, mention_text

__all__ = ["AcronymDetector", "find_acronym_definitions", "is_acronym_of"]

if not Doc.has_extension("kg_acronyms"):
    Doc.set_extension("kg_acronyms", default=None)

_ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9&]{1,9}$")


def is_acronym_of(short: str, long: str) -> bool:
    """True when ``short`` reads as the initials of ``long`` ("MSL" / "Meta Superintelligence Labs").

    Initials are taken from words and from capitals inside words, so "SoftBank Group (SBG)" also matches.
    The letters of the acronym must appear in order among them, starting with the first word.
    """
    if not _ACRONYM.match(short) or sum(c.isupper() for c in short) < 2:
        return False
    words = re.findall(r"[A-Za-z0-9]+", long)
    if len(words) < 2 or short[0].upper() != words[0][0].upper():
        return False
    initials = "".join(w[0].upper() + "".join(c for c in w[1:] if c.isupper()) for w in words)
    it = iter(initials)
    return all(any(c == ch for ch in it) for c in short.upper() if c.isalpha())


def find_acronym_definitions(doc: Doc) -> list[tuple[Span, Span]]:
    """Pairs (entity, acronym token span) for every "<entity> (<ACRONYM>)" in ``doc``."""
    pairs = []
    for ent in doc.ents:
        if ent.label_ not in ENTITY_TYPES:
            continue
        i = ent.end
        if i + 2 < len(doc) + 0 and doc[i].text == "(" and doc[i + 2].text == ")":
            short = doc[i + 1]
            if is_acronym_of(short.text, mention_text(ent)):
                pairs.append((ent, doc[i + 1 : i + 2]))
    return pairs


class AcronymDetector(Component):
    """Finds acronym definitions and labels every occurrence of each acronym as its long form's entity."""

    def process(self, doc: Doc) -> None:
        defs = find_acronym_definitions(doc)
        doc._.kg_acronyms = {short.text: mention_text(ent) for ent, short in defs}
        if defs:
            labels = {short.text: ent.label_ for ent, short in defs}
            new = [Span(doc, t.i, t.i + 1, label=labels[t.text]) for t in doc if t.text in labels]
            # The acronym's own spans win over whatever NER guessed for those tokens.
            keep = [e for e in doc.ents if not any(e.start <= n.start < e.end for n in new)]
            doc.ents = filter_spans(keep + new)
