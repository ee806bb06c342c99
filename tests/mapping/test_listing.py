"""map_product end to end: an Indonesian T-shirt, and the ways a product or SKU is refused."""

from __future__ import annotations

from decimal import Decimal

from catalog_migrate.mapping import ISSUE_CODES, map_product, rules_for
from catalog_migrate.model import LeadTime, RetailVariant, WholesaleListing
from tests.mapping.builders import default_profile, kaos_product, money, variant


def mapped(**changes: object) -> WholesaleListing:
    listing, issues = map_product(kaos_product(**changes), default_profile())
    assert listing is not None, issues
    return listing


def test_indonesian_t_shirt_becomes_a_wholesale_listing() -> None:
    listing, issues = map_product(kaos_product(), default_profile())

    assert issues == []
    assert listing is not None
    assert listing.source_product_id == "1729384756473829384"
    assert listing.title == "Kaos Polos Wanita Katun Combed 30s"
    assert listing.keywords == ["Women's T-Shirts", "Kaos Polos", "Kaos"]
    assert listing.category == "Apparel > Women's Clothing > Women's T-Shirts"
    assert listing.category_mapped is True
    assert listing.unit == "Piece/Pieces"
    assert listing.moq == 100
    # The XL costs more (2.92 USD), so each SKU keeps its price and there is no quantity ladder.
    assert listing.pricing_mode == "sku"
    assert [(tier.min_quantity, str(tier.price)) for tier in listing.tiers] == [(100, "2.74 USD")]
    assert listing.place_of_origin == "Indonesia"
    assert listing.brand == ""
    # The description's `Katun Combed 30s` says more than the attribute column's `Katun`.
    assert listing.specifications == {"Material": "Katun Combed 30s", "Size": "M, L, XL"}
    assert listing.material == "Katun Combed 30s"
    assert listing.lead_times == [
        LeadTime(max_quantity=500, days=7),
        LeadTime(max_quantity=2000, days=15),
        LeadTime(max_quantity=10000, days=30),
    ]
    assert listing.package_weight_kg == Decimal("0.200")
    assert listing.package_size_cm == (Decimal(30), Decimal(26), Decimal(2))
    assert listing.images == [f"https://img.example/kaos-{n}.jpg" for n in range(1, 5)]
    assert listing.variation_names == ["Color", "Size"]
    assert listing.source_rows == [5, 6, 7, 8, 9, 10]


def test_every_variant_keeps_its_own_price_and_options() -> None:
    listing = mapped()

    assert [
        (sku.seller_sku, sku.options, str(sku.price), str(sku.retail_price)) for sku in listing.skus
    ] == [
        ("KP-HITAM-M", {"Color": "Hitam", "Size": "M"}, "2.74 USD", "89000 IDR"),
        ("KP-HITAM-L", {"Color": "Hitam", "Size": "L"}, "2.74 USD", "89000 IDR"),
        ("KP-HITAM-XL", {"Color": "Hitam", "Size": "XL"}, "2.92 USD", "95000 IDR"),
        ("KP-PUTIH-M", {"Color": "Putih", "Size": "M"}, "2.74 USD", "89000 IDR"),
        ("KP-PUTIH-L", {"Color": "Putih", "Size": "L"}, "2.74 USD", "89000 IDR"),
        ("KP-PUTIH-XL", {"Color": "Putih", "Size": "XL"}, "2.92 USD", "95000 IDR"),
    ]
    assert [sku.source_row for sku in listing.skus] == [5, 6, 7, 8, 9, 10]


def test_provenance_says_how_each_value_was_made() -> None:
    listing = mapped()

    def rule(field: str) -> str:
        entry = listing.provenance_of(field)
        assert entry is not None, field
        return entry.rule

    assert rule("title") == (
        "title.clean removed: PROMO, COD, Gratis Ongkir, READY STOCK, #kaospolos; symbols: 🔥"
    )
    assert rule("price") == (
        "pricing.keystone 0.5 x 89,000 IDR @ 16,250 IDR/USD = 2.74 USD; the lowest of 6 SKU prices"
    )
    assert (
        rule("skus.KP-HITAM-XL.price")
        == "pricing.keystone 0.5 x 95,000 IDR @ 16,250 IDR/USD = 2.92 USD"
    )
    assert rule("moq") == "moq.band price <= 5.00 USD -> 100"
    assert rule("category") == "category.map 'Pakaian Wanita/Atasan/Kaos'"
    assert rule("unit") == "unit.default (no unit word in the title or category)"
    assert rule("specifications.Material") == (
        "spec from description line (Bahan); more specific than product_property/100157's 'Katun'"
    )
    assert rule("specifications.Size") == "spec from description line (Ukuran)"
    assert rule("place_of_origin") == "origin from description table (Negara Asal)"
    assert rule("brand") == "brand.none 'No brand' means no brand"
    assert rule("description") == "description.sanitised removed: onerror, <script>"
    assert (
        rule("variation_names")
        == "variations renamed by attributes.names: Warna -> Color, Ukuran -> Size"
    )


