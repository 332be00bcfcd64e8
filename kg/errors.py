"""Exception types. Every message says what happened and how to fix it; the CLI prints it on one line."""

__all__ = [
    "KGError",
    "InputError",
    "OntologyError",
    "StoreUnavailable",
    "QueryError",
    "ReadOnlyQuery",
    "NotFound",
]


class KGError(Exception):
    """Base class of every error the tool reports to a user."""


class InputError(KGError):
    """An input (file, URL, feed, line) could not be read as an article."""

    def __init__(self, source: str, reason: str):
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class OntologyError(KGError):
    """The schema or the entity registry in ontology/ is malformed, or a name is not in the schema."""


class StoreUnavailable(KGError):
    """The graph store could not be opened, started or reached."""


class QueryError(KGError):
    """A Cypher query failed: syntax, timeout, or a database error."""


class ReadOnlyQuery(QueryError):
    """A query tried to write through a read-only connection."""


class NotFound(KGError):
    """An article or entity id does not exist in the store."""
