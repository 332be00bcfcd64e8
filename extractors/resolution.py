"""Entity resolution inside one article: mentions -> entities with a type, a canonical name, aliases and an id.

Mentions with the same normalised name, registry aliases, acronyms, surnames of a full name ("Wang" ->
"Alexandr Wang"), the last word of a model or product name ("Nano" -> "Gemini Nano") and corporate long forms
("Meta Platforms" -> "Meta") are merged. The type of a non-registry
entity is decided by votes: the NER labels of its mentions, cue nouns around them ("startup DeepMind",
"Muse Spark, a ... model", "CEO Sam Altman") and organisation-like last words ("... Labs", "... Inc").

The result is stored on the Doc as plain lists and dicts (``doc._.kg_entities``, ``doc._.kg_token_ent``) so
that Docs can cross process boundaries in ``nlp.pipe(n_process=...)``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.names import entity_id, normalise
from ontology.loader import RegistryEntry

from .component import Component
from .entities import ENTITY_TYPES, mention_text

__all__ = ["EntityResolver", "resolve_entities", "RegistryIndex", "CUE_TYPES", "ORG_TAILS"]

for _name in ("kg_entities", "kg_token_ent"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

#: Nouns that say what kind of thing a neighbouring name is ("startup DeepMind", "Gemini, a model").
CUE_TYPES: dict[str, str] = {
    **dict.fromkeys(
        [
            "company",
            "startup",
            "start-up",
            "firm",
            "lab",
            "labs",
            "laboratory",
            "unit",
            "division",
            "arm",
            "subsidiary",
            "developer",
            "maker",
            "giant",
            "provider",
            "group",
            "rival",
            "competitor",
            "university",
            "community",
            "publication",
            "outlet",
            "newspaper",
            "regulator",
            "agency",
            "organization",
            "organisation",
            "nonprofit",
            "conglomerate",
            "hyperscaler",
            "chipmaker",
            "manufacturer",
            "website",
            "site",
            "upstart",
            "investor",
            "fund",
            "bank",
            "automaker",
            "carmaker",
            "business",
            "corporation",
            "institute",
            "parent",
            "owner",
            "operator",
            "exchange",
            "incubator",
            "accelerator",
            "consultancy",
        ],
        "Organization",
    ),
    **dict.fromkeys(["model", "models", "llm", "llms", "family", "checkpoint"], "AIModel"),
    **dict.fromkeys(
        [
            "app",
            "application",
            "chatbot",
            "assistant",
            "platform",
            "service",
            "tool",
            "product",
            "chip",
            "chips",
            "smartphone",
            "smartphones",
            "phone",
            "device",
            "browser",
            "software",
            "os",
            "suite",
            "offering",
            "catalog",
            "catalogue",
            "store",
            "engine",
            "subscription",
            "feature",
            "console",
            "headset",
            "glasses",
            "processor",
            "gpu",
            "accelerator",
            "library",
            "framework",
            "editor",
            "keyboard",
            "program",
        ],
        "Product",
    ),
    **dict.fromkeys(
        [
            "ceo",
            "founder",
            "cofounder",
            "co-founder",
            "chief",
            "president",
            "chairman",
            "chairwoman",
            "executive",
            "scientist",
            "researcher",
            "engineer",
            "analyst",
            "economist",
            "editor",
            "reporter",
            "director",
            "officer",
            "professor",
            "mr",
            "mrs",
            "ms",
            "dr",
            "head",
            "boss",
            "spokesperson",
            "spokesman",
            "spokeswoman",
            "writer",
            "author",
            "cto",
            "cfo",
            "coo",
            "chair",
            "leader",
            "employee",
            "minister",
            "senator",
            "secretary",
            "billionaire",
            "entrepreneur",
            "inventor",
            "futurist",
            "commissioner",
        ],
        "Person",
    ),
}

#: Last words that make a name an organisation ("Meta Superintelligence Labs", "Boston Dynamics").
ORG_TAILS = {
    "labs",
    "lab",
    "inc",
    "corp",
    "corporation",
    "technologies",
    "technology",
    "group",
    "holding",
    "holdings",
    "systems",
    "research",
    "capital",
    "ventures",
    "partners",
    "robotics",
    "dynamics",
    "university",
    "institute",
    "foundation",
    "brain",
    "networks",
    "semiconductor",
    "motors",
    "bank",
    "management",
    "media",
    "studios",
    "ai",
    "co",
    "ltd",
    "llc",
    "plc",
    "gmbh",
    "intelligence",
    "society",
    "association",
    "college",
    "agency",
    "commission",
    "council",
    "department",
    "ministry",
    "times",
    "journal",
    "post",
    "news",
}

#: Extra words after a company name that still name the same company ("Meta Platforms", "Alibaba Group").
CORPORATE_TAILS = {
    "platforms",
    "group",
    "holding",
    "holdings",
    "inc",
    "corp",
    "corporation",
    "technologies",
    "company",
    "co",
    "limited",
    "ltd",
    "plc",
    "llc",
    "ai",
    "labs",
    "global",
    "international",
}


class RegistryIndex:
    """Registry lookups by id and by normalised name or alias."""

    def __init__(self, entries: Sequence[RegistryEntry] = ()):
        self.by_id = {e.id: e for e in entries}
        self.by_norm: dict[str, RegistryEntry] = {}
        for e in entries:
            for surface in (e.name, *e.aliases):
                self.by_norm.setdefault(normalise(surface), e)

    def lookup(self, span: Span) -> RegistryEntry | None:
        """The registry entry of a mention: by the ruler's pattern id, else by normalised surface form."""
        key = normalise(mention_text(span))
        entry = self.by_id.get(span.ent_id_) if span.ent_id_ else None
        # Token-level entity ids can outlive a re-labelled span ("Gemini" inside "Gemini Pro"): trust the id
        # only when the surface form is one of that entry's names.
        if entry is not None and key in {normalise(n) for n in (entry.name, *entry.aliases)}:
            return entry
        return self.by_norm.get(key)


