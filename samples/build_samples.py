"""Build the sample exports the README commands run on.

    python samples/build_samples.py

Writes, beside this script:
- tiktok_id_fashion.xlsx  an Indonesian fashion shop (IDR, Indonesian labels), two variation axes
- tiktok_my_home.csv      a Malaysian home-goods shop (MYR, English labels), `;`, UTF-8 BOM
- broken_export.xlsx      a Malaysian export with broken rows, to show the rejection report
The output is the same on every run.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # the repository root, for the test builder

from tests.tiktok_builder import write_tiktok_csv, write_tiktok_xlsx  # noqa: E402

CREATED = datetime(2025, 1, 15, 9, 30)
IMG = (
    "https://p16-oec-sg.ibyteimg.com/tos-alisg-i-aphluv4xwc-sg/{}~tplv-aphluv4xwc-origin-jpeg.jpeg"
)

# --- Indonesian fashion shop ----------------------------------------------------------------------

ID_LABELS = {
    "product_property/100157": "Bahan",
    "product_property/100198": "Motif",
    "product_property/100393": "Negara Asal",
    "warehouse_quantity/7301944425860056837": "Kuantitas di Gudang Jakarta",
    "warehouse_quantity/7301944425860056838": "Kuantitas di Gudang Surabaya",
}


def id_description(bahan: str, extra: str) -> str:
    return (
        f"<p>READY STOCK kak, langsung kirim hari ini!</p><p>Bahan: {bahan}<br>{extra}<br>"
        "Cuci dengan air dingin, jangan diputihkan.</p>"
        "<table><tr><th>Ukuran</th><th>Lingkar Dada</th><th>Panjang</th></tr>"
        "<tr><td>M</td><td>96 cm</td><td>68 cm</td></tr>"
        "<tr><td>L</td><td>100 cm</td><td>70 cm</td></tr>"
        "<tr><td>XL</td><td>106 cm</td><td>72 cm</td></tr></table>"
    )


# (title, category, bahan, motif, base price cell, colours, sizes, weight g)
ID_PRODUCTS: list[tuple[str, str, str, str, object, list[str], list[str], int]] = [
    ("🔥PROMO Kaos Polos Wanita Oversize Katun Combed 30s READY STOCK COD #kaospolos #ootd",
     "Pakaian Wanita/Atasan/Kaos", "Katun Combed 30s", "Polos", "Rp 89.000",
     ["Hitam", "Putih", "Sage"], ["M", "L", "XL"], 220),
    ("Dress Midi Rayon Motif Bunga Gratis Ongkir COD Dress Wanita Korean Style",
     "Pakaian Wanita/Dress", "Rayon", "Bunga", 149000,
     ["Navy", "Maroon"], ["M", "L"], 300),
    ("Hijab Pashmina Ceruty Babydoll Premium 🔥PROMO Gratis Ongkir #hijabcantik",
     "Fesyen Muslim/Hijab", "Ceruty Babydoll", "Polos", "Rp35.000",
     ["Mocca", "Dusty Pink", "Hitam"], [], 120),
    ("Kaos Pria Distro Lengan Pendek Sablon READY STOCK COD Bayar di Tempat",
     "Pakaian Pria/Atasan/Kaos", "Katun Combed 24s", "Sablon", "Rp 75.000",
     ["Hitam", "Abu"], ["M", "L", "XL"], 230),
    ("Sandal Wanita Teplek Tali Silang Empuk Anti Slip Gratis Ongkir",
     "Sepatu Wanita/Sandal", "Karet EVA", "Polos", "Rp 59.000,-",
     ["Coklat", "Hitam"], ["37", "38", "39"], 400),
    ("Rok Plisket Panjang Premium Jersey Korea 🔥PROMO COD",
     "Pakaian Wanita/Bawahan/Rok", "Jersey Korea", "Plisket", 99000,
     ["Hitam", "Mocca"], ["All Size"], 350),
    ("Tas Selempang Wanita Kulit Sintetis Mini Bag READY STOCK #tasmurah",
     "Tas Wanita/Tas Selempang", "Kulit Sintetis", "Polos", "Rp 125.000",
     ["Hitam", "Cream"], [], 450),
    ("Kemeja Flanel Pria Kotak Lengan Panjang Gratis Ongkir COD",
     "Pakaian Pria/Atasan/Kemeja", "Flanel", "Kotak-kotak", "Rp 135.000",
     ["Merah", "Biru"], ["M", "L", "XL"], 380),
    ("Mukena Katun Rayon Dewasa Motif Bordir + Tas Gratis Ongkir",
     "Fesyen Muslim/Mukena", "Katun Rayon", "Bordir", "Rp ??",
     ["Putih", "Ungu"], [], 600),
    ("Set Piyama Wanita Satin Lengan Panjang 🔥PROMO READY STOCK",
     "Pakaian Wanita/Pakaian Tidur", "Satin Velvet", "Polos", "Rp 115.000",
     ["Navy", "Pink"], ["M", "L"], 320),
]  # fmt: skip


def indonesian_rows() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for number, (title, category, bahan, motif, price, colours, sizes, grams) in enumerate(
        ID_PRODUCTS, start=1
    ):
        product_id = str(1729384756102938000 + number * 137)
        for colour_index, colour in enumerate(colours):
            for size_index, size in enumerate(sizes or [""]):
                sku_number = len(rows) + 1
                # The Mukena's second colour keeps the shop's real price: only `Rp ??` is broken.
                cell = "Rp 189.000" if price == "Rp ??" and colour_index else price
                row: dict[str, object] = {
                    "product_id": product_id,
                    "sku_id": str(1729384756200000000 + sku_number * 7919),
                    "category": category,
                    "brand": "No brand" if number % 3 else "Erigo (7083922334)",
                    "product_name": title,
                    "product_description": id_description(bahan, f"Motif: {motif}"),
                    "main_image": IMG.format(f"id{number:02d}a"),
                    "image_2": IMG.format(f"id{number:02d}b"),
                    "image_3": IMG.format(f"id{number:02d}c") if number % 2 else None,
                    "property_name_1": "Warna",
                    "property_value_1": colour,
                    "property_1_image": IMG.format(f"id{number:02d}w{colour_index}"),
                    "property_name_2": "Ukuran" if size else None,
                    "property_value_2": size or None,
                    "parcel_weight": grams,
                    "parcel_length": 30,
                    "parcel_width": 20,
                    "parcel_height": 5,
                    "price": _bump(cell, size_index),
                    "seller_sku": f"ID{number:02d}-{colour[:3].upper()}-{size or 'STD'}",
                    "product_property/100157": bahan,
                    "product_property/100198": motif,
                    "product_property/100393": "Indonesia",
                    "warehouse_quantity/7301944425860056837": 10 + sku_number % 7 * 5,
                    "warehouse_quantity/7301944425860056838": sku_number % 4 * 3,
                }
                rows.append(row)
    return rows


def _bump(price: object, size_index: int) -> object:
    """XL costs Rp 5.000 more, written the way the base price is written."""
    if size_index < 2:
        return price
    if isinstance(price, int):
        return price + 5000
    if price == "Rp 89.000":
        return "Rp 94.000"
    if price == "Rp 75.000":
        return "Rp 80.000"
    if price == "Rp 135.000":
        return "Rp 140.000"
    return price


# --- Malaysian home shop --------------------------------------------------------------------------

# (title, category, price, variation name, options, weight g, size cm)
MY_PRODUCTS: list[tuple[str, str, list[str], str, list[str], int, tuple[int, int, int]]] = [
    ("Stackable Storage Box with Lid 20L Clear Organiser FREE SHIPPING",
     "Home Supplies/Home Organizers/Storage Boxes", ["RM 12.90", "RM 15.90", "RM 19.90"],
     "Size", ["10L", "20L", "30L"], 900, (40, 30, 25)),
    ("Stainless Steel Kitchen Spatula Set 5pcs Ready Stock Malaysia",
     "Kitchenware/Kitchen Utensils & Gadgets/Other Kitchen Tools", ["RM29.90"],
     "", [], 650, (35, 12, 6)),
    ("Bamboo Dish Drying Rack 2 Tier Kitchen Organiser 🔥HOT",
     "Kitchenware/Kitchen Utensils & Gadgets/Dish Racks", ["RM 45.00", "RM 55.00"],
     "Tier", ["2 Tier", "3 Tier"], 1800, (50, 28, 30)),
    ("Microfiber Bath Towel Super Absorbent 70x140cm",
     "Home Supplies/Bathroom Accessories/Towels", ["RM 18.90"] * 4,
     "Colour", ["Grey", "Navy", "Pink", "White"], 400, (30, 25, 5)),
    ("Vacuum Storage Bag for Clothes Space Saver (Set of 6) COD",
     "Home Supplies/Home Organizers/Storage Bags", ["RM 1,299.00"],
     "", [], 700, (30, 25, 4)),
    ("Aroma Diffuser Humidifier 300ml LED Night Light",
     "Home Supplies/Home Fragrance/Diffusers", ["RM 39.90", "RM 39.90"],
     "Colour", ["Wood Grain", "White"], 500, (15, 15, 20)),
    ("Non-Stick Frying Pan 28cm Granite Coating Induction Ready",
     "Kitchenware/Cookware/Frying Pans", ["RM 69.00"],
     "", [], 1200, (52, 30, 8)),
    ("Wall Mounted Spice Rack Organiser No Drill",
     "Kitchenware/Kitchen Storage/Spice Racks", ["RM 24.90", "RM 34.90"],
     "Size", ["Single", "Double"], 600, (40, 10, 8)),
]  # fmt: skip


def malaysian_rows() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for number, (title, category, prices, axis, options, grams, size) in enumerate(
        MY_PRODUCTS, start=1
    ):
        for index, option in enumerate(options or [""]):
            rows.append(
                {
                    "category": category,
                    "brand": "No brand",
                    "product_name": title,
                    "product_description": (
                        f"<p>{title}</p><ul><li>Material: PP plastic / stainless steel</li>"
                        "<li>Ships from Selangor within 24 hours</li></ul>"
                    ),
                    "main_image": IMG.format(f"my{number:02d}a"),
                    "image_2": IMG.format(f"my{number:02d}b"),
                    "property_name_1": axis or None,
                    "property_value_1": option or None,
                    "parcel_weight": grams,
                    "parcel_length": size[0],
                    "parcel_width": size[1],
                    "parcel_height": size[2],
                    "price": prices[index],
                    "quantity": 20 + (number * 7 + index * 3) % 50,
                    "seller_sku": f"MYH-{number:02d}"
                    + (f"-{option}".upper().replace(" ", "") if option else ""),
                }
            )
    return rows


# --- a broken export ------------------------------------------------------------------------------


def broken_rows() -> list[dict[str, object]]:
    """A Malaysian export (run it with --currency MYR) where some rows cannot be used."""
    base: dict[str, object] = {
        "category": "Home Supplies/Home Organizers/Storage Boxes",
        "brand": "No brand",
        "product_name": "Foldable Storage Box Fabric Organiser",
        "product_description": "<p>Foldable fabric box.</p>",
        "main_image": IMG.format("brk01a"),
        "property_name_1": "Colour",
        "parcel_weight": 500,
        "quantity": 30,
    }
    cases: list[tuple[str, object, object]] = [
        ("Beige", "RM 12.90", "1729384756300000001"),  # fine
        ("Grey", "RM 13.90", "1729384756300000002"),  # fine
        ("Navy", None, "1729384756300000003"),  # price.missing
        ("Black", "0", "1729384756300000004"),  # price.not_positive
        ("White", "-5.00", "1729384756300000005"),  # price.not_positive
        ("Pink", "1.500", "1729384756300000006"),  # price.ambiguous: 1.5 or 1500 MYR?
        ("Green", "Rp 15.000", "1729384756300000007"),  # price.currency_mismatch
        ("Brown", "RM ??", "1729384756300000008"),  # price.unparseable
        ("Blue", "RM 14.90", 1.7293847563000000e18),  # id.float_corrupted: sku_id as a number
        ("Beige", "RM 12.90", "1729384756300000010"),  # variation.duplicate
    ]
    rows = []
    for index, (colour, price, sku_id) in enumerate(cases, start=1):
        rows.append(
            {
                **base,
                "product_id": "1729384756300000000",
                "sku_id": sku_id,
                "property_value_1": colour,
                "price": price,
                "seller_sku": f"BOX-{colour.upper()}-{index}",
            }
        )
    rows.append(
        {
            **base,
            "product_id": "1729384756300000100",
            "product_name": "Shoe Organiser Rack 5 Tier",
            "property_name_1": None,
            "sku_id": "1729384756300000101",
            "price": "RM 39.90",
            "seller_sku": "RACK-5T",
        }
    )
    return rows


def main() -> None:
    write_tiktok_xlsx(
        HERE / "tiktok_id_fashion.xlsx",
        indonesian_rows(),
        language="id",
        labels=ID_LABELS,
        created=CREATED,
    )
    write_tiktok_csv(
        HERE / "tiktok_my_home.csv", malaysian_rows(), delimiter=";", encoding="utf-8-sig"
    )
    write_tiktok_xlsx(HERE / "broken_export.xlsx", broken_rows(), created=CREATED)


if __name__ == "__main__":
    main()
