"""Fitting the channel-neutral listing to a channel's limits, Alibaba.com's and others'."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType

import openpyxl
import pytest
from alibaba_listings import make_listing, usd
from click.testing import CliRunner

from catalog_migrate.cli import cli
from catalog_migrate.codes import all_codes
from catalog_migrate.model import LeadTime, PriceTier, Provenance, WholesaleListing
from catalog_migrate.sources import SOURCES
from catalog_migrate.targets import TARGETS
from catalog_migrate.targets.alibaba import AlibabaTarget
from catalog_migrate.targets.alibaba_rules import LIMITS
from catalog_migrate.targets.fitting import fit_listing, unit_in_form
from tests.tiktok_builder import write_tiktok_xlsx

LONG_TITLE = " ".join(["Women Cotton Summer Dress Floral A-Line Midi"] * 4)  # 179 characters
ALIBABA = AlibabaTarget()


def traced(listing: WholesaleListing, field: str) -> tuple[str, str]:
    entry = listing.provenance_of(field)
    assert entry is not None
    return entry.value, entry.rule


def with_title(title: str) -> WholesaleListing:
    return make_listing(
        title=title, provenance=[Provenance(field="title", value=title, rule="title.clean")]
    )


def test_a_channel_with_a_60_character_title_cuts_at_60_and_alibaba_at_128() -> None:
    listing = with_title(LONG_TITLE)

    short, issues = fit_listing(listing, replace(LIMITS, channel="Shop", title_max=60), 6)
    long, _ = ALIBABA.prepare(listing)

    assert short.title == "Women Cotton Summer Dress Floral A-Line Midi Women Cotton"
    assert [(issue.code, issue.severity) for issue in issues] == [("title.truncated", "warning")]
    assert issues[0].message == (
        f"the title was cut to 57 characters (limit 60); left out: {LONG_TITLE[58:]!r}"
    )
    assert traced(short, "title") == (
        short.title,
        "title.clean; cut at a word boundary to 60 characters",
    )
    assert len(long.title) <= 128 and long.title.startswith(short.title)
    assert LONG_TITLE.startswith(long.title) and len(long.title) > 100
    assert listing.title == LONG_TITLE  # the neutral listing is not changed


def test_a_translated_title_cut_to_the_limit_keeps_its_source_text() -> None:
    translated = Provenance(
        field="title",
        value=LONG_TITLE,
        rule="translate.glossary id->en from: Gaun Katun",
        source_text="Gaun Katun",
        engine="glossary",
    )
    fitted, _ = ALIBABA.prepare(make_listing(title=LONG_TITLE, provenance=[translated]))

    [entry] = fitted.provenance
    assert (entry.value, entry.source_text, entry.engine) == (
        fitted.title,
        "Gaun Katun",
        "glossary",
    )
    assert entry.rule.endswith("; cut at a word boundary to 128 characters")


def test_punctuation_a_channel_does_not_keep_reads_as_a_space() -> None:
    listing = with_title("Gaun Katun Wanita - Merah & Biru, M/L")

    fitted, issues = fit_listing(
        listing, replace(LIMITS, channel="Shop", title_punctuation=" -"), 6
    )
    alibaba, _ = ALIBABA.prepare(listing)

    assert fitted.title == "Gaun Katun Wanita - Merah Biru M L"
    assert issues == []
    assert traced(fitted, "title")[1] == (
        "title.clean; punctuation Shop does not keep read as spaces"
    )
    assert alibaba.title == listing.title


def test_a_title_within_the_limit_is_kept_as_it_is() -> None:
    listing = with_title("Cotton Summer Dress")
    fitted, issues = fit_listing(listing, LIMITS, 6)
    assert (fitted.title, issues) == ("Cotton Summer Dress", [])


def test_a_title_typed_in_review_is_checked_not_cut() -> None:
    listing = make_listing(
        title=LONG_TITLE,
        provenance=[Provenance(field="title", value=LONG_TITLE, rule="review: set by the seller")],
    )

    fitted, issues = ALIBABA.prepare(listing)

    assert fitted.title == LONG_TITLE
    assert [issue.code for issue in issues if issue.is_error] == ["title.too_long"]


def test_keywords_tiers_and_lead_times_are_cut_to_the_channels_counts() -> None:
    listing = make_listing(
        keywords=["summer dress", "floral dress", "midi dress", "cotton dress", "a-line dress"],
        tiers=[
            PriceTier(min_quantity=10, price=usd("12.50")),
            PriceTier(min_quantity=100, price=usd("9.90")),
            PriceTier(min_quantity=500, price=usd("8.20")),
            PriceTier(min_quantity=1000, price=usd("7.90")),
            PriceTier(min_quantity=5000, price=usd("7.50")),
        ],
        lead_times=[LeadTime(max_quantity=q, days=d) for q, d in ((50, 7), (200, 15), (800, 30))],
        provenance=[Provenance(field="lead_times", value="", rule="lead_time.rows (MOQ 10)")],
    )
    limits = replace(LIMITS, keywords_max=2, tiers_max=3, lead_times_max=2, quantity_max=600)

    fitted, issues = fit_listing(listing, limits, 6)

    assert fitted.keywords == ["summer dress", "floral dress"]
    assert traced(fitted, "keywords") == (
        "summer dress, floral dress",
        "keywords.first 2 of 5 (Alibaba takes at most 2)",
    )
    assert [tier.min_quantity for tier in fitted.tiers] == [10, 100, 500]
    assert [issue.code for issue in issues] == ["tiers.over_max_quantity"] * 2
    assert issues[0].message == (
        "tier 4 (MOQ 10 x 100 = 1,000 units, 7.90 USD) is above the 600-unit limit; it was left out"
    )
    assert fitted.lead_times == [
        LeadTime(max_quantity=50, days=7),
        LeadTime(max_quantity=200, days=15),
    ]
    assert traced(fitted, "lead_times") == (
        "up to 50: 7 days, up to 200: 15 days",
        "lead_time.rows (MOQ 10; at most 600 units)",
    )
    # Alibaba.com takes all of it but the fifth keyword and tier.
    alibaba, alibaba_issues = ALIBABA.prepare(listing)
    assert len(alibaba.keywords) == 3 and len(alibaba.tiers) == 4
    assert alibaba.lead_times == listing.lead_times
    assert [issue for issue in alibaba_issues if issue.is_error] == []


def test_a_lead_time_capped_onto_the_row_before_it_is_left_out() -> None:
    listing = make_listing(
        lead_times=[
            LeadTime(max_quantity=q, days=d) for q, d in ((60_000, 7), (150_000, 15), (300_000, 30))
        ]
    )
    fitted, _ = ALIBABA.prepare(listing)
    assert fitted.lead_times == [
        LeadTime(max_quantity=60_000, days=7),
        LeadTime(max_quantity=99_999, days=15),
    ]


def test_units_images_specifications_and_weight_follow_the_channel() -> None:
    listing = make_listing(
        unit="Pair/Pairs",
        images=[f"https://img.example/{n}.jpg" for n in range(8)],
        specifications={"Material": "Cotton", "Feature": "Breathable and soft " * 3},
        package_weight_kg=Decimal("0.004"),
    )
    limits = replace(LIMITS, channel="Shop", unit_form="plural", spec_value_max=40)

    fitted, issues = fit_listing(listing, limits, 5)

    assert fitted.unit == "Pairs"
    assert fitted.images == listing.images[:5]
    assert traced(fitted, "images") == ("5", "images.first 5 of 8 (Shop takes at most 5)")
    assert fitted.specifications == {
        "Material": "Cotton",
        "Feature": "Breathable and soft Breathable and soft",
    }
    assert fitted.package_weight_kg == Decimal("0.010")
    assert [issue.code for issue in issues] == [
        "images.truncated",
        "spec.value_truncated",
        "package.weight_raised",
    ]
    alibaba, _ = ALIBABA.prepare(listing)
    assert (alibaba.unit, len(alibaba.images)) == ("Pair/Pairs", 6)
    assert alibaba.specifications == listing.specifications  # within 70 characters


@pytest.mark.parametrize(
    ("unit", "form", "written"),
    [
        ("Piece/Pieces", "pair", "Piece/Pieces"),
        ("Piece/Pieces", "singular", "Piece"),
        ("Piece/Pieces", "plural", "Pieces"),
        ("Kilogram", "plural", "Kilogram"),
    ],
)
def test_a_unit_in_each_form(unit: str, form: str, written: str) -> None:
    assert unit_in_form(unit, form) == written  # type: ignore[arg-type]


def test_a_channel_without_ladders_sells_a_ladder_listing_at_its_sku_prices() -> None:
    listing = make_listing()
    limits = replace(LIMITS, pricing_modes=frozenset({"sku"}))

    fitted, issues = fit_listing(listing, limits, 6)

    assert (fitted.pricing_mode, len(fitted.tiers), issues) == ("sku", 1, [])
    assert {sku.price for sku in fitted.skus} == {fitted.tiers[0].price}
    assert ALIBABA.prepare(listing)[0].pricing_mode == "ladder"


def test_a_listing_that_fits_is_returned_unchanged() -> None:
    listing = make_listing()
    fitted, issues = fit_listing(listing, LIMITS, 6)
    assert fitted is listing
    assert issues == []


def test_the_images_say_how_many_the_channel_took() -> None:
    images = [f"https://img.example/{n}.jpg" for n in range(3)]
    mapped = Provenance(field="images", value="3", rule="images.distinct 3 in the product's order")
    fitted, _ = fit_listing(make_listing(images=images, provenance=[mapped]), LIMITS, 6)
    assert traced(fitted, "images") == ("3", "images.first 3 of 3 (Alibaba takes at most 6)")
    assert len(fitted.provenance) == 1


def test_alibaba_declares_its_limits() -> None:
    assert ALIBABA.limits is LIMITS
    assert (LIMITS.title_max, LIMITS.keywords_max, LIMITS.tiers_max) == (128, 3, 4)
    assert (LIMITS.lead_times_max, LIMITS.lead_time_days_max, LIMITS.quantity_max) == (
        3,
        60,
        99_999,
    )
    assert (LIMITS.price_min, LIMITS.price_max) == (Decimal("0.01"), Decimal("9999999.00"))
    assert (LIMITS.spec_value_max, LIMITS.unit_form, ALIBABA.images.max_count) == (70, "pair", 6)
    assert ALIBABA.columns["Products"][:3] == ("Source Product ID", "Product Name", "Keyword 1")


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_every_target_declares_what_a_target_must(name: str) -> None:
    target = TARGETS[name]
    assert target.limits.title_max > 0 and target.limits.pricing_modes
    assert target.columns and all(target.columns.values())
    assert set(target.codes) <= set(all_codes())


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_every_source_declares_what_a_source_must(name: str) -> None:
    source = SOURCES[name]
    assert source.refusal([["not", "an", "export"]])
    assert source.column_map([["not", "an", "export"]]) is None
    assert set(source.codes) <= set(all_codes())


def test_a_new_targets_codes_are_catalogued_from_the_registry(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Channel(AlibabaTarget):
        name = "channel"
        codes: Mapping[str, str] = MappingProxyType({"channel.rule": "a rule of the channel"})

    monkeypatch.setitem(TARGETS, "channel", Channel())
    assert all_codes()["channel.rule"] == [("channel", "a rule of the channel")]


def product(number: int, **cells: object) -> dict[str, object]:
    return {
        "product_id": f"17293847561029{number:05d}",
        "sku_id": f"17293847561030{number:05d}",
        "category": "Pakaian Wanita/Atasan/Kaos",
        "product_name": "Kaos Polos Wanita Oversize Katun Combed",
        "main_image": "https://example.com/kaos.jpg",
        "price": "Rp 89.000",
        "seller_sku": f"KP-{number}",
        **cells,
    }


def profile_without_alibaba_limits(tmp_path: Path, *changes: tuple[str, str]) -> Path:
    """The shipped default with the lengths and counts a channel limits left to the channel."""
    shipped = Path(__file__).resolve().parents[2] / "mappings"
    text = (shipped / "default.toml").read_text(encoding="utf-8")
    for old, new in (
        ("max_length = 128\n", ""),
        ("keyword_count = 3\n", "keyword_count = 6\n"),
        ("max_tiers = 4\n", "max_tiers = 5\n"),
        ("quantity_multipliers = [1, 5, 20, 50]", "quantity_multipliers = [1, 5, 20, 50, 80]"),
        (
            'discounts = ["0", "0.05", "0.10", "0.15"]',
            'discounts = ["0", "0.05", "0.10", "0.15", "0.2"]',
        ),
        *changes,
    ):
        assert old in text, old
        text = text.replace(old, new)
    (tmp_path / "default-categories.csv").write_bytes(
        (shipped / "default-categories.csv").read_bytes()
    )
    path = tmp_path / "shop.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_profile_asking_more_than_alibaba_takes_is_fitted_to_alibaba(tmp_path: Path) -> None:
    title = "Kaos Polos Wanita Oversize Katun Combed " + " ".join(f"Motif{n}" for n in range(20))
    export = write_tiktok_xlsx(tmp_path / "export.xlsx", [product(1, product_name=title)])
    profile = profile_without_alibaba_limits(tmp_path)
    output = tmp_path / "out.xlsx"

    result = CliRunner().invoke(
        cli,
        [
            "convert",
            str(export),
            "--currency",
            "IDR",
            "--profile",
            str(profile),
            "-o",
            str(output),
            "--json",
            "--no-translate",
        ],
    )

    assert result.exit_code == 0, result.stderr
    sheet = openpyxl.load_workbook(output)["Products"]
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert len(row["Product Name"]) <= 128 and title.startswith(row["Product Name"])
    assert row["Quantity 4"] is not None  # 5 steps asked for, Alibaba.com's 4 written
    codes = [issue["code"] for issue in json.loads(result.stdout)["issues"]]
    assert "title.truncated" in codes
    assert "tiers.too_many" not in codes and "keywords.too_many" not in codes


def test_a_lead_time_longer_than_alibaba_takes_drops_the_listing(tmp_path: Path) -> None:
    export = write_tiktok_xlsx(tmp_path / "export.xlsx", [product(1)])
    profile = profile_without_alibaba_limits(
        tmp_path, ("{ moq_multiple = 100, days = 30 }", "{ moq_multiple = 100, days = 90 }")
    )

    result = CliRunner().invoke(
        cli,
        [
            "convert",
            str(export),
            "--currency",
            "IDR",
            "--profile",
            str(profile),
            "--dry-run",
            "--json",
        ],
    )

    assert result.exit_code == 1, result.stderr
    errors = [
        issue for issue in json.loads(result.stdout)["issues"] if issue["severity"] == "error"
    ]
    assert [issue["code"] for issue in errors] == ["lead_time.invalid"]
    assert errors[0]["message"].endswith("must be 1-3 rows with ascending quantities and 1-60 days")
