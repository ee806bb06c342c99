"""One retail product -> one wholesale listing, with its Issues and every value's provenance."""

from __future__ import annotations

from catalog_migrate.mapping.categories import map_category
from catalog_migrate.mapping.claims import ClaimsRemoved, remove_claims
from catalog_migrate.mapping.description import parse_description, sanitise
from catalog_migrate.mapping.images import main_images
from catalog_migrate.mapping.moq import moq_for_price
from catalog_migrate.mapping.notes import Notes
from catalog_migrate.mapping.packaging import lead_times, package_size, package_weight
from catalog_migrate.mapping.packs import find_packs, pack_options
from catalog_migrate.mapping.price_checks import check_band, check_siblings
from catalog_migrate.mapping.pricing import (
    PricedVariant,
    base_price,
    price_variants,
    pricing_mode,
)
from catalog_migrate.mapping.rules import Rules, rules_for
from catalog_migrate.mapping.specs import map_specs
from catalog_migrate.mapping.text import format_price
from catalog_migrate.mapping.tiers import build_ladder, describe_ladder
from catalog_migrate.mapping.titles import clean_title, make_keywords
from catalog_migrate.mapping.units import infer_unit
from catalog_migrate.model import Issue, Money, RetailProduct, WholesaleListing, WholesaleSku
from catalog_migrate.profile import Profile, Tiers

CODES = {
    "product.no_skus": "the product has no SKU to list",
    "product.no_valid_skus": "none of the product's SKUs could be mapped; see the SKU errors",
}


def map_product(
    product: RetailProduct, profile: Profile, rules: Rules | None = None
) -> tuple[WholesaleListing | None, list[Issue]]:
    """Map `product` with the profile's rules.

    Returns None with at least one error when the product cannot be listed at all (no usable title,
    no exchange rate, no SKU that can be priced). Otherwise the listing holds every SKU that could
    be mapped; each SKU left out has an error naming its source row. Pass `rules` (from
    `rules_for(profile)`) to skip the cache look-up when mapping many products.
    """
    rules = rules if rules is not None and rules.profile is profile else rules_for(profile)
    notes = Notes(product_key=product.key, source_row=product.first_row)
    title = clean_title(product.title, rules.titles, notes)
    priced = _priced_skus(product, rules, notes)
    if title is None or not priced:
        return None, notes.issues

    pricing = profile.pricing
    base = base_price(priced).price
    shown_base = format_price(base.amount, pricing.currency)
    lowest = f"; the lowest of {len(priced)} SKU prices" if len(priced) > 1 else ""
    notes.trace("price", shown_base, f"{base.rule}{lowest}")
    moq = moq_for_price(base.amount, pricing.currency, profile.moq)
    notes.trace("moq", moq.moq, moq.rule)
    mode, mode_rule = pricing_mode(priced, pricing.currency)
    notes.trace("pricing_mode", mode, mode_rule)
    tiers = profile.tiers if mode == "ladder" else _first_tier_only(profile.tiers)
    ladder = build_ladder(base.amount, moq.moq, tiers, pricing, notes)
    notes.trace("tiers", *describe_ladder(ladder, tiers, base.amount, pricing.currency))

    category, mapped = map_category(product.category, profile.category_map, notes)
    unit = infer_unit(product.title, product.category, rules.units)
    variants = [item.variant for item in priced]
    packs = find_packs(product.title, variants, unit.unit, rules.counts)
    listing_unit = packs.unit if packs else unit.unit
    notes.trace("unit", *((packs.unit, packs.rule) if packs else (unit.unit, unit.rule)))
    check_siblings(priced, profile.price_checks, pricing.currency, notes)
    check_band(priced, category, listing_unit, profile.price_checks, pricing.currency, notes)
    keywords = make_keywords(title, _leaf(category), rules.titles, notes)
    description = parse_description(product.description)
    facts = map_specs(product, description, rules.specs, notes)
    variation_names = _variation_names(product.variation_names, rules, notes)
    extras = pack_options(packs, variants, facts.specifications, variation_names, notes)
    safe = sanitise(description)
    claims = remove_claims(safe.html, rules.titles.remove, rules.titles.remove_first_words)
    _trace_description(safe.removed, claims, notes)

    listing = WholesaleListing(
        source_product_id=product.product_id or product.key,
        title=title.text,
        keywords=keywords,
        category=category,
        category_mapped=mapped,
        unit=listing_unit,
        moq=moq.moq,
        pricing_mode=mode,
        tiers=ladder,
        place_of_origin=facts.place_of_origin,
        brand=facts.brand,
        specifications=facts.specifications,
        lead_times=lead_times(moq.moq, profile.lead_time, notes),
        package_weight_kg=package_weight(product, notes),
        package_size_cm=package_size(product, notes),
        images=main_images(product.images, notes),
        description=claims.html,
        variation_names=list(variation_names.values()),
        skus=[
            _sku(item, variation_names, pricing.currency, extra)
            for item, extra in zip(priced, extras, strict=True)
        ],
        provenance=notes.provenance,
        source_rows=list(product.source_rows),
    )
    return listing, notes.issues


