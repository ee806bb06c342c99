"""parse_price and infer_currency: every rendering of source-formats §4, and no guessing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalog_migrate import money
from catalog_migrate.model import Money
from catalog_migrate.money import (
    PRICE_CODES,
    ParsedPrice,
    PriceProblem,
    count_named_currencies,
    currency_contradiction,
    currency_named_in,
    infer_currency,
    parse_price,
    rate_problem,
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


# --- the spellings sellers type (source-formats §4) -----------------------------------------------


@pytest.mark.parametrize(
    ("cell", "currency", "amount"),
    [
        ("Rp. 150.000", "IDR", "150000"),
        ("Rp.89.000", "IDR", "89000"),
        ("Rp89.000/pcs", "IDR", "89000"),
        ("Rp 89.000 / pcs", "IDR", "89000"),
        ("Rp 89.000 per pcs", "IDR", "89000"),
        ("Rp 89.000 Per Buah", "IDR", "89000"),
        ("89.000đ/cái", "VND", "89000"),
        ("Rp 25.000,-", "IDR", "25000"),
        ("25.000,-", "IDR", "25000"),
        ("150.000 VNĐ", "VND", "150000"),
        ("150.000 vnđ", "VND", "150000"),
        ("150.000đ", "VND", "150000"),
        ("150.000 đồng", "VND", "150000"),
        ("1,290 บาท", "THB", "1290"),
        ("290บาท", "THB", "290"),
        ("S$ 12.90", "SGD", "12.90"),
        ("SGD$12.90", "SGD", "12.90"),
        ("25rb", "IDR", "25000"),
        ("25 ribu", "IDR", "25000"),
        ("1,5jt", "IDR", "1500000"),
        ("2 juta", "IDR", "2000000"),
        ("Rp 2jt350", "IDR", "2350000"),
        ("150k", "VND", "150000"),
        ("150K", "IDR", "150000"),
        ("150 nghìn", "VND", "150000"),
        ("150 ngàn đồng", "VND", "150000"),
        ("1.5tr", "VND", "1500000"),
        ("2 triệu", "VND", "2000000"),
        ("1tr5", "VND", "1500000"),
        ("1tr5đ", "VND", "1500000"),
        ("12tr25", "VND", "12250000"),
    ],
)
def test_spellings_sellers_type(cell: str, currency: str, amount: str) -> None:
    assert parse_price(cell, currency) == ParsedPrice(Decimal(amount), currency)


@pytest.mark.parametrize(
    ("cell", "currency"),
    [
        ("150.000đ", "VND"),
        ("150.000 VNĐ", "VND"),
        ("150.000 đồng", "VND"),
        ("290 บาท", "THB"),
        ("SGD$12.90", "SGD"),
        ("Rp. 89.000", "IDR"),
        ("89.000đ/cái", "VND"),
    ],
)
def test_the_new_spellings_name_their_currency(cell: str, currency: str) -> None:
    assert currency_named_in(cell) == currency
    assert parse_price(cell, None) == parse_price(cell, currency)


@pytest.mark.parametrize(
    ("cell", "currency", "code"),
    [
        ("89.000/lusin", "IDR", "price.unparseable"),  # per dozen is not a unit price
        ("1tr5000", "VND", "price.unparseable"),
        ("1jt500rb", "IDR", "price.unparseable"),
        ("1.500k", "MYR", "price.ambiguous"),
        ("290 บาท", "IDR", "price.currency_mismatch"),
        ("150.000 VNĐ", "IDR", "price.currency_mismatch"),
        ("SGD$12.90", "USD", "price.currency_mismatch"),
    ],
)
def test_what_stays_refused(cell: str, currency: str, code: str) -> None:
    result = parse_price(cell, currency)
    assert isinstance(result, PriceProblem)
    assert result.code == code


# --- digits that only look like digits ------------------------------------------------------------


@pytest.mark.parametrize("cell", ["1²", "Rp 89.000²", "①", "②⑤.000", "RM ½", "³50"])
def test_compatibility_digits_are_not_digits(cell: str) -> None:
    result = parse_price(cell, "IDR")
    assert isinstance(result, PriceProblem)
    assert result.code == "price.unparseable"
    assert "only looks like a digit; type the price with plain digits" in result.message


@pytest.mark.parametrize(
    ("cell", "currency", "amount"),
    [
        ("１２.９０", "MYR", "12.90"),  # full-width
        ("Rp １５０.０００", "IDR", "150000"),
        ("١٢٣", "IDR", "123"),  # Arabic-Indic
        ("฿๑,๒๙๐", "THB", "1290"),  # Thai
    ],
)
def test_other_scripts_digits_stay_readable(cell: str, currency: str, amount: str) -> None:
    assert parse_price(cell, currency) == ParsedPrice(Decimal(amount), currency)


# --- amounts too large to be prices ---------------------------------------------------------------


@pytest.mark.parametrize(
    "cell",
    [
        "1" * 300,
        "9" * 30 + "k",
        "1" + "0" * 300 + "jt",
        1e300,
        Decimal("1E+300"),
        "Rp 1" + ".000" * 100,
    ],
)
def test_absurd_amounts_are_refused_not_overflowed(cell: object) -> None:
    result = parse_price(cell, "IDR")  # type: ignore[arg-type]
    assert isinstance(result, PriceProblem)
    assert result.code == "price.unparseable"
    assert len(result.message) < 100  # the cell is cut in the message, not printed whole


# --- exchange rates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "rate",
    ["1e30", "1e-30", "12345678901234567890123456789", "0.00001", "100000001", "16250.1234567891"],
)
def test_an_absurd_exchange_rate_is_named(rate: str) -> None:
    problem = rate_problem("IDR", Decimal(rate))
    assert problem is not None
    assert problem.startswith(
        "the exchange rate for IDR must be between 0.0001 and 100,000,000 IDR per US dollar, "
        "with at most 12 significant digits, not "
    )


@pytest.mark.parametrize("rate", ["0.0001", "0.31", "16250", "25400.00000000000", "100000000"])
def test_real_exchange_rates_pass(rate: str) -> None:
    assert rate_problem("IDR", Decimal(rate)) is None


# --- the run currency against the cells -----------------------------------------------------------


def test_counting_named_currencies() -> None:
    named, filled = count_named_currencies(
        ["RM 12.90", "RM12", "$5", "12.90", 12.9, None, "", "  ", "Rp 89.000", "1,290"]
    )
    assert named == {"MYR": 2, "$": 1, "IDR": 1}
    assert filled == 7


def test_most_cells_in_another_currency_contradict_the_run() -> None:
    named, filled = count_named_currencies(["RM 12.90"] * 3 + ["Rp 89.000"])
    assert currency_contradiction("IDR", named, filled) == (
        "3 of 4 price cells name MYR and 1 name IDR; pass --currency MYR if that is the shop's "
        "currency, or correct the cells"
    )


def test_a_few_stray_cells_do_not_contradict_the_run() -> None:
    named, filled = count_named_currencies(["RM 12.90", "89000", "89000", "Rp 1.000"])
    assert currency_contradiction("IDR", named, filled) is None
    named, filled = count_named_currencies(["$12", "$13"])
    assert currency_contradiction("SGD", named, filled) is None
    assert currency_contradiction("IDR", named, filled) == (
        "2 of 2 price cells name dollars ($) and none names IDR; pass --currency USD or "
        "--currency SGD if that is the shop's currency, or correct the cells"
    )


# --- properties: every spelling a seller writes reads back as the amount written ------------------


@given(
    whole_amounts,
    st.sampled_from(["Rp", "Rp ", "Rp.", "Rp. ", "IDR ", ""]),
    st.sampled_from(["", ",-", "/pcs", " /pcs", ",-/pcs"]),
)
def test_idr_spellings_round_trip(amount: Decimal, prefix: str, suffix: str) -> None:
    text = f"{prefix}{_grouped(int(amount), '.')}{suffix}"
    assert parse_price(text, "IDR") == ParsedPrice(amount, "IDR")


@given(whole_amounts, st.sampled_from(["đ", " đ", "₫", " VND", " VNĐ", " đồng", " vnđ"]))
def test_vnd_spellings_round_trip(amount: Decimal, suffix: str) -> None:
    text = f"{_grouped(int(amount), '.')}{suffix}"
    assert parse_price(text, None) == ParsedPrice(amount, "VND")


@given(
    st.integers(min_value=1, max_value=999_999),
    st.sampled_from(["rb", " ribu", "k", "K", " nghìn", " ngàn"]),
    st.sampled_from(["IDR", "VND"]),
)
def test_thousand_shorthands_round_trip(thousands: int, word: str, currency: str) -> None:
    text = f"{_grouped(thousands, '.')}{word}"
    assert parse_price(text, currency) == ParsedPrice(Decimal(thousands * 1000), currency)


@given(
    st.integers(min_value=1, max_value=999),
    st.integers(min_value=1, max_value=9),
    st.sampled_from(
        ["{m}tr{d}", "{m}jt{d}", "{m},{d}jt", "{m}.{d}tr", "{m},{d} triệu", "{m},{d} juta"]
    ),
    st.sampled_from(["IDR", "VND"]),
)
def test_million_shorthands_round_trip(m: int, d: int, template: str, currency: str) -> None:
    text = template.format(m=m, d=d)
    expected = Decimal(m * 1_000_000 + d * 100_000)
    assert parse_price(text, currency) == ParsedPrice(expected, currency)


@given(
    cent_amounts,
    st.sampled_from(
        [("฿{}", "THB"), ("{} บาท", "THB"), ("S${}", "SGD"), ("SGD${}", "SGD"), ("RM {}", "MYR")]
    ),
)
def test_dot_decimal_spellings_round_trip(amount: Decimal, spelling: tuple[str, str]) -> None:
    template, currency = spelling
    whole, cents = divmod(amount * 100, 100)
    text = template.format(f"{_grouped(int(whole), ',')}.{int(cents):02d}")
    result = parse_price(text, None)
    assert isinstance(result, ParsedPrice)
    assert (result.amount, result.currency) == (amount, currency)


def test_a_converter_rounds_to_the_minor_unit_of_its_currency() -> None:
    rates = {
        "USD": Decimal(1),
        "IDR": Decimal(16250),
        "KWD": Decimal("0.3071"),
        "JPY": Decimal(150),
    }
    usd = Money(amount=Decimal("2.74"), currency="USD")
    assert money.minor_unit("USD") == Decimal("0.01")
    assert money.converter("KWD", rates)(usd) == Money(amount=Decimal("0.841"), currency="KWD")
    assert money.converter("JPY", rates)(usd) == Money(amount=Decimal("411"), currency="JPY")
    # Any currency of the table converts, not only the listing's USD: a retail price in IDR.
    retail = Money(amount=Decimal("89000"), currency="IDR")
    assert money.converter("USD", rates)(retail) == Money(amount=Decimal("5.48"), currency="USD")
    with pytest.raises(money.FxRateMissing, match="no exchange rate for EUR"):
        money.converter("EUR", rates)
