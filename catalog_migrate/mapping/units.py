"""The unit a listing sells in (Piece/Pieces, Pair/Pairs, Set/Sets, ...), inferred from the profile.

A unit names both its forms, "Singular/Plural" (`Piece/Pieces`), as the profile writes it; each
target writes the form its channel takes (Alibaba.com: the pair, target-formats §1.3 priceUnit, §3).
Order of precedence: the profile's unit for the product's category (or a parent category), then the
first unit rule with a word in the title or category, then the default.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from catalog_migrate.mapping.text import alternation, phrase_pattern
from catalog_migrate.profile import Units, normalise_category


@dataclass(frozen=True)
class UnitChoice:
    unit: str
    rule: str


@dataclass(frozen=True)
class UnitRules:
    """The profile's unit rules, compiled once."""

    default: str
    by_category: dict[str, str]  # normalised category path -> unit
    units: tuple[str, ...]  # by rule number
    words: tuple[tuple[int, str, re.Pattern[str]], ...]  # (rule number, word, its own pattern)
    pattern: re.Pattern[str] | None  # any word of any rule


def compile_unit_rules(units: Units) -> UnitRules:
    words: list[tuple[int, str]] = []
    for number, rule in enumerate(units.rules):
        rule_words = {
            unicodedata.normalize("NFC", word.strip()) for word in rule.words if word.strip()
        }
        # Longest first, so `套装` is matched (and reported) rather than `套`.
        words.extend((number, word) for word in sorted(rule_words, key=lambda w: (-len(w), w)))
    phrases = [word for _, word in words]
    return UnitRules(
        default=units.default,
        by_category={normalise_category(path): unit for path, unit in units.by_category.items()},
        units=tuple(rule.unit for rule in units.rules),
        words=tuple(
            (number, word, re.compile(phrase_pattern(word), re.IGNORECASE))
            for number, word in words
        ),
        pattern=re.compile(alternation(phrases), re.IGNORECASE) if phrases else None,
    )


def infer_unit(title: str, category: str | None, rules: UnitRules) -> UnitChoice:
    if category and rules.by_category:
        path = normalise_category(category)
        while path:
            if path in rules.by_category:
                unit = rules.by_category[path]
                return UnitChoice(unit, f"unit.category {path!r} -> {unit}")
            path = path.rpartition("/")[0]
    if rules.pattern is not None:
        # The first rule (in profile order) with a word anywhere wins; title before category;
        # then the word found first.
        found: list[tuple[int, int, int, str, str]] = []
        places = (("title", unicodedata.normalize("NFC", title)), ("category", category or ""))
        for place_number, (place, text) in enumerate(places):
            for match in rules.pattern.finditer(text):
                for rule, word, pattern in rules.words:
                    if pattern.fullmatch(match.group()):
                        found.append((rule, place_number, match.start(), word, place))
                        break
        if found:
            rule, _, _, word, place = min(found)
            return UnitChoice(rules.units[rule], f"unit.word {word!r} in {place}")
    return UnitChoice(rules.default, "unit.default (no unit word in the title or category)")
