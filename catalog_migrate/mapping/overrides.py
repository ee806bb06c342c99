"""The seller's review overrides, laid over a mapped listing.

Each set value replaces the mapped one and records its provenance as `review`. Two values hang
together on Alibaba's ladder (its first tier starts at the MOQ, target-formats §5), so:

- a new MOQ without new tiers starts the ladder at the MOQ, at the price the old ladder charged
  for that quantity (its first price when the MOQ is lower), and keeps the old tiers above it;
- new tiers without a new MOQ set the MOQ to the first tier's quantity.

Whether the result is valid is for the target's rules to say, as for any mapped listing.
"""

from __future__ import annotations

from decimal import Decimal

from catalog_migrate.mapping.notes import Notes
from catalog_migrate.mapping.packaging import lead_times
from catalog_migrate.model import (
    Issue,
    Money,
    Overrides,
    PriceTier,
    Provenance,
    WholesaleListing,
    error,
)
from catalog_migrate.profile import Profile

RULE = "review: set by the seller"

CODES = {
    "review.invalid": "a value set in review cannot be used (an MOQ below 1, a tier without a "
    "positive quantity and price); the mapped value was kept",
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

    if overrides.title is not None:
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
                rule=f"review: ladder moved to start at the seller's MOQ {moq}",
            )
    elif tiers:
        put(
            "moq",
            tiers[0].min_quantity,
            str(tiers[0].min_quantity),
            rule="review: the first tier of the seller's ladder",
        )

    new_moq = update.get("moq")
    if isinstance(new_moq, int) and new_moq != listing.moq:
        # The lead-time table is in multiples of the MOQ, so it follows the seller's MOQ too.
        notes = Notes(product_key=listing.source_product_id)
        update["lead_times"] = lead_times(new_moq, profile.lead_time, notes)
        provenance.extend(
            entry.model_copy(update={"rule": f"review: {entry.rule}"}) for entry in notes.provenance
        )
    if not update:
        return listing, issues
    update["provenance"] = provenance
    return listing.model_copy(update=update), issues


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
