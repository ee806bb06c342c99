"""Which TikTok columns are read, and as what: delivery, COD and size charts are never specs."""

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

BASE: dict[str, object] = {
    "category": "Pakaian Wanita/Atasan/Kaos",
    "product_name": "Kaos Polos Katun Premium",
    "main_image": "https://p16-oec.example/kaos-1.jpg",
    "price": "Rp 89.000",
    "seller_sku": "KP-01",
}


def product_of(path: Path) -> RetailProduct:
    items = TikTokSheetSource().read(path, SourceOptions(currency="IDR"))
    [product] = [item for item in items if isinstance(item, RetailProduct)]
    return product


def inspect_json(path: Path) -> dict[str, object]:
    result = CliRunner().invoke(cli, ["inspect", str(path), "--currency", "IDR", "--json"])
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


LABEL_ONLY_EXTRAS = {
    "配送选项": "标准配送",
    "COD": "Yes",
    "Tùy chọn giao hàng": "Tiêu chuẩn",
    "ตารางขนาด": "https://p16-oec.example/size.jpg",
    "Bagan Ukuran": "S-XL",
    "Bahan": "Katun",
    "Motif": "Polos",
}


def test_label_only_delivery_cod_and_size_chart_columns_are_not_specifications(
    tmp_path: Path,
) -> None:
    path = write_tiktok_xlsx(
        tmp_path / "stripped.xlsx", [{**BASE, **LABEL_ONLY_EXTRAS}], labels_only=True
    )
    product = product_of(path)
    assert [(a.name, a.value) for a in product.attributes] == [
        ("Bahan", "Katun"),
        ("Motif", "Polos"),
    ]
    data = inspect_json(path)
    columns = data["columns"]
    assert isinstance(columns, dict)
    assert columns["specification: Bahan"] == "Bahan"
    assert columns["price"] == "Retail Price (Local Currency)"
    assert data["unmapped_columns"] == [
        "配送选项",
        "COD",
        "Tùy chọn giao hàng",
        "ตารางขนาด",
        "Bagan Ukuran",
    ]


def test_keyed_delivery_cod_and_size_chart_columns_are_shown_as_not_read(tmp_path: Path) -> None:
    row = {**BASE, "delivery": "Standard", "size_chart": "https://p16-oec.example/size.jpg",
           "cod": "Yes", "product_property/100157": "Katun",
           "product_property/100900": "Reguler"}  # fmt: skip
    labels = {"product_property/100157": "Bahan", "product_property/100900": "Opsi Pengiriman"}
    path = write_tiktok_xlsx(tmp_path / "export.xlsx", [row], language="id", labels=labels)
    product = product_of(path)
    assert [(a.name, a.source) for a in product.attributes] == [
        ("Bahan", "product_property/100157")
    ]
    data = inspect_json(path)
    columns = data["columns"]
    assert isinstance(columns, dict)
    assert sorted(columns) == [
        "category",
        "main_image",
        "price",
        "product_name",
        "product_property/100157",
        "seller_sku",
    ]
    assert data["unmapped_columns"] == [
        "Opsi Pengiriman",
        "Bagan Ukuran",
        "Pilih apakah akan mendukung pembayaran di tempat.",
        "Opsi Pengiriman",
    ]
    assert data["skipped_rows"] == [5]


def test_inspect_names_the_skipped_instruction_rows_in_words(tmp_path: Path) -> None:
    path = write_tiktok_xlsx(tmp_path / "export.xlsx", [BASE])
    result = CliRunner().invoke(cli, ["inspect", str(path), "--currency", "IDR"])
    assert "skipped rows        5 (the template's instructions)" in result.stdout


# --- the combined variation value ---------------------------------------------------------------

PID = "1729384756102938475"


def export_row(value: str, **cells: object) -> dict[str, object]:
    return {**BASE, "product_id": PID, "variation_value": value, "seller_sku": f"KP-{value}",
            **cells}  # fmt: skip


def test_a_combined_variation_is_split_when_the_product_names_two_axes(tmp_path: Path) -> None:
    names = {"property_name_1": "Warna", "property_name_2": "Ukuran"}
    rows = [export_row("Hitam, M", **names), export_row("Hitam, L", **names)]
    product = product_of(write_tiktok_xlsx(tmp_path / "export.xlsx", rows))
    assert product.variation_names == ["Warna", "Ukuran"]
    assert [v.options for v in product.variants] == [
        {"Warna": "Hitam", "Ukuran": "M"},
        {"Warna": "Hitam", "Ukuran": "L"},
    ]


def test_a_combined_variation_with_one_name_is_kept_whole_under_it(tmp_path: Path) -> None:
    rows = [export_row("Hitam, M", property_name_1="Varian"), export_row("Hitam, L")]
    product = product_of(write_tiktok_xlsx(tmp_path / "export.xlsx", rows))
    assert [v.options for v in product.variants] == [{"Varian": "Hitam, M"}, {"Varian": "Hitam, L"}]


def test_a_combined_variation_that_does_not_split_in_two_is_kept_whole(tmp_path: Path) -> None:
    names = {"property_name_1": "Warna", "property_name_2": "Ukuran"}
    rows = [export_row("Hitam, M", **names), export_row("Hitam Putih Garis", **names)]
    path = write_tiktok_xlsx(tmp_path / "export.xlsx", rows)
    items = list(TikTokSheetSource().read(path, SourceOptions(currency="IDR")))
    [product] = [i for i in items if isinstance(i, RetailProduct)]
    assert [v.options for v in product.variants] == [
        {"Variation": "Hitam, M"},
        {"Variation": "Hitam Putih Garis"},
    ]
    said = [(i.code, i.source_row, i.message) for i in items if isinstance(i, Issue)]
    assert [item for item in said if item[0] == "variation.not_split"] == [
        (
            "variation.not_split",
            6,
            "the product names two variations (Warna, Ukuran), but the variation value "
            "'Hitam Putih Garis' is not two values joined by a comma; the values are kept whole "
            "as one variation",
        )
    ]


def test_a_dianxiaomi_delivery_attribute_is_not_a_specification(tmp_path: Path) -> None:
    attributes = [
        {"attribute_id": "100134", "original_attribute_name": "Material",
         "attribute_value_list": [{"original_value_name": "Cotton"}]},
        {"attribute_id": "100900", "original_attribute_name": "配送方式",
         "attribute_value_list": [{"original_value_name": "标准配送"}]},
    ]  # fmt: skip
    path = write_template(tmp_path / "t.xlsx", [dxm_sku(attributes=json.dumps(attributes))])
    items = DianxiaomiImportSource().read(path, SourceOptions(currency="USD"))
    [product] = [item for item in items if isinstance(item, RetailProduct)]
    assert [(a.name, a.value) for a in product.attributes] == [("Material", "Cotton")]


def test_inspect_shows_the_first_of_two_price_columns_as_the_one_read(tmp_path: Path) -> None:
    path = write_tiktok_xlsx(
        tmp_path / "export.xlsx",
        [{**BASE, "price": "Rp 89.000"}],
        columns=["category", "product_name", "main_image", "price", "seller_sku", "price"],
        labels={"price": "Retail Price (Local Currency)"},
    )
    assert product_of(path).variants[0].price.amount == 89000
    data = inspect_json(path)
    columns = data["columns"]
    assert isinstance(columns, dict)
    assert list(columns).count("price") == 1
    assert data["first_rows"][0]["price"] == "Rp 89.000"  # type: ignore[index]
    assert data["unmapped_columns"] == ["Retail Price (Local Currency)"]
