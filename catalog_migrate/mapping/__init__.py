"""Retail product -> wholesale listing: pure functions driven by the profile (no I/O, no screen).

`map_product` is the entry point. Each module holds one rule and a `CODES` table of the Issue
codes it emits; `ISSUE_CODES` gathers them.
"""

from catalog_migrate.mapping import (
    categories,
    fit,
    images,
    listing,
    moq,
    packaging,
    packs,
    price_checks,
    pricing,
    specs,
    tiers,
    titles,
)
from catalog_migrate.mapping.categories import suggest_categories
from catalog_migrate.mapping.listing import clean_translated_title, map_product
from catalog_migrate.mapping.rules import Rules, compile_rules, rules_for

ISSUE_CODES: dict[str, str] = {
    code: meaning
    for module in (
        titles,
        pricing,
        price_checks,
        tiers,
        categories,
        specs,
        packs,
        packaging,
        images,
        listing,
        moq,
        fit,
    )
    for code, meaning in module.CODES.items()
}

__all__ = [
    "ISSUE_CODES",
    "Rules",
    "clean_translated_title",
    "compile_rules",
    "map_product",
    "rules_for",
    "suggest_categories",
]
