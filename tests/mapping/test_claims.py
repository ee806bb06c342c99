"""Retail claims leave descriptions whole-sentence, in every language the profile lists."""

from __future__ import annotations

import pytest

from catalog_migrate.mapping import map_product
from catalog_migrate.mapping.claims import compile_claim_rules, remove_claims
from tests.mapping.builders import default_profile, kaos_product

RULES = compile_claim_rules(default_profile().descriptions.claims)


@pytest.mark.parametrize(
    ("description", "kept", "removed"),
    [
        (
            "<p>READY STOCK kak, langsung kirim hari ini!</p><p>Bahan: Katun<br>Motif: Polos</p>",
            "<p>Bahan: Katun<br>Motif: Polos</p>",
            ("READY STOCK kak, langsung kirim hari ini!",),
        ),
        (
            "<ul><li>Material: PP plastic</li><li>Ships from Selangor within 24 hours</li></ul>",
            "<ul><li>Material: PP plastic</li></ul>",
            ("Ships from Selangor within 24 hours",),
        ),
        (
            "<p>Áo thun cotton. Miễn phí vận chuyển toàn quốc! Giặt máy được.</p>",
            "<p>Áo thun cotton. Giặt máy được.</p>",
            ("Miễn phí vận chuyển toàn quốc!",),
        ),
        ("<p>纯棉T恤。当天发货！</p>", "<p>纯棉T恤。</p>", ("当天发货！",)),
        ("<p>Kaos adem 🔥 nyaman dipakai</p>", "<p>Kaos adem  nyaman dipakai</p>", ("🔥",)),
    ],
)
def test_the_sentence_making_a_claim_goes_whole(
    description: str, kept: str, removed: tuple[str, ...]
) -> None:
    clean = remove_claims(description, RULES)
    assert (clean.html, clean.removed) == (kept, removed)


@pytest.mark.parametrize(
    "description",
    [
        "<p>Barcode scanner with USB cable</p>",  # COD inside a word is no claim
        "<p>Promotional pens are not sold here</p>",
        "<p>Bahan katun, jahitan rapi.</p>",
    ],
)
def test_text_without_a_claim_is_left_exactly_as_it_was(description: str) -> None:
    assert remove_claims(description, RULES).html == description


def test_the_provenance_says_what_was_removed() -> None:
    product = kaos_product(
        description="<p>Gratis Ongkir se-Indonesia!</p><p>Bahan: Katun Combed 30s</p>"
    )
    listing, _ = map_product(product, default_profile())
    assert listing is not None
    assert listing.description == "<p>Bahan: Katun Combed 30s</p>"
    rules = [entry.rule for entry in listing.provenance if entry.field == "description"]
    assert "description.claims removed: Gratis Ongkir se-Indonesia!" in rules


def test_a_long_run_of_claim_like_text_is_read_in_linear_time() -> None:
    text = "<p>" + "COD " * 20_000 + "x" * 20_000 + "</p>"
    clean = remove_claims(text, RULES)
    assert clean.removed
