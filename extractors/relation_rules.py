"""Relation rules: trigger tables (readable data) and the small functions that apply them to a parsed sentence.

Every rule produces :class:`Candidate` facts between entity indices (see ``extractors/resolution.py``); the
``kg_relations`` component checks them against the schema, deduplicates them and stores them on the Doc.

Rule families
-------------
- verb rules: a trigger verb and where its two arguments sit ("X acquired Y", "Y was acquired by X",
  "X invested $N in Y", "X integrated M into P"), lists expanded over ``conj``;
- adjective rules: "M is available via P", "M is comparable to N", "M performs better than N";
- noun rules: nominalisations with their owner ("Meta's acquisition of Scale AI", "a partnership with X",
  "parity with A and B", "competitors like A, B and C");
- role rules: people and their roles ("Scale AI CEO Alexandr Wang", "Ilya Sutskever, chief scientist of
  OpenAI", "OpenAI's President, Greg Brockman", "appointed X as head of Y") -> LEADS / EMPLOYED_BY /
  FOUNDED_BY with the role as a qualifier;
- unit rules: "X, a unit of Y", "Y's AI unit X", "Y's parent company Z" -> SUBSIDIARY_OF;
- surface rules: open weights, licences, "X-backed Y", "X-owned Y", "X's model M" and names that start
  with their maker's name ("Microsoft Azure", "Google DeepMind").
"""

from __future__ import annotations

import collections
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

__all__ = [
    "Candidate",
    "Context",
    "VerbRule",
    "NounRule",
    "VERB_RULES",
    "ADJECTIVE_RULES",
    "NOUN_RULES",
    "ROLE_RELATIONS",
    "apply_rules",
    "classify_role",
]

AGENT, PATIENT = "AGENT", "PATIENT"


@dataclass
class Candidate:
    """A fact found by a rule: entity indices (or a literal object), the sentence and the rule's confidence."""

    subject: int
    relation: str
    object: int | None
    literal: str | None
    sent: Span
    rule: str
    confidence: float
    qualifiers: dict = field(default_factory=dict)


@dataclass(frozen=True)
class VerbRule:
    """A trigger verb: ``subject``/``object`` name the verb argument that fills each side of the relation.

    An argument is ``AGENT`` (the logical subject: ``nsubj``, or the ``by`` phrase of a passive),
    ``PATIENT`` (the logical object: ``dobj``, or the subject of a passive) or ``"prep:in|into"`` (the object
    of one of those prepositions, attached to the verb or its direct object).
    """

    relation: str
    lemmas: frozenset[str]
    subject: str
    object: str
    confidence: float = 0.8
    particle: str | None = None
    status: str | None = None


def _rule(relation, lemmas, subject, obj, confidence=0.8, particle=None, status=None) -> VerbRule:
    return VerbRule(relation, frozenset(lemmas.split()), subject, obj, confidence, particle, status)


VERB_RULES: tuple[VerbRule, ...] = (
    _rule("ACQUIRED", "acquire buy purchase absorb", AGENT, PATIENT, 0.85),
    _rule("ACQUIRED", "take snap", AGENT, PATIENT, 0.8, particle="over up"),
    _rule("INVESTED_IN", "invest pour plow plough inject commit", AGENT, "prep:in|into", 0.85),
    _rule("INVESTED_IN", "back fund finance bankroll", AGENT, PATIENT, 0.75),
    _rule("INVESTED_IN", "raise secure receive land", "prep:from", AGENT, 0.75),
    _rule("PARTNERED_WITH", "partner team collaborate ally cooperate", AGENT, "prep:with", 0.85),
    # "Scale services every major AI developer, including A and B", "X will provide Google with a licence":
    # a supplier and its customers.
    _rule("PARTNERED_WITH", "service serve supply provide", AGENT, PATIENT, 0.6),
    # "Nvidia supplies chips to OpenAI", "X will license its technology to Google".
    _rule("PARTNERED_WITH", "supply provide license licence", AGENT, "prep:to", 0.6),
    _rule("FOUNDED_BY", "found co-found cofound establish start", PATIENT, AGENT, 0.8),
    # "Sutskever launched a new venture dubbed SSI": a person launching an organisation founds it (the schema
    # keeps only organisation -> person pairs, so "Google launched Gemini" stays DEVELOPED).
    _rule("FOUNDED_BY", "launch form create co-create", PATIENT, AGENT, 0.7),
    _rule("LEADS", "lead head run helm chair steer co-lead", AGENT, PATIENT, 0.7),
    _rule("EMPLOYED_BY", "join rejoin re-join", AGENT, PATIENT, 0.8),
    _rule("EMPLOYED_BY", "hire recruit poach employ", PATIENT, AGENT, 0.75),
    _rule("EMPLOYED_BY", "work", AGENT, "prep:at|for", 0.75),
    _rule("EMPLOYED_BY", "leave quit depart exit", AGENT, PATIENT, 0.7, status="former"),
    _rule("EMPLOYED_BY", "resign retire", AGENT, "prep:from", 0.7, status="former"),
    _rule(
        "DEVELOPED",
        "release launch unveil build train develop introduce debut ship create preview "
        "open-source roll produce design publish reveal unleash announce upgrade update",
        AGENT,
        PATIENT,
        0.8,
    ),
    _rule("COMPETES_WITH", "compete vie battle fight", AGENT, "prep:with|against", 0.8),
    _rule("COMPETES_WITH", "rival challenge undercut", AGENT, PATIENT, 0.7),
    _rule("COMPETES_WITH", "take", AGENT, PATIENT, 0.7, particle="on"),
    _rule(
        "OUTPERFORMS",
        "beat outperform surpass top overtake exceed topple dethrone best eclipse trounce "
        "outpace outscore outdo outclass",
        AGENT,
        PATIENT,
        0.8,
    ),
    _rule("OUTPERFORMS", "improve", AGENT, "prep:over", 0.6),
    _rule("PARITY_WITH", "match equal", AGENT, PATIENT, 0.7),
    _rule(
        "AVAILABLE_VIA",
        "integrate incorporate embed build add bake bring deploy roll put",
        PATIENT,
        "prep:into|in|to|on|onto|inside|across",
        0.75,
    ),
    _rule("AVAILABLE_VIA", "power underpin", AGENT, PATIENT, 0.75),
    # "Gemini Nano will be powering new features on Pixel 8 Pro": the product named by the features' phrase.
    _rule("AVAILABLE_VIA", "power underpin", AGENT, "prep:on|in|inside|across", 0.65),
    # "Claude 3 comes to Amazon Bedrock", "Meta AI rolls out in WhatsApp": the model or product is the subject.
    _rule("AVAILABLE_VIA", "come arrive land expand debut", AGENT, "prep:to|in|on|onto|into|inside", 0.65),
    _rule("AVAILABLE_VIA", "roll", AGENT, "prep:to|in|on|onto|into|inside|across", 0.65, particle="out"),
    _rule("AVAILABLE_VIA", "use adopt leverage", PATIENT, AGENT, 0.6),
    _rule(
        "AVAILABLE_VIA",
        "offer provide host serve distribute sell resell release make",
        PATIENT,
        "prep:via|through|on",
        0.7,
    ),
    _rule(
        "BASED_ON", "base build fine-tune finetune tune derive distill distil train", PATIENT, "prep:on|from|upon", 0.8
    ),
    _rule("SUBSIDIARY_OF", "own control", PATIENT, AGENT, 0.7),
)


@dataclass(frozen=True)
class AdjectiveRule:
    """A predicate adjective: "M is available via P" (subject of the adjective, object of a preposition)."""

    relation: str
    lemmas: frozenset[str]
    preps: frozenset[str]
    confidence: float = 0.75


ADJECTIVE_RULES: tuple[AdjectiveRule, ...] = (
    AdjectiveRule(
        "AVAILABLE_VIA",
        frozenset({"available", "accessible", "offered"}),
        frozenset({"via", "through", "on", "in", "across", "from", "inside", "to"}),
    ),
    AdjectiveRule(
        "PARITY_WITH", frozenset({"comparable", "equivalent", "competitive", "similar"}), frozenset({"to", "with"}), 0.7
    ),
    AdjectiveRule(
        "OUTPERFORMS", frozenset({"better", "superior", "stronger", "smarter"}), frozenset({"than", "to"}), 0.7
    ),
)


@dataclass(frozen=True)
class NounRule:
    """A trigger noun: its owner ("X's acquisition", or the subject of the verb governing it) is one side,
    the object of one of ``preps`` the other ("acquisition of Y"). ``pairs`` lets conjoined owners relate to
    each other ("Microsoft and Meta are expanding their partnership")."""

    relation: str
    lemmas: frozenset[str]
    preps: frozenset[str]
    confidence: float = 0.75
    pairs: bool = False
    reverse: bool = False


NOUN_RULES: tuple[NounRule, ...] = (
    NounRule("ACQUIRED", frozenset({"acquisition", "purchase", "takeover", "buyout"}), frozenset({"of"}), 0.8),
    NounRule(
        "INVESTED_IN", frozenset({"investment", "stake", "funding", "backing", "bet"}), frozenset({"in", "into"}), 0.75
    ),
    NounRule(
        "PARTNERED_WITH",
        frozenset(
            {
                "partnership",
                "alliance",
                "collaboration",
                "agreement",
                "deal",
                "pact",
                "tie-up",
                "relationship",
                "partner",
                "contract",
            }
        ),
        frozenset({"with", "between"}),
        0.75,
        pairs=True,
    ),
    NounRule(
        "COMPETES_WITH",
        frozenset({"rival", "competitor", "challenger", "rivalry", "competition"}),
        frozenset({"like", "including", "with", "to", "against"}),
        0.65,
    ),
    NounRule("PARITY_WITH", frozenset({"parity", "par"}), frozenset({"with"}), 0.8),
    NounRule("BASED_ON", frozenset({"successor", "derivative", "distillation"}), frozenset({"to", "of"}), 0.7),
    NounRule(
        "DEVELOPED", frozenset({"release", "launch", "debut", "unveiling", "introduction"}), frozenset({"of"}), 0.65
    ),
)

#: Role words and the relation they give a person towards an organisation.
LEADS_HEADS = {
    "ceo",
    "co-ceo",
    "president",
    "chair",
    "chairman",
    "chairwoman",
    "chairperson",
    "head",
    "leader",
    "boss",
    "chief",
    "founder-ceo",
    "md",
    "director-general",
    "co-head",
    "co-leader",
}
EMPLOYED_HEADS = {
    "scientist",
    "cto",
    "cfo",
    "coo",
    "cso",
    "cpo",
    "cmo",
    "engineer",
    "researcher",
    "employee",
    "member",
    "executive",
    "vp",
    "evp",
    "svp",
    "director",
    "officer",
    "economist",
    "analyst",
    "staffer",
    "adviser",
    "advisor",
    "manager",
    "designer",
    "architect",
    "fellow",
    "scholar",
    "intern",
    "lead",
    "partner",
    "veteran",
    "alumnus",
    "investor",
    "strategist",
    "counsel",
}
FOUNDER_HEADS = {"founder", "co-founder", "cofounder", "creator"}
ROLE_RELATIONS = ("LEADS", "EMPLOYED_BY", "FOUNDED_BY")

