"""The mapping profile: the shipped default, how profiles are found, and what is refused."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from catalog_migrate import profile as profiles
from catalog_migrate.profile import Profile, ProfileError, normalise_category


@pytest.fixture(scope="module")
def default() -> Profile:
    return profiles.load()


def write_profile(tmp_path: Path, replace: tuple[str, str] | None = None, extra: str = "") -> Path:
    text = (profiles.shipped_dir() / "default.toml").read_text(encoding="utf-8")
    if replace is not None:
        assert replace[0] in text, replace[0]
        text = text.replace(replace[0], replace[1])
    (tmp_path / "default-categories.csv").write_text(
        "source_category,target_category\nPakaian Wanita / Atasan,Apparel > Tops\n",
        encoding="utf-8",
    )
    path = tmp_path / "seller.toml"
    path.write_text(text + extra, encoding="utf-8")
    return path


def test_the_default_profile_loads(default: Profile) -> None:
    assert default.name == "default"
    assert default.fx.rates["IDR"] == Decimal("16250")
    assert default.pricing.factor == Decimal("0.5")
    assert (default.pricing.min_price, default.pricing.max_price) == (
        Decimal("0.01"),
        Decimal("9999999.00"),
    )
    assert default.tiers.max_tiers == 4
    assert default.titles.max_length == 128
    assert "USB" in default.titles.keep_upper
    assert (
        default.category_map["pakaian wanita/atasan/kaos"]
        == "Apparel > Women's Clothing > Women's T-Shirts"
    )
    assert default.path == profiles.shipped_dir() / "default.toml"


def test_shipped_profiles_are_found_by_name() -> None:
    assert profiles.shipped_dir() / "default.toml" in profiles.shipped_profiles()
    assert profiles.resolve(None) == profiles.resolve("default")
    with pytest.raises(
        ProfileError, match="no profile named 'wholesale'; shipped profiles: default"
    ):
        profiles.resolve("wholesale")


def test_a_profile_file_and_its_category_map(tmp_path: Path) -> None:
    loaded = profiles.load(str(write_profile(tmp_path)))

    assert loaded.category_map == {"pakaian wanita/atasan": "Apparel > Tops"}


def test_an_unknown_key_is_named(tmp_path: Path) -> None:
    path = write_profile(tmp_path, ('factor = "0.5"', 'factor = "0.5"\nfactr = "0.4"'))

    with pytest.raises(ProfileError, match=r"unknown key 'pricing\.factr'"):
        profiles.load(str(path))


@pytest.mark.parametrize(
    ("replace", "message"),
    [
        (('discounts = ["0", "0.05"', 'discounts = ["0.02", "0.05"'), "discounts start with 0"),
        (
            (
                'discounts = ["0", "0.05", "0.10", "0.15"]',
                'discounts = ["0", "0.10", "0.05", "0.15"]',
            ),
            "strictly increase",
        ),
        (
            ("quantity_multipliers = [1, 5, 20, 50]", "quantity_multipliers = [2, 5, 20, 50]"),
            "start with 1",
        ),
        (
            ("quantity_multipliers = [1, 5, 20, 50]", "quantity_multipliers = [1, 5, 20]"),
            "differ in length",
        ),
        (("max_tiers = 4", "max_tiers = 0"), "max_tiers"),
        (('rounding = "0.01"', 'rounding = "0.001"'), "multiple of it"),
        (('min_price = "0.01"', 'min_price = "0"'), "min_price"),
        (('max_price = "9999999.00"', 'max_price = "0"'), "max_price"),
        (
            ("{ moq_multiple = 20, days = 15 }", "{ moq_multiple = 20, days = 5 }"),
            "cannot ship sooner",
        ),
        (("{ moq_multiple = 20, days = 15 }", "{ moq_multiple = 5, days = 15 }"), "moq_multiple"),
        (("{ moq_multiple = 5, days = 7 }", "{ moq_multiple = 5, days = 0 }"), "days"),
        (('max_price = "2.00"', 'max_price = "0.40"'), "strictly increasing max_price"),
        (('USD = "1"', 'usd = "1"'), "ISO 4217"),
    ],
)
def test_inconsistent_values_are_refused(
    tmp_path: Path, replace: tuple[str, str], message: str
) -> None:
    with pytest.raises(ProfileError, match=message):
        profiles.load(str(write_profile(tmp_path, replace)))


def test_lead_time_needs_a_row(tmp_path: Path) -> None:
    start = (
        "rows = [\n  { moq_multiple = 5, days = 7 },\n  { moq_multiple = 20, days = 15 },\n"
        "  { moq_multiple = 100, days = 30 },\n]"
    )
    with pytest.raises(ProfileError, match=r"lead_time\.rows"):
        profiles.load(str(write_profile(tmp_path, (start, "rows = []"))))


def test_per_run_exchange_rates_replace_the_profiles(default: Profile) -> None:
    changed = default.with_fx({"IDR": Decimal("15000"), "KRW": Decimal("1350")})

    assert changed.fx.rates["IDR"] == Decimal("15000")
    assert changed.fx.rates["KRW"] == Decimal("1350")
    assert changed.fx.rates["VND"] == default.fx.rates["VND"]
    assert default.fx.rates["IDR"] == Decimal("16250")
    assert default.with_fx({}) is default


def test_category_paths_compare_without_case_or_spacing() -> None:
    assert normalise_category("  Pakaian Wanita / ATASAN /Kaos ") == "pakaian wanita/atasan/kaos"
    assert normalise_category("Pakaian Wanita>>>Atasan>>>Kaos") == "pakaian wanita/atasan/kaos"


def test_read_limits_have_safe_defaults(default: Profile) -> None:
    assert default.limits.max_cell_chars == 32_767
    assert default.limits.max_compression_ratio == 100


def _without_sections(toml: str, *prefixes: str) -> str:
    """The TOML text without the tables whose header starts with one of `prefixes`."""
    kept: list[str] = []
    dropping = False
    for line in toml.splitlines():
        if line.startswith("["):
            dropping = line.strip("[]").startswith(prefixes)
        if not dropping:
            kept.append(line)
    return "\n".join(kept) + "\n"


def test_a_profile_copied_before_a_rule_existed_takes_the_shipped_rule(tmp_path: Path) -> None:
    """A seller's copy without [[units.counts]] must still sell a pack of 12 as a pack."""
    shipped = (profiles.shipped_dir() / "default.toml").read_text(encoding="utf-8")
    old = _without_sections(shipped, "price_checks", "units.counts")
    assert "[[units.counts]]" not in old and "[price_checks]" not in old
    path = tmp_path / "old.toml"
    path.write_text(old, encoding="utf-8")
    shutil.copy(profiles.shipped_dir() / "default-categories.csv", tmp_path)
    loaded = profiles.load(str(path))
    default = profiles.load("default")
    assert loaded.units.counts == default.units.counts
    assert loaded.price_checks == default.price_checks


