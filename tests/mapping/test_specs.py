"""Specifications from attribute columns and the description; place of origin; brand."""

from __future__ import annotations

from catalog_migrate.mapping.description import parse_description
from catalog_migrate.mapping.notes import Notes
from catalog_migrate.mapping.specs import ProductFacts, compile_spec_rules, map_specs
from catalog_migrate.model import Attribute
from catalog_migrate.profile import Defaults, Profile
from tests.mapping.builders import default_profile, kaos_product, notes


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
    assert specs("Bahan: Katun\r\n- Warna : Hitam\n1. Musim: Panas") == {
        "Material": "Katun",
        "Color": "Hitam",
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


def test_columns_win_over_the_description() -> None:
    found, collected = facts(
        "<li>Bahan: Polyester</li><li>Warna: Hitam</li>",
        [Attribute(name="Material", value="Katun", source="product_property/100157")],
    )

    assert found.specifications == {"Material": "Katun", "Color": "Hitam"}
    assert rules_of(collected)["specifications.Material"] == (
        "spec from product_property/100157 (Material); the description's 'Polyester' was not used"
    )


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
        "<script>var a = {Bahan: 'x'}</script><style>p{Bahan: red}</style>Warna: Merah"
    ) == {"Color": "Merah"}


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
    assert specs("<p>Bahan: Katun\ud800</p><p>Warna: Hitam</p>") == {
        "Material": "Katun\ufffd",
        "Color": "Hitam",
    }