#: Nouns naming a part of an organisation, and "parent", which names the owner instead.
UNIT_NOUNS = {
    "unit",
    "division",
    "subsidiary",
    "arm",
    "lab",
    "laboratory",
    "affiliate",
    "branch",
    "spinoff",
    "spin-off",
    "offshoot",
    "department",
    "business",
    "team",
}
PARENT_NOUNS = {"parent", "owner"}

#: Nouns whose "of" phrase is the real argument ("a fine-tuned version of Gemini Pro", "two of its models").
CONTAINER_NOUNS = {
    "version",
    "variant",
    "family",
    "series",
    "string",
    "number",
    "suite",
    "edition",
    "line",
    "lineup",
    "pair",
    "couple",
    "range",
    "set",
    "some",
    "all",
    "both",
    "each",
    "one",
    "most",
    "several",
    "many",
    "few",
    "member",
    "members",
    "top",
    "part",
}

_REL_PRONOUNS = {"which", "that", "who", "whom", "whose"}
_WILL = {"will", "'ll", "shall", "would"}
_ANNOUNCED_HEADS = {
    "plan",
    "agree",
    "intend",
    "aim",
    "seek",
    "expect",
    "propose",
    "talk",
    "bid",
    "hope",
    "want",
    "prepare",
    "poise",
    "negotiate",
    "consider",
    "explore",
    "mull",
    "eye",
}
_NEGATING_HEADS = {"deny", "refute", "reject", "dismiss", "rule", "fail", "decline"}
_FORMER_MODS = {"former", "ex", "ex-", "erstwhile", "previous", "then", "one-time", "onetime", "past", "outgoing"}
_FORMER_ADVS = {"previously", "formerly", "once", "earlier"}
_HEDGES = re.compile(
    r"\b(reportedly|reported|according to|is said to|are said to|was said to|were said to|people familiar|"
    r"sources? (said|say|says|told)|rumou?red|allegedly|is believed to|it is understood|people with knowledge)\b",
    re.I,
)


class Context:
    """Everything a rule needs about one Doc: entities, the token -> entity table and coreference."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.entities: list[dict] = doc._.kg_entities or []
        self.token_ent: list[int] = doc._.kg_token_ent or [-1] * len(doc)
        self.coref: list[int] = doc._.kg_coref or [-1] * len(doc)

    def type_of(self, idx: int) -> str:
        return self.entities[idx]["type"]

    def at(self, token: Token) -> int:
        """The entity a token names or refers to, or -1."""
        idx = self.token_ent[token.i]
        return idx if idx >= 0 else self.coref[token.i]

    def ents(self, token: Token | None, depth: int = 0) -> list[int]:
        """The entities an argument token stands for, without list expansion (see :meth:`args`)."""
        if token is None or depth > 4:
            return []
        idx = self.at(token)
        if idx >= 0:
            return [idx]
        if token.lower_ in _REL_PRONOUNS and token.head.dep_ == "relcl":
            return self.ents(token.head.head, depth + 1)
        if token.dep_ == "appos" and self.at(token.head) >= 0:
            return [self.at(token.head)]
        found: list[int] = []
        for child in token.children:
            if child.dep_ == "appos":
                found += self.args(child, depth + 1)
        if found:
            return _unique(found)
        if token.pos_ not in ("NOUN", "PROPN", "NUM", "PRON", "X"):
            return []
        # "Llama language models", "Nvidia's H800 chips": a named modifier of a common noun.
        found = [
            self.at(c)
            for c in token.children
            if c.dep_ in ("compound", "nmod") and self.at(c) >= 0 and not self._hyphen_modifier(c)
        ]
        if found:
            return _unique(found)
        # "a fine-tuned version of Gemini Pro", "two of Mistral's models, A and B".
        if token.lemma_.lower() in CONTAINER_NOUNS or token.pos_ == "NUM":
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ == "of":
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            found += self.args(pobj, depth + 1)
            if found:
                return _unique(found)
        # "several startups, including A and B", "models like A", "firms such as A", "firms that include A".
        # A singular noun takes its examples only from "including" ("every major AI developer, including A"):
        # "a model like GPT-4" compares rather than lists.
        if token.pos_ == "NOUN" and token.tag_ in ("NNS", "NN"):
            plural = token.tag_ == "NNS"
            for child in token.children:
                if child.dep_ == "prep" and (
                    child.lower_ == "including"
                    or (plural and child.lower_ == "like")
                    or (plural and child.lower_ == "as" and any(g.lower_ == "such" for g in child.children))
                ):
                    found += [e for o in child.children if o.dep_ == "pobj" for e in self.args(o, depth + 1)]
                elif child.dep_ == "relcl" and child.lemma_ == "include":
                    found += [e for o in child.children if o.dep_ == "dobj" for e in self.args(o, depth + 1)]
            if found:
                return _unique(found)
        # "a venture dubbed Safe Superintelligence", "a division called Google DeepMind".
        for child in token.children:
            if child.dep_ == "acl" and child.lemma_ in ("call", "dub", "name", "know", "brand"):
                for g in child.children:
                    if g.dep_ in ("oprd", "attr", "dobj", "xcomp", "npadvmod", "appos"):
                        found += self.args(g, depth + 1)
        if found:
            return _unique(found)
        # "Meta's API", "the model's capabilities": fall back on the owner.
        for child in token.children:
            if child.dep_ == "poss" and token.pos_ == "NOUN":
                return self.ents(child, depth + 1)
        return []

    def args(self, token: Token | None, depth: int = 0) -> list[int]:
        """The entities of an argument and of every conjunct in its list ("A, B and C")."""
        if token is None:
            return []
        found: list[int] = []
        for t in conjuncts(token):
            found += self.ents(t, depth)
            # A multi-token name may carry the list on any of its tokens ("Llama 3.1 405B and ...").
            for other in self.mention_tokens(t):
                if other.i != t.i:
                    found += [e for c in conjuncts(other)[1:] for e in self.ents(c, depth)]
        return _unique(found)

    def _hyphen_modifier(self, token: Token) -> bool:
        """True for a name inside a hyphenated modifier ("a Llama 2-based model", "a GPT-4-class model")."""
        end = self.mention_tokens(token)[-1].i
        doc = self.doc
        return end + 2 < len(doc) and doc[end + 1].text == "-" and doc[end + 2].lower_ in _HYPHEN_TAILS

    def mention_tokens(self, token: Token) -> list[Token]:
        """The tokens of the entity mention covering ``token`` (just the token when there is none)."""
        idx = self.token_ent[token.i]
        if idx < 0:
            return [token]
        for start, end in self.entities[idx]["mentions"]:
            if start <= token.i < end:
                return list(self.doc[start:end])
        return [token]


_HYPHEN_TAILS = {"based", "like", "style", "class", "level", "sized", "inspired", "powered", "backed", "owned"}


def _unique(items: Iterable[int]) -> list[int]:
    out: list[int] = []
    for i in items:
        if i >= 0 and i not in out:
            out.append(i)
    return out


def conjuncts(token: Token) -> list[Token]:
    """The token and every token conjoined to it ("WhatsApp, Messenger, and Meta AI")."""
    out = [token]
    stack = [c for c in token.children if c.dep_ == "conj"]
    while stack:
        t = stack.pop(0)
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ == "conj")
    return out


# ---------------------------------------------------------------------------------------------------------------
# Verb arguments


def is_passive(verb: Token) -> bool:
    """True for passive verbs and for past participles modifying a noun ("Le Chat, powered by ...")."""
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return True
    return verb.dep_ == "acl" and verb.tag_ == "VBN"


def grammatical_subject(verb: Token) -> Token | None:
    """The subject of a verb, inherited from a governing verb for conjoined, control and infinitival verbs."""
    t = verb
    for _ in range(5):
        for c in t.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                return c
        if t.dep_ == "relcl":
            return t.head
        if (
            t.dep_ == "acl"
            and t.head.dep_ == "ROOT"
            and t.tag_ in ("VBD", "VBN")
            and t.i == t.head.i + 1
            and (t.head.pos_ == "PROPN" or t.head.text[:1].isupper())
        ):
            return t.head  # headline misparse: "Apple partnered with OpenAI" as a noun phrase
        if t.dep_ == "acl" and t.tag_ != "VBN":
            # "plans to acquire X": the subject of the verb governing "plans".
            noun = t.head
            if noun.dep_ in ("dobj", "attr", "pobj", "nsubj") and noun.head.pos_ in ("VERB", "AUX", "ADP"):
                t = noun.head if noun.head.pos_ != "ADP" else noun.head.head
                continue
            return None
        if t.dep_ in ("conj", "xcomp", "advcl", "ccomp", "pcomp", "prep", "pobj", "acomp") and t.head is not t:
            t = t.head
            continue
        return None
    return None


def verb_argument(verb: Token, role: str) -> list[Token]:
    """The tokens filling ``role`` (AGENT, PATIENT or ``prep:a|b``) of a trigger verb."""
    passive = is_passive(verb)
    if role == AGENT:
        if passive:
            return [p for a in verb.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]
        subj = grammatical_subject(verb)
        return [subj] if subj is not None else []
    if role == PATIENT:
        if passive:
            subj = [c for c in verb.children if c.dep_ == "nsubjpass"]
            if subj:
                return subj
            if verb.dep_ == "conj":
                # "The model is offered via X and is integrated into Y": the second verb shares the subject.
                inherited = grammatical_subject(verb)
                return [inherited] if inherited is not None else []
            return [verb.head] if verb.dep_ == "acl" else []
        objects = [c for c in verb.children if c.dep_ in ("dobj", "attr")]
        if (
            not objects
            and verb.dep_ == "conj"
            and not any(c.dep_ == "nsubj" for c in verb.children)
            and (verb.tag_ == "VBN" or verb.head.lemma_ == "be" or is_passive(verb.head))
        ):
            # "The model is available via X and integrated into Y": a participle sharing a passive subject.
            subj = grammatical_subject(verb)
            return [subj] if subj is not None else []
        return objects
    preps = set(role.split(":", 1)[1].split("|"))
    holders = [verb] + [c for c in verb.children if c.dep_ in ("dobj", "prt", "advmod", "npadvmod", "acomp")]
    out = []
    for h in holders:
        for p in h.children:
            if p.dep_ in ("prep", "dative") and p.lower_ in preps:
                # "into its apps and into Siri": a conjoined preposition shares the verb.
                out += [o for q in conjuncts(p) if q.lower_ in preps for o in q.children if o.dep_ == "pobj"]
    return out


# ---------------------------------------------------------------------------------------------------------------
# Qualifiers


def is_negated(token: Token) -> bool:
    """True when the trigger (or the verb governing it) is negated or denied ("did not acquire")."""
    t = token
    for _ in range(3):
        if any(c.dep_ == "neg" or c.lower_ in ("never", "no") and c.dep_ in ("det", "advmod") for c in t.children):
            return True
        if t.lemma_.lower() in _NEGATING_HEADS and t is not token:
            return True
        if t.dep_ in ("xcomp", "ccomp", "conj", "dobj", "pobj", "prep", "acl") and t.head is not t:
            t = t.head
        else:
            break
    return False


def status_of(token: Token) -> str | None:
    """``"announced"`` for planned or future facts ("will acquire", "plans to buy"), else None."""
    t = token
    for _ in range(4):
        if any(c.dep_ == "aux" and c.lower_ in _WILL for c in t.children):
            return "announced"
        if t is not token and t.lemma_.lower() in _ANNOUNCED_HEADS:
            return "announced"
        if t.head is t:
            break
        t = t.head
    return None


def hedged(sent: Span) -> bool:
    """True when the sentence hedges what it reports ("reportedly", "according to", "is said to")."""
    return bool(_HEDGES.search(sent.text))


def amount_near(token: Token, sent: Span) -> str | None:
    """The money amount closest to the trigger in its sentence, ignoring valuations and market caps."""
    best = None
    for ent in sent.ents:
        if ent.label_ != "MONEY":
            continue
        around = " ".join(t.lower_ for t in sent.doc[max(ent.start - 3, sent.start) : min(ent.end + 2, sent.end)])
        if re.search(r"valu|market cap|revenue|loss|sales", around):
            continue
        dist = min(abs(token.i - ent.start), abs(token.i - ent.end))
        if best is None or dist < best[0]:
            best = (dist, ent.text)
    return best[1] if best and best[0] <= 12 else None


# ---------------------------------------------------------------------------------------------------------------
# Rule families


def _emit(
    ctx: Context,
    subjects: list[int],
    relation: str,
    objects: list[int],
    trigger: Token,
    rule: str,
    confidence: float,
    **qualifiers,
) -> Iterator[Candidate]:
    sent = trigger.sent
    for s in subjects:
        for o in objects:
            if s != o:
                yield Candidate(s, relation, o, None, sent, rule, confidence, dict(qualifiers))


def verb_rules(ctx: Context, token: Token) -> Iterator[Candidate]:
    """Facts from a trigger verb and its arguments."""
    if token.pos_ not in ("VERB", "AUX") and not (token.pos_ == "NOUN" and token.dep_ == "ROOT"):
        return
    lemma = verb_lemma(token)
    for rule in VERB_RULES:
        if lemma not in rule.lemmas:
            continue
        if rule.particle and not any(c.dep_ == "prt" and c.lower_ in rule.particle.split() for c in token.children):
            continue
        if is_negated(token):
            return
        subjects = [e for t in _agent_tokens(token, rule.subject) for e in ctx.args(t)]
        object_tokens = verb_argument(token, rule.object)
        objects = [e for t in object_tokens for e in ctx.args(t)]
        if rule.object == PATIENT and len(object_tokens) == 1 and not is_passive(token):
            objects = _unique(objects + gapped_objects(ctx, object_tokens[0]))
        if rule.relation in _SAME_KIND and objects:
            subjects = _purpose_subjects(ctx, token, subjects, objects)
        if rule.relation == "PARTNERED_WITH" and rule.object == PATIENT:
            # "supplied the Nvidia GPUs": a maker naming the thing supplied is not the customer.
            objects = [o for o in objects if o not in _named_modifiers(ctx, object_tokens)]
        if not subjects or not objects:
            continue
        status = rule.status or status_of(token)
        yield from _emit(
            ctx,
            subjects,
            rule.relation,
            objects,
            token,
            f"verb:{rule.relation}:{lemma}",
            rule.confidence,
            status=status,
            amount=_amount(rule.relation, token),
        )


def _named_modifiers(ctx: Context, tokens: list[Token]) -> set[int]:
    """Entities that only modify a common noun among ``tokens`` ("the Nvidia GPUs")."""
    return {
        ctx.at(c)
        for t in tokens
        if ctx.at(t) < 0
        for c in t.children
        if c.dep_ in ("compound", "nmod") and ctx.at(c) >= 0
    }


_SAME_KIND = {"COMPETES_WITH", "OUTPERFORMS", "PARITY_WITH"}
_LIST_DELIMITERS = {",", ";", "and"}
_CLAUSE_WORDS = {"which", "that", "who", "whose", "it", "its", "he", "she", "they", "we", "but", "while", "when"}


def gapped_objects(ctx: Context, obj: Token) -> list[int]:
    """The later items of a gapped list the parser breaks up: "acquired A in December, B in October and C in
    March". Read on the surface: after the object and a short modifier, each list item is a name with at most a
    few lower-case words before it and a short prepositional phrase after it; the list must end with "and"."""
    if ctx.token_ent[obj.i] < 0:
        return []
    doc, sent = obj.doc, obj.sent
    end = sent.end - 1 if doc[sent.end - 1].is_punct else sent.end
    i = ctx.mention_tokens(obj)[-1].i + 1
    if i >= end or doc[i].pos_ != "ADP":
        return []  # an ordinary list is left to the parse
    items = _gapped_segments(ctx, i, end)
    if not items:
        return []
    first_end = items[0][0]
    if not _is_modifier(ctx, doc[i:first_end]):
        return []
    found: list[int] = []
    for _start, entity, after_and in items[1:]:
        found.append(entity)
        if after_and:
            return found
    return []


def _gapped_segments(ctx: Context, i: int, end: int) -> list[tuple[int, int, bool]]:
    """Segments of a list from token ``i``: (start, entity, preceded by "and"); the first has no entity."""
    doc = ctx.doc
    out: list[tuple[int, int, bool]] = []
    start = i
    seg_start = i
    while i <= end:
        if i == end or doc[i].lower_ in _LIST_DELIMITERS:
            if i == seg_start and i < end:
                i += 1
                seg_start = i
                continue
            if out:
                item = _list_item(ctx, seg_start, i)
                if item is None:
                    break
                after_and = doc[seg_start - 1].lower_ == "and"
                out.append((seg_start, item, after_and))
            else:
                out.append((i, -1, False))
            if i == end:
                break
            seg_start = i + 1
        i += 1
    return out if start < end else []


def _list_item(ctx: Context, start: int, end: int) -> int | None:
    """The one entity of a list item "gesture startup Flutter in October", or None when it is not such an item."""
    doc = ctx.doc
    ents = {ctx.token_ent[t.i] for t in doc[start:end] if ctx.token_ent[t.i] >= 0}
    if len(ents) != 1:
        return None
    entity = ents.pop()
    positions = [t.i for t in doc[start:end] if ctx.token_ent[t.i] == entity]
    first, last = positions[0], positions[-1]
    if last - first + 1 != len(positions):
        return None
    before = doc[start:first]
    if len(before) > 5 or any(not (t.is_lower or t.text == "-") or t.lower_ in _CLAUSE_WORDS for t in before):
        return None
    after = doc[last + 1 : end]
    if len(after) and not (after[0].pos_ == "ADP" and _is_modifier(ctx, after)):
        return None
    return entity


def _is_modifier(ctx: Context, span: Span) -> bool:
    """A short phrase without names or verbs ("in December", "for $500m")."""
    return len(span) <= 6 and all(ctx.token_ent[t.i] < 0 and t.pos_ not in ("VERB", "AUX", "PRON") for t in span)


def _purpose_subjects(ctx: Context, verb: Token, subjects: list[int], objects: list[int]) -> list[int]:
    """ "Google launched Gemini to compete with GPT-4": a comparison in a purpose clause is about the object
    of the governing verb when the governing subject is not the same kind of thing as the compared one."""
    kinds = {ctx.type_of(o) for o in objects}
    if any(ctx.type_of(s) in kinds for s in subjects):
        return subjects
    if verb.dep_ not in ("advcl", "xcomp") or not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return subjects
    dobj = [c for c in verb.head.children if c.dep_ == "dobj"]
    named = [e for d in dobj for e in ctx.args(d) if ctx.type_of(e) in kinds]
    return named or subjects


_IRREGULAR = {"led": "lead", "ran": "run", "built": "build", "bought": "buy", "began": "begin"}


def verb_lemma(token: Token) -> str:
    """The lemma of a verb; for "co-" verbs kept as one token ("co-founded") the lemmatizer's guess is mended."""
    lemma = token.lemma_.lower()
    lower = token.lower_
    if not lower.startswith("co-") or len(lower) < 5:
        return lemma
    base = lower[3:]
    if base in _IRREGULAR:
        return "co-" + _IRREGULAR[base]
    for rule in VERB_RULES:
        for form in sorted(_verb_forms(base)):
            if "co-" + form in rule.lemmas:
                return "co-" + form
    return lemma


