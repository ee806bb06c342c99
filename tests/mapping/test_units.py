"""Units: by category first, then rule words in the title or category, else Piece/Pieces."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from catalog_migrate.cli import cli
from catalog_migrate.mapping.packs import compile_count_rules, find_count
from catalog_migrate.mapping.units import compile_unit_rules, infer_unit
from catalog_migrate.profile import CountRule, UnitRule, Units
from tests.mapping.builders import default_profile
from tests.tiktok_builder import write_tiktok_xlsx

RULES = compile_unit_rules(default_profile().units)


def unit(title: str, category: str | None = None, units: Units | None = None) -> tuple[str, str]:
    choice = infer_unit(title, category, compile_unit_rules(units) if units else RULES)
    return choice.unit, choice.rule


@pytest.mark.parametrize(
    ("title", "category", "expected"),
    [
        ("Kaos Kaki Pria 1 Pasang", None, ("Pair/Pairs", "unit.word 'kaos kaki' in title")),
        ("Sarung Tangan 1 Pasang", None, ("Pair/Pairs", "unit.word 'pasang' in title")),
        ("Anting Mutiara Korea", None, ("Pair/Pairs", "unit.word 'anting' in title")),
        ("Baby Shoe Laces PAIR cotton", None, ("Pair/Pairs", "unit.word 'pair' in title")),
        ("Setelan Olahraga Wanita", None, ("Set/Sets", "unit.word 'setelan' in title")),
        ("儿童套装 夏季", None, ("Set/Sets", "unit.word '套装' in title")),
        (
            "Hộp đựng bút",
            None,
            ("Piece/Pieces", "unit.default (no unit word in the title or category)"),
        ),
        (
            "Kemeja Flanel Kotak",
            None,
            ("Piece/Pieces", "unit.default (no unit word in the title or category)"),
        ),
        ("Masker Medis per box", None, ("Box/Boxes", "unit.word 'per box' in title")),
        ("Kain Katun", "Kain/Per Meter", ("Meter/Meters", "unit.word 'per meter' in category")),
        (
            "Kaos Polos Wanita",
            "Pakaian Wanita/Atasan/Kaos",
            ("Piece/Pieces", "unit.default (no unit word in the title or category)"),
        ),
    ],
)
def test_rule_words(title: str, category: str | None, expected: tuple[str, str]) -> None:
    assert unit(title, category) == expected


def test_words_match_whole_words_only() -> None:
    # "set" in "Sunset" and "Setrika", "pak" in "Pakaian", "isi" without a number: no unit word.
    assert unit("Lampu Sunset Setrika Pakaian isi ulang")[0] == "Piece/Pieces"


def test_matching_ignores_case() -> None:
    assert unit("SEPASANG SARUNG TANGAN")[0] == "Pair/Pairs"


def test_the_first_rule_in_profile_order_wins() -> None:
    # Pair/Pairs comes before Set/Sets in the default profile, whatever the word order.
    assert unit("Set Kaos Kaki Bayi 3 Pasang") == ("Pair/Pairs", "unit.word 'kaos kaki' in title")


def test_the_title_is_read_before_the_category() -> None:
    assert unit("Sandal Jepit", "Aksesoris/Set Hadiah") == (
        "Pair/Pairs",
        "unit.word 'sandal' in title",
    )


def test_unit_by_category_comes_first_and_covers_subcategories() -> None:
    units = Units(
        by_category={"Perlengkapan Rumah / Dapur": "Set/Sets"},
        rules=[UnitRule(unit="Pair/Pairs", words=["pasang"])],
    )

    assert unit("Sumpit 10 Pasang", "Perlengkapan Rumah/Dapur/Peralatan Dapur", units) == (
        "Set/Sets",
        "unit.category 'perlengkapan rumah/dapur' -> Set/Sets",
    )
    assert unit("Sumpit 10 Pasang", "Perlengkapan Rumah/Kamar", units)[0] == "Pair/Pairs"


def test_a_profile_default_unit() -> None:
    assert unit("Beras Organik", units=Units(default="Bag/Bags")) == (
        "Bag/Bags",
        "unit.default (no unit word in the title or category)",
    )


# --- packs: a count beats a unit word -------------------------------------------------------

COUNTS = compile_count_rules(default_profile().units)


@pytest.mark.parametrize(
    ("text", "count", "unit"),
    [
        ("Kaos Kaki Pria Isi 12 Pasang", 12, "Pack/Packs"),
        ("Kaos Kaki Pria 12 Pasang", 12, "Pack/Packs"),
        ("Ankle Socks 12 pairs", 12, "Pack/Packs"),
        ("Toples Kaca isi 12", 12, "Pack/Packs"),
        ("Toples Kaca isi12 pcs", 12, "Pack/Packs"),
        ("Kabel Ties 100pcs", 100, "Pack/Packs"),
        ("Kabel Ties 100 PCS", 100, "Pack/Packs"),
        ("CHG-BULK100", 100, "Pack/Packs"),
        ("Gelas Kaca Set of 6", 6, "Set/Sets"),
        ("Sendok Teh 5pcs/set", 5, "Set/Sets"),
        ("Masker Medis 1 dus isi 24", 24, "Box/Boxes"),
        ("Masker Medis 1 box isi 50", 50, "Box/Boxes"),
        ("Bộ 6 ly thủy tinh", 6, "Set/Sets"),
        ("Ly thủy tinh 12 cái", 12, "Pack/Packs"),
        ("Tất cổ ngắn 10 đôi", 10, "Pack/Packs"),
        ("纯棉袜子12个装", 12, "Pack/Packs"),
        ("男士袜子10双装", 10, "Pack/Packs"),
        ("不锈钢餐具6件套", 6, "Set/Sets"),
        ("แพ็ค 12 ถุงเท้า", 12, "Pack/Packs"),
        ("ถุงเท้า 5 คู่", 5, "Pack/Packs"),
        ("Stokin Kapas 6 pasang", 6, "Pack/Packs"),
        ("Ankle Socks pack of 3", 3, "Pack/Packs"),
        ("Kaos Kaki 1 Lusin", 12, "Pack/Packs"),
        ("Kaos Kaki 2 lusin", 24, "Pack/Packs"),
        ("Sapu Tangan setengah lusin", 6, "Pack/Packs"),
        ("Kaos Kaki Bayi 1 Pasang", 1, "Pack/Packs"),
        ("Gelas Kaca 250 ml isi 6", 6, "Pack/Packs"),
        ("Teh Celup isi 25 Kantong", 25, "Pack/Packs"),
        ("Combo 5 đôi tất cổ ngắn", 5, "Pack/Packs"),
        ("Baterai AA bundle of 4", 4, "Pack/Packs"),
        ("Grosir Kaos 1 Kodi", 20, "Pack/Packs"),
    ],
)
def test_counts_in_the_words_sellers_write(text: str, count: int, unit: str) -> None:
    found = find_count(text, COUNTS)

    assert found is not None
    assert (found.count, COUNTS.units[found.rule]) == (count, unit)


@pytest.mark.parametrize(
    "text",
    [
        "Tumbler Stainless 500ml",
        "Botol Minum Isi 500 ml",
        "Charger Mobil 12V 2A",
        "Casing iPhone 12 Pro",
        "Kaos Polos Katun Combed 30s",
        "Kabel Data 3 in 1",
        "Obeng Isi 2 in 1",
        "Sabun Cair Isi Ulang",
        "Celana Jeans Size 32",
        "Baju Anak 2-3 Tahun",
        "Bình giữ nhiệt bộ 500 ml",
        "婴儿袜子3个月",
        "Tas 1.5 pcs",
        "Rak Sepatu 3 Susun",
        "Powerbank 10000 mAh",
        "Kabel Data 1 Meter",
        "Lampu LED 10 Watt",
        "Beras isi 5 kg",
        "Kipas Angin 12 inch",
        "KP-HITAM-XL",
        "SKU-100",
    ],
)
def test_sizes_volumes_and_model_numbers_are_not_counts(text: str) -> None:
    assert find_count(text, COUNTS) is None


def test_a_count_word_needs_its_number() -> None:
    with pytest.raises(ValidationError, match=r"count word 'isi' must hold \{n\}"):
        CountRule(unit="Pack/Packs", words=["isi"])


def test_a_pack_of_socks_is_written_as_a_pack_at_the_pack_price(tmp_path: Path) -> None:
    product = {
        "product_id": "1729384756473829003",
        "category": "Pakaian Pria/Kaos Kaki",
        "product_name": "Kaos Kaki Pria Isi 12 Pasang Katun",
        "property_name_1": "Warna",
        "price": "Rp 120.000",
    }
    source = write_tiktok_xlsx(
        tmp_path / "export.xlsx",
        [
            product | {"property_value_1": "Hitam", "seller_sku": "KK-H"},
            product | {"property_value_1": "Putih", "seller_sku": "KK-P"},
        ],
    )

    result = CliRunner().invoke(
        cli, ["convert", str(source), "--currency", "IDR"], catch_exceptions=False
    )

    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(tmp_path / "export.alibaba.xlsx", read_only=True)
    header, row = list(book["Products"].iter_rows(values_only=True))
    cells = dict(zip(header, row, strict=True))
    assert (cells["Unit"], cells["Specifications"]) == ("Pack/Packs", "Pairs per Pack: 12")
    skus = list(book["SKUs"].iter_rows(values_only=True))
    prices = [dict(zip(skus[0], line, strict=True))["Price (USD)"] for line in skus[1:]]
    assert prices == [3.69, 3.69]  # 120,000 IDR x 0.5 / 16,250: the pack of 12, not one pair


@given(st.text(max_size=80))
def test_any_text_gives_no_count_or_a_whole_count_in_range(text: str) -> None:
    found = find_count(text, COUNTS)

    assert found is None or (1 <= found.count <= 99_999 and found.found)


def test_a_number_too_long_to_be_a_count_is_not_read() -> None:
    assert find_count("isi " + "9" * 5000, COUNTS) is None
    assert find_count("9" * 5000 + " lusin", COUNTS) is None
