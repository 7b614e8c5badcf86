"""Domain errors. Each carries the HTTP status the web layer should answer with."""


class BotError(Exception):
    """Base class: a problem the user can fix, with a readable message."""

    status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class KnowledgeError(BotError):
    """The knowledge folder or a snippet in it is invalid."""

    status = 422

    def __init__(self, message: str, problems: list | None = None):
        super().__init__(message)
        self.problems = problems or []


class QueryError(BotError):
    """The question is empty, too long, or otherwise unusable."""

    status = 422


class IndexMissingError(BotError):
    """No index has been built yet."""

    status = 503


class IndexMismatchError(BotError):
    """The saved index was built with another embedder or format; it must be rebuilt."""

    status = 503


class EmbedderError(BotError):
    """The configured embedding model cannot be loaded."""

    status = 500


class NotFoundError(BotError):
    """The requested item does not exist."""

    status = 404


class AuthError(BotError):
    """Missing or wrong admin token."""

    status = 401


class ForbiddenError(BotError):
    """The feature is switched off."""

    status = 403
