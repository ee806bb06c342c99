"""How single TikTok Shop cells are read: brand, category, stock, parcel measures, product keys."""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from catalog_migrate.model import Issue, warning
from catalog_migrate.money import ParsedPrice, PriceProblem, parse_price
from catalog_migrate.spreadsheet.reading import Cell, cell_text


@dataclass(frozen=True)
class Invalid:
    """A cell that holds something, but not a usable value; `reason` completes "the cell ..."."""

    reason: str


# source-formats §1.1, §5: blank, `No brand` or its local forms mean no brand.
NO_BRAND = frozenset(
    {
        "no brand",
        "nobrand",
        "no-brand",
        "none",
        "n/a",
        "-",
        "tidak ada merek",
        "tanpa merek",
        "无品牌",
        "ไม่มีแบรนด์",
        "không thương hiệu",
        "không có thương hiệu",
    }
)
_BRAND_WITH_ID = re.compile(r"^(?P<name>.+?)(?<!\s)\s*\(\s*\d+\s*\)$")  # 2024+: `Name (0123327)`
_BRAND_SLASH_ID = re.compile(r"^(?P<name>.+?)(?<!\s)\s*/\s*\d+$")  # 2023: `ORAIMO/0123327`

GRAMS_PER = {
    "g": Decimal(1),
    "kg": Decimal(1000),
    "lb": Decimal("453.59237"),
    "oz": Decimal("28.349523125"),
}
CM_PER = {"cm": Decimal(1), "mm": Decimal("0.1"), "m": Decimal(100), "inch": Decimal("2.54")}
_CONVERTED_PLACES = Decimal("0.01")
# A parcel of a million tonnes or ten thousand km is a broken cell, and would overflow Decimal's 28
# digits when mapping rounds it to kg or cm.
MEASURE_LIMIT = Decimal(10) ** 12


def clean_brand(text: str) -> str | None:
    """`Vivienne Westwood (0123327)` -> `Vivienne Westwood`; `No brand` (any language) -> None."""
    brand = " ".join(text.split())
    if not brand or brand.casefold() in NO_BRAND:
        return None
    for pattern in (_BRAND_WITH_ID, _BRAND_SLASH_ID):
        match = pattern.match(brand)
        if match:
            brand = match.group("name").strip()
            break
    return None if brand.casefold() in NO_BRAND else brand


def clean_category(text: str) -> str | None:
    """The category path as given, with a leading TikTok category id dropped.

    The 2023 template wrote `0123345/Decorative Lights` (id/name, source-formats §1.1). The id is
    of no use to a B2B category map, which is keyed by names, so `Decorative Lights` is kept.
    """
    parts = [" ".join(part.split()) for part in text.split("/")]
    if len(parts) > 1 and parts[0].isdigit():
        parts = parts[1:]
    path = "/".join(part for part in parts if part)
    return path or None


def product_key(category: str | None, name: str) -> str:
    """A stable key for a product without a product id: a short hash of category and name.

    The same (category, name) gives the same key in every run and after rows are added, removed
    or reordered, so review decisions stay attached to the product.
    """
    text = f"{_fold(category or '')}|{_fold(name)}"
    return "tt-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


# What a spreadsheet shows in a cell whose formula failed; a CSV or a text cell keeps the text.
SPREADSHEET_ERRORS = frozenset(
    {
        "#DIV/0!",
        "#N/A",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#NULL!",
        "#SPILL!",
        "#CALC!",
        "#GETTING_DATA",
        "#ERROR!",
    }
)


def spreadsheet_error(value: Cell) -> str | None:
    """The error literal a cell holds (`#DIV/0!`, `#N/A`, ...), or None."""
    if not isinstance(value, str) or not value.startswith(("#", " ")):
        return None
    text = value.strip().upper()
    return text if text in SPREADSHEET_ERRORS else None


def read_price(value: Cell, currency: str) -> ParsedPrice | PriceProblem:
    """A price cell, where a spreadsheet error is named as one rather than read as text."""
    failed = spreadsheet_error(value)
    if failed is not None:
        return PriceProblem("price.unparseable", f"{failed!r} is a spreadsheet error, not a price")
    return parse_price(value, currency)


