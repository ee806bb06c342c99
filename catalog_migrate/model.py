"""The data that flows through the pipeline: retail products in, wholesale listings out.

Money is always a Decimal with an ISO 4217 currency code; identifiers are always text; weights are
grams and lengths are centimetres inside the model (converted at the edges).
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator


class Money(BaseModel):
    """An amount in one currency. Never a float."""

    model_config = ConfigDict(frozen=True)

    amount: Decimal
    currency: str = Field(pattern=r"^[A-Z]{3}$")

    @field_validator("amount", mode="before")
    @classmethod
    def _no_float(cls, value: object) -> object:
        if isinstance(value, float):
            raise ValueError("money must not pass through a float; give a Decimal or a string")
        return value

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"


class Severity(StrEnum):
    ERROR = "error"  # drops the SKU or product it names
    WARNING = "warning"  # keeps it; says what to check


class Issue(BaseModel):
    """One thing the run changed, guessed or could not do. Codes are stable, documented strings."""

    model_config = ConfigDict(frozen=True)

    code: str
    severity: Severity
    message: str
    product_key: str | None = None
    sku: str | None = None
    field: str | None = None
    source_row: int | None = None
    target: str | None = None  # the target whose rules raised it; None for reading and mapping

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def error(code: str, message: str, **where: object) -> Issue:
    return Issue(code=code, severity=Severity.ERROR, message=message, **where)


def warning(code: str, message: str, **where: object) -> Issue:
    return Issue(code=code, severity=Severity.WARNING, message=message, **where)


# Every value the seller's review sets or moves has a provenance rule starting with this.
REVIEW_PREFIX = "review:"


class Provenance(BaseModel):
    """Where one mapped value came from: the rule and its inputs, in words a seller can check."""

    model_config = ConfigDict(frozen=True)

    field: str
    value: str
    rule: str
    # For a translated value: the text it was translated from and the engine that did it.
    source_text: str = ""
    engine: str = ""


class Attribute(BaseModel):
    """A product attribute as the source names it (e.g. `Bahan` = `Katun`)."""

    model_config = ConfigDict(frozen=True)

    name: str
    value: str
    source: str = ""  # e.g. "product_property/100157" or "description"


class RetailVariant(BaseModel):
    """One SKU of a retail product."""

    sku_id: str | None = None
    seller_sku: str | None = None
    options: dict[str, str] = Field(default_factory=dict)  # variation name -> value, in axis order
    price: Money
    quantity: int | None = None
    image: str | None = None
    gtin: str | None = None
    source_row: int

    @property
    def label(self) -> str:
        """How a seller recognises this SKU in a report."""
        return self.seller_sku or self.sku_id or f"row {self.source_row}"


class RetailProduct(BaseModel):
    """A retail listing with all its SKUs, normalised from any source format."""

    key: str  # product id where the source has one, else a key derived from category + name
    product_id: str | None = None
    title: str
    description: str = ""  # HTML or plain text, as the source gives it
    category: str | None = None  # the source category path, e.g. "Women's dresses/Formal dresses"
    brand: str | None = None
    images: list[str] = Field(default_factory=list)
    attributes: list[Attribute] = Field(default_factory=list)
    variation_names: list[str] = Field(default_factory=list)  # at most two for TikTok
    variants: list[RetailVariant] = Field(default_factory=list)
    weight_g: Decimal | None = None
    length_cm: Decimal | None = None
    width_cm: Decimal | None = None
    height_cm: Decimal | None = None
    source_format: str = ""
    source_rows: list[int] = Field(default_factory=list)
    # SKU rows the source could not use, one error Issue per row (with its source_row).
    rejected: list[Issue] = Field(default_factory=list)

    @property
    def first_row(self) -> int | None:
        return self.source_rows[0] if self.source_rows else None


class PriceTier(BaseModel):
    """One rung of a quantity ladder: from `min_quantity` units on, each costs `price`."""

    model_config = ConfigDict(frozen=True)

    min_quantity: int = Field(ge=1)
    price: Money


class LeadTime(BaseModel):
    """Orders of up to `max_quantity` units ship in `days` days."""

    model_config = ConfigDict(frozen=True)

    max_quantity: int = Field(ge=1)
    days: int = Field(ge=1)


class WholesaleSku(BaseModel):
    source_sku_id: str | None = None
    seller_sku: str | None = None
    options: dict[str, str] = Field(default_factory=dict)
    price: Money  # wholesale unit price in the profile's pricing currency
    retail_price: Money
    quantity: int | None = None
    image: str | None = None
    source_row: int


# How a listing is priced (target-formats §1.2 price_type): by a quantity ladder that every SKU
# shares (`ladder`), or by each SKU's own price from the MOQ on (`sku`); never both at once.
PricingMode = Literal["ladder", "sku"]


class WholesaleListing(BaseModel):
    """A B2B listing mapped from one retail product.

    Channel-neutral: it holds what the seller's profile asks for (a title, keywords, tiers, images
    and lead-time rows as many and as long as the profile says); each target fits it to its
    channel's limits before checking and writing it (`Target.prepare`).

    In `ladder` mode every SKU's price is the first tier's price; in `sku` mode the SKUs keep their
    own prices and `tiers` holds only the first one (the MOQ at the lowest SKU price).
    """

    source_product_id: str
    title: str
    keywords: list[str] = Field(default_factory=list)
    category: str = ""
    category_mapped: bool = False  # False: the source path was kept because the map has no entry
    unit: str = "Piece/Pieces"  # both forms, `Singular/Plural`; a target writes the one it takes
    moq: int = Field(ge=1)
    pricing_mode: PricingMode = "ladder"
    tiers: list[PriceTier] = Field(default_factory=list)
    place_of_origin: str = ""
    brand: str = ""
    specifications: dict[str, str] = Field(default_factory=dict)
    lead_times: list[LeadTime] = Field(default_factory=list)
    package_weight_kg: Decimal | None = None
    package_size_cm: tuple[Decimal, Decimal, Decimal] | None = None
    images: list[str] = Field(default_factory=list)
    description: str = ""
    variation_names: list[str] = Field(default_factory=list)
    skus: list[WholesaleSku] = Field(default_factory=list)
    provenance: list[Provenance] = Field(default_factory=list)
    source_rows: list[int] = Field(default_factory=list)

    @property
    def material(self) -> str:
        return self.specifications.get("Material", "")

    def provenance_of(self, field: str) -> Provenance | None:
        for entry in reversed(self.provenance):
            if entry.field == field:
                return entry
        return None

    def set_in_review(self, field: str) -> bool:
        """True when the seller's review set (or moved) the value of `field`."""
        entry = self.provenance_of(field)
        return entry is not None and entry.rule.startswith(REVIEW_PREFIX)


ReviewStatus = Literal["pending", "accepted", "rejected"]


class Overrides(BaseModel):
    """Values a seller set by hand in the review app; each replaces the mapped value when set."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = None
    keywords: list[str] | None = None
    category: str | None = None
    unit: str | None = None
    moq: int | None = None
    tiers: list[tuple[int, Decimal]] | None = (
        None  # (min quantity, unit price in the target currency)
    )
    specifications: dict[str, str] | None = None

    def is_empty(self) -> bool:
        return all(value is None for value in self.model_dump().values())


class Decision(BaseModel):
    """A seller's review decision on one product, as kept in the decisions file."""

    model_config = ConfigDict(extra="forbid")

    status: ReviewStatus = "pending"
    overrides: Overrides = Field(default_factory=Overrides)
    fingerprint: str = ""  # hash of the source product's fields when the decision was taken
    updated: str = ""  # ISO 8601 UTC time of the last change
