"""The run's currency, checked against the whole file before anything is read into products.

Two mistakes would otherwise misprice a whole catalog or fail it product by product: a
`--currency`/`--region` that most price cells contradict (`--currency IDR` on a Malaysian file turns
a RM 89 T-shirt into Rp 89), and a currency without an exchange rate. Both stop the run with one
line before the first row is written. The check counts the price cells of the sheet the source
will read anyway, so the file is read once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from catalog_migrate.errors import UserError
from catalog_migrate.money import (
    count_named_currencies,
    currency_contradiction,
    missing_rate_message,
)
from catalog_migrate.profile import Profile
from catalog_migrate.sources.base import ColumnMap, Source
from catalog_migrate.spreadsheet.reading import Cell, SheetData


@runtime_checkable
class _MapsColumns(Protocol):
    def column_map(self, rows: Sequence[Sequence[Cell]]) -> ColumnMap | None: ...


def check_run_currency(
    source: Source, sheet: SheetData, currency: str | None, given_as: str, profile: Profile
) -> None:
    """Raise UserError when `currency` (or, when None, the one the cells name) cannot be used.

    `given_as` says where the run currency came from, for the message (`--currency IDR`).
    """
    prices = _price_cells(source, sheet)
    named, filled = count_named_currencies(prices)
    if currency is None:
        codes = [code for code in named if code != "$"]
        if len(codes) != 1:
            return  # the source asks for --currency itself, naming what it found
        _require_rate(codes[0], profile)
        return
    _require_rate(currency, profile)
    contradiction = currency_contradiction(currency, named, filled)
    if contradiction is not None:
        raise UserError(
            f"{given_as} contradicts the prices in {sheet.file_name}: {contradiction}",
            code="currency.contradicted",
        )


def _require_rate(currency: str, profile: Profile) -> None:
    target = profile.pricing.currency
    if currency == target:
        return
    for code in sorted({currency, target} - {"USD"}):
        if code not in profile.fx.rates:
            raise UserError(missing_rate_message(code), code="fx.missing_rate")


def _price_cells(source: Source, sheet: SheetData) -> list[Cell]:
    found = source.column_map(sheet.rows) if isinstance(source, _MapsColumns) else None
    if found is None or "price" not in found.columns:
        return []  # the source refuses such a sheet with its own message
    index = found.columns["price"][0]
    return [row[index] for row in sheet.rows[found.data_start :] if index < len(row)]
