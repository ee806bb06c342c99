"""The offline engine: phrase tables per source language, longest phrase first.

A table is a TSV file `mappings/glossary/<lang>.tsv` with `source<TAB>target[<TAB>tag]` per line
(`#` starts a comment). `{n}` stands for a number in both columns (`{n} bulan` -> `{n} months`).
Tag `n` marks a head noun: Indonesian, Malay, Vietnamese, Thai and Filipino put the noun before its
modifiers (`Tas Ransel Laptop`), English after (`Laptop Backpack`), so a head noun that opens a
phrase moves to its end. Tag `p` marks a joining word (`untuk` -> `for`) that ends a phrase.

Words already in English (`en.txt` plus every word the tables translate into) and protected tokens
(numbers with units, sizes, acronyms, the seller's own list) count as covered and stay as written.
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from catalog_migrate.translate.tokens import (
    Token,
    is_number,
    is_protected,
    is_upper_text,
    next_cut,
    tokenize,
    tokenize_part,
)

NUMBER_SLOT = "{n}"
# A text with more words no table covers than this is given up on at once (it stays as written).
MISSING_KEPT = 5
HEAD_INITIAL = frozenset({"id", "ms", "vi", "tl", "th"})
# Marks that end a phrase for reordering; `+` reads as "with" (a bundle: `Mukena + Tas`).
_PHRASE_BREAKS = frozenset(",;|/+()[]-–—:")
_JOINING = frozenset({"and", "for", "with", "without", "or"})
_SMALL_WORDS = frozenset({"a", "an", "and", "for", "in", "of", "on", "or", "to", "with", "the"})
# Scripts written without spaces between words: matched character by character.
_UNSPACED = frozenset({"th", "zh"})
# Text is tokenised this many characters at a time, as far as it is read.
_CHUNK = 80


@dataclass(frozen=True, slots=True)
class Entry:
    words: tuple[str, ...]
    target: str
    tag: str = ""


@dataclass(frozen=True, slots=True)
class GlossaryResult:
    text: str  # the translation when complete, else the source text unchanged
    complete: bool  # every word was translated, protected or already English
    changed: bool  # at least one phrase was translated
    missing: tuple[str, ...] = ()  # the words no table covers


class _Tokens:
    """The tokens of one text, made only as far as they are read.

    A text given up on after a few unknown words is not tokenised whole, and the tables of a
    language's family read the same text in turn from the one list.
    """

    __slots__ = ("items", "position", "split", "text")

    def __init__(self, text: str, split: bool) -> None:
        self.text = text
        self.split = split  # Thai and Chinese: a token a character
        self.items: list[Token] = []
        self.position = 0  # how far the text is tokenised

    def reach(self, count: int) -> None:
        """Tokenise until there are more than `count` tokens, or the text is done."""
        text = self.text
        items = self.items
        while len(items) <= count and self.position < len(text):
            cut = next_cut(text, self.position, _CHUNK)
            part = tokenize_part(text, self.position, cut)
            self.position = cut
            if self.split:
                part = _split_characters(part)
            items.extend(part)

    def all(self) -> list[Token]:
        self.reach(len(self.text))
        return self.items


# Per thread, the last text tokenised, plain and split (see `_Tokens`).
_RECENT = threading.local()


def _split_characters(tokens: list[Token]) -> list[Token]:
    # Thai and Chinese: every letter and combining mark is matched one character at a time.
    split: list[Token] = []
    for token in tokens:
        if token.kind != "space" and not token.text.isascii():
            split.extend(Token(char, "word", char.casefold(), True) for char in token.text)
        else:
            split.append(token)
    return split


class _Node:
    """A node of the phrase trie: the words that may come next, and the phrase ending here."""

    __slots__ = ("children", "entry")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.entry: Entry | None = None


@dataclass(slots=True)
class _Unit:
    text: str
    kind: str  # "word" (translated, kept or protected), "space" or "mark"
    tag: str = ""
    translated: bool = False


# A `_Unit`'s fields, in order: cheaper to make for the many texts that stay as written.
_Part = tuple[str, str, str, bool]


@dataclass
class Glossary:
    """One source language's phrase table."""

    language: str
    entries: list[Entry] = field(default_factory=list)
    _trie: _Node = field(default_factory=_Node)  # words -> phrase; matched longest first
    # Whole values read one way only under one field (`Kotak` is a box, but as a Pattern plaid):
    # (field name, value) -> target, both without case.
    values: dict[tuple[str, str], str] = field(default_factory=dict)
    english: frozenset[str] = frozenset()
    # The most tokens a phrase of the table spans (a word and a space or hyphen a word).
    _span: int = 1

    @property
    def head_initial(self) -> bool:
        return self.language in HEAD_INITIAL

    def add(self, source: str, target: str, tag: str = "") -> None:
        words = tuple(_fold(word) for word in source.split())
        if self.language in _UNSPACED and len(words) == 1:
            words = tuple(words[0])
        entry = Entry(words, target, tag)
        self.entries.append(entry)
        self._span = max(self._span, 2 * len(words) + 1)
        node = self._trie
        for word in words:
            node = node.children.setdefault(word, _Node())
        if node.entry is None:  # the first entry of a phrase wins
            node.entry = entry

    def translate(
        self,
        text: str,
        *,
        casing: str = "value",
        protect: frozenset[str] = frozenset(),
        context: str = "",
    ) -> GlossaryResult:
        """Translate `text` whole, or return it unchanged with the words nothing covers.

        casing: "title" (each translated word capitalised), "value" (first letter capitalised) or
        "sentence" (as the table writes it, first letter following the source). context: the
        field a value belongs to (`Pattern`), for the values read one way only there.
        """
        source = unicodedata.normalize("NFC", text)
        if context:
            target = self.values.get((context.casefold(), " ".join(_fold(source).split())))
            if target is not None:
                return GlossaryResult(recase(target, casing, source), True, True, ())
        parts, missing, changed = self._units(source, protect)
        if missing or not changed:
            return GlossaryResult(text, not missing, False, tuple(missing))
        units = [_Unit(*part) for part in parts]
        if self.head_initial:
            units = _heads_last(units)
        if self.language in _UNSPACED:
            units = _spaced(units)
        translated = _joined(units, casing, source)
        return GlossaryResult(translated, True, translated != text, ())

    def local_words(self, text: str) -> int:
        """How many words of `text` this table reads as its own language (not English ones)."""
        tokens = self._tokens(unicodedata.normalize("NFC", text)).all()
        first = self._trie.children
        numbers_first = NUMBER_SLOT in first
        count = 0
        index = 0
        while index < len(tokens):
            token = tokens[index]
            could_start = token.is_word and (
                token.folded in first or (numbers_first and token.text[0].isdigit())
            )
            match = self._match(tokens, index) if could_start else None
            if match is None:
                index += 1
                continue
            entry, end, _ = match
            count += sum(
                1 for word in entry.words if word != NUMBER_SLOT and not self.is_english(word)
            )
            index = end
        return count

    def substitute(self, text: str, *, protect: frozenset[str] = frozenset()) -> str:
        """`text` with every phrase the table covers already in English, the rest as written.

        What an engine is sent, so that the glossary's terms hold in its output too.
        """
        source = unicodedata.normalize("NFC", text)
        parts, _, changed = self._units(source, protect)
        if not changed:
            return text
        units = [_Unit(*part) for part in parts]
        if self.language in _UNSPACED:
            units = _spaced(units)
        return "".join(unit.text for unit in units)

    def _units(self, text: str, protect: frozenset[str]) -> tuple[list[_Part], list[str], bool]:
        """The text's words, spaces and marks, translated where a phrase matches; the words
        nothing covers; whether a phrase matched. Given up on after `MISSING_KEPT` words."""
        stream = self._tokens(text)
        tokens = stream.items  # grows as `stream.reach` is called
        span = self._span
        length = len(text)
        first = self._trie.children
        numbers_first = NUMBER_SLOT in first
        upper = is_upper_text(text)
        units: list[_Part] = []  # made into `_Unit`s only when a translation is put together
        missing: list[str] = []
        changed = False
        index = 0
        while True:
            if index + span >= len(tokens):
                if stream.position < length:
                    stream.reach(index + span)  # every token a phrase from here may read
                if index >= len(tokens):
                    break
            token = tokens[index]
            if not token.is_word:
                units.append((token.text, token.kind, "", False))
                index += 1
                continue
            # Most words start no phrase: the trie's first level settles them.
            could_start = token.folded in first or (numbers_first and token.text[0].isdigit())
            match = self._match(tokens, index) if could_start else None
            if match is not None:
                entry, end, number = match
                target = entry.target.replace(NUMBER_SLOT, number)
                units.append((target, "word", entry.tag, True))
                changed = True
                index = end
                continue
            word = token.text
            folded = token.folded
            units.append((word, "word", "", False))
            if not (folded in protect or self.is_english(folded) or is_protected(word, upper)):
                missing.append(word)
                if len(missing) > MISSING_KEPT:
                    break  # the text stays as written: naming a few words is enough
            index += 1
        return units, missing, changed

    def is_english(self, folded: str) -> bool:
        """An English word, its plural or its possessive (`women's`, `dresses`, `shirts`)."""
        english = self.english
        if folded in english:
            return True
        if not folded.endswith("s"):
            return False
        stem = folded[:-1]
        # `-s`, then `-es`, `-'s` and `-’s`
        return stem in english or (stem[-1:] in ("e", "'", "’") and folded[:-2] in english)

    def _tokens(self, text: str) -> _Tokens:
        split = self.language in _UNSPACED
        name = "split" if split else "plain"
        recent: _Tokens | None = getattr(_RECENT, name, None)
        if recent is None or recent.text != text:
            recent = _Tokens(text, split)
            setattr(_RECENT, name, recent)
        return recent

    def _match(self, tokens: list[Token], start: int) -> tuple[Entry, int, str] | None:
        """The longest phrase starting at `start`: its entry, the index after it, its number."""
        return self._walk(self._trie, tokens, start, "")

    def _walk(
        self, node: _Node, tokens: list[Token], index: int, number: str
    ) -> tuple[Entry, int, str] | None:
        if index >= len(tokens) or not tokens[index].is_word:
            return None
        token = tokens[index]
        # A word of the phrase, or a number where the phrase has `{n}`: both are tried, and the
        # number's reading wins only when it is longer.
        best: tuple[Entry, int, str] | None = None
        following = node.children.get(token.folded)
        if following is not None:
            best = self._longest(following, tokens, index, number)
        slot = node.children.get(NUMBER_SLOT)
        if slot is not None and token.text[0].isdigit() and is_number(token.text):
            candidate = self._longest(slot, tokens, index, token.text)
            if candidate is not None and (best is None or candidate[1] > best[1]):
                best = candidate
        return best

    def _longest(
        self, node: _Node, tokens: list[Token], index: int, number: str
    ) -> tuple[Entry, int, str] | None:
        """The longest phrase through `node`, reached by the word at `index`."""
        if node.children:
            after = _skip_spaces(tokens, index + 1, allow=self.language not in _UNSPACED)
            deeper = self._walk(node, tokens, after, number)
            if deeper is not None:
                return deeper  # it ends after this word, so it is the longer
        return (node.entry, index + 1, number) if node.entry is not None else None