def _cue_votes(span: Span) -> Counter:
    """Type votes from nouns next to the mention: appositions, compounds and titles."""
    votes: Counter = Counter()
    root = span.root
    for child in root.children:
        if span.start <= child.i < span.end:
            continue
        cue = CUE_TYPES.get(child.lower_) or CUE_TYPES.get(child.lemma_.lower())
        if cue and child.dep_ in ("compound", "appos", "nmod", "attr") and child.pos_ in ("NOUN", "PROPN"):
            votes[cue] += 2
    head = root.head
    if head is not root and not (span.start <= head.i < span.end):
        cue = CUE_TYPES.get(head.lower_) or CUE_TYPES.get(head.lemma_.lower())
        if cue and root.dep_ == "appos":
            votes[cue] += 2
        elif cue and root.dep_ in ("compound", "nmod") and head.i == span.end and head.pos_ == "NOUN":
            # "Muse Spark model", "Siri assistant": the name modifies a kind noun. A role noun after a name
            # ("Hugging Face CEO") says that the name is the organisation the role belongs to.
            votes["Organization" if cue == "Person" else cue] += 2
    return votes


def _shape_votes(span: Span) -> Counter:
    votes: Counter = Counter()
    words = mention_text(span).split()
    if len(words) > 1 and words[-1].lower().strip(".") in ORG_TAILS:
        votes["Organization"] += 2
    if len(words) == 1 and words[0].isupper() and len(words[0]) <= 5 and span.label_ != "AIModel":
        votes["Organization"] += 1  # "IBM", "AMD", "FTC"
    return votes


class _UnionFind:
    def __init__(self):
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # Registry keys stay roots so the merged entity keeps its registry identity.
            if rb.startswith("reg:") and not ra.startswith("reg:"):
                ra, rb = rb, ra
            self.parent[rb] = ra


