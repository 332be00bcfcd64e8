"""A trained relation classifier over candidate pairs of mentions in one sentence (person/organisation facts).

Candidates are pairs of mentions in the same sentence: the entity layer's mentions, the names it left out (other
NER entities, runs of proper nouns) and pronouns that can stand for a person or organisation ("he", "its", "who",
"where", "I", "our"). Each pair is described by sparse, hashed features of the parse (kinds and types, the words
between the mentions and their bigrams, the mentions' words and attachment, the dependency path between them and
the words on it, nearby role words); one L2-regularised logistic regression per relation scores it, and a pair
inherits part of the score of the best pair of the same two referents ("Kroloff ... he", "Perkins, who ...").
The weights are trained on KnowledgeNet folds 1-3 and our own annotated sentences (``training/train_pairs.py``)
and shipped as ``extractors/data/pair_model.npz`` (about 1 MB). Without the file the classifier is simply absent
and the rule-based path works alone.

Relations (KnowledgeNet property -> ours): ``SUBSIDIARY_OF`` (org -> parent), ``FOUNDED_BY`` (org -> founder),
``EMPLOYEE_OR_MEMBER_OF`` (person -> org, our EMPLOYED_BY or LEADS), ``CEO`` (org -> person, our LEADS reversed).
"""

from __future__ import annotations

import functools
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.tokens import Doc, Span, Token

__all__ = [
    "LABELS",
    "MODEL_PATH",
    "Mention",
    "PairModel",
    "candidate_pairs",
    "mentions_of",
    "pair_features",
    "referents",
    "fits",
    "load_pair_model",
]

LABELS = ("SUBSIDIARY_OF", "FOUNDED_BY", "EMPLOYEE_OR_MEMBER_OF", "CEO")
#: The entity kinds each label links (subject kind, object kind); "P" person or personal pronoun, "O" organisation.
SLOTS = {"SUBSIDIARY_OF": ("O", "O"), "FOUNDED_BY": ("O", "P"), "EMPLOYEE_OR_MEMBER_OF": ("P", "O"),
         "CEO": ("O", "P")}  # fmt: skip
MODEL_PATH = Path(__file__).resolve().parent / "data" / "pair_model.npz"
N_FEATURES = 1 << 18

_PERSON_PRONOUNS = {"he", "she", "him", "his", "her", "who", "whom", "whose"}
_ORG_PRONOUNS = {"it", "its", "which", "they", "their"}
_ROLE_WORDS = {
    "ceo",
    "chief",
    "executive",
    "president",
    "chairman",
    "chair",
    "founder",
    "co-founder",
    "cofounder",
    "found",
    "establish",
    "subsidiary",
    "division",
    "unit",
    "parent",
    "own",
    "acquire",
    "member",
    "join",
    "work",
    "employee",
    "director",
    "officer",
    "head",
    "lead",
    "manager",
    "partner",
    "board",
    "professor",
    "former",
    "serve",
    "become",
    "appoint",
    "name",
    "hire",
    "vice",
    "deputy",
    "part",
    "owner",
}


@dataclass(frozen=True)
class Mention:
    """A candidate argument: token span, kind ("P" person, "O" organisation, "X" either), entity index in
    ``doc._.kg_entities`` (or -1) and type (the entity type, "PRON", or the NER label / "PROPN" of a name the
    entity layer did not keep)."""

    start: int
    end: int
    kind: str
    entity: int
    etype: str

    def chars(self, doc: Doc) -> tuple[int, int]:
        """The mention's character offsets in ``doc.text``."""
        span = doc[self.start : self.end]
        return span.start_char, span.end_char


_OTHER_ENTS = {"PERSON": "P", "ORG": "O", "GPE": "O", "LOC": "O", "FAC": "O", "NORP": "O", "EVENT": "X",
               "PRODUCT": "X", "WORK_OF_ART": "X"}  # fmt: skip
_CHUNK_GLUE = {"of", "&", "-", "de", "for", "and"}


