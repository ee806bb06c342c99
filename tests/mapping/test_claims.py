"""Retail and shipping claims leave the description; the provenance says what went."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from catalog_migrate.cli import cli
from catalog_migrate.mapping import map_product
from catalog_migrate.mapping.claims import remove_claims
from catalog_migrate.mapping.description import parse_description
from catalog_migrate.mapping.rules import rules_for
from tests.mapping.builders import default_profile, kaos_product
from tests.tiktok_builder import write_tiktok_xlsx

RULES = rules_for(default_profile()).titles


def without_claims(description: str) -> str:
    safe = parse_description(description).safe
    return remove_claims(safe.html, RULES.remove, RULES.remove_first_words).html


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        # Indonesian HTML: the claim sentences go, the rest and the markup stay.
        (
            "<p>🔥READY STOCK🔥 Kaos polos adem.</p><ul><li>Bahan: Katun</li><li>Bisa COD</li>"
            "</ul><p>Pesanan sebelum jam 3 dikirim hari ini. Gratis ongkir se-Indonesia!</p>",
            "<p>Kaos polos adem.</p><ul><li>Bahan: Katun</li></ul>",
        ),
        # Plain text: whole lines go with their line breaks.
        (
            "Kaos polos wanita\nREADY STOCK!!\nBisa COD ya kak\n\nBahan: katun combed 30s",
            "<p>Kaos polos wanita</p><p>Bahan: katun combed 30s</p>",
        ),
        # Emoji bullets end sentences.
        (
            "<p>✅ Bahan adem ✅ Ships within 24 hours ✅ Jahitan rapi</p>",
            "<p>✅ Bahan adem ✅ Jahitan rapi</p>",
        ),
        # English, Malay, Vietnamese, Thai and Chinese claims.
        (
            "<p>Free shipping worldwide. Waterproof nylon.</p>"
            "<p>Stok sedia ada, pos percuma.</p><p>Freeship toàn quốc</p>"
            "<p>พร้อมส่ง ส่งฟรี</p><p>包邮 当天发货</p><p>Kain kapas</p>",
            "<p>Waterproof nylon.</p><p>Kain kapas</p>",
        ),
        # A list emptied of every item goes with its list.
        ("<p>Tas</p><ul><li>COD</li><li>Gratis Ongkir</li></ul>", "<p>Tas</p>"),
        # Words that also describe products are claims only in their phrases.
        (
            "<p>Induction ready pan. Hot water bottle. 🎁 Bonus pouch</p>",
            "<p>Induction ready pan. Hot water bottle. Bonus pouch</p>",
        ),
    ],
)
def test_claim_sentences_leave_the_description(description: str, expected: str) -> None:
    assert without_claims(description) == expected


def test_a_description_without_claims_is_unchanged() -> None:
    html = parse_description("<p>Kaos polos, bahan adem.</p><p>Ukuran: M, L</p>").safe.html

    result = remove_claims(html, RULES.remove, RULES.remove_first_words)

    assert (result.html, result.claims, result.sentences, result.emoji) == (html, (), 0, ())
    # The same without the word look-up that lets it skip the pattern.
    assert remove_claims(html, RULES.remove).html == html


def test_the_provenance_says_what_was_removed() -> None:
    product = kaos_product(
        description="<p>READY STOCK kak! Kaos adem.</p><p>Bisa COD. Gratis ongkir 🚚</p>"
        "<script>x()</script>"
    )

    listing, _ = map_product(product, default_profile())

    assert listing is not None
    assert listing.description == "<p>Kaos adem.</p>"
    [entry] = [entry for entry in listing.provenance if entry.field == "description"]
    assert entry.rule == (
        "description.sanitised removed: <script>; description.claims removed 3 sentences with "
        "retail or shipping claims: READY STOCK, Bisa COD, Gratis ongkir; "
        "description.claims removed promotional emoji: 🚚"
    )


def test_the_written_workbook_has_no_claims(tmp_path: Path) -> None:
    source = write_tiktok_xlsx(
        tmp_path / "export.xlsx",
        [
            {
                "product_id": "1729384756473829384",
                "sku_id": "1729384756473829385",
                "category": "Fashion Wanita/Atasan/Kaos",
                "product_name": "🔥PROMO Kaos Polos + Tas Ready Stock COD #kaospolos",
                "product_description": "<p>Ready stock! Dikirim hari ini.</p><p>Bahan katun.</p>",
                "price": "Rp 89.000",
                "quantity": 10,
                "seller_sku": "KP-1",
                "main_image": "https://img.example/kaos.jpg",
            }
        ],
        language="id",
    )

    result = CliRunner().invoke(
        # Untranslated, so that what the rules left reads as the seller wrote it.
        cli,
        ["convert", str(source), "--region", "ID", "--no-translate"],
        catch_exceptions=False,
    )

    assert result.exit_code in (0, 1), result.stderr
    sheet = openpyxl.load_workbook(tmp_path / "export.alibaba.xlsx", read_only=True)["Products"]
    rows = list(sheet.iter_rows(values_only=True))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Product Name"] == "Kaos Polos with Tas"
    assert [row["Keyword 1"], row["Keyword 2"], row["Keyword 3"]] == ["Kaos", "Kaos Polos", "Tas"]
    assert row["Description"] == "<p>Bahan katun.</p>"
    report = openpyxl.load_workbook(tmp_path / "export.alibaba.report.xlsx", read_only=True)
    rules = [row[3] for row in report["Provenance"].iter_rows(values_only=True)]
    assert (
        "description.claims removed 2 sentences with retail or shipping claims: "
        "Ready stock, Dikirim hari ini"
    ) in rules
