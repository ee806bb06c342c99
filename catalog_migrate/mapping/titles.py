"""B2B titles and search keywords from a retail title.

A B2B title keeps letters, digits, spaces and `- / , & .`; repeated and promotional words hurt it
(target-formats §1.3, §4, §5). Keywords contain no `,` or `;` (§1.2). How long a title is and how
many keywords there are is the seller's choice (`titles.max_length`, `titles.keyword_count`; no
limit when unset); each target then fits the listing to what its channel takes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from catalog_migrate.mapping.fit import cut_title
from catalog_migrate.mapping.notes import Notes
from catalog_migrate.mapping.text import (
    NUMBER_PLACEHOLDER,
    UNSPACED_CHARACTER,
    compile_phrases,
    is_latin,
    is_unspaced,
    recase_word,
)
from catalog_migrate.profile import Titles

CODES = {
    "title.empty": "nothing is left of the title once retail words and symbols are removed; "
    "product not listed",
    "keywords.too_few": "no keyword could be made: neither the title nor the category holds a "
    "product phrase",
    "title.contact_removed": "a phone number, link, e-mail or @handle was removed from the title "
    "(Alibaba.com titles carry no contact details)",
}

# The punctuation a B2B title keeps between words (target-formats §1.3 productTitle); a target
# whose channel keeps less says so in its limits (`title_punctuation`) and its rules check it.
SEPARATORS = "-/,&."
_APOSTROPHES = frozenset("'’ʼ‘`")
_BRACKETS = frozenset("()[]{}<>【】（）〔〕「」『』《》")
_VARIATION_SELECTORS = ((0xFE00, 0xFE0F), (0xE0100, 0xE01EF))
# A hashtag's word may hold combining marks (`#กระเป๋า`), which `\w` does not take.
_HASHTAG = (
    r"(?<!\w)#[\w\u0300-\u036f\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u0eb1\u0eb4-\u0ebc\u0ec8-\u0ecd]+"
)
_FIRST_WORD = re.compile(r"\w+")
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
# `+` between two words (spaces around it or not); each run of spaces is read once.
_PLUS = re.compile(r"(?<=\w)\s*+\+(?:\s*+\+)*+\s*+(?=\w)")
# A terminal's escape sequence pasted into a title (a colour, a clipboard write): dropped whole,
# so its letters (`52;c;ZWNobw==`) do not stay behind as words. An OSC runs to BEL or ST.
_TERMINAL_SEQUENCE = re.compile(
    r"\x1b\][^\x07\x1b]*+(?:\x07|\x1b\\)?|\x1b\[[0-?]*+[ -/]*+[@-~]?|\x1b[ -/]*+[0-~]?"
)


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

    max_length: int | None  # None: as long as the channel takes
    keyword_count: int | None  # None: every product phrase the title holds
    remove: re.Pattern[str]  # hashtags and every retail-only word of every language, longest first
    # The first word of every retail word (casefolded), None when one starts with a number
    # placeholder or a symbol: descriptions without any of them skip `remove`.
    remove_first_words: frozenset[str] | None
    stop_words: frozenset[str]  # casefolded
    keep_upper: frozenset[str]
    plus_word: str
    edge_words: frozenset[str]  # casefolded
    # casefolded product noun -> the languages that list it; nouns of scripts without spaces
    # (Chinese, Thai) are found inside a word, longest first.
    head_nouns: dict[str, tuple[str, ...]]
    unspaced_head_nouns: tuple[tuple[str, tuple[str, ...]], ...]
    head_first: frozenset[str]

    def head_languages(self, word: str) -> tuple[str, ...]:
        """The languages in which `word` (a title word) is a product noun; () for none."""
        key = word.strip(SEPARATORS).casefold()
        found = self.head_nouns.get(key)
        if found is not None:
            return found
        if self.unspaced_head_nouns and UNSPACED_CHARACTER.search(key):
            for noun, languages in self.unspaced_head_nouns:
                if noun in key:
                    return languages
        return ()


def compile_title_rules(titles: Titles) -> TitleRules:
    words = [
        word for language in sorted(titles.remove_words) for word in titles.remove_words[language]
    ]
    phrases = compile_phrases(words)
    head_nouns: dict[str, list[str]] = {}
    for language, nouns in titles.head_nouns.items():
        for noun in nouns:
            # A noun of two words (`jam tangan`, `screen protector`) is known by its head word.
            parts = unicodedata.normalize("NFC", noun).casefold().split()
            if not parts:
                continue
            key = parts[0] if language in titles.head_first else parts[-1]
            if language not in head_nouns.setdefault(key, []):
                head_nouns[key].append(language)
    return TitleRules(
        max_length=titles.max_length,
        keyword_count=titles.keyword_count,
        remove=re.compile("|".join(filter(None, [_HASHTAG, phrases and phrases.pattern])), re.I),
        remove_first_words=_first_words(words),
        stop_words=frozenset(word.casefold() for word in titles.stop_words),
        keep_upper=frozenset(word.upper() for word in titles.keep_upper),
        plus_word=titles.plus_word.strip(),
        edge_words=frozenset(word.strip().casefold() for word in titles.edge_words),
        head_nouns={noun: tuple(languages) for noun, languages in head_nouns.items()},
        unspaced_head_nouns=tuple(
            (noun, tuple(languages))
            for noun, languages in sorted(head_nouns.items(), key=lambda item: -len(item[0]))
            if is_unspaced(noun)
        ),
        head_first=frozenset(titles.head_first),
    )


def _first_words(phrases: list[str]) -> frozenset[str] | None:
    firsts: set[str] = set()
    for phrase in phrases:
        text = unicodedata.normalize("NFC", phrase).casefold().strip()
        first = _FIRST_WORD.match(text)
        if not text:
            continue
        if first is None or text.startswith(NUMBER_PLACEHOLDER):
            return None
        firsts.add(first.group())
    return frozenset(firsts)


@dataclass(frozen=True)
class CleanTitle:
    text: str  # the B2B title, within the maximum length
    words: tuple[str, ...]  # every word of the cleaned title before any cut, for keywords


def clean_title(raw: str, rules: TitleRules, notes: Notes) -> CleanTitle | None:
    """The B2B title, or None (with the error `title.empty`) when nothing usable is left."""
    text = unicodedata.normalize("NFC", raw)
    if "\x1b" in text:
        text = _TERMINAL_SEQUENCE.sub(" ", text)
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
    pluses: list[str] = []
    if rules.plus_word and "+" in text:
        text = _PLUS.sub(lambda match: _read_plus(match, rules.plus_word, pluses), text)
    symbols = _dropped_symbols(text)
    tokens = text.translate(_TITLE_CHARACTERS).split()
    # At the start only in capitals before a word that is not (`HOT Kaos`, not `Hot Water Bottle`).
    while (
        len(tokens) > 1
        and tokens[0].strip(SEPARATORS).casefold() in rules.edge_words
        and tokens[0].isupper()
        and not tokens[1].isupper()
    ):
        removed.append(tokens.pop(0).strip(SEPARATORS))
    while tokens and tokens[-1].strip(SEPARATORS).casefold() in rules.edge_words:
        removed.append(tokens.pop().strip(SEPARATORS))
    tokens, repeated = _without_repeats(tokens, rules)
    tokens = _tidy_separators(tokens)
    shouting = _in_capitals(tokens)
    recased_tokens = [_recase(token, rules.keep_upper, shouting=shouting) for token in tokens]
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
    title = cut_title(full, rules.max_length, notes)
    changes = [
        ("contact details", ", ".join(contacts)),
        ("removed", ", ".join(dict.fromkeys(removed))),
        ("+ read as", rules.plus_word if pluses else ""),
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


def _without_repeats(tokens: list[str], rules: TitleRules) -> tuple[list[str], list[str]]:
    """Later repeats of a word are dropped (`Kaos Polos Kaos` -> `Kaos Polos`).

    Numbers, single letters and stop words may repeat: `2 in 1 ... 2 Warna` keeps its numbers. A
    product noun is kept when it names the product of a later phrase (`Pillow Cover and Sofa
    Pillow`): it is dropped only as a repeat inside the phrase that already has it.
    """
    seen: set[str] = set()
    in_phrase: set[str] = set()  # the words of the current phrase (since a stop word or separator)
    kept: list[str] = []
    repeated: dict[str, str] = {}  # casefolded -> the first repeat as written
    for token in tokens:
        key = token.strip(SEPARATORS).casefold()
        if not key or key in rules.stop_words or token[0] in SEPARATORS:
            in_phrase.clear()
        if sum(char.isalpha() for char in key) >= 2 and key not in rules.stop_words:
            if key in seen and (key in in_phrase or not rules.head_languages(key)):
                repeated.setdefault(key, token.strip(SEPARATORS))
                if kept and kept[-1].casefold() == token.casefold() and kept[-1].isupper():
                    kept[-1] = token  # `HOT Hot Water Bottle`: the word as written in the title
                continue
            seen.add(key)
            in_phrase.add(key)
        kept.append(token)
        if token[-1] in SEPARATORS:
            in_phrase.clear()
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


def _in_capitals(tokens: list[str]) -> bool:
    """True when most Latin words of the title are written in capitals (`KAOS POLOS WANITA`)."""
    words = [token for token in tokens if _letters(token) >= 2 and is_latin(token)]
    return sum(token.isupper() for token in words) * 2 > len(words)


def _recase(token: str, keep_upper: frozenset[str], *, shouting: bool = True) -> str:
    """Title Case for a word in capitals, acronyms aside.

    An acronym is a word of `keep_upper`, a word in capitals without a vowel (SSD, HP), or, in a
    title not written all in capitals, a word of 2-3 capitals (PD, TPE): its seller chose them.
    """
    core = token.rstrip(",.")
    if core.isupper() and core.isalpha() and is_latin(core):
        vowels = sum(char in "AEIOUY" for char in core)
        if not vowels or (not shouting and len(core) <= 3):
            return token
    return recase_word(core, keep_upper) + token[len(core) :]


def _read_plus(match: re.Match[str], plus_word: str, read: list[str]) -> str:
    """` with ` for `+` between words; between two numbers (`2+1`) it stays a separator."""
    text = match.string
    if text[match.start() - 1].isdigit() and text[match.end()].isdigit():
        return match.group()
    read.append(plus_word)
    return f" {plus_word} "


def make_keywords(
    title: CleanTitle, category_leaf: str, rules: TitleRules, notes: Notes
) -> list[str]:
    """Up to `keyword_count` distinct product phrases, in the script of the title.

    A product phrase is a product noun of the profile's `head_nouns` with the words that describe
    it in its run of words (between stop words, punctuation and numbers with their units): `Laptop
    Backpack` (the noun last, English), `Tas Ransel Laptop` (the noun first, Indonesian). A
    phrase is never cut inside: one longer than three words gives the noun and its nearest word.
    The category's last level comes first when it is written in the title's script. None
    contains `,` or `;` (target-formats §1.2).
    """
    if rules.keyword_count == 0:
        return []
    script = _main_script(" ".join(title.words))
    leaf_words = _tidy_separators(category_leaf.translate(_KEYWORD_CHARACTERS).split())
    leaf = " ".join(
        word for word in (_recase(w, rules.keep_upper).strip(",") for w in leaf_words) if word
    )
    segments = _segments(list(title.words), rules)
    phrases, shorter, nouns = _product_phrases(segments, rules)
    candidates = [
        *([leaf] if leaf and _in_script(leaf, script) else []),
        *phrases,
        *shorter,
        *nouns,
    ]
    if not phrases:
        # A title without a known product noun: its complete phrases of 2 or 3 words.
        candidates.extend(
            " ".join(segment) for segment in segments if 2 <= len(segment) <= _PHRASE_WORDS
        )
    keywords: list[str] = []
    seen: set[str] = set()
    for phrase in candidates:
        key = phrase.casefold()
        if key not in seen and _in_script(phrase, script):
            seen.add(key)
            keywords.append(phrase)
        if len(keywords) == rules.keyword_count:
            break
    source = f"the category {category_leaf!r} and the title" if category_leaf else "the title"
    notes.trace("keywords", ", ".join(keywords), f"keywords.phrases product phrases from {source}")
    if not keywords:
        # Fewer product phrases than asked for is normal: the rest are not made up from windows
        # of words. None at all is worth a look.
        notes.warning(
            "keywords.too_few",
            f"no keyword could be made from {source}: no product phrase was found",
            field="keywords",
        )
    return keywords


# A product phrase has at most this many words; a longer one is shortened to its noun and the
# word next to it (`Waterproof Anti Theft Laptop Backpack` -> `Laptop Backpack`).
_PHRASE_WORDS = 3
# Words that measure the number before them (`15.6 inch`): they describe no product.
_MEASURES = frozenset(
    [
        "inch",
        "in",
        "cm",
        "mm",
        "m",
        "ml",
        "l",
        "liter",
        "litre",
        "kg",
        "g",
        "gr",
        "gram",
        "oz",
        "w",
        "watt",
        "v",
        "mah",
        "gb",
        "tb",
        "pcs",
        "pc",
        "x",
    ]
)


def _letters(word: str) -> int:
    return sum(char.isalpha() for char in word)


def _has_digit(word: str) -> bool:
    return any(char.isdigit() for char in word)


def _scripts(text: str) -> dict[str, int]:
    """How many letters of `text` each script has: `Latin`, `THAI`, `CJK`, ..."""
    if text.isascii():
        letters = sum(char.isalpha() for char in text)
        return {"Latin": letters} if letters else {}
    counts: dict[str, int] = {}
    for char in text:
        if char.isalpha():
            script = "Latin" if is_latin(char) else unicodedata.name(char, "?").split()[0]
            counts[script] = counts.get(script, 0) + 1
    return counts


def _main_script(text: str) -> str:
    counts = _scripts(text)
    return max(counts, key=lambda script: counts[script]) if counts else ""


def _in_script(phrase: str, script: str) -> bool:
    """True when no script has more of the phrase's letters than `script` (`T恤` is Chinese)."""
    counts = _scripts(phrase)
    return counts.get(script, 0) >= max(counts.values(), default=0) > 0


