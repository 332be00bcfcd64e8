"""The model's ``attribute_ruler`` and ``lemmatizer`` in one memoised component, with the same output.

The attribute ruler runs a Matcher of ~180 patterns over every token (many with ``IN`` sets, which the Matcher
checks in Python); with the rule lemmatizer that is about a quarter of the English model's time. Yet what they
give a token depends on very little, and :class:`FastAttributes` caches it in two steps.

The ruler's result (``pos``, ``morph``, ``lemma``, ``tag``, ``dep``) depends on what its patterns test: the
token's tag, dependency label and lexical attributes (for the English model: ``LOWER`` and ``IS_SPACE``), and,
for the few patterns longer than one token ("let 's", "there is", "gon na"), its neighbours':

* a token is known by ``(identity, tag, dep)``, where its identity is its text, or, when its lowercase form is
  none of the words or regular expressions the patterns test ``LOWER`` against, only the other lexical
  attributes the patterns test (every pattern sees such tokens alike);
* a token that matches one of the token patterns of a multi-token pattern is looked up by its window of
  neighbours (as far as the longest pattern reaches) and its position in it, so the Doc's edges are in the key;
* tokens not found go, with their windows, through the real ruler (one small Doc per Doc) and are cached.

The lemmatizer then only fills lemmas the ruler left empty, from the token's text, part of speech and
morphology: that is cached too, and a lemma not found comes from the real lemmatizer's ``lemmatize``.

The whole Doc goes through the real components instead when the cache cannot be trusted: a token with a part of
speech, morphology or lemma set before the ruler runs, a spaCy memory zone (its strings are freed after it), or
a failure of the fast path. :func:`supports` says whether a ruler and lemmatizer can be replaced at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy
from spacy.attrs import DEP, LEMMA, MORPH, ORTH, POS, TAG
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer, Pipe
from spacy.tokens import Doc

__all__ = ["FastAttributes", "supports"]

#: What a ruler pattern may test (token attribute → Lexeme attribute for the lexical ones): lexical attributes
#: are functions of the token's text. Anything else (POS, MORPH, LEMMA, NORM, ENT_*, extensions, operators)
#: means the ruler cannot be memoised.
_LEXICAL = {
    "LOWER": "lower_", "LENGTH": "__len__", "SHAPE": "shape_", "PREFIX": "prefix_", "SUFFIX": "suffix_",
    "IS_ALPHA": "is_alpha", "IS_ASCII": "is_ascii", "IS_DIGIT": "is_digit", "IS_LOWER": "is_lower",
    "IS_UPPER": "is_upper", "IS_TITLE": "is_title", "IS_PUNCT": "is_punct", "IS_SPACE": "is_space",
    "IS_STOP": "is_stop", "IS_BRACKET": "is_bracket", "IS_QUOTE": "is_quote", "IS_LEFT_PUNCT": "is_left_punct",
    "IS_RIGHT_PUNCT": "is_right_punct", "IS_CURRENCY": "is_currency", "LIKE_NUM": "like_num",
    "LIKE_URL": "like_url", "LIKE_EMAIL": "like_email",
}  # fmt: skip
_PATTERN_KEYS = frozenset({"ORTH", "TEXT", "TAG", "DEP", *_LEXICAL})
_KEY_ATTRS = [ORTH, TAG, DEP, POS, MORPH, LEMMA]
_RULER_ATTRS = [POS, MORPH, LEMMA, TAG, DEP]
#: Cached results beyond which a cache is emptied (each entry is a few hundred bytes).
MAX_CACHE = 200_000
#: The cache entry of a token whose result depends on its neighbours.
_CONTEXT = ("context",)


def _lexical_value(lexeme, name: str):
    return len(lexeme.orth_) if name == "__len__" else getattr(lexeme, name)


def _patterns(ruler: AttributeRuler) -> list[list[dict]]:
    return [pattern for entry in ruler.patterns for pattern in entry["patterns"]]


def supports(ruler: Pipe, lemmatizer: Pipe) -> bool:
    """True when ``ruler`` followed by ``lemmatizer`` can be replaced by :class:`FastAttributes`."""
    # Lemmatizers known to lemmatize each token on its own (text, part of speech, morphology).
    if type(ruler) is not AttributeRuler or type(lemmatizer) not in (Lemmatizer, EnglishLemmatizer):
        return False
    if lemmatizer.mode != "rule":
        return False
    for pattern in _patterns(ruler):
        if not pattern:
            return False
        for spec in pattern:
            if not isinstance(spec, dict) or not set(spec) <= _PATTERN_KEYS:
                return False
    return True


def _lower_tests(patterns: list[list[dict]]) -> tuple[set[str], list[re.Pattern]] | None:
    """The words and regular expressions the patterns test ``LOWER`` against; None for other kinds of test."""
    words: set[str] = set()
    regexes: list[re.Pattern] = []
    for pattern in patterns:
        for spec in pattern:
            if "ORTH" in spec or "TEXT" in spec:
                return None
            if "LOWER" not in spec:
                continue
            test = spec["LOWER"]
            if isinstance(test, str):
                words.add(test)
            elif isinstance(test, dict) and len(test) == 1 and set(test) <= {"IN", "NOT_IN", "REGEX"}:
                ((kind, value),) = test.items()
                if kind == "REGEX" and isinstance(value, str):
                    regexes.append(re.compile(value))
                elif kind != "REGEX" and isinstance(value, list) and all(isinstance(v, str) for v in value):
                    words.update(value)
                else:
                    return None
            else:
                return None
    return words, regexes


class FastAttributes(Pipe):
    """``attribute_ruler`` + ``lemmatizer`` with their results memoised (see the module docstring).

    Sets ``pos``, ``morph``, ``lemma``, ``tag`` and ``dep`` exactly as the two components would.
    """

    def __init__(self, nlp: Language, name: str, max_cache: int = MAX_CACHE):
        self.name = name
        self.vocab = nlp.vocab
        self.max_cache = max_cache
        self.ruler: AttributeRuler | None = None
        self.lemmatizer: Lemmatizer | None = None
        self._pieces: Matcher | None = None
        self._reach = 0
        self._lower_tests: tuple[set[str], list[re.Pattern]] | None = None
        self._lexical: tuple[str, ...] = ()
        self.clear()

    def initialize(self, get_examples=None, *, nlp=None, ruler: Pipe | None = None, lemmatizer: Pipe | None = None):
        """Take over ``ruler`` and ``lemmatizer`` (removed from the pipeline by the caller).

        Raises
        ------
        ValueError
            When they are not a pair :func:`supports` accepts.
        """
        if ruler is None or lemmatizer is None or not supports(ruler, lemmatizer):
            raise ValueError(f"KG305 {self.name}: the attribute ruler and lemmatizer cannot be memoised")
        lemmatizer(Doc(self.vocab, words=[]))  # checks its tables, as its first call would
        self.ruler, self.lemmatizer = ruler, lemmatizer
        patterns = _patterns(ruler)
        longer = [pattern for pattern in patterns if len(pattern) > 1]
        self._reach = max((len(pattern) for pattern in longer), default=1) - 1
        self._pieces = None
        if longer:
            # Every token pattern of the multi-token patterns on its own: a token matching none of them is
            # never part of a multi-token match, so its neighbours cannot change its result.
            self._pieces = Matcher(self.vocab)
            self._pieces.add("piece", [[dict(spec)] for pattern in longer for spec in pattern])
        self._lower_tests = _lower_tests(patterns)
        tested = {key for pattern in patterns for spec in pattern for key in spec}
        self._lexical = tuple(sorted(_LEXICAL[key] for key in tested if key in _LEXICAL and key != "LOWER"))
        self.clear()

    def clear(self) -> None:
        """Empty the caches."""
        self._identities: dict[int, object] = {}
        self._tokens: dict[tuple, tuple] = {}
        self._windows: dict[tuple, tuple] = {}
        self._lemmas: dict[tuple, int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if self.ruler is None or self.lemmatizer is None:
            raise ValueError(f"KG305 {self.name} is not initialized")
        if len(doc) == 0 or self.vocab.in_memory_zone:
            return self._slow(doc)
        try:
            done = self._fast(doc)
        except Exception:  # the real components decide what a failure means
            done = False
        return doc if done else self._slow(doc)

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterable[Doc]:
        for doc in stream:
            yield self(doc)

    def _slow(self, doc: Doc) -> Doc:
        return self.lemmatizer(self.ruler(doc))

    def _identity(self, orth: int) -> object:
        """``orth``, or, for a token the patterns cannot tell from others by its lowercase form, the values of
        the other lexical attributes they test."""
        lexeme = self.vocab[orth]
        if self._lower_tests is not None:
            words, regexes = self._lower_tests
            lower = lexeme.lower_
            if lower not in words and not any(regex.search(lower) for regex in regexes):
                return ("*", *(_lexical_value(lexeme, name) for name in self._lexical))
        return orth

    def _fast(self, doc: Doc) -> bool:
        """Set the attributes of ``doc`` from the caches; False when it must go through the real components."""
        array = doc.to_array(_KEY_ATTRS)
        if array[:, 3:].any():
            return False
        rows = array[:, :3].tolist()
        identities = self._identities
        keys = []
        for orth, tag, dep in rows:
            identity = identities.get(orth)
            if identity is None:
                if len(identities) > self.max_cache:
                    identities.clear()
                identity = identities[orth] = self._identity(orth)
            keys.append((identity, tag, dep))
        tokens, windows, reach, n = self._tokens, self._windows, self._reach, len(keys)
        values: list = [None] * n
        missing = []
        for i, key in enumerate(keys):
            value = tokens.get(key)
            if value is _CONTEXT:
                value = windows.get(self._window(keys, i, reach, n))
            if value is None:
                missing.append(i)
            else:
                values[i] = value
        if missing:
            self._rule(doc, array, keys, missing, values)
        # The lemmatizer: a lemma the ruler left empty, from the token's text, part of speech and morphology.
        lemmas, overwrite = self._lemmas, self.lemmatizer.overwrite
        unknown = []
        for i, (row, value) in enumerate(zip(rows, values, strict=True)):
            if value[2] == 0 or overwrite:
                lemma = lemmas.get((row[0], value[0], value[1]))
                if lemma is None:
                    unknown.append(i)
                else:
                    values[i] = (value[0], value[1], lemma, value[3], value[4])
        doc.from_array(_RULER_ATTRS, numpy.array(values, dtype="uint64"))
        if unknown:
            if len(lemmas) > self.max_cache:
                lemmas.clear()
            for i in unknown:
                token = doc[i]
                token.lemma_ = self.lemmatizer.lemmatize(token)[0]
                lemmas[(rows[i][0], values[i][0], values[i][1])] = token.lemma
        return True

    @staticmethod
    def _window(keys: list[tuple], i: int, reach: int, n: int) -> tuple:
        start = max(i - reach, 0)
        return (i - start, *keys[start : min(i + reach + 1, n)])

    def _rule(self, doc: Doc, array: numpy.ndarray, keys: list[tuple], missing: list[int], values: list) -> None:
        """Run the real ruler on the missing tokens and their windows, cache and fill in the results."""
        reach, n = self._reach, len(keys)
        # Windows of the missing tokens, merged into runs of the Doc, concatenated into one small Doc. A match
        # across two runs is no longer than the longest pattern, so it never reaches a missing token.
        index: list[int] = []
        for i in missing:
            start = max(i - reach, index[-1] + 1 if index else 0)
            index.extend(range(start, min(i + reach + 1, n)))
        small = Doc(self.vocab, words=[doc[i].text for i in index])
        tokens = array[index]
        small.from_array([TAG, DEP], tokens[:, 1:3])
        if not numpy.array_equal(small.to_array(ORTH), tokens[:, 0]):
            raise ValueError("the tokens could not be copied")
        self.ruler(small)
        results = list(map(tuple, small.to_array(_RULER_ATTRS).tolist()))
        pieces = set()
        if self._pieces is not None:
            pieces = {start for _, start, _ in self._pieces(small, allow_missing=True)}
        position = {i: p for p, i in enumerate(index)}
        if len(self._tokens) > self.max_cache or len(self._windows) > self.max_cache:
            self._tokens.clear()
            self._windows.clear()
        for i in missing:
            p = position[i]
            value = results[p]
            values[i] = value
            if p in pieces:
                self._tokens[keys[i]] = _CONTEXT
                self._windows[self._window(keys, i, reach, n)] = value
            else:
                self._tokens[keys[i]] = value