def test_the_description_is_sanitised() -> None:
    description = mapped().description

    assert "<script" not in description
    assert "onerror" not in description
    assert '<img src="https://img.example/kaos-detail.jpg">' in description
    assert "<li>Bahan: Katun Combed 30s</li>" in description


def test_a_sku_that_cannot_be_priced_is_left_out_with_an_error_naming_it() -> None:
    product = kaos_product(
        variants=[variant(5, "89000", Warna="Hitam"), variant(6, "50", Warna="Putih")]
    )

    listing, issues = map_product(product, default_profile())

    assert listing is not None
    assert [sku.seller_sku for sku in listing.skus] == ["KP-HITAM"]
    [issue] = issues
    assert (issue.code, issue.severity, issue.sku, issue.source_row, issue.field) == (
        "price.below_minimum",
        "error",
        "KP-PUTIH",
        6,
        "price",
    )
    assert issue.product_key == "1729384756473829384"


def test_a_product_none_of_whose_skus_can_be_priced_is_not_listed() -> None:
    product = kaos_product(
        variants=[variant(5, "50", Warna="Hitam"), variant(6, "60", Warna="Putih")]
    )

    listing, issues = map_product(product, default_profile())

    assert listing is None
    assert [(issue.code, issue.sku) for issue in issues] == [
        ("price.below_minimum", "KP-HITAM"),
        ("price.below_minimum", "KP-PUTIH"),
        ("product.no_valid_skus", None),
    ]


def test_a_product_without_skus_is_not_listed() -> None:
    listing, issues = map_product(kaos_product(variants=[]), default_profile())

    assert listing is None
    assert [issue.code for issue in issues] == ["product.no_skus"]


def test_a_currency_without_a_rate_stops_the_product() -> None:
    product = kaos_product(variants=[variant(5, "150000", "KRW")])

    listing, issues = map_product(product, default_profile())

    assert listing is None
    [issue] = issues
    assert (issue.code, issue.is_error, issue.sku, issue.source_row) == (
        "fx.missing_rate",
        True,
        None,
        5,
    )
    assert "KRW" in issue.message and "--fx KRW=RATE" in issue.message


def test_a_per_run_rate_is_used() -> None:
    profile = default_profile().with_fx({"IDR": Decimal("15000")})

    listing, _ = map_product(kaos_product(), profile)

    assert listing is not None
    assert str(listing.tiers[0].price) == "2.97 USD"  # 44,500 / 15,000 = 2.966...


def test_a_title_with_nothing_left_stops_the_product() -> None:
    listing, issues = map_product(kaos_product(title="🔥 PROMO COD 🔥 #viral"), default_profile())

    assert listing is None
    assert [issue.code for issue in issues] == ["title.empty"]


def test_warnings_keep_the_listing() -> None:
    product = kaos_product(
        category=None, images=[], weight_g=None, height_cm=None, description="", attributes=[]
    )

    listing, issues = map_product(product, default_profile())

    assert listing is not None
    # A missing category is the target's to judge (Alibaba.com: category.missing, an error).
    assert [issue.code for issue in issues] == [
        "origin.missing",
        "package.weight_missing",
        "package.size_missing",
        "images.missing",
    ]
    assert all(not issue.is_error and issue.product_key == product.key for issue in issues)
    assert listing.keywords == ["Kaos Polos", "Kaos"]


def test_compiled_rules_can_be_passed_in_and_give_the_same_listing() -> None:
    profile = default_profile()
    rules = rules_for(profile)

    assert rules_for(profile) is rules
    assert map_product(kaos_product(), profile, rules) == map_product(kaos_product(), profile)


def test_mapping_is_deterministic() -> None:
    first, _ = map_product(kaos_product(), default_profile())
    second, _ = map_product(kaos_product(), default_profile())

    assert first is not None and second is not None
    assert first.model_dump_json() == second.model_dump_json()


def test_every_issue_code_emitted_is_documented() -> None:
    product = kaos_product(
        variants=[variant(5, "50"), variant(6, "89000")], category="Nowhere/Else"
    )
    _, issues = map_product(product, default_profile())

    assert {issue.code for issue in issues} <= ISSUE_CODES.keys()
    assert {
        "title.truncated",
        "tiers.collapsed",
        "spec.value_truncated",
        "fx.missing_rate",
    } <= ISSUE_CODES.keys()


