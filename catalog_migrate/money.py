"""Money arithmetic: FX conversion into the target currency and rounding.

Price *parsing* (the many ways sellers write a price) lives in `parse_price` below; everything here
works on Decimal and never on float.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from catalog_migrate.model import Money

CENT = Decimal("0.01")

# Shop region -> currency, from the TikTok Shop API's region codes (source-formats §1.4, §2.4).
REGION_CURRENCY: dict[str, str] = {
    "ID": "IDR",
    "VN": "VND",
    "TH": "THB",
    "MY": "MYR",
    "PH": "PHP",
    "SG": "SGD",
    "US": "USD",
}


class FxRateMissing(LookupError):
    """No exchange rate is known for a currency."""


# An exchange rate is how many units of a currency one US dollar buys. The strongest currencies
# trade near 0.3 per dollar (KWD), the weakest in the hundreds of thousands (IRR, VES): a rate
# outside 0.0001-100,000,000 is a typo (`1e30`, a rate typed the wrong way round), and would turn
# prices into numbers no spreadsheet holds. Twelve significant digits are more than any bank quotes.
RATE_MIN = Decimal("0.0001")
RATE_MAX = Decimal("100000000")
RATE_DIGITS = 12


def rate_problem(code: str, rate: Decimal) -> str | None:
    """Why `rate` cannot be the exchange rate of `code` (one line), or None when it can."""
    limits = (
        f"between {RATE_MIN} and {RATE_MAX:,} {code} per US dollar, "
        f"with at most {RATE_DIGITS} significant digits"
    )
    if not rate.is_finite() or rate <= 0:
        return f"the exchange rate for {code} must be a positive number {limits}"
    if not RATE_MIN <= rate <= RATE_MAX or len(rate.normalize().as_tuple().digits) > RATE_DIGITS:
        shown = f"{rate:.6E}" if rate.adjusted() > 15 or rate.adjusted() < -6 else f"{rate:f}"
        return f"the exchange rate for {code} must be {limits}, not {shown}"
    return None


def missing_rate_message(currency: str) -> str:
    return f"no exchange rate for {currency}: pass --fx {currency}=RATE or add it under [fx.rates]"


def plain_decimal(number: Decimal) -> str:
    """`30.0` -> `30`, `12.50` -> `12.5`, `1E+1` -> `10`: digits only, never an exponent."""
    return format(number.normalize(), "f")


def round_money(amount: Decimal, step: Decimal = CENT) -> Decimal:
    """Round half up to `step` (0.01 for USD prices), as a seller would by hand."""
    return (amount / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step


def convert(money: Money, to_currency: str, rates_per_usd: dict[str, Decimal]) -> Money:
    """Convert through USD. `rates_per_usd[X]` is how many X one US dollar buys (IDR: 16250).

    The result is not rounded: rounding happens once, at the end of the pricing rule.
    """
    if money.currency == to_currency:
        return money
    usd = (
        money.amount
        if money.currency == "USD"
        else money.amount / _rate(money.currency, rates_per_usd)
    )
    amount = usd if to_currency == "USD" else usd * _rate(to_currency, rates_per_usd)
    return Money(amount=amount, currency=to_currency)


def _rate(currency: str, rates_per_usd: dict[str, Decimal]) -> Decimal:
    try:
        rate = rates_per_usd[currency]
    except KeyError:
        raise FxRateMissing(missing_rate_message(currency)) from None
    if rate <= 0:
        raise FxRateMissing(f"the exchange rate for {currency} must be positive, not {rate}")
    return rate


# ISO 4217 minor units of the currencies that do not have two decimals; every other has two.
_MINOR_UNITS: dict[str, int] = {
    **dict.fromkeys(
        ("BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "VND",
         "VUV", "XAF", "XOF", "XPF"),
        0,
    ),
    **dict.fromkeys(("BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"), 3),
}  # fmt: skip


def minor_unit(currency: str) -> Decimal:
    """The smallest amount a price in `currency` is written to: 0.01 USD, 1 JPY, 0.001 KWD."""
    return Decimal(1).scaleb(-_MINOR_UNITS.get(currency, 2))


@dataclass(frozen=True)
class Converter:
    """Turns any Money whose currency has a rate into `currency`, rounded to its minor unit.

    A plain object (no closure), so a run can hand it to its writing process.
    """

    currency: str
    rates_per_usd: dict[str, Decimal]

    def __call__(self, money: Money) -> Money:
        step = minor_unit(self.currency)
        if money.currency == self.currency:
            amount = money.amount
        else:
            amount = convert(money, self.currency, self.rates_per_usd).amount
        return Money(amount=round_money(amount, step).quantize(step), currency=self.currency)


def converter(currency: str, rates_per_usd: dict[str, Decimal]) -> Converter:
    """A Converter into `currency`; FxRateMissing when the table has no rate for it."""
    if currency != "USD":
        _rate(currency, rates_per_usd)
    return Converter(currency, dict(rates_per_usd))


# --- Price parsing -------------------------------------------------------------------------------
#
# source-formats §4: a price cell may be a number, or text in the market's own style (`Rp 150.000`,
# `150.000₫`, `RM 1,299.00`, `1,5jt`). Which separator is the decimal one depends on the currency,
# so the currency must be known (or named in the cell) before text is read; when the text allows two
# readings the answer is a PriceProblem, never a guess.

PRICE_CODES: dict[str, str] = {
    "price.missing": "the SKU has no price",
    "price.unparseable": "the price is not a number in any form sellers write prices",
    "price.ambiguous": "the separators allow two readings (e.g. `1.500` in MYR: 1.5 or 1,500)",
    "price.not_positive": "the price is zero or negative",
    "price.currency_mismatch": "the price names a currency other than the run's currency",
}

# No retail price comes near this in any currency (VND and IDR prices stay below 10^11): a larger
# amount is a mistyped or corrupted cell, and would overflow Decimal's 28 digits when rounded.
PRICE_LIMIT = Decimal(10) ** 15

# Currencies whose sellers group thousands with `.` (source-formats §4 rule 4).
DOT_GROUPING_CURRENCIES = frozenset({"IDR", "VND"})

# Tokens that name a currency, longest first so `US$` wins over `$` and `đồng` over `đ`. `$` alone
# names no single currency (USD or SGD), so it is None here: it fits a dollar run and contradicts
# any other. Besides the symbols of source-formats §4 rule 1, the spellings sellers type: `Rp.`,
# `VNĐ`, `đồng` (Vietnamese "dong"), `บาท` (Thai "baht"), `SGD$`.
_CURRENCY_TOKENS: tuple[tuple[str, str | None], ...] = tuple(
    sorted(
        (
            ("US$", "USD"),
            ("USD$", "USD"),
            ("S$", "SGD"),
            ("SGD$", "SGD"),
            ("IDR", "IDR"),
            ("VND", "VND"),
            ("VNĐ", "VND"),
            ("MYR", "MYR"),
            ("THB", "THB"),
            ("PHP", "PHP"),
            ("SGD", "SGD"),
            ("USD", "USD"),
            ("Rp.", "IDR"),
            ("Rp", "IDR"),
            ("RM", "MYR"),
            ("₫", "VND"),
            ("đồng", "VND"),
            ("đ", "VND"),
            ("บาท", "THB"),
            ("฿", "THB"),
            ("₱", "PHP"),
            ("$", None),
        ),
        key=lambda item: -len(item[0]),
    )
)
_FOLDED_TOKENS = tuple((token.casefold(), token, code) for token, code in _CURRENCY_TOKENS)
_DOLLAR_CURRENCIES = frozenset({"USD", "SGD"})

# source-formats §4 rule 2: shorthand multipliers (Indonesian `rb`/`ribu`/`jt`/`juta`, Vietnamese
# `nghìn`/`ngàn`/`tr`/`triệu`, and `k`), longest first. `1tr5` and `2jt350` carry the next digits
# after the word: 1.5 and 2.35 million.
_MULTIPLIERS: tuple[tuple[str, int], ...] = (
    ("triệu", 1_000_000),
    ("nghìn", 1_000),
    ("ngàn", 1_000),
    ("ribu", 1_000),
    ("juta", 1_000_000),
    ("rb", 1_000),
    ("jt", 1_000_000),
    ("tr", 1_000_000),
    ("k", 1_000),
)
_INFIX_SHORTHAND = re.compile(
    "(?P<whole>[0-9]{1,3})(?P<word>"
    + "|".join(re.escape(word) for word, _ in _MULTIPLIERS)
    + ")(?P<rest>[0-9]{1,3})",
    re.IGNORECASE,
)
# A price per piece (`Rp89.000/pcs`) is the unit price; a price per dozen or per pack is not, so
# only these words are taken off.
_PER_PIECE = frozenset(
    {"pcs", "pc", "piece", "pieces", "unit", "units", "ea", "each", "biji", "buah", "cái", "chiếc"}
)
_MINUS_SIGNS = ("-", "−")
_NUMBER = re.compile(r"\d(?:[\d.,]*\d)?")
# More integer digits than this can be no price (PRICE_LIMIT has 16): refused before any arithmetic.
_MAX_DIGITS = 16


@dataclass(frozen=True)
class ParsedPrice:
    """A price read from a cell: the amount, and the currency the run or the cell names (if any)."""

    amount: Decimal
    currency: str | None


@dataclass(frozen=True)
class PriceProblem:
    """Why a cell is not a usable price. `code` is one of PRICE_CODES."""

    code: str
    message: str


PriceCell = str | int | float | Decimal | None


def parse_price(value: PriceCell, currency: str | None) -> ParsedPrice | PriceProblem:
    """Read a price cell. `currency` is the run's ISO code, or None when it is not known yet.

    A numeric cell is taken as the number it holds. Text is read in the style of `currency` (or
    of the currency its symbol names): in IDR/VND a single `.` or `,` before exactly three digits
    groups thousands, elsewhere a single `.` before three digits is ambiguous. Returns a
    PriceProblem for an empty, unreadable, ambiguous, zero, negative or absurdly large price, or
    one whose symbol contradicts `currency`.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return PriceProblem("price.missing", "the price is empty")
    if isinstance(value, bool):
        return PriceProblem("price.unparseable", f"{value!r} is not a price")
    if isinstance(value, int | float | Decimal):
        return _numeric_price(value, currency)
    return _text_price(value, currency)


