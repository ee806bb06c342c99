"""Fitting values to a limit: pure functions, each limit passed in by the caller.

Mapping builds the listing the seller's profile asks for, and uses these for the profile's own
limits (`titles.max_length`, `attributes.max_value_length`); a target uses the same functions for
its channel's limits (`targets.fitting.fit_listing`). Each cut is said by one function, whoever
asks for it, so a code means the same thing wherever it comes from.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal

from catalog_migrate.mapping.notes import Notes
from catalog_migrate.mapping.text import cut_at_word, format_number, format_price
from catalog_migrate.model import LeadTime, PriceTier

CODES = {
    "title.truncated": "the title was cut at a word boundary to fit the maximum length (the "
    "profile's `titles.max_length`, or the channel's)",
    "spec.value_truncated": "a specification value was cut at a word boundary to fit the maximum "
    "length (the profile's `attributes.max_value_length`, or the channel's)",
    "images.truncated": "the product has more images than the channel takes; only the first are "
    "used",
    "tiers.over_max_quantity": "a tier would start above the largest order quantity the channel "
    "takes; the tier is left out",
    "package.weight_raised": "the parcel weight is below the channel's minimum; the minimum is "
    "used",
}


def cut_title(full: str, limit: int | None, notes: Notes) -> str:
    """`full` cut at a word boundary to `limit` characters (None: no limit), said once."""
    if limit is None or len(full) <= limit:
        return full
    title = cut_at_word(full, limit)
    notes.warning(
        "title.truncated",
        f"the title was cut to {len(title)} characters (limit {limit}); "
        f"left out: {full[len(title) :].strip()!r}",
        field="title",
    )
    return title


def keep_punctuation(title: str, punctuation: str) -> str:
    """`title` with the punctuation a channel does not keep read as a space (`Red & Blue` ->
    `Red Blue` where `&` is not kept); letters, digits and marks stay, spaces are single."""
    dropped = {
        char
        for char in set(title)
        if not (char.isalnum() or char in punctuation or unicodedata.category(char)[0] == "M")
    }
    if not dropped:
        return title
    words = "".join(" " if char in dropped else char for char in title).split()
    while words and not words[-1].strip(punctuation):  # no separator left dangling at an end
        words.pop()
    while words and not words[0].strip(punctuation):
        words.pop(0)
    return " ".join(words)


def cut_spec_value(name: str, value: str, limit: int | None, notes: Notes) -> str:
    """A specification value cut at a word boundary to `limit` characters (None: no limit)."""
    if limit is None or len(value) <= limit:
        return value
    cut = cut_at_word(value, limit)
    notes.warning(
        "spec.value_truncated",
        f"{name} was cut to {len(cut)} characters (limit {limit}); "
        f"left out: {value[len(cut) :].strip()!r}",
        field=f"specifications.{name}",
    )
    return cut


def first_images(images: list[str], limit: int, channel: str, notes: Notes) -> list[str]:
    """The first `limit` images, traced as the channel took them."""
    kept = images[:limit]
    if len(images) > limit:
        notes.warning(
            "images.truncated",
            f"the product has {len(images)} images; the first {limit} are used",
            field="images",
        )
    rule = f"images.first {len(kept)} of {len(images)} ({channel} takes at most {limit})"
    notes.trace("images", len(kept), rule)
    return kept


def ladder_within(
    tiers: list[PriceTier], moq: int, quantity_max: int, notes: Notes
) -> list[PriceTier]:
    """The ladder without the tiers that start above `quantity_max` units (the first, at the MOQ,
    always stays: an MOQ out of range is the target's error to report)."""
    kept = tiers[:1]
    for number, tier in enumerate(tiers[1:], start=2):
        if tier.min_quantity <= quantity_max:
            kept.append(tier)
            continue
        multiple, rest = divmod(tier.min_quantity, moq)
        times = "" if rest else f"MOQ {moq:,} x {multiple} = "
        notes.warning(
            "tiers.over_max_quantity",
            f"tier {number} ({times}{tier.min_quantity:,} units, "
            f"{format_price(tier.price.amount, tier.price.currency)}) is above the "
            f"{quantity_max:,}-unit limit; it was left out",
            field="tiers",
        )
    return kept


def lead_times_within(rows: list[LeadTime], quantity_max: int, rows_max: int) -> list[LeadTime]:
    """The first `rows_max` rows with quantities capped at `quantity_max`; a row capped onto the
    row before it is left out, so quantities stay strictly increasing."""
    kept: list[LeadTime] = []
    for row in rows:
        quantity = min(row.max_quantity, quantity_max)
        if kept and quantity <= kept[-1].max_quantity:
            continue
        if quantity != row.max_quantity:
            row = LeadTime(max_quantity=quantity, days=row.days)
        kept.append(row)
    return kept[:rows_max]


def describe_lead_times(rows: list[LeadTime]) -> str:
    """The lead-time table as its provenance shows it: `up to 500: 7 days, ...`."""
    return ", ".join(f"up to {row.max_quantity:,}: {row.days} days" for row in rows)


def weight_at_least(kg: Decimal, minimum: Decimal, notes: Notes) -> Decimal:
    """A parcel weight (kg to the gram) below the channel's minimum is raised to it, warned."""
    if kg >= minimum:
        return kg
    raised = minimum.quantize(_GRAM)
    notes.warning(
        "package.weight_raised",
        f"{format_number(kg * 1000)} g is below the {format_number(minimum)} kg minimum; "
        f"{raised} kg is used",
        field="package_weight_kg",
    )
    return raised


_GRAM = Decimal("0.001")
