"""A wholesale listing as the filled itemSchema document `schema.add` and `schema.add.draft` take.

`build_item_xml` fills the category schema (`schema.get`) from the listing: title, one keywords
field with the keywords on separate lines, the photobank images by fileId, the unit, the price
setting with the ladder or the SKU prices (never both) and the MOQ equal to the first tier, lead
times, category attributes and custom properties from the specifications, variations and SKUs,
package and the description's text (alibaba-open-platform.md §1.3). A field the category requires
and the listing cannot fill is an error naming it: the listing is then not publishable, but its
document is still built so it can be read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from catalog_migrate.model import Issue, WholesaleListing
from catalog_migrate.money import plain_decimal
from catalog_migrate.publish.item_attributes import fill_attributes
from catalog_migrate.publish.item_clean import clean_listing
from catalog_migrate.publish.item_match import Glossaries, key, shipped_glossaries
from catalog_migrate.publish.item_pricing import fill_lead_times, fill_pricing, fill_unit
from catalog_migrate.publish.item_text import (
    cut_text,
    keyword_text,
    plain_description,
    size,
)
from catalog_migrate.publish.item_variations import fill_variations
from catalog_migrate.publish.item_writer import ItemWriter, describe, shorten, slots
from catalog_migrate.publish.schema import CategorySchema

CODES: dict[str, str] = {
    "publish.description_truncated": "the description's text is longer than the category's "
    "description field takes; it was cut at a word boundary (warning)",
    "publish.keywords_cleaned": "a keyword held a line break or a character the keywords field "
    "refuses (`;` `:` `,`); it became a space (warning)",
    "publish.moq_not_first_tier": "the MOQ is not the first price tier's quantity; the platform "
    "takes them equal",
    "publish.option_not_found": "a specification's value is none of the options of its optional "
    "category attribute, which takes no other value; the attribute is left empty (warning)",
    "publish.price_invalid": "the listing has no price, or a price not in USD, not above zero or "
    "with more than 2 decimals",
    "publish.pricing_not_offered": "the category does not offer the listing's price setting "
    "(a quantity ladder or SKU prices)",
    "publish.required_field_unfilled": "a field the category requires cannot be filled from the "
    "listing (no such value, or a value none of its options name)",
    "publish.text_cleaned": "a value held characters XML cannot carry (control characters, lone "
    "surrogates); they were left out (warning)",
    "publish.unit_not_offered": "the listing's unit is none of the category's units",
    "publish.value_too_long": "the title is longer than the category's title field takes",
    "publish.values_left_out": "more images, keywords, price tiers, lead times or custom "
    "properties than the category takes, or a custom property value over 70 characters; the rest "
    "was left out (warning)",
    "publish.variation_not_offered": "a variation is none of the category's sale properties, or a "
    "variation value is none of its options and it takes no other value",
}

TITLE = "productTitle"
KEYWORDS = "productKeywords"
KEYWORDS_FIELD = "productKeywords_0"
KEYWORDS_MAX_BYTES = 384  # productKeywords_0 (alibaba-open-platform.md §1.3)
IMAGES = "scImages"
MAX_IMAGES = 6
DESCRIPTION = "textDesc"
PACKAGE_WEIGHT = "pkgWeight"
PACKAGE_SIZE = "pkgMeasure"
# Fields the listing has nothing to say about, filled with the value public code sends for a
# plain wholesale listing, when the category offers it (alibaba-open-platform.md §1.3 example).
DEFAULTS = {"saleType": "normal", "logisticsProperty": "general_cargo_0"}
SHIPPING = "shippingTemplate"
SHIPPING_NEGOTIATED = "freightNegotiation"
_LINE_BREAKS = "\r\n\u2028\u2029\x85\x0b\x0c"


@dataclass(frozen=True)
class ItemXml:
    xml: str  # the filled itemSchema document for schema.add / schema.add.draft
    issues: tuple[Issue, ...]  # any error: not publishable

    @property
    def publishable(self) -> bool:
        return not any(issue.is_error for issue in self.issues)


def build_item_xml(
    listing: WholesaleListing,
    schema: CategorySchema,
    image_ids: Sequence[str],
    category_id: str,
    *,
    image_urls: Sequence[str] = (),
    glossaries: Glossaries | None = None,
) -> ItemXml:
    """Fill `schema` from `listing`.

    image_ids: photobank fileIds in the listing's image order; image_urls: their photobank URLs
    (`//sc04.alicdn.com/kf/...`), written as each image value's text when given. glossaries: the
    phrase tables a value in the shop's language is tried through against the options (default:
    the shipped ones).
    """
    listing, cleaned = clean_listing(listing)
    writer = ItemWriter(listing, schema, shipped_glossaries() if glossaries is None else glossaries)
    for where in cleaned:
        writer.note_cleaned(where)
    if category_id != schema.category_id:
        writer.fail(
            "publish.required_field_unfilled",
            f"the schema is category {schema.category_id}'s, not {category_id}'s",
            "catId",
        )
    _title(writer)
    _keywords(writer)
    _images(writer, image_ids, image_urls)
    _defaults(writer)
    fill_unit(writer)
    fill_pricing(writer)
    fill_lead_times(writer)
    fill_attributes(writer)
    fill_variations(writer)
    _package(writer)
    _description(writer)
    _required(writer)
    return ItemXml(xml=writer.serialise(), issues=tuple(writer.issues))


def _title(writer: ItemWriter) -> None:
    field = writer.schema.field(TITLE)
    title = writer.listing.title
    if field is None or not title.strip():
        return
    if field.max_length is not None and size(title, field.length_in_bytes) > field.max_length:
        unit = "bytes" if field.length_in_bytes else "characters"
        writer.fail(
            "publish.value_too_long",
            f"the title is {size(title, field.length_in_bytes)} {unit}; {describe(field)} takes "
            f"at most {field.max_length}",
            TITLE,
        )
        return
    writer.text_field(None, TITLE, title, TITLE)


def _keywords(writer: ItemWriter) -> None:
    group = writer.schema.field(KEYWORDS)
    if group is None:
        return
    child = group.child(KEYWORDS_FIELD)
    limit = KEYWORDS_MAX_BYTES
    in_bytes = True
    if child is not None and child.max_length is not None:
        limit, in_bytes = child.max_length, child.length_in_bytes
    keywords: list[str] = []
    for keyword in writer.listing.keywords:
        cleaned = keyword_text(keyword)
        if cleaned != " ".join(keyword.split()) or any(mark in keyword for mark in _LINE_BREAKS):
            writer.warn(
                "publish.keywords_cleaned",
                f"the keyword {keyword!r} is written as {cleaned!r}: the keywords field takes one "
                "keyword per line, without ; : or ,",
                KEYWORDS_FIELD,
            )
        if cleaned and key(cleaned) not in {key(known) for known in keywords}:
            keywords.append(cleaned)
    kept = [
        keyword
        for index, keyword in enumerate(keywords)
        if size("\n".join(keywords[: index + 1]), in_bytes) <= limit
    ]
    if len(kept) < len(keywords):
        unit = "bytes" if in_bytes else "characters"
        writer.warn(
            "publish.values_left_out",
            f"the keywords field takes at most {limit} {unit}: "
            f"{shorten(keywords[len(kept) :])} left out",
            KEYWORDS_FIELD,
        )
    if kept:
        holder = writer.complex_value(None, KEYWORDS)
        writer.text_field(holder, KEYWORDS_FIELD, "\n".join(kept), KEYWORDS_FIELD)


def _images(writer: ItemWriter, image_ids: Sequence[str], image_urls: Sequence[str]) -> None:
    field = writer.schema.field(IMAGES)
    ids = [image_id for image_id in image_ids if image_id.strip()]
    if field is None or not ids:
        return
    limit = slots(field, f"{IMAGES}_", MAX_IMAGES)
    if len(ids) > limit:
        writer.warn(
            "publish.values_left_out",
            f"the category takes at most {limit} images: {len(ids) - limit} left out",
            IMAGES,
        )
    holder = writer.complex_value(None, IMAGES)
    for index, image_id in enumerate(ids[:limit]):
        url = image_urls[index] if index < len(image_urls) else ""
        where = f"{IMAGES}_{index}"
        writer.text_field(holder, where, url, where, fileId=image_id)


def _defaults(writer: ItemWriter) -> None:
    for field_id, value in DEFAULTS.items():
        field = writer.schema.field(field_id)
        if field is not None and value in field.option_values():
            if field.field_type in ("multiCheck", "multiInput"):
                element = writer.field(None, field_id, field.field_type)
                writer.value(etree.SubElement(element, "values"), value, field_id)
            else:
                writer.text_field(None, field_id, value, field_id, field.field_type)
    shipping = writer.schema.field(SHIPPING)
    template = shipping.child("templateType") if shipping is not None else None
    if template is not None and SHIPPING_NEGOTIATED in template.option_values():
        holder = writer.complex_value(None, SHIPPING)
        writer.text_field(holder, "templateType", SHIPPING_NEGOTIATED, SHIPPING, "singleCheck")


def _package(writer: ItemWriter) -> None:
    listing = writer.listing
    weight = writer.schema.field(PACKAGE_WEIGHT)
    if weight is not None and listing.package_weight_kg is not None:
        weight_text = plain_decimal(listing.package_weight_kg)
        writer.text_field(None, PACKAGE_WEIGHT, weight_text, PACKAGE_WEIGHT)
    measure = writer.schema.field(PACKAGE_SIZE)
    if measure is None or listing.package_size_cm is None:
        return
    # The size's child ids are not documented: they are found by name (`length`, `width`,
    # `height`), and the size is left for the required check when they are not there.
    children = {}
    for side in ("length", "width", "height"):
        child = next(
            (c for c in measure.children if side in key(c.field_id) or side in key(c.name)), None
        )
        if child is None:
            return
        children[side] = child
    holder = writer.complex_value(None, PACKAGE_SIZE)
    for side, length in zip(("length", "width", "height"), listing.package_size_cm, strict=True):
        writer.text_field(holder, children[side].field_id, plain_decimal(length), PACKAGE_SIZE)


def _description(writer: ItemWriter) -> None:
    field = writer.schema.field(DESCRIPTION)
    if field is None or not writer.listing.description.strip():
        return
    text = plain_description(writer.listing.description)
    if not text:
        return
    if field.max_length is not None and size(text, field.length_in_bytes) > field.max_length:
        text = cut_text(text, field.max_length, field.length_in_bytes)
        unit = "bytes" if field.length_in_bytes else "characters"
        writer.warn(
            "publish.description_truncated",
            f"the description's text was cut to {field.max_length} {unit}, as {describe(field)} "
            "takes",
            DESCRIPTION,
        )
    writer.text_field(None, DESCRIPTION, text, DESCRIPTION)


def _required(writer: ItemWriter) -> None:
    for field in writer.schema.fields:
        if (
            field.required
            and field.field_type != "label"
            and field.field_id not in writer.written
            and not _reported(writer, field.field_id)
        ):
            writer.unfilled(field, field.field_id, "the listing has no value for it")


def _reported(writer: ItemWriter, field_id: str) -> bool:
    """An error names this field or a part of it (`ladderPrice_0`, `icbuCatProp/p-1`)."""
    return any(
        where == field_id or where.startswith((f"{field_id}/", f"{field_id}_"))
        for where in writer.reported
    )
