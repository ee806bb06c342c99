"""B2B titles: retail words, emoji and hashtags out, 128 characters at most; and keywords."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalog_migrate.mapping.notes import Notes
from catalog_migrate.mapping.titles import (
    CleanTitle,
    clean_title,
    compile_title_rules,
    make_keywords,
)
from catalog_migrate.profile import Titles
from tests.mapping.builders import KAOS_TITLE, default_profile, notes

RULES = compile_title_rules(default_profile().titles)


def clean(raw: str, rules: Titles | None = None) -> tuple[str | None, Notes]:
    collected = notes()
    result = clean_title(raw, compile_title_rules(rules) if rules else RULES, collected)
    return (result.text if result else None), collected


def cleaned(raw: str) -> str | None:
    return clean(raw)[0]


def test_indonesian_retail_title() -> None:
    title, collected = clean(KAOS_TITLE)

    assert title == "Kaos Polos Wanita Katun Combed 30s"
    assert collected.issues == []
    [entry] = collected.provenance
    assert entry.rule == (
        "title.clean removed: PROMO, COD, Gratis Ongkir, READY STOCK, #kaospolos; symbols: 🔥"
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("[COD] Hijab Instan Bergo", "Hijab Instan Bergo"),
        ("【包邮】 Tas Selempang Wanita", "Tas Selempang Wanita"),
        ("Sepatu Sneakers (READY STOCK) Pria", "Sepatu Sneakers Pria"),
        ("Dompet Kulit [ Promo ] Pria", "Dompet Kulit Pria"),
        ("Gamis Syari #ootd #hijabers Terbaru", "Gamis Syari"),
        ("PROMO 12.12 Kaos Pria Rayon", "Kaos Pria Rayon"),
        ("Kemeja Pria Hot Sale Lengan Panjang", "Kemeja Pria Lengan Panjang"),
        ("Bisa COD Celana Jogger", "Celana Jogger"),
        ("Đầm Nữ Giá Rẻ Freeship", "Đầm Nữ"),
        ("ส่งฟรี เสื้อยืด พร้อมส่ง", "เสื้อยืด"),
        ("现货 T恤 女 爆款", "T恤 女"),
        ("Baju Anak - COD - Murah", "Baju Anak"),
        ("Kaos Anak, Katun, Adem", "Kaos Anak, Katun, Adem"),
        (
            "Botol Minum 1.5 Liter / BPA Free & Anti Bocor",
            "Botol Minum 1.5 Liter / BPA Free & Anti Bocor",
        ),
        ("Case iPhone 13 @Murah!!! ~ {Terbaru} $$$", "Case iPhone 13"),
        ("Women's Summer Dress", "Womens Summer Dress"),
    ],
)
def test_retail_words_symbols_and_empty_brackets_go(raw: str, expected: str) -> None:
    assert cleaned(raw) == expected


def test_remove_words_match_whole_words_only() -> None:
    # "COD" must not eat "Codet", nor "ORI" eat "Original Design" (ORIGINAL is removed on its own).
    assert cleaned("Sarung Codet Motif Oriental") == "Sarung Codet Motif Oriental"


def test_repeated_words_are_collapsed() -> None:
    title, collected = clean("Kaos Polos Kaos Wanita kaos POLOS")

    assert title == "Kaos Polos Wanita"
    assert collected.provenance[0].rule == "title.clean repeated: Kaos, POLOS"


def test_numbers_and_single_letters_may_repeat() -> None:
    assert cleaned("Set 2 in 1 Kaos 2 Warna S M L") == "Set 2 in 1 Kaos 2 Warna S M L"


def test_all_caps_latin_words_become_title_case_but_sizes_and_units_stay() -> None:
    title, collected = clean("KAOS POLOS T-SHIRT WANITA XL XXL 3XL 2PCS USB LED SA-00001")

    assert title == "Kaos Polos T-Shirt Wanita XL XXL 3XL 2PCS USB LED SA-00001"
    assert collected.provenance[0].rule == "title.clean recased: KAOS, POLOS, T-SHIRT, WANITA"


def test_mixed_and_lower_case_words_are_kept_as_written() -> None:
    assert cleaned("iPhone case kulit Asli 100%") == "iPhone case kulit"  # a retail phrase


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Charger PD 20W Fast Charging Kabel TPE", "Charger PD 20W Fast Charging Kabel TPE"),
        ("Laptop Lenovo SSD 512GB 4K HP Bekas", "Laptop Lenovo SSD 512GB 4K HP Bekas"),
        ("Casing HP Samsung A52 TPU", "Casing HP Samsung A52 TPU"),
        # A title in capitals: words become Title Case, acronyms without a vowel stay.
        ("TAS RANSEL LAPTOP SSD HDD", "Tas Ransel Laptop SSD HDD"),
        ("KABEL DATA PD 3A", "Kabel Data PD 3A"),
    ],
)
def test_acronyms_written_in_capitals_stay_in_capitals(raw: str, expected: str) -> None:
    assert cleaned(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Panci Induction Ready 24cm Ready Stock", "Panci Induction Ready 24cm"),
        ("Hot Water Bottle 2L Hot Sale", "Hot Water Bottle 2L"),
        ("HOT Kaos Polos Wanita", "Kaos Polos Wanita"),
        ("Bamboo Dish Rack Kitchen Organiser HOT", "Bamboo Dish Rack Kitchen Organiser"),
        ("Tas Ransel Sekolah NEW", "Tas Ransel Sekolah"),
        ("Non-Stick Frying Pan 28cm Induction Ready", "Non-Stick Frying Pan 28cm Induction Ready"),
        ("🔥HOT Hot Water Bottle", "Hot Water Bottle"),
        ("Limited Edition Tumbler Limited Stock", "Limited Edition Tumbler"),
        ("Original Design Kaos Original 100%", "Original Design Kaos"),
        ("Lampu Belajar 9.9 Watt PROMO 9.9", "Lampu Belajar 9.9 Watt"),
        ("Kemeja Pria Siap Kirim Dikirim Hari Ini", "Kemeja Pria"),
        ("Beg Galas Lelaki Pos Percuma Stok Sedia Ada", "Beg Galas Lelaki"),
        ("Quần Jean Nữ Giao Hàng Nhanh", "Quần Jean Nữ"),
        ("กระเป๋า สะพาย เก็บเงินปลายทาง", "กระเป๋า สะพาย"),
        ("T恤 女 当天发货 货到付款", "T恤 女"),
    ],
)
def test_promo_words_go_only_as_promo_phrases(raw: str, expected: str) -> None:
    assert cleaned(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected", "rule"),
    [
        ("Tas Ransel + Cover Hujan", "Tas Ransel with Cover Hujan", "title.clean + read as: with"),
        ("Tas Ransel+Cover", "Tas Ransel with Cover", "title.clean + read as: with"),
        ("Kaos Polos 2+1", "Kaos Polos 2 1", "title.clean symbols: +"),
    ],
)
def test_plus_reads_as_with(raw: str, expected: str, rule: str) -> None:
    title, collected = clean(raw)
    assert title == expected
    assert collected.provenance[0].rule == rule


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Pillow Cover and Sofa Pillow", "Pillow Cover and Sofa Pillow"),
        ("Sarung Bantal dan Bantal Sofa", "Sarung Bantal dan Bantal Sofa"),
        ("Phone Holder, Car Phone Holder", "Phone Holder, Car Phone Holder"),  # a phrase of its own
        ("Kaos Polos Kaos Wanita", "Kaos Polos Wanita"),  # the same phrase: the repeat goes
    ],
)
def test_a_repeated_product_noun_stays_where_it_names_another_phrase(
    raw: str, expected: str
) -> None:
    assert cleaned(raw) == expected


def test_long_titles_are_cut_at_a_word_boundary() -> None:
    raw = "Kaos Polos Wanita Katun Combed " + " ".join(f"Warna{n}" for n in range(30))

    title, collected = clean(raw)

    assert title is not None
    assert len(title) <= 128
    assert title.endswith(" Warna12")
    assert raw.startswith(title)
    [issue] = collected.issues
    assert (issue.code, issue.severity, issue.field) == ("title.truncated", "warning", "title")
    assert issue.message.startswith(f"the title was cut to {len(title)} characters (limit 128); ")
    assert "cut at a word boundary to 128 characters" in collected.provenance[0].rule


def test_a_title_of_exactly_the_limit_is_kept() -> None:
    exact = "Kaos " + "Abcdefghij" * 12 + "abc"
    assert len(exact) == 128

    title, collected = clean(exact)

    assert title == exact
    assert collected.issues == []


def test_a_single_word_longer_than_the_limit_is_cut_inside_the_word() -> None:
    title, collected = clean("A" + "b" * 200)

    assert title == "A" + "b" * 127
    assert [issue.code for issue in collected.issues] == ["title.truncated"]


@pytest.mark.parametrize("raw", ["🔥🔥🔥", "COD Gratis Ongkir", "#promo #viral", "   ", "【包邮】"])
def test_nothing_left_is_an_error(raw: str) -> None:
    title, collected = clean(raw)

    assert title is None
    [issue] = collected.issues
    assert (issue.code, issue.is_error, issue.product_key, issue.field) == (
        "title.empty",
        True,
        "P1",
        "title",
    )


def test_only_allowed_characters_are_left() -> None:
    title = cleaned('Tas ™ Ransel® + Laptop | 15.6" * Anti-Air © (Hitam) ~ "Import" 😍✨')

    assert title == "Tas Ransel Laptop 15.6 Anti-Air Hitam Import"
    assert all(char.isalnum() or char in " -/,&." for char in title)


def keywords(title: str, leaf: str, count: int = 3) -> tuple[list[str], Notes]:
    collected = notes()
    rules = compile_title_rules(
        default_profile().titles.model_copy(update={"keyword_count": count})
    )
    clean_result = clean_title(title, rules, collected)
    assert isinstance(clean_result, CleanTitle)
    return make_keywords(clean_result, leaf, rules, collected), collected


def test_keywords_come_from_the_category_and_the_title() -> None:
    words, collected = keywords(KAOS_TITLE, "Women's T-Shirts")

    assert words == ["Women's T-Shirts", "Kaos Polos", "Kaos"]
    assert collected.provenance[-1].rule == (
        'keywords.phrases product phrases from the category "Women\'s T-Shirts" and the title'
    )


@pytest.mark.parametrize(
    ("title", "leaf", "expected"),
    [
        # English puts the product noun last, Indonesian, Malay and Vietnamese first.
        (
            "Laptop Backpack 15.6 inch Anti Theft USB Charging",
            "Backpacks",
            ["Backpacks", "Laptop Backpack", "Backpack"],
        ),
        (
            "Tas Ransel Laptop 15.6 inch Anti Maling",
            "Backpacks",
            ["Backpacks", "Tas Ransel Laptop", "Tas Ransel"],
        ),
        ("Beg Galas Lelaki Kalis Air", "", ["Beg Galas", "Beg"]),
        ("Áo Thun Nam Cotton Freeship", "T-Shirts", ["T-Shirts", "Áo Thun", "Áo"]),
        (
            "Pillow Cover and Sofa Pillow 45x45",
            "Cushion Covers",
            ["Cushion Covers", "Pillow Cover", "Sofa Pillow"],
        ),
        ("Silicone Phone Case for iPhone 13", "", ["Silicone Phone Case", "Phone Case"]),
        # The word after a number measures it (`2 Tier`), unless it is a product noun.
        (
            "Bamboo Dish Rack 2 Tier Kitchen Organiser",
            "",
            ["Bamboo Dish Rack", "Kitchen Organiser", "Dish Rack"],
        ),
        # A title in another script than the category: the category is left out.
        ("ส่งฟรี เสื้อยืด ผู้หญิง พร้อมส่ง", "T-Shirts", ["เสื้อยืด ผู้หญิง", "เสื้อยืด"]),
        ("现货 T恤 女 爆款", "T-Shirts", ["T恤"]),
    ],
)
def test_keywords_are_product_phrases_in_the_title_script(
    title: str, leaf: str, expected: list[str]
) -> None:
    words, _ = keywords(title, leaf)

    assert words == expected


def test_keywords_are_never_cut_inside_a_phrase_and_never_repeat() -> None:
    words, _ = keywords("Waterproof Anti Theft Laptop Backpack 15.6 inch Anti Water", "Backpack")

    # `15.6 inch Anti` and `Theft Laptop Backpack` are windows, not phrases.
    assert words == ["Backpack", "Laptop Backpack"]


def test_keywords_never_hold_a_comma_or_semicolon() -> None:
    words, _ = keywords("Kaos, Polos; Katun & Linen", "Tops; Tees, Shirts")

    assert words and all("," not in word and ";" not in word for word in words)
    assert words == ["Tops Tees Shirts", "Kaos"]


def test_a_title_without_a_known_product_noun_gives_its_short_complete_phrases() -> None:
    words, collected = keywords("Pengharum Ruangan Kopi, Custom Nama", "")

    assert words == ["Pengharum Ruangan Kopi", "Custom Nama"]
    assert collected.issues == []


def test_no_keyword_at_all_is_a_warning() -> None:
    words, collected = keywords("Tas", "")

    assert words == ["Tas"]  # fewer than asked for: no warning
    assert collected.issues == []

    words, collected = keywords("Pengharum 3 Ruangan", "")

    assert words == []
    [issue] = collected.issues
    assert (issue.code, issue.severity, issue.message) == (
        "keywords.too_few",
        "warning",
        "no keyword could be made from the title: no product phrase was found",
    )


def test_no_keywords_asked_none_made() -> None:
    assert keywords(KAOS_TITLE, "Kaos", count=0)[0] == []


def _allowed(char: str) -> bool:
    category = unicodedata.category(char)
    return char in " -/,&." or category[0] == "L" or category in ("Nd", "Mn", "Mc")


@given(st.text(max_size=400))
def test_any_text_gives_a_valid_title_or_the_empty_error(raw: str) -> None:
    title, collected = clean(raw)

    if title is None:
        codes = [issue.code for issue in collected.issues]
        assert codes[-1] == "title.empty"
        assert set(codes[:-1]) <= {"title.contact_removed"}  # `@0` is a handle, then nothing left
        return
    assert 1 <= len(title) <= 128
    assert title == " ".join(title.split())
    assert all(_allowed(char) for char in title)
    assert not title.startswith(tuple("-/,&.")) and not title.endswith(tuple("-/,&"))


@pytest.mark.parametrize(
    ("raw", "expected", "removed"),
    [
        ("Kaos Polos WA 0812-3456-7890", "Kaos Polos", "WA 0812-3456-7890"),
        ("Kaos +62 812 3456 7890 Jakarta", "Kaos Jakarta", "+62 812 3456 7890"),
        ("Panci Set 081234567890 Isi 5", "Panci Set Isi 5", "081234567890"),
        ("Hijab Voal www.tokoku.id", "Hijab Voal", "www.tokoku.id"),
        ("Hijab Voal @tokoku", "Hijab Voal", "@tokoku"),
        ("Tas Kulit order@tokoku.co.id", "Tas Kulit", "order@tokoku.co.id"),
    ],
)
def test_contact_details_leave_the_title_with_a_warning(
    raw: str, expected: str, removed: str
) -> None:
    title, collected = clean(raw)
    assert title == expected
    assert [(issue.code, issue.message) for issue in collected.issues] == [
        ("title.contact_removed", f"contact details removed from the title: {removed}")
    ]
    assert f"contact details: {removed}" in collected.provenance[0].rule


@pytest.mark.parametrize(
    "raw",
    [
        "Sepatu Ukuran 36 37 38 39 40",
        "Lampu LED 1000 2000 3000 Lumen",
        "Powerbank 10000 20000 mAh",
        "Tas Model ABC-1234-5678",
    ],
)
def test_sizes_capacities_and_model_numbers_are_not_contact_details(raw: str) -> None:
    title, collected = clean(raw)
    assert title == raw
    assert collected.issues == []


@pytest.mark.parametrize(
    ("raw", "leaf", "title", "expected_keywords"),
    [
        (
            "🔥PROMO Tas Ransel Laptop 15.6 inch Anti Maling + USB COD Gratis Ongkir READY STOCK "
            "#tasransel",
            "Laptop Backpacks",
            "Tas Ransel Laptop 15.6 inch Anti Maling with USB",
            ["Laptop Backpacks", "Tas Ransel Laptop", "Tas Ransel"],
        ),
        (
            "READY STOCK 🔥 Beg Galas Lelaki Kalis Air Murah Penghantaran Percuma #beggalas",
            "",
            "Beg Galas Lelaki Kalis Air",
            ["Beg Galas", "Beg"],
        ),
        (
            "Áo Thun Nam Giá Rẻ Freeship 🔥 #aothun",
            "",
            "Áo Thun Nam",
            ["Áo Thun Nam", "Áo Thun", "Áo"],
        ),
        (
            "🔥ส่งฟรี กระเป๋า สะพายข้าง ผู้หญิง พร้อมส่ง #กระเป๋า",
            "Shoulder Bags",
            "กระเป๋า สะพายข้าง ผู้หญิง",
            ["กระเป๋า สะพายข้าง ผู้หญิง", "กระเป๋า สะพายข้าง", "กระเป๋า"],
        ),
        (
            "【包邮】现货 女士 手提包 爆款 #包包",
            "Handbags",
            "女士 手提包",
            ["女士 手提包", "手提包"],
        ),
        (
            "🔥HOT SALE Anti Theft Laptop Backpack USB Charging Port Free Shipping COD #backpack",
            "Backpacks",
            "Anti Theft Laptop Backpack USB Charging Port",
            ["Backpacks", "Laptop Backpack", "Backpack"],
        ),
    ],
)
def test_titles_and_keywords_in_the_shapes_sellers_write(
    raw: str, leaf: str, title: str, expected_keywords: list[str]
) -> None:
    assert cleaned(raw) == title
    assert keywords(raw, leaf)[0] == expected_keywords


def test_without_a_profile_limit_the_title_and_keywords_are_the_channels_to_cut() -> None:
    unlimited = compile_title_rules(
        default_profile().titles.model_copy(update={"max_length": None, "keyword_count": None})
    )
    collected = notes()
    long = "Tas Ransel Laptop Anti Air " + " ".join(f"Model{n}" for n in range(30))

    cleaned = clean_title(long, unlimited, collected)

    assert cleaned is not None and len(cleaned.text) > 128
    assert "title.truncated" not in [issue.code for issue in collected.issues]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # OSC 52 (a clipboard write) and a colour, pasted from a terminal into the export
        ("Kaos \x1b]52;c;ZWNobyBoaQ==\x07Polos Wanita", "Kaos Polos Wanita"),
        ("Kaos \x1b[1;31mMerah\x1b[0m Polos", "Kaos Merah Polos"),
        ("Kaos Polos \x1b]0;judul\x1b\\Wanita", "Kaos Polos Wanita"),
    ],
)
def test_a_terminal_escape_sequence_leaves_no_words_behind(raw: str, expected: str) -> None:
    assert clean(raw)[0] == expected