def currency_named_in(text: str) -> str | None:
    """The ISO code a price text's symbol names (`Rp 150.000` -> IDR), or None."""
    _, named, _ = _strip_currency(_strip_per_piece(_compact(text)))
    return named


def infer_currency(values: Iterable[object]) -> str | None:
    """The one currency the price texts name, or None when they name none or several.

    Only symbols that name a single currency count (`Rp`, `₫`, `RM`, `฿`, `₱`, ISO codes); `$` and
    bare numbers say nothing, so a file of plain numbers gives None and the caller must ask.
    """
    texts = (value for value in values if isinstance(value, str) and value.strip())
    named = {currency_named_in(text) for text in texts}
    named.discard(None)
    return named.pop() if len(named) == 1 else None


# A text cell of digits and separators only names no currency: skipped without folding it.
_PLAIN_NUMBER_TEXT = re.compile(r"[0-9.,\s]*")


def count_named_currencies(values: Iterable[object]) -> tuple[Counter[str], int]:
    """How many price cells name each currency, and how many cells hold anything at all.

    A bare `$` is counted as `$` (dollars of no one country); numbers and plain digits name none.
    """
    named: Counter[str] = Counter()
    filled = 0
    for value in values:
        if value is None:
            continue
        if not isinstance(value, str):
            filled += 1
            continue
        if _PLAIN_NUMBER_TEXT.fullmatch(value):
            filled += bool(value.strip())
            continue
        filled += 1
        _, code, token = _strip_currency(_strip_per_piece(_compact(value)))
        if token:
            named[code or "$"] += 1
    return named, filled


