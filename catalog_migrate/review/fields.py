"""The wholesale fields a seller can edit: how each is shown as one line of text and read back.

Reading the text only checks its shape (a number, `quantity: price` pairs); whether the value is
allowed is decided by the overrides and the target's rules, as in `convert`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from catalog_migrate.model import Overrides, WholesaleListing


class FieldError(ValueError):
    """The text typed for a field has the wrong shape. The message says which shape it needs."""


@dataclass(frozen=True)
class Field:
    name: str  # the WholesaleListing field and the Overrides key
    label: str
    hint: str  # how to type it, shown in the edit box
    editable: bool = True


FIELDS: tuple[Field, ...] = (
    Field("title", "Title", "the B2B title"),
    Field("keywords", "Keywords", "words separated by commas"),
    Field("category", "Category", "the target category path"),
    Field("unit", "Unit", "e.g. Piece/Pieces, Set/Sets, Pair/Pairs"),
    Field("moq", "MOQ", "a whole number; the ladder's first tier moves with it"),
    Field("tiers", "Tiers", "quantity: price pairs separated by ';', e.g. 100: 2.50; 500: 2.30"),
    Field("specifications", "Specs", "name: value pairs separated by ';', e.g. Material: Cotton"),
    Field("lead_times", "Lead time", "", editable=False),
)

BY_NAME = {field.name: field for field in FIELDS}


def field_text(listing: WholesaleListing | None, name: str) -> str:
    """The field's current value as the one line the seller edits (empty without a listing)."""
    if listing is None:
        return ""
    if name == "keywords":
        return ", ".join(listing.keywords)
    if name == "moq":
        return str(listing.moq)
    if name == "tiers":
        return "; ".join(f"{tier.min_quantity}: {tier.price.amount}" for tier in listing.tiers)
    if name == "specifications":
        return "; ".join(f"{key}: {value}" for key, value in listing.specifications.items())
    if name == "lead_times":
        return "; ".join(f"up to {row.max_quantity}: {row.days} days" for row in listing.lead_times)
    return str(getattr(listing, name))


def parse_field(name: str, text: str) -> Overrides:
    """Overrides holding the one value typed for field `name`."""
    field = BY_NAME.get(name)
    if field is None or not field.editable:
        raise FieldError(f"{field.label if field else name} cannot be edited")
    text = text.strip()
    if name == "keywords":
        return Overrides(keywords=[word.strip() for word in text.split(",") if word.strip()])
    if name == "moq":
        return Overrides(moq=_whole_number(text, "the MOQ"))
    if name == "tiers":
        return Overrides(tiers=[_tier(part) for part in _parts(text)])
    if name == "specifications":
        return Overrides(specifications=dict(_pair(part) for part in _parts(text)))
    if not text:
        raise FieldError(f"{field.label} cannot be empty")
    return Overrides.model_validate({name: text})


def _parts(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


def _whole_number(text: str, what: str) -> int:
    cleaned = text.replace(",", "").replace("_", "")
    if not cleaned.isdigit():
        raise FieldError(f"{what} must be a whole number, not {text!r}")
    return int(cleaned)


def _tier(part: str) -> tuple[int, Decimal]:
    quantity, sep, price = part.partition(":")
    if not sep:
        raise FieldError(f"a tier is 'quantity: price', not {part!r}")
    try:
        amount = Decimal(price.strip())
    except InvalidOperation:
        raise FieldError(f"a tier price must be a number, not {price.strip()!r}") from None
    if not amount.is_finite():
        raise FieldError(f"a tier price must be a number, not {price.strip()!r}")
    return _whole_number(quantity.strip(), "a tier quantity"), amount


def _pair(part: str) -> tuple[str, str]:
    name, sep, value = part.partition(":")
    if not sep or not name.strip():
        raise FieldError(f"a specification is 'name: value', not {part!r}")
    return name.strip(), value.strip()
