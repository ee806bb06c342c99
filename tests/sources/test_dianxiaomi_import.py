"""The Dianxiaomi TikTok import template: the real example and small templates built here."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from catalog_migrate.codes import STAGES
from catalog_migrate.errors import InputError
from catalog_migrate.model import Issue, RetailProduct
from catalog_migrate.sources import detect
from catalog_migrate.sources.base import SourceOptions
from catalog_migrate.sources.dianxiaomi_import import CODES, DianxiaomiImportSource
from catalog_migrate.sources.tiktok_cells import product_key

REAL = (
    Path(__file__).parent.parent / "data" / "real-world" / "dianxiaomi_tiktok_import_example.xlsx"
)
SOURCE = DianxiaomiImportSource()
# The template's headers as it writes them: marks, full-width brackets and line breaks.
HEADER = [
    "*分类id\n（必填）", "*产品标题\n（必填）", "*产品描述\n（必填）", "品牌", "产品属性", "SKU",
    "变种属性名称一", "变种属性值一", "变种属性名称二", "变种属性值二", "变种属性名称三",
    "变种属性值三", "识别码类型", "识别码", "*本地展示价(站点币种)\n（必填）", "*库存\n（必填）",
    "*产品主图(URL)地址\n（必填）", "附图一", "附图二", "变种主题1图片", "*重量(kg)\n（必填）",
    "*长(cm)\n（必填）", "*宽(cm)\n（必填）", "*高(cm)\n（必填）", "*仓库名称\n（必填）",
]  # fmt: skip
FIELDS = {
    "category": 0, "title": 1, "description": 2, "brand": 3, "attributes": 4, "sku": 5,
    "name_1": 6, "value_1": 7, "name_2": 8, "value_2": 9, "name_3": 10, "value_3": 11,
    "gtin": 13, "price": 14, "stock": 15, "main_image": 16, "image_2": 17, "image_3": 18,
    "variant_image": 19, "weight": 20, "length": 21, "width": 22, "height": 23,
}  # fmt: skip


def write_template(path: Path, rows: list[dict[str, object]], notes: bool = True) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Sheet1"
    sheet.append(HEADER)
    for values in rows:
        cells: list[object] = [None] * len(HEADER)
        for name, value in values.items():
            cells[FIELDS[name]] = value
        sheet.append(cells)
    if notes:
        sheet.append([])
        sheet.append([None, "事项说明：\n1.红色字体带*号，表示为必填项；"])
    workbook.save(path)
    return path


def sku(**values: object) -> dict[str, object]:
    row: dict[str, object] = {"category": 601226, "title": "Kaos Polos", "price": 12.5, "stock": 10}
    row.update(values)
    return row


def read(path: Path, currency: str | None = "USD") -> list[RetailProduct | Issue]:
    return list(SOURCE.read(path, SourceOptions(currency=currency)))


def products_of(items: list[RetailProduct | Issue]) -> list[RetailProduct]:
    return [item for item in items if isinstance(item, RetailProduct)]


def issues_of(items: list[RetailProduct | Issue]) -> list[Issue]:
    return [item for item in items if isinstance(item, Issue)]


def test_the_real_example() -> None:
    assert detect(REAL, SourceOptions()).name == "dianxiaomi-import"
    items = read(REAL)
    products = products_of(items)
    assert [(p.title, len(p.variants), p.source_rows) for p in products] == [
        ("test Player version MAN BRUNO FERNANDES LINGARD 31-1", 2, [2, 3]),
        ("this is a single product title", 1, [4]),
    ]
    first, single = products
    assert first.key == product_key("1", first.title)
    assert first.category == "1"
    assert first.brand is None  # `无品牌` on row 2, empty on row 3
    assert first.variation_names == ["color", "size", "Type"]
    assert [v.options for v in first.variants] == [
        {"color": "black", "size": "1", "Type": "A"},
        {"color": "black", "size": "2", "Type": "B"},
    ]
    assert [(v.seller_sku, v.gtin, v.quantity, str(v.price)) for v in first.variants] == [
        ("Product1-black-1", "123456789012", 12, "100 USD"),
        ("Product1-black-2", "111112222233", 13, "101 USD"),
    ]
    assert first.variants[1].image == (
        "http://contestimg.wish.com/api/webimage/54c09187d7df3c6ce57b3d56-tiny.jpg"
    )
    assert first.images == [
        "http://contestimg.wish.com/api/webimage/54c09187d7df3c6ce57b3d56-tiny.jpg"
    ]
    assert (first.weight_g, first.length_cm, first.width_cm, first.height_cm) == (
        Decimal("10000.00"),
        Decimal(7),
        Decimal(8),
        Decimal(9),
    )
    # The example's attribute JSON is cut off before its closing brackets.
    assert first.attributes == []
    assert [(i.code, i.severity, i.source_row) for i in issues_of(items)] == [
        ("row.instruction_skipped", "warning", 6),  # the template's notes below the data
        ("attributes.invalid", "warning", 2),
    ]
    assert single.variation_names == [] and single.variants[0].options == {}
    assert single.variants[0].seller_sku is None
    assert all(not p.rejected for p in products)  # the instruction block is no product


def test_attributes_are_read_from_the_json_list(tmp_path: Path) -> None:
    attributes = [
        {
            "attribute_id": "100134",
            "original_attribute_name": "Material",
            "attribute_value_list": [
                {"value_id": "", "original_value_name": "Cotton"},
                {"value_id": "", "original_value_name": "Polyester"},
            ],
        },
        {"attribute_id": "100016", "original_attribute_name": "Pack Type",
         "attribute_value_list": [{"original_value_name": "Bundle"}]},
    ]  # fmt: skip
    path = write_template(tmp_path / "t.xlsx", [sku(attributes=json.dumps(attributes))])
    (product,) = products_of(read(path))
    assert [(a.name, a.value, a.source) for a in product.attributes] == [
        ("Material", "Cotton, Polyester", "product_property/100134"),
        ("Pack Type", "Bundle", "product_property/100016"),
    ]


def test_rows_group_by_category_and_title_and_bad_rows_are_rejected(tmp_path: Path) -> None:
    rows = [
        sku(sku="K-RED", name_1="Warna", value_1="Merah", brand="Acme"),
        sku(title="Topi", sku="T-1"),
        sku(sku="K-BLUE", name_1="Warna", value_1="Biru", price="abc"),
        sku(sku="K-NONE"),  # no variation value in a product that has them
        sku(sku="K-RED2", name_1="Warna", value_1="Merah"),  # repeats K-RED
        sku(title=None, sku="X-1"),
        sku(category=999, sku="K-OTHER"),  # another category: another product
    ]
    items = read(write_template(tmp_path / "t.xlsx", rows))
    products = products_of(items)
    assert [(p.title, p.category, p.source_rows) for p in products] == [
        ("Kaos Polos", "601226", [2, 4, 5, 6]),
        ("Topi", "601226", [3]),
        ("Kaos Polos", "999", [8]),
    ]
    kaos = products[0]
    assert kaos.brand == "Acme"
    assert [v.seller_sku for v in kaos.variants] == ["K-RED"]
    assert [(i.code, i.source_row, i.sku) for i in kaos.rejected] == [
        ("price.unparseable", 4, "K-BLUE"),
        ("variation.missing", 5, "K-NONE"),
        ("variation.duplicate", 6, "K-RED2"),
    ]
    bare = [i for i in issues_of(items) if i.product_key is None]
    assert [(i.code, i.severity, i.source_row) for i in bare] == [
        ("row.instruction_skipped", "warning", 10),
        ("product.name_missing", "error", 7),
    ]


def test_variant_image_takes_the_first_url_and_weight_is_in_kg(tmp_path: Path) -> None:
    row = sku(variant_image="https://a.example/1.jpg\nhttps://a.example/2.jpg", weight="0.25")
    (product,) = products_of(read(write_template(tmp_path / "t.xlsx", [row])))
    assert product.variants[0].image == "https://a.example/1.jpg"
    assert product.weight_g == Decimal("250.00")


def test_the_currency_must_be_given(tmp_path: Path) -> None:
    path = write_template(tmp_path / "t.xlsx", [sku()])
    with pytest.raises(InputError, match="does not say which currency its prices are in: pass"):
        read(path, currency=None)
    items = read(write_template(tmp_path / "rm.xlsx", [sku(price="RM12.90")]), currency=None)
    assert [i.code for i in issues_of(items)] == ["row.instruction_skipped", "currency.inferred"]
    assert str(products_of(items)[0].variants[0].price) == "12.90 MYR"


def test_a_template_without_rows_warns(tmp_path: Path) -> None:
    items = read(write_template(tmp_path / "t.xlsx", []))
    assert [(i.code, i.severity, i.source_row) for i in issues_of(items)] == [
        ("row.instruction_skipped", "warning", 3),
        ("input.no_rows", "warning", None),
    ]


def test_new_codes_are_catalogued() -> None:
    assert CODES.keys() <= STAGES["read"].keys()


@pytest.mark.parametrize(
    "cell",
    [
        '[{"original_attribute_name": "Bahan", "attribute_value_list": [' + "9" * 5000 + "]}]",
        "[" * 100_000 + "]" * 100_000,
    ],
)
def test_an_attributes_cell_too_long_or_deep_to_read_is_a_warning_not_a_crash(cell: str) -> None:
    from catalog_migrate.sources.dianxiaomi_import import read_attributes

    problem = read_attributes(cell)
    assert isinstance(problem, str) and problem.startswith("is not valid JSON (")
