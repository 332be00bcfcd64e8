"""The base of our spaCy components: one failing article is recorded on its Doc and the batch goes on."""

from __future__ import annotations

from spacy.pipeline import Pipe
from spacy.tokens import Doc

from .errors import record_error

__all__ = ["Component"]


class Component(Pipe):
    """A pipeline component whose work is :meth:`process`.

    A failure inside ``process`` is recorded on the Doc (``extract_many`` reports it for that article only),
    :meth:`on_error` leaves safe defaults, and spaCy's error handler decides whether to go on.
    Components hold no learned state: their data (the registry) is reloaded from ``ontology/`` at load
    time, so serialisation is a no-op.
    """

    def __init__(self, nlp, name: str):
        self.name = name

    def process(self, doc: Doc) -> None:
        raise NotImplementedError

    def on_error(self, doc: Doc) -> None:
        """Leave the Doc's extension attributes in a usable state after a failure."""

    def __call__(self, doc: Doc) -> Doc:
        try:
            self.process(doc)
        except Exception as exc:  # one bad article must not kill a batch
            self.on_error(doc)
            record_error(doc, self.name, exc)
            self.get_error_handler()(self.name, self, [doc], exc)
        return doc

    def to_disk(self, path, *, exclude=()):
        return None

    def from_disk(self, path, *, exclude=()):
        return self
