"""The formula rule for text files a spreadsheet may open (OWASP CSV injection).

A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is run as a formula by
spreadsheet apps; such text is written with a leading apostrophe, which they show as text.
"""

from __future__ import annotations

import re

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Text guarded with an apostrophe: a formula start, or apostrophes before one. Guarding the second
# kind too makes the guard removable without ambiguity: `restore_formula_text` undoes it exactly.
_GUARDED = re.compile(r"'*[=+\-@\t\r]")


def neutralise_formula(text: str) -> str:
    """Prefix an apostrophe to text a spreadsheet would run as a formula (OWASP CSV injection).

    Text that is apostrophes followed by a formula start (`'=x`) gets one too, so that reading a
    file back with `restore_formula_text` gives the original text whatever it was.
    """
    if text.startswith(_FORMULA_STARTS) or (text.startswith("'") and _GUARDED.match(text)):
        return "'" + text
    return text


def restore_formula_text(text: str) -> str:
    """The text `neutralise_formula` was given: one guarding apostrophe removed, if there is one."""
    return text[1:] if text.startswith("'") and _GUARDED.match(text, 1) else text
