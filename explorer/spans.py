"""Find entity names in text: spans for displaCy's manual mode and highlighted evidence sentences."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any

__all__ = ["find_spans", "entity_spans", "highlight"]


def _pattern(term: str) -> re.Pattern[str]:
    # Word boundaries only where the term itself starts or ends with a word character: "GPT-5.4" and
    # "C++" must still match, while "Meta" must not match inside "Metaverse".
    left = r"(?<!\w)" if term[:1].isalnum() else ""
    right = r"(?!\w)" if term[-1:].isalnum() else ""
    return re.compile(left + re.escape(term) + right, re.IGNORECASE)


def find_spans(text: str, terms: Iterable[tuple[str, Any]]) -> list[tuple[int, int, Any]]:
    """Non-overlapping ``(start, end, tag)`` occurrences of each ``(term, tag)`` in ``text``, in text order.

    Longer terms win over the shorter ones they contain ("Meta Superintelligence Labs" over "Meta").

    >>> find_spans("Meta bought Scale AI; meta paid.", [("Meta", "A"), ("Scale AI", "B")])
    [(0, 4, 'A'), (12, 20, 'B'), (22, 26, 'A')]
    """
    taken: list[tuple[int, int, Any]] = []
    for term, tag in sorted({(t.strip(), tag) for t, tag in terms if t and t.strip()}, key=lambda x: -len(x[0])):
        for match in _pattern(term).finditer(text):
            start, end = match.span()
            if all(end <= s or start >= e for s, e, _ in taken):
                taken.append((start, end, tag))
    return sorted(taken, key=lambda span: span[0])


def entity_spans(text: str, entities: Iterable[Any]) -> list[dict[str, Any]]:
    """displaCy "ents" for every occurrence of each entity's name or aliases in ``text``, labelled by type."""
    terms = [(name, entity.type) for entity in entities for name in (entity.name, *entity.aliases)]
    return [{"start": s, "end": e, "label": label} for s, e, label in find_spans(text, terms)]


def _closest_pair(spans: list[tuple[int, int, Any]]) -> list[tuple[int, int, Any]]:
    """One subject and one object mention: the pair closest together, which is the one the fact is about
    ("Meta's acquisition of Scale AI", not the "Meta" of "Meta Superintelligence Labs" earlier on)."""
    subjects = [s for s in spans if s[2] == "kg-s"]
    objects = [s for s in spans if s[2] == "kg-o"]
    if not subjects or not objects:
        return (subjects or objects)[:1]
    pair = min(((s, o) for s in subjects for o in objects), key=lambda p: max(p[0][0], p[1][0]) - min(p[0][1], p[1][1]))
    return sorted(pair, key=lambda span: span[0])


def highlight(sentence: str, subject_terms: Iterable[str], object_terms: Iterable[str]) -> str:
    """The sentence as HTML (escaped) with the fact's subject and object mentions in ``<mark>``.

    >>> highlight("Meta paid <b> for Scale AI.", ["Meta"], ["Scale AI"])
    '<mark class="kg-s">Meta</mark> paid &lt;b&gt; for <mark class="kg-o">Scale AI</mark>.'
    """
    spans = _closest_pair(
        find_spans(sentence, [*((t, "kg-s") for t in subject_terms), *((t, "kg-o") for t in object_terms)])
    )
    out, pos = [], 0
    for start, end, css in spans:
        out.append(html.escape(sentence[pos:start]))
        out.append(f'<mark class="{css}">{html.escape(sentence[start:end])}</mark>')
        pos = end
    out.append(html.escape(sentence[pos:]))
    return "".join(out)
