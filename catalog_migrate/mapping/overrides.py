"""The seller's review overrides, laid over a mapped listing.

Each set value replaces the mapped one and records its provenance as `review`. Two values hang
together on Alibaba's ladder (its first tier starts at the MOQ, target-formats §5), so:

- a new MOQ without new tiers starts the ladder at the MOQ, at the price the old ladder charged
  for that quantity (its first price when the MOQ is lower), and keeps the old tiers above it;
- new tiers without a new MOQ set the MOQ to the first tier's quantity;
- the SKU prices follow the first tier's price (target-formats §1.2: a listing is priced by a
  ladder or by SKU prices, never both, so they must not disagree): in `ladder` mode every SKU
  costs the first tier's price; in `sku` mode each SKU price moves in proportion, and a ladder
  typed for such a listing keeps only its first tier (a warning says so).

Whether the result is valid is for the target's rules to say, as for any mapped listing.
"""

from __future__ import annotations

from decimal import Decimal

from catalog_migrate.mapping.notes import Notes
from catalog_migrate.mapping.packaging import lead_times
from catalog_migrate.model import (
    REVIEW_PREFIX,
    Issue,
    Money,
    Overrides,
    PriceTier,
    Provenance,
    WholesaleListing,
    WholesaleSku,
    error,
    warning,
)
from catalog_migrate.money import CENT, round_money
from catalog_migrate.profile import Profile

RULE = f"{REVIEW_PREFIX} set by the seller"

CODES = {
    "review.invalid": "a value set in review cannot be used (an empty title, an MOQ below 1, a "
    "tier without a positive quantity and price); the mapped value was kept",
    "review.ladder_not_used": "the listing's SKUs differ in price, so it is priced per SKU: only "
    "the first tier of the seller's ladder (MOQ and price) was used (warning)",
}


def apply_overrides(
    listing: WholesaleListing, overrides: Overrides, profile: Profile
) -> tuple[WholesaleListing, list[Issue]]:
    """The listing with the seller's values in place, and errors for values that cannot be used."""
    update: dict[str, object] = {}
    provenance = list(listing.provenance)
    issues: list[Issue] = []

    def put(field: str, value: object, shown: str, rule: str = RULE) -> None:
        update[field] = value
        provenance.append(Provenance(field=field, value=shown, rule=rule))

    if overrides.title is not None and not overrides.title.strip():
        issues.append(_invalid(listing, "title", "the title cannot be empty"))
    elif overrides.title is not None:
        put("title", overrides.title, overrides.title)
    if overrides.keywords is not None:
        put("keywords", list(overrides.keywords), ", ".join(overrides.keywords))
    if overrides.category is not None:
        put("category", overrides.category, overrides.category)
        update["category_mapped"] = True
    if overrides.unit is not None:
        put("unit", overrides.unit, overrides.unit)
    if overrides.specifications is not None:
        specifications = dict(sorted(overrides.specifications.items()))
        put("specifications", specifications, _specs_text(specifications))

    currency = listing.tiers[0].price.currency if listing.tiers else profile.pricing.currency
    tiers: list[PriceTier] | None = None
    if overrides.tiers is not None:
        tiers = _tiers(overrides.tiers, currency, listing.source_product_id, issues)
        if tiers is not None and listing.pricing_mode == "sku" and len(tiers) > 1:
            issues.append(_ladder_not_used(listing, tiers))
            tiers = tiers[:1]
        if tiers is not None:
            put("tiers", tiers, tiers_text(tiers))
    moq = overrides.moq
    if moq is not None and moq < 1:
        issues.append(
            _invalid(listing, "moq", f"the MOQ must be a whole number of at least 1, not {moq}")
        )
        moq = None
    if moq is not None:
        put("moq", moq, str(moq))
        if overrides.tiers is None and listing.tiers:
            moved = ladder_from(listing.tiers, moq)
            put(
                "tiers",
                moved,
                tiers_text(moved),
                rule=f"{REVIEW_PREFIX} ladder moved to start at the seller's MOQ {moq}",
            )
    elif tiers:
        put(
            "moq",
            tiers[0].min_quantity,
            str(tiers[0].min_quantity),
            rule=f"{REVIEW_PREFIX} the first tier of the seller's ladder",
        )

    new_tiers = update.get("tiers")
    if isinstance(new_tiers, list) and new_tiers and listing.tiers:
        old, new = listing.tiers[0].price.amount, new_tiers[0].price.amount
        if new != old or listing.pricing_mode == "ladder":
            skus = [_follow_first_tier(listing, sku, old, new) for sku in listing.skus]
            if skus != listing.skus:
                update["skus"] = skus
                for sku, was in zip(skus, listing.skus, strict=True):
                    if sku is was:
                        continue
                    provenance.append(
                        Provenance(
                            field=f"skus.{_label(sku)}.price",
                            value=f"{sku.price.amount} {sku.price.currency}",
                            rule=f"{REVIEW_PREFIX} follows the first tier's price ({old} -> {new})",
                        )
                    )

    new_moq = update.get("moq")
    if isinstance(new_moq, int) and new_moq != listing.moq:
        # The lead-time table is in multiples of the MOQ, so it follows the seller's MOQ too.
        notes = Notes(product_key=listing.source_product_id)
        update["lead_times"] = lead_times(new_moq, profile.lead_time, notes)
        provenance.extend(
            entry.model_copy(update={"rule": f"{REVIEW_PREFIX} {entry.rule}"})
            for entry in notes.provenance
        )
    if not update:
        return listing, issues
    update["provenance"] = provenance
    return listing.model_copy(update=update), issues


