"""Splitting text into words, numbers, spaces and punctuation, and which words are never translated.

Protected tokens are kept exactly as written in every engine's output: numbers with international
units (`500ml`, `6500K`, `70x140cm`), model numbers (`A52`, `X-200`), clothing sizes (`XL`, `2XL`)
and acronyms the source wrote in capitals (`PD`, `TPE`, `LED`).
"""

from __future__ import annotations

import re
from typing import NamedTuple

# One alternation, each branch a run of one class, possessive: linear on any input.
_TOKEN = re.compile(r"\d++(?:[.,]\d++)*+[^\W_]*+|[^\W_]++(?:['’][^\W_]++)*+|\s++|.", re.DOTALL)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_ASCII_LOWER = re.compile(r"[a-z]")
_SIZES = frozenset({"xxs", "xs", "s", "m", "l", "xl", "xxl", "xxxl"})


class Token(NamedTuple):
    text: str
    kind: str  # "word", "space" or "mark"
    folded: str = ""  # the text without case, for matching; set for words
    is_word: bool = False


# A token built straight from its four fields, without the keyword handling of `Token(...)`.
_make_token = tuple.__new__


def tokenize(text: str) -> list[Token]:
    """A NamedTuple a token: a description has thousands of them, so they are cheap to make."""
    return tokenize_part(text, 0, len(text))


def tokenize_part(text: str, start: int, end: int) -> list[Token]:
    """The tokens of `text[start:end]`, where `end` is a cut from `next_cut` (or the end)."""
    tokens: list[Token] = []
    append = tokens.append
    make = _make_token
    for piece in _TOKEN.findall(text, start, end):
        first = piece[0]
        if first.isspace():
            append(make(Token, (piece, "space", "", False)))
        elif first.isalnum():
            append(make(Token, (piece, "word", piece.casefold(), True)))
        else:
            append(make(Token, (piece, "mark", "", False)))
    return tokens


def next_cut(text: str, start: int, size: int) -> int:
    """Where the text may be cut about `size` characters after `start` without changing a token.

    Only a space after a character that is not one: no token runs across it, and the run of
    spaces starting there is whole.
    """
    cut = text.find(" ", start + size)
    while cut > 0 and text[cut - 1].isspace():
        cut = text.find(" ", cut + 1)
    return len(text) if cut == -1 else cut


def is_number(word: str) -> bool:
    return _NUMBER.fullmatch(word) is not None


def is_protected(word: str, whole_text_upper: bool) -> bool:
    """A word kept as written: it carries a digit, is a size, or is an acronym in capitals."""
    # Letters alone hold no digit: most words are settled without looking at each character.
    if word[:1].isdigit() or (not word.isalpha() and any(char.isdigit() for char in word)):
        return True
    if word.casefold() in _SIZES and (word.isupper() or len(word) == 1):
        return True
    if len(word) == 1 and word.isascii() and word.isupper():
        return True  # option letters: Type A, Type B
    return (
        not whole_text_upper
        and len(word) >= 2
        and word.isupper()
        and word.isascii()
        and word.isalpha()
    )


def is_upper_text(text: str) -> bool:
    if not text.isupper() and _ASCII_LOWER.search(text) is not None:
        return False  # the common case, decided without building a list
    """Whole titles in capitals (`KAOS POLOS HITAM`) hold words, not acronyms."""
    ascii_letters = [char for char in text if char.isascii() and char.isalpha()]
    return len(ascii_letters) >= 8 and "".join(ascii_letters).isupper()


def protected_tokens(text: str, protect: frozenset[str]) -> list[str]:
    """The words of `text` that every engine must give back exactly as written."""
    upper = is_upper_text(text)
    return [
        token.text
        for token in tokenize(text)
        if token.is_word and (token.text.casefold() in protect or is_protected(token.text, upper))
    ]
