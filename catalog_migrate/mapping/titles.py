"""B2B titles and search keywords from a retail title.

Alibaba titles are at most 128 characters and keep only letters, digits, spaces and `- / , & .`;
repeated words and promotional words hurt them (target-formats §1.2, §1.3, §4, §5). Keywords are at
most three and contain no `,` or `;` (§1.2).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from catalog_migrate.mapping.notes import Notes
from catalog_migrate.mapping.text import compile_phrases, cut_at_word, recase_word
from catalog_migrate.profile import Titles

CODES = {
    "title.empty": "nothing is left of the title once retail words and symbols are removed; "
    "product not listed",
    "title.truncated": "the title was cut at a word boundary to fit the maximum length",
    "keywords.too_few": "fewer keywords than the profile asks for could be made",
    "title.contact_removed": "a phone number, link, e-mail or @handle was removed from the title "
    "(Alibaba.com titles carry no contact details)",
}

# The punctuation an Alibaba title keeps (target-formats §1.3 productTitle).
SEPARATORS = "-/,&."
_APOSTROPHES = frozenset("'’ʼ‘`")
_BRACKETS = frozenset("()[]{}<>【】（）〔〕「」『』《》")
_VARIATION_SELECTORS = ((0xFE00, 0xFE0F), (0xE0100, 0xE01EF))
_HASHTAG = r"(?<!\w)#\w+"
# Contact details are not allowed in an Alibaba.com title (target-formats §5): phone numbers
# (`0812-3456-7890`, `+62 812 3456 7890`, `WA 081234567890`), links, e-mail addresses, @handles.
# A phone number starts with `+` or `0` and has groups of 3-4 digits, so sizes (`36 37 38 39`) and
# capacities (`1000 2000 3000 lumen`) are not taken for one.
# Every run a part can repeat over is entered once: `\s*+` does not give spaces back, and an e-mail
# address starts where a run of address characters starts, so a long run of digits, spaces or dots
# costs time in proportion to its length, not its square.
_CONTACT = re.compile(
    r"(?i)(?:\b(?:wa|whatsapp|telp|tel|hp|line|wechat)\s*+(?:[:.]\s*+)?)?"
    r"(?<![\w+])(?:\+\d{1,3}[\s.-]?\(?\d{2,4}\)?|\(?0\d{2,4}\)?)(?:[\s.-]?\d{3,4}){2,3}(?!\w)"
    r"|\bhttps?://\S+|\bwww\.\S+|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<!\w)@\w+"
)
# Longer keywords read as product phrases; a title is split into phrases of at most this many words.
_KEYWORD_WORDS_TITLE = 3
_KEYWORD_WORDS_CATEGORY = 4


class _TitleCharacters(dict[int, int | str | None]):
    """A str.translate table, filled on first sight of each character.

    Letters of any script, digits, combining marks (Thai, Vietnamese), spaces and the kept
    punctuation stay; apostrophes are deleted (`Women's` -> `Womens`) unless kept (keywords may
    have them); everything else (emoji, symbols, brackets, other punctuation) becomes a space.
    """

    def __init__(self, *, keep_apostrophes: bool = False) -> None:
        super().__init__()
        self.keep_apostrophes = keep_apostrophes

    def __missing__(self, codepoint: int) -> int | str | None:
        char = chr(codepoint)
        category = unicodedata.category(char)
        is_mark = category in ("Mn", "Mc") and not any(
            low <= codepoint <= high for low, high in _VARIATION_SELECTORS
        )
        value: int | str | None = " "
        if char in _APOSTROPHES:
            value = codepoint if self.keep_apostrophes else None
        elif char in SEPARATORS or category[0] == "L" or category == "Nd" or is_mark:
            value = codepoint
        self[codepoint] = value
        return value


_TITLE_CHARACTERS = _TitleCharacters()
_KEYWORD_CHARACTERS = _TitleCharacters(keep_apostrophes=True)


@dataclass(frozen=True)
class TitleRules:
    """The profile's title rules, compiled once."""

    max_length: int
    keyword_count: int
    remove: re.Pattern[str]  # hashtags and every retail-only word of every language, longest first
    stop_words: frozenset[str]  # casefolded
    keep_upper: frozenset[str]


def compile_title_rules(titles: Titles) -> TitleRules:
    words = [
        word for language in sorted(titles.remove_words) for word in titles.remove_words[language]
    ]
    phrases = compile_phrases(words)
    return TitleRules(
        max_length=titles.max_length,
        keyword_count=titles.keyword_count,
        remove=re.compile("|".join(filter(None, [_HASHTAG, phrases and phrases.pattern])), re.I),
        stop_words=frozenset(word.casefold() for word in titles.stop_words),
        keep_upper=frozenset(word.upper() for word in titles.keep_upper),
    )


@dataclass(frozen=True)
class CleanTitle:
    text: str  # the B2B title, within the maximum length
    words: tuple[str, ...]  # every word of the cleaned title before any cut, for keywords