def _segments(tokens: list[str], rules: TitleRules) -> list[list[str]]:
    """The title's runs of words between stop words, punctuation and numbers with their units."""
    segments: list[list[str]] = [[]]
    after_number = False
    for token in tokens:
        word = token.strip(SEPARATORS)
        key = word.casefold()
        # The word after a number measures it (`15.6 inch`, `2 Tier`) unless it names a product.
        measure = after_number and (key in _MEASURES or not rules.head_languages(key))
        after_number = _has_digit(word)
        if not word or key in rules.stop_words or after_number or measure:
            segments.append([])
            continue
        if token[0] in SEPARATORS:
            segments.append([])
        segments[-1].append(word)
        if token[-1] in SEPARATORS:
            segments.append([])
    return [segment for segment in segments if segment]


def _product_phrases(
    segments: list[list[str]], rules: TitleRules
) -> tuple[list[str], list[str], list[str]]:
    """(whole product phrases, their two-word forms, the product nouns alone), in title order.

    Each run of words between stop words and punctuation names one product: by its first product
    noun where nouns come first (`Kemeja Flanel Pria Kotak`: `Kotak` is the pattern), by its last
    where they come last.
    """
    languages = [[rules.head_languages(word) for word in segment] for segment in segments]
    head_first = _head_first(segments, languages, rules)
    phrases: list[str] = []
    shorter: list[str] = []
    nouns: list[str] = []
    for segment, found in zip(segments, languages, strict=True):
        heads = [bool(languages_of) for languages_of in found]
        if head_first:
            segment, heads = segment[::-1], heads[::-1]
        if not any(heads):
            continue
        # The run of nouns nearest the phrase's end is one noun (`Phone Case`, `Tas Ransel`).
        index = len(heads) - 1 - heads[::-1].index(True)
        noun_start = index
        while noun_start > 0 and heads[noun_start - 1]:
            noun_start -= 1
        words = segment[: index + 1]
        noun = segment[noun_start : index + 1]
        two = segment[min(noun_start, max(index - 1, 0)) : index + 1]
        if len(words) > _PHRASE_WORDS:
            words = two
        if head_first:
            words, noun, two = words[::-1], noun[::-1], two[::-1]
        phrases.append(" ".join(words))
        shorter.append(" ".join(two))
        nouns.append(" ".join(noun))
    return phrases, shorter, nouns


def _head_first(
    segments: list[list[str]], languages: list[list[tuple[str, ...]]], rules: TitleRules
) -> bool:
    """Whether the title puts its product nouns first: by the languages most of its nouns belong
    to, and when they are as many each way, by where its first noun stands in its phrase."""
    first = last = 0
    for of_segment in languages:
        for of_word in of_segment:
            first += any(language in rules.head_first for language in of_word)
            last += any(language not in rules.head_first for language in of_word)
    if first != last:
        return first > last
    for segment, of_segment in zip(segments, languages, strict=True):
        for position, of_word in enumerate(of_segment):
            if of_word:
                return position == 0 and len(segment) > 1
    return False
