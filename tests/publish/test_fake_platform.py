"""The fake platform's checks of a filled document refuse what the platform would: a builder
that wrote a wrong shape could not pass the end-to-end tests unseen."""

from __future__ import annotations

import pytest

from catalog_migrate.publish.item_schema import build_item_xml
from tests.publish.fake_platform import HIJABS, TSHIRTS, schema_xml
from tests.publish.fake_platform.checks import check_item
from tests.publish.listings import TOTE_BAGS, tote_bag, tote_bags_schema

PHOTOBANK = {"7000001": "//sc04.alicdn.com/kf/Ha.jpg", "7000002": "//sc04.alicdn.com/kf/Hb.jpg"}


def _tote_bag_document() -> str:
    built = build_item_xml(
        tote_bag(),
        tote_bags_schema(),
        list(PHOTOBANK),
        TOTE_BAGS,
        image_urls=list(PHOTOBANK.values()),
    )
    assert built.issues == ()
    return built.xml


def test_the_builders_document_passes() -> None:
    assert check_item(_tote_bag_document(), schema_xml(TOTE_BAGS), PHOTOBANK) == []


def test_the_fakes_own_categories_parse_as_schemas() -> None:
    from catalog_migrate.publish.schema import parse_schema

    for category in (TSHIRTS, HIJABS):
        schema = parse_schema(schema_xml(category), category, "en_US")
        assert {"saleProp", "sku", "icbuCatProp", "priceUnit", "scPrice"} <= {
            field.field_id for field in schema.fields
        }


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (('fileId="7000001">//sc04.alicdn.com/kf/Ha.jpg', 'fileId="7000001">'), "IMAGE_SOURCE"),
        (('fileId="7000002"', 'fileId="9"'), "PUB_BIZCHECK_IMAGE_SOURCE_ERROR"),
        (("<value>4</value>", "<value>99</value>"), "CHK_BASIC_ONEOF"),
        (('<field id="productTitle"', '<field id="productName"'), "PUB_BIZCHECK_SCHEMA_ERROR"),
        (
            (
                'id="minOrderQuantity" type="input"><value>100',
                'id="minOrderQuantity" type="input"><value>50',
            ),
            "CHK_STEP_CATEGORY_QUALITY_MINSIZE_ERROR",
        ),
        (("<complex-values>", "<complex-value>"), "PUB_BIZCHECK_SCHEMA_ERROR"),
        (("3216:29<", "3216:30<"), "PUB_BIZCHECK_PRODUCT_SKU_INVALID"),
        (('id="saleType" type="singleCheck"', 'id="saleType" type="input"'), "SCHEMA_ERROR"),
    ],
    ids=[
        "no-url",
        "unknown-file",
        "not-an-option",
        "unknown-field",
        "moq",
        "complex-value",
        "sku-value",
        "type",
    ],
)
def test_a_wrong_document_is_refused(change: tuple[str, str], code: str) -> None:
    document = _tote_bag_document()
    assert change[0] in document
    wrong = document.replace(*change)
    if change[1] == "<complex-value>":  # §1.3: the singular form inside a multiComplex
        wrong = wrong.replace("</complex-values>", "</complex-value>")

    problems = check_item(wrong, schema_xml(TOTE_BAGS), PHOTOBANK)

    assert any(code in problem for problem in problems), problems


def test_a_required_field_left_out_is_refused() -> None:
    document = _tote_bag_document()
    start = document.index('<field id="priceUnit"')
    end = document.index("</field>", start) + len("</field>")

    problems = check_item(document[:start] + document[end:], schema_xml(TOTE_BAGS), PHOTOBANK)

    assert problems == ["CHK_BASIC_REQUIRED: itemSchema/priceUnit is required"]
