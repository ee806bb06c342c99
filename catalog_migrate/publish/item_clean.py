"""The listing's text without the characters XML cannot carry, before anything is matched.

Cleaning once, up front, keeps every later step consistent: a keyword of only control characters
is empty (and left out), two SKU values that differ only by one are one value.
"""

from __future__ import annotations

from catalog_migrate.model import WholesaleListing, WholesaleSku
from catalog_migrate.publish.item_text import xml_text


class _Cleaner:
    def __init__(self) -> None:
        self.fields: list[str] = []  # the document fields whose text lost characters

    def __call__(self, text: str, where: str) -> str:
        cleaned, changed = xml_text(text)
        if changed and where not in self.fields:
            self.fields.append(where)
        return cleaned

    def optional(self, text: str | None, where: str) -> str | None:
        return None if text is None else self(text, where)


def clean_listing(listing: WholesaleListing) -> tuple[WholesaleListing, list[str]]:
    """The listing with only XML characters, and the fields (`productTitle`, ...) that changed."""
    clean = _Cleaner()
    skus = [_sku(sku, clean) for sku in listing.skus]
    cleaned = listing.model_copy(
        update={
            "title": clean(listing.title, "productTitle"),
            "keywords": [clean(keyword, "productKeywords_0") for keyword in listing.keywords],
            "unit": clean(listing.unit, "priceUnit"),
            "place_of_origin": clean(listing.place_of_origin, "icbuCatProp"),
            "brand": clean(listing.brand, "icbuCatProp"),
            "specifications": {
                clean(name, "icbuCatProp"): clean(value, "icbuCatProp")
                for name, value in listing.specifications.items()
            },
            "description": clean(listing.description, "textDesc"),
            "variation_names": [clean(name, "saleProp") for name in listing.variation_names],
            "skus": skus,
        }
    )
    return cleaned, clean.fields


def _sku(sku: WholesaleSku, clean: _Cleaner) -> WholesaleSku:
    return sku.model_copy(
        update={
            "seller_sku": clean.optional(sku.seller_sku, "sku"),
            "source_sku_id": clean.optional(sku.source_sku_id, "sku"),
            "options": {
                clean(name, "saleProp"): clean(value, "saleProp")
                for name, value in sku.options.items()
            },
        }
    )
