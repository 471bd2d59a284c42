"""Errors that end a run with exit code 2 (usage or configuration), one line each; and
the signal that stops a run of worker processes."""


class NormtoolsError(Exception):
    """Base of the errors the command line reports as ``normtools: error: ...``."""


class UsageError(NormtoolsError):
    """A mistake in how normtools was called."""


class Terminated(BaseException):
    """SIGTERM or SIGHUP reached the parent of a worker pool (normtools.driver): raised
    there so that leaving the pool stops its workers before the run ends."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
