"""The entity filter: map spaCy's NER labels onto our entity types, trim spans and drop obvious junk.

Registry and model-name entities already carry our labels and are kept as they are (trimmed). Statistical
entities are mapped ORG -> Organization, PERSON -> Person, PRODUCT / WORK_OF_ART -> Product; other labels
(MONEY, DATE, GPE, ...) stay in ``doc.ents`` untouched because relation rules read amounts and dates from them,
but they are never entities of the graph.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from .component import Component

__all__ = ["ENTITY_TYPES", "NER_LABEL_MAP", "EntityFilter", "trim_span", "is_junk", "mention_text"]

ENTITY_TYPES = ("Organization", "Person", "AIModel", "Product")

NER_LABEL_MAP = {"ORG": "Organization", "PERSON": "Person", "PRODUCT": "Product", "WORK_OF_ART": "Product"}

#: Names that are never entities on their own: generic technical terms, roles and section labels.
STOP_NAMES = {
    "ai",
    "api",
    "apis",
    "llm",
    "llms",
    "ceo",
    "cto",
    "cfo",
    "coo",
    "agi",
    "asi",
    "genai",
    "genaiai",
    "ml",
    "gpu",
    "gpus",
    "cpu",
    "nlp",
    "saas",
    "ipo",
    "rlhf",
    "evp",
    "svp",
    "vp",
    "us",
    "usa",
    "uk",
    "eu",
    "un",
    "ceos",
    "ar",
    "vr",
    "iot",
    "rd",
    "faq",
    "pr",
    "tv",
    "dc",
    "og",
    "ev",
    "advertisement",
    "original",
    "getty",
    "gettyimages",
    "reuters",
    "photo",
    "file",
    "home",
    "latest",
    "tech",
    "finance",
    "leadership",
    "lifestyle",
    "rankings",
    "multimedia",
    "news",
    "video",
    "opinion",
    "update",
    "summary",
    "edit",
    "gen",
    "artificialintelligence",
    "machinelearning",
    "generativeai",
    "superintelligence",
    "largelanguagemodels",
    "largelanguagemodel",
    "cloud",
    "chatbot",
    "chatbots",
    "transformer",
    "transformers",
}

_PRONOUNS = {
    "i",
    "me",
    "we",
    "us",
    "you",
    "he",
    "him",
    "she",
    "her",
    "it",
    "they",
    "them",
    "this",
    "that",
    "these",
    "those",
    "his",
    "its",
    "their",
    "our",
    "my",
    "your",
}

_MONEYISH = re.compile(r"^[\$€£¥]|\d+(\.\d+)?\s*(%|percent|bn|billion|million|m|k)$", re.I)


def trim_span(span: Span) -> Span | None:
    """The span without leading determiners/punctuation and trailing possessives/punctuation/whitespace."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (
        doc[start].is_punct
        or doc[start].is_space
        or doc[start].lower_ in ("the", "a", "an")
        or doc[start].text in ("'s", "’s")
    ):
        start += 1
    while end > start and (
        doc[end - 1].is_space
        or doc[end - 1].text in ("'s", "’s", "'", "’")
        or (doc[end - 1].is_punct and doc[end - 1].text not in (")",))
    ):
        end -= 1
    # A span never crosses a line break: headlines and body lines are separate sentences.
    for i in range(start, end):
        if "\n" in doc[i].text or (i < end - 1 and "\n" in doc[i].whitespace_):
            end = i if "\n" in doc[i].text else i + 1
            break
    if end <= start:
        return None
    return Span(doc, start, end, label=span.label, span_id=span.id)


#: Words of a job title that NER glues onto an organisation ("Scale's Chief Strategy Officer", "OpenAI CEO").
_TITLE_WORDS = {
    "ceo", "cto", "cfo", "coo", "president", "chairman", "chairwoman", "chair", "founder", "co-founder",
    "cofounder", "officer", "director", "executive", "scientist", "head", "chief", "strategy", "operating",
    "technology", "financial", "vice", "senior", "general", "counsel", "spokesperson", "spokesman", "spokeswoman",
}  # fmt: skip
_TITLE_HEADS = {"ceo", "cto", "cfo", "coo", "president", "chairman", "chairwoman", "chair", "founder", "co-founder",
                "cofounder", "officer", "director", "executive", "scientist", "head", "counsel", "spokesperson",
                "spokesman", "spokeswoman"}  # fmt: skip


