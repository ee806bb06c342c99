"""Amazon Business: the Business Price / Quantity file (quantity discounts for business buyers).

Amazon takes the B2B prices of existing offers in a file of their own (target-formats §2.5: some
listing templates refuse these headers, so the dedicated Business Price/Quantity file is used).
It is tab-separated text, UTF-8, one row per SKU, with the feed keys as headers
(more-targets.md §2.4, target-formats §2.5), in this order:
`sku`, `business_price`, `quantity_price_type`, `quantity_lower_bound1` ... `quantity_lower_bound5`,
`quantity_price1` ... `quantity_price5`.

- `sku`: the seller SKU (else the SKU id): the offer must already exist under it.
- `business_price`: the SKU's wholesale unit price (the listing's first-tier price), converted to
  the run's currency. Amazon deactivates a business price above the standard price (§2.5): a SKU
  whose business price is above its retail price is an error (`price.above_standard`).
- `quantity_price_type`: `fixed` when the SKU has quantity prices (QUANTITY_PRICE_TYPE).
- `quantity_lower_bound<N>` / `quantity_price<N>`: the ladder's tiers after the first (the first
  is the business price itself), at most 5, each price lower than the one before and the first
  below the business price (§2.5). `prepare` drops the tiers that break this, with a warning
  (`tiers.dropped`). A listing priced per SKU has none.

The file has no minimum order quantity: Amazon sells from one unit, at the business price.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from catalog_migrate.model import Issue, Money, PriceTier, WholesaleListing, error, warning
from catalog_migrate.spreadsheet.csv_stream import CsvCell, CsvStream, csv_field, csv_stream
from catalog_migrate.targets.base import WriteContext, channel_limits, same_money, url_images
from catalog_migrate.targets.fitting import FittingTarget, fit_listing
from catalog_migrate.targets.listing_parts import in_currency, issue_at, sku_label

CODES: dict[str, str] = {
    "sku.missing": "the SKU has neither a seller SKU nor a SKU id; Amazon finds the offer by its "
    "SKU, so it is left out",
    "price.above_standard": "a SKU's business price is above its retail (standard) price, which "
    "Amazon deactivates; the SKU is left out",
    "sku.formula_guarded": "the SKU starts with =, +, -, @, a tab or CR, so the file writes it "
    "with a leading apostrophe (a spreadsheet would run it); Amazon matches SKUs exactly: "
    "check the offer's SKU before uploading (warning)",
    "tiers.dropped": "a quantity tier was left out: its quantity is not above the tier before, "
    "its price is not below the one before (the first: below the business price), or it is past "
    "the 5 Amazon takes (warning)",
}

TIERS_MAX = 5  # §2.5: up to 5 quantity tiers
QUANTITY_PRICE_TYPE = "fixed"  # §2.5: fixed or percent
ENCODING = "utf-8"  # [I]
DELIMITER = "\t"
HEADERS: tuple[str, ...] = (
    "sku",
    "business_price",
    "quantity_price_type",
    *(f"quantity_lower_bound{n}" for n in range(1, TIERS_MAX + 1)),
    *(f"quantity_price{n}" for n in range(1, TIERS_MAX + 1)),
)


def quantity_tiers(listing: WholesaleListing) -> list[PriceTier]:
    """The tiers written as quantity prices: the ladder's after the first."""
    return listing.tiers[1:] if listing.pricing_mode == "ladder" else []


def fit_tiers(listing: WholesaleListing) -> tuple[WholesaleListing, list[Issue]]:
    """Keep the tiers Amazon takes: rising quantities, falling prices below every SKU's business
    price, at most 5 after the first tier."""
    later = quantity_tiers(listing)
    if not later:
        return listing, []
    ceiling = min((sku.price.amount for sku in listing.skus), default=listing.tiers[0].price.amount)
    kept: list[PriceTier] = []
    dropped: list[tuple[PriceTier, str]] = []
    last_quantity = listing.tiers[0].min_quantity
    for tier in later:
        price_limit = kept[-1].price.amount if kept else ceiling
        if len(kept) == TIERS_MAX:
            dropped.append((tier, f"Amazon takes {TIERS_MAX} quantity prices"))
        elif tier.min_quantity <= last_quantity:
            dropped.append((tier, f"its quantity is not above {last_quantity}"))
        elif tier.price.amount >= price_limit:
            before = "the tier before" if kept else "the business price"
            dropped.append((tier, f"its price is not below {before} ({price_limit})"))
        else:
            kept.append(tier)
            last_quantity = tier.min_quantity
    if not dropped:
        return listing, []
    issues = [
        warning(
            "tiers.dropped",
            f"the tier from {tier.min_quantity} units at {tier.price.amount} "
            f"{tier.price.currency} was left out: {why}",
            **issue_at(listing, "tiers"),
        )
        for tier, why in dropped
    ]
    return listing.model_copy(update={"tiers": [listing.tiers[0], *kept]}), issues