def _agent_tokens(verb: Token, role: str) -> list[Token]:
    """The tokens of a verb argument; for an infinitive under an expletive subject ("it was useful to undercut
    X while Meta trained ...") the agent is unstated, so the subjects of the sentence's other clauses stand in."""
    tokens = verb_argument(verb, role)
    if (
        role == AGENT
        and len(tokens) == 1
        and tokens[0].lower_ == "it"
        and verb.dep_ == "xcomp"
        and verb.head.pos_ == "ADJ"
        and verb.head.dep_ == "acomp"
    ):
        return [t for t in verb.sent if t.dep_ == "nsubj" and t.head is not verb.head.head and t.i > verb.i]
    return tokens


def _amount(relation: str, token: Token) -> str | None:
    return amount_near(token, token.sent) if relation in ("ACQUIRED", "INVESTED_IN") else None


def adjective_rules(ctx: Context, token: Token) -> Iterator[Candidate]:
    """Facts from predicate adjectives and adverbs ("available via", "comparable to", "better than")."""
    if token.pos_ not in ("ADJ", "ADV", "VERB"):
        return
    lemma = token.lower_
    for rule in ADJECTIVE_RULES:
        if lemma not in rule.lemmas:
            continue
        if is_negated(token):
            return
        # The preposition hangs from the adjective or from its copula ("is available via P").
        holders = [token] + (
            [token.head] if token.dep_ == "acomp" or token.dep_ == "oprd" and token.head.lemma_ == "make" else []
        )
        objects = [
            o
            for h in holders
            for p in h.children
            if p.dep_ == "prep" and (p.lower_ in rule.preps or _as_part_of(p)) and (h is token or p.i > token.i)
            for o in p.children
            if o.dep_ == "pobj"
        ]
        if rule.relation == "AVAILABLE_VIA":
            # "available in Smart Reply in Gboard": the feature and the product that carries it.
            objects += [
                n
                for o in objects
                for p in o.children
                if p.dep_ == "prep" and p.lower_ in ("in", "on")
                for n in p.children
                if n.dep_ == "pobj"
            ]
        subj = _adjective_subject(token)
        subjects = ctx.args(subj) if subj is not None else []
        objs = [e for o in objects for e in ctx.args(o)]
        yield from _emit(
            ctx,
            subjects,
            rule.relation,
            objs,
            token,
            f"adj:{rule.relation}:{lemma}",
            rule.confidence,
            status=status_of(token),
        )


