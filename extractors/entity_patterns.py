"""Entity patterns: registry phrase patterns for spaCy's ``entity_ruler`` and a generic AI-model-name matcher.

Model names are written with versions and sizes that spaCy's tokenizer splits unpredictably ("GPT-5.4",
"Qwen2.5-72B", "Mixtral 8x7B"), so the model-name matcher runs a regular expression over ``doc.text`` and maps
each match back onto tokens with ``doc.char_span(..., alignment_mode="expand")``.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence

from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from kg.errors import OntologyError
from ontology.loader import RegistryEntry, load_registry

from .component import Component

__all__ = [
    "MODEL_FAMILIES",
    "registry_patterns",
    "model_families",
    "model_name_regex",
    "find_model_names",
    "ModelNameMatcher",
    "safe_load_registry",
]

log = logging.getLogger("kg")

#: Model family names that are followed by version or size tokens. The registry's AIModel entries add their
#: first tokens to this list at load time.
MODEL_FAMILIES: tuple[str, ...] = (
    "GPT",
    "Claude",
    "Llama",
    "LLaMA",
    "Gemini",
    "Gemma",
    "Mistral",
    "Mixtral",
    "Codestral",
    "Qwen",
    "QwQ",
    "DeepSeek",
    "Phi",
    "Grok",
    "Falcon",
    "PaLM",
    "Imagen",
    "DALL-E",
    "DALL·E",
    "Sora",
    "Veo",
    "Codex",
    "Jamba",
    "Yi",
    "Kimi",
    "GLM",
    "ChatGLM",
    "Ernie",
    "ERNIE",
    "Nemotron",
    "OLMo",
    "Pixtral",
    "Stable Diffusion",
    "Midjourney",
    "Whisper",
    "BERT",
    "Granite",
)

#: Words that name a variant inside a model name ("Claude 3.5 Sonnet", "Gemini 1.0 Ultra", "Phi-3-mini").
_VARIANT_WORDS = (
    "Sonnet",
    "Opus",
    "Haiku",
    "Ultra",
    "Pro",
    "Nano",
    "Flash",
    "Flash-Lite",
    "Lite",
    "Mini",
    "mini",
    "Turbo",
    "turbo",
    "Large",
    "Medium",
    "Small",
    "Instruct",
    "instruct",
    "Chat",
    "chat",
    "Coder",
    "Vision",
    "Omni",
    "Behemoth",
    "Maverick",
    "Scout",
    "Max",
    "Preview",
    "preview",
    "Thinking",
    "Reasoner",
    "Base",
    "XL",
    "XXL",
)

# One version/size element: "5.4", "4o", "3.5", "72B", "8x7B", "V3", "R1", "2.5", "405B".
_VERSION = r"(?:\d+(?:\.\d+)*[a-z]?|\d+(?:\.\d+)?[BbMmKk]|\d+x\d+[Bb]|[VRvr]\d+(?:\.\d+)?)"
_VARIANT = "(?:" + "|".join(re.escape(w) for w in sorted(_VARIANT_WORDS, key=len, reverse=True)) + ")"
# Any capitalised name glued to a parameter count is a model: "Vicuna-13B", "Falcon-180B", "StarCoder2-15B".
_SIZED = r"(?<![\w-])[A-Z][A-Za-z]+\d?(?:\.\d)?-\d+(?:\.\d+)?[BM](?:-[A-Za-z]+)*(?![\w-])"
# OpenAI's reasoning models: o1, o3-mini, o4-mini-high (lowercase "o" then a digit).
_O_SERIES = r"(?<![\w-])o[1-9](?:-(?:mini|pro|preview|high|low))*(?![\w.-]*\w)"


def model_families(entries: Iterable[RegistryEntry] = ()) -> list[str]:
    """The model family names: :data:`MODEL_FAMILIES` plus the first word of every registry AIModel entry."""
    families = set(MODEL_FAMILIES)
    for entry in entries:
        if entry.type != "AIModel":
            continue
        for name in (entry.name, *entry.aliases):
            first = re.split(r"[\s\-]", name.strip())[0]
            # A family name is alphabetic and long enough not to match ordinary words by accident.
            first = re.sub(r"\d.*$", "", first)
            if len(first) >= 3 and first[0].isupper():
                families.add(first)
    return sorted(families, key=len, reverse=True)


def model_name_regex(families: Sequence[str]) -> re.Pattern[str]:
    """A regular expression matching a family name followed by at least one version or variant element.

    The family may be glued to its version ("Qwen2.5", "GPT-4o") or separated by a space or hyphen; further
    elements ("-72B", " 405B", " Sonnet", "-mini") follow the same way.
    """
    fam = "(?:" + "|".join(re.escape(f) for f in families) + ")"
    element = f"(?:{_VERSION}|{_VARIANT})"
    # First element: glued digits, or a separator then a version/variant.
    first = rf"(?:{_VERSION}|[ \-]{element})"
    more = rf"(?:[ \-]?{_VERSION}|[ \-]{_VARIANT})"
    named = rf"(?<![\w-]){fam}{first}(?:{more})*(?![\w]|\.\d)"
    return re.compile(rf"{named}|{_O_SERIES}|{_SIZED}")


def find_model_names(text: str, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    """Character spans of model names in ``text``.

    A match is trimmed so it never ends in a hyphen, and a trailing variant word is dropped when it is
    really the next ordinary word ("GPT-4 Turbo" keeps "Turbo"; "Llama 2 Chat" keeps "Chat").
    """
    spans = []
    for m in pattern.finditer(text):
        start, end = m.start(), m.end()
        while end > start and text[end - 1] in "-. ":
            end -= 1
        spans.append((start, end))
    return spans


class ModelNameMatcher(Component):
    """Adds ``AIModel`` entities for model names with versions and sizes ("GPT-5.4", "Llama 3.1 405B").

    Runs before the statistical ``ner`` so that the recognizer keeps these spans; an existing longer entity
    (from the registry ruler) wins over a shorter match.
    """

    def __init__(self, nlp: Language, name: str = "kg_model_names", label: str = "AIModel"):
        super().__init__(nlp, name)
        self.label = label
        self.families: list[str] = list(MODEL_FAMILIES)
        self.pattern = model_name_regex(self.families)

    def initialize(
        self, get_examples=None, *, nlp: Language | None = None, registry: Sequence[RegistryEntry] = ()
    ) -> None:
        """Add the registry's AIModel families to the built-in list."""
        self.set_families(model_families(registry))

    def set_families(self, families: Sequence[str]) -> None:
        """Replace the family names the matcher looks for."""
        self.families = list(families)
        self.pattern = model_name_regex(self.families)

    def process(self, doc: Doc) -> None:
        matches = find_model_names(doc.text, self.pattern)
        _split_trailing_punct(doc, [end for _, end in matches])
        new = []
        for start, end in matches:
            span = doc.char_span(start, end, label=self.label, alignment_mode="expand")
            if span is not None:
                new.append(span)
        if new:
            # Registry entities that cover a match keep their id; otherwise the longest span wins.
            doc.ents = filter_spans(list(doc.ents) + new)