def _follow_first_tier(
    listing: WholesaleListing, sku: WholesaleSku, old: Decimal, new: Decimal
) -> WholesaleSku:
    """The SKU priced as the new first tier says: that price itself in `ladder` mode, else the
    SKU's own price x new / old (the cheapest SKU, whose price was the first tier's, gets `new`)."""
    if listing.pricing_mode == "ladder":
        amount = new
    else:
        amount = max(round_money(sku.price.amount * new / old).quantize(CENT), CENT)
    if amount == sku.price.amount:
        return sku
    return sku.model_copy(update={"price": Money(amount=amount, currency=sku.price.currency)})


def _label(sku: WholesaleSku) -> str:
    return sku.seller_sku or sku.source_sku_id or f"row {sku.source_row}"


def _ladder_not_used(listing: WholesaleListing, tiers: list[PriceTier]) -> Issue:
    return warning(
        "review.ladder_not_used",
        f"the SKUs differ in price, so the listing is priced per SKU; only the first tier "
        f"({tiers[0].min_quantity}+ at {tiers[0].price.amount}) was used, the tiers from "
        f"{tiers[1].min_quantity} on were not",
        product_key=listing.source_product_id,
        field="tiers",
    )


def merge_overrides(current: Overrides, typed: Overrides) -> Overrides:
    """The seller's overrides with newly typed values laid over them.

    MOQ and tiers stay together: typing a ladder drops an earlier MOQ override (the MOQ follows the
    ladder's first tier); typing an MOQ moves an earlier ladder override to start at it.
    """
    values = typed.model_dump(exclude_none=True)
    if typed.tiers is not None and typed.moq is None:
        values["moq"] = None
    if typed.moq is not None and typed.tiers is None and current.tiers and typed.moq >= 1:
        rows = [(quantity, price) for quantity, price in current.tiers if quantity >= 1]
        if rows:
            values["tiers"] = [
                (tier.min_quantity, tier.price.amount)
                for tier in ladder_from([_tier_of(row) for row in rows], typed.moq)
            ]
    return current.model_copy(update=values)


def _tier_of(row: tuple[int, Decimal]) -> PriceTier:
    # Only the quantities and amounts matter for moving a ladder; the currency is a placeholder.
    return PriceTier(min_quantity=row[0], price=Money(amount=row[1], currency="XXX"))


def ladder_from(tiers: list[PriceTier], moq: int) -> list[PriceTier]:
    """The ladder started at `moq`.

    The new first tier takes the place of the old tier that covered `moq` units (the old first tier
    when `moq` is below it) and keeps its price; the old tiers above it stay as they were.
    """
    ordered = sorted(tiers, key=lambda tier: tier.min_quantity)
    covering = [tier for tier in ordered if tier.min_quantity <= moq]
    replaced = covering[-1] if covering else ordered[0]
    above = [tier for tier in ordered if tier.min_quantity > moq and tier is not replaced]
    return [PriceTier(min_quantity=moq, price=replaced.price), *above]


def tiers_text(tiers: list[PriceTier]) -> str:
    return "; ".join(
        f"{tier.min_quantity}+ {tier.price.amount} {tier.price.currency}" for tier in tiers
    )


def _specs_text(specifications: dict[str, str]) -> str:
    return "; ".join(f"{name}: {value}" for name, value in specifications.items())


def _tiers(
    rows: list[tuple[int, Decimal]], currency: str, product: str, issues: list[Issue]
) -> list[PriceTier] | None:
    for quantity, price in rows:
        if quantity < 1 or not price.is_finite() or price <= 0:
            issues.append(
                error(
                    "review.invalid",
                    "a tier needs a quantity of at least 1 and a positive price, "
                    f"not {quantity} at {price}",
                    product_key=product,
                    field="tiers",
                )
            )
            return None
    return [
        PriceTier(min_quantity=quantity, price=Money(amount=price, currency=currency))
        for quantity, price in rows
    ]


def _invalid(listing: WholesaleListing, field: str, message: str) -> Issue:
    return error("review.invalid", message, product_key=listing.source_product_id, field=field)