def resolve_entities(doc: Doc, registry: RegistryIndex) -> tuple[list[dict], list[int]]:
    """Group the entity mentions of ``doc`` into entities.

    Returns
    -------
    (entities, token_ent)
        ``entities``: dicts with ``id``, ``name``, ``type``, ``aliases``, ``wikidata``, ``registry`` and
        ``mentions`` (token offsets); ``token_ent``: for every token the index of its entity, or -1.
    """
    mentions = [e for e in doc.ents if e.label_ in ENTITY_TYPES]
    uf = _UnionFind()
    keys: list[str] = []
    reg_of: dict[str, RegistryEntry] = {}
    votes: dict[str, Counter] = {}
    surfaces: dict[str, Counter] = {}
    for m in mentions:
        entry = registry.lookup(m)
        if entry is not None:
            key = "reg:" + entry.id
            reg_of[key] = entry
        else:
            key = "norm:" + normalise(mention_text(m))
        keys.append(key)
        uf.find(key)
        v = votes.setdefault(key, Counter())
        v[m.label_] += 3 if m.label_ == "AIModel" else 1
        v.update(_cue_votes(m))
        v.update(_shape_votes(m))
        surfaces.setdefault(key, Counter())[mention_text(m)] += 1

    def cluster_type(root: str) -> str:
        members = [k for k in votes if uf.find(k) == root]
        for k in members:
            if k in reg_of:
                return reg_of[k].type
        total: Counter = Counter()
        for k in members:
            total.update(votes[k])
        return max(ENTITY_TYPES, key=lambda t: (total[t], -ENTITY_TYPES.index(t)))

    def words_of(key: str) -> list[str]:
        return surfaces[key].most_common(1)[0][0].split()

    # Acronyms defined in the text ("... Labs (MSL)").
    for short, long in (doc._.kg_acronyms or {}).items():
        long_keys = [k for k in surfaces if mention_text_key(long) == k.split(":", 1)[1] or long in surfaces[k]]
        short_keys = [k for k in surfaces if short in surfaces[k]]
        for lk in long_keys[:1]:
            for sk in short_keys:
                uf.union(lk, sk)

    # Surnames and first names of a full name seen in the same article ("Wang" -> "Alexandr Wang").
    people = [k for k in surfaces if cluster_type(uf.find(k)) == "Person" and len(words_of(k)) > 1]
    for k in surfaces:
        words = words_of(k)
        if len(words) != 1 or k.startswith("reg:") and reg_of[k].type != "Person":
            continue
        word = words[0]
        full = [p for p in people if word in (words_of(p)[-1], words_of(p)[0])]
        if len({uf.find(p) for p in full}) == 1:
            root = uf.find(full[0])
            uf.union(root, k)
            votes[k]["Person"] += 10

    # Tiers and models of a named product on their own: "Nano" -> "Gemini Nano", "S24" -> "Galaxy S24".
    things = [k for k in surfaces if cluster_type(uf.find(k)) in ("AIModel", "Product") and len(words_of(k)) > 1]
    for k in surfaces:
        words = words_of(k)
        if len(words) != 1 or k.startswith("reg:") or not words[0][:1].isupper():
            continue
        full = [t for t in things if words_of(t)[-1] == words[0]]
        if len({uf.find(t) for t in full}) == 1:
            votes[k][cluster_type(uf.find(full[0]))] += 10
            uf.union(uf.find(full[0]), k)

    # Corporate long forms: "Meta Platforms", "Alibaba Group" -> "Meta", "Alibaba".
    orgs = [k for k in surfaces if cluster_type(uf.find(k)) == "Organization"]
    for short in orgs:
        sw = words_of(short)
        longer = [
            k
            for k in orgs
            if len(words_of(k)) > len(sw)
            and words_of(k)[: len(sw)] == sw
            and all(w.lower().strip(".,") in CORPORATE_TAILS for w in words_of(k)[len(sw) :])
        ]
        if len({uf.find(k) for k in longer}) != 1:
            continue
        # A registry company does not absorb a differently named unit ("Microsoft" vs "Microsoft AI").
        if short.startswith("reg:") and longer[0].startswith("reg:"):
            continue
        if short.startswith("reg:") and [w.lower() for w in words_of(longer[0])[len(sw) :]] == ["ai"]:
            continue
        uf.union(short, longer[0])

    # A long name seen with a leading word glued to the previous token or dropped: "Superintelligence Labs"
    # inside "Meta Superintelligence Labs". Only multiword suffixes, and only when one long form fits.
    for short in orgs:
        sw = words_of(short)
        if len(sw) < 2 or short.startswith("reg:"):
            continue
        longer = [k for k in orgs if len(words_of(k)) > len(sw) and words_of(k)[-len(sw) :] == sw]
        if len({uf.find(k) for k in longer}) == 1:
            uf.union(longer[0], short)

    # Build the entities.
    roots: dict[str, int] = {}
    entities: list[dict] = []
    token_ent = [-1] * len(doc)
    for m, key in zip(mentions, keys, strict=True):
        root = uf.find(key)
        if root not in roots:
            roots[root] = len(entities)
            entities.append({"root": root, "mentions": []})
        idx = roots[root]
        entities[idx]["mentions"].append([m.start, m.end])
        for i in range(m.start, m.end):
            token_ent[i] = idx
    for ent in entities:
        root = ent.pop("root")
        members = [k for k in surfaces if uf.find(k) == root]
        forms: Counter = Counter()
        for k in members:
            forms.update(surfaces[k])
        entry = next((reg_of[k] for k in members if k in reg_of), None)
        etype = cluster_type(root)
        if entry is not None:
            # The registry fixes the id; the name is the registry's when the text uses it, else the fullest
            # form the text uses (the registry name becomes an alias): "Gemini Ultra" stays "Gemini Ultra".
            # A one-word short form ("R1") is too ambiguous to name the entity: the registry name stays.
            fullest = max(forms, key=lambda f: (len(f.split()), len(f), forms[f])) if forms else entry.name
            used = {normalise(f) for f in forms}
            name = entry.name if normalise(entry.name) in used or len(fullest.split()) < 2 else fullest
            ent_id = entry.id
            aliases = [*forms, entry.name, *entry.aliases]
        else:
            # The fullest form used in the text: most words, then most characters, then most frequent.
            name = max(forms, key=lambda f: (len(f.split()), len(f), forms[f]))
            ent_id = entity_id(etype, name)
            aliases = list(forms)
        seen = {name}
        ent.update(
            id=ent_id,
            name=name,
            type=etype,
            aliases=[a for a in aliases if not (a in seen or seen.add(a))],
            wikidata=entry.wikidata if entry else None,
            registry=entry is not None,
        )
    return _merge_same_id(entities, token_ent)


