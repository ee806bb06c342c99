"""Variations: the sale properties (`saleProp`) and one `sku` item per SKU.

Each variation (`Color`) fills the sale property of its name; each of its values takes the option
of that display name, else a value the seller types with a negative id unique in the document
(`<value inputValue="Red">-1</value>`). A SKU refers to its values as
`<value propValueId propId propName propValueName>propId:valueId</value>`; priced per SKU, it
carries its price (alibaba-open-platform.md §1.3; at most 40 values per sale property).
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from catalog_migrate.model import WholesaleSku
from catalog_migrate.publish.item_match import choose_option, matching_field
from catalog_migrate.publish.item_pricing import price_text
from catalog_migrate.publish.item_writer import ItemWriter, describe, shorten
from catalog_migrate.publish.schema import SchemaField

SALE_PROPERTIES = "saleProp"
SKUS = "sku"
MAX_VALUES = 40


@dataclass(frozen=True)
class _Value:
    code: str  # the option's value, or a negative id for a typed value
    name: str  # the display name, or the typed value
    typed: bool


def fill_variations(writer: ItemWriter) -> None:
    listing = writer.listing
    names = [
        name for name in listing.variation_names if any(name in sku.options for sku in listing.skus)
    ]
    if not names:
        if listing.pricing_mode == "sku" and len(listing.skus) > 1:
            writer.fail(
                "publish.price_invalid",
                "the listing is priced per SKU, but its SKUs have no variation to tell them apart",
                SKUS,
            )
        return
    sale = writer.schema.field(SALE_PROPERTIES)
    sku_field = writer.schema.field(SKUS)
    if sale is None or sku_field is None:
        writer.fail(
            "publish.variation_not_offered",
            f"the category takes no variations, and the listing varies by {shorten(names)}",
            SALE_PROPERTIES,
        )
        return
    properties = _properties(writer, sale, names)
    if properties is None:
        return
    values = _values(writer, properties)
    if values is None:
        return
    holder = writer.complex_value(None, SALE_PROPERTIES)
    for name, field in properties.items():
        where = f"{SALE_PROPERTIES}/{field.field_id}"
        element = etree.SubElement(writer.field(holder, field.field_id, "multiCheck"), "values")
        for value in values[name].values():
            if value.typed:
                writer.value(element, value.code, where, inputValue=value.name)
            else:
                writer.value(element, value.code, where)
    items = writer.field(None, SKUS, "multiComplex")
    for sku in listing.skus:
        _sku(writer, etree.SubElement(items, "complex-values"), sku, properties, values)


def _properties(
    writer: ItemWriter, sale: SchemaField, names: list[str]
) -> dict[str, SchemaField] | None:
    """Each variation's sale property, or None when one has none (the error says which)."""
    found: dict[str, SchemaField] = {}
    taken: set[str] = set()
    for name in names:
        field = matching_field(sale.children, name, writer.glossaries, taken)
        if field is None:
            offered = shorten([child.name or child.field_id for child in sale.children])
            writer.fail(
                "publish.variation_not_offered",
                f"the listing varies by {name!r}, which is none of the category's sale "
                f"properties ({offered or 'none'})",
                f"{SALE_PROPERTIES}/{name}",
            )
            continue
        taken.add(field.field_id)
        found[name] = field
    return found if len(found) == len(names) else None


def _values(
    writer: ItemWriter, properties: dict[str, SchemaField]
) -> dict[str, dict[str, _Value]] | None:
    """Each variation's values in SKU order, resolved once; None when one cannot be."""
    resolved: dict[str, dict[str, _Value]] = {name: {} for name in properties}
    refused: set[tuple[str, str]] = set()
    before = len(writer.issues)
    for sku in writer.listing.skus:
        for name, field in properties.items():
            text = sku.options.get(name, "")
            if not text.strip():
                writer.fail(
                    "publish.variation_not_offered",
                    f"SKU {_label(sku)} has no {name}, which every SKU of the listing must say",
                    f"{SKUS}/{name}",
                    sku=_label(sku),
                    source_row=sku.source_row,
                )
                continue
            if text in resolved[name] or (name, text) in refused:
                continue
            option = choose_option(field, text, writer.glossaries)
            if option is not None:
                resolved[name][text] = _Value(option.value, option.display_name, False)
            elif field.allow_custom:
                resolved[name][text] = _Value(writer.custom_id(), text, True)
            else:
                refused.add((name, text))
                offered = shorten([option.display_name for option in field.options])
                writer.fail(
                    "publish.variation_not_offered",
                    f"{name} {text!r} is none of the options of {describe(field)} "
                    f"({offered or 'none'}), and it takes no other value",
                    f"{SALE_PROPERTIES}/{field.field_id}",
                )
    for name, field in properties.items():
        if len(resolved[name]) > MAX_VALUES:
            writer.fail(
                "publish.variation_not_offered",
                f"{name} has {len(resolved[name])} values; a sale property takes at most "
                f"{MAX_VALUES}",
                f"{SALE_PROPERTIES}/{field.field_id}",
            )
    return None if len(writer.issues) > before else resolved


def _sku(
    writer: ItemWriter,
    item: etree._Element,
    sku: WholesaleSku,
    properties: dict[str, SchemaField],
    values: dict[str, dict[str, _Value]],
) -> None:
    where = f"{SKUS}/{_label(sku)}"
    outer_id = sku.seller_sku or sku.source_sku_id
    if outer_id:
        writer.text_field(item, "skuOuterId", outer_id, where)
    props = etree.SubElement(writer.field(item, "props", "multiInput"), "values")
    for name, field in properties.items():
        value = values[name][sku.options[name]]
        prop_id = field.field_id.removeprefix("p-")
        writer.value(
            props,
            f"{prop_id}:{value.code}",
            where,
            propValueId=value.code,
            propId=prop_id,
            propName=field.field_id,
            propValueName=value.name,
        )
    if writer.listing.pricing_mode == "sku":
        price = price_text(writer, sku.price, f"{SKUS}/{_label(sku)}", sku)
        if price is not None:
            writer.text_field(item, "price", price, where)


def _label(sku: WholesaleSku) -> str:
    return sku.seller_sku or sku.source_sku_id or f"row {sku.source_row}"