_GROUPED_INTEGER = re.compile(r"\d{1,3}(,\d{3})+")
# No shop holds a billion of one SKU: a larger stock is a broken cell (a float such as `1E+20`,
# digits pasted twice), and would be written as a float by a spreadsheet.
STOCK_LIMIT = 10**9


def parse_quantity(value: Cell) -> int | Invalid | None:
    """A stock cell: a whole number from 0 to below STOCK_LIMIT, empty (None), or Invalid.

    Digits of any script read as digits (`１２`, `١٢`, `๑๒`), but not compatibility forms such as
    `²` or `①`, which are not numbers a seller typed as a stock.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return Invalid(f"holds {cell_text(value)}, not a whole number")
    if (failed := spreadsheet_error(value)) is not None:
        return Invalid(f"holds {failed!r}, a spreadsheet error, not a stock")
    if isinstance(value, int | float):
        if not math.isfinite(value) or not float(value).is_integer():
            return Invalid(f"holds {cell_text(value)}, not a whole number")
        number = int(value)
    else:
        text = value.strip()
        if len(text) > _STOCK_DIGITS + 4:  # longer than any stock, even with separators
            return Invalid(f"holds {_brief(text)}, too large for a stock")
        if text.isdecimal():  # not isdigit(): that admits `²` and `①`, which int() refuses
            number = int(text)
        elif _GROUPED_INTEGER.fullmatch(text):
            number = int(text.replace(",", ""))
        else:
            return Invalid(f"holds {_shown(text)}, not a whole number")
    if number < 0:
        return Invalid(f"holds {number}, a negative stock")
    if number >= STOCK_LIMIT:
        return Invalid(f"holds {_brief(cell_text(value))}, too large for a stock")
    return number


_STOCK_DIGITS = len(str(STOCK_LIMIT))


def _brief(text: str) -> str:
    """A cell's text cut to its first characters: a 300-digit cell is named, not printed."""
    return text if len(text) <= 24 else text[:23] + "…"


def _shown(text: str) -> str:
    return repr(_brief(text))


def parse_measure(value: Cell, unit: str, per_unit: dict[str, Decimal]) -> Decimal | Invalid | None:
    """A parcel weight or size in `unit`, converted with `per_unit` (GRAMS_PER or CM_PER).

    Converted values are rounded to 0.01 g or cm; values already in g or cm are kept exactly.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if (failed := spreadsheet_error(value)) is not None:
        return Invalid(f"holds {failed!r}, a spreadsheet error, not a number")
    amount = _decimal(value)
    if amount is None:
        return Invalid(f"holds {_shown(cell_text(value))}, not a number")
    if amount <= 0:
        return Invalid(f"holds {cell_text(value)}, not a positive size")
    factor = per_unit[unit]
    if amount * factor >= MEASURE_LIMIT:
        return Invalid(f"holds {_brief(cell_text(value))}, too large for a parcel")
    if factor == 1:
        return amount
    return (amount * factor).quantize(_CONVERTED_PLACES, rounding=ROUND_HALF_UP)


def _decimal(value: Cell) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return Decimal(int(value)) if value.is_integer() else Decimal(repr(value))
    if isinstance(value, int):
        return Decimal(value)
    text = "".join(value.split())
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")  # `1,5` kg in a comma-decimal locale
    if not re.fullmatch(r"\d+(\.\d+)?", text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def axis_name(
    given: Sequence[str],
    number: int,
    taken: Collection[str],
    *,
    product_key: str,
    source_row: int,
    field: str,
) -> tuple[str, Issue | None]:
    """The name of variation axis `number` from the names its rows give it.

    Rows that disagree get the first name and a `variation.name_mismatch` warning; an axis with
    no name is `Variation N`; a name another axis already has gets its number appended.
    """
    distinct = list(dict.fromkeys(name for name in given if name))
    name = distinct[0] if distinct else f"Variation {number}"
    if name in taken:
        name = f"{name} {number}"
    if len(distinct) < 2:
        return name, None
    return name, warning(
        "variation.name_mismatch",
        f"the rows name variation {number} differently ({', '.join(distinct)}); "
        f"{distinct[0]!r} is used",
        product_key=product_key,
        source_row=source_row,
        field=field,
    )


def is_url(text: str) -> bool:
    return text.startswith(("http://", "https://", "//"))
