"""Words, categories and option lists of the generated Indonesian TikTok Shop export.

Kept apart from generate_export.py so the generator reads as layout plus logic.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CategorySpec:
    path: str
    nouns: tuple[str, ...]
    sizes: tuple[str, ...]
    materials: tuple[str, ...]
    grams: tuple[int, int]
    price: tuple[int, int]  # IDR


CLOTHES = ("S", "M", "L", "XL", "XXL")
FREE = ("All Size", "Jumbo")
SHOES = ("37", "38", "39", "40", "41", "42")
VOLUME = ("Kecil", "Sedang", "Besar")
FABRIC = ("Katun", "Katun Combed 30s", "Polyester", "Rayon", "Linen", "Cotton Bamboo")
HIJAB = ("Voal", "Ceruty Babydoll", "Jersey", "Polycotton", "Diamond Italiano")
PLASTIC = ("Plastik PP", "Akrilik", "Silikon", "Stainless Steel", "Kayu Pinus")

# The first twelve paths are in mappings/default-categories.csv, the rest are not.
CATEGORIES: tuple[CategorySpec, ...] = (
    CategorySpec(
        "Pakaian Wanita/Atasan/Kaos",
        ("Kaos Wanita", "Kaos Oversize"),
        CLOTHES,
        FABRIC,
        (150, 300),
        (35_000, 120_000),
    ),
    CategorySpec(
        "Pakaian Wanita/Dress",
        ("Dress Midi", "Dress Korea", "Gamis Dress"),
        CLOTHES,
        FABRIC,
        (250, 600),
        (75_000, 350_000),
    ),
    CategorySpec(
        "Fesyen Muslim/Hijab",
        ("Hijab Segi Empat", "Pashmina", "Bergo Instan"),
        FREE,
        HIJAB,
        (80, 200),
        (15_000, 85_000),
    ),
    CategorySpec(
        "Pakaian Pria/Atasan/Kaos",
        ("Kaos Pria", "Kaos Polos", "Kaos Distro"),
        CLOTHES,
        FABRIC,
        (150, 300),
        (29_000, 110_000),
    ),
    CategorySpec(
        "Sepatu Wanita/Sandal",
        ("Sandal Wanita", "Sandal Jepit", "Slop Karet"),
        SHOES,
        ("Karet", "Kulit Sintetis", "EVA"),
        (300, 700),
        (25_000, 150_000),
    ),
    CategorySpec(
        "Perlengkapan Rumah/Dapur/Peralatan Dapur",
        ("Spatula", "Rak Bumbu", "Talenan"),
        VOLUME,
        PLASTIC,
        (100, 900),
        (12_000, 95_000),
    ),
    CategorySpec(
        "Kecantikan/Perawatan Wajah/Serum Wajah",
        ("Serum Wajah", "Serum Niacinamide"),
        ("20ml", "30ml", "50ml"),
        ("Niacinamide", "Vitamin C"),
        (60, 150),
        (39_000, 189_000),
    ),
    CategorySpec(
        "Handphone & Aksesoris/Aksesoris Handphone/Casing",
        ("Casing HP", "Softcase"),
        ("iPhone 13", "iPhone 14", "Samsung A54", "Redmi Note 12"),
        PLASTIC,
        (40, 90),
        (10_000, 60_000),
    ),
    CategorySpec(
        "Aksesoris Fashion/Perhiasan/Anting",
        ("Anting Korea", "Anting Tusuk"),
        FREE,
        ("Titanium", "Perak 925", "Alloy"),
        (20, 60),
        (9_000, 75_000),
    ),
    CategorySpec(
        "Womenswear & Underwear/Women's Tops/T-shirts",
        ("Kaos Crop", "Baby Tee"),
        CLOTHES,
        FABRIC,
        (120, 250),
        (35_000, 99_000),
    ),
    CategorySpec(
        "Sports & Outdoor/Sports Socks",
        ("Kaos Kaki Olahraga", "Kaos Kaki Running"),
        ("36-39", "40-43", "44-46"),
        ("Katun", "Nylon"),
        (50, 150),
        (9_000, 45_000),
    ),
    CategorySpec(
        "Baby & Maternity/Baby Clothing/Rompers",
        ("Jumper Bayi", "Romper Bayi"),
        ("0-3 Bulan", "3-6 Bulan", "6-12 Bulan"),
        FABRIC,
        (100, 200),
        (25_000, 95_000),
    ),
    CategorySpec(
        "Fesyen Muslim/Gamis",
        ("Gamis Syari", "Gamis Set Khimar"),
        CLOTHES,
        FABRIC,
        (400, 900),
        (99_000, 450_000),
    ),
    CategorySpec(
        "Fesyen Muslim/Koko & Sarung/Baju Koko",
        ("Baju Koko", "Koko Kurta"),
        CLOTHES,
        FABRIC,
        (250, 450),
        (79_000, 250_000),
    ),
    CategorySpec(
        "Pakaian Wanita/Celana/Kulot",
        ("Celana Kulot", "Kulot Highwaist"),
        CLOTHES,
        FABRIC,
        (250, 500),
        (45_000, 160_000),
    ),
    CategorySpec(
        "Pakaian Pria/Celana/Chino",
        ("Celana Chino", "Chino Slimfit"),
        CLOTHES,
        ("Katun Twill", "Katun Stretch"),
        (350, 650),
        (89_000, 249_000),
    ),
    CategorySpec(
        "Tas Wanita/Tas Selempang",
        ("Tas Selempang", "Sling Bag"),
        VOLUME,
        ("Kulit Sintetis", "Kanvas", "Nylon"),
        (250, 700),
        (45_000, 275_000),
    ),
    CategorySpec(
        "Tas Pria/Ransel",
        ("Tas Ransel", "Backpack Laptop"),
        VOLUME,
        ("Kanvas", "Polyester 600D"),
        (500, 1_200),
        (89_000, 399_000),
    ),
    CategorySpec(
        "Sepatu Pria/Sneakers",
        ("Sepatu Sneakers", "Sepatu Casual"),
        SHOES,
        ("Kanvas", "Kulit Sintetis", "Mesh"),
        (700, 1_400),
        (129_000, 450_000),
    ),
    CategorySpec(
        "Perlengkapan Rumah/Kamar Mandi/Rak Sabun",
        ("Rak Sabun", "Rak Kamar Mandi"),
        VOLUME,
        PLASTIC,
        (150, 800),
        (15_000, 89_000),
    ),
    CategorySpec(
        "Perlengkapan Rumah/Penyimpanan/Kotak Penyimpanan",
        ("Box Container", "Kotak Serbaguna"),
        VOLUME,
        PLASTIC,
        (300, 1_500),
        (25_000, 149_000),
    ),
    CategorySpec(
        "Perlengkapan Rumah/Tekstil Rumah/Sprei",
        ("Sprei Set", "Bed Cover"),
        ("120x200", "160x200", "180x200"),
        ("Katun Jepang", "Microfiber"),
        (800, 1_800),
        (99_000, 399_000),
    ),
    CategorySpec(
        "Kecantikan/Makeup/Lipstik",
        ("Lip Cream", "Lip Tint", "Lipstik Matte"),
        ("Mini", "Reguler"),
        ("Vitamin E",),
        (20, 60),
        (19_000, 89_000),
    ),
    CategorySpec(
        "Kesehatan/Masker",
        ("Masker Duckbill", "Masker 4 Ply"),
        ("Dewasa", "Anak"),
        ("Non Woven",),
        (100, 300),
        (12_000, 45_000),
    ),
    CategorySpec(
        "Olahraga & Outdoor/Botol Minum",
        ("Botol Minum", "Tumbler"),
        ("500ml", "750ml", "1 Liter", "2 Liter"),
        PLASTIC,
        (150, 500),
        (19_000, 129_000),
    ),
    CategorySpec(
        "Olahraga & Outdoor/Pakaian Olahraga/Legging",
        ("Legging Olahraga", "Legging Yoga"),
        CLOTHES,
        ("Spandex", "Polyester"),
        (150, 300),
        (39_000, 149_000),
    ),
    CategorySpec(
        "Ibu & Bayi/Perlengkapan Makan Bayi/Botol Susu",
        ("Botol Susu Bayi", "Botol Dot"),
        ("120ml", "240ml"),
        ("Silikon", "Plastik PP"),
        (80, 200),
        (29_000, 159_000),
    ),
    CategorySpec(
        "Mainan & Hobi/Mainan Edukasi",
        ("Mainan Edukasi", "Puzzle Kayu", "Balok Susun"),
        VOLUME,
        ("Kayu Pinus", "Plastik ABS"),
        (150, 900),
        (19_000, 175_000),
    ),
    CategorySpec(
        "Otomotif/Aksesoris Motor/Sarung Jok",
        ("Sarung Jok Motor", "Cover Jok"),
        ("Beat", "Vario", "NMAX", "Scoopy"),
        ("Kulit Sintetis", "Jaring"),
        (200, 500),
        (25_000, 95_000),
    ),
    CategorySpec(
        "Komputer & Aksesoris/Aksesoris Komputer/Mouse Pad",
        ("Mouse Pad", "Desk Mat"),
        ("20x25cm", "30x80cm", "40x90cm"),
        ("Karet", "Kain"),
        (100, 600),
        (12_000, 99_000),
    ),
)

COLOURS = (
    "Hitam",
    "Putih",
    "Navy",
    "Abu-abu",
    "Maroon",
    "Sage",
    "Mocca",
    "Army",
    "Dusty Pink",
    "Cream",
    "Merah",
    "Biru Muda",
)
MOTIFS = ("Polos", "Garis", "Bunga", "Kotak-kotak", "Print", "Abstrak")
ORIGINS = ("Indonesia", "Indonesia", "Indonesia", "Tiongkok")
SEASONS = ("Semua Musim", "Musim Panas", "Musim Hujan")
STYLES = ("Kasual", "Formal", "Korea", "Vintage", "Sporty", "Minimalis")
BRANDS = (
    "No brand",
    "No brand",
    "No brand",
    "Nusantara Wear (7012345)",
    "Rumah Rapi (7023456)",
    "Kirana (7034567)",
    "Sentosa Home (7045678)",
)
PREFIXES = ("🔥PROMO", "✨READY STOCK", "COD", "[BISA COD]", "PROMO 12.12", "", "", "")
ADJECTIVES = (
    "Premium",
    "Terbaru",
    "Kekinian",
    "Unisex",
    "Original",
    "Best Seller",
    "Korean Style",
    "Tebal",
    "Adem",
    "Anti Slip",
    "Awet",
    "Viral",
)
SUFFIXES = ("COD", "Gratis Ongkir", "Murah", "Termurah", "Bisa COD", "Grosir", "Ready Stock", "")
HASHTAGS = ("#ootd", "#promo", "#murah", "#viral", "#fyp", "#cod", "#gratisongkir", "#tiktokshop")
INTRO = (
    "Selamat datang di toko kami! Semua produk ready stock dan siap kirim hari ini.",
    "Produk berkualitas dengan harga terjangkau, cocok dipakai sehari-hari maupun acara santai.",
    "Dibuat dengan bahan pilihan dan jahitan rapi, nyaman dipakai seharian tanpa rasa gerah.",
    "Barang sesuai foto (real pict). Warna bisa sedikit berbeda karena cahaya.",
    "Pesanan sebelum jam 15.00 dikirim di hari yang sama, Senin sampai Sabtu.",
    "Kami menerima pembelian grosir dan reseller, silakan hubungi admin untuk harga khusus.",
    "Setiap barang dicek satu per satu sebelum dikemas dengan bubble wrap agar aman sampai tujuan.",
    "Cocok dijadikan hadiah untuk keluarga, sahabat, atau pasangan di hari spesial.",
)
CLOSING = (
    "Klaim garansi wajib menyertakan video unboxing tanpa jeda.",
    "Jangan lupa follow toko kami untuk promo dan voucher setiap minggu.",
    "Produk yang sudah dibeli tidak dapat ditukar kecuali ada cacat produksi.",
    "Tanyakan stok warna dan ukuran lewat chat sebelum membeli.",
)
CARE = (
    "Cuci dengan air dingin",
    "Jangan gunakan pemutih",
    "Jemur di tempat teduh",
    "Setrika dengan suhu sedang",
    "Simpan di tempat kering",
)
