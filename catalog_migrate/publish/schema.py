"""The category rules Alibaba.com answers to `schema.get`, read into plain data.

The answer is an `<itemSchema>` of `<field id type name>` elements, each with its rules
(`<rules><rule name="requiredRule" value="true"/>`), its options (`<options><option
displayName value/>`) and, for `complex` and `multiComplex` fields, its child fields under
`<fields>` (alibaba-open-platform.md §1.2-1.3). The text comes from the network: a DTD, an entity
declaration or markup that is not this shape is refused with one line, never expanded or guessed.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from functools import cached_property

from lxml import etree

# A busy category's schema is about 100 KB (alibaba-open-platform.md §1.2); far more is not one.
MAX_SCHEMA_CHARS = 16 * 1024 * 1024
# Fields nest a few levels (sku > props); deeper is not a schema the platform writes.
MAX_DEPTH = 16

# A check field whose rules carry this takes a value the seller types (`<value inputValue="...">`
# with a negative id) besides its options (alibaba-open-platform.md §1.3, saleProp).
_CUSTOM_VALUE_RULE = ("valueAttributeRule", "inputValue")


class SchemaError(ValueError):
    """The schema text cannot be used; the message is one line saying what is wrong."""


@dataclass(frozen=True)
class SchemaOption:
    value: str  # the code the filled document carries
    display_name: str  # what the seller sees (`Piece/Pieces`, `Cotton`)


@dataclass(frozen=True)
class SchemaField:
    field_id: str
    name: str
    field_type: str  # input, singleCheck, multiCheck, multiInput, complex, multiComplex, label, ...
    required: bool
    options: tuple[SchemaOption, ...] = ()
    allow_custom: bool = False
    children: tuple[SchemaField, ...] = ()
    max_length: int | None = None  # maxLengthRule
    length_in_bytes: bool = False  # the maxLengthRule counts UTF-8 bytes, not characters
    max_values: int | None = None  # maxInputNumRule: how many values (images, tiers) it takes

    def child(self, field_id: str) -> SchemaField | None:
        return next((child for child in self.children if child.field_id == field_id), None)

    def option_values(self) -> frozenset[str]:
        return frozenset(option.value for option in self.options)


@dataclass(frozen=True)
class CategorySchema:
    category_id: str
    language: str
    fields: tuple[SchemaField, ...]

    def field(self, field_id: str) -> SchemaField | None:
        """A top-level field by its id; else the first field of that id, level by level."""
        return self._by_id.get(field_id)

    @cached_property
    def _by_id(self) -> dict[str, SchemaField]:
        # Built once: a busy category has thousands of fields, and each listing asks for dozens.
        found: dict[str, SchemaField] = {}
        pending = deque(self.fields)
        while pending:
            field = pending.popleft()
            found.setdefault(field.field_id, field)
            pending.extend(field.children)
        return found


def parse_schema(xml_text: str, category_id: str, language: str) -> CategorySchema:
    """Read a `schema.get` answer; raise SchemaError (one line) when it is not a usable schema."""
    where = f"the schema of category {_bare(category_id)} ({_bare(language)})"
    if not isinstance(xml_text, str) or not xml_text.strip():
        raise SchemaError(f"{where} is empty")
    if len(xml_text) > MAX_SCHEMA_CHARS:
        raise SchemaError(
            f"{where} is {len(xml_text):,} characters, more than the "
            f"{MAX_SCHEMA_CHARS:,} a category schema can be"
        )
    if _declares_dtd(xml_text):
        raise SchemaError(f"{where} is refused: it declares a DTD or entities")
    root = _parse_xml(xml_text, where)
    if root.tag != "itemSchema":
        raise SchemaError(f"{where} is not an itemSchema: its root element is <{_bare(root.tag)}>")
    fields = _fields(root, where, "itemSchema", 1)
    if not fields:
        raise SchemaError(f"{where} has no field")
    return CategorySchema(category_id=category_id, language=language, fields=fields)


def _declares_dtd(text: str) -> bool:
    """A `<!DOCTYPE` or `<!ENTITY` before the root element (the only place one can be)."""
    position = 0
    while True:
        start = text.find("<", position)
        if start < 0:
            return False
        if text.startswith("<?", start):
            end = text.find("?>", start)
        elif text.startswith("<!--", start):
            end = text.find("-->", start)
        else:
            return text.startswith("<!", start)
        if end < 0:
            return False  # unterminated: the parser says so
        position = end + 2


def _parse_xml(text: str, where: str) -> etree._Element:
    # Belt and braces after _declares_dtd: no entity is expanded, no DTD or network is loaded.
    parser = etree.XMLParser(
        encoding="utf-8",
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        raise SchemaError(f"{where} is not valid text (it holds a lone surrogate)") from None
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise SchemaError(f"{where} is not well-formed XML: {_bare(str(exc), 120)}") from None
    if root is None:
        raise SchemaError(f"{where} is not well-formed XML")
    if root.getroottree().docinfo.doctype:
        raise SchemaError(f"{where} is refused: it declares a DTD or entities")
    return root


def _fields(parent: etree._Element, where: str, path: str, depth: int) -> tuple[SchemaField, ...]:
    """The field definitions of `parent`: under `<fields>`, or directly inside it."""
    if depth > MAX_DEPTH:
        raise SchemaError(f"{where} nests fields more than {MAX_DEPTH} deep at {_bare(path)}")
    elements = [child for child in parent if child.tag == "field"]
    for group in parent:
        if group.tag == "fields":
            elements.extend(child for child in group if child.tag == "field")
    fields: list[SchemaField] = []
    seen: set[str] = set()
    for element in elements:
        field = _field(element, where, path, depth)
        if field.field_id in seen:
            raise SchemaError(f"{where} has field {_shown(field.field_id)} twice in {_bare(path)}")
        seen.add(field.field_id)
        fields.append(field)
    return tuple(fields)


def _field(element: etree._Element, where: str, path: str, depth: int) -> SchemaField:
    field_id = (element.get("id") or "").strip()
    if not field_id:
        raise SchemaError(f"{where} has a field without an id in {_bare(path)}")
    field_type = (element.get("type") or "").strip()
    if not field_type:
        raise SchemaError(f"{where} has field {_shown(field_id)} without a type")
    rules = [
        (rule.get("name") or "", rule.get("value") or "", rule.get("unit") or "")
        for group in element
        if group.tag == "rules"
        for rule in group
        if rule.tag == "rule"
    ]
    options: list[SchemaOption] = []
    for group in element:
        if group.tag != "options":
            continue
        for option in group:
            if option.tag != "option":
                continue
            value = option.get("value")
            if value is None or not value.strip():
                raise SchemaError(
                    f"{where} has an option without a value in field {_shown(field_id)}"
                )
            options.append(SchemaOption(value=value, display_name=option.get("displayName") or ""))
    max_length, in_bytes = _max_length(rules, where, field_id)
    return SchemaField(
        field_id=field_id,
        name=(element.get("name") or "").strip(),
        field_type=field_type,
        required=any(name == "requiredRule" and value == "true" for name, value, _ in rules),
        options=tuple(options),
        allow_custom=any((name, value) == _CUSTOM_VALUE_RULE for name, value, _ in rules),
        children=_fields(element, where, f"{path}/{field_id}", depth + 1),
        max_length=max_length,
        length_in_bytes=in_bytes,
        max_values=_number(rules, "maxInputNumRule", where, field_id),
    )


def _max_length(
    rules: list[tuple[str, str, str]], where: str, field_id: str
) -> tuple[int | None, bool]:
    limit = _number(rules, "maxLengthRule", where, field_id)
    in_bytes = any(name == "maxLengthRule" and unit == "byte" for name, _, unit in rules)
    return limit, in_bytes


def _number(rules: list[tuple[str, str, str]], rule: str, where: str, field_id: str) -> int | None:
    for name, value, _ in rules:
        if name == rule:
            text = value.strip()
            if not text.isascii() or not text.isdigit() or len(text) > 9:
                raise SchemaError(
                    f"{where} has {rule} {_shown(value)} in field {_shown(field_id)}, "
                    "not a whole number"
                )
            return int(text)
    return None


def _shown(text: str, limit: int = 60) -> str:
    """Network text in a one-line message, quoted: control and bidi characters escaped, cut
    short."""
    return repr(text if len(text) <= limit else text[:limit] + "...")


def _bare(text: str, limit: int = 60) -> str:
    """Like _shown, without the quotes."""
    return _shown(text, limit)[1:-1]