def _as_part_of(prep: Token) -> bool:
    """ "available as part of Amazon Bedrock": "part" stands for its "of" phrase (see CONTAINER_NOUNS)."""
    return prep.lower_ == "as" and any(o.dep_ == "pobj" and o.lower_ == "part" for o in prep.children)


def _adjective_subject(adj: Token) -> Token | None:
    own = [c for c in adj.children if c.dep_ in ("nsubj", "nsubjpass")]
    if own:
        return own[0]
    if adj.dep_ == "amod":
        return adj.head
    head = adj.head
    if adj.dep_ in ("oprd", "ccomp", "xcomp") and head.lemma_ == "make":
        dobj = [c for c in head.children if c.dep_ == "dobj"]
        if dobj:
            return dobj[0]
    if adj.dep_ in ("acomp", "advmod", "oprd", "xcomp", "ccomp", "conj"):
        return grammatical_subject(head) if head is not adj else None
    return None


def noun_owner(ctx: Context, noun: Token) -> list[int]:
    """Who the nominalised event belongs to: "Meta's acquisition", "the Amazon investment", "by X",
    or the subject of the verb governing the noun ("Microsoft has partnerships with ...")."""
    owners: list[int] = []
    for c in noun.children:
        if c.dep_ == "poss":
            owners += ctx.args(c)
        elif c.dep_ in ("compound", "nmod") and ctx.at(c) >= 0:
            owners += ctx.args(c)
        elif c.dep_ == "prep" and c.lower_ == "by":
            owners += [e for o in c.children if o.dep_ == "pobj" for e in ctx.args(o)]
    if owners:
        return _unique(owners)
    t = noun
    for _ in range(4):
        if t.dep_ in ("conj", "appos") or (t.dep_ == "pobj" and t.head.dep_ == "prep"):
            t = t.head if t.dep_ != "pobj" else t.head.head
            continue
        break
    if t.dep_ in ("dobj", "attr", "nsubj", "pobj", "npadvmod", "oprd") or t.pos_ in ("VERB", "AUX"):
        verb = t if t.pos_ in ("VERB", "AUX") else t.head
        if verb.pos_ in ("VERB", "AUX") and t.dep_ != "nsubj":
            subj = grammatical_subject(verb)
            return ctx.args(subj) if subj is not None else []
    return []


def noun_rules(ctx: Context, token: Token) -> Iterator[Candidate]:
    """Facts from trigger nouns ("acquisition of", "partnership with", "parity with", "rivals like")."""
    if token.pos_ not in ("NOUN", "PROPN"):
        return
    lemma = token.lemma_.lower()
    for rule in NOUN_RULES:
        if lemma not in rule.lemmas:
            continue
        if is_negated(token):
            return
        others = []
        holders = [token]
        if rule.pairs and token.dep_ == "dobj" and token.head.pos_ == "VERB":
            # "OpenAI signed a deal with Microsoft": the parser hangs the "with" phrase on the verb.
            holders.append(token.head)
        for h in holders:
            for p in h.children:
                if p.dep_ == "prep" and p.lower_ in rule.preps and (h is token or p.i > token.i):
                    others += [e for o in p.children if o.dep_ == "pobj" for e in ctx.args(o)]
        others = _unique(others)
        owners = noun_owner(ctx, token)
        name = f"noun:{rule.relation}:{lemma}"
        amount = _amount(rule.relation, token)
        status = status_of(token)
        parties = _between_parties(ctx, token) if rule.pairs and not owners else []
        if len(parties) >= 2:
            # "a multi-year agreement between Microsoft and OpenAI": the listed parties partner each other.
            first, rest = parties[0], parties[1:]
            yield from _emit(ctx, [first], rule.relation, rest, token, name, rule.confidence - 0.05, status=status)
            continue
        if rule.pairs and not others and len(owners) >= 2:
            # "Microsoft and Meta are expanding their partnership": the owners partner each other.
            first, rest = owners[0], owners[1:]
            yield from _emit(ctx, [first], rule.relation, rest, token, name, rule.confidence - 0.1, status=status)
            continue
        if rule.pairs and not others and lemma == "partner":
            # "X has become the first Google Cloud partner": a named modifier of "partner".
            others = [ctx.at(c) for c in token.children if c.dep_ == "compound" and ctx.at(c) >= 0]
            owners = _partner_subject(ctx, token)
        if rule.relation == "COMPETES_WITH" and not others:
            # "its rival Apple", "X's competitor Y".
            others = [e for c in token.children if c.dep_ == "appos" for e in ctx.args(c)]
            if not others and token.dep_ == "appos" and ctx.at(token.head) >= 0:
                others = [ctx.at(token.head)]
        yield from _emit(ctx, owners, rule.relation, others, token, name, rule.confidence, status=status, amount=amount)


#: Nouns for one organisation's standing business relationship with another ("Anthropic's cloud provider").
SUPPLIER_NOUNS = {"provider", "supplier", "vendor", "partner", "customer", "client", "reseller", "distributor"}
_BECOME = {"be", "become", "remain", "serve", "act", "stay"}


def supplier_rules(ctx: Context, token: Token) -> Iterator[Candidate]:
    """ "AWS will become Anthropic's primary cloud provider", "Oracle, xAI's compute supplier," ->
    PARTNERED_WITH between the one named and the owner of the noun."""
    if token.pos_ != "NOUN" or token.lemma_.lower() not in SUPPLIER_NOUNS or is_negated(token):
        return
    owners = [e for c in token.children if c.dep_ == "poss" for e in ctx.args(c)]
    if not owners:
        return
    named: list[int] = []
    if token.dep_ in ("attr", "oprd") and verb_lemma(token.head) in _BECOME:
        subj = grammatical_subject(token.head)
        named = ctx.args(subj) if subj is not None else []
    elif token.dep_ == "pobj" and token.head.lower_ == "as" and verb_lemma(token.head.head) in _BECOME:
        subj = grammatical_subject(token.head.head)
        named = ctx.args(subj) if subj is not None else []
    elif token.dep_ == "appos" and ctx.at(token.head) >= 0:
        named = [ctx.at(token.head)]
    named = [n for n in named if ctx.type_of(n) == "Organization"]
    yield from _emit(
        ctx, named, "PARTNERED_WITH", owners, token, "noun:PARTNERED_WITH:supplier", 0.65, status=status_of(token)
    )


def _between_parties(ctx: Context, noun: Token) -> list[int]:
    """The named parties of "between A and B"; none unless every item of the list is itself a name."""
    for p in noun.children:
        if p.dep_ == "prep" and p.lower_ == "between":
            items = [t for o in p.children if o.dep_ == "pobj" for t in conjuncts(o)]
            if items and all(ctx.at(t) >= 0 for t in items):
                return _unique(ctx.at(t) for t in items)
    return []


def _partner_subject(ctx: Context, noun: Token) -> list[int]:
    if noun.dep_ in ("attr", "oprd", "dobj") and noun.head.pos_ in ("VERB", "AUX"):
        subj = grammatical_subject(noun.head)
        return ctx.args(subj) if subj is not None else []
    return []


#: Words marking a noun as a model derived from another ("a fine-tuned version of M", "a distilled variant").
_DERIVED_CUES = re.compile(
    r"^(fine-?tuned|tuned|distill?ed|modified|customi[sz]ed|quanti[sz]ed|pruned|retrained|re-trained|"
    r"instruction-tuned|smaller|lighter|compressed|open-source|open)$"
)
_DERIVED_NOUNS = {"version", "variant", "derivative", "fork", "adaptation"}


def derived_rules(ctx: Context, token: Token) -> Iterator[Candidate]:
    """BASED_ON from "N, a fine-tuned version of M", "N is a distilled variant of M", "a fork of M called N"."""
    if token.pos_ != "NOUN" or token.lemma_.lower() not in _DERIVED_NOUNS:
        return
    modifiers = [t for t in token.doc[token.left_edge.i : token.i] if t.dep_ != "det"]
    words = "".join(t.text_with_ws for t in modifiers).lower().replace(" - ", "-").split()
    if token.lemma_.lower() in ("version", "variant") and not any(_DERIVED_CUES.match(w) for w in words):
        return
    if is_negated(token):
        return
    bases = [
        e
        for p in token.children
        if p.dep_ == "prep" and p.lower_ == "of"
        for o in p.children
        if o.dep_ == "pobj"
        for e in ctx.args(o)
    ]
    named: list[int] = []
    if token.dep_ == "appos" and ctx.at(token.head) >= 0:
        named.append(ctx.at(token.head))
    named += [e for c in token.children if c.dep_ == "appos" for e in ctx.args(c)]
    named += [
        e
        for c in token.children
        if c.dep_ == "acl" and c.lemma_ in ("call", "dub", "name", "know")
        for g in c.children
        if g.dep_ in ("oprd", "attr", "dobj", "xcomp", "npadvmod", "appos")
        for e in ctx.args(g)
    ]
    if token.dep_ == "attr":
        subj = grammatical_subject(token.head)
        named += ctx.args(subj) if subj is not None else []
    models = [n for n in _unique(named) if ctx.type_of(n) == "AIModel"]
    bases = [b for b in _unique(bases) if ctx.type_of(b) == "AIModel"]
    yield from _emit(ctx, models, "BASED_ON", bases, token, "noun:BASED_ON:derived", 0.7)


def classify_role(words: list[str]) -> str | None:
    """The relation a role phrase gives ("chief executive officer" -> LEADS, "chief scientist" -> EMPLOYED_BY).

    >>> classify_role(["co-founder"]), classify_role(["chief", "scientist"]), classify_role(["ceo"])
    ('FOUNDED_BY', 'EMPLOYED_BY', 'LEADS')
    """
    words = [w.lower().strip(".") for w in words if w.lower() not in _FORMER_MODS]
    if not words:
        return None
    head = words[-1]
    if head.endswith("s") and head[:-1] in LEADS_HEADS | EMPLOYED_HEADS | FOUNDER_HEADS:
        head = head[:-1]  # "co-founders", "co-CEOs", "researchers"
    phrase = " ".join(words)
    if head in FOUNDER_HEADS or phrase.endswith("co - founder"):
        return "FOUNDED_BY"
    if "vice" in words or "deputy" in words or "assistant" in words:
        return "EMPLOYED_BY"
    if "chief executive" in phrase or phrase in ("managing director", "executive chairman", "executive chair"):
        return "LEADS"
    if head in LEADS_HEADS:
        return "LEADS"
    if head in EMPLOYED_HEADS or phrase.startswith("chief "):
        return "EMPLOYED_BY"
    return None


def _role_phrase(role: Token) -> tuple[list[str], bool]:
    """The words of a role ("interim", "chief", "operating", "officer") and whether it is a former role."""
    doc = role.doc
    start = role.i
    while (
        start > 0
        and doc[start - 1].dep_ in ("compound", "amod", "punct")
        and doc[start - 1].head.i >= role.i
        and doc[start - 1].head.i <= role.i
        and doc[start - 1].text not in (",", "—", "(")
        and doc[start - 1].ent_type_ not in ("Organization", "Person", "AIModel", "Product", "GPE", "NORP")
    ):
        start -= 1
    words = [t.text for t in doc[start : role.i + 1]]
    former = any(w.lower() in _FORMER_MODS for w in words)
    former = former or any(c.lower_ in _FORMER_MODS | _FORMER_ADVS for c in role.children)
    if start > 0 and doc[start - 1].lower_ in ("ex", "ex-", "former", "formerly"):
        former = True
    words = [w for w in words if w.lower() not in _FORMER_MODS and w not in ("-",)]
    return words, former


