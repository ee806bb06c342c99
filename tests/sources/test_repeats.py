"""A SKU id on two rows rejects the later one; a seller SKU on two rows warns naming both."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from catalog_migrate.cli import cli
from catalog_migrate.model import Issue, RetailProduct
from catalog_migrate.sources.base import SourceOptions
from catalog_migrate.sources.dianxiaomi_import import DianxiaomiImportSource
from catalog_migrate.sources.tiktok_sheet import TikTokSheetSource
from tests.sources.test_dianxiaomi_import import sku as dxm_sku
from tests.sources.test_dianxiaomi_import import write_template
from tests.tiktok_builder import write_tiktok_xlsx

PID_A = "1729384756102938475"
PID_B = "1729384756102938999"


def sku(**cells: object) -> dict[str, object]:
    row: dict[str, object] = {
        "product_id": PID_A,
        "category": "Pakaian Wanita/Atasan/Kaos",
        "product_name": "Kaos Polos Katun Premium",
        "main_image": "https://p16-oec.example/kaos-1.jpg",
        "price": "Rp 89.000",
    }
    row.update(cells)
    return row


ROWS = [
    sku(sku_id="1729384756102938001", seller_sku="KP-H", variation_value="Hitam"),
    sku(sku_id="1729384756102938001", seller_sku="KP-P", variation_value="Putih"),
    sku(product_id=PID_B, product_name="Kemeja", sku_id="1729384756102938001", seller_sku="KM",
        variation_value="Putih"),
    sku(product_id=PID_B, product_name="Kemeja", sku_id="1729384756102938002", seller_sku="KP-H",
        variation_value="Biru"),
]  # fmt: skip


def test_a_repeated_sku_id_rejects_the_later_row_in_and_across_products(tmp_path: Path) -> None:
    path = write_tiktok_xlsx(tmp_path / "export.xlsx", ROWS)
    items = list(TikTokSheetSource().read(path, SourceOptions(currency="IDR")))
    products = [i for i in items if isinstance(i, RetailProduct)]
    assert [[v.source_row for v in p.variants] for p in products] == [[6], [9]]
    rejected = [(i.code, i.source_row, i.message) for p in products for i in p.rejected]
    assert rejected == [
        (
            "id.duplicate",
            7,
            "sku_id 1729384756102938001 is also on row 6; a SKU id names one SKU, so this one "
            "is left out: fix the id or remove the row",
        ),
        (
            "id.duplicate",
            8,
            "sku_id 1729384756102938001 is also on row 6; a SKU id names one SKU, so this one "
            "is left out: fix the id or remove the row",
        ),
    ]
    warned = [(i.code, i.source_row, i.message) for i in items if isinstance(i, Issue)]
    assert (
        "seller_sku.duplicate",
        9,
        "seller SKU KP-H is on rows 6 and 9; the target keys SKUs by it, so change one of them "
        "before upload",
    ) in warned


def test_the_run_counts_the_repeated_sku_as_rejected(tmp_path: Path) -> None:
    path = write_tiktok_xlsx(tmp_path / "export.xlsx", ROWS)
    result = CliRunner().invoke(
        cli, ["convert", str(path), "--currency", "IDR", "--dry-run", "--json"]
    )
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert (data["skus_read"], data["skus_converted"], data["skus_rejected"]) == (4, 2, 2)


def test_a_repeated_seller_sku_in_a_dianxiaomi_template_warns(tmp_path: Path) -> None:
    rows = [dxm_sku(sku="K-1", name_1="color", value_1="red"),
            dxm_sku(sku="K-1", name_1="color", value_1="blue")]  # fmt: skip
    path = write_template(tmp_path / "t.xlsx", rows)
    items = list(DianxiaomiImportSource().read(path, SourceOptions(currency="USD")))
    [product] = [i for i in items if isinstance(i, RetailProduct)]
    assert len(product.variants) == 2
    assert [(i.code, i.source_row) for i in items if isinstance(i, Issue)][-1:] == [
        ("seller_sku.duplicate", 3)
    ]
