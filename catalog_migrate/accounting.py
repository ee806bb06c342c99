"""Every SKU row read is converted, rejected with a reason, or skipped by review: checked per row.

The ledger does not derive the rejected count from the others. It records which source rows were
written, which were skipped, and which an error Issue explains; a row in none of these is a SKU the
run lost, and `check()` stops the run with an internal error naming those rows.

A SKU read is a non-empty row from the source's first data row on: the sources turn every one of
them into a variant or an error naming its row. Rows a source skips as its template's
instructions are header rows, not SKUs; the source names each in a `row.instruction_skipped`
warning, which is not counted here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from catalog_migrate.errors import AccountingError
from catalog_migrate.model import Issue, RetailProduct, WholesaleListing
from catalog_migrate.report import RunReport


@dataclass
class Ledger:
    products_read: int = 0
    products_converted: int = 0
    products_rejected: int = 0
    products_skipped: int = 0
    skus_read: int = 0
    skus_converted: int = 0
    skus_rejected: int = 0
    skus_skipped: int = 0
    currency: str | None = None
    lost_rows: list[int] = field(default_factory=list)

    def record_bare_issue(self, issue: Issue) -> None:
        """A source issue outside any product: an error with a row is one ungroupable SKU row."""
        if issue.is_error and issue.source_row is not None:
            self.products_read += 1
            self.products_rejected += 1
            self.skus_read += 1
            self.skus_rejected += 1

    def record_skipped(self, product: RetailProduct) -> None:
        rows = _rows_of(product)
        self.products_read += 1
        self.products_skipped += 1
        self.skus_read += len(rows)
        self.skus_skipped += len(rows)

    def record(
        self, product: RetailProduct, listing: WholesaleListing | None, issues: Sequence[Issue]
    ) -> None:
        written = {sku.source_row for sku in listing.skus} if listing is not None else set()
        self.record_rows(product, written, issues, whole_product=listing is None)

    def record_rows(
        self,
        product: RetailProduct,
        written: set[int],
        issues: Sequence[Issue],
        *,
        whole_product: bool,
    ) -> None:
        """A product whose SKU rows `written` were written (by any target, for a run with
        several); `whole_product`: none was, so an error naming the product explains each row."""
        rows = _rows_of(product)
        self.products_read += 1
        self.skus_read += len(rows)
        if self.currency is None and product.variants:
            self.currency = product.variants[0].price.currency
        errors = [issue for issue in issues if issue.is_error]
        explained = {issue.source_row for issue in errors}
        whole_product_error = whole_product and any(
            issue.sku is None and issue.product_key == product.key for issue in errors
        )
        for row in rows:
            if row in written:
                self.skus_converted += 1
            elif row in explained or whole_product_error:
                self.skus_rejected += 1
            else:
                self.lost_rows.append(row)
        if written:
            self.products_converted += 1
        else:
            self.products_rejected += 1

    def check(self) -> None:
        accounted = self.skus_converted + self.skus_rejected + self.skus_skipped
        if self.lost_rows or accounted != self.skus_read:
            rows = ", ".join(str(row) for row in sorted(self.lost_rows)[:20]) or "unknown"
            raise AccountingError(
                f"internal error: {self.skus_read - accounted} SKU row(s) were neither converted "
                f"nor rejected (source rows {rows}); no output was kept. Please report this with "
                "the input file."
            )
        products = self.products_converted + self.products_rejected + self.products_skipped
        if products != self.products_read:
            raise AccountingError(
                f"internal error: {self.products_read - products} product(s) unaccounted for; "
                "no output was kept"
            )

    def fill(self, report: RunReport) -> None:
        report.products_read = self.products_read
        report.skus_read = self.skus_read
        report.products_converted = self.products_converted
        report.skus_converted = self.skus_converted
        report.products_rejected = self.products_rejected
        report.skus_rejected = self.skus_rejected
        report.products_skipped_by_review = self.products_skipped
        report.skus_skipped_by_review = self.skus_skipped


def _rows_of(product: RetailProduct) -> list[int]:
    rows = {variant.source_row for variant in product.variants}
    rows.update(issue.source_row for issue in product.rejected if issue.source_row is not None)
    return sorted(rows)
