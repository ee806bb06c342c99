"""Wholesale listings in the shapes the mapping stage writes, for the publish document tests."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from catalog_migrate.model import LeadTime, Money, PriceTier, WholesaleListing, WholesaleSku
from catalog_migrate.publish.schema import CategorySchema, parse_schema

DATA = Path(__file__).resolve().parent / "data"
TOTE_BAGS = "100002851"
TSHIRTS = "127734135"


def tote_bags_schema() -> CategorySchema:
    return parse_schema((DATA / "schema_tote_bags.xml").read_text("utf-8"), TOTE_BAGS, "en_US")


def tshirts_schema() -> CategorySchema:
    return parse_schema((DATA / "schema_womens_tshirts.xml").read_text("utf-8"), TSHIRTS, "en_US")


def usd(amount: str) -> Money:
    return Money(amount=Decimal(amount), currency="USD")


def sku(seller_sku: str, price: str = "1.80", row: int = 2, **options: str) -> WholesaleSku:
    return WholesaleSku(
        source_sku_id=f"17295829371628{row:05d}",
        seller_sku=seller_sku,
        options=options,
        price=usd(price),
        retail_price=Money(amount=Decimal("45000"), currency="IDR"),
        quantity=500,
        source_row=row,
    )


def tote_bag(**changes: Any) -> WholesaleListing:
    """A two-colour tote bag priced by a ladder: every field the tote-bag category takes."""
    fields: dict[str, Any] = {
        "source_product_id": "1729582937162839401",
        "title": "Wholesale Cotton Tote Bag 38x42cm Custom Logo",
        "keywords": ["tote bag", "cotton bag", "shopping bag"],
        "category": "Bags/Tote Bags",
        "category_mapped": True,
        "unit": "Piece/Pieces",
        "moq": 100,
        "tiers": [
            PriceTier(min_quantity=100, price=usd("1.80")),
            PriceTier(min_quantity=500, price=usd("1.45")),
        ],
        "place_of_origin": "Indonesia",
        "brand": "Kirana",
        "specifications": {"Material": "Cotton", "Handle Length": "60 cm"},
        "lead_times": [LeadTime(max_quantity=500, days=7), LeadTime(max_quantity=2000, days=15)],
        "package_weight_kg": Decimal("0.250"),
        "package_size_cm": (Decimal("38"), Decimal("42"), Decimal("2")),
        "images": ["https://img.example/1.jpg", "https://img.example/2.jpg"],
        "description": "<p>Heavy cotton canvas.</p><p>Fits A4 folders.</p>",
        "variation_names": ["Color"],
        "skus": [
            sku("TOTE-RED", row=2, Color="Red"),
            sku("TOTE-NAT", row=3, Color="Natural"),
        ],
        "source_rows": [2, 3],
    }
    fields.update(changes)
    return WholesaleListing(**fields)
