"""The register's exception."""
from __future__ import annotations


class RegisterError(ValueError):
    """A file the lab cannot read as a worker register.

    ``str(error)`` is a message for the participant, already translated into the language
    asked for; ``error.msgid`` and ``error.params`` keep the English source for logs/tests.
    """

    def __init__(self, message: str, msgid: str | None = None, **params):
        super().__init__(message)
        self.msgid = msgid or message
        self.params = params
