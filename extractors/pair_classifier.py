"""A trained relation classifier over candidate pairs of mentions in one sentence (person/organisation facts).

Candidates are pairs of entity mentions (and personal or relative pronouns that stand for one) in the same
sentence. Each pair is described by sparse, hashed features of the parse (types, the words between the mentions,
the dependency path between them and the words on it, nearby role words); one logistic regression per relation
scores it. The weights are trained on KnowledgeNet folds 1-3 and our own annotated sentences
(``training/train_pairs.py``) and shipped as ``extractors/data/pair_model.npz`` (a few MB). Without the file the
classifier is simply absent and the rule-based path works alone.

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
    """A candidate argument: token span, kind ("P"/"O"), entity index in ``doc._.kg_entities`` (or -1)."""

    start: int
    end: int
    kind: str
    entity: int
    etype: str


def mentions_of(doc: Doc) -> list[Mention]:
    """Entity mentions (Person -> "P", anything but an AI model -> "O") and pronouns standing for an entity."""
    out: list[Mention] = []
    entities = doc._.kg_entities or []
    for idx, ent in enumerate(entities):
        if ent["type"] == "AIModel":
            continue
        kind = "P" if ent["type"] == "Person" else "O"
        out += [Mention(s, e, kind, idx, ent["type"]) for s, e in ent["mentions"]]
    coref = doc._.kg_coref or [-1] * len(doc)
    table = doc._.kg_token_ent or [-1] * len(doc)
    for t in doc:
        lower = t.lower_
        if table[t.i] >= 0 or t.tag_ not in ("PRP", "PRP$", "WP", "WP$", "WDT"):
            continue
        if lower in _PERSON_PRONOUNS:
            out.append(Mention(t.i, t.i + 1, "P", coref[t.i], "PRON"))
        elif lower in _ORG_PRONOUNS:
            out.append(Mention(t.i, t.i + 1, "O", coref[t.i], "PRON"))
    return sorted(out, key=lambda m: m.start)


def candidate_pairs(doc: Doc, mentions: list[Mention] | None = None) -> Iterator[tuple[Mention, Mention]]:
    """Ordered pairs of mentions of the same sentence that belong to different entities (max 25 tokens apart)."""
    mentions = mentions_of(doc) if mentions is None else mentions
    sent_of = {}
    for n, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            sent_of[i] = n
    for a in mentions:
        for b in mentions:
            if a is b or sent_of[a.start] != sent_of[b.start] or (a.entity >= 0 and a.entity == b.entity):
                continue
            if a.start < b.end and b.start < a.end or abs(a.start - b.start) > 25:
                continue
            if a.etype == "PRON" and b.etype == "PRON":
                continue
            yield a, b


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


def pair_features(doc: Doc, s: Mention, o: Mention) -> list[str]:
    """Sparse string features of a (subject, object) candidate."""
    feats = [f"k={s.kind}{o.kind}", f"t={s.etype}|{o.etype}", f"ord={'so' if s.start < o.start else 'os'}"]
    left, right = (s, o) if s.start < o.start else (o, s)
    between = list(doc[left.end : right.start])
    n = len(between)
    feats.append(f"d={min(n, 10) if n < 10 else (15 if n < 16 else 25)}")
    order = "so" if s.start < o.start else "os"
    lemmas = [_lemma(t) for t in between if not t.is_punct or t.text in ("(", ",")]
    for lem in lemmas[:12]:
        feats.append(f"bw={lem}")
        feats.append(f"bw{order}={lem}")
    if n <= 5:
        feats.append(f"bs{order}=" + " ".join(lemmas))
    if 0 < n:
        feats.append(f"b1{order}={lemmas[0] if lemmas else ''}")
        feats.append(f"bl{order}={lemmas[-1] if lemmas else ''}")
    before = doc[left.start - 1] if left.start > 0 else None
    after = doc[right.end] if right.end < len(doc) else None
    feats.append(f"pre={_lemma(before) if before is not None else '<s>'}")
    feats.append(f"post={_lemma(after) if after is not None else '</s>'}")
    sr, orr = _root(doc, s), _root(doc, o)
    feats.append(f"sdep={sr.dep_}")
    feats.append(f"odep={orr.dep_}")
    feats.append(f"sdep|odep={sr.dep_}|{orr.dep_}")
    path = _path(sr, orr)
    if path is None:
        feats.append("path=none")
    else:
        up, down = path
        steps = [f"{t.dep_}^" for t in up[:-1]] + [_lemma(up[-1])] + [f"v{t.dep_}" for t in reversed(down)]
        deps = [f"{t.dep_}^" for t in up[:-1]] + [f"v{t.dep_}" for t in reversed(down)]
        feats.append(f"plen={min(len(steps), 8)}")
        if len(steps) <= 7:
            feats.append("path=" + " ".join(steps))
        feats.append("pdeps=" + " ".join(deps[:6]))
        inner = [t for t in up[1:] + down[1:] if t.i not in (sr.i, orr.i)]
        for t in inner:
            feats.append(f"pw={_lemma(t)}")
            feats.append(f"pw{s.kind}{o.kind}={_lemma(t)}")
        feats.append(f"top={_lemma(up[-1])}|{s.kind}{o.kind}")
    # Role words near either mention (titles are often outside the span between them: "CEO X of Y").
    window = {_lemma(t) for m in (s, o) for t in doc[max(m.start - 3, 0) : min(m.end + 3, len(doc))]}
    for w in sorted(window & _ROLE_WORDS):
        feats.append(f"near={w}|{s.kind}{o.kind}")
    for t in doc[s.start : s.end]:
        feats.append(f"sw={t.lower_}" if s.etype == "PRON" else f"sshape={t.shape_[:4]}")
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
        idx = hashed(features)
        z = self.weights[:, idx].sum(axis=1) + self.bias
        return 1.0 / (1.0 + np.exp(-z))

    def predict(self, doc: Doc, s: Mention, o: Mention) -> list[tuple[str, float]]:
        """Labels above their threshold whose slots fit the pair's kinds."""
        probs = self.scores(pair_features(doc, s, o))
        return [
            (label, float(p))
            for label, p, t in zip(self.labels, probs, self.thresholds, strict=True)
            if p >= t and SLOTS[label] == (s.kind, o.kind)
        ]

    def save(self, path: str | Path) -> None:
        # Store only the non-zero weights: the hashed table is sparse.
        nz = np.nonzero(self.weights)
        np.savez_compressed(
            path,
            rows=nz[0].astype(np.int8),
            cols=nz[1].astype(np.int32),
            values=self.weights[nz].astype(np.float16),
            bias=self.bias,
            thresholds=self.thresholds,
            labels=np.array(self.labels),
        )

    @classmethod
    def load(cls, path: str | Path) -> PairModel:
        data = np.load(path)
        labels = tuple(str(x) for x in data["labels"])
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
