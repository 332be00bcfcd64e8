"""kg: a knowledge graph of the AI ecosystem, built from news, with evidence on every fact.

The public API lives in submodules: :mod:`kg.model` (dataclasses), :mod:`kg.pipeline`
(extract and ingest), :mod:`kg.stores` (graph stores), :mod:`kg.errors`.
"""

__version__ = "0.1.0"