def _name_chunks(doc: Doc, taken: list[bool]) -> Iterator[tuple[int, int]]:
    """Maximal runs of proper nouns ("Loyola Rugby Club", "Bank of America") not covered by ``taken``."""
    i, n = 0, len(doc)
    while i < n:
        if taken[i] or doc[i].pos_ != "PROPN":
            i += 1
            continue
        j = i + 1
        while j < n and not taken[j]:
            if doc[j].pos_ == "PROPN":
                j += 1
            elif doc[j].lower_ in _CHUNK_GLUE and j + 1 < n and doc[j + 1].pos_ == "PROPN" and not taken[j + 1]:
                j += 2
            else:
                break
        yield i, j
        i = j


def mentions_of(doc: Doc, extended: bool = True) -> list[Mention]:
    """Entity mentions (Person -> "P", anything but an AI model -> "O") and pronouns standing for an entity.

    ``extended`` adds what the entity layer left out: the other named entities of the NER, runs of proper nouns,
    and first-person and locative pronouns ("I", "our", "where"); these have no entity index (-1).
    """
    out: list[Mention] = []
    entities = doc._.kg_entities or []
    taken = [False] * len(doc)
    for idx, ent in enumerate(entities):
        if ent["type"] == "AIModel":
            continue
        kind = "P" if ent["type"] == "Person" else "O"
        for s, e in ent["mentions"]:
            out.append(Mention(s, e, kind, idx, ent["type"]))
            taken[s:e] = [True] * (e - s)
    if extended:
        for ent in doc.ents:
            if ent.label_ in _OTHER_ENTS and not any(taken[ent.start : ent.end]):
                out.append(Mention(ent.start, ent.end, _OTHER_ENTS[ent.label_], -1, ent.label_))
                taken[ent.start : ent.end] = [True] * len(ent)
        for s, e in list(_name_chunks(doc, taken)):
            out.append(Mention(s, e, "X", -1, "PROPN"))
            taken[s:e] = [True] * (e - s)
    coref = doc._.kg_coref or [-1] * len(doc)
    table = doc._.kg_token_ent or [-1] * len(doc)
    pronouns = _PRONOUNS if extended else _BASIC_PRONOUNS
    for t in doc:
        if table[t.i] >= 0 or taken[t.i] or t.tag_ not in ("PRP", "PRP$", "WP", "WP$", "WDT", "WRB"):
            continue
        kind = pronouns.get(t.lower_)
        if kind is not None:
            out.append(Mention(t.i, t.i + 1, kind, coref[t.i], "PRON"))
    return sorted(out, key=lambda m: (m.start, m.end))


_BASIC_PRONOUNS = {**dict.fromkeys(_PERSON_PRONOUNS, "P"), **dict.fromkeys(_ORG_PRONOUNS, "O")}
_PRONOUNS = {
    **_BASIC_PRONOUNS,
    **dict.fromkeys(["i", "me", "my", "myself", "hers", "himself", "herself"], "P"),
    **dict.fromkeys(["itself", "where"], "O"),
    **dict.fromkeys(["we", "our", "us", "them", "that"], "X"),
}
MAX_DISTANCE = 60
#: How much of a pair's score the other mentions of its two referents inherit (see ``PairModel.pair_scores``).
SPREAD = 0.8


def candidate_pairs(
    doc: Doc, mentions: list[Mention] | None = None, same_entity: bool = False
) -> Iterator[tuple[Mention, Mention]]:
    """Ordered pairs of non-overlapping mentions of the same sentence (at most ``MAX_DISTANCE`` tokens apart).

    Two mentions of the same entity make a pair only with ``same_entity`` (the benchmark, where the entity layer
    sometimes merges a subsidiary with its parent: "Bollore Inc." and "Bollore").
    """
    mentions = mentions_of(doc) if mentions is None else mentions
    sent_of = [0] * len(doc)
    for n, sent in enumerate(doc.sents):
        sent_of[sent.start : sent.end] = [n] * len(sent)
    for a in mentions:
        for b in mentions:
            if a is b or sent_of[a.start] != sent_of[b.start] or a.start < b.end and b.start < a.end:
                continue
            if abs(a.start - b.start) > MAX_DISTANCE:
                continue
            if a.entity >= 0 and a.entity == b.entity and (not same_entity or a.etype == "PRON" or b.etype == "PRON"):
                continue
            yield a, b


def fits(label: str, s: Mention, o: Mention) -> bool:
    """Whether the kinds of a pair fit a label's slots ("X" fits both)."""
    ks, ko = SLOTS[label]
    return s.kind in (ks, "X") and o.kind in (ko, "X")


