"""Target categories to offer for a source category: from the whole category map, read in English.

Source categories are written in the seller's language (`Tas Pria/Tas Ransel`), targets in English
(`Luggage & Bags > Backpacks`). Each source text is put through the offline glossaries first, so
its words can meet the target's; a target also scores by the source paths already mapped to it.
Words that say who a product is for (women, pria, unisex, ...) or that every path shares (other,
accessories) are left out of the match: a backpack for men is not offered men's T-shirts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from fractions import Fraction
from functools import cache

from catalog_migrate.profile import shipped_dir
from catalog_migrate.translate.glossary import Glossary, load_glossaries

_WORD = re.compile(r"\w+")
# Compared after folding and stemming (see `_stem`); a shared one alone is no reason to suggest.
GENERIC = frozenset(
    {
        "wanita", "pria", "laki", "perempuan", "cewek", "cowok", "women", "woman", "men", "man",
        "ladie", "girl", "boy", "unisex", "dewasa", "adult", "lainnya", "lain", "other", "and",
        "dan", "for", "untuk", "with", "fashion", "fesyen", "aksesori", "aksesoris", "accessory",
        "accessorie", "perlengkapan", "supplie", "product", "produk", "item", "new",
    }
)  # fmt: skip


@cache
def shipped_glossaries() -> dict[str, Glossary]:
    return load_glossaries(shipped_dir() / "glossary")


class CategorySuggester:
    def __init__(self, glossaries: Mapping[str, Glossary] | None = None) -> None:
        self._glossaries = dict(glossaries if glossaries is not None else shipped_glossaries())
        self._seen: dict[str, frozenset[str]] = {}

    def words(self, text: str) -> frozenset[str]:
        """The specific words of `text` and of its glossary translations, stemmed."""
        found = self._seen.get(text)
        if found is None:
            # A phrase a glossary translates counts by its translation only: `kaos kaki` is
            # socks, and its `kaos` (t-shirt) must not match T-shirts.
            translated = {glossary.substitute(text) for glossary in self._glossaries.values()}
            readings = (translated - {text}) or {text}
            found = frozenset(
                stem
                for reading in readings
                for word in _WORD.findall(reading.casefold())
                if (stem := _stem(word)) not in GENERIC and len(stem) > 1
            )
            self._seen[text] = found
        return found

    def suggest(
        self,
        source: str,
        targets: Iterable[str],
        known_map: Mapping[str, str],
        limit: int = 5,
    ) -> list[str]:
        """Up to `limit` targets, best first; none that shares no specific word with `source`."""
        source_words = self.words(source)
        if not source_words or limit <= 0:
            return []
        sources_of: dict[str, list[str]] = {}
        for mapped_source, target in known_map.items():
            sources_of.setdefault(target, []).append(mapped_source)
        scored = []
        for target in set(targets) | set(sources_of):
            score = max(
                _similarity(source_words, self.words(text))
                for text in (target, *sources_of.get(target, ()))
            )
            if score:
                scored.append((-score, target.casefold(), target))
        return [target for *_, target in sorted(scored)[:limit]]


def _stem(word: str) -> str:
    """`Women's` -> women, `Backpacks` -> backpack, `T-Shirts` -> shirt (after the split)."""
    if word.endswith("'s"):
        word = word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word


def _similarity(left: frozenset[str], right: frozenset[str]) -> Fraction:
    shared = len(left & right)
    return Fraction(shared, len(left | right)) if shared else Fraction(0)