def currency_contradiction(currency: str, named: Counter[str], filled: int) -> str | None:
    """What the price cells say against the run's `currency`, when most of them name another one.

    A few stray cells in another currency are each rejected on their own row
    (price.currency_mismatch); when more than half of the filled price cells name other currencies
    the run currency is wrong, and converting would misprice every SKU. None: no contradiction.
    """
    others = {
        code: count
        for code, count in named.items()
        if code != currency and not (code == "$" and currency in _DOLLAR_CURRENCIES)
    }
    if sum(others.values()) * 2 <= filled:
        return None
    ranked = sorted(others.items(), key=lambda item: (-item[1], item[0]))
    names = [("dollars ($)" if code == "$" else code, count) for code, count in ranked]
    said = [f"{names[0][1]:,} of {filled:,} price cells name {names[0][0]}"]
    said += [f"{count:,} name {name}" for name, count in names[1:]]
    same = named.get(currency, 0)
    said.append(f"{same:,} name {currency}" if same else f"none names {currency}")
    top = ranked[0][0]
    hint = "--currency USD or --currency SGD" if top == "$" else f"--currency {top}"
    return (
        f"{', '.join(said[:-1])} and {said[-1]}; "
        f"pass {hint} if that is the shop's currency, or correct the cells"
    )