def _first_tier_only(tiers: Tiers) -> Tiers:
    return tiers.model_copy(
        update={
            "quantity_multipliers": tiers.quantity_multipliers[:1],
            "discounts": tiers.discounts[:1],
            "max_tiers": 1,
        }
    )


def _trace_description(removed: tuple[str, ...], claims: ClaimsRemoved, notes: Notes) -> None:
    rules = []
    if removed:
        rules.append("description.sanitised removed: " + ", ".join(removed))
    if claims.sentences:
        sentences = "sentence" if claims.sentences == 1 else "sentences"
        rules.append(
            f"description.claims removed {claims.sentences} {sentences} with retail or shipping "
            f"claims: {', '.join(claims.claims)}"
        )
    if claims.emoji:
        rules.append(f"description.claims removed promotional emoji: {' '.join(claims.emoji)}")
    if rules:
        notes.trace("description", f"{len(claims.html)} characters", "; ".join(rules))


def _priced_skus(product: RetailProduct, rules: Rules, notes: Notes) -> list[PricedVariant]:
    if not product.variants:
        notes.error("product.no_skus", "the product has no SKU", field="skus")
        return []
    profile = rules.profile
    seen = len(notes.issues)
    priced = price_variants(product, profile.pricing, profile.fx, notes)
    if not priced and not any(issue.code == "fx.missing_rate" for issue in notes.issues[seen:]):
        notes.error(
            "product.no_valid_skus",
            f"none of the product's {len(product.variants)} SKUs could be mapped",
            field="skus",
        )
    return priced


def _variation_names(names: list[str], rules: Rules, notes: Notes) -> dict[str, str]:
    """Source variation name -> the target's name (`Warna` -> `Color`), via the attribute names."""
    renamed: dict[str, str] = {}
    for name in names:
        target = rules.specs.rename(name) or name.strip()
        renamed[name] = name.strip() if target in renamed.values() else target
    changed = [f"{name} -> {target}" for name, target in renamed.items() if name != target]
    if changed:
        notes.trace(
            "variation_names",
            ", ".join(renamed.values()),
            "variations renamed by attributes.names: " + ", ".join(changed),
        )
    return renamed


def _sku(
    item: PricedVariant, variation_names: dict[str, str], currency: str, extra: dict[str, str]
) -> WholesaleSku:
    variant = item.variant
    options = {variation_names.get(name, name): value for name, value in variant.options.items()}
    return WholesaleSku(
        source_sku_id=variant.sku_id,
        seller_sku=variant.seller_sku,
        options=options | extra,
        price=Money(amount=item.price.amount, currency=currency),
        retail_price=variant.price,
        quantity=variant.quantity,
        image=variant.image,
        source_row=variant.source_row,
    )


def _leaf(category: str) -> str:
    """The last level of a category path (`A > B > C` or `A/B/C`)."""
    separator = ">" if ">" in category else "/"
    return category.rsplit(separator, 1)[-1].strip()


def clean_translated_title(
    listing: WholesaleListing, profile: Profile, product_key: str
) -> tuple[WholesaleListing, list[Issue]]:
    """The translated title through the same clean-up as the source title, so that the retail
    words of the buyer's language (an engine's `Free Shipping`) leave it too."""
    first_row = listing.source_rows[0] if listing.source_rows else None
    notes = Notes(product_key=product_key, source_row=first_row)
    cleaned = clean_title(listing.title, rules_for(profile).titles, notes)
    if cleaned is None:  # nothing but retail words: the translation stands as it came
        return listing, []
    if cleaned.text == listing.title:
        return listing, notes.issues
    update = {"title": cleaned.text, "provenance": [*listing.provenance, *notes.provenance]}
    return listing.model_copy(update=update), notes.issues
