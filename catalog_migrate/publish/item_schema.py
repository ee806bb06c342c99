"""The filled `itemSchema` document `schema.add` and `schema.add.draft` take
(alibaba-open-platform.md §1.3), built with lxml, never by string concatenation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from catalog_migrate.model import Issue, WholesaleListing, error
from catalog_migrate.publish.schema import CategorySchema


@dataclass(frozen=True)
class ItemXml:
    xml: str
    issues: tuple[Issue, ...]

    @property
    def publishable(self) -> bool:
        return not any(issue.is_error for issue in self.issues)


def build_item_xml(
    listing: WholesaleListing,
    schema: CategorySchema,
    image_ids: Sequence[str],
    category_id: str,
) -> ItemXml:
    del category_id  # travels beside the document, in the request
    root = etree.Element("itemSchema")
    filled: set[str] = set()

    def value(field_id: str, field_type: str, text: str) -> None:
        field = etree.SubElement(root, "field", id=field_id, type=field_type)
        etree.SubElement(field, "value").text = text
        filled.add(field_id)

    value("productTitle", "input", listing.title)
    keywords = etree.SubElement(root, "field", id="productKeywords", type="complex")
    group = etree.SubElement(keywords, "complex-value")
    word = etree.SubElement(group, "field", id="productKeywords_0", type="input")
    etree.SubElement(word, "value").text = "\n".join(listing.keywords)
    filled.add("productKeywords")
    images = etree.SubElement(root, "field", id="scImages", type="complex")
    group = etree.SubElement(images, "complex-value")
    for number, file_id in enumerate(image_ids):
        slot = etree.SubElement(group, "field", id=f"scImages_{number}", type="input")
        etree.SubElement(slot, "value", fileId=file_id)
    filled.add("scImages")
    value("minOrderQuantity", "input", str(listing.moq))
    ladder = etree.SubElement(root, "field", id="ladderPrice", type="complex")
    group = etree.SubElement(ladder, "complex-value")
    for number, tier in enumerate(listing.tiers):
        rung = etree.SubElement(group, "field", id=f"ladderPrice_{number}", type="complex")
        inner = etree.SubElement(rung, "complex-value")
        for child, text in (
            ("quantity", str(tier.min_quantity)),
            ("price", str(tier.price.amount)),
        ):
            etree.SubElement(
                etree.SubElement(inner, "field", id=child, type="input"), "value"
            ).text = text
    filled.add("ladderPrice")
    issues = tuple(
        error(
            "publish.required_field",
            f"category {schema.category_id} requires {field.name or field.field_id!r}, which "
            "the listing does not fill",
            product_key=listing.source_product_id,
            field=field.field_id,
        )
        for field in schema.fields
        if field.required and field.field_id not in filled
    )
    return ItemXml(etree.tostring(root, encoding="unicode"), issues)