def mention_text_key(text: str) -> str:
    """The normalised key of a surface form (as used for ``norm:`` cluster keys)."""
    return normalise(text)


def _merge_same_id(entities: list[dict], token_ent: list[int]) -> tuple[list[dict], list[int]]:
    """Entities that ended with the same id (e.g. two spellings of one slug) become one."""
    first: dict[str, int] = {}
    remap: dict[int, int] = {}
    merged: list[dict] = []
    for i, ent in enumerate(entities):
        if ent["id"] in first:
            target = merged[first[ent["id"]]]
            target["mentions"].extend(ent["mentions"])
            for a in [ent["name"], *ent["aliases"]]:
                if a != target["name"] and a not in target["aliases"]:
                    target["aliases"].append(a)
            remap[i] = first[ent["id"]]
        else:
            first[ent["id"]] = len(merged)
            remap[i] = len(merged)
            merged.append(ent)
    return merged, [remap[t] if t >= 0 else -1 for t in token_ent]


class EntityResolver(Component):
    """Resolves the entity mentions of a Doc into entities (``doc._.kg_entities``, ``doc._.kg_token_ent``)."""

    def __init__(self, nlp: Language, name: str = "kg_resolver"):
        super().__init__(nlp, name)
        self.registry = RegistryIndex(())

    def initialize(
        self, get_examples=None, *, nlp: Language | None = None, registry: Sequence[RegistryEntry] = ()
    ) -> None:
        """Load the registry used to name entities and give them their registry ids."""
        self.registry = RegistryIndex(registry)

    def process(self, doc: Doc) -> None:
        doc._.kg_entities, doc._.kg_token_ent = resolve_entities(doc, self.registry)

    def on_error(self, doc: Doc) -> None:
        doc._.kg_entities, doc._.kg_token_ent = [], [-1] * len(doc)