def _role_orgs(ctx: Context, role: Token) -> tuple[list[int], bool]:
    """Organisations a role noun belongs to, and whether the role is of something unnamed ("head of a team")."""
    orgs: list[int] = []
    unnamed = False
    for c in role.children:
        if c.dep_ == "prep" and c.lower_ in ("of", "at", "for", "with"):
            pobjs = [o for o in c.children if o.dep_ == "pobj"]
            found = [e for o in pobjs for e in ctx.args(o)]
            if found:
                orgs += found
            elif pobjs and c.lower_ == "of":
                unnamed = True
        elif c.dep_ == "poss" or (c.dep_ in ("compound", "nmod", "amod") and ctx.at(c) >= 0):
            # A name tagged as an adjective ("Anthropic co-founder X") is still a compound.
            orgs += ctx.args(c)
    return _unique(orgs), unnamed


_ROLE_HEADS = LEADS_HEADS | EMPLOYED_HEADS | FOUNDER_HEADS


def _may_be_role(token: Token) -> bool:
    """A cheap test before :func:`classify_role`: a role word, or a noun with "chief" just before it."""
    word = token.lower_.strip(".")
    if word in _ROLE_HEADS or (word.endswith("s") and word[:-1] in _ROLE_HEADS):
        return True
    return any(t.lower_ == "chief" for t in token.doc[max(token.i - 4, 0) : token.i])


def _role_candidate(
    person: int, relation: str, org: int, former: bool, role: str, sent: Span, source: str, confidence: float
) -> Candidate:
    """A role fact: FOUNDED_BY runs organisation -> person; LEADS and EMPLOYED_BY run person -> organisation
    with the role and whether it is a former one. ``source`` names the rule family ("role", "surface")."""
    if relation == "FOUNDED_BY":
        return Candidate(org, relation, person, None, sent, f"{source}:founder", confidence, {})
    q = {"role": role, "status": "former" if former else None}
    return Candidate(person, relation, org, None, sent, f"{source}:{relation}", confidence, q)


def role_rules(ctx: Context, token: Token) -> Iterator[Candidate]:
    """People with roles: titles, appositions, copulas and "as" phrases (see the module docstring)."""
    if token.pos_ not in ("NOUN", "PROPN") or ctx.token_ent[token.i] >= 0 or not _may_be_role(token):
        return
    words, former = _role_phrase(token)
    relation = classify_role(words)
    if relation is None:
        return
    # The role-bearing token for attachment: "two of the three founders of X" attaches through "two".
    anchor = token
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.pos_ in ("NUM", "PRON", "ADJ"):
        anchor = token.head.head
    people = _role_people(ctx, anchor)
    if not people:
        return
    orgs, unnamed = _role_orgs(ctx, token)
    # Conjoined roles share their organisation: "the founder and CEO of Stability AI".
    if not orgs:
        for other in conjuncts(token)[1:] + ([token.head] if token.dep_ == "conj" else []):
            orgs, unnamed = _role_orgs(ctx, other)
            if orgs:
                break
    if not orgs:
        # "Microsoft CEO Satya Nadella": the organisation modifies the name.
        for p_tok in _people_tokens(ctx, anchor):
            orgs += [
                ctx.at(c)
                for c in p_tok.children
                if c.dep_ in ("compound", "nmod", "poss")
                and ctx.at(c) >= 0
                and ctx.type_of(ctx.at(c)) == "Organization"
            ]
    if not orgs and token.dep_ in ("compound", "nmod"):
        # "Perplexity co-founder X": the tokenizer splits "co-founder", so the name hangs from "co".
        orgs += [
            ctx.at(c)
            for t in token.doc[token.left_edge.i : token.i]
            for c in [t]
            if c.dep_ in ("compound", "nmod", "poss") and ctx.at(c) >= 0 and ctx.type_of(ctx.at(c)) == "Organization"
        ]
    if not orgs and token.dep_ == "pobj" and token.head.lower_ == "as":
        # "appointed X as head of a team", "brought X in as CEO": the organisation doing it.
        verb = token.head.head
        subj = grammatical_subject(verb) if verb.pos_ in ("VERB", "AUX") else None
        orgs = ctx.args(subj) if subj is not None else []
        if unnamed and relation == "LEADS":
            relation = "EMPLOYED_BY"
        if verb.lemma_ in ("serve", "work", "join", "remain", "stay", "act"):
            orgs = []
    confidence = 0.8
    if not orgs and not unnamed and relation != "FOUNDED_BY":
        # "X said A would become CEO", "X announced that A will serve as CEO": the announcing organisation.
        orgs = _announcing_organisation(ctx, token)
        confidence = 0.6
    if not orgs and relation != "FOUNDED_BY" and token.dep_ in ("compound", "nmod") and token.i + 1 < len(token.doc):
        # "Apple unveiled X on Monday, chief executive Tim Cook said": a bare title on the subject of a clause
        # belongs to the one organisation the sentence names.
        orgs = _sole_organisation(ctx, token)
        confidence = 0.6
    orgs = [o for o in _unique(orgs) if ctx.type_of(o) == "Organization"]
    if not orgs:
        return
    role_text = " ".join(words)
    for person in people:
        for org in orgs:
            yield _role_candidate(person, relation, org, former, role_text, token.sent, "role", confidence)


_LIST_JOINERS = {",", "and", "&"}


def role_list_rules(ctx: Context, sent: Span) -> Iterator[Candidate]:
    """Conjoined titles before a list of names: "X co-founders and former Y engineers A and B".

    Each title keeps its own organisation and every name in the list gets every title. The parser attaches the
    names to one title only, so this reads the surface order: names, then (leftwards) title, organisation,
    joiner, title, organisation. It fires only for two or more titles; a single title is :func:`role_rules`' job.
    Titles may also share their organisations: "OpenAI co-founder and CEO A", "Facebook and Meta founder and
    chief executive officer A".
    """
    doc = sent.doc
    i = sent.start
    while i < sent.end:
        if ctx.token_ent[i] < 0 or ctx.type_of(ctx.token_ent[i]) != "Person":
            i += 1
            continue
        first = i
        people: list[int] = []
        j = i
        while j < sent.end:  # the name list: "A, B and C"
            idx = ctx.token_ent[j]
            if idx >= 0 and ctx.type_of(idx) == "Person":
                people.append(idx)
                while j < sent.end and ctx.token_ent[j] == idx:
                    j += 1
            elif doc[j].text in _LIST_JOINERS and j + 1 < sent.end and ctx.token_ent[j + 1] >= 0:
                j += 1
            elif doc[j].text == "," and j + 2 < sent.end and doc[j + 1].lower_ == "and":
                j += 2
            else:
                break
        i = j
        titles = _titles_before(ctx, first, sent.start)
        if len(titles) < 2:
            titles = _shared_titles_before(ctx, first, sent.start)
        if not titles:
            continue
        for relation, org, former, words in titles:
            for person in _unique(people):
                yield _role_candidate(person, relation, org, former, words, sent, "role-list", 0.75)


def _words_before(ctx: Context, k: int, start: int) -> tuple[int, list[str]]:
    """The plain words ending at token ``k`` (no names, punctuation or list joiners), and the token before them."""
    doc = ctx.doc
    stop = k
    while k >= start and ctx.token_ent[k] < 0 and not doc[k].is_punct and doc[k].lower_ not in _LIST_JOINERS:
        k -= 1
    return k, [t.text for t in doc[k + 1 : stop + 1]]


def _titles_before(ctx: Context, end: int, start: int) -> list[tuple[str, int, bool, str]]:
    """The (relation, organisation, former, role) titles written right before token ``end``, nearest first."""
    doc = ctx.doc
    out: list[tuple[str, int, bool, str]] = []
    k = end - 1
    while k >= start:
        k, words = _words_before(ctx, k, start)
        if not words or any(w[:1].isupper() and w.lower() not in _ROLE_WORDS for w in words):
            break
        relation = classify_role(words)
        if relation is None:
            break
        former = any(w.lower() in _FORMER_MODS for w in words)
        if k >= start and doc[k].text in ("'s", "’s"):
            k -= 1
        org = ctx.token_ent[k] if k >= start else -1
        if org < 0 or ctx.type_of(org) != "Organization":
            break
        while k >= start and ctx.token_ent[k] == org:
            k -= 1
        if k >= start and doc[k].lower_ in _FORMER_MODS:
            former = True
            k -= 1
        out.append((relation, org, former, " ".join(w for w in words if w.lower() not in _FORMER_MODS)))
        if k < start or doc[k].text not in _LIST_JOINERS:
            break
        k -= 1
    return out


def _shared_titles_before(ctx: Context, end: int, start: int) -> list[tuple[str, int, bool, str]]:
    """Conjoined titles after conjoined organisations, right before token ``end``: every title of every
    organisation ("OpenAI co-founder and CEO", "Facebook and Meta founder and chief executive officer"). Only
    two or more titles or organisations count; one of each is :func:`role_rules`' job."""
    doc = ctx.doc
    titles: list[tuple[str, bool, str]] = []
    k = end - 1
    while k >= start:
        k, words = _words_before(ctx, k, start)
        relation = classify_role(words) if words else None
        if relation is None or any(w[:1].isupper() and w.lower() not in _ROLE_WORDS for w in words):
            return []
        former = any(w.lower() in _FORMER_MODS for w in words)
        titles.append((relation, former, " ".join(w for w in words if w.lower() not in _FORMER_MODS)))
        if k >= start and doc[k].lower_ in _LIST_JOINERS and k - 1 >= start and ctx.token_ent[k - 1] < 0:
            k -= 1
            continue
        break
    if k >= start and doc[k].text in ("'s", "’s"):
        k -= 1
    orgs: list[int] = []
    while k >= start and ctx.token_ent[k] >= 0 and ctx.type_of(ctx.token_ent[k]) == "Organization":
        org = ctx.token_ent[k]
        orgs.append(org)
        while k >= start and ctx.token_ent[k] == org:
            k -= 1
        if k - 1 >= start and doc[k].lower_ in _LIST_JOINERS and ctx.token_ent[k - 1] >= 0:
            k -= 1
            continue
        break
    if not orgs or len(titles) + len(orgs) < 3:
        return []
    return [(relation, org, former, words) for relation, former, words in titles for org in _unique(orgs)]


_DETERMINERS = {"the", "a", "an", "its", "his", "her", "their"}
_TITLE_MODIFIERS = {"interim", "acting", "new", "longtime", "long-time", "top", "then"}


