"""An export of some hundred products in the Seller Center layout, more rows than the review
app's head, and a profile that allows fewer rows than it has."""

from __future__ import annotations

from pathlib import Path

from catalog_migrate.profile import copy_shipped

COLOURS = ("Hitam", "Putih", "Navy", "Merah", "Hijau")


def sku_row(number: int, sku: int) -> dict[str, object]:
    product_id = f"172900{number:013d}"
    return {
        "product_id": product_id,
        "sku_id": f"{product_id}{sku}",
        "category": "Pakaian Wanita/Atasan/Kaos",
        "brand": "Kirana",
        "product_name": f"Kaos Polos Katun Combed {number}",
        "product_description": f"<p>Kaos polos nomor {number}. Bahan adem, jahitan rapi.</p>",
        "main_image": f"https://img.example/{number}.jpg",
        "property_name_1": "Warna",
        "property_value_1": COLOURS[sku],
        "parcel_weight": 200,
        "parcel_length": 20,
        "parcel_width": 15,
        "parcel_height": 3,
        "price": "49000",
        "quantity": 10,
        "seller_sku": f"KRN-{number:04d}-{sku}",
    }


def shop_rows(products: int) -> list[dict[str, object]]:
    return [sku_row(number, sku) for number in range(1, products + 1) for sku in range(4)]


def limited_profile(folder: Path, max_rows: int) -> Path:
    """The seller's copy of the default profile, with fewer rows allowed."""
    profile = folder / "seller.toml"
    copy_shipped("default", profile)
    text = profile.read_text(encoding="utf-8")
    assert "max_rows = 400000" in text
    profile.write_text(text.replace("max_rows = 400000", f"max_rows = {max_rows}"), "utf-8")
    return profile
