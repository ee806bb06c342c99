"""Specifications from attribute columns and the description; place of origin; brand."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from catalog_migrate.cli import cli
from catalog_migrate.mapping.description import parse_description
from catalog_migrate.mapping.notes import Notes
from catalog_migrate.mapping.specs import ProductFacts, compile_spec_rules, map_specs
from catalog_migrate.model import Attribute
from catalog_migrate.profile import Defaults, Profile
from tests.mapping.builders import default_profile, kaos_product, notes, variant
from tests.tiktok_builder import write_tiktok_xlsx


def facts(
    description: str = "",
    attributes: list[Attribute] | None = None,
    brand: str | None = None,
    profile: Profile | None = None,
) -> tuple[ProductFacts, Notes]:
    product = kaos_product(description=description, attributes=attributes or [], brand=brand)
    collected = notes()
    rules = compile_spec_rules(profile or default_profile())
    return map_specs(product, parse_description(description), rules, collected), collected


def specs(description: str = "", attributes: list[Attribute] | None = None) -> dict[str, str]:
    return facts(description, attributes)[0].specifications


def rules_of(collected: Notes) -> dict[str, str]:
    return {entry.field: entry.rule for entry in collected.provenance}


def test_attribute_columns_are_mapped_to_target_names() -> None:
    found, collected = facts(
        attributes=[
            Attribute(name="Bahan", value="Katun", source="product_property/100157"),
            Attribute(name="Motif", value="Polos", source="product_property/100198"),
            Attribute(name="Lingkar dada", value="96 cm", source="product_property/100393"),
        ]
    )

    assert found.specifications == {
        "Material": "Katun",
        "Pattern": "Polos",
        "Lingkar Dada": "96 cm",
    }
    assert (
        rules_of(collected)["specifications.Material"]
        == "spec from product_property/100157 (Bahan)"
    )


def test_names_map_in_any_language_and_case() -> None:
    assert specs("<p>材质：棉</p><p>CHẤT LIỆU: Cotton</p><p>bahan : Katun</p>") == {
        "Material": "棉"
    }
    assert specs("<p>chất liệu: Cotton</p>") == {"Material": "Cotton"}


def test_two_column_table_rows() -> None:
    description = (
        "<table><tr><th>Spesifikasi</th><th>Keterangan</th></tr>"
        "<tr><td>Bahan</td><td>Katun Combed 30s</td></tr>"
        "<tr><td>Gaya:</td><td> Kasual </td></tr>"
        "<tr><td>a</td><td>b</td><td>c</td></tr></table>"
    )

    found, collected = facts(description)

    assert found.specifications == {"Material": "Katun Combed 30s", "Style": "Kasual"}
    assert rules_of(collected)["specifications.Material"] == "spec from description table (Bahan)"


def test_list_items_br_lines_paragraphs_and_plain_text_lines() -> None:
    html = (
        "<ul><li>Bahan: Katun</li><li>✅ Warna : Hitam, Putih</li></ul>"
        "Ukuran: M - XL<br>Berat：200 gram<br/>Model: KP-01<p>Garansi: 7 hari</p>"
    )

    assert specs(html) == {
        "Material": "Katun",
        "Color": "Hitam, Putih",
        "Size": "M - XL",
        "Weight": "200 gram",
        "Model Number": "KP-01",
        "Warranty": "7 hari",
    }
    assert specs("Bahan: Katun\r\n- Motif : Polos\n1. Musim: Panas") == {
        "Material": "Katun",
        "Pattern": "Polos",
        "Season": "Panas",
    }


def test_prose_with_a_colon_is_not_a_specification() -> None:
    text = (
        "Kaos ini sangat nyaman dipakai untuk: kerja, kuliah dan jalan-jalan\n"
        "Catatan penting sebelum membeli barang ini: baca dulu\n"
        "Bahan:\n"
        "Link: https://shop.example/kaos\n"
        "Toko: www.shop.example\n"
        "12: 30\n"
        "Bahan: Katun"
    )

    assert specs(text) == {"Material": "Katun"}


def test_a_column_and_a_description_that_disagree_keep_the_column_with_a_warning() -> None:
    found, collected = facts(
        "<li>Bahan: Polyester</li><li>Motif: Polos</li>",
        [Attribute(name="Material", value="Katun", source="product_property/100157")],
    )

    assert found.specifications == {"Material": "Katun", "Pattern": "Polos"}
    assert rules_of(collected)["specifications.Material"] == (
        "spec from product_property/100157 (Material); the description's 'Polyester' was not used"
    )
    [issue] = [issue for issue in collected.issues if issue.code == "spec.conflict"]
    assert (issue.severity, issue.field, issue.message) == (
        "warning",
        "specifications.Material",
        "Material: product_property/100157 (Material) says 'Katun', the description line (Bahan) "
        "says 'Polyester'; 'Katun' is kept",
    )


@pytest.mark.parametrize(
    ("column", "description", "kept", "remark"),
    [
        (
            "Stainless Steel",
            "Bahan: Stainless Steel 304",
            "Stainless Steel 304",
            "spec from description line (Bahan); more specific than product_property/1's "
            "'Stainless Steel'",
        ),
        (
            "Polyester",
            "<table><tr><td>Material</td><td>Polyester 1680D</td></tr></table>",
            "Polyester 1680D",
            "spec from description table (Material); more specific than product_property/1's "
            "'Polyester'",
        ),
        (
            "Polyester 1680D",
            "Chất liệu: polyester",
            "Polyester 1680D",
            "spec from product_property/1 (Bahan); more specific than the description's "
            "'polyester'",
        ),
        ("不锈钢", "材质：304不锈钢", "304不锈钢", None),
        ("Katun", "Bahan : KATUN", "Katun", "spec from product_property/1 (Bahan)"),
    ],
)
def test_the_more_specific_of_a_column_and_the_description_is_kept(
    column: str, description: str, kept: str, remark: str | None
) -> None:
    found, collected = facts(
        description, [Attribute(name="Bahan", value=column, source="product_property/1")]
    )

    assert found.specifications == {"Material": kept}
    if remark is not None:
        assert rules_of(collected)["specifications.Material"] == remark
    assert not [issue for issue in collected.issues if issue.code == "spec.conflict"]


def test_stainless_steel_304_keeps_its_grade_through_the_whole_run(tmp_path: Path) -> None:
    source = write_tiktok_xlsx(
        tmp_path / "export.xlsx",
        [
            {
                "product_id": "1729384756473829001",
                "category": "Dapur/Peralatan Masak",
                "product_name": "Panci Susu Stainless",
                "product_description": "<p>Bahan: Stainless Steel 304<br>Ukuran: 16 cm</p>",
                "product_property/100157": "Stainless Steel",
                "price": "Rp 150.000",
                "seller_sku": "PS-16",
            }
        ],
        labels={"product_property/100157": "Bahan"},
    )

    result = CliRunner().invoke(
        cli, ["convert", str(source), "--currency", "IDR"], catch_exceptions=False
    )

    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(tmp_path / "export.alibaba.xlsx", read_only=True)["Products"]
    header, row = list(sheet.iter_rows(values_only=True))
    cells = dict(zip(header, row, strict=True))
    assert cells["Material"] == "Stainless Steel 304"
    assert cells["Specifications"] == "Material: Stainless Steel 304\nSize: 16 cm"


def test_a_size_chart_is_not_read_as_specifications() -> None:
    # kaos_product's variants come in sizes M, L and XL; the description also lists Jumbo.
    html = (
        "<p>Ukuran: M, L, XL, Jumbo<br>Detail ukuran:<br>M: 35 x 60 cm<br>l: 40 x 62 cm<br>"
        "XXL: 44 x 71 cm<br>Jumbo: 50 x 75 cm<br>0-3 Bulan: 52 x 63 cm<br>120x200: 30 cm<br>"
        "Bahan: Katun</p>"
    )

    assert specs(html) == {"Size": "M, L, XL, Jumbo", "Material": "Katun"}


def test_the_first_description_value_wins_over_later_ones() -> None:
    assert specs("Bahan: Katun<br>Material: Polyester") == {"Material": "Katun"}


def test_scripts_and_styles_are_not_read() -> None:
    assert specs(
        "<script>var a = {Bahan: 'x'}</script><style>p{Bahan: red}</style>Motif: Polos"
    ) == {"Pattern": "Polos"}


def test_long_values_are_cut_at_a_word_boundary() -> None:
    value = "Katun combed 30s premium yang lembut, adem, menyerap keringat dan tidak mudah melar"

    found, collected = facts(
        attributes=[Attribute(name="Bahan", value=value, source="product_property/1")]
    )

    cut = found.specifications["Material"]
    assert cut == "Katun combed 30s premium yang lembut, adem, menyerap keringat dan"
    assert len(cut) <= 70
    [issue] = [issue for issue in collected.issues if issue.code != "origin.missing"]
    assert (issue.code, issue.field, issue.severity) == (
        "spec.value_truncated",
        "specifications.Material",
        "warning",
    )
    assert issue.message.endswith("left out: 'tidak mudah melar'")


def test_place_of_origin_from_the_product() -> None:
    found, collected = facts(
        attributes=[
            Attribute(name="Negara Asal", value="Indonesia", source="product_property/100234")
        ]
    )

    assert (found.place_of_origin, found.specifications) == ("Indonesia", {})
    assert (
        rules_of(collected)["place_of_origin"]
        == "origin from product_property/100234 (Negara Asal)"
    )


def test_place_of_origin_from_the_profile_default() -> None:
    profile = default_profile().model_copy(
        update={"defaults": Defaults(place_of_origin="Indonesia")}
    )

    found, collected = facts(profile=profile)

    assert found.place_of_origin == "Indonesia"
    assert (
        rules_of(collected)["place_of_origin"]
        == "origin.default (profile defaults.place_of_origin)"
    )
    assert collected.issues == []


def test_missing_place_of_origin_is_a_warning() -> None:
    found, collected = facts()

    assert found.place_of_origin == ""
    [issue] = collected.issues
    assert (issue.code, issue.severity, issue.field) == (
        "origin.missing",
        "warning",
        "place_of_origin",
    )


def test_brand_from_the_brand_column_without_its_tiktok_id() -> None:
    found, collected = facts(brand="Erigo (7012345)")

    assert found.brand == "Erigo"
    assert rules_of(collected)["brand"] == "brand from the brand column"


def test_brand_from_a_brand_attribute() -> None:
    found, collected = facts(
        attributes=[Attribute(name="Merek", value="Erigo", source="product_property/2")]
    )

    assert (found.brand, found.specifications) == ("Erigo", {})
    assert rules_of(collected)["brand"] == "brand from product_property/2 (Merek)"


def test_no_brand_words_mean_no_brand() -> None:
    for written in ("No brand", "TIDAK ADA MEREK", "ไม่มีแบรนด์", "无品牌"):
        found, collected = facts(brand=written)
        assert found.brand == "", written
        assert rules_of(collected)["brand"] == f"brand.none {written!r} means no brand"


def test_brand_policies() -> None:
    fixed = default_profile().model_copy(
        update={"defaults": Defaults(brand_policy="fixed", brand_name="Toko Kaos Jaya")}
    )
    none = default_profile().model_copy(update={"defaults": Defaults(brand_policy="none")})

    assert facts(brand="Erigo", profile=fixed)[0].brand == "Toko Kaos Jaya"
    assert facts(brand="Erigo", profile=none)[0].brand == ""
    assert rules_of(facts(brand="Erigo", profile=none)[1])["brand"] == (
        "brand.policy none (profile defaults.brand_policy)"
    )


def test_table_cells_leave_out_code_and_comments() -> None:
    assert specs(
        "<table><tr><td>Bahan<!-- lama: Polyester --></td>"
        "<td>Katun <script>var Warna = 'x'</script>Combed</td></tr></table>"
    ) == {"Material": "Katun Combed"}


def test_a_description_with_a_lone_surrogate_is_still_read() -> None:
    assert specs("<p>Bahan: Katun\ud800</p><p>Motif: Polos</p>") == {
        "Material": "Katun\ufffd",
        "Pattern": "Polos",
    }


# --- values that differ by SKU ----------------------------------------------------------------


def bottle(
    description: str, axis: str = "Kapasitas", attributes: list[Attribute] | None = None
) -> tuple[dict[str, str], Notes]:
    product = kaos_product(
        attributes=attributes or [],
        description=description,
        variation_names=[axis],
        variants=[
            variant(5, "150000", **{axis: "500ml"}),
            variant(6, "190000", **{axis: "1000ml"}),
        ],
    )
    collected = notes()
    rules = compile_spec_rules(default_profile())
    found = map_specs(product, parse_description(description), rules, collected)
    return found.specifications, collected


def test_one_skus_value_is_not_claimed_for_every_sku() -> None:
    found, collected = bottle("<p>Bahan: Stainless Steel 304</p><p>Kapasitas: 500ml</p>")

    assert found == {"Material": "Stainless Steel 304", "Capacity": "500ml, 1000ml"}
    assert rules_of(collected)["specifications.Capacity"] == (
        "spec from description line (Kapasitas); differs by SKU (Kapasitas): '500ml' was one "
        "SKU's value, so every SKU's is listed"
    )
    assert not [issue for issue in collected.issues if issue.code == "spec.conflict"]


def test_one_skus_value_under_another_variation_name_is_listed_too() -> None:
    found, _ = bottle("Dung tích: 1000ML", axis="Pilihan")

    assert found == {"Capacity": "500ml, 1000ml"}


def test_a_value_no_sku_has_is_replaced_by_the_skus_values_with_a_warning() -> None:
    found, collected = bottle("Kapasitas: 750ml")

    assert found == {"Capacity": "500ml, 1000ml"}
    [issue] = [issue for issue in collected.issues if issue.code == "spec.conflict"]
    assert issue.message == (
        "Capacity: description line (Kapasitas) says '750ml', the SKUs' Kapasitas is "
        "500ml, 1000ml; the SKUs' values are listed"
    )


def test_a_value_that_already_lists_the_skus_values_is_kept() -> None:
    assert bottle("Kapasitas: 500ml / 1000ml")[0] == {"Capacity": "500ml / 1000ml"}
    assert specs("Ukuran: M - XL<br>Warna: Hitam dan Putih") == {
        "Size": "M - XL",
        "Color": "Hitam dan Putih",
    }


def test_a_column_with_a_value_per_sku_row_keeps_every_value() -> None:
    found, collected = bottle(
        "",
        attributes=[
            Attribute(name="Kapasitas", value="500ml", source="product_property/100200"),
            Attribute(name="Kapasitas", value="1000ml", source="product_property/100200"),
        ],
    )

    assert found == {"Capacity": "500ml, 1000ml"}
    assert rules_of(collected)["specifications.Capacity"] == (
        "spec from product_property/100200 (Kapasitas); differs by SKU"
    )


# --- spec names in every language ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "target"),
    [
        ("Bahan", "Material"),
        ("Chất liệu", "Material"),
        ("材质", "Material"),
        ("วัสดุ", "Material"),
        ("Fabric", "Material"),
        ("Ukuran", "Size"),
        ("Saiz", "Size"),
        ("Kích thước", "Size"),
        ("尺寸", "Size"),
        ("ขนาด", "Size"),
        ("Berat", "Weight"),
        ("Trọng lượng", "Weight"),
        ("重量", "Weight"),
        ("น้ำหนัก", "Weight"),
        ("Garansi", "Warranty"),
        ("Jaminan", "Warranty"),
        ("Bảo hành", "Warranty"),
        ("保修", "Warranty"),
        ("รับประกัน", "Warranty"),
        ("Kapasitas", "Capacity"),
        ("Kapasiti", "Capacity"),
        ("Dung tích", "Capacity"),
        ("容量", "Capacity"),
        ("ความจุ", "Capacity"),
        ("Warna", "Color"),
        ("Màu sắc", "Color"),
        ("颜色", "Color"),
        ("สี", "Color"),
        ("Merek", "Brand Name"),
        ("Jenama", "Brand Name"),
        ("Thương hiệu", "Brand Name"),
        ("品牌", "Brand Name"),
        ("ยี่ห้อ", "Brand Name"),
        ("Daya", "Power"),
        ("Kuasa", "Power"),
        ("Công suất", "Power"),
        ("功率", "Power"),
        ("Tegangan", "Voltage"),
        ("Voltan", "Voltage"),
        ("Điện áp", "Voltage"),
        ("电压", "Voltage"),
        ("แรงดันไฟฟ้า", "Voltage"),
        ("Xuất xứ", "Place of Origin"),
        ("产地", "Place of Origin"),
        ("Panjang", "Length"),
        ("Chiều dài", "Length"),
        ("MÀU SẮC", "Color"),
        ("  bahan  utama ", "Material"),
        ("Ukuran / Size", "Size"),
        ("Bahan (Material)", "Material"),
        ("材质 | Material", "Material"),
        ("Bahan*", "Material"),
        ("Tinggi Badan", "Tinggi Badan"),
    ],
)
def test_spec_names_are_normalised_in_every_language(written: str, target: str) -> None:
    rules = compile_spec_rules(default_profile())

    assert rules.target_name(written) == target


def one_sku_facts(
    description: str, attributes: list[Attribute] | None = None
) -> tuple[ProductFacts, Notes]:
    """Facts of a product with a single SKU (no variation axis to compare with)."""
    product = kaos_product(
        description=description,
        attributes=attributes or [],
        variation_names=[],
        variants=[variant(5)],
    )
    collected = notes()
    rules = compile_spec_rules(default_profile())
    return map_specs(product, parse_description(description), rules, collected), collected


def test_attribute_columns_and_description_lines_share_one_normalisation() -> None:
    found, _ = one_sku_facts(
        "<p>Bảo hành: 12 tháng</p><table><tr><td>功率</td><td>1200W</td></tr></table>"
        "Điện áp：220V<br>Kích thước sản phẩm: 30 x 20 x 10 cm",
        [
            Attribute(name="Garansi", value="12 bulan", source="product_property/1"),
            Attribute(name="Tegangan", value="220V", source="product_property/2"),
        ],
    )

    assert found.specifications == {
        "Warranty": "12 bulan",
        "Voltage": "220V",
        "Power": "1200W",
        "Size": "30 x 20 x 10 cm",
    }


def test_description_shapes_sellers_write() -> None:
    thai = "<p>วัสดุ: ผ้าฝ้าย 100%</p><p>ขนาด : 40 x 60 ซม.</p><p>ยี่ห้อ: ไม่มีแบรนด์</p>"
    chinese = "<div>材质：304不锈钢<br/>容量：500ml<br/>产地：中国</div>"
    malay = "Bahan: Kapas<br>Saiz: Free Size<br>Jenama: Tiada<br>Jaminan: 7 hari"

    assert one_sku_facts(thai)[0].specifications == {
        "Material": "ผ้าฝ้าย 100%",
        "Size": "40 x 60 ซม.",
    }
    assert one_sku_facts(chinese)[0].place_of_origin == "中国"
    assert one_sku_facts(chinese)[0].specifications == {
        "Material": "304不锈钢",
        "Capacity": "500ml",
    }
    assert one_sku_facts(malay)[0].specifications == {
        "Material": "Kapas",
        "Size": "Free Size",
        "Warranty": "7 hari",
    }


def test_a_capacity_per_sku_row_reaches_the_workbook_for_every_sku(tmp_path: Path) -> None:
    product = {
        "product_id": "1729384756473829002",
        "category": "Dapur/Botol Minum",
        "product_name": "Botol Minum Stainless",
        "product_description": "<p>Bahan: Stainless Steel 304</p>",
        "property_name_1": "Warna",
    }
    source = write_tiktok_xlsx(
        tmp_path / "export.xlsx",
        [
            product
            | {
                "property_value_1": "Hitam",
                "price": "Rp 150.000",
                "seller_sku": "BT-H",
                "product_property/100200": "500ml",
            },
            product
            | {
                "property_value_1": "Putih",
                "price": "Rp 190.000",
                "seller_sku": "BT-P",
                "product_property/100200": "1000ml",
            },
        ],
        labels={"product_property/100200": "Kapasitas"},
    )

    result = CliRunner().invoke(
        cli, ["convert", str(source), "--currency", "IDR"], catch_exceptions=False
    )

    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(tmp_path / "export.alibaba.xlsx", read_only=True)["Products"]
    header, row = list(sheet.iter_rows(values_only=True))
    cells = dict(zip(header, row, strict=True))
    assert cells["Specifications"] == "Capacity: 500ml, 1000ml\nMaterial: Stainless Steel 304"


def test_origin_and_brand_are_not_listed_per_sku() -> None:
    found, collected = bottle("Merek: Erigo<br>Asal: Indonesia", axis="Merek")

    assert found == {}
    assert not [issue for issue in collected.issues if issue.code == "spec.conflict"]


def test_vietnamese_tables_and_thai_lines() -> None:
    vietnamese = (
        "<table><tr><th>Thông số</th><th>Chi tiết</th></tr>"
        "<tr><td>Chất liệu:</td><td>Vải cotton 100%</td></tr>"
        "<tr><td>Kích thước</td><td>40 x 60 cm</td></tr>"
        "<tr><td>Thương hiệu</td><td>Coolmate</td></tr>"
        "<tr><td>Bảo hành</td><td>12 tháng</td></tr></table>"
    )
    thai = "วัสดุ : สแตนเลส 304<br>ความจุ: 1.5 ลิตร<br>กำลังไฟ: 1500W<br>รับประกัน: 1 ปี"

    facts_vi, _ = one_sku_facts(vietnamese)
    assert facts_vi.specifications == {
        "Material": "Vải cotton 100%",
        "Size": "40 x 60 cm",
        "Warranty": "12 tháng",
    }
    assert one_sku_facts(thai)[0].specifications == {
        "Material": "สแตนเลส 304",
        "Capacity": "1.5 ลิตร",
        "Power": "1500W",
        "Warranty": "1 ปี",
    }
