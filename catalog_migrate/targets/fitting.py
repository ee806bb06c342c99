"""Fit a channel-neutral listing to one channel's limits (`ListingLimits`).

Mapping builds the listing the seller's profile asks for, whatever the channel; every target's
`prepare` passes it through `fit_listing` with its own limits before checking its rules:

- punctuation the channel does not keep (`title_punctuation`) reads as a space in the title, and
  the title is cut at a word boundary to `title_max` (`title.truncated`);
- the first `keywords_max` keywords and the first `tiers_max` tiers are kept; a tier that starts
  above `quantity_max` units is left out (`tiers.over_max_quantity`);
- a listing priced by a ladder goes to SKU prices where the channel takes only those (every SKU
  already costs the first tier's price, so nothing is lost but the quantity discounts);
- the unit is written in the channel's form (`Piece/Pieces`, `Piece` or `Pieces`);
- the first `max_images` images are kept (`images.truncated`);
- lead-time quantities are capped at `quantity_max` and the first `lead_times_max` rows kept;
- specification values are cut to `spec_value_max` (`spec.value_truncated`);
- a parcel lighter than `weight_kg_min` is raised to it (`package.weight_raised`).

A value the seller set in review is never changed here: the target's rules check it, so an edit
the channel cannot take is refused with the rule's message. Each fitted value's provenance says
what was done, in place of the mapped value's.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from catalog_migrate.mapping.fit import (
    cut_spec_value,
    cut_title,
    describe_lead_times,
    first_images,
    keep_punctuation,
    ladder_within,
    lead_times_within,
    weight_at_least,
)
from catalog_migrate.mapping.notes import Notes
from catalog_migrate.model import Issue, Money, Provenance, WholesaleListing
from catalog_migrate.targets.base import ImageRules, ListingLimits, UnitForm, same_money


class _Retrace(Protocol):
    """Replace the provenance of `field` (keeping its rule unless one is given)."""

    def __call__(self, field: str, value: object, rule: str | None = None) -> None: ...


def fit_listing(
    listing: WholesaleListing, limits: ListingLimits, max_images: int
) -> tuple[WholesaleListing, list[Issue]]:
    """The listing fitted to `limits`, with the warnings that say what was cut."""
    notes = Notes(
        product_key=listing.source_product_id,
        source_row=listing.source_rows[0] if listing.source_rows else None,
    )
    update: dict[str, object] = {}
    traced: dict[str, Provenance] = {}  # field -> the provenance that replaces the mapped one

    def retrace(field: str, value: object, rule: str | None = None) -> None:
        before = listing.provenance_of(field)
        if before is None:
            traced[field] = Provenance(field=field, value=str(value), rule=rule or "")
            return
        # A translated value keeps its source text and engine (the report's Translations).
        changes = {"value": str(value), "rule": before.rule if rule is None else rule}
        traced[field] = before.model_copy(update=changes)

    _fit_title(listing, limits, notes, update, retrace)
    if len(listing.keywords) > limits.keywords_max and not listing.set_in_review("keywords"):
        kept = listing.keywords[: limits.keywords_max]
        update["keywords"] = kept
        retrace(
            "keywords",
            ", ".join(kept),
            f"keywords.first {len(kept)} of {len(listing.keywords)} "
            f"({limits.channel} takes at most {limits.keywords_max})",
        )
    _fit_prices(listing, limits, notes, update, retrace)
    unit = unit_in_form(listing.unit, limits.unit_form)
    if unit != listing.unit:
        update["unit"] = unit
        retrace("unit", unit, f"unit.form {listing.unit} as {limits.channel} writes it")
    if listing.images:
        images = first_images(listing.images, max_images, limits.channel, notes)
        entry = notes.provenance.pop()  # says how many of how many the channel took
        if images != listing.images or listing.provenance_of("images") is not None:
            traced["images"] = entry
        if images != listing.images:
            update["images"] = images
    _fit_lead_times(listing, limits, update, retrace)
    limit = limits.spec_value_max
    if any(len(value) > limit for value in listing.specifications.values()) and not (
        listing.set_in_review("specifications")
    ):
        specifications = {
            name: cut_spec_value(name, value, limit, notes)
            for name, value in listing.specifications.items()
        }
        if specifications != listing.specifications:
            update["specifications"] = specifications
            for name, value in specifications.items():
                if value != listing.specifications[name]:
                    retrace(f"specifications.{name}", value)
    weight = listing.package_weight_kg
    if weight is not None:
        raised = weight_at_least(weight, limits.weight_kg_min, notes)
        if raised != weight:
            update["package_weight_kg"] = raised
            before = listing.provenance_of("package_weight_kg")
            rule = before.rule if before is not None else "package.weight"
            rule = f"{rule}, raised to the {raised} kg minimum"
            retrace("package_weight_kg", f"{raised} kg", rule)
    if not update and not traced:
        return listing, notes.issues
    update["provenance"] = _replaced(listing.provenance, traced)
    return listing.model_copy(update=update), notes.issues


def unit_in_form(unit: str, form: UnitForm) -> str:
    """`Piece/Pieces` as a channel writes it: as it is (`pair`), `Piece` or `Pieces`."""
    singular, slash, plural = unit.partition("/")
    if form == "pair" or not slash:
        return unit
    return (singular if form == "singular" else plural).strip()


def _fit_title(
    listing: WholesaleListing,
    limits: ListingLimits,
    notes: Notes,
    update: dict[str, object],
    retrace: _Retrace,
) -> None:
    punctuation = limits.title_punctuation
    kept = listing.title if punctuation is None else keep_punctuation(listing.title, punctuation)
    fits = kept == listing.title and len(kept) <= limits.title_max
    if fits or listing.set_in_review("title"):
        return
    title = cut_title(kept, limits.title_max, notes)
    update["title"] = title
    before = listing.provenance_of("title")
    rule = before.rule if before is not None else "title"
    if kept != listing.title:
        rule += f"; punctuation {limits.channel} does not keep read as spaces"
    if title != kept:
        rule += f"; cut at a word boundary to {limits.title_max} characters"
    retrace("title", title, rule)


def _fit_prices(
    listing: WholesaleListing,
    limits: ListingLimits,
    notes: Notes,
    update: dict[str, object],
    retrace: _Retrace,
) -> None:
    fits = (
        len(listing.tiers) <= limits.tiers_max
        and listing.pricing_mode in limits.pricing_modes
        and all(tier.min_quantity <= limits.quantity_max for tier in listing.tiers[1:])
    )
    if fits or listing.set_in_review("tiers"):
        return
    tiers = ladder_within(listing.tiers, listing.moq, limits.quantity_max, notes)
    tiers = tiers[: limits.tiers_max]
    mode = listing.pricing_mode
    if mode not in limits.pricing_modes and mode == "ladder":
        # Every SKU already costs the first tier's price: the listing sells at SKU prices.
        tiers, mode = tiers[:1], "sku"
        update["pricing_mode"] = mode
        rule = f"pricing.mode sku: {limits.channel} takes no quantity ladder"
        retrace("pricing_mode", mode, rule)
    if tiers != listing.tiers:
        update["tiers"] = tiers
        shown = ", ".join(f"{tier.min_quantity:,}+: {tier.price.amount:,f}" for tier in tiers)
        currency = f" {tiers[0].price.currency}" if tiers else ""
        retrace("tiers", shown + currency)


def _fit_lead_times(
    listing: WholesaleListing,
    limits: ListingLimits,
    update: dict[str, object],
    retrace: _Retrace,
) -> None:
    rows = lead_times_within(listing.lead_times, limits.quantity_max, limits.lead_times_max)
    before = listing.provenance_of("lead_times")
    if before is None:
        if rows != listing.lead_times:
            update["lead_times"] = rows
        return
    rule = before.rule
    # `lead_time.rows MOQ x 5, ... (MOQ 100)` says the cap it was fitted to (once).
    if rule.endswith(")") and "; at most " not in rule:
        rule = f"{rule[:-1]}; at most {limits.quantity_max:,} units)"
    value = describe_lead_times(rows)
    if rows != listing.lead_times:
        update["lead_times"] = rows
    retrace("lead_times", value, rule)


def _replaced(provenance: list[Provenance], traced: dict[str, Provenance]) -> list[Provenance]:
    """The provenance with each traced field's last entry replaced (or the entry added)."""
    if not traced:
        return provenance
    replaced = list(provenance)
    left = dict(traced)
    for index in range(len(replaced) - 1, -1, -1):
        entry = left.pop(replaced[index].field, None)
        if entry is not None:
            replaced[index] = entry
            if not left:
                break
    replaced.extend(left.values())
    return replaced


class FittingTarget:
    """What most targets share: `prepare` fits the listing to `limits`, then `check`s its rules.

    A target with rules that compare prices in two currencies, or fits more than its limits say,
    overrides `prepare`; one that writes companion files overrides `outputs`.
    """

    limits: ListingLimits
    images: ImageRules

    def check(self, listing: WholesaleListing) -> list[Issue]:
        return []

    def prepare(
        self, listing: WholesaleListing, convert: Callable[[Money], Money] = same_money
    ) -> tuple[WholesaleListing, list[Issue]]:
        fitted, notes = fit_listing(listing, self.limits, self.images.max_count)
        return fitted, [*notes, *self.check(fitted)]

    def outputs(self, path: Path) -> tuple[Path, ...]:
        return (path,)