def test_a_rule_the_seller_emptied_stays_empty(tmp_path: Path) -> None:
    shipped = (profiles.shipped_dir() / "default.toml").read_text(encoding="utf-8")
    mine = _without_sections(shipped, "price_checks") + "\n[price_checks]\nbands = []\n"
    path = tmp_path / "mine.toml"
    path.write_text(mine, encoding="utf-8")
    shutil.copy(profiles.shipped_dir() / "default-categories.csv", tmp_path)
    assert profiles.load(str(path)).price_checks.bands == []


@pytest.mark.parametrize(
    ("replace", "key", "value"),
    [
        (("max_length = 128", "max_length = 200"), ("titles", "max_length"), 200),
        (("keyword_count = 3", "keyword_count = 5"), ("titles", "keyword_count"), 5),
        (("max_tiers = 4", "max_tiers = 6"), ("tiers", "max_tiers"), 6),
        (
            ("max_value_length = 70", "max_value_length = 120"),
            ("attributes", "max_value_length"),
            120,
        ),
        (("{ moq_multiple = 100, days = 30 }", "{ moq_multiple = 100, days = 90 }"), None, None),
    ],
)
def test_a_value_above_a_channels_limit_is_the_sellers_choice(
    tmp_path: Path, replace: tuple[str, str], key: tuple[str, str] | None, value: int | None
) -> None:
    # Channel limits are the target's (targets.base.ListingLimits): the target fits or refuses
    # each listing, so the profile loads.
    loaded = profiles.load(str(write_profile(tmp_path, replace)))
    if key is not None:
        assert getattr(getattr(loaded, key[0]), key[1]) == value


def test_unset_lengths_and_counts_leave_the_limit_to_the_channel() -> None:
    profile = Profile.model_validate(
        {
            "fx": {"date": "2026-11-01", "rates": {}},
            "moq": {"bands": [{"moq": 1}]},
            "lead_time": {"rows": [{"moq_multiple": 1, "days": 7}]},
        }
    )
    assert (profile.titles.max_length, profile.titles.keyword_count) == (None, None)
    assert (profile.tiers.max_tiers, profile.attributes.max_value_length) == (None, None)
    assert profile.pricing.max_price is None
