"""Alibaba.com listing rules (target-formats §5, "Alibaba.com").

Each rule takes a listing and yields Issues. An error drops the listing, or only the SKU when the
Issue names one; a warning keeps it and tells the seller what to check. Section numbers refer to
the shared target-formats notes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from itertools import pairwise

from catalog_migrate.model import Issue, WholesaleListing, error, warning
from catalog_migrate.spreadsheet.writing import cell_length, fits_in_cell
from catalog_migrate.targets.base import ListingLimits
from catalog_migrate.targets.listing_parts import issue_at, sku_label, variation_names

# What an Alibaba.com listing takes. Section numbers refer to the shared target-formats notes.
LIMITS = ListingLimits(
    channel="Alibaba",
    title_max=128,  # §1.2 subject, §1.3 productTitle
    title_punctuation=" -/,&.",  # §1.3 productTitle / §5: letters, digits, spaces and - / , & .
    keywords_max=3,  # §1.2 keywords
    tiers_max=4,  # §1.3 ladderPrice (a tool's cap, §6)
    pricing_modes=frozenset({"ladder", "sku"}),  # §1.2 price_type: one or the other per listing
    unit_form="pair",  # §1.3 priceUnit, §3: units are shown as `Piece/Pieces`
    lead_times_max=3,  # §1.3 ladderPeriod
    lead_time_days_max=60,  # §1.2 handling_time 1-60 days
    price_min=Decimal("0.01"),  # §1.2 price: 0.01-9999999.00 USD, 2 decimals
    price_max=Decimal("9999999.00"),
    price_decimals=2,
    # §1.2 bulk_discount_prices.start_quantity and wholesale_trade.min_order_quantity: 1-99999
    quantity_max=99_999,
    spec_value_max=70,  # §1.3 customMoreProperty
    variations_max=3,  # name/value pairs on the SKUs sheet (TikTok has 2, Shopify 3)
    weight_kg_min=Decimal("0.01"),  # §1.2 wholesale_trade.weight: 0.01-9999999.000 kg
    weight_kg_max=Decimal("9999999.000"),
    weight_decimals=3,
    size_cm_max=9_999_999,  # §1.2 wholesale_trade.package_size: whole cm
)

CODES: dict[str, str] = {
    "title.too_long": "the product name is longer than 128 characters",
    "title.invalid_chars": "the name has a character other than letters, digits, space, - / , & .",
    "title.repeated_words": "the product name repeats a word (warning)",
    "keywords.too_many": "more than 3 keywords",
    "keywords.invalid": "a keyword is empty or contains ',' or ';'",
    "category.missing": "the product has no category; choose one before upload",
    "spec.value_too_long": "a specification value is longer than 70 characters",
    "tiers.missing": "no price tier",
    "tiers.too_many": "more than 4 price tiers",
    "tiers.not_ascending": "tier quantities are not strictly increasing",
    "tiers.quantity_out_of_range": "a tier quantity is outside 1-99999",
    "tiers.first_not_moq": "the first tier quantity is not the minimum order quantity",
    "tiers.not_descending": "tier prices are not strictly decreasing",
    "tiers.price_out_of_range": "a tier price is outside 0.01-9999999.00",
    "tiers.precision": "a tier price has more than 2 decimals",
    "tiers.currency": "a tier price is not in USD",
    "moq.out_of_range": "the minimum order quantity is outside 1-99999",
    "unit.missing": "no unit",
    "lead_time.invalid": "the lead-time table is not 1-3 rows with ascending quantities and "
    "1-60 days",
    "package.weight_invalid": "package weight outside 0.01-9999999.000 kg or with over 3 decimals",
    "package.size_invalid": "a package dimension is not a whole number of cm in 1-9999999",
    "images.too_many": "more than 6 main images; only the first 6 are written (warning)",
    "cell.too_long": "a value (seller SKU, category, brand, ...) does not fit in one cell",
    "description.too_long": "the description does not fit in one spreadsheet cell (32,767 chars)",
    "specifications.too_long": "the specifications, one per line, do not fit in one cell",
    "variations.too_long": "the variation names, joined, do not fit in one cell",
    "variations.too_many": "more than 3 variation names; the SKU sheet has 3 name/value pairs",
    "pricing.contradiction": "the listing's ladder and its SKU prices disagree: a ladder over SKU "
    "prices that differ from its first tier, or a ladder on a listing priced per SKU",
    "sku.price_invalid": "a SKU price not in USD, over 2 decimals, or outside 0.01-9999999.00",
}

Rule = Callable[[WholesaleListing], Iterable[Issue]]

TITLE_MAX = LIMITS.title_max
KEYWORDS_MAX = LIMITS.keywords_max
SPEC_VALUE_MAX = LIMITS.spec_value_max
TIERS_MAX = LIMITS.tiers_max
LEAD_TIMES_MAX = LIMITS.lead_times_max
IMAGES_MAX = 6  # §1.3 scImages_0..5 (the target's ImageRules.max_count)
QUANTITY_MIN, QUANTITY_MAX = 1, LIMITS.quantity_max
PRICE_MIN, PRICE_MAX = LIMITS.price_min, LIMITS.price_max
WEIGHT_MIN, WEIGHT_MAX = LIMITS.weight_kg_min, LIMITS.weight_kg_max
SIZE_MIN, SIZE_MAX = 1, LIMITS.size_cm_max
CELL_MAX = 32_767  # UTF-16 units an xlsx cell holds (an emoji takes two)
VARIATIONS_MAX = LIMITS.variations_max

_TITLE_PUNCTUATION = frozenset(LIMITS.title_punctuation or "")


def _decimals(amount: Decimal) -> int:
    exponent = amount.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def check_title(listing: WholesaleListing) -> Iterator[Issue]:
    title = listing.title
    where = issue_at(listing, "title")
    if not title.strip():
        return  # mapping lists no product without a title, and review refuses an empty one
    if len(title) > TITLE_MAX:
        yield error(
            "title.too_long",
            f"the product name has {len(title)} characters; the limit is {TITLE_MAX}",
            **where,
        )
    bad = sorted({ch for ch in title if not (ch.isalnum() or ch in _TITLE_PUNCTUATION)})
    if bad:
        shown = " ".join(repr(ch) for ch in bad)
        yield error(
            "title.invalid_chars",
            f"the product name has characters Alibaba.com does not allow: {shown}",
            **where,
        )
    words = [word for word in re.split(r"[\s\-/,&.]+", title.casefold()) if len(word) > 2]
    repeated = sorted({word for word in words if words.count(word) > 1})
    if repeated:
        yield warning(
            "title.repeated_words",
            f"the product name repeats {', '.join(repeated)}; Alibaba.com asks for no repeats",
            **where,
        )


def check_keywords(listing: WholesaleListing) -> Iterator[Issue]:
    where = issue_at(listing, "keywords")
    if len(listing.keywords) > KEYWORDS_MAX:
        yield error(
            "keywords.too_many",
            f"{len(listing.keywords)} keywords; Alibaba.com takes at most {KEYWORDS_MAX}",
            **where,
        )
    for keyword in listing.keywords:
        if not keyword.strip() or "," in keyword or ";" in keyword:
            yield error(
                "keywords.invalid", f"keyword {keyword!r} is empty or contains ',' or ';'", **where
            )


def check_category(listing: WholesaleListing) -> Iterator[Issue]:
    where = issue_at(listing, "category")
    if not listing.category.strip():
        yield error("category.missing", "no category; choose an Alibaba.com leaf category", **where)


def check_specifications(listing: WholesaleListing) -> Iterator[Issue]:
    for name, value in listing.specifications.items():
        if len(value) > SPEC_VALUE_MAX:
            yield error(
                "spec.value_too_long",
                f"{name!r} has {len(value)} characters; Alibaba.com takes at most {SPEC_VALUE_MAX}",
                **issue_at(listing, f"specifications.{name}"),
            )


def _price_problems(amount: Decimal, currency: str) -> list[tuple[str, str]]:
    problems = []
    if currency != "USD":
        problems.append(("currency", f"{amount} {currency} is not in USD"))
    if not PRICE_MIN <= amount <= PRICE_MAX:
        problems.append(("range", f"{amount} is outside {PRICE_MIN}-{PRICE_MAX}"))
    if _decimals(amount) > LIMITS.price_decimals:
        problems.append(("precision", f"{amount} has more than {LIMITS.price_decimals} decimals"))
    return problems


def check_tiers(listing: WholesaleListing) -> Iterator[Issue]:
    where = issue_at(listing, "tiers")
    tiers = listing.tiers
    if not tiers:
        yield error("tiers.missing", "no price tier", **where)
        return
    if len(tiers) > TIERS_MAX:
        yield error("tiers.too_many", f"{len(tiers)} price tiers; at most {TIERS_MAX}", **where)
    quantities = [tier.min_quantity for tier in tiers]
    if any(later <= earlier for earlier, later in pairwise(quantities)):
        yield error(
            "tiers.not_ascending", f"tier quantities {quantities} must strictly increase", **where
        )
    out = [q for q in quantities if not QUANTITY_MIN <= q <= QUANTITY_MAX]
    if out:
        yield error(
            "tiers.quantity_out_of_range",
            f"tier quantities {out} are outside {QUANTITY_MIN}-{QUANTITY_MAX}",
            **where,
        )
    if quantities[0] != listing.moq:
        yield error(
            "tiers.first_not_moq",
            f"the first tier starts at {quantities[0]} but the minimum order is {listing.moq}",
            **where,
        )
    prices = [tier.price.amount for tier in tiers]
    if any(later >= earlier for earlier, later in pairwise(prices)):
        shown = ", ".join(str(p) for p in prices)
        yield error("tiers.not_descending", f"tier prices {shown} must strictly decrease", **where)
    codes = {
        "currency": "tiers.currency",
        "range": "tiers.price_out_of_range",
        "precision": "tiers.precision",
    }
    for tier in tiers:
        for kind, text in _price_problems(tier.price.amount, tier.price.currency):
            yield error(codes[kind], f"tier from {tier.min_quantity}: {text}", **where)


def check_moq_and_unit(listing: WholesaleListing) -> Iterator[Issue]:
    if not QUANTITY_MIN <= listing.moq <= QUANTITY_MAX:
        yield error(
            "moq.out_of_range",
            f"minimum order {listing.moq} is outside {QUANTITY_MIN}-{QUANTITY_MAX}",
            **issue_at(listing, "moq"),
        )
    if not listing.unit.strip():
        yield error("unit.missing", "no unit (e.g. Piece/Pieces)", **issue_at(listing, "unit"))


def check_lead_times(listing: WholesaleListing) -> Iterator[Issue]:
    rows = listing.lead_times
    quantities = [row.max_quantity for row in rows]
    ascending = all(b > a for a, b in pairwise(quantities))
    days_max = LIMITS.lead_time_days_max
    days = all(1 <= row.days <= days_max for row in rows)
    if not 1 <= len(rows) <= LEAD_TIMES_MAX or not ascending or not days:
        shown = "; ".join(f"up to {row.max_quantity}: {row.days} days" for row in rows) or "none"
        yield error(
            "lead_time.invalid",
            f"lead times ({shown}) must be 1-{LEAD_TIMES_MAX} rows with ascending quantities "
            f"and 1-{days_max} days",
            **issue_at(listing, "lead_times"),
        )


def check_package(listing: WholesaleListing) -> Iterator[Issue]:
    weight = listing.package_weight_kg
    decimals = LIMITS.weight_decimals
    if weight is not None and (
        not WEIGHT_MIN <= weight <= WEIGHT_MAX or _decimals(weight) > decimals
    ):
        yield error(
            "package.weight_invalid",
            f"package weight {weight} kg must be {WEIGHT_MIN}-{WEIGHT_MAX} with at most "
            f"{decimals} decimals",
            **issue_at(listing, "package_weight_kg"),
        )
    size = listing.package_size_cm
    if size is not None and any(
        side != side.to_integral_value() or not SIZE_MIN <= side <= SIZE_MAX for side in size
    ):
        shown = "x".join(str(side) for side in size)
        yield error(
            "package.size_invalid",
            f"package size {shown} cm must be whole centimetres in {SIZE_MIN}-{SIZE_MAX}",
            **issue_at(listing, "package_size_cm"),
        )


def check_images(listing: WholesaleListing) -> Iterator[Issue]:
    where = issue_at(listing, "images")
    if len(listing.images) > IMAGES_MAX:
        yield warning(
            "images.too_many",
            f"{len(listing.images)} images; only the first {IMAGES_MAX} are written",
            **where,
        )


def format_specifications(specifications: dict[str, str]) -> str:
    """The `Specifications` cell: every `name: value`, one per line."""
    return "\n".join(f"{name}: {value}" for name, value in specifications.items())


def format_variation_names(names: Iterable[str]) -> str:
    """The `Variation Names` cell."""
    return ", ".join(names)


def check_cell_lengths(listing: WholesaleListing) -> Iterator[Issue]:
    """Cells the writer composes from several values must still fit in one spreadsheet cell."""
    composed = (
        ("description", "description.too_long", listing.description),
        (
            "specifications",
            "specifications.too_long",
            format_specifications(listing.specifications),
        ),
        ("variation_names", "variations.too_long", format_variation_names(listing.variation_names)),
    )
    for field, code, text in composed:
        length = cell_length(text)
        if length > CELL_MAX:
            yield error(
                code,
                f"the {field.replace('_', ' ')} has {length} characters; a cell holds {CELL_MAX}",
                **issue_at(listing, field),
            )


def check_cells_fit(listing: WholesaleListing) -> Iterator[Issue]:
    """Each value the writer puts in a cell of its own must fit in it.

    Reading refuses cells over `limits.max_cell_chars`, but a seller may raise that limit for a
    long HTML description; a seller SKU or a category as long then stops here, with the row named,
    instead of failing the writer halfway.
    """
    product_cells = [
        ("source_product_id", listing.source_product_id),
        ("category", listing.category),
        ("unit", listing.unit),
        ("place_of_origin", listing.place_of_origin),
        ("brand", listing.brand),
        *(("keywords", keyword) for keyword in listing.keywords),
        *(("images", image) for image in listing.images[:IMAGES_MAX]),
    ]
    for field, text in _too_long_cells(product_cells):
        yield error("cell.too_long", _too_long(field, text), **issue_at(listing, field))
    for sku in listing.skus:
        sku_cells = [
            ("sku_id", sku.source_sku_id or ""),
            ("seller_sku", sku.seller_sku or ""),
            ("image", sku.image or ""),
            *(("options", text) for pair in sku.options.items() for text in pair),
        ]
        for field, text in _too_long_cells(sku_cells):
            yield error(
                "cell.too_long",
                _too_long(field, text),
                product_key=listing.source_product_id,
                sku=sku_label(sku)[:CELL_LABEL_MAX],
                field=field,
                source_row=sku.source_row,
            )


def _too_long_cells(cells: list[tuple[str, str]]) -> list[tuple[str, str]]:
    # Runs for every listing: when all the values together are short, none can be too long.
    if sum(len(text) for _, text in cells) <= CELL_MAX // 2:
        return []
    return [(field, text) for field, text in cells if not fits_in_cell(text, CELL_MAX)]


CELL_LABEL_MAX = 60  # a SKU named in an issue by a value too long to write is named by its start


_CELL_NAMES = {
    "source_product_id": "product id",
    "place_of_origin": "place of origin",
    "keywords": "keyword",
    "images": "image URL",
    "sku_id": "SKU id",
    "seller_sku": "seller SKU",
    "image": "SKU image URL",
    "options": "variation option",
}


def _too_long(field: str, text: str) -> str:
    name = _CELL_NAMES.get(field, field)
    return f"the {name} has {cell_length(text):,} characters; a cell holds {CELL_MAX:,}"


def check_variations(listing: WholesaleListing) -> Iterator[Issue]:
    names = variation_names(listing)
    if len(names) > VARIATIONS_MAX:
        yield error(
            "variations.too_many",
            f"{len(names)} variation names ({', '.join(names)}); at most {VARIATIONS_MAX}",
            **issue_at(listing, "variation_names"),
        )


def check_sku_prices(listing: WholesaleListing) -> Iterator[Issue]:
    for sku in listing.skus:
        for _kind, text in _price_problems(sku.price.amount, sku.price.currency):
            yield error(
                "sku.price_invalid",
                f"SKU {sku_label(sku)}: {text}",
                product_key=listing.source_product_id,
                sku=sku_label(sku),
                field="price",
                source_row=sku.source_row,
            )


def check_pricing_mode(listing: WholesaleListing) -> Iterator[Issue]:
    """One listing, one story (§1.2 price_type): a ladder every SKU shares, or SKU prices alone."""
    where = issue_at(listing, "pricing_mode")
    if not listing.tiers:
        return
    first = listing.tiers[0].price.amount
    if listing.pricing_mode == "ladder":
        off = sorted({sku.price.amount for sku in listing.skus if sku.price.amount != first})
        if off:
            shown = ", ".join(str(amount) for amount in off)
            yield error(
                "pricing.contradiction",
                f"the ladder starts at {first} USD but SKUs cost {shown} USD; Alibaba.com takes "
                "a quantity ladder or SKU prices, not both",
                **where,
            )
    elif len(listing.tiers) > 1:
        yield error(
            "pricing.contradiction",
            f"the listing is priced per SKU but has a {len(listing.tiers)}-tier ladder; "
            "Alibaba.com takes a quantity ladder or SKU prices, not both",
            **where,
        )


RULES: tuple[Rule, ...] = (
    check_title,
    check_keywords,
    check_category,
    check_specifications,
    check_tiers,
    check_pricing_mode,
    check_moq_and_unit,
    check_lead_times,
    check_package,
    check_images,
    check_cell_lengths,
    check_cells_fit,
    check_variations,
    check_sku_prices,
)


def check(listing: WholesaleListing) -> list[Issue]:
    return [issue for rule in RULES for issue in rule(listing)]
