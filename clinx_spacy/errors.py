"""The errors a user can cause (bad input, an output that cannot be written): the
command line prints them as one line and exits 1, where anything else is a bug."""


class ClinxError(Exception):
    """A user error: the message says what is wrong and where."""


class InputError(ClinxError, ValueError):
    """Input that cannot be read: a missing or unreadable path, a bad file, nothing to read."""


class OutputError(ClinxError, OSError):
    """An output that must not or cannot be written: not writable, in use, or already there."""


class InputNotFound(InputError, FileNotFoundError):
    """An input path, document or pipeline that does not exist."""


class OutputExists(OutputError, FileExistsError):
    """An output that is already there and must not be replaced (without being told to)."""
