"""Category attributes (`icbuCatProp`) and custom properties (`customMoreProperty`) from the
listing's place of origin, brand and specifications.

A specification fills the category attribute of its name (`Material` fills `material`); a check
attribute takes the option whose display name is the value (or its English rendering), else the
value as typed where the attribute allows one (`<value inputValue="...">-1</value>`). A
specification no attribute names becomes a custom property (at most 10, values at most 70
characters: alibaba-open-platform.md §1.3, `PUB_BIZCHECK_PROPERTY_CUSTOM_ITEMS_LIMIT`).
"""

from __future__ import annotations

import re

from lxml import etree

from catalog_migrate.publish.item_match import choose_option, matching_field, name_key
from catalog_migrate.publish.item_text import size
from catalog_migrate.publish.item_writer import Element, ItemWriter, describe, shorten, slots
from catalog_migrate.publish.schema import SchemaField

PLACE_OF_ORIGIN = "Place of Origin"
BRAND_NAME = "Brand Name"
ATTRIBUTES = "icbuCatProp"
CUSTOM = "customMoreProperty"
CUSTOM_PROPERTY_LIMIT = 10
CUSTOM_VALUE_LIMIT = 70
_VALUE_LIST = re.compile("[,，;；]")


def fill_attributes(writer: ItemWriter) -> None:
    listing = writer.listing
    pairs = [(PLACE_OF_ORIGIN, listing.place_of_origin), (BRAND_NAME, listing.brand)]
    pairs.extend(listing.specifications.items())
    pairs = [(name, value) for name, value in pairs if name.strip() and value.strip()]
    group = writer.schema.field(ATTRIBUTES)
    attributes = group.children if group is not None else ()
    holder: Element = etree.Element("complex-value")
    taken: set[str] = set()
    leftover: list[tuple[str, str]] = []
    for name, value in pairs:
        field = matching_field(attributes, name, writer.glossaries, taken)
        if field is None:
            leftover.append((name, value))
            continue
        taken.add(field.field_id)
        _fill(writer, holder, field, name, value)
    for field in attributes:
        if field.required and field.field_id not in taken:
            writer.unfilled(field, f"{ATTRIBUTES}/{field.field_id}", _nothing_for(field))
    if len(holder):
        writer.field(None, ATTRIBUTES, "complex").append(holder)
    _custom_properties(writer, leftover)


# Where a seller gives the two values every listing has a place for (README, The profile).
_HOW_TO_GIVE = {
    name_key(PLACE_OF_ORIGIN): "give it with --origin or [defaults] place_of_origin in the profile",
    name_key(BRAND_NAME): 'give it with [defaults] brand_policy = "fixed" and brand_name in the '
    "profile",
}


def _nothing_for(field: SchemaField) -> str:
    said = "the listing has no such specification"
    how = _HOW_TO_GIVE.get(name_key(field.name or field.field_id))
    return f"{said}: {how}" if how else said


def _fill(writer: ItemWriter, parent: Element, field: SchemaField, name: str, value: str) -> None:
    where = f"{ATTRIBUTES}/{field.field_id}"
    kind = field.field_type
    if kind == "singleCheck":
        option = choose_option(field, value, writer.glossaries)
        if option is not None:
            writer.text_field(parent, field.field_id, option.value, where, kind)
        elif field.allow_custom:
            writer.text_field(
                parent, field.field_id, writer.custom_id(), where, kind, inputValue=value
            )
        else:
            writer.unfilled(field, where, _not_an_option(field, name, [value]))
    elif kind == "multiCheck":
        _fill_multi_check(writer, parent, field, name, value)
    elif kind in ("input", "multiInput"):
        parts = [value] if kind == "input" else _value_list(value)
        limit = field.max_length
        if limit is not None and any(size(part, field.length_in_bytes) > limit for part in parts):
            unit = "bytes" if field.length_in_bytes else "characters"
            writer.unfilled(field, where, f"the listing's {name} is longer than {limit} {unit}")
        elif kind == "input":
            writer.text_field(parent, field.field_id, value, where)
        else:
            values = etree.SubElement(writer.field(parent, field.field_id, kind), "values")
            for part in parts:
                writer.value(values, part, where)
    else:
        writer.unfilled(field, where, f"it is a {kind} field, which a specification cannot fill")


def _fill_multi_check(
    writer: ItemWriter, parent: Element, field: SchemaField, name: str, value: str
) -> None:
    where = f"{ATTRIBUTES}/{field.field_id}"
    parts = _value_list(value)
    chosen: list[tuple[str, str]] = []  # (value, the text typed or "")
    missed: list[str] = []
    for part in dict.fromkeys(parts):
        option = choose_option(field, part, writer.glossaries)
        if option is not None:
            if (option.value, "") not in chosen:
                chosen.append((option.value, ""))
        elif field.allow_custom:
            chosen.append((writer.custom_id(), part))
        else:
            missed.append(part)
    if not chosen:
        writer.unfilled(field, where, _not_an_option(field, name, missed))
        return
    values = etree.SubElement(writer.field(parent, field.field_id, "multiCheck"), "values")
    for code, typed in chosen:
        if typed:
            writer.value(values, code, where, inputValue=typed)
        else:
            writer.value(values, code, where)
    if missed:
        writer.warn(
            "publish.option_not_found",
            f"{describe(field)}: {_not_an_option(field, name, missed)}; they were left out",
            where,
        )


def _value_list(value: str) -> list[str]:
    """`Cotton, Spandex` -> Cotton, Spandex (the mapping lists per-SKU values this way)."""
    return [part.strip() for part in _VALUE_LIST.split(value) if part.strip()]


def _not_an_option(field: SchemaField, name: str, values: list[str]) -> str:
    offered = shorten([option.display_name for option in field.options])
    said = shorten(values)
    return (
        f"the listing's {name} {said} is none of its options ({offered or 'none'}) and it takes "
        "no other value"
    )


def _custom_properties(writer: ItemWriter, pairs: list[tuple[str, str]]) -> None:
    if not pairs:
        return
    group = writer.schema.field(CUSTOM)
    names = [name for name, _ in pairs]
    if group is None:
        writer.warn(
            "publish.values_left_out",
            f"the category takes no custom properties: {shorten(names)} left out",
            CUSTOM,
        )
        return
    limit = slots(group, f"{CUSTOM}_", CUSTOM_PROPERTY_LIMIT)
    fitting = [(name, value) for name, value in pairs if len(value) <= CUSTOM_VALUE_LIMIT]
    too_long = [name for name, value in pairs if len(value) > CUSTOM_VALUE_LIMIT]
    if too_long:
        writer.warn(
            "publish.values_left_out",
            f"custom properties take values of at most {CUSTOM_VALUE_LIMIT} characters: "
            f"{shorten(too_long)} left out",
            CUSTOM,
        )
    if len(fitting) > limit:
        writer.warn(
            "publish.values_left_out",
            f"the category takes at most {limit} custom properties: "
            f"{shorten([name for name, _ in fitting[limit:]])} left out",
            CUSTOM,
        )
    if not fitting:
        return
    holder = writer.complex_value(None, CUSTOM)
    for index, (name, value) in enumerate(fitting[:limit]):
        where = f"{CUSTOM}/{name}"
        item = writer.complex_value(holder, f"{CUSTOM}_{index}")
        writer.text_field(item, "propName", name, where)
        writer.text_field(item, "valueName", value, where)