def surface_role_rules(ctx: Context, sent: Span) -> Iterator[Candidate]:
    """Single titles by their surface order, for names the parser does not attach to their title (a surname
    that is also a word, "Bill Dally", ends up an adverb): "Nvidia's chief scientist, A", "A, Nvidia's chief
    scientist,", "A, the chief scientist of Nvidia"."""
    doc = sent.doc
    i = sent.start
    while i < sent.end:
        person = ctx.token_ent[i]
        if person < 0 or ctx.type_of(person) != "Person":
            i += 1
            continue
        first, end = i, i
        while end < sent.end and ctx.token_ent[end] == person:
            end += 1
        i = end
        before = first - 1 if first - 1 >= sent.start and doc[first - 1].text == "," else first
        if before < first:  # "Nvidia's chief scientist, A": a comma, then the name
            for relation, org, former, words in _titles_before(ctx, before, sent.start)[:1]:
                yield _role_candidate(person, relation, org, former, words, sent, "surface", 0.6)
        if end < sent.end and doc[end].text == ",":
            found = _title_after(ctx, end + 1, sent.end)
            if found is not None:
                yield _role_candidate(person, *found, sent, "surface", 0.6)


def _title_after(ctx: Context, k: int, end: int) -> tuple[str, int, bool, str] | None:
    """(relation, organisation, former, role) of "Nvidia's chief scientist" or "the chief scientist of Nvidia"
    starting at token ``k`` and closed by punctuation or the end of the sentence."""
    doc = ctx.doc
    former = False
    while k < end and (doc[k].lower_ in _DETERMINERS or doc[k].lower_ in _FORMER_MODS):
        former = former or doc[k].lower_ in _FORMER_MODS
        k += 1
    org = -1
    if k < end and ctx.token_ent[k] >= 0:
        org = ctx.token_ent[k]
        while k < end and ctx.token_ent[k] == org:
            k += 1
        if k >= end or doc[k].text not in ("'s", "’s", "'", "’"):
            return None
        k += 1
    start = k
    while (
        k < end
        and ctx.token_ent[k] < 0
        and (doc[k].lower_ in _ROLE_WORDS or doc[k].lower_ in _TITLE_MODIFIERS or doc[k].lower_ in _FORMER_MODS)
    ):
        k += 1
    words = [t.text for t in doc[start:k]]
    relation = classify_role(words) if words else None
    if relation is None:
        return None
    former = former or any(w.lower() in _FORMER_MODS for w in words)
    if org < 0:
        if k + 1 >= end or doc[k].lower_ not in ("of", "at") or ctx.token_ent[k + 1] < 0:
            return None
        org = ctx.token_ent[k + 1]
        k += 1
        while k < end and ctx.token_ent[k] == org:
            k += 1
    if ctx.type_of(org) != "Organization" or (k < end and not doc[k].is_punct):
        return None
    return relation, org, former, " ".join(w for w in words if w.lower() not in _FORMER_MODS)


#: Capitalised words that may still be part of a title ("Chief Executive Officer", "Co-Founder").
_ROLE_WORDS = (
    LEADS_HEADS
    | EMPLOYED_HEADS
    | FOUNDER_HEADS
    | {"co-founders", "founders", "ceos", "co-ceos", "executive", "senior", "principal", "lead", "research", "former"}
    | {"vice", "deputy", "general", "technology", "operating", "financial", "product", "strategy", "ai"}
)


_REPORT_VERBS = {"say", "announce", "confirm", "state", "disclose"}


def _announcing_organisation(ctx: Context, role: Token) -> list[int]:
    """The organisation announcing a predicated role: "X said A would become CEO" (A's title is X's)."""
    if role.dep_ in ("attr", "oprd"):
        verb = role.head
    elif role.dep_ == "pobj" and role.head.lower_ == "as":
        verb = role.head.head
    else:
        return []
    if verb.lemma_ == "be" or verb.dep_ != "ccomp" or verb.head.lemma_.lower() not in _REPORT_VERBS:
        return []
    subj = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    return [o for o in ctx.args(subj) if ctx.type_of(o) == "Organization"] if subj is not None else []


def _sole_organisation(ctx: Context, role: Token) -> list[int]:
    """The only organisation named in the sentence of a bare title whose person is a clause subject."""
    person = role.head
    if person.dep_ not in ("nsubj", "nsubjpass") or not _is_person(ctx, person):
        return []
    sent = role.sent
    orgs = _unique(ctx.token_ent[t.i] for t in sent if ctx.token_ent[t.i] >= 0)
    orgs = [o for o in orgs if ctx.type_of(o) == "Organization"]
    return orgs if len(orgs) == 1 else []


def _people_tokens(ctx: Context, role: Token) -> list[Token]:
    """Tokens of the people a role noun describes."""
    out: list[Token] = []
    # "CEO Sam Altman": the role is a compound of the name.
    if role.dep_ in ("compound", "nmod", "amod") and _is_person(ctx, role.head):
        out.append(role.head)
    # "Ilya Sutskever, a co-founder ...": the role is in apposition to the name.
    if role.dep_ == "appos" and _is_person(ctx, role.head):
        out.append(role.head)
    # "OpenAI's President, Greg Brockman": the name is in apposition to the role.
    out += [c for c in role.children if c.dep_ == "appos" and _is_person(ctx, c)]
    # "Sutskever was chief scientist", "who will serve as CEO of X", "brought X in as CEO".
    if role.dep_ in ("attr", "oprd") or (role.dep_ == "pobj" and role.head.lower_ == "as"):
        verb = role.head if role.dep_ != "pobj" else role.head.head
        # "named A and B as co-CEOs": the parser may call the named person an object predicate.
        dobj = [c for c in verb.children if c.dep_ in ("dobj", "oprd") and c is not role and _is_person(ctx, c)]
        if dobj:
            out += dobj
        else:
            subj = grammatical_subject(verb)
            if subj is not None and (_is_person(ctx, subj) or subj.lower_ in _REL_PRONOUNS):
                out.append(subj if _is_person(ctx, subj) else subj.head.head)
    if role.dep_ == "conj":
        out += _people_tokens(ctx, role.head)
    return out


def _role_people(ctx: Context, role: Token) -> list[int]:
    people: list[int] = []
    first = role
    while first.dep_ == "conj" and first.head is not first:
        first = first.head  # "chair and CEO of AMD": the first of the conjoined titles hangs from the name
    for t in _people_tokens(ctx, role):
        if t.i == first.head.i and first.dep_ in ("compound", "nmod", "amod", "appos"):
            # "Oracle founder A, OpenAI CEO B": a listed person with a title of their own is not ours.
            people += [e for c in conjuncts(t) if c.i == t.i or not _has_own_title(ctx, c) for e in ctx.ents(c)]
        else:
            people += ctx.args(t)
    return [p for p in _unique(people) if ctx.type_of(p) == "Person"]


def _has_own_title(ctx: Context, person: Token) -> bool:
    """True when a name carries its own role word ("CEO Sam Altman", "Sam Altman, CEO of OpenAI")."""
    return any(
        c.dep_ in ("compound", "nmod", "amod", "appos")
        and ctx.token_ent[c.i] < 0
        and c.pos_ in ("NOUN", "PROPN")
        and classify_role(_role_phrase(c)[0]) is not None
        for c in person.children
    )


def _is_person(ctx: Context, token: Token) -> bool:
    idx = ctx.at(token)
    if idx >= 0:
        return ctx.type_of(idx) == "Person"
    return any(ctx.type_of(e) == "Person" for e in ctx.args(token)) if token.pos_ == "PROPN" else False


def unit_rules(ctx: Context, token: Token) -> Iterator[Candidate]:
    """SUBSIDIARY_OF from unit nouns ("X, a unit of Y", "Y's AI unit X") and "parent" ("Y's parent Z")."""
    lemma = token.lemma_.lower()
    if token.pos_ != "NOUN" or (lemma not in UNIT_NOUNS and lemma not in PARENT_NOUNS):
        return
    if is_negated(token):
        return
    # "parent company", "research unit": the generic head noun carries the apposition and the owner.
    if token.dep_ == "compound" and token.head.lemma_.lower() in ("company", "firm", "group", "organization"):
        token = token.head
    # The named thing the noun describes: apposition either way, a compound name, or a copula subject.
    named: list[int] = []
    if token.dep_ == "appos":
        named += ctx.args(token.head) if ctx.at(token.head) >= 0 else []
    named += [e for c in token.children if c.dep_ in ("appos",) for e in ctx.args(c)]
    if token.dep_ in ("compound", "nmod") and ctx.at(token.head) >= 0:
        named.append(ctx.at(token.head))
    if token.dep_ == "attr":
        subj = grammatical_subject(token.head)
        named += ctx.args(subj) if subj is not None else []
    for c in token.children:
        if c.dep_ == "acl" and c.lemma_ in ("call", "dub", "name"):
            named += [e for g in c.children for e in ctx.args(g)]
    owners: list[int] = []
    for c in token.children:
        if c.dep_ == "poss" or (c.dep_ in ("compound", "nmod") and ctx.at(c) >= 0):
            owners += ctx.args(c)
        elif c.dep_ == "prep" and c.lower_ in ("of", "at", "within", "inside"):
            owners += [e for o in c.children if o.dep_ == "pobj" for e in ctx.args(o)]
    named = [n for n in _unique(named) if ctx.type_of(n) == "Organization"]
    owners = [o for o in _unique(owners) if ctx.type_of(o) == "Organization"]
    if lemma in PARENT_NOUNS:
        # "Google's parent company Alphabet", "Facebook parent Meta": the owner of the noun is the subsidiary.
        yield from _emit(ctx, owners, "SUBSIDIARY_OF", named, token, "unit:parent", 0.75)
    else:
        yield from _emit(ctx, named, "SUBSIDIARY_OF", owners, token, "unit:part-of", 0.75)


# ---------------------------------------------------------------------------------------------------------------
# Surface rules

_OPEN_TRUE = re.compile(r"^(open[- ]?weights?|open[- ]?sourced?|weights|downloadable|openly)$", re.I)
_OPEN_FALSE = re.compile(r"^(proprietary|closed|closed[- ]?source|closed[- ]?weights?)$", re.I)


#: Words that start an OPEN_WEIGHTS cue besides those of ``_OPEN_TRUE`` and ``_OPEN_FALSE``.
_OPEN_CUE_WORDS = {"open", "weights", "is", "was", "are"}


