"""The shipped samples read as their builder says, and rebuilding them changes nothing."""

from __future__ import annotations

import runpy
import shutil
from pathlib import Path

from catalog_migrate.model import Issue, RetailProduct
from catalog_migrate.sources import detect
from catalog_migrate.sources.base import SourceOptions

SAMPLES = Path(__file__).parent.parent.parent / "samples"
NAMES = ("tiktok_id_fashion.xlsx", "tiktok_my_home.csv", "broken_export.xlsx", "sample-shop.toml")


def read(name: str, currency: str | None = None) -> tuple[list[RetailProduct], list[Issue]]:
    path = SAMPLES / name
    options = SourceOptions(currency=currency)
    items = list(detect(path, options).read(path, options))
    return (
        [item for item in items if isinstance(item, RetailProduct)],
        [item for item in items if isinstance(item, Issue)],
    )


def test_samples_are_small() -> None:
    assert all((SAMPLES / name).stat().st_size < 100_000 for name in NAMES)


def test_rebuilding_gives_identical_files(tmp_path: Path) -> None:
    copy = tmp_path / "samples"
    copy.mkdir()
    shutil.copy(SAMPLES / "build_samples.py", copy)
    shutil.copytree(SAMPLES.parent / "mappings", tmp_path / "mappings")  # the sample profile's base
    namespace = runpy.run_path(str(copy / "build_samples.py"))
    namespace["main"]()
    for name in NAMES:
        assert (copy / name).read_bytes() == (SAMPLES / name).read_bytes(), name


def test_indonesian_fashion_sample() -> None:
    products, issues = read("tiktok_id_fashion.xlsx")
    assert len(products) == 45
    assert sum(len(p.variants) for p in products) == 184
    assert {v.price.currency for p in products for v in p.variants} == {"IDR"}
    assert [(i.source_row, i.code) for p in products for i in p.rejected] == [
        (44, "price.unparseable")
    ]
    assert [(i.code, i.source_row) for i in issues] == [
        ("row.instruction_skipped", 5),  # the template's row of help text
        ("currency.inferred", None),
        ("seller_sku.duplicate", 190),  # ID01-HIT-M again, on another product
    ]
    kaos = products[0]
    assert kaos.variation_names == ["Warna", "Ukuran"]
    assert [a.name for a in kaos.attributes] == ["Bahan", "Motif", "Negara Asal"]
    assert kaos.key == kaos.product_id and kaos.key is not None and len(kaos.key) == 19


def test_malaysian_home_sample() -> None:
    products, issues = read("tiktok_my_home.csv")
    assert len(products) == 38
    assert sum(len(p.variants) for p in products) == 62
    assert {v.price.currency for p in products for v in p.variants} == {"MYR"}
    assert sorted({len(p.variation_names) for p in products}) == [0, 1]
    assert all(p.key.startswith("tt-") for p in products)
    # The template's help row, and the shop's note typed into the product name column right
    # under it: no product, each named.
    assert [(i.code, i.source_row) for i in issues] == [
        ("row.instruction_skipped", 5),
        ("row.instruction_skipped", 6),
        ("currency.inferred", None),
    ]
    assert [(i.source_row, i.code) for p in products for i in p.rejected] == []


def test_the_samples_hold_the_rows_that_keep_a_listing_from_being_ready() -> None:
    fashion, _ = read("tiktok_id_fashion.xlsx")
    home, _ = read("tiktok_my_home.csv")
    by_title = {p.title: p for p in [*fashion, *home]}
    assert "Kaos Kaki Pria Wanita Ankle Katun Isi 12 Pasang" in by_title
    assert by_title["Pashmina Kaos Rayon Premium Jumbo"].category == "Fesyen Muslim/Hijab/Pashmina"
    seller_skus = [v.seller_sku for p in fashion for v in p.variants]
    assert seller_skus.count("ID01-HIT-M") == 2
    mug = by_title["Ceramic Mug with Bamboo Lid 350ml"]
    assert [v.quantity for v in mug.variants] == [30]
    wordy = next(p for p in home if len(p.title) > 128)  # a whole sentence for a title
    assert wordy.first_row == 7  # right under the shop's note, at the top of the data


def test_broken_export_sample() -> None:
    products, issues = read("broken_export.xlsx", currency="MYR")
    assert [(i.code, i.source_row) for i in issues] == [("row.instruction_skipped", 5)]
    assert [(i.source_row, i.code) for p in products for i in p.rejected] == [
        (8, "price.missing"),
        (9, "price.not_positive"),
        (10, "price.not_positive"),
        (11, "price.ambiguous"),
        (12, "price.currency_mismatch"),
        (13, "price.unparseable"),
        (14, "id.float_corrupted"),
        (15, "variation.duplicate"),
    ]
    assert [len(p.variants) for p in products] == [2, 1]
