"""The interface every target platform implements."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Literal, Protocol

from catalog_migrate.model import Issue, Money, PricingMode, WholesaleListing

# How a channel writes a unit: the listing's `Singular/Plural` pair as it is (`Piece/Pieces`),
# or one of its forms (`Pieces`).
UnitForm = Literal["pair", "singular", "plural"]


@dataclass(frozen=True)
class ListingLimits:
    """What one channel takes in a listing; its `prepare` fits the channel-neutral listing to it.

    Mapping knows none of these numbers: it builds the listing the seller's profile asks for, and
    each target cuts it down to what its channel takes (a title at a word boundary, the first
    keywords, tiers and lead-time rows, order quantities within range) and checks the rest.
    `channel` is the channel's name as the provenance of a fitted value says it.
    """

    channel: str
    title_max: int  # characters
    # Kept in a title besides letters, digits, marks and spaces; None: the channel keeps any.
    title_punctuation: str | None
    keywords_max: int
    tiers_max: int  # rungs of the quantity price ladder
    pricing_modes: frozenset[PricingMode]  # `ladder`, `sku` or both
    unit_form: UnitForm
    lead_times_max: int  # rows of the lead-time table
    lead_time_days_max: int
    price_min: Decimal  # a unit or tier price, in the channel's currency
    price_max: Decimal
    price_decimals: int
    quantity_max: int  # MOQ, tier start and lead-time quantities: 1 to this
    spec_value_max: int  # characters of one specification value
    variations_max: int  # variation names a SKU carries
    weight_kg_min: Decimal
    weight_kg_max: Decimal
    weight_decimals: int
    size_cm_max: int  # each package side, whole centimetres from 1


def channel_limits(channel: str, **limits: object) -> ListingLimits:
    """Limits for a channel that documents only some: the ones given, and room for anything else.

    The defaults take whatever a mapped listing can hold (the profile already bounds titles and
    keywords), so a channel names only the limits its own documentation sets.
    """
    defaults: dict[str, object] = {
        "channel": channel,
        "title_max": 10_000,
        "title_punctuation": None,
        "keywords_max": 1_000,
        "tiers_max": 1_000,
        "pricing_modes": frozenset({"ladder", "sku"}),
        "unit_form": "pair",
        "lead_times_max": 1_000,
        "lead_time_days_max": 10_000,
        "price_min": Decimal("0.01"),
        "price_max": Decimal("999999999"),
        "price_decimals": 2,
        "quantity_max": 999_999_999,
        "spec_value_max": 10_000,
        "variations_max": 3,
        "weight_kg_min": Decimal("0.001"),
        "weight_kg_max": Decimal("999999"),
        "weight_decimals": 3,
        "size_cm_max": 999_999,
    }
    return ListingLimits(**{**defaults, **limits})  # type: ignore[arg-type]


@dataclass(frozen=True)
class ImageRules:
    """What a channel accepts as a listing image; the images stage fits every image to it.

    `cell` says what the workbook's image cells hold once images are fetched: `file` (the name of
    the normalised file, for a channel whose bulk upload takes files it hosts itself) or `url`
    (the source address, for a channel that downloads each image itself).
    """

    min_side: int  # pixels; a smaller image is reported, never enlarged
    max_bytes: int  # an image file above it is re-encoded down
    min_aspect: Fraction  # width / height
    max_aspect: Fraction
    min_count: int  # fewer images than this per listing is reported
    max_count: int
    cell: Literal["file", "url"] = "file"


def url_images(max_count: int, min_count: int = 1, max_mb: int = 20) -> ImageRules:
    """Loose rules for a channel that downloads each image from its URL and publishes no image
    rules of its own [I]: any size and a wide aspect range; only the count is the channel's."""
    return ImageRules(
        min_side=1,
        max_bytes=max_mb * 1024 * 1024,
        min_aspect=Fraction(1, 10),
        max_aspect=Fraction(10, 1),
        min_count=min_count,
        max_count=max_count,
        cell="url",
    )


def same_money(money: Money) -> Money:
    return money


@dataclass(frozen=True)
class WriteContext:
    """What a run tells a target's writer besides the listings.

    `currency` is the currency the target's files price in (the target's own, or the seller's store
    currency where the channel prices in it); `convert` turns a listing's price (in the currency
    the run priced in) into it, with the run's FX table, rounded to that currency's minor unit.
    """

    currency: str
    convert: Callable[[Money], Money] = same_money


class TargetWriter(Protocol):
    def write(self, listing: WholesaleListing) -> None: ...


class Target(Protocol):
    """A writer of one platform's bulk-upload file(s).

    `prepare` turns the channel-neutral listing into the one this channel takes (fitted to its
    `limits`: see `targets.fitting.fit_listing`) and returns it with the issues found: an error
    drops the listing (or, when it names a SKU row, that SKU), a warning keeps it. `check` is the
    rules part of it alone. `convert` turns any price of the listing (the retail prices too) into
    the target's currency, for rules that compare prices in two currencies. A value the seller
    set in review is checked, never cut: a review edit the channel cannot take is refused with
    the rule's message.

    `outputs(path)` names every file the target writes when its main file is `path`, the main file
    first (a target may write companions beside it, e.g. a JSON file of quantity tiers). The run
    stages each of them in a temporary file and renames them all into place together, so
    `open_writer` is given the staged paths, in the order `outputs` named them, and must write
    exactly those files.
    """

    name: str
    description: str
    suffix: str  # of the main file, e.g. ".xlsx"
    currency: str  # the ISO 4217 code the files price in unless the seller's store currency applies
    # True where the channel prices in the seller's own store currency (`--store-currency`).
    store_currency: bool
    buyer_language: str  # ISO 639-1: the language the channel's buyers search in
    limits: ListingLimits  # what a listing may hold; `prepare` fits the listing to it
    images: ImageRules
    codes: Mapping[str, str]  # the issue codes `check` raises, with what each means
    # Every file or sheet the target writes -> its column headers in order (the README lists them).
    columns: Mapping[str, tuple[str, ...]]

    def check(self, listing: WholesaleListing) -> list[Issue]: ...

    def prepare(
        self, listing: WholesaleListing, convert: Callable[[Money], Money] = ...
    ) -> tuple[WholesaleListing, list[Issue]]: ...

    def outputs(self, path: Path) -> tuple[Path, ...]: ...

    def open_writer(
        self, paths: Sequence[Path], context: WriteContext
    ) -> AbstractContextManager[TargetWriter]: ...