def _skip_spaces(tokens: list[Token], index: int, *, allow: bool) -> int:
    """The next word of a phrase may follow one run of spaces (or a hyphen: `anti-slip`)."""
    if not allow:
        return index
    if index < len(tokens) and (tokens[index].kind == "space" or tokens[index].text == "-"):
        return index + 1
    return len(tokens)


def _fold(word: str) -> str:
    return unicodedata.normalize("NFC", word).casefold()


def _heads_last(units: list[_Unit]) -> list[_Unit]:
    """In each phrase, a leading head noun moves after its modifiers: `Tas Ransel Laptop`."""
    result: list[_Unit] = []
    phrase: list[_Unit] = []

    def close() -> None:
        words = [unit for unit in phrase if unit.kind == "word"]
        if len(words) >= 2 and words[0].tag == "n":
            heads = 0
            while heads < len(words) and words[heads].tag == "n":
                heads += 1
            if heads < len(words):
                head_words = {
                    word.casefold() for unit in words[:heads] for word in unit.text.split()
                }
                # `Tas Selempang ... Bag`: a modifier the head already says is not said twice.
                modifiers = [
                    unit
                    for unit in words[heads:]
                    if not {word.casefold() for word in unit.text.split()} <= head_words
                ]
                words = (modifiers or words[heads:]) + words[:heads]
                lead = phrase[0] if phrase[0].kind == "space" else None
                tail = phrase[-1] if phrase[-1].kind == "space" else None
                rebuilt: list[_Unit] = [lead] if lead else []
                for number, unit in enumerate(words):
                    if number:
                        rebuilt.append(_Unit(" ", "space"))
                    rebuilt.append(unit)
                if tail:
                    rebuilt.append(tail)
                result.extend(rebuilt)
                phrase.clear()
                return
        result.extend(phrase)
        phrase.clear()

    for unit in units:
        joining = unit.tag == "p" or (unit.kind == "word" and unit.text.casefold() in _JOINING)
        if (unit.kind == "mark" and unit.text in _PHRASE_BREAKS) or joining:
            close()
            result.append(unit)
        else:
            phrase.append(unit)
    close()
    return result