def strip_title(span: Span) -> Span | None:
    """The organisation without a job title glued after it ("Scale's Chief Strategy Officer" -> "Scale");
    None when the span is only a title."""
    end = span.end
    doc = span.doc
    while end > span.start and doc[end - 1].lower_ in _TITLE_WORDS:
        end -= 1
    tail = [t.lower_ for t in doc[end : span.end]]
    if end == span.end or not any(w in _TITLE_HEADS for w in tail):
        return span
    while end > span.start and doc[end - 1].text in ("'s", "’s", "'", "’"):
        end -= 1
    if end <= span.start:
        return None
    return Span(doc, span.start, end, label=span.label)


def mention_text(span: Span) -> str:
    """The surface form of a mention, without trailing possessive or punctuation."""
    text = span.text.strip()
    text = re.sub(r"(['’]s|['’])$", "", text)
    return text.strip(" .,;:!?\"“”‘’'")


def is_junk(span: Span) -> bool:
    """True for spans that are not named entities: lowercase words, pronouns, money, single characters."""
    text = mention_text(span)
    if len(text) <= 1 or not re.search(r"[A-Z]", text):
        return True
    key = re.sub(r"[^0-9a-z]+", "", text.lower())
    if not key or key in STOP_NAMES or key.isdigit():
        return True
    if all(t.lower_ in _PRONOUNS or t.is_stop or t.is_punct for t in span):
        return True
    if _MONEYISH.search(text) or span[0].like_num:
        return True
    if len(span) > 6:
        return True
    # At least one capitalised content word: "the launch" is not a name.
    return not any(t.text[:1].isupper() and not t.is_stop for t in span)


class EntityFilter(Component):
    """Maps NER labels to entity types, trims every entity span and removes junk entities."""

    def process(self, doc: Doc) -> None:
        doc.ents = filter_entities(doc)


#: Trigger verbs whose argument slots only take organisations ("X acquired Y", "invested in Y"): a proper noun
#: there is an organisation even when NER called it a person or a place, or missed it.
ORG_SLOTS: dict[str, tuple[str, ...]] = {
    "acquire": ("nsubj", "dobj", "nsubjpass", "agent"),
    "buy": ("nsubj", "dobj", "nsubjpass", "agent"),
    "purchase": ("nsubj", "dobj", "nsubjpass", "agent"),
    "invest": ("prep:in",),
    "partner": ("nsubj", "prep:with"),
    "merge": ("nsubj", "prep:with"),
    "fund": ("dobj",),
}


def _slot_tokens(verb, slots: tuple[str, ...]) -> list:
    out = []
    for c in verb.children:
        if c.dep_ in slots:
            out.append(c)
        elif c.dep_ == "agent" and "agent" in slots:
            out += [p for p in c.children if p.dep_ == "pobj"]
        elif c.dep_ == "prep" and f"prep:{c.lower_}" in slots:
            out += [p for p in c.children if p.dep_ == "pobj"]
    expanded = []
    stack = list(out)
    while stack:  # the slot's list: "acquired A, B and C"
        t = stack.pop(0)
        expanded.append(t)
        stack.extend(c for c in t.children if c.dep_ == "conj")
    return expanded


#: NER labels that never turn into an organisation in a slot (dates, amounts and numbers).
_NOT_ORG_LABELS = {"DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL", "QUANTITY"}


def organisation_slots(doc: Doc) -> list[Span]:
    """Proper-noun spans in organisation-only argument slots (see :data:`ORG_SLOTS`)."""
    spans = []
    if not doc.has_annotation("DEP"):
        return spans
    for verb in doc:
        slots = ORG_SLOTS.get(verb.lemma_.lower()) if verb.pos_ == "VERB" else None
        if not slots:
            continue
        for tok in _slot_tokens(verb, slots):
            # Capitalised words mid-sentence count too: the tagger calls unknown names nouns.
            if tok.pos_ != "PROPN" and not (tok.pos_ == "NOUN" and tok.text[:1].isupper() and not tok.is_sent_start):
                continue
            if tok.ent_type_ in _NOT_ORG_LABELS:
                continue  # "Google in February invested ...": a misparse puts the date in the subject slot
            start = tok.i
            while (
                start > 0
                and doc[start - 1].dep_ == "compound"
                and doc[start - 1].pos_ == "PROPN"
                and doc[start - 1].head.i <= tok.i
                and doc[start - 1].head.i >= start - 1
            ):
                start -= 1
            spans.append(Span(doc, start, tok.i + 1, label="Organization"))
    return spans


