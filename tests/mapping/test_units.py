"""Units: by category first, then rule words in the title or category, else Piece/Pieces."""

from __future__ import annotations

import pytest

from catalog_migrate.mapping.units import compile_unit_rules, infer_unit
from catalog_migrate.profile import UnitRule, Units
from tests.mapping.builders import default_profile

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
        ("Toples Kaca isi 12", None, ("Set/Sets", "unit.word 'isi {n}' in title")),
        ("Toples Kaca isi12 pcs", None, ("Set/Sets", "unit.word 'isi {n}' in title")),
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
        ("Masker Medis 1 box isi 50", None, ("Box/Boxes", "unit.word '1 box isi' in title")),
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