def _spaced(units: list[_Unit]) -> list[_Unit]:
    """English words need the spaces that Thai and Chinese do without."""
    spaced: list[_Unit] = []
    for unit in units:
        if unit.kind == "word" and spaced and spaced[-1].kind == "word":
            spaced.append(_Unit(" ", "space"))
        spaced.append(unit)
    return spaced


def _joined(units: list[_Unit], casing: str, source: str) -> str:
    parts: list[str] = []
    first_word = True
    for unit in units:
        text = unit.text
        if unit.kind == "word" and unit.translated:
            if casing == "title":
                text = _title_case(text, first_word)
            elif first_word and (casing == "value" or source[:1].isupper()):
                text = text[:1].upper() + text[1:]
        if unit.kind == "word":
            first_word = False
        parts.append(text)
    return "".join(parts)


def recase(text: str, casing: str, source: str) -> str:
    """An engine's answer in the casing the field wants (see `Glossary.translate`)."""
    if casing == "title":
        return _title_case(text, True)
    if casing == "value" or source[:1].isupper():
        return text[:1].upper() + text[1:]
    return text


def _title_case(text: str, first: bool) -> str:
    words = text.split(" ")
    cased = []
    for number, word in enumerate(words):
        if word and ((first and number == 0) or word not in _SMALL_WORDS):
            word = word[:1].upper() + word[1:]
        cased.append(word)
    return " ".join(cased)


