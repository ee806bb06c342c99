"""A small TikTok Shop export for the review tests: three categories, one of them unmapped."""

from __future__ import annotations

from pathlib import Path

from tests.tiktok_builder import write_tiktok_xlsx

TOYS = "Mainan & Hobi/Boneka/Boneka Kain"
TOYS_TARGET = "Toys & Hobbies > Dolls > Stuffed Toys"

PRODUCTS = (
    (
        "1729000000000000001",
        "Kaos Polos Wanita Katun Combed",
        "Pakaian Wanita/Atasan/Kaos",
        "49000",
    ),
    ("1729000000000000002", "Dress Midi Motif Bunga", "Pakaian Wanita/Dress", "129000"),
    ("1729000000000000003", "Boneka Kain Kelinci", TOYS, "75000"),
    ("1729000000000000004", "Boneka Kain Beruang", TOYS, "85000"),
    ("1729000000000000005", "Sandal Jepit Wanita", "Sepatu Wanita/Sandal", "35000"),
    ("1729000000000000006", "Kaos Oversize Unisex", "Pakaian Wanita/Atasan/Kaos", "59000"),
)


def export_rows(prices: dict[str, str] | None = None) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for number, (product_id, title, category, price) in enumerate(PRODUCTS, start=1):
        rows.append(
            {
                "product_id": product_id,
                "sku_id": f"{product_id[:-1]}9{number}",
                "category": category,
                "brand": "Kirana",
                "product_name": title,
                "product_description": f"<p>{title}. Bahan adem, jahitan rapi.</p>",
                "main_image": f"https://img.example/{number}.jpg",
                "property_name_1": "Warna",
                "property_value_1": "Hitam",
                "parcel_weight": 200,
                "parcel_length": 20,
                "parcel_width": 15,
                "parcel_height": 3,
                "price": (prices or {}).get(product_id, price),
                "quantity": 10,
                "seller_sku": f"KRN-{number:03d}",
                "product_property/100157": "Katun",
            }
        )
    return rows


def write_export(path: Path, prices: dict[str, str] | None = None) -> Path:
    write_tiktok_xlsx(path, export_rows(prices))
    return path