def check_standard_price(
    listing: WholesaleListing, convert: Callable[[Money], Money] = same_money
) -> Iterator[Issue]:
    """§2.5: business price <= standard price. `convert` brings the retail price (in the shop's
    currency) into the listing's; without one, only prices in one currency are compared."""
    for sku in listing.skus:
        retail = convert(sku.retail_price)
        if retail.currency == sku.price.currency and sku.price.amount > retail.amount:
            label = sku_label(sku)
            yield error(
                "price.above_standard",
                f"SKU {label}: business price {sku.price.amount} {sku.price.currency} is above "
                f"its retail price {retail.amount} {retail.currency}; Amazon deactivates it",
                product_key=listing.source_product_id,
                sku=label,
                field="price",
                source_row=sku.source_row,
            )


def check_skus(listing: WholesaleListing) -> Iterator[Issue]:
    for sku in listing.skus:
        if not (sku.seller_sku or sku.source_sku_id):
            yield error(
                "sku.missing",
                f"the SKU of row {sku.source_row} has no seller SKU or SKU id; Amazon finds "
                "offers by SKU",
                product_key=listing.source_product_id,
                sku=f"row {sku.source_row}",
                field="seller_sku",
                source_row=sku.source_row,
            )
            continue
        code = sku.seller_sku or sku.source_sku_id or ""
        written = csv_field(code)
        if written != code:
            yield warning(
                "sku.formula_guarded",
                f"the SKU {code!r} is written as {written!r}, so that a spreadsheet shows it "
                "as text; Amazon finds the offer by its exact SKU",
                product_key=listing.source_product_id,
                sku=code,
                field="seller_sku",
                source_row=sku.source_row,
            )


class AmazonBusinessWriter:
    def __init__(self, rows: CsvStream, context: WriteContext) -> None:
        self._rows = rows
        self._context = context
        rows.header(HEADERS)

    def write(self, listing: WholesaleListing) -> None:
        tiers = quantity_tiers(listing)
        if len(tiers) > TIERS_MAX:
            raise ValueError(f"{listing.source_product_id}: too many quantity tiers to write")
        bounds: list[CsvCell] = [tier.min_quantity for tier in tiers]
        prices: list[CsvCell] = [in_currency(self._context, tier.price) for tier in tiers]
        padding: list[CsvCell] = [None] * (TIERS_MAX - len(tiers))
        for sku in listing.skus:
            self._rows.append(
                [
                    sku.seller_sku or sku.source_sku_id,
                    in_currency(self._context, sku.price),
                    QUANTITY_PRICE_TYPE if tiers else None,
                    *bounds,
                    *padding,
                    *prices,
                    *padding,
                ]
            )


class AmazonBusinessTarget(FittingTarget):
    name = "amazon-business"
    description = "Amazon Business: Business Price / Quantity file (.txt), quantity prices per SKU"
    suffix = ".txt"
    currency = "USD"  # the marketplace's currency (amazon.com)
    store_currency = False
    buyer_language = "en"
    codes: Mapping[str, str] = CODES
    # Its quantity tiers are fitted by its own rule (`fit_tiers`, with `tiers.dropped`).
    limits = channel_limits("Amazon Business")
    columns: Mapping[str, tuple[str, ...]] = {"<stem>.amazon-business.txt": HEADERS}
    # The file carries no image: the offers exist already.
    images = url_images(max_count=0, min_count=0, max_mb=10)

    def check(self, listing: WholesaleListing) -> list[Issue]:
        return self.prepare(listing)[1]

    def prepare(
        self, listing: WholesaleListing, convert: Callable[[Money], Money] = same_money
    ) -> tuple[WholesaleListing, list[Issue]]:
        """`convert` (optional) turns a retail price into the listing's currency."""
        # The file carries no image: none is cut.
        fitted, notes = fit_listing(listing, self.limits, len(listing.images))
        fitted, issues = fit_tiers(fitted)
        return fitted, [
            *notes,
            *issues,
            *check_skus(fitted),
            *check_standard_price(fitted, convert),
        ]

    @contextmanager
    def open_writer(
        self, paths: Sequence[Path], context: WriteContext | None = None
    ) -> Iterator[AmazonBusinessWriter]:
        (path,) = paths
        with csv_stream(path, encoding=ENCODING, delimiter=DELIMITER) as rows:
            yield AmazonBusinessWriter(rows, context or WriteContext(self.currency))