def read_table(path: Path, glossary: Glossary) -> None:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        columns = line.split("\t")
        if len(columns) not in (2, 3, 4) or not columns[0].strip() or not columns[1].strip():
            raise ValueError(
                f"{path.name} line {number}: expected source<TAB>target[<TAB>tag[<TAB>field]]"
            )
        tag = columns[2].strip() if len(columns) >= 3 else ""
        if len(columns) == 4 and columns[3].strip():
            key = (columns[3].strip().casefold(), " ".join(_fold(columns[0]).split()))
            glossary.values[key] = columns[1].strip()
            continue
        glossary.add(columns[0].strip(), columns[1].strip(), tag)


def load_glossaries(
    folder: Path,
    extra_terms: Mapping[str, Mapping[str, str]] | None = None,
    english_texts: Iterable[str] = (),
) -> dict[str, Glossary]:
    """Every `<lang>.tsv` in `folder`; `en.txt` lists words that are already English, and so do
    `english_texts` (the target categories of the seller's category map)."""
    english_words = set(_words(folder / "en.txt"))
    for text in english_texts:
        english_words.update(_fold(token.text) for token in tokenize(text) if token.is_word)
    glossaries: dict[str, Glossary] = {}
    for path in sorted(folder.glob("*.tsv")):
        glossary = Glossary(path.stem)
        read_table(path, glossary)
        glossaries[path.stem] = glossary
    for language, terms in (extra_terms or {}).items():
        glossary = glossaries.setdefault(language, Glossary(language))
        for source, target in terms.items():
            glossary.add(source, target)
    for glossary in glossaries.values():
        english_words.update(_target_words(glossary))
    english = frozenset(english_words)
    for glossary in glossaries.values():
        glossary.english = english
    return glossaries


def _words(path: Path) -> Iterable[str]:
    if not path.exists():
        return ()
    lines = path.read_text(encoding="utf-8").splitlines()
    return (_fold(line.strip()) for line in lines if line.strip() and not line.startswith("#"))


def _target_words(glossary: Glossary) -> Iterable[str]:
    for entry in glossary.entries:
        for token in tokenize(entry.target.replace(NUMBER_SLOT, "1")):
            if token.is_word and not token.text.isdigit():
                yield _fold(token.text)
