"""Errors that stop a run before anything is written. Each carries one line for the user.

Each also carries a stable `code` (`input.not_found`, `currency.required`, ...), which `--json`
prints with the message so a script can tell the failures apart without parsing English.
"""

from __future__ import annotations


class UserError(Exception):
    """Bad input or usage: exit code 2, the message shown as one line, no traceback."""

    exit_code = 2
    code = "usage"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code


class InputError(UserError):
    """An input file cannot be read as it is: corrupt, hostile, encrypted, wrong type, unknown."""

    code = "input.unreadable"


class AccountingError(Exception):
    """A SKU read was neither converted nor rejected: an internal error, exit code 3."""

    exit_code = 3
    code = "internal.accounting"
