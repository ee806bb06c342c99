"""A category's rules as `schema.get` answers them: the fields of its `itemSchema`
(alibaba-open-platform.md §1.2-1.3)."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree


class SchemaError(ValueError):
    """The rule XML cannot be read; the message is safe to show."""


@dataclass(frozen=True)
class SchemaOption:
    value: str
    display_name: str


@dataclass(frozen=True)
class SchemaField:
    field_id: str
    name: str
    field_type: str  # "input", "singleCheck", "multiCheck", "complex", "multiComplex", ...
    required: bool
    options: tuple[SchemaOption, ...] = ()
    allow_custom: bool = False
    children: tuple[SchemaField, ...] = ()


@dataclass(frozen=True)
class CategorySchema:
    category_id: str
    language: str
    fields: tuple[SchemaField, ...]

    def field(self, field_id: str) -> SchemaField | None:
        for found in self.fields:
            if found.field_id == field_id:
                return found
        return None


def parse_schema(xml_text: str, category_id: str, language: str) -> CategorySchema:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(xml_text.encode("utf-8"), parser)
    except etree.XMLSyntaxError as exc:
        raise SchemaError(f"the rules of category {category_id} are not XML: {exc}") from None
    if root.tag != "itemSchema":
        raise SchemaError(f"the rules of category {category_id} have no itemSchema")
    return CategorySchema(
        category_id, language, tuple(_field(item) for item in root.findall("field"))
    )


def _field(element: etree._Element) -> SchemaField:
    rules = {rule.get("name", ""): rule.get("value", "") for rule in element.iter("rule")}
    children = element.find("fields")
    return SchemaField(
        field_id=element.get("id", ""),
        name=element.get("name", ""),
        field_type=element.get("type", ""),
        required=rules.get("requiredRule") == "true",
        options=tuple(
            SchemaOption(option.get("value", ""), option.get("displayName", ""))
            for option in element.findall("options/option")
        ),
        allow_custom=rules.get("allowCustomValueRule") == "true",
        children=tuple(_field(child) for child in children.findall("field"))
        if children is not None
        else (),
    )