def referents(doc: Doc, mentions: list[Mention]) -> list[int]:
    """For each mention, a group id shared by the mentions of the same thing: the entity index, and for a relative
    pronoun ("X, who ..."; "Y, where ...") the group of the mention it attaches to; otherwise a group of its own."""
    at: dict[int, int] = {}
    for n, m in enumerate(mentions):
        for i in range(m.start, m.end):
            at.setdefault(i, n)
    groups = [m.entity if m.entity >= 0 else -(n + 1) for n, m in enumerate(mentions)]
    for n, m in enumerate(mentions):
        t = doc[m.start]
        if m.etype != "PRON" or t.tag_ not in ("WP", "WP$", "WDT", "WRB"):
            continue
        verb = t.head
        for _ in range(3):  # "who" -> "founded" (relcl), "where" -> "worked" (relcl), "whose" -> "CEO" -> ...
            if verb.dep_ in ("relcl", "acl") or verb.head.i == verb.i:
                break
            verb = verb.head
        noun = verb.head
        # "Kroloff ..., a company where ..." / "Perkins is a mathematician who ...": up to the named mention.
        if verb.dep_ in ("relcl", "acl") and noun.i not in at:
            if noun.dep_ == "appos":
                noun = noun.head
            elif noun.dep_ == "attr":
                noun = next((c for c in noun.head.children if c.dep_ == "nsubj"), noun)
        if verb.dep_ in ("relcl", "acl") and noun.i in at:
            groups[n] = groups[at[noun.i]]
        elif t.i > 0 and doc[t.i - 1].text == "," and t.i > 1 and doc[t.i - 2].i in at:
            groups[n] = groups[at[doc[t.i - 2].i]]
    return groups


def _root(doc: Doc, m: Mention) -> Token:
    return Span(doc, m.start, m.end).root


def _path(a: Token, b: Token) -> tuple[list[Token], list[Token]] | None:
    up_a = [a, *a.ancestors]
    ids = {t.i: n for n, t in enumerate(up_a)}
    up_b = [b]
    for t in b.ancestors:
        if t.i in ids:
            break
        up_b.append(t)
    else:
        if b.i not in ids:
            return None
    top = up_b[-1].head if up_b[-1].head.i in ids else up_b[-1]
    return up_a[: ids[top.i] + 1], up_b


def _lemma(t: Token) -> str:
    return (t.lemma_ or t.lower_).lower()


def _word(doc: Doc, m: Mention) -> str:
    return doc[m.start].lower_ if m.etype == "PRON" else m.etype


def _governor(doc: Doc, m: Mention) -> list[str]:
    """The mention's attachment: its dependency, its head's lemma, and through a preposition the word above it."""
    r = _root(doc, m)
    h = r.head
    out = [f"{r.dep_}>{_lemma(h)}"]
    if r.dep_ == "pobj":
        out.append(f"pobj>{_lemma(h)}>{_lemma(h.head)}")
    if r.dep_ in ("appos", "compound", "poss"):
        out.append(f"{r.dep_}>{h.dep_}>{_lemma(h.head)}")
    return out


