"""Packs: a count in a title, variation or seller SKU (`Isi 12 Pasang`, `BULK100`, `Set of 6`).

A listing whose SKUs hold several pieces each sells in packs (Pack/Packs, Set/Sets, Box/Boxes):
its price stays what the retail price bought (one pack), so its unit must say pack, and the
specifications say how many pieces a pack holds. Alibaba shows one unit per listing (target-formats
§1.3 priceUnit) and other channels price per unit of that kind (§6 "one unit of measure per
listing"); a count therefore beats any unit word (`pasang` must not make 12 pairs one pair).

Where a SKU's count comes from, first found: its variation values, its seller SKU, the title.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from catalog_migrate.mapping.text import NUMBER_PLACEHOLDER, is_unspaced, phrase_pattern
from catalog_migrate.model import RetailVariant
from catalog_migrate.profile import Units

CODES = {
    "unit.count_missing": "other SKUs of the product are packs but this SKU names no count",
}

MAX_COUNT = 99_999  # Alibaba batch_number 1-99999 (target-formats §1.2)

# A number followed by a measure is a size, volume or rating (`isi 500 ml`, `bộ 12V`), not a count.
_MEASURES = (
    "ml|cl|cc|l|lt|ltr|liters?|litres?|g|gr|grams?|gsm|kg|mg|oz|lbs?|cm|mm|m|meters?|metres?|"
    "inch|inches|in|ft|v|w|kw|mah|a|gb|tb|mb|hz|%|\"|'"
)
_MEASURES_UNSPACED = "毫升|升|克|公斤|千克|厘米|毫米|米|寸|伏|瓦|มล|ลิตร|กรัม|กก|ซม|นิ้ว"
_NOT_A_MEASURE = rf"(?!\s*(?:(?:{_MEASURES})(?!\w)|{_MEASURES_UNSPACED}))"
_NUMBER = r"\d+"
_NUMBER_GROUP = r"(?P<n>\d{1,6})"


@dataclass(frozen=True)
class _CountWord:
    rule: int
    word: str
    pattern: re.Pattern[str]  # fullmatches a found phrase; group `n` is the count or multiplier
    fixed: int | None  # a named count (`lusin` = 12)


@dataclass(frozen=True)
class CountRules:
    """The profile's count rules, compiled once."""

    units: tuple[str, ...]  # by rule number
    items: tuple[str, ...]  # by rule number
    words: tuple[_CountWord, ...]
    pattern: re.Pattern[str] | None
    items_by_unit: dict[str, str]


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

    @property
    def varies(self) -> bool:
        return len({found.count.count for found in self.counts if found is not None}) > 1


def compile_count_rules(units: Units) -> CountRules:
    words: list[_CountWord] = []
    sources: list[str] = []
    for number, rule in enumerate(units.counts):
        phrases: list[tuple[str, int | None]] = [(_nfc(word), None) for word in rule.words]
        phrases += [(_nfc(word), count) for word, count in rule.named.items() if word.strip()]
        # Longest first within a rule, so `setengah lusin` is read rather than `lusin`.
        for phrase, fixed in sorted(phrases, key=lambda item: (-len(item[0]), item[0])):
            source = _count_pattern(phrase, fixed is not None)
            sources.append(source)
            group = source.replace(_NUMBER, _NUMBER_GROUP, 1)
            words.append(_CountWord(number, phrase, re.compile(group, re.IGNORECASE), fixed))
    return CountRules(
        units=tuple(rule.unit for rule in units.counts),
        items=tuple(rule.items for rule in units.counts),
        words=tuple(words),
        pattern=re.compile("|".join(sources), re.IGNORECASE) if sources else None,
        items_by_unit=dict(units.items_by_unit),
    )


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _count_pattern(phrase: str, named: bool) -> str:
    """The phrase's pattern: `{n}` a number not part of a decimal and not followed by a measure;
    a named count may follow a number that multiplies it (`2 lusin`)."""
    pattern = phrase_pattern(phrase)
    if named:
        lead = r"(?:(?<![\w.,])\d+\s*)?" if not is_unspaced(phrase[:1]) else ""
        return f"(?:{lead}{pattern})"
    if phrase.startswith(NUMBER_PLACEHOLDER):
        pattern = r"(?<![.,\d])" + pattern
    if phrase.endswith(NUMBER_PLACEHOLDER):
        pattern += _NOT_A_MEASURE
    return f"(?:{pattern})"


def find_count(text: str, rules: CountRules) -> Count | None:
    """The count `text` names: the first rule (in profile order) with a word in it, then the word
    found first. None when no count word is found."""
    if rules.pattern is None or not text:
        return None
    text = unicodedata.normalize("NFC", text)
    best: tuple[int, int, Count] | None = None
    for match in rules.pattern.finditer(text):
        found = match.group()
        for word in rules.words:
            exact = word.pattern.fullmatch(found)
            if exact is None:
                continue
            count = _value(word, exact)
            if count is not None and (best is None or (word.rule, match.start()) < best[:2]):
                best = (word.rule, match.start(), Count(count, word.rule, word.word, found))
            break
    return best[2] if best else None


def _value(word: _CountWord, match: re.Match[str]) -> int | None:
    digits = re.match(r"\d+", match.group()) if word.fixed is not None else None
    if word.fixed is not None:
        count = word.fixed * (int(digits.group()) if digits else 1)
    else:
        count = int(match["n"])
    return count if 1 <= count <= MAX_COUNT else None


def find_packs(
    title: str, variants: list[RetailVariant], word_unit: str, rules: CountRules
) -> Packs | None:
    """The listing's packs, or None when no SKU holds 2 or more pieces (the unit words stand).

    `word_unit` is the unit the unit words chose. When it is a pack unit of the count rules
    (`Spatula Set 5pcs`: Set/Sets) it stands; when it is one of `items_by_unit` (Pair/Pairs), a
    count that does not say what it counts counts those (`Kaos Kaki isi 12`: 12 pairs a pack).
    """
    if rules.pattern is None:
        return None
    in_title = find_count(title, rules)
    counts: list[SkuCount | None] = []
    for variant in variants:
        counts.append(
            _sku_count(variant, rules) or (SkuCount(in_title, "title") if in_title else None)
        )
    known = [found for found in counts if found is not None]
    if not any(found.count.count >= 2 for found in known):
        return None
    first = min(known, key=lambda found: found.count.rule).count
    # A pack unit the words already chose stands (`Spatula Set 5pcs` is a set of 5); an item
    # unit (Piece, Pair) gives way to the count's.
    unit = word_unit if word_unit in rules.units else rules.units[first.rule]
    items = rules.items[first.rule]
    if items == "Pieces" and word_unit in rules.items_by_unit:
        items = rules.items_by_unit[word_unit]
    singular = unit.split("/")[0].strip()
    values = sorted({found.count.count for found in known})
    spec_value = str(values[0]) if len(values) == 1 else ", ".join(map(str, values)) + " (by SKU)"
    places = sorted(
        {found.place for found in known}, key=("variation", "seller SKU", "title").index
    )
    where = " and ".join(places)
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
    )


def _sku_count(variant: RetailVariant, rules: CountRules) -> SkuCount | None:
    for value in variant.options.values():
        found = find_count(value, rules)
        if found is not None:
            return SkuCount(found, "variation")
    if variant.seller_sku:
        found = find_count(variant.seller_sku, rules)
        if found is not None:
            return SkuCount(found, "seller SKU")
    return None