def open_weights_rules(ctx: Context, sent: Span) -> Iterator[Candidate]:
    """OPEN_WEIGHTS from cue words next to a model: "open-weight Llama", "M ships with no open weights",
    "the proprietary model M", "M's weights were released". The model is the one nearest in the parse."""
    doc = sent.doc
    models = [t for t in sent if ctx.at(t) >= 0 and ctx.type_of(ctx.at(t)) == "AIModel"]
    if not models:
        return
    for tok in sent:
        text = tok.lower_
        if text not in _OPEN_CUE_WORDS and not _OPEN_TRUE.match(text) and not _OPEN_FALSE.match(text):
            continue  # most tokens: none of the branches below can fire
        two = (text + " " + doc[tok.i + 1].lower_) if tok.i + 1 < sent.end else text
        three = " ".join(t.lower_ for t in doc[tok.i : min(tok.i + 3, sent.end)])
        value = None
        cue = tok
        if re.match(r"^open(-| )?(weights?|source)", three.replace(" - ", "-")) and text == "open":
            value = "true"
        elif _OPEN_TRUE.match(text) and text not in ("weights", "downloadable", "openly"):
            value = "true"
        elif text == "weights" and any(c.lemma_ in ("release", "publish", "share") for c in [tok.head]):
            value = "true"
        elif _OPEN_FALSE.match(text):
            value = "false"
        elif text in ("is", "was", "are") and doc[tok.i + 1].lower_ == "open" and tok.i + 2 <= sent.end:
            value, cue = "true", doc[tok.i + 1]
        if value is None:
            continue
        if two.startswith("open source") and doc[tok.i + 2].lower_ in ("community", "movement", "ecosystem"):
            continue
        negated = _negated_cue(cue)
        if negated:
            value = "false" if value == "true" else "true"
            if value == "true":
                continue  # "not proprietary" is too weak to call the weights open
        model = _nearest_model(ctx, cue, models)
        if model is None:
            continue
        yield Candidate(model, "OPEN_WEIGHTS", None, value, sent, "surface:open-weights", 0.65, {})
        # "Unlike every Llama release since Llama 1, M ships with no open weights": the contrasted models
        # have the opposite property.
        for unlike in (t for t in sent if t.lower_ == "unlike"):
            contrasted = _unique(ctx.at(t) for t in unlike.subtree if ctx.at(t) >= 0)
            for other in contrasted:
                if other != model and ctx.type_of(other) == "AIModel":
                    flipped = "true" if value == "false" else "false"
                    yield Candidate(
                        other, "OPEN_WEIGHTS", None, flipped, sent, "surface:open-weights-contrast", 0.5, {}
                    )


def _negated_cue(cue: Token) -> bool:
    # Climb to the governing verb: "M does not come with open weights" negates the verb, not the cue.
    t = cue
    for _ in range(5):
        if any(c.lower_ in ("no", "not", "never", "without") or c.dep_ == "neg" for c in t.children):
            return True
        if t.head is t or t.pos_ in ("VERB", "AUX"):
            break
        t = t.head
    prev = cue.doc[cue.i - 1] if cue.i > 0 else None
    return prev is not None and prev.lower_ in ("no", "not", "without", "non")


def tree_distance(a: Token, b: Token) -> int:
    """Number of dependency edges between two tokens of one sentence."""
    up_a = [a, *a.ancestors]
    pos = {t.i: n for n, t in enumerate(up_a)}
    for n, t in enumerate([b, *b.ancestors]):
        if t.i in pos:
            return n + pos[t.i]
    return 99


def _nearest_model(ctx: Context, cue: Token, models: list[Token]) -> int | None:
    best = None
    parsed = cue.doc.has_annotation("DEP")
    for m in models:
        # Without a parse (degraded mode), words apart stand in for edges apart.
        d = tree_distance(cue, m) if parsed else max(abs(cue.i - m.i) - 2, 0)
        # Within a mention the root token is what the parse links; any token of it counts.
        if best is None or d < best[0]:
            best = (d, ctx.at(m))
    return best[1] if best and best[0] <= 5 else None


_LICENCE = re.compile(
    r"\b(Apache(?: License)?,? (?:version |v)?2\.0|MIT|GPL-?v?[23](?:\.0)?|LGPL|BSD(?:-[23]-Clause)?|"
    r"CC[- ]BY(?:[- ][A-Z]{2})*(?:[- ]\d\.\d)?|OpenRAIL(?:-M)?|"
    r"(?:Llama|Gemma|Qwen|DeepSeek)(?: \d(?:\.\d)?)? (?:Community )?Licen[cs]e(?: Agreement)?)"
)


def licence_rules(ctx: Context, sent: Span) -> Iterator[Candidate]:
    """LICENSED_UNDER for a named licence in the sentence, attached to the nearest model."""
    models = [t for t in sent if ctx.at(t) >= 0 and ctx.type_of(ctx.at(t)) == "AIModel"]
    if not models:
        return
    text = sent.text
    for m in _LICENCE.finditer(text):
        name = m.group(1)
        if name == "MIT" and not re.search(r"MIT[- ]licen[cs]e|under (the )?MIT", text, re.I):
            continue  # MIT the university
        name = re.sub(r"Apache(?: License)?,? (?:version |v)?2\.0", "Apache 2.0", name)
        span = sent.doc.char_span(sent.start_char + m.start(), sent.start_char + m.end(), alignment_mode="expand")
        cue = span.root if span is not None else sent.root
        # A model named inside the licence ("Llama 3.1 Community License") is not the licensed model.
        outside = [t for t in models if span is None or not (span.start <= t.i < span.end)]
        model = _nearest_model(ctx, cue, outside) if span is not None and outside else None
        if model is None and len({ctx.at(t) for t in outside}) == 1:
            model = ctx.at(outside[0])
        if model is not None:
            yield Candidate(model, "LICENSED_UNDER", None, name, sent, "surface:licence", 0.7, {})


def hyphen_rules(ctx: Context, token: Token) -> Iterator[Candidate]:
    """ "Microsoft-backed OpenAI" -> INVESTED_IN; "Google-owned YouTube" -> SUBSIDIARY_OF."""
    lower = token.lower_
    if lower not in ("backed", "owned", "funded", "developed", "made", "built", "based") or token.i < 2:
        return
    doc = token.doc
    if doc[token.i - 1].text != "-" or ctx.at(doc[token.i - 2]) < 0:
        return
    maker = ctx.at(doc[token.i - 2])
    target = token.head
    while target.dep_ in ("compound", "amod") and target.head is not target and ctx.at(target) < 0:
        target = target.head
    targets = ctx.args(target)
    if lower in ("backed", "funded"):
        yield from _emit(ctx, [maker], "INVESTED_IN", targets, token, "surface:x-backed", 0.7)
    elif lower == "owned":
        yield from _emit(ctx, targets, "SUBSIDIARY_OF", [maker], token, "surface:x-owned", 0.7)
    elif lower == "based":
        # "a Llama-based model called Vicuna"; "London-based" names a place, which is not an entity.
        yield from _emit(ctx, targets, "BASED_ON", [maker], token, "surface:x-based", 0.65)
    else:
        yield from _emit(ctx, [maker], "DEVELOPED", targets, token, "surface:x-made", 0.65)


def possessive_rules(ctx: Context, token: Token) -> Iterator[Candidate]:
    """ "OpenAI's GPT-4", "Google's Gemini Pro and Imagen 2", "OpenAI's o1 model" -> DEVELOPED."""
    if token.dep_ != "poss":
        return
    owners = [e for e in ctx.args(token) if ctx.type_of(e) == "Organization"]
    if not owners or ctx.at(token) < 0:
        return
    head = token.head
    # In "OpenAI's GPT-5.4 and Anthropic's Claude Sonnet 4.6" each conjunct with its own owner is not ours.
    heads = [c for c in conjuncts(head) if c is head or not any(ch.dep_ == "poss" for ch in c.children)]
    things = [e for h in heads for e in ctx.ents(h)]
    if head.head.dep_ == "compound":
        things += ctx.args(head.head)
    if head.dep_ == "pobj" and head.head.lower_ == "of" and not set(things) - set(owners):
        # "two of Cohere's models, A and B": the items hang from the quantity ("two"), in apposition or a list.
        container = head.head.head
        if container.pos_ == "NUM" or container.lemma_.lower() in CONTAINER_NOUNS:
            items = [c for c in container.children if c.dep_ in ("appos", "conj")]
            things += [e for c in items for e in ctx.args(c)]
    things = [t for t in things if ctx.type_of(t) in ("AIModel", "Product")]
    yield from _emit(ctx, owners, "DEVELOPED", things, token, "surface:possessive", 0.6)


def _verb_forms(word: str) -> set[str]:
    """Possible lemmas of an inflected verb form, for text that the tagger cannot read (headlines)."""
    w = word.lower()
    forms = {w}
    if w.endswith("ies"):
        forms.add(w[:-3] + "y")
    if w.endswith("es"):
        forms.add(w[:-2])
    if w.endswith("s"):
        forms.add(w[:-1])
    if w.endswith("ed"):
        forms.update({w[:-2], w[:-1]})
    return forms


#: Relations a surface "X <verb> Y" sequence may express: the verb rules whose subject is the agent and whose
#: object is the patient.
_SURFACE_RULES = [r for r in VERB_RULES if r.subject == AGENT and r.object == PATIENT and not r.particle]


def surface_verb_rules(ctx: Context, sent: Span) -> Iterator[Candidate]:
    """ "Meta Launches Proprietary Muse Spark": entity, trigger verb, a few modifiers, entity.

    Headlines are title-cased and often mis-tagged, so this looks at the words, not at the parse. Only
    adjacent sequences count: the verb right after the first entity, at most three words before the second.
    """
    doc = sent.doc
    tokens = list(sent)
    for n, tok in enumerate(tokens[1:-1], start=1):
        prev = tokens[n - 1]
        if ctx.at(prev) < 0 or ctx.at(tok) >= 0 or not tok.is_alpha:
            continue
        forms = _verb_forms(tok.text)
        rules = [r for r in _SURFACE_RULES if forms & r.lemmas]
        if not rules:
            continue
        for k in range(tok.i + 1, min(tok.i + 5, sent.end)):
            if ctx.at(doc[k]) >= 0:
                if ctx._hyphen_modifier(doc[k]):
                    break  # "Meta released a Llama-based model": the name only modifies the object
                subject, obj = ctx.at(prev), ctx.at(doc[k])
                for rule in rules:
                    yield Candidate(
                        subject, rule.relation, obj, None, sent, f"surface:{rule.relation}:{tok.lower_}", 0.5, {}
                    )
                break
            if doc[k].is_punct or doc[k].pos_ in ("VERB", "ADP") and doc[k].is_lower:
                break


# ---------------------------------------------------------------------------------------------------------------
# Article-level rules on names


_UNIT_TAILS = {
    "labs",
    "lab",
    "ai",
    "research",
    "brain",
    "cloud",
    "web",
    "services",
    "health",
    "studios",
    "ventures",
    "capital",
    "foundation",
    "intelligence",
    "robotics",
    "x",
    "superintelligence",
}


