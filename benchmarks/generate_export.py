"""Generate a large, realistic Indonesian TikTok Shop product export (.xlsx) for benchmarks.

The workbook follows the Seller Center layout (source-formats §1): the data sheet `Template` is
not the first sheet; row 1 holds the machine keys, row 2 the token row, row 3 the Indonesian
labels, row 4 Mandatory/Optional/Uneditable, row 5 the instructions, and the SKU rows start at
row 6, one row per SKU, product fields repeated on every row of the product.

The same arguments always give the same rows (seeded random). Usage:

    python benchmarks/generate_export.py OUT.xlsx --products 25000 --skus-per-product 4 --seed 1
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import itertools
import math
import random
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter
from export_vocabulary import (
    ADJECTIVES,
    BRANDS,
    CARE,
    CATEGORIES,
    CLOSING,
    COLOURS,
    HASHTAGS,
    INTRO,
    MOTIFS,
    ORIGINS,
    PREFIXES,
    SEASONS,
    STYLES,
    SUFFIXES,
    CategorySpec,
)
from xlsxwriter.worksheet import Worksheet

Cell = str | int | float

DATA_SHEET = "Template"
FIRST_DATA_ROW = 5  # zero-based: spreadsheet row 6
FIXED_TIMESTAMP = dt.datetime(2025, 1, 1)  # fixed document dates keep the file byte-identical
IMAGE_HOST = "https://p16-oec-sg.ibyteimg.com/tos-alisg-i-aphluv4xwc-sg"
WAREHOUSES = ("7301234567890123457", "7301234567890123458")


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # row-3 label of the Indonesian Seller Center
    required: str  # row-4 marker
    hint: str  # row-5 instruction


def _column(key: str, label: str, required: str = "Optional", hint: str = "") -> Column:
    return Column(key, label, required, hint or f"Isi kolom {label} sesuai ketentuan TikTok Shop.")


IMAGE_COLUMNS = [
    _column("main_image", "Gambar utama", "Mandatory", "Gunakan URL dari Media Center.")
]
IMAGE_COLUMNS += [_column(f"image_{n}", f"Gambar {n}") for n in range(2, 8)]
IMAGE_COLUMNS += [_column(f"image_{n}", f"Gambar Produk {n}") for n in (8, 9)]

PROPERTIES = (  # product_property/<attribute id>: Indonesian attribute labels
    ("100157", "Bahan"),
    ("100198", "Motif"),
    ("100393", "Negara Asal"),
    ("101610", "Musim"),
    ("100347", "Gaya"),
)

COLUMNS: list[Column] = [
    _column("product_id", "ID Produk", "Uneditable", "Jangan ubah ID produk."),
    _column("category", "Kategori", "Mandatory"),
    _column("brand", "Merek"),
    _column("product_name", "Nama produk", "Mandatory", "Nama produk maksimal 255 karakter."),
    _column("product_description", "Deskripsi produk", "Mandatory", "Deskripsi 1-10.000 karakter."),
    *IMAGE_COLUMNS,
    _column("sku_id", "ID SKU", "Uneditable", "Jangan ubah ID SKU."),
    _column("property_name_1", "Nama varian utama (tema)"),
    _column("property_value_1", "Nilai varian utama (opsi)"),
    _column("property_1_image", "Gambar varian utama 1"),
    _column("property_name_2", "Nama varian sekunder (tema)"),
    _column("property_value_2", "Nilai varian sekunder (opsi)"),
    _column("parcel_weight", "Berat paket(g)", "Mandatory", "Berat dalam gram."),
    _column("parcel_length", "Panjang paket(cm)"),
    _column("parcel_width", "Lebar paket(cm)"),
    _column("parcel_height", "Tinggi paket(cm)"),
    _column("delivery", "Opsi Pengiriman"),
    _column("price", "Harga Ritel (Mata Uang Lokal)", "Mandatory", "Harga dalam Rupiah."),
    *(
        _column(f"warehouse_quantity/{wid}", f"Kuantitas di Gudang {n}", "Mandatory")
        for n, wid in enumerate(WAREHOUSES, start=1)
    ),
    _column("seller_sku", "SKU Penjual"),
    _column("minimum_order_quantity", "Pembelian minimum per pesanan"),
    _column("size_chart", "Bagan Ukuran"),
    _column("cod", "Pilih apakah akan mendukung pembayaran di tempat."),
    *(_column(f"product_property/{aid}", label) for aid, label in PROPERTIES),
]
KEYS = [column.key for column in COLUMNS]
TOKEN_ROW = ("V5.0.2", "edit_product", "metric", "category_v2", "All_Information")


@dataclass(frozen=True)
class Product:
    product_id: str
    category: CategorySpec
    brand: str
    name: str
    description: str
    images: list[str]
    colours: dict[str, str]  # Warna option -> its variation image
    sizes: tuple[str, ...]
    properties: list[str]
    grams: int
    box_cm: tuple[int, int, int]
    base_price: int
    price_format: str | None  # None: numeric price cells; else the text form, e.g. `Rp {}`
    sku_code: str


MAX_SKUS_PER_PRODUCT = len(COLOURS) * 2


def long_id(rng: random.Random, prefix: str) -> str:
    """A 19-digit TikTok-style id, as text."""
    return prefix + "".join(rng.choice("0123456789") for _ in range(19 - len(prefix)))


def image_url(rng: random.Random) -> str:
    return f"{IMAGE_HOST}/{rng.getrandbits(128):032x}~tplv-aphluv4xwc-origin-jpeg.jpeg"


def product_title(rng: random.Random, spec: CategorySpec, material: str, code: str) -> str:
    words = [rng.choice(PREFIXES), rng.choice(spec.nouns), *rng.sample(ADJECTIVES, 2), material]
    words += [code, rng.choice(SUFFIXES), rng.choice(SUFFIXES)]
    words += rng.sample(HASHTAGS, rng.randint(0, 3))
    return " ".join(word for word in words if word)


def spec_table(rows: Sequence[tuple[str, str]]) -> str:
    cells = "".join(f"<tr><td>{key}</td><td>{value}</td></tr>" for key, value in rows)
    return f"<table>{cells}</table>"


def description_html(
    rng: random.Random, spec: CategorySpec, material: str, grams: int, colours: Sequence[str]
) -> str:
    """About 1.5 KB of seller HTML: paragraphs, a `Key: Value` list, a spec table, <br> lines."""
    facts = [
        ("Bahan", material),
        ("Motif", rng.choice(MOTIFS)),
        ("Ukuran", ", ".join(spec.sizes)),
        ("Warna", ", ".join(colours)),
        ("Berat", f"{grams} gram"),
        ("Negara Asal", rng.choice(ORIGINS)),
    ]
    table = [
        ("Merek", "Tanpa Merek"),
        ("Bahan", material),
        ("Berat Bersih", f"{grams} g"),
        ("Garansi", f"{rng.choice((3, 7, 14))} hari"),
        ("Isi Paket", f"1 x {rng.choice(spec.nouns)}"),
    ]
    care = "<br>".join(f"- {step}" for step in rng.sample(CARE, 3))
    sizes = "<br>".join(
        f"{size}: {rng.randint(20, 60)} x {rng.randint(20, 80)} cm" for size in spec.sizes
    )
    return "".join(
        [
            f"<p><strong>{rng.choice(spec.nouns)} {material}</strong></p>",
            f"<p>{' '.join(rng.sample(INTRO, 4))}</p>",
            "<p>Spesifikasi:</p>",
            "<ul>" + "".join(f"<li>{key}: {value}</li>" for key, value in facts) + "</ul>",
            spec_table(table),
            f"<p>Detail ukuran (lebar x panjang):<br>{sizes}</p>",
            f"<p>Cara perawatan:<br>{care}</p>",
            f"<p>{' '.join(rng.sample(CLOSING, 2))}</p>",
            "<p>" + " ".join(rng.sample(HASHTAGS, 4)) + "</p>",
        ]
    )


def variation_axes(
    rng: random.Random, spec: CategorySpec, skus: int
) -> tuple[list[str], tuple[str, ...]]:
    """Warna and Ukuran options whose combinations cover `skus` SKUs."""
    size_count = min(len(spec.sizes), math.ceil(math.sqrt(skus)))
    colours = rng.sample(COLOURS, math.ceil(skus / size_count))
    return colours, spec.sizes[:size_count]


def make_product(rng: random.Random, index: int, skus: int) -> Product:
    spec = rng.choice(CATEGORIES)
    colours, sizes = variation_axes(rng, spec, skus)
    material = rng.choice(spec.materials)
    code = f"{spec.nouns[0][:2].upper()}-{index:05d}"
    grams = rng.randrange(spec.grams[0], spec.grams[1] + 1, 10)
    return Product(
        product_id=long_id(rng, "1729"),
        category=spec,
        brand=rng.choice(BRANDS),
        name=product_title(rng, spec, material, code),
        description=description_html(rng, spec, material, grams, colours),
        images=[image_url(rng) for _ in range(rng.randint(3, 9))],
        colours={colour: image_url(rng) for colour in colours},
        sizes=sizes,
        properties=[
            material,
            rng.choice(MOTIFS),
            rng.choice(ORIGINS),
            rng.choice(SEASONS),
            rng.choice(STYLES),
        ],
        grams=grams,
        box_cm=(rng.randint(10, 40), rng.randint(10, 30), rng.randint(2, 15)),
        base_price=rng.randrange(spec.price[0], spec.price[1] + 1, 500),
        price_format=rng.choice((None, None, "Rp {}", "Rp {}", "Rp{}")),
        sku_code=f"{code}-{rng.randint(100, 999)}",
    )


def rupiah(amount: int) -> str:
    """`89000` -> `89.000` (Indonesian thousands separator)."""
    return f"{amount:,}".replace(",", ".")


def price_cell(product: Product, amount: int) -> Cell:
    if product.price_format is None:
        return amount
    return product.price_format.format(rupiah(amount))


def product_cells(product: Product) -> dict[str, Cell]:
    """The cells every SKU row of the product repeats."""
    cells: dict[str, Cell] = {
        "product_id": product.product_id,
        "category": product.category.path,
        "brand": product.brand,
        "product_name": product.name,
        "product_description": product.description,
        "parcel_weight": product.grams,
        "parcel_length": product.box_cm[0],
        "parcel_width": product.box_cm[1],
        "parcel_height": product.box_cm[2],
        "delivery": "Default",
        "minimum_order_quantity": 1,
    }
    cells |= {column.key: url for column, url in zip(IMAGE_COLUMNS, product.images, strict=False)}
    cells |= {
        f"product_property/{aid}": value
        for (aid, _), value in zip(PROPERTIES, product.properties, strict=True)
    }
    return cells


def sku_cells(rng: random.Random, product: Product, colour: str, size: str) -> dict[str, Cell]:
    """The cells of one SKU: its id, options, price, stock and seller SKU."""
    return {
        "sku_id": long_id(rng, "1731"),
        "property_name_1": "Warna",
        "property_value_1": colour,
        "property_1_image": product.colours[colour],
        "property_name_2": "Ukuran",
        "property_value_2": size,
        "price": price_cell(product, product.base_price + product.sizes.index(size) * 5_000),
        f"warehouse_quantity/{WAREHOUSES[0]}": rng.randint(0, 500),
        f"warehouse_quantity/{WAREHOUSES[1]}": rng.choice((0, 0, rng.randint(1, 200))),
        "seller_sku": f"{product.sku_code}-{colour[:3].upper()}-{size.replace(' ', '')}",
        "cod": rng.choice(("Ya", "Tidak")),
    }


def single_sku(cells: dict[str, Cell]) -> dict[str, Cell]:
    """A product without variations leaves the variation cells empty."""
    return {key: value for key, value in cells.items() if not key.startswith("property_")}


def export_rows(products: int, skus_per_product: int, seed: int) -> Iterator[list[Cell]]:
    """Every SKU row of the export, in order."""
    rng = random.Random(seed)
    for index in range(1, products + 1):
        product = make_product(rng, index, skus_per_product)
        shared = product_cells(product)
        combos = itertools.product(product.colours, product.sizes)
        for colour, size in itertools.islice(combos, skus_per_product):
            own = sku_cells(rng, product, colour, size)
            cells = shared | (own if skus_per_product > 1 else single_sku(own))
            yield [cells.get(key, "") for key in KEYS]


def header_rows(seed: int) -> list[list[Cell]]:
    """Rows 1-5: keys, tokens, labels, Mandatory/Optional, instructions."""
    digest = hashlib.md5(str(seed).encode(), usedforsecurity=False).hexdigest()
    tokens: list[Cell] = [*TOKEN_ROW, digest, "normal_file", "TikTok Shop (0)"]
    tokens += [""] * (len(KEYS) - len(tokens))
    return [
        list(KEYS),
        tokens,
        [column.label for column in COLUMNS],
        [column.required for column in COLUMNS],
        [column.hint for column in COLUMNS],
    ]


def write_cells(worksheet: Worksheet, row: int, cells: Sequence[Cell]) -> None:
    """Write each cell with its own type: ids and text prices stay text, numbers stay numbers."""
    for col, value in enumerate(cells):
        if isinstance(value, str):
            if value:
                worksheet.write_string(row, col, value)
        else:
            worksheet.write_number(row, col, value)


def open_workbook(path: Path, *, shared_strings: bool = False) -> xlsxwriter.Workbook:
    """In constant-memory mode xlsxwriter writes each text in its cell; with `shared_strings`,
    once in xl/sharedStrings.xml as Excel and Seller Center do (and holds the whole sheet in
    memory meanwhile)."""
    workbook = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": not shared_strings,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    workbook.set_properties({"created": FIXED_TIMESTAMP, "author": "TikTok Shop Seller Center"})
    return workbook


def write_export(
    path: Path, products: int, skus_per_product: int, seed: int, *, shared_strings: bool = False
) -> int:
    """Write the workbook; return the number of SKU rows written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = open_workbook(path, shared_strings=shared_strings)
    instructions = workbook.add_worksheet("Instruction")
    instructions.write_string(
        0, 0, "Petunjuk: isi sheet Template mulai baris 6. Jangan ubah baris 1-5."
    )
    template = workbook.add_worksheet(DATA_SHEET)
    for row, cells in enumerate(header_rows(seed)):
        write_cells(template, row, cells)
    count = 0
    for count, cells in enumerate(export_rows(products, skus_per_product, seed), start=1):
        write_cells(template, FIRST_DATA_ROW + count - 1, cells)
    categories = workbook.add_worksheet("Category")
    for row, spec in enumerate(CATEGORIES):
        categories.write_string(row, 0, spec.path)
    workbook.close()
    return count


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("output", type=Path, help="the .xlsx file to write")
    parser.add_argument("--products", type=int, default=25_000)
    parser.add_argument("--skus-per-product", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--shared-strings",
        action="store_true",
        help="write texts once in the shared strings, as Excel does (default: in their cells)",
    )
    args = parser.parse_args(argv)
    if args.products < 1 or not 1 <= args.skus_per_product <= MAX_SKUS_PER_PRODUCT:
        parser.error(f"--products >= 1 and 1 <= --skus-per-product <= {MAX_SKUS_PER_PRODUCT}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    rows = write_export(
        args.output,
        args.products,
        args.skus_per_product,
        args.seed,
        shared_strings=args.shared_strings,
    )
    print(f"wrote {args.output}: {args.products} products, {rows} SKU rows, {len(KEYS)} columns")
    return 0


if __name__ == "__main__":
    sys.exit(main())