def _numeric_price(
    value: int | float | Decimal, currency: str | None
) -> ParsedPrice | PriceProblem:
    if isinstance(value, float):
        if not math.isfinite(value):
            return PriceProblem("price.unparseable", f"{value!r} is not a price")
        # The shortest repr is the number the spreadsheet stored: `12.9`, not 12.900000000000000355.
        amount = Decimal(int(value)) if value.is_integer() else Decimal(repr(value))
    else:
        amount = Decimal(value)
    if not amount.is_finite():
        return PriceProblem("price.unparseable", f"{value} is not a price")
    return _positive(amount, currency, shown=str(value))


def _text_price(raw: str, currency: str | None) -> ParsedPrice | PriceProblem:
    shown = _clipped(raw.strip())
    lookalike = _compatibility_digit(raw)
    if lookalike is not None:
        return PriceProblem(
            "price.unparseable",
            f"{shown!r} is not a price: {lookalike!r} only looks like a digit; "
            "type the price with plain digits",
        )
    text = _compact(raw)
    negative, text = _strip_sign(text)
    text = _strip_per_piece(text)
    text = _strip_dash_suffix(text)
    text, named, token = _strip_currency(text)
    if token:
        sign_after_symbol, text = _strip_sign(text)
        negative = negative or sign_after_symbol
    mismatch = _mismatch(named, token, currency)
    if mismatch is not None:
        return PriceProblem("price.currency_mismatch", f"{shown!r} {mismatch}")
    infix = _INFIX_SHORTHAND.fullmatch(text)
    if infix is not None:
        amount: Decimal | PriceProblem = _infix_amount(infix)
    else:
        text, multiplier = _strip_multiplier(text)
        if not _NUMBER.fullmatch(text):
            return PriceProblem("price.unparseable", f"{shown!r} is not a price")
        amount = _read_number(text, currency or named)
        if isinstance(amount, PriceProblem):
            return PriceProblem(amount.code, f"{shown!r} {amount.message}")
        if amount.adjusted() >= _MAX_DIGITS:
            return PriceProblem("price.unparseable", f"{shown!r} is too large to be a price")
        if multiplier != 1:
            amount = _tidy(amount * multiplier)
    assert isinstance(amount, Decimal)
    return _positive(-amount if negative else amount, currency or named, shown=shown)


def _infix_amount(match: re.Match[str]) -> Decimal:
    """`1tr5` -> 1,500,000: the digits after the word continue the number after its point."""
    factor = dict(_MULTIPLIERS)[match["word"].casefold()]
    return _tidy(Decimal(f"{match['whole']}.{match['rest']}") * factor)


def _positive(amount: Decimal, currency: str | None, shown: str) -> ParsedPrice | PriceProblem:
    if amount <= 0:
        return PriceProblem("price.not_positive", f"{shown!r} is not a positive price")
    if amount >= PRICE_LIMIT:
        return PriceProblem("price.unparseable", f"{shown!r} is too large to be a price")
    return ParsedPrice(amount=amount, currency=currency)


def _clipped(text: str, limit: int = 40) -> str:
    """A cell as a one-line message shows it: a 300-digit cell is cut, not printed whole."""
    return text if len(text) <= limit else f"{text[: limit - 3]}..."


def _compatibility_digit(text: str) -> str | None:
    """The first character NFKC would fold into a digit that is no digit itself (`²`, `①`, `½`).

    Full-width, Arabic-Indic and Thai digits are digits (`str.isdecimal`) and stay readable.
    """
    if text.isascii():
        return None
    for char in text:
        if char.isnumeric() and not char.isdecimal():
            return char
    return None


def _strip_per_piece(text: str) -> str:
    """`89.000/pcs` or `89.000 per pcs` -> `89.000` (the text has no spaces by now); any other
    `/word` is left for the number check to refuse."""
    cut = text.rfind("/")
    if cut > 0 and text[cut + 1 :].rstrip(".").casefold() in _PER_PIECE:
        return text[:cut]
    folded = text.casefold()
    cut = folded.rfind("per")
    if cut > 0 and folded[cut + 3 :].rstrip(".") in _PER_PIECE:
        return text[:cut]
    return text


