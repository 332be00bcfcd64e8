"""Line breaks end sentences: headlines, bullets and paragraphs are never joined to the next line."""

from __future__ import annotations

from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.tokens import Doc

from .errors import record_error

__all__ = ["LineBreakSentencizer", "mark_line_breaks"]


def mark_line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break (the parser or sentencizer keeps these boundaries)."""
    for token in doc[:-1]:
        if "\n" in token.text or "\n" in token.whitespace_:
            doc[token.i + 1].is_sent_start = True
    return doc


class LineBreakSentencizer(Pipe):
    """Sets ``is_sent_start`` after line breaks; runs before the parser."""

    def __init__(self, nlp: Language, name: str = "kg_line_breaks"):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        try:
            mark_line_breaks(doc)
        except Exception as exc:  # one bad article must not kill a batch
            record_error(doc, self.name, exc)
            self.get_error_handler()(self.name, self, [doc], exc)
        return doc

    def to_disk(self, path, *, exclude=()):
        return None

    def from_disk(self, path, *, exclude=()):
        return self
