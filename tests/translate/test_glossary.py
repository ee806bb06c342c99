"""The glossary engine: whole fields or nothing, protected tokens, phrase order, shipped tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog_migrate.profile import shipped_dir
from catalog_migrate.translate.glossary import Glossary, load_glossaries, read_table

GLOSSARIES = load_glossaries(shipped_dir() / "glossary")


def translate(language: str, text: str, casing: str = "title") -> str:
    result = GLOSSARIES[language].translate(text, casing=casing)
    assert result.complete, result.missing
    return result.text


@pytest.mark.parametrize(
    ("language", "source", "english"),
    [
        (
            "id",
            "Botol Minum Stainless 500ml Tahan Panas",
            "Stainless 500ml Heat Resistant Drinking Bottle",
        ),
        ("id", "Tas Ransel Laptop 15.6 inch Anti Air", "Laptop 15.6 inch Waterproof Backpack"),
        ("id", "Kaos Kaki Isi 12 Pasang", "Socks Pack of 12 Pairs"),
        ("id", "Mukena Katun with Tas", "Cotton Prayer Robe with Bag"),
        ("vi", "Chảo Chống Dính Đáy Từ 26cm", "Induction Base 26cm Non-stick Pan"),
        ("ms", "Seluar Panjang Lelaki", "Men Long Trousers"),
        ("zh", "女士纯棉T恤", "Women Pure Cotton T-shirt"),
        ("th", "เสื้อยืดผู้หญิง ผ้าฝ้าย", "Women Cotton T-shirt"),
        ("th", "กระเป๋าคาดอก หนังเทียม สีดำ", "Synthetic Leather Black Chest Bag"),
        ("zh", "蓝牙耳机 无线 可充电", "Bluetooth Earphones Wireless Rechargeable"),
        ("tl", "Damit Pambabae Mahabang Manggas Koton", "Long Sleeve Cotton Women Clothes"),
        # A modifier the head noun already says is not said twice.
        (
            "id",
            "Tas Selempang Wanita Kulit Sintetis Mini Bag",
            "Women Synthetic Leather Mini Crossbody Bag",
        ),
        ("id", "Bergo Instan Jersey Pet Antem", "Jersey Brimmed Instant Hijab"),
        # The longest phrase is read from where it starts: `Segi Empat` is one word, square.
        (
            "id",
            "Kerudung Segi Empat Voal Motif Printing",
            "Voile Pattern Printing Square Headscarf",
        ),
    ],
)
def test_titles_read_as_english_noun_phrases(language: str, source: str, english: str) -> None:
    assert translate(language, source) == english


@pytest.mark.parametrize(
    ("language", "source", "english"),
    [
        ("id", "Hitam", "Black"),
        ("id", "Katun", "Cotton"),
        ("id", "6 bulan", "6 months"),
        ("id", "15000 jam", "15000 hours"),
        ("id", "12 pasang", "12 pairs"),
        ("id", "Botol Minum", "Drinking bottle"),
        ("vi", "Dung Tích", "Capacity"),
        ("vi", "3 tháng", "3 months"),
        ("vi", "Hàn Quốc", "South Korea"),
        ("th", "สีดำ", "Black"),
    ],
)
def test_values_from_the_issue(language: str, source: str, english: str) -> None:
    assert translate(language, source, "value") == english


@pytest.mark.parametrize(
    "protected", ["500ml", "12V", "6500K", "XL", "PD", "TPE", "70x140cm", "4K"]
)
def test_protected_tokens_stay_exactly_as_written(protected: str) -> None:
    assert translate("id", f"Botol Minum {protected}") == f"{protected} Drinking Bottle"


def test_a_field_with_one_unknown_word_is_never_half_translated() -> None:
    result = GLOSSARIES["id"].translate("Kaos Polos Teplekzz Hitam", casing="title")
    assert not result.complete
    assert result.text == "Kaos Polos Teplekzz Hitam"
    assert result.missing == ("Teplekzz",)


def test_english_text_is_left_alone() -> None:
    result = GLOSSARIES["id"].translate("Women's Oversized Cotton T-Shirts", casing="title")
    assert result.complete and not result.changed
    assert result.text == "Women's Oversized Cotton T-Shirts"


def test_longest_phrase_wins() -> None:
    glossary = Glossary("id")
    glossary.add("kaos", "t-shirt", "n")
    glossary.add("kaos kaki", "socks", "n")
    assert glossary.translate("Kaos Kaki").text == "Socks"
    assert glossary.translate("Kaos").text == "T-shirt"


def test_seller_terms_and_protected_words(tmp_path: Path) -> None:
    (tmp_path / "id.tsv").write_text("kaos\tt-shirt\tn\n", encoding="utf-8")
    glossaries = load_glossaries(tmp_path, {"id": {"teplek": "flat"}})
    assert glossaries["id"].translate("Kaos Teplek", casing="title").text == "Flat T-shirt"
    kept = glossaries["id"].translate("Kaos Erigo", casing="title", protect=frozenset({"erigo"}))
    assert kept.text == "Erigo T-shirt"


def test_a_broken_table_line_names_its_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "id.tsv").write_text("kaos\tt-shirt\nno tab here\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"^id.tsv line 2: expected source<TAB>target"):
        read_table(tmp_path / "id.tsv", Glossary("id"))


@pytest.mark.parametrize("language", ["id", "ms", "vi", "th", "tl", "zh"])
def test_shipped_tables_are_well_formed(language: str) -> None:
    path = shipped_dir() / "glossary" / f"{language}.tsv"
    sources: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        columns = line.split("\t")
        assert len(columns) in (2, 3, 4), line
        assert columns[0] == columns[0].strip().casefold() or not columns[0].isascii(), line
        assert "'" not in columns[1], f"Alibaba.com titles allow no apostrophe: {line}"
        if len(columns) >= 3:
            assert columns[2] in ("n", "p", ""), line
        if len(columns) == 4:
            continue  # a value read so only under one field: not a phrase of the table
        sources.append(columns[0].casefold())
    duplicates = {source for source in sources if sources.count(source) > 1}
    assert not duplicates
    assert len(sources) >= (400 if language == "id" else 110)


def test_a_value_is_read_by_the_field_it_belongs_to() -> None:
    """`Kotak` is a box; as a Pattern it is plaid. Without a field it is left for the seller."""
    glossary = GLOSSARIES["id"]
    assert glossary.translate("Kotak", context="Pattern").text == "Plaid"
    assert not glossary.translate("Kotak").complete
    assert glossary.translate("Kotak Makan", casing="title").text == "Lunch Box"
