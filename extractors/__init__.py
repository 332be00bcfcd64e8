"""The extraction layer: spaCy components and rules that turn news articles into entities and relations.

>>> from extractors import load_nlp, extract  # doctest: +SKIP
>>> extraction = extract(load_nlp(), article)  # doctest: +SKIP
"""

from .errors import DegradedModeWarning, ExtractionError
from .extract import extract, extract_many
from .pipeline import PIPELINE_VERSION, is_degraded, load_nlp, pipeline_version

__all__ = [
    "PIPELINE_VERSION",
    "load_nlp",
    "extract",
    "extract_many",
    "pipeline_version",
    "is_degraded",
    "DegradedModeWarning",
    "ExtractionError",
]
