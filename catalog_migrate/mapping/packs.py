"""Packs: a count in a title, variation or seller SKU (`Isi 12 Pasang`, `BULK100`, `Set of 6`).

A listing whose SKUs hold several pieces each sells in packs (Pack/Packs, Set/Sets, Box/Boxes):
its price stays what the retail price bought (one pack), so its unit must say pack, and the
specifications say how many pieces a pack holds. Alibaba shows one unit per listing (target-formats
§1.3 priceUnit; §3 and §4: multipacks sell as Set/Sets or Pack; §5 "All targets": one unit of
measure per listing); a count therefore beats any unit word (`pasang` must not make 12 pairs
one pair).

Where a SKU's count comes from, first found: its variation values, its seller SKU, the title.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from catalog_migrate.mapping.notes import Notes
from catalog_migrate.mapping.text import NUMBER_PLACEHOLDER, is_unspaced
from catalog_migrate.model import RetailVariant
from catalog_migrate.profile import Units

CODES = {
    "unit.count_missing": "a SKU of a pack names no count of its own while other SKUs do or the "
    "title names several; its price is taken as one pack's",
}

# A SKU row carries at most three variations (TikTok has two, Shopify three).
MAX_VARIATIONS_WITH_COUNT = 3
MAX_COUNT = 99_999  # a larger number is a code or a part number, not a count of items
_MAX_DIGITS = 6

# A number followed by a measure is a size, volume or rating (`isi 500 ml`, `bộ 12V`), not a count.
_MEASURE = re.compile(
    r" ?(?:(?:ml|cl|cc|l|lt|ltr|liters?|litres?|g|gr|grams?|gsm|kg|mg|oz|lbs?|cm|mm|m|meters?|"
    r"metres?|inch|inches|in|ft|v|w|kw|mah|a|gb|tb|mb|hz)(?!\w)|[%\"']|"
    r"毫升|升|克|公斤|千克|厘米|毫米|米|寸|伏|瓦|มล|ลิตร|กรัม|กก|ซม|นิ้ว)"
)
_DIGITS = re.compile(r"\d+")
_ANY_DIGIT = re.compile(r"\d")
_NUMBERS = re.compile(r"(?P<n>\d+)")


@dataclass(frozen=True)
class _CountWord:
    """A count word split at its number: `isi {n} pasang` -> (`isi`, `pasang`); a named count
    (`lusin` = 12) has no number and a fixed count."""

    rule: int
    word: str  # as the profile writes it
    before: str  # lower case, single spaces, without the space next to the number
    after: str
    bounded: bool  # Latin words end at word boundaries; Chinese and Thai words match anywhere
    fixed: int | None = None


@dataclass(frozen=True)
class CountRules:
    """The profile's count rules, compiled once."""

    units: tuple[str, ...]  # by rule number
    items: tuple[str, ...]  # by rule number
    words: tuple[_CountWord, ...]  # words with a number, by rule then longest first
    named: dict[str, _CountWord]  # lower-case text -> named count
    scan: re.Pattern[str]  # a number (group `n`) or a named count: one pass over the text
    befores: tuple[str, ...]  # every non-empty `before`, for a quick first check
    afters: tuple[str, ...]
    any_number: bool  # a word is `{n}` alone: every number is a count
    items_by_unit: dict[str, str]

    @property
    def empty(self) -> bool:
        return not self.words and not self.named


@dataclass(frozen=True)
class Count:
    count: int
    rule: int
    word: str  # the profile word that found it
    found: str  # the text as written, e.g. `Isi 12 Pasang`


@dataclass(frozen=True)
class SkuCount:
    count: Count
    place: str  # "variation", "seller SKU" or "title"


@dataclass(frozen=True)
class Packs:
    """How a listing whose SKUs are packs sells: its unit and each SKU's count."""

    unit: str
    spec_name: str  # e.g. `Pairs per Pack`
    spec_value: str  # `12`, or `6, 12 (by SKU)`
    counts: tuple[SkuCount | None, ...]  # by SKU, in the order given
    rule: str
    title_counts: tuple[int, ...] = ()  # the title's counts, when it names several

    @property
    def varies(self) -> bool:
        return len({found.count.count for found in self.counts if found is not None}) > 1


def compile_count_rules(units: Units) -> CountRules:
    words: list[_CountWord] = []
    named: dict[str, _CountWord] = {}
    for number, rule in enumerate(units.counts):
        # Longest first within a rule, so `isi {n} pasang` is reported rather than `isi {n}`.
        for word in sorted(rule.words, key=lambda text: (-len(text), text)):
            before, _, after = _plain(word).partition(NUMBER_PLACEHOLDER)
            bounded = not is_unspaced(word)
            words.append(_CountWord(number, word, before.rstrip(), after.lstrip(), bounded))
        for word, count in sorted(rule.named.items(), key=lambda item: (-len(item[0]), item[0])):
            plain = _plain(word)
            if plain and plain not in named:
                named[plain] = _CountWord(number, word, plain, "", not is_unspaced(plain), count)
    return CountRules(
        units=tuple(rule.unit for rule in units.counts),
        items=tuple(rule.items for rule in units.counts),
        words=tuple(words),
        named=named,
        # Named counts longest first (`setengah lusin` whole, not `lusin`) and before numbers
        # (`1 โหล`).
        scan=re.compile(
            "|".join([*map(re.escape, sorted(named, key=len, reverse=True)), r"(?P<n>\d+)"])
        ),
        befores=tuple(sorted({word.before for word in words if word.before})),
        afters=tuple(sorted({word.after for word in words if word.after})),
        any_number=any(not word.before and not word.after for word in words),
        items_by_unit=dict(units.items_by_unit),
    )


