"""parse_price and infer_currency: every rendering of source-formats §4, and no guessing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalog_migrate.money import (
    PRICE_CODES,
    ParsedPrice,
    PriceProblem,
    currency_named_in,
    infer_currency,
    parse_price,
)


@pytest.mark.parametrize(
    ("cell", "currency", "amount"),
    [
        ("Rp 150.000", "IDR", "150000"),
        ("Rp150.000", "IDR", "150000"),
        ("Rp 25.000,-", "IDR", "25000"),
        ("Rp 2.273,67", "IDR", "2273.67"),
        ("Rp1,234,567", "IDR", "1234567"),
        ("150.000", "IDR", "150000"),
        ("IDR 150,000", "IDR", "150000"),
        ("Rp\u00a089.000", "IDR", "89000"),
        ("150.000₫", "VND", "150000"),
        ("150.000 đ", "VND", "150000"),
        ("150.000 VND", "VND", "150000"),
        ("123.456,78", "VND", "123456.78"),
        ("RM 1,299.00", "MYR", "1299.00"),
        ("RM12.90", "MYR", "12.90"),
        ("12.50", "MYR", "12.50"),
        ("1,299", "MYR", "1299"),
        ("₱1,299.00", "PHP", "1299.00"),
        ("PHP 1,299", "PHP", "1299"),
        ("฿1,290", "THB", "1290"),
        ("1,290.00", "THB", "1290.00"),
        ("1,5jt", "IDR", "1500000"),
        ("25rb", "IDR", "25000"),
        ("Rp 25rb", "IDR", "25000"),
        ("500k", "IDR", "500000"),
        ("1.5tr", "VND", "1500000"),
        ("2 juta", "IDR", "2000000"),
        ("S$12.90", "SGD", "12.90"),
        ("$12.90", "USD", "12.90"),
    ],
)
def test_market_renderings(cell: str, currency: str, amount: str) -> None:
    assert parse_price(cell, currency) == ParsedPrice(Decimal(amount), currency)


@pytest.mark.parametrize(
    ("cell", "amount"),
    [(89000, "89000"), (89000.0, "89000"), (12.9, "12.9"), (Decimal("12.90"), "12.90")],
)
def test_a_numeric_cell_is_the_number_it_holds(cell: object, amount: str) -> None:
    result = parse_price(cell, "IDR")  # type: ignore[arg-type]
    assert isinstance(result, ParsedPrice)
    assert result.amount == Decimal(amount)
    assert str(result.amount) == amount


def test_a_numeric_cell_is_never_reinterpreted_as_grouped() -> None:
    # 1.5 stored as a number stays 1.5 even in IDR, where the text `1.500` means 1500.
    assert parse_price(1.5, "IDR") == ParsedPrice(Decimal("1.5"), "IDR")
    assert parse_price("1.500", "IDR") == ParsedPrice(Decimal("1500"), "IDR")


@pytest.mark.parametrize(
    ("cell", "currency", "code"),
    [
        (None, "IDR", "price.missing"),
        ("", "IDR", "price.missing"),
        ("   ", "MYR", "price.missing"),
        ("Rp ??", "IDR", "price.unparseable"),
        ("call us", "MYR", "price.unparseable"),
        ("1e5", "MYR", "price.unparseable"),
        ("Rp1.096.18", "IDR", "price.unparseable"),
        ("1,2,3", "MYR", "price.unparseable"),
        ("1.234.567,89,0", "IDR", "price.unparseable"),
        (float("nan"), "IDR", "price.unparseable"),
        (True, "IDR", "price.unparseable"),
        ("1.500", "MYR", "price.ambiguous"),
        ("RM 1.500", "MYR", "price.ambiguous"),
        ("1.500", None, "price.ambiguous"),
        ("0", "IDR", "price.not_positive"),
        (0, "IDR", "price.not_positive"),
        ("-5", "MYR", "price.not_positive"),
        ("Rp -5.000", "IDR", "price.not_positive"),
        ("-Rp 5.000", "IDR", "price.not_positive"),
        ("(12.90)", "MYR", "price.not_positive"),
        (-3.5, "MYR", "price.not_positive"),
        ("RM 12.90", "IDR", "price.currency_mismatch"),
        ("Rp 89.000", "MYR", "price.currency_mismatch"),
        ("$12", "IDR", "price.currency_mismatch"),
    ],
)
def test_problems(cell: object, currency: str | None, code: str) -> None:
    result = parse_price(cell, currency)  # type: ignore[arg-type]
    assert isinstance(result, PriceProblem)
    assert result.code == code
    assert code in PRICE_CODES


def test_problem_messages_show_the_cell() -> None:
    assert parse_price("1.500", "MYR") == PriceProblem(
        "price.ambiguous", "'1.500' could be 1.5 or 1500 MYR: write it with two decimals"
    )
    assert parse_price("RM 12", "IDR") == PriceProblem(
        "price.currency_mismatch", "'RM 12' is in MYR, but the run's currency is IDR"
    )
    assert parse_price("Rp ??", "IDR") == PriceProblem(
        "price.unparseable", "'Rp ??' is not a price"
    )


def test_without_a_currency_the_symbol_decides() -> None:
    assert parse_price("Rp 150.000", None) == ParsedPrice(Decimal("150000"), "IDR")
    assert parse_price("RM12.90", None) == ParsedPrice(Decimal("12.90"), "MYR")
    assert parse_price("12.90", None) == ParsedPrice(Decimal("12.90"), None)


def test_never_divides_by_a_thousand() -> None:
    result = parse_price("Rp 159.000", "IDR")
    assert isinstance(result, ParsedPrice)
    assert result.amount == Decimal("159000")


@pytest.mark.parametrize(
    ("text", "currency"),
    [
        ("Rp 150.000", "IDR"),
        ("150.000₫", "VND"),
        ("RM 12.90", "MYR"),
        ("฿1,290", "THB"),
        ("₱1,299.00", "PHP"),
        ("12.90", None),
        ("$12", None),
    ],
)
def test_currency_named_in(text: str, currency: str | None) -> None:
    assert currency_named_in(text) == currency


def test_infer_currency_only_without_doubt() -> None:
    assert infer_currency(["Rp 89.000", 89000.0, "Rp150.000", None]) == "IDR"
    assert infer_currency(["RM12.90", "12.90"]) == "MYR"
    assert infer_currency([12.9, "12.90"]) is None
    assert infer_currency(["$12", "12"]) is None
    assert infer_currency(["Rp 89.000", "RM 12.90"]) is None
    assert infer_currency([]) is None


# --- properties ----------------------------------------------------------------------------------

whole_amounts = st.integers(min_value=1, max_value=10**12).map(Decimal)
cent_amounts = st.integers(min_value=1, max_value=10**11).map(lambda cents: Decimal(cents) / 100)


def _grouped(whole: int, mark: str) -> str:
    return f"{whole:,}".replace(",", mark)


@given(whole_amounts, st.sampled_from(["Rp {}", "Rp{}", "Rp {},-", "{}", "IDR {}"]))
def test_idr_dot_grouped_round_trips(amount: Decimal, template: str) -> None:
    text = template.format(_grouped(int(amount), "."))
    assert parse_price(text, "IDR") == ParsedPrice(amount, "IDR")


@given(cent_amounts)
def test_idr_with_comma_cents_round_trips(amount: Decimal) -> None:
    whole, cents = divmod(amount * 100, 100)
    text = f"Rp {_grouped(int(whole), '.')},{int(cents):02d}"
    result = parse_price(text, "IDR")
    assert isinstance(result, ParsedPrice)
    assert result.amount == amount


@given(cent_amounts, st.sampled_from(["RM {}", "RM{}", "{}", "MYR {}"]))
def test_myr_comma_grouped_two_decimals_round_trips(amount: Decimal, template: str) -> None:
    whole, cents = divmod(amount * 100, 100)
    text = template.format(f"{_grouped(int(whole), ',')}.{int(cents):02d}")
    result = parse_price(text, "MYR")
    assert isinstance(result, ParsedPrice)
    assert result.amount == amount
    assert result.currency == "MYR"


@given(whole_amounts, st.sampled_from(["{}₫", "{} đ", "{} VND", "₫{}"]))
def test_vnd_round_trips(amount: Decimal, template: str) -> None:
    text = template.format(_grouped(int(amount), "."))
    assert parse_price(text, "VND") == ParsedPrice(amount, "VND")


@given(
    st.integers(min_value=1, max_value=999),
    st.integers(min_value=0, max_value=999),
    st.sampled_from(["MYR", "PHP", "THB", "SGD", "USD", None]),
    st.sampled_from(["{}", "RM {}"]),
)
def test_dot_before_three_digits_is_never_a_number_outside_idr_vnd(
    whole: int, fraction: int, currency: str | None, template: str
) -> None:
    text = template.format(f"{whole}.{fraction:03d}")
    if currency != "MYR" and template.startswith("RM"):
        currency = "MYR" if currency is None else currency
    result = parse_price(text, currency)
    assert isinstance(result, PriceProblem)
    assert result.code in {"price.ambiguous", "price.currency_mismatch"}


@given(st.text(max_size=12))
def test_any_text_gives_a_price_or_a_known_problem(text: str) -> None:
    result = parse_price(text, "IDR")
    if isinstance(result, ParsedPrice):
        assert result.amount > 0
    else:
        assert result.code in PRICE_CODES
