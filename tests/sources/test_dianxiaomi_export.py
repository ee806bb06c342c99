"""The Dianxiaomi product export: an HTML table saved as .xls (the real file and small pages)."""

from __future__ import annotations

import html
from decimal import Decimal
from pathlib import Path

import pytest

from catalog_migrate.codes import STAGES
from catalog_migrate.errors import InputError
from catalog_migrate.model import Issue, RetailProduct
from catalog_migrate.profile import ReadLimits, normalise_category
from catalog_migrate.sources import detect
from catalog_migrate.sources.base import SourceOptions
from catalog_migrate.sources.dianxiaomi_export import CODES, DianxiaomiExportSource

REAL = Path(__file__).parent.parent / "data" / "real-world" / "dianxiaomi_product_export.xls"
SOURCE = DianxiaomiExportSource()
HEADER = [
    "ERP类目", "ERP ID", "产品中文名", "成本（有差值）", "类目", "商品名称", "商品描述",
    "商品重量(g)", "商品长度(cm)", "规格1（颜色）", "规格1图片", "规格2（尺寸）", "全球商品价格",
    "全球商品库存", "Seller SKU", "商品主图", "商品图片2",
]  # fmt: skip


def write_export(path: Path, rows: list[dict[str, str]]) -> Path:
    head = "".join(f"<th>{html.escape(name)}</th>" for name in HEADER)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(row.get(name, ''))}</td>" for name in HEADER) + "</tr>"
        for row in rows
    )
    path.write_text(
        '<html><head><meta http-equiv="Content-Type" content="text/html;charset=UTF-8"></head>'
        f'<body><table border="1"><tr>{head}</tr>{body}</table></body></html>',
        encoding="utf-8",
    )
    return path


def sku(**values: str) -> dict[str, str]:
    row = {
        "ERP ID": "1001",
        "商品名称": "Nut Grinder",
        "全球商品价格": "2.65",
        "成本（有差值）": "7.4",
    }
    row.update(values)
    return row


def read(
    path: Path, currency: str | None = "USD", **options: object
) -> list[RetailProduct | Issue]:
    return list(SOURCE.read(path, SourceOptions(currency=currency, **options)))  # type: ignore[arg-type]


def products_of(items: list[RetailProduct | Issue]) -> list[RetailProduct]:
    return [item for item in items if isinstance(item, RetailProduct)]


def test_the_real_export() -> None:
    assert detect(REAL, SourceOptions()).name == "dianxiaomi-export"
    items = read(REAL)
    assert [item for item in items if isinstance(item, Issue)] == []
    (product,) = products_of(items)
    assert (product.key, product.product_id, product.source_rows) == ("489400", "489400", [2, 3, 4])
    assert product.title == (
        "Multifunctional Grinding Tools Portable Nut Walnut Grinder Hand Crank Manual Nut Chopper "
        "Detachable Fruit Crusher Kitchen Masher #489400"
    )
    # 类目 is empty in the file: the ERP's own category path is kept as written.
    assert product.category == (
        "家居及庭院 - Home & Garden >>> 厨房吧台用品 - Kitchen,Dining & Bar >>> 厨房工具 - "
        "Kitchen Tools & Gadgets >>> 其他厨房工具 - Other Kitchen Tools & Gadgets"
    )
    assert normalise_category(product.category).startswith(
        "家居及庭院 - home & garden/厨房吧台用品"
    )
    assert product.description.startswith("Features:<br/>High efficiency mixing chip design")
    assert product.variation_names == ["颜色"]
    assert [(v.seller_sku, v.options, str(v.price), v.quantity) for v in product.variants] == [
        ("489400-1-1", {"颜色": "Navy Blue"}, "2.65 USD", 1000),
        ("489400-2-1", {"颜色": "Ginger Yellow"}, "2.65 USD", 1000),
        ("489400-3-1", {"颜色": "Coffee Brown"}, "2.65 USD", 1000),
    ]
    assert product.variants[0].image == "http://img.fms.hittime.net/489400fm1e35f013f9102101.jpg"
    assert len(product.images) == 7
    assert (product.weight_g, product.length_cm, product.width_cm, product.height_cm) == (
        Decimal(174),
        Decimal(2),
        Decimal(10),
        Decimal(15),
    )
    assert product.rejected == []


def test_rows_group_by_erp_id_and_the_cost_is_never_the_price(tmp_path: Path) -> None:
    color, size, seller_sku = "规格1（颜色）", "规格2（尺寸）", "Seller SKU"
    rows = [
        sku(**{color: "Red", size: "M", seller_sku: "A-RM", "商品描述": "a<br/>b"}),
        sku(**{"ERP ID": "2002", "商品名称": "Mug", "类目": "Home >>> Mugs"}),
        sku(**{color: "Red", size: "L", seller_sku: "A-RL", "全球商品价格": ""}),
        sku(**{"ERP ID": "", "商品名称": "Orphan"}),
        sku(**{color: "Blue", size: "L", seller_sku: "A-BL"}),
    ]
    items = read(write_export(tmp_path / "export.xls", rows))
    products = products_of(items)
    assert [(p.key, p.source_rows) for p in products] == [("1001", [2, 4, 6]), ("2002", [3])]
    grinder, mug = products
    assert grinder.variation_names == ["颜色", "尺寸"]
    assert grinder.description == "a<br/>b"  # unescaped once, not twice
    assert [(v.seller_sku, v.options, str(v.price)) for v in grinder.variants] == [
        ("A-RM", {"颜色": "Red", "尺寸": "M"}, "2.65 USD"),
        ("A-BL", {"颜色": "Blue", "尺寸": "L"}, "2.65 USD"),
    ]
    assert [(i.code, i.source_row) for i in grinder.rejected] == [("price.missing", 4)]
    assert mug.category == "Home >>> Mugs" and mug.variation_names == []
    bare = [i for i in items if isinstance(i, Issue) and i.product_key is None]
    assert [(i.code, i.severity, i.source_row) for i in bare] == [
        ("product.id_missing", "error", 5)
    ]


def test_the_currency_must_be_given(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="pass --currency"):
        read(write_export(tmp_path / "export.xls", [sku()]), currency=None)


def test_read_limits_apply(tmp_path: Path) -> None:
    path = write_export(tmp_path / "export.xls", [sku(), sku(**{"Seller SKU": "B"})])
    with pytest.raises(InputError, match="has 3 rows, more than the 2 row limit"):
        read(path, limits=ReadLimits(max_rows=2))
    with pytest.raises(InputError, match="has 17 columns, more than the 10 column limit"):
        read(path, limits=ReadLimits(max_columns=10))
    long = write_export(tmp_path / "long.xls", [sku(**{"商品描述": "x" * 50})])
    with pytest.raises(InputError, match="has a cell of 50 characters at G2 longer than"):
        read(long, limits=ReadLimits(max_cell_chars=40))


def test_new_codes_are_catalogued() -> None:
    assert CODES.keys() <= STAGES["read"].keys()
