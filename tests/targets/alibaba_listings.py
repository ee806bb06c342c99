"""A valid Alibaba.com listing that tests change one field at a time."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from catalog_migrate.model import (
    LeadTime,
    Money,
    PriceTier,
    Provenance,
    WholesaleListing,
    WholesaleSku,
)


def usd(amount: str) -> Money:
    return Money(amount=Decimal(amount), currency="USD")


def make_listing(**changes: Any) -> WholesaleListing:
    fields: dict[str, Any] = {
        "source_product_id": "1729582937162839401",
        "title": "Cotton Summer Dress for Women, Floral A-Line Midi",
        "keywords": ["summer dress", "floral dress", "midi dress"],
        "category": "Apparel/Women's Clothing/Dresses",
        "category_mapped": True,
        "unit": "Piece/Pieces",
        "moq": 10,
        "tiers": [
            PriceTier(min_quantity=10, price=usd("12.50")),
            PriceTier(min_quantity=100, price=usd("9.90")),
            PriceTier(min_quantity=500, price=usd("8.20")),
        ],
        "place_of_origin": "Indonesia",
        "brand": "Kirana",
        "specifications": {"Material": "Cotton", "Pattern": "Floral"},
        "lead_times": [LeadTime(max_quantity=250, days=7), LeadTime(max_quantity=1000, days=15)],
        "package_weight_kg": Decimal("0.350"),
        "package_size_cm": (Decimal("30"), Decimal("20"), Decimal("5")),
        "images": ["https://img.example/1.jpg", "https://img.example/2.jpg"],
        "description": "<p>Light cotton dress.</p>",
        "variation_names": ["Color", "Size"],
        "skus": [
            WholesaleSku(
                source_sku_id="1729582937162839402",
                seller_sku="DRS-RED-M",
                options={"Color": "Red", "Size": "M"},
                price=usd("12.50"),
                retail_price=Money(amount=Decimal("150000"), currency="IDR"),
                quantity=40,
                image="https://img.example/red.jpg",
                source_row=5,
            ),
            WholesaleSku(
                source_sku_id="1729582937162839403",
                seller_sku="00123",
                options={"Color": "Blue", "Size": "L"},
                price=usd("12.50"),
                retail_price=Money(amount=Decimal("150000"), currency="IDR"),
                quantity=0,
                source_row=6,
            ),
        ],
        "provenance": [
            Provenance(field="moq", value="10", rule="moq.default 10"),
            Provenance(field="tiers", value="10: 12.50", rule="pricing.keystone 0.5"),
        ],
        "source_rows": [5, 6],
    }
    fields.update(changes)
    return WholesaleListing(**fields)
