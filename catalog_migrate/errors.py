"""Errors that stop a run before anything is written. Each carries one line for the user."""

from __future__ import annotations


class UserError(Exception):
    """Bad input or usage: exit code 2, the message shown as one line, no traceback."""

    exit_code = 2


class InputError(UserError):
    """An input file cannot be read as it is: corrupt, hostile, encrypted, wrong type, unknown."""


class AccountingError(Exception):
    """A SKU read was neither converted nor rejected: an internal error, exit code 3."""

    exit_code = 3