#: Where a photo credit or byline starts: "Photo: ...", "File picture: ...", "Photo by ...", "Image credit: ...".
_CREDIT_CUE = re.compile(r"\b(?:photo(?:graph)?|picture|image|credit|illustration)s?\s*(?::|by\b)", re.I)
#: Agencies that sign photo credits ("Name / AFP", "Name | Bloomberg | Getty Images").
_AGENCY = re.compile(r"\b(?:AFP|AP|Getty|Reuters|Bloomberg|EPA|Shutterstock|Xinhua|Anadolu|Alamy|Unsplash)\b")


class _Lines:
    """Per-line facts about a Doc's text: credit regions, title-cased lines and the text outside them."""

    def __init__(self, text: str):
        self.credit: list[tuple[int, int]] = []
        self.titled: list[tuple[int, int]] = []
        self.alone: set[tuple[int, int]] = set()
        body: list[str] = []
        pos = 0
        for line in text.split("\n"):
            start, end = pos, pos + len(line)
            pos = end + 1
            stripped = line.strip()
            if not stripped:
                continue
            cue = _CREDIT_CUE.search(line)
            if cue:
                self.credit.append((start + cue.start(), end))
            if _AGENCY.search(line) and ("|" in line or " / " in line or "/AFP" in line):
                self.credit.append((start, end))
            lead = len(line) - len(line.lstrip())
            self.alone.add((start + lead, start + lead + len(stripped)))
            if _title_cased(stripped):
                self.titled.append((start, end))
            else:
                body.append(line)
        self.body = "\n".join(body)

    @staticmethod
    def inside(regions: list[tuple[int, int]], span: Span) -> bool:
        return any(a <= span.start_char and span.end_char <= b for a, b in regions)


def _title_cased(line: str) -> bool:
    """True for headings and headlines: three or more words, nearly all content words capitalised, no full stop."""
    words = re.findall(r"[A-Za-z][A-Za-z'’-]*", line)
    content = [w for w in words if w.lower() not in _TITLE_SMALL]
    if len(words) < 2 or len(words) > 16 or not content or line.rstrip().endswith((".", "?", "!", ":")):
        return False
    return sum(w[0].isupper() for w in content) >= 0.8 * len(content)


_TITLE_SMALL = {"a", "an", "the", "and", "or", "of", "in", "on", "at", "to", "for", "with", "by", "as", "vs", "from"}


def _statistical_junk(lines: _Lines, span: Span) -> bool:
    """Statistical entities that are page furniture rather than names in the story.

    Photo credits and bylines ("Photo: A / AFP", "A | Bloomberg | Getty Images", an author's name alone on a
    line), and names that only a heading or headline offers: NER takes every capitalised phrase of a title-cased
    line for a name ("Multimodal Capabilities"), so such a phrase is kept only when the body uses it too.
    """
    if lines.inside(lines.credit, span) or (span.start_char, span.end_char) in lines.alone:
        return True
    return lines.inside(lines.titled, span) and mention_text(span) not in lines.body


def filter_entities(doc: Doc) -> list[Span]:
    """The entity spans of ``doc`` after label mapping, trimming and junk removal."""
    kept: list[Span] = []
    lines = _Lines(doc.text)
    for ent in doc.ents:
        label = ent.label_
        if label in ENTITY_TYPES:
            trimmed = trim_span(ent)
            if trimmed is not None and len(mention_text(trimmed)) > 1:
                kept.append(trimmed)
            continue
        if label not in NER_LABEL_MAP:
            kept.append(ent)  # MONEY, DATE, ...: kept for qualifiers, never graph entities
            continue
        trimmed = trim_span(ent)
        if trimmed is not None and label == "ORG":
            trimmed = strip_title(trimmed)
        if trimmed is None or is_junk(trimmed):
            continue
        if label == "WORK_OF_ART" and len(trimmed) > 3:
            continue  # titles of articles, songs and books, not products
        if _statistical_junk(lines, trimmed):
            continue
        kept.append(Span(doc, trimmed.start, trimmed.end, label=NER_LABEL_MAP[label]))
    # Organisation-only slots override NER's person/place guesses, never the registry or model names.
    slots = [s for s in organisation_slots(doc) if not is_junk(s)]
    if slots:
        fixed = {(e.start, e.end) for e in kept if e.label_ in ("AIModel", "Product") or e.ent_id_}
        keep = []
        for e in kept:
            clash = any(e.start < s.end and s.start < e.end for s in slots)
            if not clash or (e.start, e.end) in fixed:
                keep.append(e)
        new = [s for s in slots if not any(s.start < e.end and e.start < s.end for e in keep)]
        kept = sorted(keep + new, key=lambda e: e.start)
    return kept