def _compact(text: str) -> str:
    """Fold full-width forms and drop every kind of space (NBSP, narrow NBSP, tabs)."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(char for char in folded if not char.isspace())


def _strip_sign(text: str) -> tuple[bool, str]:
    if text.startswith("(") and text.endswith(")"):
        return True, text[1:-1]
    if text.startswith(_MINUS_SIGNS):
        return True, text[1:]
    return False, text


def _strip_dash_suffix(text: str) -> str:
    # `Rp 25.000,-`: the Indonesian way of writing "no cents".
    for suffix in (",-", ".-"):
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return text


def _strip_currency(text: str) -> tuple[str, str | None, str]:
    """Remove one currency token at the start or the end: (rest, currency it names, token)."""
    if text[:1].isdigit() and text[-1:].isdigit():
        return text, None, ""
    folded = text.casefold()
    for key, token, code in _FOLDED_TOKENS:
        if folded.startswith(key):
            return text[len(token) :], code, token
        if folded.endswith(key):
            return text[: -len(token)], code, token
    return text, None, ""


def _mismatch(named: str | None, token: str, currency: str | None) -> str | None:
    if not token or currency is None:
        return None
    if named is None:  # a bare `$`
        if currency in _DOLLAR_CURRENCIES:
            return None
        return f"is in dollars, but the run's currency is {currency}"
    if named != currency:
        return f"is in {named}, but the run's currency is {currency}"
    return None


def _strip_multiplier(text: str) -> tuple[str, int]:
    folded = text.casefold()
    for suffix, factor in _MULTIPLIERS:
        if folded.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)], factor
    return text, 1


def _read_number(text: str, currency: str | None) -> Decimal | PriceProblem:
    """Digits with `.`/`,` separators -> Decimal, by source-formats §4 rules 3-5."""
    separators = {char for char in text if char in ".,"}
    if not separators:
        return Decimal(text)
    if len(separators) == 2:
        return _both_separators(text)
    separator = separators.pop()
    parts = text.split(separator)
    if len(parts) > 2:  # a repeated separator can only group thousands
        return _grouped(parts) or PriceProblem("price.unparseable", "has misplaced separators")
    whole, fraction = parts
    if len(fraction) != 3:
        return Decimal(f"{whole}.{fraction}")
    grouped = _grouped(parts)
    if grouped is None:  # `0.500`, `1234.567`: only the decimal reading is possible
        return Decimal(f"{whole}.{fraction}")
    if currency in DOT_GROUPING_CURRENCIES or (currency is not None and separator == ","):
        return grouped
    if currency is None:
        return PriceProblem("price.ambiguous", "could be a decimal or a thousands group")
    as_decimal = Decimal(f"{whole}.{fraction}").normalize()
    return PriceProblem(
        "price.ambiguous",
        f"could be {as_decimal} or {grouped} {currency}: write it with two decimals",
    )


def _both_separators(text: str) -> Decimal | PriceProblem:
    # source-formats §4 rule 3: with both `.` and `,`, the last one is the decimal separator.
    cut = max(text.rfind("."), text.rfind(","))
    decimal_mark = text[cut]
    whole, fraction = text[:cut], text[cut + 1 :]
    if decimal_mark in whole:
        return PriceProblem("price.unparseable", "has misplaced separators")
    group_mark = "," if decimal_mark == "." else "."
    grouped = _grouped(whole.split(group_mark))
    if grouped is None:
        return PriceProblem("price.unparseable", "has misplaced separators")
    return Decimal(f"{grouped}.{fraction}")


def _grouped(groups: list[str]) -> Decimal | None:
    """`["1", "234", "567"]` -> 1234567 when the groups are valid thousands groups, else None."""
    first, rest = groups[0], groups[1:]
    if not 1 <= len(first) <= 3 or first.startswith("0") or any(len(group) != 3 for group in rest):
        return None
    return Decimal("".join(groups))


def _tidy(amount: Decimal) -> Decimal:
    """`1.5` x 1,000,000 is shown as 1500000, not 1500000.0."""
    if amount == amount.to_integral_value():
        return amount.quantize(Decimal(1))
    return amount.normalize()
