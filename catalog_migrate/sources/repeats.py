"""Ids that a file repeats: a SKU id on two rows, or one seller SKU on two SKUs.

Found once per file, over the rows in file order, so the row named as the repeat is always the
later one, whichever products the two rows belong to.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from catalog_migrate.model import Issue, error, warning

CODES: dict[str, str] = {
    "id.duplicate": (
        "a SKU id is on an earlier row too, in the same product or another; the later SKU is "
        "left out"
    ),
    "seller_sku.duplicate": (
        "a seller SKU is on an earlier row too; both SKUs are kept, but the target keys SKUs by "
        "it: change one (warning)"
    ),
}


def later_repeats(
    values: Iterable[tuple[int, str | None]], usable: Callable[[int], bool] | None = None
) -> dict[int, int]:
    """row -> the first row holding the same value, for every later row that repeats it.

    `values` are (row, value) in file order, as the cells show them; an empty value repeats
    nothing. `usable(row)`, asked only of the rows found, drops pairs whose value cannot be
    trusted (an id that went through a float): checking every row that way would cost each row.
    """
    first: dict[str, int] = {}
    repeats: dict[int, int] = {}
    for row, value in values:
        if not value:
            continue
        earlier = first.setdefault(value, row)
        if earlier != row:
            repeats[row] = earlier
    if usable is None or not repeats:
        return repeats
    return {row: earlier for row, earlier in repeats.items() if usable(row) and usable(earlier)}


def duplicate_sku_id(sku_id: str, earlier: int, **where: object) -> Issue:
    return error(
        "id.duplicate",
        f"sku_id {sku_id} is also on row {earlier}; a SKU id names one SKU, so this one is "
        "left out: fix the id or remove the row",
        field="sku_id",
        **where,
    )


def duplicate_seller_sku(seller_sku: str, earlier: int, row: int, **where: object) -> Issue:
    return warning(
        "seller_sku.duplicate",
        f"seller SKU {seller_sku} is on rows {earlier} and {row}; the target keys SKUs by it, so "
        "change one of them before upload",
        field="seller_sku",
        source_row=row,
        **where,
    )