def clean_title(raw: str, rules: TitleRules, notes: Notes) -> CleanTitle | None:
    """The B2B title, or None (with the error `title.empty`) when nothing usable is left."""
    text = unicodedata.normalize("NFC", raw)
    removed: list[str] = []

    def remove(match: re.Match[str]) -> str:
        removed.append(" ".join(match.group().split()))
        return " "

    contacts: list[str] = []

    def remove_contact(match: re.Match[str]) -> str:
        contacts.append(" ".join(match.group().split()))
        return " "

    text = _CONTACT.sub(remove_contact, text)
    if contacts:
        notes.warning(
            "title.contact_removed",
            f"contact details removed from the title: {', '.join(contacts)}",
            field="title",
        )
    text = rules.remove.sub(remove, text)
    symbols = _dropped_symbols(text)
    tokens, repeated = _without_repeats(text.translate(_TITLE_CHARACTERS).split(), rules.stop_words)
    tokens = _tidy_separators(tokens)
    recased_tokens = [_recase(token, rules.keep_upper) for token in tokens]
    recased = [old for old, new in zip(tokens, recased_tokens, strict=True) if old != new]
    tokens = recased_tokens
    full = " ".join(tokens)
    if not full:
        notes.error(
            "title.empty",
            f"nothing is left of the title {raw.strip()!r} after removing retail words and symbols",
            field="title",
        )
        return None
    title = cut_at_word(full, rules.max_length)
    if title != full:
        notes.warning(
            "title.truncated",
            f"the title was cut to {len(title)} characters (limit {rules.max_length}); "
            f"left out: {full[len(title) :].strip()!r}",
            field="title",
        )
    changes = [
        ("contact details", ", ".join(contacts)),
        ("removed", ", ".join(dict.fromkeys(removed))),
        ("symbols", " ".join(symbols)),
        ("repeated", ", ".join(repeated)),
        ("recased", ", ".join(dict.fromkeys(recased))),
    ]
    described = "; ".join(f"{what}: {items}" for what, items in changes if items)
    if title != full:
        described = f"{described}; cut at a word boundary to {rules.max_length} characters".lstrip(
            "; "
        )
    notes.trace(
        "title", title, f"title.clean {described}" if described else "title.clean unchanged"
    )
    return CleanTitle(text=title, words=tuple(tokens))


def _dropped_symbols(text: str) -> list[str]:
    """The characters the title filter will remove, brackets and spaces aside, in order."""
    return [
        char
        for char in dict.fromkeys(text)
        if _TITLE_CHARACTERS[ord(char)] == " " and not char.isspace() and char not in _BRACKETS
    ]


def _without_repeats(tokens: list[str], stop_words: frozenset[str]) -> tuple[list[str], list[str]]:
    """Later repeats of a word are dropped (`Kaos Polos Kaos` -> `Kaos Polos`).

    Numbers, single letters and stop words may repeat: `2 in 1 ... 2 Warna` keeps its numbers.
    """
    seen: set[str] = set()
    kept: list[str] = []
    repeated: dict[str, str] = {}  # casefolded -> the first repeat as written
    for token in tokens:
        key = token.strip(SEPARATORS).casefold()
        if sum(char.isalpha() for char in key) >= 2 and key not in stop_words:
            if key in seen:
                repeated.setdefault(key, token.strip(SEPARATORS))
                continue
            seen.add(key)
        kept.append(token)
    return kept, list(repeated.values())


def _tidy_separators(tokens: list[str]) -> list[str]:
    """Separators stay only between words: no leading, trailing or doubled `-`, `/`, `,`, ..."""
    tidy: list[str] = []
    for token in tokens:
        core = token.strip(SEPARATORS)
        if not core:
            if tidy and tidy[-1][-1] not in SEPARATORS:
                tidy.append(token[0])
            continue
        trailing = token[-1] if token[-1] in ",." else ""
        tidy.append(token.lstrip(SEPARATORS).rstrip(SEPARATORS) + trailing)
    while tidy and not tidy[-1].strip(SEPARATORS):
        tidy.pop()
    if tidy:
        tidy[-1] = tidy[-1].rstrip(SEPARATORS)
    return tidy


def _recase(token: str, keep_upper: frozenset[str]) -> str:
    core = token.rstrip(",.")
    return recase_word(core, keep_upper) + token[len(core) :]


def make_keywords(
    title: CleanTitle, category_leaf: str, rules: TitleRules, notes: Notes
) -> list[str]:
    """Up to `keyword_count` distinct keyword phrases: the category's last level, then the title's
    phrases (split at stop words and punctuation), then single title words. None contains `,` or
    `;` (target-formats §1.2).
    """
    if rules.keyword_count == 0:
        return []
    leaf_words = _tidy_separators(category_leaf.translate(_KEYWORD_CHARACTERS).split())
    candidates = [
        *_phrases(
            [_recase(word, rules.keep_upper) for word in leaf_words], rules, _KEYWORD_WORDS_CATEGORY
        ),
        *_phrases(list(title.words), rules, _KEYWORD_WORDS_TITLE),
        # When the phrases are too few, single title words of 3 or more letters fill in.
        *_phrases([word for word in title.words if _letters(word) >= 3], rules, 1),
    ]
    keywords: list[str] = []
    seen: set[str] = set()
    for phrase in candidates:
        key = phrase.casefold()
        if key not in seen:
            seen.add(key)
            keywords.append(phrase)
        if len(keywords) == rules.keyword_count:
            break
    source = f"the category {category_leaf!r} and the title" if category_leaf else "the title"
    notes.trace(
        "keywords", ", ".join(keywords), f"keywords.phrases from {source}, without stop words"
    )
    if len(keywords) < rules.keyword_count:
        notes.warning(
            "keywords.too_few",
            f"only {len(keywords)} of {rules.keyword_count} keywords could be made from {source}",
            field="keywords",
        )
    return keywords


def _letters(word: str) -> int:
    return sum(char.isalpha() for char in word)


def _phrases(tokens: list[str], rules: TitleRules, max_words: int) -> list[str]:
    """Runs of words broken at stop words and punctuation, at most `max_words` long each."""
    phrases: list[str] = []
    current: list[str] = []

    def close() -> None:
        if any(char.isalpha() for word in current for char in word):
            phrases.append(" ".join(current))
        current.clear()

    for token in tokens:
        word = token.strip(SEPARATORS)
        if not word or word.casefold() in rules.stop_words:
            close()
            continue
        current.append(word)
        if len(current) == max_words or token[-1] in SEPARATORS:
            close()
    close()
    return phrases