def name_rules(ctx: Context) -> Iterator[Candidate]:
    """Names that start with another entity's name: "Microsoft Azure" (DEVELOPED by Microsoft),
    "DeepSeek-R1" (DEVELOPED by DeepSeek), "Google DeepMind" (SUBSIDIARY_OF Google)."""
    orgs = [(i, e) for i, e in enumerate(ctx.entities) if e["type"] == "Organization"]
    for i, ent in enumerate(ctx.entities):
        for j, org in orgs:
            if i == j:
                continue
            prefix = org["name"]
            cut = len(prefix)
            names = [ent["name"], *ent["aliases"]]
            # The organisation's name, a space or hyphen, then more of the name ("Google DeepMind", "DeepSeek-R1").
            hit = next(
                (
                    n
                    for n in names
                    if n.startswith(prefix) and n[cut : cut + 1] in (" ", "-") and n[cut + 1 : cut + 2].strip()
                ),
                None,
            )
            if hit is None:
                continue
            tail = hit[len(prefix) + 1 :].split()
            sent = _first_sentence(ctx, i)
            if sent is None:
                continue
            if ent["type"] in ("AIModel", "Product"):
                yield Candidate(j, "DEVELOPED", i, None, sent, "name:maker-prefix", 0.55, {})
            elif ent["type"] == "Organization" and tail and tail[0].lower() in _UNIT_TAILS | {"superintelligence"}:
                yield Candidate(i, "SUBSIDIARY_OF", j, None, sent, "name:unit-prefix", 0.5, {})
            elif ent["type"] == "Organization" and len(tail) >= 2 and tail[-1].lower() in _UNIT_TAILS:
                yield Candidate(i, "SUBSIDIARY_OF", j, None, sent, "name:unit-prefix", 0.5, {})


_RAISE_VERBS = {"raise", "secure", "close", "land", "complete", "receive", "announce", "bag", "net"}
_ROUND_VERBS = {"contribute", "participate", "invest", "join", "lead", "co-lead", "back", "anchor", "fund"}
_ROUND_WINDOW = 3


def round_rules(ctx: Context) -> Iterator[Candidate]:
    """INVESTED_IN from funding rounds: "X led the round", "the round was led by X, with Y participating",
    "A, B and C all contributed to the round". The company raising the round is its owner ("Anthropic's
    Series C round"), the subject of a raising verb governing it ("Mistral raised $600m in a round led by X")
    or, for "the round", the company that raised money in the last few sentences."""
    raiser: tuple[int, int] | None = None  # (entity, sentence number)
    for n, sent in enumerate(ctx.doc.sents):
        for token in sent:
            if token.pos_ == "VERB" and token.lemma_.lower() in _RAISE_VERBS and not is_negated(token):
                if not _mentions_funding(token):
                    continue
                subj = grammatical_subject(token)
                orgs = [e for e in (ctx.args(subj) if subj is not None else []) if ctx.type_of(e) == "Organization"]
                if len(orgs) == 1:
                    raiser = (orgs[0], n)
        for token in sent:
            if token.lemma_.lower() != "round" or token.pos_ != "NOUN":
                continue
            owner = _round_owner(ctx, token)
            if owner is None and raiser is not None and n - raiser[1] <= _ROUND_WINDOW:
                owner = raiser[0]
            if owner is None or is_negated(token):
                continue
            investors = [i for i in _round_investors(ctx, token) if ctx.type_of(i) in ("Organization", "Person")]
            q = {"hedged": True} if hedged(sent) else {}
            yield from _emit(ctx, investors, "INVESTED_IN", [owner], token, "round:investor", 0.7, **q)


def _mentions_funding(verb: Token) -> bool:
    """ "raised $235 million", "closed a Series B round", "secured funding": the raising verb is about money."""
    for t in verb.subtree:
        if t.ent_type_ == "MONEY" or t.lemma_.lower() in ("round", "funding", "financing", "capital", "investment"):
            return True
    return False


def _round_owner(ctx: Context, noun: Token) -> int | None:
    owners = [
        ctx.at(c)
        for c in noun.children
        if c.dep_ in ("poss", "compound", "nmod") and ctx.at(c) >= 0 and ctx.type_of(ctx.at(c)) == "Organization"
    ]
    if owners:
        return owners[0]
    verb = noun.head.head if noun.dep_ == "pobj" else noun.head
    if noun.dep_ in ("pobj", "dobj") and verb.lemma_.lower() in _RAISE_VERBS:
        subj = grammatical_subject(verb)
        orgs = [e for e in (ctx.args(subj) if subj is not None else []) if ctx.type_of(e) == "Organization"]
        return orgs[0] if orgs else None
    return None


def _round_investors(ctx: Context, noun: Token) -> list[int]:
    found: list[int] = []
    verbs: list[Token] = []
    if noun.dep_ == "pobj" and noun.head.lower_ in ("to", "in") and noun.head.head.lemma_.lower() in _ROUND_VERBS:
        verbs.append(noun.head.head)  # "A and B contributed to the round", "X participated in the round"
    if noun.dep_ == "dobj" and noun.head.lemma_.lower() in _ROUND_VERBS:
        verbs.append(noun.head)  # "X led the round"
    for verb in verbs:
        if not is_negated(verb):
            subj = grammatical_subject(verb)
            found += ctx.args(subj) if subj is not None else []
    passives = [noun.head] if noun.dep_ == "nsubjpass" and noun.head.lemma_.lower() in _ROUND_VERBS else []
    passives += [c for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBN" and c.lemma_.lower() in _ROUND_VERBS]
    for verb in passives:
        if is_negated(verb):
            continue
        found += [
            e for a in verb.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj" for e in ctx.args(p)
        ]
        found += _participants(ctx, verb)
    found += _participants(ctx, noun)
    return _unique(found)


def _participants(ctx: Context, head: Token) -> list[int]:
    """ "with Y and Z participating", "with participation from Y"."""
    out: list[int] = []
    for p in head.children:
        if p.dep_ != "prep" or p.lower_ != "with":
            continue
        for c in p.children:
            if c.dep_ == "pcomp" and c.lemma_.lower() in ("participate", "join", "contribute", "invest"):
                out += [e for s in c.children if s.dep_ == "nsubj" for e in ctx.args(s)]
            elif c.dep_ == "pobj" and c.lemma_.lower() == "participation":
                out += [
                    e
                    for q in c.children
                    if q.dep_ == "prep" and q.lower_ in ("from", "by")
                    for o in q.children
                    if o.dep_ == "pobj"
                    for e in ctx.args(o)
                ]
    return out


def _first_sentence(ctx: Context, idx: int) -> Span | None:
    mentions = ctx.entities[idx]["mentions"]
    if not mentions:
        return None
    start = min(m[0] for m in mentions)
    return ctx.doc[start].sent


#: Words that name a size, tier or tuning of a model inside its family ("Gemini Nano", "Llama 3.1 70B",
#: "Llama 2-Chat"); a family name followed only by these names a member of the same family.
_FAMILY_TAILS = re.compile(
    r"^(nano|micro|mini|small|medium|large|pro|ultra|flash|lite|max|plus|turbo|base|chat|instruct|it|vision|"
    r"code|coder|behemoth|maverick|scout|opus|sonnet|haiku|\d+(\.\d+)?[bmkt]|\d+x\d+[bmkt])$",
    re.I,
)


def model_family(name: str) -> str:
    """The family a model name belongs to, without its size and tier words.

    >>> model_family("Gemini Nano"), model_family("Llama 3.1 70B"), model_family("Llama 2-chat")
    ('Gemini', 'Llama 3.1', 'Llama 2')
    """
    words = re.split(r"([ \-])", name)
    while len(words) > 2 and _FAMILY_TAILS.match(words[-1]):
        words = words[:-2]
    return "".join(words)


def family_rules(ctx: Context, found: list[Candidate]) -> Iterator[Candidate]:
    """ "Google unveiled Gemini ... Gemini Nano runs on phones": a member of a model family whose maker the
    article names (and which has no maker of its own there) is DEVELOPED by the family's maker. The family is
    the name without its size and tier words, or failing that also without its version ("Llama 4 Behemoth"
    -> "Llama"); the maker is the organisation the article most often says made the family. A bare version
    ("GPT-3.5" beside OpenAI's GPT-4) is not a member: versions of a family may come from other makers."""
    statements: dict[str, collections.Counter] = {}
    made = set()
    for c in found:
        if c.relation != "DEVELOPED" or c.object is None or ctx.type_of(c.subject) != "Organization":
            continue
        made.add(c.object)
        if ctx.type_of(c.object) == "AIModel":
            family = model_family(ctx.entities[c.object]["name"])
            for key in {family, _unversioned(family)}:
                statements.setdefault(key, collections.Counter())[c.subject] += 1
    for i, ent in enumerate(ctx.entities):
        if ent["type"] != "AIModel" or i in made:
            continue
        family = model_family(ent["name"])
        counts = statements.get(family) or statements.get(_unversioned(family))
        sent = _first_sentence(ctx, i)
        if not counts or family == ent["name"] or sent is None:
            continue
        top = max(counts.values())
        # "Mistral 7B" names its maker: an organisation other than the one found is not inferred as its maker.
        named = _name_makers(ctx, ent["name"])
        for owner, n in counts.items():
            if n == top and (not named or owner in named):
                yield Candidate(owner, "DEVELOPED", i, None, sent, "inferred:model-family", 0.5, {})


def _name_makers(ctx: Context, name: str) -> set[int]:
    """Organisations of the article whose name or alias starts ``name`` ("Mistral" in "Mistral 7B")."""
    return {
        i
        for i, e in enumerate(ctx.entities)
        if e["type"] == "Organization"
        and any(re.match(re.escape(n) + r"(?:[ \-]|$)", name) for n in [e["name"], *e["aliases"]] if n)
    }


def _unversioned(family: str) -> str:
    """ "Llama 4" -> "Llama", "GPT-4" -> "GPT"; a name that is only a version stays as it is."""
    return re.sub(r"[ \-]?v?\d+(\.\d+)*$", "", family) or family


# ---------------------------------------------------------------------------------------------------------------

#: Parts of speech no token rule starts from (each rule checks its own trigger; this only saves the calls).
_FUNCTION_POS = {"DET", "PUNCT", "ADP", "CCONJ", "SCONJ", "PART", "SYM", "SPACE", "NUM", "INTJ", "X", "PRON"}

TOKEN_RULES = (
    verb_rules,
    adjective_rules,
    noun_rules,
    supplier_rules,
    role_rules,
    unit_rules,
    hyphen_rules,
    possessive_rules,
    derived_rules,
)
SENTENCE_RULES = (open_weights_rules, licence_rules, surface_verb_rules, role_list_rules, surface_role_rules)


def apply_rules(doc: Doc) -> list[Candidate]:
    """Every candidate fact of a Doc whose entities and coreference have been resolved."""
    ctx = Context(doc)
    if not ctx.entities:
        return []
    out: list[Candidate] = []
    for sent in doc.sents:
        # A fact links two entities (named or referred to); literal facts need one. Most sentences of a news
        # article name none or one, and the rules skip them.
        present = {e for e in (ctx.at(t) for t in sent) if e >= 0}
        if not present:
            continue
        hedge = hedged(sent)
        found: list[Candidate] = []
        if len(present) >= 2:
            for token in sent:
                if token.pos_ in _FUNCTION_POS and token.dep_ != "poss":
                    continue  # no token rule triggers on a determiner, preposition, conjunction or punctuation
                for rule in TOKEN_RULES:
                    found.extend(rule(ctx, token))
        for srule in SENTENCE_RULES:
            found.extend(srule(ctx, sent))
        if hedge:
            for c in found:
                c.qualifiers["hedged"] = True
        out.extend(found)
    out.extend(name_rules(ctx))
    out.extend(round_rules(ctx))
    out.extend(family_rules(ctx, out))
    return out