def _split_trailing_punct(doc: Doc, ends: list[int]) -> None:
    """Split tokens like "405B." where a match ends before trailing punctuation glued to the same token.

    Only parsed Docs are split: splitting an unparsed Doc (degraded mode) gives it partial heads, which
    spaCy's sentence and root iteration cannot handle. There the name keeps its trailing punctuation,
    which :func:`extractors.entities.mention_text` strips.
    """
    if not ends or not doc.has_annotation("DEP"):
        return
    starts = doc.to_array(IDX).tolist()
    splits = []
    for end in ends:
        # The token with ``token.idx < end < token.idx + len(token.text)``: only the last one starting before
        # ``end`` can be.
        i = bisect_left(starts, end) - 1
        if i < 0 or end >= starts[i] + len(doc[i].text):
            continue
        token = doc[i]
        cut = end - token.idx
        rest = token.text[cut:]
        if rest and all(not c.isalnum() for c in rest):
            splits.append((token, token.text[:cut], rest))
    if splits:
        with doc.retokenize() as retok:
            for token, head, rest in splits:
                # The name keeps the token's place in the parse; the punctuation hangs from it.
                first = token.head if token.head is not token else (token, 0)
                retok.split(token, [head, rest], heads=[first, (token, 0)])


def safe_load_registry() -> tuple[RegistryEntry, ...]:
    """The entity registry, or an empty one when ``ontology/registry.yaml`` is absent or unreadable."""
    try:
        return load_registry()
    except OntologyError as exc:
        log.warning("KG300 entity registry not used: %s", exc)
        return ()


def registry_patterns(entries: Iterable[RegistryEntry]) -> list[dict]:
    """Phrase patterns for spaCy's ``entity_ruler``: every registry name and alias, labelled with its type.

    Patterns are case-sensitive; multiword names also get a lowercase variant ("meta superintelligence labs").
    Pattern ids are registry ids, so ``ent.ent_id_`` names the registry entry.
    """
    patterns = []
    seen: set[tuple[str, str]] = set()
    for entry in entries:
        for surface in (entry.name, *entry.aliases):
            surface = surface.strip()
            if not surface:
                continue
            variants = [surface]
            if " " in surface and surface.lower() != surface:
                variants.append(surface.lower())
            for text in variants:
                if (text, entry.id) in seen:
                    continue
                seen.add((text, entry.id))
                patterns.append({"label": entry.type, "pattern": text, "id": entry.id})
    return patterns
