"""Small builders for mapping tests: the default profile, money, notes and a realistic product."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from typing import Any

from catalog_migrate import profile as profiles
from catalog_migrate.mapping.notes import Notes
from catalog_migrate.model import Attribute, Money, RetailProduct, RetailVariant
from catalog_migrate.profile import Profile


@cache
def default_profile() -> Profile:
    return profiles.load("default")


def money(amount: str, currency: str = "IDR") -> Money:
    return Money(amount=Decimal(amount), currency=currency)


def notes() -> Notes:
    return Notes(product_key="P1", source_row=2)


def variant(row: int, price: str = "89000", currency: str = "IDR", **options: str) -> RetailVariant:
    sku = "-".join(["KP", *(value.upper() for value in options.values())])
    return RetailVariant(
        seller_sku=sku, options=options, price=money(price, currency), quantity=50, source_row=row
    )


KAOS_TITLE = "🔥PROMO Kaos Polos Wanita Katun Combed 30s COD Gratis Ongkir READY STOCK #kaospolos"
KAOS_DESCRIPTION = (
    "<p>Kaos polos wanita, bahan adem dan nyaman dipakai seharian. Cocok untuk: kerja, kuliah, "
    "jalan-jalan dan santai di rumah bersama keluarga.</p>"
    "<ul><li>Bahan: Katun Combed 30s</li><li>Ukuran : M, L, XL</li></ul>"
    "<table><tr><td>Negara Asal</td><td>Indonesia</td></tr></table>"
    '<img src="https://img.example/kaos-detail.jpg" onerror="steal()">'
    "<script>alert('x')</script>"
)


def kaos_product(**changes: Any) -> RetailProduct:
    """A women's plain T-shirt from an Indonesian TikTok Shop: Rp 89.000, XL Rp 95.000."""
    variants = []
    row = 5
    for colour in ("Hitam", "Putih"):
        for size in ("M", "L", "XL"):
            price = "95000" if size == "XL" else "89000"
            variants.append(variant(row, price, Warna=colour, Ukuran=size))
            row += 1
    fields: dict[str, Any] = {
        "key": "1729384756473829384",
        "product_id": "1729384756473829384",
        "title": KAOS_TITLE,
        "description": KAOS_DESCRIPTION,
        "category": "Pakaian Wanita/Atasan/Kaos",
        "brand": "No brand",
        "images": [f"https://img.example/kaos-{number}.jpg" for number in range(1, 5)],
        "attributes": [Attribute(name="Bahan", value="Katun", source="product_property/100157")],
        "variation_names": ["Warna", "Ukuran"],
        "variants": variants,
        "weight_g": Decimal("200"),
        "length_cm": Decimal("30"),
        "width_cm": Decimal("25.5"),
        "height_cm": Decimal("2"),
        "source_format": "tiktok-xlsx",
        "source_rows": list(range(5, 11)),
    }
    fields.update(changes)
    return RetailProduct(**fields)
