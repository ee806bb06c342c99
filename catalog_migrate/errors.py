"""Errors that stop a run before anything is written. Each carries one line for the user."""

from __future__ import annotations

import unicodedata


class UserError(Exception):
    """Bad input or usage: exit code 2, the message shown as one line, no traceback."""

    exit_code = 2


class InputError(UserError):
    """An input file cannot be read as it is: corrupt, hostile, encrypted, wrong type, unknown."""


class AccountingError(Exception):
    """A SKU read was neither converted nor rejected: an internal error, exit code 3."""

    exit_code = 3


_LINE_BREAKING = frozenset({"Cc", "Zl", "Zp"})


def one_line(text: str) -> str:
    """`text` with every control or line-separator character escaped (`\\n`, `\\x1b`, `\\u2028`).

    Messages name files, and a file name may hold a newline or a terminal escape: shown as they
    are, they would break the one-line error or rewrite the terminal.
    """
    if text.isprintable():
        return text
    return "".join(
        repr(char)[1:-1] if unicodedata.category(char) in _LINE_BREAKING else char for char in text
    )
