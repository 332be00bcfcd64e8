"""Errors and warnings of the extraction layer, and how a component records a failure on a Doc."""

from __future__ import annotations

import logging

from spacy.tokens import Doc

from kg.errors import KGError

__all__ = ["DegradedModeWarning", "ExtractionError", "record_error", "errors_of"]

log = logging.getLogger("kg")


class DegradedModeWarning(UserWarning):
    """The English spaCy pipeline could not be loaded; extraction runs on a blank pipeline (rules only)."""


class ExtractionError(KGError):
    """Extraction failed for one article; the other articles of the batch go on."""

    def __init__(self, article_id: str, reason: str):
        self.article_id = article_id
        self.reason = reason
        super().__init__(f"KG301 extraction failed for article {article_id!r}: {reason}")


if not Doc.has_extension("kg_errors"):
    Doc.set_extension("kg_errors", default=None)


def record_error(doc: Doc, component: str, exc: BaseException) -> None:
    """Note on ``doc`` that ``component`` failed, so ``extract_many`` can report it for this article only."""
    errors = list(doc._.kg_errors or [])
    errors.append(f"{component}: {type(exc).__name__}: {exc}")
    doc._.kg_errors = errors


def errors_of(doc: Doc) -> list[str]:
    """The failures recorded on ``doc`` by our components (empty when none)."""
    return list(doc._.kg_errors or [])


def continue_on_error(proc_name: str, proc, docs, exc: BaseException) -> None:
    """Error handler for our components inside a batch: log and go on (the Doc already carries the error)."""
    log.warning("KG302 component %s failed on a document: %s", proc_name, exc)