def _plain(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split())).lower()


def find_count(text: str, rules: CountRules) -> Count | None:
    """The count `text` names: the first rule (in profile order) with a word in it, then the word
    found first. None when no count word is found."""
    found = find_counts(text, rules)
    return found[0] if found else None


def find_counts(text: str, rules: CountRules) -> list[Count]:
    """Every count `text` names, the first rule (in profile order) first, then in text order.

    Matching works on the numbers of the text (and the few named counts) with plain string
    comparisons: this runs for every SKU, and one regex of every count word is a hundred times
    slower.
    """
    if rules.empty or not text:
        return []
    written = unicodedata.normalize("NFC", " ".join(text.split()))
    low = written.lower()
    if len(low) != len(written):
        written = low  # a letter whose lower case is longer: report the lower-case text
    named = any(name in low for name in rules.named)
    if not named and _ANY_DIGIT.search(low) is None:
        return []  # most variation values and many titles: no number, no named count
    located: list[tuple[int, int, int, _CountWord, int]] = []  # rule, start, end, word, count
    for match in (rules.scan if named else _NUMBERS).finditer(low):
        if match.lastgroup == "n":
            if match.end() - match.start() > _MAX_DIGITS:
                continue  # a serial number, not a count (and too long to read as one)
            found = _word_at(low, match.start(), match.end(), rules)
            if found is not None:
                first, word, last = found
                located.append((word.rule, first, last, word, int(match.group())))
            continue
        word = rules.named[match.group()]
        place = _named_at(low, match.start(), match.end(), word)
        if place is not None:
            lead = low[place[0] : match.start()].strip()[-_MAX_DIGITS:]
            count = (word.fixed or 1) * (int(lead) if lead else 1)
            located.append((word.rule, place[0], place[1], word, count))
    return [
        Count(count, rule, word.word, written[start:end])
        for rule, start, end, word, count in sorted(located, key=lambda item: item[:2])
        if 1 <= count <= MAX_COUNT
    ]


def _word_at(
    low: str, start: int, end: int, rules: CountRules
) -> tuple[int, _CountWord, int] | None:
    """The first count word whose number is low[start:end]: (its start, the word, its end)."""
    if start and low[start - 1] in ".,":
        return None  # the decimals of `1.5`
    if low[end : end + 1] in (".", ",") and low[end + 1 : end + 2].isdigit():
        return None  # `1.5 pcs`: not a whole count
    head = start - 1 if start and low[start - 1] == " " else start
    tail = end + 1 if low[end : end + 1] == " " else end
    if not (
        rules.any_number
        or low.endswith(rules.befores, 0, start)
        or low.endswith(rules.befores, 0, head)
        or low.startswith(rules.afters, end)
        or low.startswith(rules.afters, tail)
    ):
        return None
    for word in rules.words:
        first = _before(low, start, head, word)
        if first is None:
            continue
        last = _after(low, end, tail, word)
        if last is not None:
            return first, word, last
    return None


def _before(low: str, start: int, head: int, word: _CountWord) -> int | None:
    if not word.before:
        if word.bounded and start and _is_word(low[start - 1]):
            return None
        return start
    for edge in (start, head) if head != start else (start,):
        if low.endswith(word.before, 0, edge):
            first = edge - len(word.before)
            if not (
                word.bounded and first and _is_word(low[first - 1]) and _is_word(word.before[0])
            ):
                return first
    return None


def _after(low: str, end: int, tail: int, word: _CountWord) -> int | None:
    if not word.after:
        if word.bounded and end < len(low) and _is_word(low[end]):
            return None
        return None if _MEASURE.match(low, end) else end
    for edge in (end, tail) if tail != end else (end,):
        if low.startswith(word.after, edge):
            last = edge + len(word.after)
            if not (
                word.bounded
                and last < len(low)
                and _is_word(low[last])
                and _is_word(word.after[-1])
            ):
                return last
    return None


def _named_at(low: str, start: int, end: int, word: _CountWord) -> tuple[int, int] | None:
    """Where a named count found at low[start:end] begins, with the number that multiplies it
    (`2 lusin`) if any; None when it is part of a longer word."""
    if word.bounded and (
        (start and _is_word(low[start - 1])) or (end < len(low) and _is_word(low[end]))
    ):
        return None
    lead = _DIGITS_BEFORE.search(low, 0, start)
    return (lead.start() if lead else start), end