def pair_features(doc: Doc, s: Mention, o: Mention, mentions: list[Mention] | None = None) -> list[str]:
    """Sparse string features of a (subject, object) candidate."""
    order = "so" if s.start < o.start else "os"
    ko = f"{s.kind}{o.kind}"
    sw, ow = _word(doc, s), _word(doc, o)
    feats = [f"k={ko}", f"t={s.etype}|{o.etype}", f"ord={order}", f"kord={ko}{order}", f"sw={sw}", f"ow={ow}",
             f"swow={sw}|{ow}|{order}"]  # fmt: skip
    if s.entity >= 0 and s.entity == o.entity:
        feats.append("same")
    stext, otext = doc[s.start : s.end].text.lower(), doc[o.start : o.end].text.lower()
    if stext in otext or otext in stext:
        feats.append(f"contains{'=' if stext == otext else ''}")
    left, right = (s, o) if order == "so" else (o, s)
    between = list(doc[left.end : right.start])
    n = len(between)
    feats.append(f"d={n if n < 6 else (8 if n < 9 else (12 if n < 13 else (20 if n < 21 else 40)))}")
    feats.append(f"d{order}={min(n, 6) if n < 6 else (10 if n < 11 else 30)}")
    lemmas = [_lemma(t) for t in between if not t.is_punct or t.text in ("(", ",", ")", "-", ":")]
    if mentions is not None:
        inside = sum(1 for m in mentions if left.end <= m.start and m.end <= right.start)
        feats.append(f"mb={min(inside, 3)}")
        kinds = "".join(m.kind for m in mentions if left.end <= m.start and m.end <= right.start)[:4]
        feats.append(f"mk{order}={kinds}")
        if inside == 0:
            feats.append(f"mb0{order}")
    for lem in lemmas[:15]:
        feats.append(f"bw{order}={lem}")
        feats.append(f"bw{ko}={lem}")
    for a, b in zip(lemmas[:15], lemmas[1:16], strict=False):
        feats.append(f"bb{order}={a}_{b}")
    if n <= 6:
        feats.append(f"bs{order}=" + " ".join(lemmas))
    if lemmas:
        feats.append(f"b1{order}={lemmas[0]}")
        feats.append(f"bl{order}={lemmas[-1]}")
        feats.append(f"b12{order}={' '.join(lemmas[:2])}")
        feats.append(f"bl2{order}={' '.join(lemmas[-2:])}")
    for k, m in (("s", s), ("o", o)):
        pre = [_lemma(t) for t in doc[max(m.start - 2, 0) : m.start]]
        post = [_lemma(t) for t in doc[m.end : m.end + 2]]
        feats.append(f"{k}pre={pre[-1] if pre else '<s>'}")
        feats.append(f"{k}pre2={' '.join(pre)}")
        feats.append(f"{k}post={post[0] if post else '</s>'}")
        feats.append(f"{k}post2={' '.join(post)}")
        for g in _governor(doc, m):
            feats.append(f"{k}gov={g}")
            feats.append(f"{k}gov{ko}={g}")
        r = _root(doc, m)
        for c in r.children:
            if c.dep_ in ("compound", "appos", "amod", "nmod", "relcl", "prep") and not m.start <= c.i < m.end:
                feats.append(f"{k}kid{ko}={c.dep_}:{_lemma(c)}")
    sr, orr = _root(doc, s), _root(doc, o)
    feats.append(f"sdep|odep={sr.dep_}|{orr.dep_}")
    path = _path(sr, orr)
    if path is None:
        feats.append("path=none")
    else:
        up, down = path
        steps = [f"{t.dep_}^" for t in up[:-1]] + [_lemma(up[-1])] + [f"v{t.dep_}" for t in reversed(down)]
        deps = [f"{t.dep_}^" for t in up[:-1]] + [f"v{t.dep_}" for t in reversed(down)]
        feats.append(f"plen={min(len(steps), 8)}")
        if len(steps) <= 9:
            feats.append("path=" + " ".join(steps))
        feats.append("pdeps=" + " ".join(deps[:8]))
        inner = [t for t in up[1:] + down[1:] if t.i not in (sr.i, orr.i)]
        for t in inner:
            feats.append(f"pw={_lemma(t)}")
            feats.append(f"pw{ko}={_lemma(t)}")
            feats.append(f"pwd{ko}={t.dep_}:{_lemma(t)}")
        for a, b in zip(steps, steps[1:], strict=False):
            feats.append(f"pe={a} {b}")
        feats.append(f"top={_lemma(up[-1])}|{ko}")
        feats.append(f"topd={_lemma(up[-1])}|{up[-2].dep_ if len(up) > 1 else '-'}|{down[-1].dep_ if down else '-'}")
    # Role words near either mention (titles are often outside the span between them: "CEO X of Y").
    for k, m in (("s", s), ("o", o)):
        window = {_lemma(t) for t in doc[max(m.start - 4, 0) : min(m.end + 4, len(doc))]}
        for w in sorted(window & _ROLE_WORDS):
            feats.append(f"near={w}|{ko}")
            feats.append(f"{k}near={w}|{ko}")
    for t in doc[s.start : s.end]:
        feats.append(f"sshape={t.shape_[:4]}")
        feats.append(f"stok={t.lower_}")
        feats.append(f"stok{ko}={t.lower_}")
    for t in doc[o.start : o.end]:
        feats.append(f"oshape={t.shape_[:4]}")
        feats.append(f"otok={t.lower_}")
        feats.append(f"otok{ko}={t.lower_}")
    return feats


