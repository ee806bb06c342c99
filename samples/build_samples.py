"""Build the sample exports the README commands run on.

    python samples/build_samples.py

Writes, beside this script:
- tiktok_id_fashion.xlsx  an Indonesian fashion shop (IDR, Indonesian labels), two variation axes
- tiktok_my_home.csv      a Malaysian home-goods shop (MYR, English labels), `;`, UTF-8 BOM
- broken_export.xlsx      a Malaysian export with broken rows, to show the rejection report
The output is the same on every run.

Most products of the two shops are clean: with `sample-shop.toml` (which maps their categories
and sets the origin) at least 90% of their listings are ready to upload. A few rows are there to
show what is not: a pack (`Isi 12 Pasang`), a category under a mapped parent, a seller SKU used
twice, an MOQ above the stock, a wordy note and an over-long title near the top, an unreadable
price.
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
    # Clean products, as most of a shop's are.
    ("Blouse Wanita Lengan Panjang Katun Linen Kerah Sabrina",
     "Pakaian Wanita/Atasan/Blouse", "Katun Linen", "Polos", "Rp 95.000",
     ["Putih", "Hitam"], ["M", "L"], 250),
    ("Celana Kulot Wanita Highwaist Bahan Crinkle Airflow",
     "Pakaian Wanita/Bawahan/Celana", "Crinkle Airflow", "Polos", "Rp 85.000",
     ["Hitam", "Mocca", "Navy"], ["All Size"], 300),
    ("Kemeja Batik Pria Lengan Pendek Motif Parang",
     "Pakaian Pria/Atasan/Kemeja", "Katun Primisima", "Parang", "Rp 155.000",
     ["Coklat", "Biru"], ["M", "L", "XL"], 280),
    ("Celana Chino Pria Slim Fit Stretch",
     "Pakaian Pria/Bawahan/Celana Panjang", "Katun Twill Stretch", "Polos", "Rp 139.000",
     ["Khaki", "Hitam"], ["30", "32", "34"], 450),
    ("Gamis Syari Wanita Ceruty Babydoll Set Khimar",
     "Fesyen Muslim/Gamis", "Ceruty Babydoll", "Polos", "Rp 189.000",
     ["Navy", "Sage"], ["M", "L"], 650),
    ("Kerudung Segi Empat Voal Motif Printing",
     "Fesyen Muslim/Hijab", "Voal", "Printing", "Rp 49.000",
     ["Peach", "Lilac", "Hitam"], [], 110),
    ("Sandal Pria Slide Karet Anti Slip",
     "Sepatu Pria/Sandal", "Karet PVC", "Polos", "Rp 69.000",
     ["Hitam", "Abu"], ["40", "41", "42"], 380),
    ("Sepatu Sneakers Wanita Kanvas Putih Casual",
     "Sepatu Wanita/Sneakers", "Kanvas", "Polos", "Rp 159.000",
     ["Putih", "Hitam"], ["37", "38", "39"], 700),
    ("Tas Ransel Wanita Nilon Anti Air Mini",
     "Tas Wanita/Ransel", "Nilon", "Polos", "Rp 119.000",
     ["Hitam", "Cream", "Pink"], [], 500),
    ("Dompet Wanita Panjang Kulit Sintetis Resleting",
     "Tas Wanita/Dompet", "Kulit Sintetis", "Polos", "Rp 79.000",
     ["Hitam", "Maroon"], [], 200),
    ("Jaket Hoodie Pria Fleece Polos",
     "Pakaian Pria/Jaket", "Fleece", "Polos", "Rp 145.000",
     ["Hitam", "Navy", "Abu"], ["M", "L", "XL"], 550),
    ("Cardigan Rajut Wanita Oversize Korean Style",
     "Pakaian Wanita/Outerwear/Cardigan", "Rajut", "Polos", "Rp 109.000",
     ["Cream", "Sage"], ["All Size"], 400),
    ("Rok Span Wanita Midi Bahan Scuba",
     "Pakaian Wanita/Bawahan/Rok", "Scuba", "Polos", "Rp 79.000",
     ["Hitam", "Navy"], ["M", "L"], 280),
    ("Setelan Olahraga Wanita Legging dan Sport Bra",
     "Pakaian Wanita/Pakaian Olahraga", "Spandex", "Polos", "Rp 129.000",
     ["Hitam", "Ungu"], ["M", "L"], 300),
    ("Kaos Anak Cowok Motif Dinosaurus",
     "Pakaian Anak/Kaos", "Katun Combed 30s", "Dinosaurus", "Rp 45.000",
     ["Hijau", "Biru"], ["S", "M", "L"], 150),
    ("Piyama Anak Perempuan Katun Motif Kelinci",
     "Pakaian Anak/Piyama", "Katun", "Kelinci", "Rp 65.000",
     ["Pink", "Kuning"], ["S", "M"], 200),
    ("Topi Baseball Polos Unisex Bordir",
     "Aksesoris Fashion/Topi", "Katun Drill", "Bordir", "Rp 39.000",
     ["Hitam", "Putih", "Navy"], [], 90),
    ("Ikat Pinggang Pria Kulit Sapi Gesper Otomatis",
     "Aksesoris Fashion/Ikat Pinggang", "Kulit Sapi", "Polos", "Rp 99.000",
     ["Hitam", "Coklat"], [], 300),
    ("Masker Kain Tiga Lapis Earloop Dewasa",
     "Kesehatan/Masker", "Katun", "Polos", "Rp 25.000",
     ["Hitam", "Putih", "Abu"], [], 40),
    ("Outer Kimono Wanita Rayon Motif Bunga",
     "Pakaian Wanita/Outerwear/Kimono", "Rayon", "Bunga", "Rp 89.000",
     ["Hitam", "Sage"], ["All Size"], 250),
    ("Sarung Tenun Pria Motif Kotak Premium",
     "Fesyen Muslim/Sarung", "Katun Tenun", "Kotak", "Rp 135.000",
     ["Hijau", "Coklat"], [], 450),
    ("Kemeja Koko Pria Lengan Panjang Bordir",
     "Fesyen Muslim/Baju Koko", "Katun Toyobo", "Bordir", "Rp 149.000",
     ["Putih", "Hitam"], ["M", "L", "XL"], 320),
    ("Kaos Polo Pria Katun Pique Kerah",
     "Pakaian Pria/Atasan/Kaos", "Katun Pique", "Polos", "Rp 119.000",
     ["Navy", "Putih", "Hitam"], ["M", "L", "XL"], 260),
    ("Tunik Wanita Rayon Motif Kembang Busui Friendly",
     "Pakaian Wanita/Atasan/Blouse", "Rayon", "Kembang", "Rp 99.000",
     ["Biru", "Hijau"], ["M", "L", "XL"], 270),
    ("Celana Jeans Wanita Kulot Highwaist",
     "Pakaian Wanita/Bawahan/Celana", "Denim", "Polos", "Rp 149.000",
     ["Biru Muda", "Biru Tua"], ["28", "30", "32"], 500),
    ("Daster Wanita Rayon Lengan Pendek Motif Batik",
     "Pakaian Wanita/Pakaian Tidur", "Rayon", "Batik", "Rp 55.000",
     ["Merah", "Biru", "Hijau"], ["All Size"], 220),
    ("Bergo Instan Jersey Pet Antem",
     "Fesyen Muslim/Hijab", "Jersey", "Polos", "Rp 42.000",
     ["Hitam", "Navy", "Mocca"], [], 100),
    ("Sepatu Pantofel Pria Kulit Formal",
     "Sepatu Pria/Pantofel", "Kulit Sintetis", "Polos", "Rp 189.000",
     ["Hitam", "Coklat"], ["40", "41", "42"], 900),
    ("Tas Tote Bag Kanvas Wanita Resleting",
     "Tas Wanita/Tote Bag", "Kanvas", "Polos", "Rp 69.000",
     ["Cream", "Hitam"], [], 300),
    ("Jam Tangan Wanita Strap Kulit Analog",
     "Aksesoris Fashion/Jam Tangan", "Kulit Sintetis", "Polos", "Rp 129.000",
     ["Coklat", "Hitam"], [], 150),
    ("Kacamata Hitam Pria Polarized UV400",
     "Aksesoris Fashion/Kacamata", "Polikarbonat", "Polos", "Rp 89.000",
     ["Hitam", "Abu"], [], 120),
    ("Baju Renang Anak Perempuan Motif Duyung",
     "Pakaian Anak/Baju Renang", "Spandex", "Duyung", "Rp 75.000",
     ["Pink", "Ungu"], ["S", "M", "L"], 180),
    # A pack: the seller sells 12 pairs as one unit.
    ("Kaos Kaki Pria Wanita Ankle Katun Isi 12 Pasang",
     "Pakaian Pria/Kaos Kaki", "Katun", "Polos", "Rp 65.000",
     ["Hitam", "Putih"], [], 700),
    # No entry for the path itself: its parent `Fesyen Muslim/Hijab` is mapped.
    ("Pashmina Kaos Rayon Premium Jumbo",
     "Fesyen Muslim/Hijab/Pashmina", "Kaos Rayon", "Polos", "Rp 45.000",
     ["Hitam", "Mocca", "Army"], [], 150),
]  # fmt: skip

# A product whose seller SKU repeats the first product's: two listings would share one SKU.
ID_DUPLICATE_SKU = "ID01-HIT-M"


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
                    "seller_sku": f"ID{number:02d}-{_colour_code(colour)}-{size or 'STD'}",
                    "product_property/100157": bahan,
                    "product_property/100198": motif,
                    "product_property/100393": "Indonesia",
                    "warehouse_quantity/7301944425860056837": 80 + sku_number % 7 * 20,
                    "warehouse_quantity/7301944425860056838": 40 + sku_number % 4 * 15,
                }
                rows.append(row)
    rows.append(_duplicate_sku_row(len(ID_PRODUCTS) + 1))
    return rows


def _duplicate_sku_row(number: int) -> dict[str, object]:
    return {
        "product_id": str(1729384756102938000 + number * 137),
        "sku_id": str(1729384756200000000 + 999 * 7919),
        "category": "Pakaian Pria/Atasan/Kaos",
        "brand": "No brand",
        "product_name": "Kaos Polos Pria Oversize Katun Combed 30s",
        "product_description": id_description("Katun Combed 30s", "Motif: Polos"),
        "main_image": IMG.format(f"id{number:02d}a"),
        "image_2": IMG.format(f"id{number:02d}b"),
        "property_name_1": "Warna",
        "property_value_1": "Hitam",
        "parcel_weight": 230,
        "parcel_length": 30,
        "parcel_width": 20,
        "parcel_height": 5,
        "price": "Rp 85.000",
        "seller_sku": ID_DUPLICATE_SKU,
        "product_property/100157": "Katun Combed 30s",
        "product_property/100198": "Polos",
        "product_property/100393": "Indonesia",
        "warehouse_quantity/7301944425860056837": 150,
        "warehouse_quantity/7301944425860056838": 60,
    }


def _colour_code(colour: str) -> str:
    """HIT for Hitam, BIRMUD for Biru Muda: two colours of one product never share a code."""
    return "".join(word[:3] for word in colour.split()).upper()


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
    # Clean products, as most of a shop's are.
    ("Collapsible Silicone Food Container Set of 3",
     "Kitchenware/Kitchen Storage/Food Containers", ["RM 24.90"],
     "", [], 600, (25, 20, 10)),
    ("Wooden Chopping Board Acacia 40cm",
     "Kitchenware/Kitchen Utensils & Gadgets/Chopping Boards", ["RM 35.90"],
     "", [], 1100, (42, 28, 3)),
    ("Shoe Rack 4 Tier Metal Frame",
     "Home Supplies/Home Organizers/Shoe Racks", ["RM 49.90", "RM 59.90"],
     "Tier", ["4 Tier", "5 Tier"], 2500, (60, 30, 8)),
    ("Laundry Basket Foldable with Handles",
     "Home Supplies/Home Organizers/Laundry Baskets", ["RM 19.90", "RM 19.90"],
     "Colour", ["Grey", "Beige"], 700, (40, 35, 5)),
    ("Blackout Curtain Eyelet 140x230cm",
     "Home Supplies/Home Decor/Curtains", ["RM 39.90"] * 3,
     "Colour", ["Grey", "Navy", "Cream"], 1200, (35, 30, 6)),
    ("Cotton Bedsheet Set Queen Size 4 Piece",
     "Home Supplies/Bedding/Bedsheets", ["RM 69.00", "RM 79.00"],
     "Size", ["Queen", "King"], 1500, (40, 30, 8)),
    ("Memory Foam Pillow Ergonomic Neck Support",
     "Home Supplies/Bedding/Pillows", ["RM 45.90"],
     "", [], 1300, (60, 35, 12)),
    ("Glass Water Bottle 500ml with Silicone Sleeve",
     "Kitchenware/Drinkware/Water Bottles", ["RM 15.90"] * 3,
     "Colour", ["Clear", "Blue", "Pink"], 450, (8, 8, 25)),
    ("Stainless Steel Lunch Box Two Layer",
     "Kitchenware/Kitchen Storage/Lunch Boxes", ["RM 32.90"],
     "", [], 800, (22, 16, 12)),
    ("Electric Kettle 1.7L Stainless Steel Auto Shut Off",
     "Kitchenware/Kitchen Appliances/Kettles", ["RM 59.00"],
     "", [], 1400, (24, 18, 26)),
    ("Bathroom Shower Caddy Corner Shelf",
     "Home Supplies/Bathroom Accessories/Shower Caddies", ["RM 22.90", "RM 32.90"],
     "Size", ["2 Tier", "3 Tier"], 900, (30, 25, 8)),
    ("Microfiber Cleaning Cloth Pack of 10",
     "Home Supplies/Cleaning Supplies/Cleaning Cloths", ["RM 14.90", "RM 14.90"],
     "Colour", ["Mixed", "Grey"], 400, (30, 20, 6)),
    ("Cast Iron Skillet 26cm Pre-Seasoned",
     "Kitchenware/Cookware/Skillets", ["RM 89.00"],
     "", [], 2600, (45, 28, 6)),
    ("Measuring Cups and Spoons Set Stainless Steel",
     "Kitchenware/Kitchen Utensils & Gadgets/Measuring Tools", ["RM 19.90"],
     "", [], 350, (20, 12, 6)),
    ("Door Mat Anti Slip Absorbent 40x60cm",
     "Home Supplies/Home Decor/Door Mats", ["RM 16.90", "RM 16.90"],
     "Colour", ["Grey", "Brown"], 600, (40, 20, 5)),
    ("LED Desk Lamp Foldable USB Rechargeable",
     "Home Supplies/Lighting/Desk Lamps", ["RM 39.90", "RM 39.90"],
     "Colour", ["White", "Black"], 700, (30, 15, 10)),
    ("Wall Clock Silent Quartz 30cm Minimalist",
     "Home Supplies/Home Decor/Clocks", ["RM 29.90"],
     "", [], 800, (32, 32, 6)),
    ("Ceramic Dinner Plate Set of 6",
     "Kitchenware/Tableware/Plates", ["RM 55.00"],
     "", [], 3000, (30, 30, 15)),
    ("Plastic Hanger Non Slip Pack of 20",
     "Home Supplies/Home Organizers/Hangers", ["RM 18.90"],
     "", [], 900, (45, 25, 10)),
    ("Mosquito Net Foldable for Queen Bed",
     "Home Supplies/Bedding/Mosquito Nets", ["RM 35.00"],
     "", [], 1000, (35, 35, 8)),
    ("Rattan Storage Basket with Handles",
     "Home Supplies/Home Organizers/Storage Baskets", ["RM 27.90", "RM 37.90"],
     "Size", ["Medium", "Large"], 800, (38, 30, 25)),
    ("Bamboo Cutlery Organiser Drawer Tray",
     "Kitchenware/Kitchen Storage/Cutlery Trays", ["RM 29.90", "RM 39.90"],
     "Size", ["5 Slots", "7 Slots"], 900, (45, 35, 6)),
    ("Vacuum Flask Stainless Steel 1L Keeps Hot 24 Hours",
     "Kitchenware/Drinkware/Vacuum Flasks", ["RM 42.90", "RM 42.90"],
     "Colour", ["Silver", "Black"], 600, (10, 10, 30)),
    ("Bath Mat Diatomite Quick Dry 60x39cm",
     "Home Supplies/Bathroom Accessories/Bath Mats", ["RM 29.90"],
     "", [], 1500, (62, 41, 2)),
    ("Throw Pillow Cover Linen 45x45cm Set of 2",
     "Home Supplies/Home Decor/Cushion Covers", ["RM 19.90"] * 3,
     "Colour", ["Beige", "Grey", "Sage"], 300, (30, 25, 3)),
    ("Clothes Drying Rack Foldable Stainless Steel",
     "Home Supplies/Laundry/Drying Racks", ["RM 79.00"],
     "", [], 3500, (90, 15, 8)),
    ("Rice Storage Container 10kg with Measuring Cup",
     "Kitchenware/Kitchen Storage/Rice Containers", ["RM 34.90"],
     "", [], 1300, (35, 22, 30)),
    ("Silicone Baking Mat Non Stick 40x30cm",
     "Kitchenware/Bakeware/Baking Mats", ["RM 17.90"],
     "", [], 200, (42, 6, 6)),
]  # fmt: skip

# The seller keeps only a few of these in stock, below the MOQ the price sets.
MY_LOW_STOCK = ("Ceramic Mug with Bamboo Lid 350ml", "Kitchenware/Drinkware/Mugs", "RM 12.90", 30)

# Near the top of the sheet: a seller's note typed into the product name column, and a product
# whose title is a whole sentence.
MY_NOTE = (
    "Note from the shop: prices include SST; stock is updated every Monday, so please check the "
    "quantity before you order"
)
MY_WORDY_TITLE = (
    "Multipurpose Stackable Plastic Storage Drawer Organiser for Clothes Toys Books and Office "
    "Supplies with Wheels and Smooth Sliding Drawers Suitable for Bedroom and Living Room"
)


def malaysian_rows() -> list[dict[str, object]]:
    rows: list[dict[str, object]] = [{"product_name": MY_NOTE}]
    products = [
        (MY_WORDY_TITLE, "Home Supplies/Home Organizers/Storage Drawers", ["RM 89.00"], "", [],
         4200, (50, 40, 30)),
        *MY_PRODUCTS,
        (MY_LOW_STOCK[0], MY_LOW_STOCK[1], [MY_LOW_STOCK[2]], "", [], 450, (12, 12, 12)),
    ]  # fmt: skip
    for number, (title, category, prices, axis, options, grams, size) in enumerate(
        products, start=1
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
                    "quantity": MY_LOW_STOCK[3]
                    if title == MY_LOW_STOCK[0]
                    else 150 + (number * 37 + index * 11) % 150,
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


def sample_profile(default: str) -> str:
    """The sample shops' profile: the default one with their categories mapped and an origin.

    Made from the default each time, so it never lacks a rule the default gained."""
    replacements = [
        (
            "# catalog-migrate default profile.",
            "# catalog-migrate profile for the sample shops (samples/), made from the default "
            "profile.",
        ),
        ('name = "default"', 'name = "sample-shop"'),
        (
            'description = "TikTok Shop (SEA) retail export to Alibaba.com wholesale, keystone '
            'pricing"',
            'description = "The sample shops: their categories mapped, the place of origin set"',
        ),
        (
            'place_of_origin = ""     # e.g. "Indonesia" or "China (Mainland)"; empty: only what '
            "the product says",
            'place_of_origin = "Malaysia"  # the Indonesian products say their own (Negara Asal), '
            "which wins",
        ),
        ('map_file = "default-categories.csv"', 'map_file = "sample-shop.categories.csv"'),
    ]
    for old, new in replacements:
        if old not in default:
            raise SystemExit(f"the default profile no longer has {old!r}: update sample_profile()")
        default = default.replace(old, new, 1)
    return default


def main() -> None:
    default = (HERE.parent / "mappings" / "default.toml").read_text(encoding="utf-8")
    (HERE / "sample-shop.toml").write_text(sample_profile(default), encoding="utf-8")
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