_DIGITS_BEFORE = re.compile(r"(?<![\w.,])\d+ ?$")


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def find_packs(
    title: str, variants: list[RetailVariant], word_unit: str, rules: CountRules
) -> Packs | None:
    """The listing's packs, or None when no SKU holds 2 or more pieces (the unit words stand).

    `word_unit` is the unit the unit words chose. When it is a pack unit of the count rules
    (`Spatula Set 5pcs`: Set/Sets) it stands; when it is one of `items_by_unit` (Pair/Pairs), a
    count that does not say what it counts counts those (`Kaos Kaki isi 12`: 12 pairs a pack).
    """
    if rules.empty:
        return None
    in_title = find_counts(title, rules)
    # A title that names several counts (`isi 3 / isi 6`) says nothing of any one SKU.
    title_counts = tuple(sorted({found.count for found in in_title}))
    title_count = SkuCount(in_title[0], "title") if len(title_counts) == 1 else None
    counts: list[SkuCount | None] = []
    seen: dict[str, Count | None] = {}  # option values repeat across a product's SKUs
    for variant in variants:
        counts.append(_sku_count(variant, rules, seen) or title_count)
    found_counts = [found.count for found in counts if found is not None]
    unclear = title_counts if len(title_counts) > 1 and None in counts else ()
    if unclear:
        found_counts += in_title
    if not any(found.count >= 2 for found in found_counts):
        return None
    first = min(found_counts, key=lambda found: found.rule)
    # A pack unit the words already chose stands (`Spatula Set 5pcs` is a set of 5); an item
    # unit (Piece, Pair) gives way to the count's.
    unit = word_unit if word_unit in rules.units else rules.units[first.rule]
    items = rules.items[first.rule]
    if items == "Pieces" and word_unit in rules.items_by_unit:
        items = rules.items_by_unit[word_unit]
    singular = unit.split("/")[0].strip()
    values = sorted({found.count for found in found_counts})
    spec_value = str(values[0]) if len(values) == 1 else ", ".join(map(str, values)) + " (by SKU)"
    places = {found.place for found in counts if found is not None} | (
        {"title"} if unclear else set()
    )
    where = " and ".join(sorted(places, key=("variation", "seller SKU", "title").index))
    rule = (
        f"unit.count {first.word!r} ({first.found!r}) in {where}: "
        f"{spec_value} {items.lower()} a {singular.lower()}"
    )
    if word_unit != unit:
        rule += f", not {word_unit}"
    return Packs(
        unit=unit,
        spec_name=f"{items} per {singular}",
        spec_value=spec_value,
        counts=tuple(counts),
        rule=rule,
        title_counts=unclear,
    )


def pack_options(
    packs: Packs | None,
    variants: list[RetailVariant],
    specifications: dict[str, str],
    variation_names: dict[str, str],
    notes: Notes,
) -> list[dict[str, str]]:
    """Put the pack size in the specifications; returns the options each SKU gains to show its
    own count.

    The count goes into the specifications. When SKUs hold different counts and a variation
    value does not already say so (the count came from a seller SKU or the title), each SKU gains
    a variation named like the specification (`Pieces per Pack: 100`), so a buyer sees it.
    """
    if packs is None:
        return [{} for _ in variants]
    specifications[packs.spec_name] = packs.spec_value
    notes.trace(f"specifications.{packs.spec_name}", packs.spec_value, packs.rule)
    for variant, found in zip(variants, packs.counts, strict=True):
        if found is not None and packs.varies:
            count = found.count
            notes.trace(
                f"skus.{variant.label}.{packs.spec_name}",
                count.count,
                f"unit.count {count.word!r} ({count.found!r}) in {found.place}",
            )
        elif found is None:
            told = (
                "the title names " + " and ".join(map(str, packs.title_counts))
                if packs.title_counts
                else f"other SKUs are packs ({packs.spec_name}: {packs.spec_value})"
            )
            notes.warning(
                "unit.count_missing",
                f"{told} but SKU {variant.label} names no count of its own; "
                "its price is taken as one pack's",
                field="unit",
                sku=variant.label,
                source_row=variant.source_row,
            )
    hidden = any(found is None or found.place != "variation" for found in packs.counts)
    # A product with three variations already has as many as a SKU row can carry (TikTok has two,
    # Shopify three): its SKUs' counts stay in the specification and the provenance.
    if not (packs.varies and hidden) or len(variation_names) >= MAX_VARIATIONS_WITH_COUNT:
        return [{} for _ in variants]
    variation_names[packs.spec_name] = packs.spec_name
    notes.trace(
        "variation_names",
        ", ".join(variation_names.values()),
        f"{packs.spec_name} added: the SKUs hold different counts ({packs.spec_value})",
    )
    return [{packs.spec_name: str(found.count.count) if found else "?"} for found in packs.counts]


def _sku_count(
    variant: RetailVariant, rules: CountRules, seen: dict[str, Count | None]
) -> SkuCount | None:
    for value in variant.options.values():
        if value not in seen:
            seen[value] = find_count(value, rules)
        found = seen[value]
        if found is not None:
            return SkuCount(found, "variation")
    if variant.seller_sku:
        found = find_count(variant.seller_sku, rules)
        if found is not None:
            return SkuCount(found, "seller SKU")
    return None
