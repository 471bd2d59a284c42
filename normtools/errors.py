"""Errors that end a run with exit code 2 (usage or configuration), one line each."""


class NormtoolsError(Exception):
    """Base of the errors the command line reports as ``normtools: error: ...``."""


class UsageError(NormtoolsError):
    """A mistake in how normtools was called."""
