"""Text helpers the mapping rules share: word patterns, scripts, casing and numbers for people."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

# Scripts written without spaces between words: their rule words match anywhere in the text.
_UNSPACED_RANGES = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x2E80, 0x2FDF),  # CJK radicals
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0x20000, 0x3134F),  # CJK extensions B-G
)

# A character of one of those scripts.
UNSPACED_CHARACTER = re.compile(
    "[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in _UNSPACED_RANGES) + "]"
)

NUMBER_PLACEHOLDER = "{n}"

# Clothing and shoe sizes written in capitals stay in capitals (S, M, XL, XXL, 3XL, XXS).
_SIZE = re.compile(r"^(?:X{0,4}[SML]|\d?X{1,4}[SL])$")


def is_size(word: str) -> bool:
    """True for a clothing size written as a letter code: S, M, XL, XXL, 3XL, xs."""
    return bool(_SIZE.match(word.upper()))


def is_unspaced(text: str) -> bool:
    """True when `text` holds a character of a script written without spaces (Chinese, Thai)."""
    return any(low <= ord(char) <= high for char in text for low, high in _UNSPACED_RANGES)


def phrase_pattern(phrase: str) -> str:
    """A regex matching `phrase` as whole words (any run of whitespace between its words).

    A phrase in a script written without spaces matches anywhere. `{n}` stands for a number, and
    may touch the word beside it (`isi {n}` matches `isi 12` and `isi12`).
    """
    core, bounded_start = _phrase_parts(phrase)
    return _WORD_START + core if bounded_start else core


def alternation(phrases: list[str]) -> str:
    """One regex matching any of `phrases` (as `phrase_pattern` does), earlier phrases first.

    The phrases that start at a word boundary share a single boundary check, which makes the
    search many times faster than one check per phrase.
    """
    parts = [_phrase_parts(phrase) for phrase in phrases]
    bounded = [core for core, bounded_start in parts if bounded_start]
    free = [core for core, bounded_start in parts if not bounded_start]
    grouped = [f"{_WORD_START}(?:{'|'.join(bounded)})"] if bounded else []
    return "|".join(grouped + free)


_WORD_START = r"(?<!\w)"


def _phrase_parts(phrase: str) -> tuple[str, bool]:
    """(pattern without its leading word boundary, whether it needs one)."""
    parts = phrase.split()
    if not parts:
        raise ValueError("an empty word cannot be matched")
    escaped = [re.escape(part).replace(re.escape(NUMBER_PLACEHOLDER), r"\d+") for part in parts]
    pattern = escaped[0]
    for previous, part, text in zip(parts, parts[1:], escaped[1:], strict=False):
        touching = previous.endswith(NUMBER_PLACEHOLDER) or part.startswith(NUMBER_PLACEHOLDER)
        pattern += (r"\s*" if touching else r"\s+") + text
    if is_unspaced(phrase):
        # `{n}米` starts where a number starts: tried inside a long run of digits, it would read
        # the rest of the run once per digit.
        return (r"(?<!\d)" + pattern if phrase.startswith(NUMBER_PLACEHOLDER) else pattern), False
    if _ends_with_word_char(phrase):
        pattern += r"(?!\w)"
    return pattern, _starts_with_word_char(phrase)


def _starts_with_word_char(text: str) -> bool:
    return text.startswith(NUMBER_PLACEHOLDER) or bool(re.match(r"\w", text))


def _ends_with_word_char(text: str) -> bool:
    return text.endswith(NUMBER_PLACEHOLDER) or bool(re.search(r"\w$", text))


def compile_phrases(phrases: list[str]) -> re.Pattern[str] | None:
    """One case-insensitive pattern for all `phrases`, longest first so `Hot Sale` beats `Hot`."""
    unique = {unicodedata.normalize("NFC", p.strip()).casefold(): p for p in phrases if p.strip()}
    if not unique:
        return None
    ordered = sorted(unique.values(), key=lambda phrase: (-len(phrase), phrase.casefold()))
    return re.compile(
        alternation([unicodedata.normalize("NFC", p) for p in ordered]), re.IGNORECASE
    )


def is_latin(word: str) -> bool:
    """True when every letter of `word` is Latin (ASCII or the Latin extensions Vietnamese uses)."""
    return word.isascii() or all(
        not char.isalpha() or ord(char) <= 0x024F or 0x1E00 <= ord(char) <= 0x1EFF for char in word
    )


def recase_word(word: str, keep_upper: frozenset[str], *, lower_too: bool = False) -> str:
    """Title Case for a Latin word in ALL CAPS (and, with `lower_too`, in all lower case).

    Sizes (XL, 3XL), words with digits (2PCS, 30S, model codes like SA-00001), single letters
    and the profile's acronyms (`titles.keep_upper`, e.g. USB) keep their capitals. Segments
    joined by `-` or `/` are recased one by one, so `T-SHIRT` becomes `T-Shirt`.
    """
    if any(char.isdigit() for char in word):
        return word
    if "-" in word or "/" in word:
        return "".join(
            recase_word(part, keep_upper, lower_too=lower_too) if part not in "-/" else part
            for part in re.split(r"([-/])", word)
        )
    if len(word) < 2 or not word.isalpha() or not is_latin(word):
        return word
    if word.isupper():
        if word in keep_upper or _SIZE.match(word):
            return word
        return word.capitalize()
    if lower_too and word.islower():
        return word[0].upper() + word[1:]
    return word


def format_number(value: Decimal) -> str:
    """A number as a seller reads it: `89,000`, `16,250`, `4.20`, `2.74`."""
    if value == value.to_integral_value():
        return f"{value.quantize(Decimal(1)):,}"
    return f"{value:,f}"


def format_price(amount: Decimal, currency: str) -> str:
    """A computed price with its decimals as rounded: `2.70 USD`, `1,250.00 USD`."""
    return f"{amount:,f} {currency}"


def collapse_spaces(text: str) -> str:
    return " ".join(text.split())


def cut_at_word(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters at the last space that fits (mid-word only when
    a single word is longer than the limit), without trailing punctuation."""
    if len(text) <= limit:
        return text
    head = text[: limit + 1]
    cut = head.rsplit(" ", 1)[0] if " " in head else text[:limit]
    return cut.rstrip(" -/,&.;:") or text[:limit]