def test_money_never_passes_through_a_float() -> None:
    listing = mapped(variants=[variant(5, "12.90", "MYR")])

    assert listing.tiers[0].price == money("1.54", "USD")  # 12.90 x 0.5 / 4.20 = 1.5357...


def test_skus_of_one_price_are_priced_by_the_ladder() -> None:
    variants = [variant(row, "89000", Warna=colour) for row, colour in ((5, "Hitam"), (6, "Putih"))]
    listing = mapped(variants=variants, variation_names=["Warna"], source_rows=[5, 6])

    assert listing.pricing_mode == "ladder"
    assert [(tier.min_quantity, str(tier.price)) for tier in listing.tiers] == [
        (100, "2.74 USD"),
        (500, "2.60 USD"),
        (2000, "2.47 USD"),
        (5000, "2.33 USD"),
    ]
    assert {str(sku.price) for sku in listing.skus} == {"2.74 USD"}
    entry = listing.provenance_of("pricing_mode")
    assert entry is not None
    assert entry.rule == "pricing.mode ladder: every SKU costs 2.74 USD, so the ladder prices all"


def test_skus_of_different_prices_keep_them_without_a_ladder() -> None:
    listing = mapped()

    assert listing.pricing_mode == "sku"
    assert [str(sku.price) for sku in listing.skus] == ["2.74 USD", "2.74 USD", "2.92 USD"] * 2
    assert listing.tiers[0].price.amount == min(sku.price.amount for sku in listing.skus)
    entry = listing.provenance_of("pricing_mode")
    assert entry is not None
    assert entry.rule == (
        "pricing.mode sku: the SKU prices differ (2.74 USD to 2.92 USD), so each SKU keeps its "
        "price and the listing has no quantity ladder beyond the MOQ"
    )


# --- packs ----------------------------------------------------------------------------------


def sku(row: int, price: str, seller_sku: str, **options: str) -> RetailVariant:
    return RetailVariant(
        seller_sku=seller_sku, options=options, price=money(price), quantity=10, source_row=row
    )


def test_a_pack_of_twelve_pairs_sells_by_the_pack_at_the_pack_price() -> None:
    listing, issues = map_product(
        kaos_product(
            title="Kaos Kaki Pria Isi 12 Pasang Katun",
            variation_names=["Warna"],
            variants=[
                sku(5, "120000", "KK-H", Warna="Hitam"),
                sku(6, "120000", "KK-P", Warna="Putih"),
            ],
        ),
        default_profile(),
    )

    assert listing is not None
    assert listing.unit == "Pack/Packs"
    assert listing.specifications["Pairs per Pack"] == "12"
    # 120,000 IDR bought the pack of 12 pairs: the wholesale price is the pack's, not a pair's.
    assert [str(item.price) for item in listing.skus] == ["3.69 USD", "3.69 USD"]
    assert [item.options for item in listing.skus] == [{"Color": "Hitam"}, {"Color": "Putih"}]
    entry = listing.provenance_of("unit")
    assert entry is not None
    assert entry.rule == (
        "unit.count 'isi {n} pasang' ('Isi 12 Pasang') in title: 12 pairs a pack, not Pair/Pairs"
    )
    assert not [issue for issue in issues if issue.code.startswith("unit.")]


def test_a_bulk_seller_sku_is_a_pack_of_its_count() -> None:
    listing = mapped(
        title="Charger USB Fast Charging 20W",
        variation_names=[],
        variants=[sku(5, "5005000", "CHG-BULK100")],
    )

    assert (listing.unit, listing.specifications["Pieces per Pack"]) == ("Pack/Packs", "100")
    assert str(listing.skus[0].price) == "154.00 USD"
    entry = listing.provenance_of("specifications.Pieces per Pack")
    assert entry is not None
    assert entry.rule == (
        "unit.count 'bulk {n}' ('BULK100') in seller SKU: 100 pieces a pack, not Piece/Pieces"
    )


def test_an_item_word_stands_when_the_count_is_one() -> None:
    listing = mapped(title="Sepatu Sneakers Anak 1 Pasang")

    assert listing.unit == "Pair/Pairs"
    assert not any(name.endswith("per Pack") for name in listing.specifications)


def test_socks_counted_without_saying_pairs_are_pairs() -> None:
    listing = mapped(title="Kaos Kaki Sekolah isi 6")

    assert (listing.unit, listing.specifications["Pairs per Pack"]) == ("Pack/Packs", "6")


