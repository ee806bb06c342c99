"""A whole listing in the buyer's language: every field, with provenance and warnings."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from catalog_migrate.cli import cli
from catalog_migrate.mapping import map_product
from catalog_migrate.model import Attribute
from catalog_migrate.profile import Translate, shipped_dir
from catalog_migrate.translate import make_translator
from tests.mapping.builders import default_profile, kaos_product, variant

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def translator(**settings: object):  # type: ignore[no-untyped-def]
    return make_translator(shipped_dir() / "glossary", "en", Translate(**settings), 128)


def test_every_buyer_facing_field_is_translated_with_its_source_in_the_provenance() -> None:
    product = kaos_product(
        title="Botol Minum Stainless 500ml Tahan Panas",
        description="<p>Garansi 6 bulan<br>Cuci dengan air dingin</p>",
        attributes=[
            Attribute(name="Bahan", value="Katun"),
            Attribute(name="Garansi", value="6 bulan"),
        ],
        variation_names=["Warna"],
        variants=[variant(6, Warna="Hitam"), variant(7, Warna="Putih")],
    )
    listing, _ = map_product(product, default_profile())
    assert listing is not None
    translation = translator().translate(listing, product.key)
    translated = translation.listing
    assert translated.title == "Stainless 500ml Heat Resistant Drinking Bottle"
    assert translated.specifications["Material"] == "Cotton"
    assert translated.specifications["Warranty"] == "6 months"
    assert translated.variation_names == ["Color"]
    assert [sku.options for sku in translated.skus] == [{"Color": "Black"}, {"Color": "White"}]
    assert translated.description == "<p>6 months warranty<br>Wash in cold water</p>"
    rules = {entry.rule for entry in translated.provenance if entry.field == "title"}
    assert "translate.glossary id->en from: Botol Minum Stainless 500ml Tahan Panas" in rules
    assert [issue.code for issue in translation.issues if issue.field != "keywords"] == []


def test_a_field_the_glossary_cannot_cover_is_kept_and_warned() -> None:
    product = kaos_product(title="Kaos Polos Zzqwerty Hitam")
    listing, _ = map_product(product, default_profile())
    assert listing is not None
    translation = translator().translate(listing, product.key)
    assert translation.listing.title == listing.title
    warned = [issue for issue in translation.issues if issue.field == "title"]
    assert [issue.code for issue in warned] == ["language.not_translated"]
    assert warned[0].product_key == product.key
    assert "'Zzqwerty'" in warned[0].message


def test_seller_terms_close_the_gap() -> None:
    product = kaos_product(title="Kaos Polos Zzqwerty Hitam")
    listing, _ = map_product(product, default_profile())
    assert listing is not None
    done = translator(terms={"id": {"zzqwerty": "oversized"}}).translate(listing, product.key)
    assert done.listing.title == "Oversized Black Plain T-shirt"


def _convert(tmp_path: Path, *args: str) -> openpyxl.Workbook:
    source = Path(shutil.copy(SAMPLES / "tiktok_id_fashion.xlsx", tmp_path / "shop.xlsx"))
    output = tmp_path / "out.xlsx"
    result = CliRunner().invoke(cli, ["convert", str(source), "-o", str(output), *args])
    assert result.exit_code in (0, 1), result.output
    return openpyxl.load_workbook(output)


def test_the_indonesian_sample_comes_out_with_english_specs_and_colours(tmp_path: Path) -> None:
    workbook = _convert(tmp_path)
    skus = list(workbook["SKUs"].iter_rows(min_row=2, values_only=True))
    colours = {row[4] for row in skus if row[3] == "Color"}
    indonesian = {"hitam", "putih", "merah", "biru", "hijau", "abu", "coklat", "ungu", "kuning"}
    assert colours and not {word for colour in colours for word in colour.lower().split()} & (
        indonesian
    ), colours
    assert "Warna" not in {row[3] for row in skus}
    rows = list(workbook["Products"].iter_rows(values_only=True))
    products = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert products[0]["Product Name"] == "Women Oversized Combed Cotton 30s Plain T-shirt"
    assert products[0]["Material"] == "Combed cotton 30s"


def test_no_translate_writes_the_listings_as_the_export_has_them(tmp_path: Path) -> None:
    workbook = _convert(tmp_path, "--no-translate")
    skus = list(workbook["SKUs"].iter_rows(min_row=2, values_only=True))
    assert skus[0][3:5] == ("Color", "Hitam")


def test_a_buyer_language_without_a_glossary_is_one_line(tmp_path: Path) -> None:
    source = Path(shutil.copy(SAMPLES / "tiktok_id_fashion.xlsx", tmp_path / "shop.xlsx"))
    result = CliRunner().invoke(cli, ["convert", str(source), "--translate", "de"])
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: no glossary translates into 'de': the shipped glossaries translate into English "
        "(--translate en) only\n"
    )


def test_an_english_listing_is_left_alone_but_for_values_of_the_shop_language() -> None:
    stage = translator()
    indonesian = kaos_product(key="p1", title="Kaos Polos Wanita Hitam")
    first, _ = map_product(indonesian, default_profile())
    assert first is not None
    stage.translate(first, "p1")  # the shop writes Indonesian
    english = kaos_product(
        key="p2",
        title="Enamel Pin Badge for Jackets",
        variation_names=["Warna"],
        variants=[variant(6, Warna="Hitam"), variant(7, Warna="Pin")],
        description="<p>This enamel pin is made by hand in small batches.</p>",
    )
    listing, _ = map_product(english, default_profile())
    assert listing is not None
    done = stage.translate(listing, "p2")
    assert done.listing.title == listing.title
    assert [sku.options["Color"] for sku in done.listing.skus] == ["Black", "Pin"]
    assert done.listing.description == listing.description
    assert done.issues == []


def test_an_english_description_under_an_indonesian_title_is_not_warned() -> None:
    product = kaos_product(
        description="<p>Soft cotton t-shirt that keeps its shape after washing.</p>"
    )
    listing, _ = map_product(product, default_profile())
    assert listing is not None
    done = translator().translate(listing, product.key)
    assert not [issue for issue in done.issues if issue.field == "description"]


def test_the_glossary_memo_is_bounded_and_gives_what_the_tables_give(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from catalog_migrate.translate import listing as listing_module

    monkeypatch.setattr(listing_module, "_GLOSSARY_MEMO_SIZE", 2)
    kept = translator()
    texts = ["Cuci dengan air dingin", "Garansi 6 bulan", "Kaos Polos Zzqwerty Hitam"]
    first = [kept.glossary_only(text, ["id", "ms"], "sentence") for text in texts]
    again = [kept.glossary_only(text, ["id", "ms"], "sentence") for text in reversed(texts)]
    fresh = [translator().glossary_only(text, ["id", "ms"], "sentence") for text in texts]
    assert first == fresh == list(reversed(again))
    assert first[0].text == "Wash in cold water" and not first[2].complete
    assert len(kept._glossary_memo) == 2  # the least recently used went first
    assert ("Garansi 6 bulan", "sentence", "", ("id", "ms")) in kept._glossary_memo