def _hash(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) & (N_FEATURES - 1)


def hashed(features: list[str]) -> np.ndarray:
    """Feature indices (duplicates kept once)."""
    return np.unique(np.fromiter((_hash(f) for f in features), dtype=np.int64, count=len(features)))


class PairModel:
    """One logistic regression per label over hashed features, with a decision threshold per label."""

    def __init__(self, weights: np.ndarray, bias: np.ndarray, thresholds: np.ndarray, labels=LABELS):
        self.weights = weights.astype(np.float32)
        self.bias = bias.astype(np.float32)
        self.thresholds = thresholds.astype(np.float32)
        self.labels = tuple(labels)

    def scores(self, features: list[str]) -> np.ndarray:
        """The probability of each label."""
        return self.scores_of(hashed(features))

    def scores_of(self, idx: np.ndarray) -> np.ndarray:
        """The probability of each label for hashed feature indices."""
        z = self.weights[:, idx].sum(axis=1) + self.bias
        return 1.0 / (1.0 + np.exp(-z))

    def predict(
        self, doc: Doc, s: Mention, o: Mention, mentions: list[Mention] | None = None
    ) -> list[tuple[str, float]]:
        """Labels above their threshold whose slots fit the pair's kinds (``mentions``: all of the Doc's)."""
        probs = self.scores(pair_features(doc, s, o, mentions))
        return [
            (label, float(p))
            for label, p, t in zip(self.labels, probs, self.thresholds, strict=True)
            if p >= t and fits(label, s, o)
        ]

    def pair_scores(
        self, doc: Doc, mentions: list[Mention] | None = None, same_entity: bool = False
    ) -> list[tuple[Mention, Mention, str, float]]:
        """Every candidate pair of the Doc with each label whose slots it fits and the label's score.

        A fact stated of one mention holds of the mentions that refer to the same thing ("Kroloff ... he",
        "Perkins, who ..."), so a pair scores at least ``SPREAD`` times the best pair of the same two referents.
        """
        mentions = mentions_of(doc) if mentions is None else mentions
        group = dict(zip(mentions, referents(doc, mentions), strict=True))
        rows = []
        best: dict[tuple[int, int, int], float] = {}
        for s, o in candidate_pairs(doc, mentions, same_entity=same_entity):
            probs = self.scores(pair_features(doc, s, o, mentions))
            for k, label in enumerate(self.labels):
                if fits(label, s, o):
                    key = (k, group[s], group[o])
                    best[key] = max(best.get(key, 0.0), float(probs[k]))
                    rows.append((s, o, k, float(probs[k]), key))
        return [(s, o, self.labels[k], max(p, SPREAD * best[key])) for s, o, k, p, key in rows]

    def predict_doc(
        self, doc: Doc, mentions: list[Mention] | None = None, same_entity: bool = False
    ) -> list[tuple[Mention, Mention, str, float]]:
        """The facts of a Doc: (subject, object, label, score) for the pairs scoring above the label's threshold."""
        limit = dict(zip(self.labels, self.thresholds, strict=True))
        return [row for row in self.pair_scores(doc, mentions, same_entity) if row[3] >= limit[row[2]]]

    def save(self, path: str | Path) -> None:
        # Half precision is plenty for the weights; the compressed table is a few MB.
        np.savez_compressed(
            path,
            weights=self.weights.astype(np.float16),
            bias=self.bias,
            thresholds=self.thresholds,
            labels=np.array(self.labels),
        )

    @classmethod
    def load(cls, path: str | Path) -> PairModel:
        data = np.load(path)
        labels = tuple(str(x) for x in data["labels"])
        if "weights" in data:
            weights = data["weights"].astype(np.float32)
        else:  # the older sparse format
            weights = np.zeros((len(labels), N_FEATURES), dtype=np.float32)
            weights[data["rows"].astype(np.int64), data["cols"].astype(np.int64)] = data["values"].astype(np.float32)
        return cls(weights, data["bias"], data["thresholds"], labels)


@functools.cache
def load_pair_model(path: str | None = None) -> PairModel | None:
    """The shipped model, or None when the weights file is absent (the rules then work alone)."""
    p = Path(path) if path else MODEL_PATH
    if not p.exists():
        return None
    return PairModel.load(p)
