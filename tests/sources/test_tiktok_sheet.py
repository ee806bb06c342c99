"""The TikTok Shop sheet source: layout, grouping, variations, prices, stock, ids, attributes."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from catalog_migrate.errors import InputError
from catalog_migrate.model import Issue, RetailProduct, Severity
from catalog_migrate.sources.base import SourceOptions
from catalog_migrate.sources.tiktok_cells import product_key
from catalog_migrate.sources.tiktok_sheet import CODES, TikTokSheetSource
from tests.tiktok_builder import write_tiktok_csv, write_tiktok_xlsx

REAL_WORLD = Path(__file__).parent.parent / "data" / "real-world"
SOURCE = TikTokSheetSource()
PID = "1729384756102938475"
CATEGORY = "Pakaian Wanita/Atasan/Kaos"


def sku(**cells: object) -> dict[str, object]:
    row: dict[str, object] = {
        "category": CATEGORY,
        "brand": "No brand",
        "product_name": "Kaos Polos Katun Premium",
        "product_description": "<p>Bahan: Katun</p>",
        "main_image": "https://p16-oec.example/kaos-1.jpg",
        "price": "Rp 89.000",
        "seller_sku": "KP-01",
    }
    row.update(cells)
    return row


def read(
    path: Path, currency: str | None = "IDR", **options: object
) -> list[RetailProduct | Issue]:
    return list(SOURCE.read(path, SourceOptions(currency=currency, **options)))  # type: ignore[arg-type]


def products_of(items: list[RetailProduct | Issue]) -> list[RetailProduct]:
    return [item for item in items if isinstance(item, RetailProduct)]


def issues_of(items: list[RetailProduct | Issue]) -> list[Issue]:
    return [item for item in items if isinstance(item, Issue)]


def rejected_rows(products: list[RetailProduct]) -> dict[int, str]:
    return {
        issue.source_row: issue.code for p in products for issue in p.rejected if issue.source_row
    }


TWO_AXES = [
    sku(property_name_1="Warna", property_value_1="Hitam", property_name_2="Ukuran",
        property_value_2="M", seller_sku="KP-HTM-M"),
    sku(property_name_1="Warna", property_value_1="Hitam", property_name_2="Ukuran",
        property_value_2="L", seller_sku="KP-HTM-L"),
    sku(property_name_1="Warna", property_value_1="Putih", property_name_2="Ukuran",
        property_value_2="M", seller_sku="KP-PTH-M", price=99000),
]  # fmt: skip


# --- layout ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "id", "zh"])
def test_columns_are_mapped_by_keys_whatever_the_label_language(
    tmp_path: Path, language: str
) -> None:
    path = write_tiktok_xlsx(tmp_path / "export.xlsx", TWO_AXES, language=language)
    [product] = products_of(read(path))
    assert product.title == "Kaos Polos Katun Premium"
    assert product.variation_names == ["Warna", "Ukuran"]
    assert [v.options for v in product.variants] == [
        {"Warna": "Hitam", "Ukuran": "M"},
        {"Warna": "Hitam", "Ukuran": "L"},
        {"Warna": "Putih", "Ukuran": "M"},
    ]
    assert [v.price.amount for v in product.variants] == [89000, 89000, 99000]
    assert [v.source_row for v in product.variants] == [6, 7, 8]
    assert product.source_rows == [6, 7, 8]


def test_keys_win_over_misleading_labels(tmp_path: Path) -> None:
    rows = [sku(seller_sku="KP-01")]
    labels = {"price": "Seller SKU", "seller_sku": "Retail Price (Local Currency)"}
    path = write_tiktok_xlsx(tmp_path / "export.xlsx", rows, labels=labels)
    [product] = products_of(read(path))
    assert product.variants[0].seller_sku == "KP-01"
    assert product.variants[0].price.amount == 89000


@pytest.mark.parametrize("language", ["en", "id", "zh"])
def test_label_only_files_are_read_through_the_label_table(tmp_path: Path, language: str) -> None:
    path = write_tiktok_xlsx(
        tmp_path / "stripped.xlsx", TWO_AXES, labels_only=True, language=language
    )
    [product] = products_of(read(path))
    assert product.variation_names == ["Warna", "Ukuran"]
    assert [v.seller_sku for v in product.variants] == ["KP-HTM-M", "KP-HTM-L", "KP-PTH-M"]
    assert [v.source_row for v in product.variants] == [2, 3, 4]


@pytest.mark.parametrize("data_start_row", [2, 4, 6, 7, 9])
def test_first_data_row_is_found_by_content(tmp_path: Path, data_start_row: int) -> None:
    path = write_tiktok_xlsx(tmp_path / "export.xlsx", TWO_AXES, data_start_row=data_start_row)
    [product] = products_of(read(path))
    assert [v.source_row for v in product.variants] == [data_start_row + n for n in range(3)]


def test_edit_export_skips_uneditable_rows_and_keys_by_product_id(tmp_path: Path) -> None:
    rows = [
        sku(product_id=PID, sku_id="1729384756102938001", variation_value="Hitam, M"),
        sku(product_id=PID, sku_id="1729384756102938002", variation_value="Hitam, L"),
    ]
    path = write_tiktok_xlsx(tmp_path / "export.xlsx", rows)
    [product] = products_of(read(path))
    assert product.key == PID
    assert product.product_id == PID
    assert product.variation_names == ["Variation"]
    assert [v.options for v in product.variants] == [
        {"Variation": "Hitam, M"},
        {"Variation": "Hitam, L"},
    ]
    assert [v.sku_id for v in product.variants] == ["1729384756102938001", "1729384756102938002"]


def test_real_chinese_template_gives_no_products_and_a_warning() -> None:
    items = read(REAL_WORLD / "tiktok_store_backend_template_zh.xlsx")
    assert [(i.code, i.severity, i.message) for i in issues_of(items)] == [
        (
            "input.no_rows",
            Severity.WARNING,
            "tiktok_store_backend_template_zh.xlsx (sheet Sheet1) has TikTok Shop headers but no "
            "product rows",
        )
    ]
    assert products_of(items) == []


def test_real_chinese_template_with_rows_added_reads_them(tmp_path: Path) -> None:
    import openpyxl

    workbook = openpyxl.load_workbook(REAL_WORLD / "tiktok_store_backend_template_zh.xlsx")
    sheet = workbook.active
    product = ["家居/收纳", "", "收纳盒", "<p>塑料</p>", "https://img.example/1.jpg", *[""] * 8]
    variation = ["颜色", "白色", "", "", ""]
    parcel_price_stock = [350, 20, 15, 10, "RM 12.90", 40, "BOX-W", ""]
    sheet.append([*product, *variation, *parcel_price_stock])
    path = tmp_path / "zh.xlsx"
    workbook.save(path)
    [product] = products_of(read(path, currency=None))
    assert product.variants[0].price.amount == Decimal("12.90")
    assert product.variants[0].quantity == 40
    assert product.variants[0].options == {"颜色": "白色"}
    assert product.weight_g == Decimal(350)


def test_a_sheet_without_tiktok_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("Handle,Title,Variant Price\nkaos,Kaos,12.90\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read(path)
    assert str(caught.value) == (
        "other.csv is not a TikTok Shop export: no product_name / 商品名称 column found in the "
        "first 2 rows"
    )


# --- CSV ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "utf-16"])
@pytest.mark.parametrize("delimiter", [",", ";"])
def test_csv_saved_by_excel(tmp_path: Path, encoding: str, delimiter: str) -> None:
    rows = [
        sku(product_id=PID, price="RM 1,299.00", seller_sku="A"),
        sku(product_id=PID, price="RM12.90", seller_sku="B", variation_value="Blue"),
    ]
    rows[0]["variation_value"] = "Red"
    path = write_tiktok_csv(tmp_path / "export.csv", rows, delimiter=delimiter, encoding=encoding)
    [product] = products_of(read(path, currency="MYR"))
    assert [v.price.amount for v in product.variants] == [Decimal("1299.00"), Decimal("12.90")]
    assert product.key == PID


# --- grouping -------------------------------------------------------------------------------------


def test_rows_of_a_product_need_not_be_adjacent(tmp_path: Path) -> None:
    rows = [
        sku(product_id=PID, variation_value="Hitam", seller_sku="A"),
        sku(product_id="1729384756102938999", product_name="Kemeja Flanel", seller_sku="X"),
        sku(product_id=PID, variation_value="Putih", seller_sku="B"),
    ]
    items = read(write_tiktok_xlsx(tmp_path / "export.xlsx", rows))
    first, second = products_of(items)
    assert (first.key, [v.seller_sku for v in first.variants], first.source_rows) == (
        PID,
        ["A", "B"],
        [6, 8],
    )
    assert (second.title, second.source_rows) == ("Kemeja Flanel", [7])


def test_without_product_id_rows_group_by_category_and_name(tmp_path: Path) -> None:
    rows = [
        sku(property_name_1="Warna", property_value_1="Hitam"),
        sku(category="Pakaian Pria/Atasan/Kaos", property_name_1="Warna", property_value_1="Hitam"),
        sku(property_name_1="Warna", property_value_1="Putih"),
    ]
    products = products_of(read(write_tiktok_xlsx(tmp_path / "export.xlsx", rows)))
    assert [(p.category, p.source_rows) for p in products] == [
        (CATEGORY, [6, 8]),
        ("Pakaian Pria/Atasan/Kaos", [7]),
    ]
    assert products[0].key == product_key(CATEGORY, "Kaos Polos Katun Premium")
    assert products[0].key.startswith("tt-") and len(products[0].key) == 15


def test_name_key_is_stable_across_edits(tmp_path: Path) -> None:
    before = products_of(
        read(write_tiktok_xlsx(tmp_path / "a.xlsx", [sku(), sku(product_name="Other")]))
    )
    after = products_of(
        read(
            write_tiktok_xlsx(
                tmp_path / "b.xlsx",
                [sku(product_name="New"), sku(product_name="  kaos polos  KATUN premium ")],
            )
        )
    )
    assert before[0].key == after[1].key


def test_a_row_without_name_or_id_is_a_bare_error(tmp_path: Path) -> None:
    rows = [sku(), sku(product_name="", seller_sku="LOST-1")]
    items = read(write_tiktok_xlsx(tmp_path / "export.xlsx", rows))
    [bare] = [i for i in issues_of(items) if i.code == "product.name_missing"]
    assert (bare.severity, bare.source_row) == (Severity.ERROR, 7)


def test_single_sku_product_has_no_variations(tmp_path: Path) -> None:
    [product] = products_of(read(write_tiktok_xlsx(tmp_path / "export.xlsx", [sku()])))
    assert product.variation_names == []
    assert product.variants[0].options == {}


def test_one_axis_only(tmp_path: Path) -> None:
    rows = [sku(property_name_1="Size", property_value_1=s, seller_sku=s) for s in ("S", "M")]
    [product] = products_of(read(write_tiktok_xlsx(tmp_path / "export.xlsx", rows)))
    assert product.variation_names == ["Size"]
    assert [v.options for v in product.variants] == [{"Size": "S"}, {"Size": "M"}]


def test_numeric_variation_values_read_as_shown(tmp_path: Path) -> None:
    rows = [sku(property_name_1="Ukuran", property_value_1=n, seller_sku=str(n)) for n in (38, 39)]
    [product] = products_of(read(write_tiktok_xlsx(tmp_path / "export.xlsx", rows)))
    assert [v.options for v in product.variants] == [{"Ukuran": "38"}, {"Ukuran": "39"}]


def test_duplicate_and_missing_variations_reject_the_row(tmp_path: Path) -> None:
    rows = [
        sku(property_name_1="Warna", property_value_1="Hitam"),
        sku(property_name_1="Warna", property_value_1="Hitam"),
        sku(property_name_1="Warna", property_value_1=""),
    ]
    [product] = products_of(read(write_tiktok_xlsx(tmp_path / "export.xlsx", rows)))
    assert [v.source_row for v in product.variants] == [6]
    assert rejected_rows([product]) == {7: "variation.duplicate", 8: "variation.missing"}


def test_variation_name_mismatch_is_a_warning(tmp_path: Path) -> None:
    rows = [
        sku(property_name_1="Warna", property_value_1="Hitam"),
        sku(property_name_1="Color", property_value_1="Putih"),
    ]
    items = read(write_tiktok_xlsx(tmp_path / "export.xlsx", rows))
    [warning] = [i for i in issues_of(items) if i.code == "variation.name_mismatch"]
    assert (
        warning.message == "the rows name variation 1 differently (Warna, Color); 'Warna' is used"
    )
    assert products_of(items)[0].variation_names == ["Warna"]


# --- prices and currency --------------------------------------------------------------------------


def test_price_problems_reject_their_sku_and_name_the_row(tmp_path: Path) -> None:
    rows = [
        sku(property_name_1="Warna", property_value_1="A", price="Rp 89.000"),
        sku(property_name_1="Warna", property_value_1="B", price="Rp ??", seller_sku="KP-B"),
        sku(property_name_1="Warna", property_value_1="C", price=None),
        sku(property_name_1="Warna", property_value_1="D", price=0),
        sku(property_name_1="Warna", property_value_1="E", price="-5000"),
        sku(property_name_1="Warna", property_value_1="F", price="RM 12.90"),
        sku(property_name_1="Warna", property_value_1="G", price="1,5jt"),
    ]
    [product] = products_of(read(write_tiktok_xlsx(tmp_path / "export.xlsx", rows)))
    assert [(v.source_row, v.price.amount) for v in product.variants] == [(6, 89000), (12, 1500000)]
    assert rejected_rows([product]) == {
        7: "price.unparseable",
        8: "price.missing",
        9: "price.not_positive",
        10: "price.not_positive",
        11: "price.currency_mismatch",
    }
    unparseable = product.rejected[0]
    assert (unparseable.sku, unparseable.field, unparseable.product_key) == (
        "KP-B",
        "price",
        product.key,
    )
    assert all(issue.severity is Severity.ERROR for issue in product.rejected)


def test_ambiguous_price_in_myr(tmp_path: Path) -> None:
    rows = [
        sku(price="1.500", seller_sku="A"),
        sku(price="12.90", seller_sku="B", product_name="B"),
    ]
    products = products_of(read(write_tiktok_csv(tmp_path / "export.csv", rows), currency="MYR"))
    assert rejected_rows(products) == {6: "price.ambiguous"}
    assert products[1].variants[0].price.amount == Decimal("12.90")


def test_currency_is_inferred_from_symbols_with_a_warning(tmp_path: Path) -> None:
    rows = [sku(price="Rp 89.000"), sku(product_name="B", price=150000)]
    items = read(write_tiktok_xlsx(tmp_path / "export.xlsx", rows), currency=None)
    assert {v.price.currency for p in products_of(items) for v in p.variants} == {"IDR"}
    [inferred] = [i for i in issues_of(items) if i.code == "currency.inferred"]
    assert inferred.severity is Severity.WARNING


def test_no_currency_anywhere_asks_for_currency(tmp_path: Path) -> None:
    path = write_tiktok_xlsx(tmp_path / "export.xlsx", [sku(price=89000)])
    with pytest.raises(InputError) as caught:
        read(path, currency=None)
    assert str(caught.value) == (
        "export.xlsx does not say which currency its prices are in: pass --currency "
        "(e.g. --currency IDR) or --region (e.g. --region ID)"
    )
    assert caught.value.exit_code == 2


def test_several_currencies_ask_for_currency(tmp_path: Path) -> None:
    rows = [sku(price="Rp 89.000"), sku(product_name="B", price="RM 12.90")]
    with pytest.raises(InputError) as caught:
        read(write_tiktok_xlsx(tmp_path / "export.xlsx", rows), currency=None)
    assert str(caught.value) == (
        "export.xlsx: the price cells name several currencies (IDR, MYR): pass --currency with "
        "the shop's currency"
    )


# --- ids ------------------------------------------------------------------------------------------


def test_ids_stay_text(tmp_path: Path) -> None:
    rows = [
        sku(
            product_id=PID,
            sku_id="1729384756102938001",
            seller_sku="007",
            gtin_code="0012345678905",
        )
    ]
    [product] = products_of(read(write_tiktok_xlsx(tmp_path / "export.xlsx", rows)))
    variant = product.variants[0]
    assert (product.key, variant.sku_id, variant.seller_sku, variant.gtin) == (
        PID, "1729384756102938001", "007", "0012345678905"
    )  # fmt: skip


def test_float_product_id_rejects_every_sku_of_the_product(tmp_path: Path) -> None:
    rows = [
        sku(product_id=float(PID), variation_value="Hitam"),
        sku(product_id=float(PID), variation_value="Putih"),
    ]
    [product] = products_of(read(write_tiktok_xlsx(tmp_path / "export.xlsx", rows)))
    assert product.variants == []
    assert product.product_id is None
    assert product.key == product_key(CATEGORY, "Kaos Polos Katun Premium")
    assert rejected_rows([product]) == {6: "id.float_corrupted", 7: "id.float_corrupted"}
    assert product.rejected[0].message == (
        "product_id 1729384756102940000 lost digits when it was saved as a number (a float keeps "
        "15 digits); use the original export, or format the column as Text before saving"
    )


def test_scientific_sku_id_from_a_csv_rejects_the_sku(tmp_path: Path) -> None:
    rows = [sku(product_id=PID, sku_id="1.72938E+18", variation_value="A"),
            sku(product_id=PID, sku_id="1729384756102938002", variation_value="B")]  # fmt: skip
    [product] = products_of(read(write_tiktok_csv(tmp_path / "export.csv", rows)))
    assert [v.source_row for v in product.variants] == [7]
    assert rejected_rows([product]) == {6: "id.float_corrupted"}


def test_float_seller_sku_is_dropped_with_a_warning(tmp_path: Path) -> None:
    rows = [sku(seller_sku=8.99123456789012e15)]
    items = read(write_tiktok_xlsx(tmp_path / "export.xlsx", rows))
    [product] = products_of(items)
    assert product.variants[0].seller_sku is None
    [issue] = [i for i in issues_of(items) if i.code == "id.float_corrupted"]
    assert (issue.severity, issue.field, issue.source_row) == (Severity.WARNING, "seller_sku", 6)


# --- stock, parcel, images, brand, category, attributes -------------------------------------------


def test_warehouse_quantities_are_summed(tmp_path: Path) -> None:
    rows = [
        sku(
            property_value_1="A", **{"warehouse_quantity/7001": 10, "warehouse_quantity/7002": "5"}
        ),
        sku(property_value_1="B", **{"warehouse_quantity/7001": 3}),
        sku(property_value_1="C"),
        sku(property_value_1="D", **{"warehouse_quantity/7001": 2.5}),
        sku(property_value_1="E", **{"warehouse_quantity/7002": -1}),
    ]
    items = read(write_tiktok_xlsx(tmp_path / "export.xlsx", rows))
    [product] = products_of(items)
    assert [v.quantity for v in product.variants] == [15, 3, None, None, None]
    warnings = [(i.source_row, i.code) for i in issues_of(items) if i.code == "quantity.invalid"]
    assert warnings == [(9, "quantity.invalid"), (10, "quantity.invalid")]


def test_quantity_in_warehouse_labels_in_a_label_only_file(tmp_path: Path) -> None:
    rows = [sku(**{"warehouse_quantity/U.S Pickup Warehouse": 7})]
    path = write_tiktok_xlsx(tmp_path / "us.xlsx", rows, labels_only=True)
    assert products_of(read(path))[0].variants[0].quantity == 7


def test_parcel_in_grams_and_centimetres(tmp_path: Path) -> None:
    rows = [sku(parcel_weight=250, parcel_length="30", parcel_width=20.5, parcel_height=None)]
    [product] = products_of(read(write_tiktok_xlsx(tmp_path / "export.xlsx", rows)))
    assert (product.weight_g, product.length_cm, product.width_cm, product.height_cm) == (
        Decimal(250), Decimal(30), Decimal("20.5"), None
    )  # fmt: skip


def test_us_template_pounds_and_inches_are_converted(tmp_path: Path) -> None:
    rows = [sku(parcel_weight=1.5, parcel_length=10, parcel_width=4, parcel_height="2.5")]
    labels = {
        "parcel_weight": "Package Weight(lb)",
        "parcel_length": "Package Length(inch)",
        "parcel_width": "Package Width(inch)",
        "parcel_height": "Package Height(inch)",
    }
    [product] = products_of(read(write_tiktok_xlsx(tmp_path / "us.xlsx", rows, labels=labels)))
    assert product.weight_g == Decimal("680.39")
    assert (product.length_cm, product.width_cm, product.height_cm) == (
        Decimal("25.40"), Decimal("10.16"), Decimal("6.35")
    )  # fmt: skip


def test_invalid_parcel_value_is_a_warning(tmp_path: Path) -> None:
    items = read(write_tiktok_xlsx(tmp_path / "export.xlsx", [sku(parcel_weight="berat")]))
    assert products_of(items)[0].weight_g is None
    [issue] = [i for i in issues_of(items) if i.code == "parcel.invalid"]
    assert issue.message == "parcel_weight holds 'berat', not a number; it is left empty"


def test_images_in_order_and_variant_images(tmp_path: Path) -> None:
    rows = [
        sku(main_image="https://img.example/1.jpg", image_2="https://img.example/2.jpg",
            image_4="https://img.example/4.jpg", image_5="see photo", property_name_1="Warna",
            property_value_1="Hitam", property_1_image="https://img.example/hitam.jpg"),
        sku(property_name_1="Warna", property_value_1="Putih"),
    ]  # fmt: skip
    items = read(write_tiktok_xlsx(tmp_path / "export.xlsx", rows))
    [product] = products_of(items)
    assert product.images == [
        "https://img.example/1.jpg",
        "https://img.example/2.jpg",
        "https://img.example/4.jpg",
    ]
    assert [v.image for v in product.variants] == ["https://img.example/hitam.jpg", None]
    assert [i.code for i in issues_of(items) if i.code == "image.not_url"] == ["image.not_url"]


@pytest.mark.parametrize(
    ("brand", "expected"),
    [
        ("Vivienne Westwood (0123327)", "Vivienne Westwood"),
        ("ORAIMO/0123327", "ORAIMO"),
        ("Erigo", "Erigo"),
        ("No brand", None),
        ("ไม่มีแบรนด์", None),
        ("无品牌", None),
        (None, None),
    ],
)
def test_brand(tmp_path: Path, brand: str | None, expected: str | None) -> None:
    [product] = products_of(read(write_tiktok_xlsx(tmp_path / "export.xlsx", [sku(brand=brand)])))
    assert product.brand == expected


@pytest.mark.parametrize(
    ("category", "expected"),
    [
        ("0123345/Decorative Lights", "Decorative Lights"),
        (
            "Women's dresses/Formal dresses/Business dresses",
            "Women's dresses/Formal dresses/Business dresses",
        ),
        ("  Pakaian Wanita / Atasan /  Kaos ", "Pakaian Wanita/Atasan/Kaos"),
    ],
)
def test_category(tmp_path: Path, category: str, expected: str) -> None:
    rows = [sku(category=category)]
    [product] = products_of(read(write_tiktok_xlsx(tmp_path / "export.xlsx", rows)))
    assert product.category == expected


def test_attributes_are_named_by_their_label(tmp_path: Path) -> None:
    rows = [sku(**{"product_property/100157": "Katun", "product_property/100198": "Polos",
                   "product_property/100393": 12})]  # fmt: skip
    labels = {"product_property/100157": "Bahan", "product_property/100198": "Motif"}
    path = write_tiktok_xlsx(tmp_path / "export.xlsx", rows, language="id", labels=labels)
    [product] = products_of(read(path))
    assert [(a.name, a.value, a.source) for a in product.attributes] == [
        ("Bahan", "Katun", "product_property/100157"),
        ("Motif", "Polos", "product_property/100198"),
        ("Attribute 100393", "12", "product_property/100393"),
    ]


def test_attributes_without_a_label_row_are_named_by_id(tmp_path: Path) -> None:
    rows = [sku(**{"product_property/100157": "Katun"})]
    path = write_tiktok_xlsx(tmp_path / "export.xlsx", rows, data_start_row=2)
    [product] = products_of(read(path))
    assert [(a.name, a.source) for a in product.attributes] == [
        ("100157", "product_property/100157")
    ]


def test_description_is_kept_as_given(tmp_path: Path) -> None:
    html = "<p>Bahan: Katun<br>Ukuran: M</p><table><tr><td>Lebar</td><td>50 cm</td></tr></table>"
    [product] = products_of(
        read(write_tiktok_xlsx(tmp_path / "e.xlsx", [sku(product_description=html)]))
    )
    assert product.description == html


# --- accounting -----------------------------------------------------------------------------------


def test_every_data_row_is_a_variant_or_a_rejection_exactly_once(tmp_path: Path) -> None:
    rows = [*TWO_AXES, sku(price="Rp ??", product_name="X"), sku(product_name="", seller_sku="Z"),
            sku(product_id=float(PID), product_name="Y"), sku(property_name_1="Warna",
            property_value_1="Hitam", property_name_2="Ukuran", property_value_2="M")]  # fmt: skip
    items = read(write_tiktok_xlsx(tmp_path / "export.xlsx", rows))
    seen: list[int] = []
    for item in items:
        if isinstance(item, RetailProduct):
            seen += [v.source_row for v in item.variants]
            seen += sorted({i.source_row for i in item.rejected if i.source_row is not None})
        elif item.is_error and item.source_row is not None:
            seen.append(item.source_row)
    assert sorted(seen) == list(range(6, 6 + len(rows)))


def test_codes_are_documented() -> None:
    assert all(code.count(".") == 1 and meaning for code, meaning in CODES.items())
    for code in ("price.unparseable", "price.ambiguous", "price.not_positive", "price.missing",
                 "price.currency_mismatch", "id.float_corrupted", "input.no_rows"):  # fmt: skip
        assert code in CODES


def test_an_export_without_a_price_column_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "no_price.xlsx"
    write_tiktok_xlsx(path, [{"product_name": "Kaos", "category": "A/B", "seller_sku": "K1"}])
    with pytest.raises(InputError) as raised:
        list(TikTokSheetSource().read(path, SourceOptions(currency="IDR")))
    assert str(raised.value) == (
        "no_price.xlsx (sheet Template) has no price column (key `price` or a label such as "
        "'Retail Price (Local Currency)'): export the products again with their prices"
    )
