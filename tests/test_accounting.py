from decimal import Decimal

import pytest

from catalog_migrate.accounting import Ledger
from catalog_migrate.errors import AccountingError
from catalog_migrate.model import (
    Money,
    RetailProduct,
    RetailVariant,
    WholesaleListing,
    WholesaleSku,
    error,
)
from catalog_migrate.report import RunReport

IDR = "IDR"


def _product(rows: list[int], rejected_rows: tuple[int, ...] = ()) -> RetailProduct:
    variants = [
        RetailVariant(
            seller_sku=f"S{row}", price=Money(amount=Decimal(89000), currency=IDR), source_row=row
        )
        for row in rows
    ]
    rejected = [
        error("price.unparseable", "price 'Rp ??' is not a price", product_key="P1", source_row=row)
        for row in rejected_rows
    ]
    return RetailProduct(
        key="P1", title="Kaos", variants=variants, rejected=rejected, source_rows=rows
    )


def _listing(rows: list[int]) -> WholesaleListing:
    skus = [
        WholesaleSku(
            seller_sku=f"S{row}",
            price=Money(amount=Decimal("2.74"), currency="USD"),
            retail_price=Money(amount=Decimal(89000), currency=IDR),
            source_row=row,
        )
        for row in rows
    ]
    return WholesaleListing(source_product_id="P1", title="Kaos", moq=50, skus=skus)


def test_written_and_source_rejected_rows_are_counted_once() -> None:
    ledger = Ledger()
    product = _product([6, 7], rejected_rows=(8,))
    ledger.record(product, _listing([6, 7]), product.rejected)
    ledger.check()
    report = RunReport(input="x", format="f", target="t", currency=IDR, profile="default")
    ledger.fill(report)
    assert (report.skus_read, report.skus_converted, report.skus_rejected) == (3, 2, 1)
    assert (report.products_read, report.products_converted, report.products_rejected) == (1, 1, 0)
    assert report.exit_code == 1


def test_a_row_dropped_without_an_error_is_an_internal_error_naming_it() -> None:
    ledger = Ledger()
    ledger.record(_product([6, 7, 9]), _listing([6]), [])
    with pytest.raises(
        AccountingError,
        match=r"2 SKU row\(s\) were neither converted nor rejected \(source rows 7, 9\)",
    ):
        ledger.check()


def test_a_product_level_error_rejects_every_row_of_the_product() -> None:
    ledger = Ledger()
    product = _product([6, 7])
    ledger.record(
        product, None, [error("title.empty", "no title left", product_key="P1", source_row=6)]
    )
    ledger.check()
    assert (ledger.skus_rejected, ledger.products_rejected) == (2, 1)


def test_a_listing_dropped_without_any_error_is_caught() -> None:
    ledger = Ledger()
    ledger.record(_product([6]), None, [])
    with pytest.raises(AccountingError):
        ledger.check()


def test_skipped_products_count_as_skipped_not_rejected() -> None:
    ledger = Ledger()
    ledger.record_skipped(_product([6, 7]))
    ledger.check()
    assert (ledger.products_skipped, ledger.skus_skipped, ledger.skus_rejected) == (1, 2, 0)


def test_an_ungroupable_row_counts_as_one_product_and_one_sku_rejected() -> None:
    ledger = Ledger()
    ledger.record_bare_issue(error("row.no_title", "row has no product name", source_row=12))
    ledger.check()
    assert (
        ledger.products_read,
        ledger.products_rejected,
        ledger.skus_read,
        ledger.skus_rejected,
    ) == (1, 1, 1, 1)
