"""Errors that say what went wrong as a code and numbers, so the app can word them.

``core`` never writes sentences for the screen: ``CodedError.code`` ("model.too_wide", ...) and
``CodedError.params`` ({"units": 100000, ...}) are what viz/strings.py turns into words in the
session's language.  ``str(err)`` stays a plain English sentence for the command line, logs and
tests.  It is a ValueError, so code that catches ValueError keeps working.
"""
from __future__ import annotations


class CodedError(ValueError):
    """ValueError with ``code`` (a dotted name) and ``params`` (plain numbers and short strings)."""

    def __init__(self, code: str, english: str, **params):
        super().__init__(english)
        self.code = code
        self.params = params

    def __reduce__(self):
        # Pickled with its code, params and any attributes set later (config errors carry
        # ``problems``): a run training in another process raises it here unchanged.
        return (_rebuild, (type(self), self.code, str(self), self.params, dict(self.__dict__)))


def _rebuild(cls, code, english, params, attributes):
    err = cls(code, english, **params)
    err.__dict__.update(attributes)
    return err


class Interrupted(Exception):
    """A long pass stopped between two chunks because its caller asked (Pause, Stop): nothing it
    would have changed was changed.  Raised by passes that take a ``cancel`` callable."""
