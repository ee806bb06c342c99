"""Listings, exchange rates and file readers shared by the tests of the channel targets."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from alibaba_listings import make_listing, usd

from catalog_migrate.model import Money, PriceTier, WholesaleListing, WholesaleSku
from catalog_migrate.spreadsheet.formula_guard import restore_formula_text
from catalog_migrate.targets import get_target
from catalog_migrate.targets.base import WriteContext

# Units of each currency per US dollar, as the profile's [fx] rates.
RATES = {"USD": Decimal(1), "IDR": Decimal(16250), "EUR": Decimal("0.92"), "MYR": Decimal("4.20")}

HOSTILE = (
    "=cmd|' /C calc'!A0",
    "+KPS-1",
    "-1",
    "@SUM(A1)",
    'say "hi", then; go\tnow',
    "line one\nline two",
    "Kaos Polos Wanita 🔥 ñ 漢字",
)


def idr(amount: str) -> Money:
    return Money(amount=Decimal(amount), currency="IDR")


def converter(currency: str) -> Callable[[Money], Money]:
    """The run's conversion into `currency` through US dollars, rounded to the cent."""

    def convert(money: Money) -> Money:
        amount = money.amount / RATES[money.currency] * RATES[currency]
        return Money(
            amount=amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), currency=currency
        )

    return convert


def context(currency: str = "USD") -> WriteContext:
    return WriteContext(currency, converter(currency))


def sku(number: int, **changes: Any) -> WholesaleSku:
    fields: dict[str, Any] = {
        "source_sku_id": f"172958293716283940{number}",
        "seller_sku": f"DRS-{number}",
        "options": {"Color": ("Red", "Blue", "Green")[number % 3], "Size": "M"},
        "price": usd("4.60"),
        "retail_price": idr("149500"),  # 9.20 USD: wholesale is half of it (keystone)
        "quantity": 40,
        "image": None,
        "source_row": 5 + number,
    }
    fields.update(changes)
    return WholesaleSku(**fields)


def channel_listing(**changes: Any) -> WholesaleListing:
    """A dress in two colours, retail Rp 149.500, a 4-tier USD ladder from MOQ 10."""
    fields: dict[str, Any] = {
        "tiers": [
            PriceTier(min_quantity=10, price=usd("4.60")),
            PriceTier(min_quantity=50, price=usd("4.37")),
            PriceTier(min_quantity=200, price=usd("4.14")),
            PriceTier(min_quantity=500, price=usd("3.91")),
        ],
        "skus": [sku(1, image="https://img.example/red.jpg"), sku(2, quantity=0)],
    }
    fields.update(changes)
    return make_listing(**fields)


def write_target(
    name: str,
    folder: Path,
    listings: Iterable[WholesaleListing],
    run_context: WriteContext | None = None,
) -> tuple[Path, ...]:
    """Prepare and write the listings as the run does; the paths the target wrote."""
    target = get_target(name)
    paths = target.outputs(folder / f"shop.{name}{target.suffix}")
    with target.open_writer(paths, run_context or context()) as writer:
        for listing in listings:
            fitted, _ = target.prepare(listing)
            writer.write(fitted)
    return paths


def read_csv(path: Path, *, encoding: str = "utf-8", delimiter: str = ",") -> list[list[str]]:
    """Every row as written, guarding apostrophes kept."""
    with path.open(encoding=encoding, newline="") as handle:
        return list(csv.reader(handle, delimiter=delimiter))


def csv_records(
    path: Path, *, encoding: str = "utf-8", delimiter: str = ","
) -> list[dict[str, str]]:
    """The data rows by header, with the formula guard taken off as a spreadsheet would show."""
    header, *rows = read_csv(path, encoding=encoding, delimiter=delimiter)
    return [
        {name: restore_formula_text(value) for name, value in zip(header, row, strict=True)}
        for row in rows
    ]


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [json.loads(line) for line in handle]
