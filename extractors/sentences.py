"""Line breaks end sentences: headlines, bullets and paragraphs are never joined to the next line."""

from __future__ import annotations

from spacy.tokens import Doc

from .component import Component

__all__ = ["LineBreakSentencizer", "mark_line_breaks"]


def mark_line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break (the parser or sentencizer keeps these boundaries)."""
    for token in doc[:-1]:
        if "\n" in token.text or "\n" in token.whitespace_:
            doc[token.i + 1].is_sent_start = True
    return doc


class LineBreakSentencizer(Component):
    """Sets ``is_sent_start`` after line breaks; runs before the parser."""

    def process(self, doc: Doc) -> None:
        mark_line_breaks(doc)
