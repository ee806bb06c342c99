"""Reading a category's `schema.get` answer: fields, rules and options; hostile answers refused."""

from __future__ import annotations

import pytest

from catalog_migrate.publish.schema import (
    MAX_DEPTH,
    MAX_SCHEMA_CHARS,
    SchemaError,
    SchemaOption,
    parse_schema,
)
from tests.publish.listings import TOTE_BAGS, tote_bags_schema, tshirts_schema


def test_the_tote_bag_schema_reads_its_fields_rules_and_options() -> None:
    schema = tote_bags_schema()
    assert schema.category_id == TOTE_BAGS
    assert schema.language == "en_US"
    assert [field.field_id for field in schema.fields][:4] == [
        "catId",
        "productTitle",
        "productKeywords",
        "icbuCatProp",
    ]
    title = schema.field("productTitle")
    assert title is not None
    assert (title.field_type, title.required, title.max_length, title.length_in_bytes) == (
        "input",
        True,
        128,
        False,
    )
    keywords = schema.field("productKeywords_0")  # found below its parent
    assert keywords is not None
    assert (keywords.max_length, keywords.length_in_bytes) == (384, True)
    unit = schema.field("priceUnit")
    assert unit is not None
    assert unit.options[1] == SchemaOption(value="4", display_name="Piece/Pieces")


def test_required_optional_and_custom_value_attributes() -> None:
    schema = tote_bags_schema()
    attributes = schema.field("icbuCatProp")
    assert attributes is not None
    by_id = {child.field_id: child for child in attributes.children}
    assert by_id["p-1"].required and not by_id["p-1"].allow_custom
    assert by_id["p-3"].required and by_id["p-3"].allow_custom  # valueAttributeRule inputValue
    assert not by_id["p-4"].required
    assert by_id["p-4"].field_type == "multiCheck"
    assert [option.display_name for option in by_id["p-4"].options] == [
        "Casual",
        "Fashion",
        "Vintage",
    ]
    color = schema.field("p-3216")
    assert color is not None and color.allow_custom and color.name == "Color"


def test_a_top_level_field_wins_over_a_nested_one_of_the_same_id() -> None:
    schema = tote_bags_schema()
    price = schema.field("price")  # only inside sku and ladderPrice_N
    assert price is not None and price.name == "Price (USD)"
    assert schema.field("no-such-field") is None
    ladder = schema.field("ladderPrice")
    assert ladder is not None and ladder.child("ladderPrice_3") is not None


def test_the_tshirt_schema_declares_counts_by_rule() -> None:
    schema = tshirts_schema()
    images = schema.field("scImages")
    assert images is not None
    assert (images.max_values, images.children) == (5, ())
    price_setting = schema.field("scPrice")
    assert price_setting is not None and price_setting.option_values() == {"1"}


def test_child_fields_may_sit_directly_inside_their_parent() -> None:
    schema = parse_schema(
        '<itemSchema><field id="icbuCatProp" type="complex">'
        '<field id="p-100" name="material" type="singleCheck">'
        '<rules><rule name="requiredRule" value="true"/></rules>'
        '<options><option displayName="Polyester" value="1"/></options></field>'
        "</field></itemSchema>",
        "201726906",
        "en_US",
    )
    field = schema.field("p-100")
    assert field is not None and field.required and field.options[0].value == "1"


def _refused(text: str) -> str:
    with pytest.raises(SchemaError) as caught:
        parse_schema(text, "100002851", "en_US")
    message = str(caught.value)
    assert "\n" not in message and "\r" not in message
    assert message.startswith("the schema of category 100002851 (en_US) ")
    return message


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE itemSchema [<!ENTITY a "aaaaaaaaaa">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
    + ']><itemSchema><field id="productTitle" type="input"><value>&j;</value></field></itemSchema>'
)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (BILLION_LAUGHS, "declares a DTD or entities"),
        (
            '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
            '<itemSchema><field id="a" type="input" name="&xxe;"/></itemSchema>',
            "declares a DTD or entities",
        ),
        (
            '<?xml version="1.0"?><!-- rules --><!DOCTYPE itemSchema SYSTEM "http://x/y.dtd">'
            '<itemSchema><field id="a" type="input"/></itemSchema>',
            "declares a DTD or entities",
        ),
        ('<itemSchema><field id="a" type="input" name="&ent;"/></itemSchema>', "not well-formed"),
        ("\x00\x01garbage{}", "not well-formed"),
        ('{"error_response": {"code": "InvalidApiPath"}}', "not well-formed"),
        ('<itemSchema><field id="a" type="input"></itemSchema>', "not well-formed"),
        ("", "is empty"),
        ("   \n", "is empty"),
        ('<rules><field id="a" type="input"/></rules>', "root element is <rules>"),
        ("<itemSchema></itemSchema>", "has no field"),
        ('<itemSchema><field type="input"/></itemSchema>', "a field without an id in itemSchema"),
        ('<itemSchema><field id="productTitle"/></itemSchema>', "'productTitle' without a type"),
        (
            '<itemSchema><field id="priceUnit" type="singleCheck">'
            '<options><option displayName="Piece/Pieces"/></options></field></itemSchema>',
            "an option without a value in field 'priceUnit'",
        ),
        (
            '<itemSchema><field id="a" type="input"/><field id="a" type="input"/></itemSchema>',
            "field 'a' twice in itemSchema",
        ),
        (
            '<itemSchema><field id="a" type="input"><rules>'
            '<rule name="maxLengthRule" value="1e9"/></rules></field></itemSchema>',
            "maxLengthRule '1e9' in field 'a', not a whole number",
        ),
        ("<itemSchema>\ud800</itemSchema>", "holds a lone surrogate"),
    ],
)
def test_hostile_or_broken_schemas_are_refused_in_one_line(text: str, said: str) -> None:
    assert said in _refused(text)


def test_network_text_in_the_message_is_escaped() -> None:
    message = _refused('<itemSchema><field id="a&#10;b&#x202e;" /></itemSchema>')
    assert "\u202e" not in message
    assert "'a\\nb\\u202e' without a type" in message


def test_fields_nested_too_deeply_are_refused() -> None:
    depth = MAX_DEPTH + 1
    text = '<field id="f" type="complex">' * depth + "</field>" * depth
    message = _refused(f"<itemSchema>{text}</itemSchema>")
    assert f"nests fields more than {MAX_DEPTH} deep" in message


def test_an_answer_far_larger_than_any_schema_is_refused_unparsed() -> None:
    text = "<itemSchema>" + " " * MAX_SCHEMA_CHARS + "</itemSchema>"
    assert "a category schema can be" in _refused(text)