def test_counts_that_differ_by_sku_stay_with_each_sku() -> None:
    listing, issues = map_product(
        kaos_product(
            title="Toples Kaca Bulat",
            variation_names=["Isi"],
            variants=[sku(5, "45000", "TK-6", Isi="Isi 6"), sku(6, "85000", "TK-12", Isi="Isi 12")],
        ),
        default_profile(),
    )

    assert listing is not None
    assert listing.unit == "Pack/Packs"
    assert listing.specifications["Pieces per Pack"] == "6, 12 (by SKU)"
    # The variation already says each SKU's count, so no variation is added.
    assert [item.options for item in listing.skus] == [{"Isi": "Isi 6"}, {"Isi": "Isi 12"}]
    assert [str(item.price) for item in listing.skus] == ["1.38 USD", "2.62 USD"]
    assert not [issue for issue in issues if issue.code.startswith("unit.")]
    entry = listing.provenance_of("skus.TK-12.Pieces per Pack")
    assert entry is not None
    assert (entry.value, entry.rule) == ("12", "unit.count 'isi {n}' ('Isi 12') in variation")


def test_counts_only_in_seller_skus_become_a_variation() -> None:
    listing = mapped(
        title="Charger USB 20W",
        variation_names=["Warna"],
        variants=[
            sku(5, "2600000", "CHG-BULK50", Warna="Putih"),
            sku(6, "5005000", "CHG-BULK100", Warna="Putih"),
        ],
    )

    assert listing.specifications["Pieces per Pack"] == "50, 100 (by SKU)"
    assert listing.variation_names == ["Color", "Pieces per Pack"]
    assert [item.options for item in listing.skus] == [
        {"Color": "Putih", "Pieces per Pack": "50"},
        {"Color": "Putih", "Pieces per Pack": "100"},
    ]


def test_a_sku_without_a_count_among_packs_is_a_warning() -> None:
    listing, issues = map_product(
        kaos_product(
            title="Toples Kaca Bulat",
            variation_names=["Isi"],
            variants=[sku(5, "45000", "TK-6", Isi="Isi 6"), sku(6, "9000", "TK-1", Isi="Satuan")],
        ),
        default_profile(),
    )

    assert listing is not None
    [issue] = [issue for issue in issues if issue.code == "unit.count_missing"]
    assert (issue.severity, issue.sku, issue.source_row, issue.message) == (
        "warning",
        "TK-1",
        6,
        "other SKUs are packs (Pieces per Pack: 6) but SKU TK-1 names no count of its own; "
        "its price is taken as one pack's",
    )


def test_a_title_with_several_counts_says_nothing_of_any_one_sku() -> None:
    listing, issues = map_product(
        kaos_product(
            title="Kaos Kaki Sekolah isi 3 / isi 6",
            variation_names=["Warna"],
            variants=[
                sku(5, "30000", "KK-H", Warna="Hitam"),
                sku(6, "55000", "KK-6", Warna="Putih"),
            ],
        ),
        default_profile(),
    )

    assert listing is not None
    assert (listing.unit, listing.specifications["Pairs per Pack"]) == (
        "Pack/Packs",
        "3, 6 (by SKU)",
    )
    assert [issue.message for issue in issues if issue.code == "unit.count_missing"] == [
        f"the title names 3 and 6 but SKU {label} names no count of its own; "
        "its price is taken as one pack's"
        for label in ("KK-H", "KK-6")
    ]


def test_a_pack_unit_the_words_chose_stands_with_the_count() -> None:
    listing = mapped(title="Spatula Set 5pcs Stainless Steel")

    assert (listing.unit, listing.specifications["Pieces per Set"]) == ("Set/Sets", "5")
    entry = listing.provenance_of("unit")
    assert entry is not None
    assert entry.rule == "unit.count '{n} pcs' ('5pcs') in title: 5 pieces a set"


def test_a_product_with_three_variations_gains_no_fourth_for_its_counts() -> None:
    names = ["Warna", "Ukuran", "Motif"]
    listing = mapped(
        title="Charger USB 20W",
        variation_names=names,
        variants=[
            sku(5, "2600000", "CHG-BULK50", Warna="Putih", Ukuran="S", Motif="A"),
            sku(6, "5005000", "CHG-BULK100", Warna="Putih", Ukuran="S", Motif="B"),
        ],
    )

    assert listing.variation_names == ["Color", "Size", "Pattern"]
    assert listing.specifications["Pieces per Pack"] == "50, 100 (by SKU)"
    entry = listing.provenance_of("skus.CHG-BULK100.Pieces per Pack")
    assert entry is not None
    assert entry.value == "100"
