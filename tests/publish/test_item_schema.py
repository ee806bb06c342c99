"""Filling a category's itemSchema document from a wholesale listing, rule by rule."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from lxml import etree

from catalog_migrate.model import LeadTime, Money, PriceTier, WholesaleListing
from catalog_migrate.publish.item_schema import ItemXml, build_item_xml
from catalog_migrate.publish.schema import CategorySchema, parse_schema
from tests.publish.listings import (
    TOTE_BAGS,
    TSHIRTS,
    sku,
    tote_bag,
    tote_bags_schema,
    tshirts_schema,
    usd,
)

IMAGE_IDS = ("32238240185", "32238240186")
IMAGE_URLS = ("//sc04.alicdn.com/kf/Habc.jpg", "//sc04.alicdn.com/kf/Hdef.jpg")


def build(
    listing: WholesaleListing | None = None,
    schema: CategorySchema | None = None,
    images: tuple[str, ...] = IMAGE_IDS,
    **options: Any,
) -> ItemXml:
    schema = schema or tote_bags_schema()
    return build_item_xml(listing or tote_bag(), schema, images, schema.category_id, **options)


def parsed(result: ItemXml) -> Any:
    """The document read back by a strict parser (no recovery, no entities)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=False)
    return etree.fromstring(result.xml.encode("utf-8"), parser)


def texts(result: ItemXml, path: str) -> list[str]:
    return [element.text or "" for element in parsed(result).xpath(path)]


def issues(result: ItemXml) -> list[tuple[str, str, str | None]]:
    return [(issue.code, issue.severity.value, issue.field) for issue in result.issues]


def messages(result: ItemXml, code: str) -> list[str]:
    return [issue.message for issue in result.issues if issue.code == code]


def tshirt(**changes: Any) -> WholesaleListing:
    """A T-shirt that fills every field the T-shirt category requires."""
    fields: dict[str, Any] = {
        "title": "Women Oversized Combed Cotton 30s Plain T-shirt",
        "keywords": ["oversized t-shirt", "plain t-shirt"],
        "specifications": {"Material": "Cotton", "Sleeve Length": "Short"},
        "variation_names": ["Color", "Size"],
        "skus": [
            sku("TS-BLK-M", row=2, Color="Black", Size="M"),
            sku("TS-BLK-L", row=3, Color="Black", Size="L"),
            sku("TS-SAGE-M", row=4, Color="Sage", Size="M"),
        ],
        "lead_times": [LeadTime(max_quantity=500, days=7)],
    }
    fields.update(changes)
    return tote_bag(**fields)


# --- the document as a whole --------------------------------------------------------------------


def test_a_complete_tote_bag_fills_every_field_in_the_documented_shape() -> None:
    result = build(image_urls=IMAGE_URLS)
    assert result.publishable, result.issues
    assert result.issues == ()
    root = parsed(result)
    assert root.tag == "itemSchema"
    assert texts(result, "field[@id='productTitle'][@type='input']/value") == [
        "Wholesale Cotton Tote Bag 38x42cm Custom Logo"
    ]
    images = root.xpath("field[@id='scImages']/complex-value/field/value")
    assert [(image.get("fileId"), image.text) for image in images] == list(
        zip(IMAGE_IDS, IMAGE_URLS, strict=True)
    )
    assert texts(result, "field[@id='priceUnit'][@type='singleCheck']/value") == ["4"]
    assert texts(result, "field[@id='saleType']/value") == ["normal"]
    assert texts(result, "field[@id='logisticsProperty']/values/value") == ["general_cargo_0"]
    assert texts(result, "field[@id='shippingTemplate']/complex-value/field/value") == [
        "freightNegotiation"
    ]
    periods = "field[@id='ladderPeriod']/complex-value/field/complex-value/field/value"
    assert texts(result, periods) == [
        "500",
        "7",
        "2000",
        "15",
    ]
    assert texts(result, "field[@id='pkgWeight']/value") == ["0.25"]
    assert texts(result, "field[@id='pkgMeasure']/complex-value/field/value") == ["38", "42", "2"]
    assert texts(result, "field[@id='textDesc']/value") == [
        "Heavy cotton canvas.\nFits A4 folders."
    ]
    # the rule XML's <fields> wrapper is never written into the value document
    assert root.xpath("//fields") == []


def test_without_photobank_urls_each_image_is_its_file_id() -> None:
    result = build()
    images = parsed(result).xpath("field[@id='scImages']/complex-value/field")
    assert [image.get("id") for image in images] == ["scImages_0", "scImages_1"]
    assert [image.find("value").get("fileId") for image in images] == list(IMAGE_IDS)


def test_images_past_the_categorys_count_are_left_out_with_a_warning() -> None:
    ids = tuple(str(32238240185 + n) for n in range(8))
    result = build(images=ids)
    assert len(parsed(result).xpath("field[@id='scImages']/complex-value/field")) == 6
    assert issues(result) == [("publish.values_left_out", "warning", "scImages")]
    # a category declaring its count by rule (maxInputNumRule 5) is held to it
    result = build(tshirt(), tshirts_schema(), images=ids)
    assert len(parsed(result).xpath("field[@id='scImages']/complex-value/field")) == 5


def test_no_image_for_a_category_that_requires_them_is_an_error_naming_the_field() -> None:
    result = build(images=())
    assert not result.publishable
    assert issues(result) == [("publish.required_field_unfilled", "error", "scImages")]
    assert messages(result, "publish.required_field_unfilled") == [
        "the category requires 'Product images' (scImages), and the listing has no value for it"
    ]


def test_a_schema_for_another_category_is_an_error() -> None:
    result = build_item_xml(tote_bag(), tote_bags_schema(), IMAGE_IDS, TSHIRTS)
    assert ("publish.required_field_unfilled", "error", "catId") in issues(result)


def test_a_required_field_nothing_fills_is_an_error_naming_it() -> None:
    text = (
        '<itemSchema><field id="productTitle" type="input"/>'
        '<field id="paymentMethod" name="Payment method" type="multiCheck">'
        '<rules><rule name="requiredRule" value="true"/></rules>'
        '<options><option displayName="T/T" value="TT"/></options></field>'
        '<field id="saleType" type="singleCheck"><rules><rule name="requiredRule" value="true"/>'
        '</rules><options><option displayName="Batch" value="batch"/></options></field>'
        "</itemSchema>"
    )
    single = tote_bag(variation_names=[], skus=[sku("TOTE", row=2)])
    result = build(single, parse_schema(text, TOTE_BAGS, "en_US"))
    unfilled = [issue for issue in result.issues if issue.code == "publish.required_field_unfilled"]
    assert [issue.field for issue in unfilled] == ["paymentMethod", "saleType"]
    assert "'Payment method' (paymentMethod)" in unfilled[0].message
    assert texts(result, "field[@id='saleType']/value") == []  # `normal` is not offered
    assert result.issues[0].product_key == "1729582937162839401"


# --- title and keywords ---------------------------------------------------------------------------


def test_a_title_longer_than_the_category_takes_is_an_error() -> None:
    result = build(tote_bag(title="Tote " * 26))
    assert issues(result) == [("publish.value_too_long", "error", "productTitle")]
    assert "130 characters" in result.issues[0].message


def test_keywords_are_one_field_one_keyword_per_line() -> None:
    result = build()
    fields = parsed(result).xpath("field[@id='productKeywords']/complex-value/field")
    assert [field.get("id") for field in fields] == ["productKeywords_0"]
    assert fields[0].find("value").text == "tote bag\ncotton bag\nshopping bag"


def test_separators_and_line_breaks_inside_a_keyword_become_spaces() -> None:
    result = build(tote_bag(keywords=["tote bag, canvas", "eco\nbag", "jute;bag"]))
    assert texts(result, "field[@id='productKeywords']/complex-value/field/value") == [
        "tote bag canvas\neco bag\njute bag"
    ]
    assert [code for code, _, _ in issues(result)] == ["publish.keywords_cleaned"] * 3


def test_keywords_past_the_fields_byte_limit_are_left_out() -> None:
    long = ["tas belanja " + "x" * 200, "tas kanvas " + "y" * 200, "tas kain"]
    result = build(tote_bag(keywords=long))
    assert texts(result, "field[@id='productKeywords']/complex-value/field/value") == [long[0]]
    assert issues(result) == [("publish.values_left_out", "warning", "productKeywords_0")]


# --- unit -----------------------------------------------------------------------------------------


def test_the_unit_is_the_option_code_of_its_display_name_singular_or_plural() -> None:
    for unit, code in [("Piece/Pieces", "4"), ("Pieces", "4"), ("bag", "1"), ("Set/Sets", "20")]:
        result = build(tote_bag(unit=unit))
        assert texts(result, "field[@id='priceUnit']/value") == [code], unit
    result = build(tshirt(unit="Dozen/Dozens"), tshirts_schema())
    assert texts(result, "field[@id='priceUnit']/value") == ["7"]


def test_a_unit_the_category_does_not_offer_is_an_error() -> None:
    result = build(tote_bag(unit="Pair/Pairs"))
    assert issues(result) == [("publish.unit_not_offered", "error", "priceUnit")]
    assert result.issues[0].message == (
        "the listing's unit 'Pair/Pairs' is none of the units of 'Unit' (priceUnit) "
        "('Bag/Bags', 'Piece/Pieces', 'Pack/Packs', 'Set/Sets')"
    )


# --- prices ---------------------------------------------------------------------------------------


def test_a_ladder_writes_price_setting_1_its_tiers_and_the_moq_of_the_first_tier() -> None:
    result = build()
    assert texts(result, "field[@id='scPrice']/value") == ["1"]
    assert texts(result, "field[@id='minOrderQuantity']/value") == ["100"]
    tiers = parsed(result).xpath("field[@id='ladderPrice']/complex-value/field")
    assert [tier.get("id") for tier in tiers] == ["ladderPrice_0", "ladderPrice_1"]
    assert [
        (tier.xpath("string(complex-value/field[@id='quantity']/value)"),
         tier.xpath("string(complex-value/field[@id='price']/value)"))
        for tier in tiers
    ] == [("100", "1.80"), ("500", "1.45")]  # fmt: skip
    # priced by the ladder, the SKUs carry no price of their own
    assert parsed(result).xpath("field[@id='sku']/complex-values/field[@id='price']") == []


def test_sku_prices_write_price_setting_3_a_price_per_sku_and_no_ladder() -> None:
    listing = tote_bag(
        pricing_mode="sku",
        tiers=[PriceTier(min_quantity=100, price=usd("1.80"))],
        skus=[sku("TOTE-RED", "1.80", 2, Color="Red"), sku("TOTE-NAT", "2.10", 3, Color="Natural")],
    )
    result = build(listing)
    assert result.publishable, result.issues
    assert texts(result, "field[@id='scPrice']/value") == ["3"]
    assert texts(result, "field[@id='minOrderQuantity']/value") == ["100"]
    assert parsed(result).xpath("field[@id='ladderPrice']") == []
    assert texts(result, "field[@id='sku']/complex-values/field[@id='price']/value") == [
        "1.80",
        "2.10",
    ]


def test_sku_prices_in_a_category_that_takes_only_a_ladder_are_an_error() -> None:
    listing = tshirt(pricing_mode="sku", tiers=[PriceTier(min_quantity=100, price=usd("1.80"))])
    result = build(listing, tshirts_schema())
    assert ("publish.pricing_not_offered", "error", "scPrice") in issues(result)
    assert parsed(result).xpath("field[@id='scPrice']") == []


def test_an_moq_that_is_not_the_first_tier_is_an_error() -> None:
    result = build(tote_bag(moq=50))
    assert issues(result) == [("publish.moq_not_first_tier", "error", "minOrderQuantity")]
    assert result.issues[0].message == (
        "the MOQ (50) is not the first tier's quantity (100); the platform takes them equal"
    )


def test_prices_must_be_usd_above_zero_with_at_most_two_decimals() -> None:
    idr = Money(amount=Decimal("29000"), currency="IDR")
    for tier_price, said in [
        (idr, "the price 29000 IDR is in IDR, not USD"),
        (usd("1.805"), "the price 1.805 USD has more than 2 decimals"),
        (usd("0"), "the price 0 USD is not above zero"),
    ]:
        tiers = [PriceTier(min_quantity=100, price=tier_price)]
        result = build(tote_bag(tiers=tiers))
        assert issues(result) == [("publish.price_invalid", "error", "ladderPrice_0")]
        assert messages(result, "publish.price_invalid") == [said]
    result = build(tote_bag(tiers=[]))
    assert issues(result) == [("publish.price_invalid", "error", "ladderPrice")]


def test_tiers_past_the_category_count_are_left_out_with_a_warning() -> None:
    tiers = [PriceTier(min_quantity=100 * 2**n, price=usd(f"{2 - n / 10:.2f}")) for n in range(4)]
    assert build(tote_bag(tiers=tiers)).issues == ()  # the tote-bag category takes 4
    result = build(tshirt(tiers=tiers), tshirts_schema())  # maxInputNumRule 3
    assert ("publish.values_left_out", "warning", "ladderPrice") in issues(result)
    assert messages(result, "publish.values_left_out") == [
        "the category takes at most 3 price tiers: from 800: 1.70 USD left out"
    ]
    kept = texts(result, "field[@id='ladderPrice']//field[@id='quantity']/value")
    assert kept == ["100", "200", "400"]
    assert texts(result, "field[@id='minOrderQuantity']/value") == ["100"]


def test_lead_times_past_the_categorys_count_are_left_out() -> None:
    lead_times = [LeadTime(max_quantity=500 * 4**n, days=7 * (n + 1)) for n in range(3)]
    result = build(tshirt(lead_times=lead_times), tshirts_schema())
    periods = parsed(result).xpath("field[@id='ladderPeriod']/complex-value/field")
    assert [period.get("id") for period in periods] == ["ladderPeriod_0", "ladderPeriod_1"]
    assert ("publish.values_left_out", "warning", "ladderPeriod") in issues(result)


# --- category attributes --------------------------------------------------------------------------


def attribute(result: ItemXml, field_id: str) -> list[tuple[str, str | None]]:
    found = parsed(result).xpath(
        f"field[@id='icbuCatProp']/complex-value/field[@id='{field_id}']//value"
    )
    return [(value.text, value.get("inputValue")) for value in found]


def test_origin_brand_and_material_fill_the_attributes_of_their_names() -> None:
    result = build()
    assert attribute(result, "p-1") == [("1002", None)]  # Place of Origin: Indonesia
    assert attribute(result, "p-2") == [("Kirana", None)]  # Brand Name: a text field
    assert attribute(result, "p-3") == [("301", None)]  # Material: Cotton


def test_a_required_origin_or_brand_the_listing_lacks_says_where_a_seller_gives_it() -> None:
    result = build(tote_bag(place_of_origin="", brand=""))
    assert not result.publishable
    assert messages(result, "publish.required_field_unfilled") == [
        "the category requires 'Place of Origin' (p-1), and the listing has no such "
        "specification: give it with --origin or [defaults] place_of_origin in the profile",
        "the category requires 'Brand Name' (p-2), and the listing has no such specification: "
        'give it with [defaults] brand_policy = "fixed" and brand_name in the profile',
    ]


def test_options_match_without_case_or_spaces() -> None:
    result = build(tote_bag(specifications={"MATERIAL": "  cOtToN ", "Style": "casual"}))
    assert attribute(result, "p-3") == [("301", None)]
    assert attribute(result, "p-4") == [("401", None)]


def test_a_value_in_the_shops_language_finds_its_english_option_through_the_glossary() -> None:
    result = build(tote_bag(specifications={"Material": "Katun"}))
    assert attribute(result, "p-3") == [("301", None)]


def test_without_an_option_the_custom_value_form_when_the_attribute_allows_one() -> None:
    result = build(tote_bag(specifications={"Material": "Bamboo Fiber"}))
    assert result.publishable
    assert attribute(result, "p-3") == [("-1", "Bamboo Fiber")]


def test_an_optional_attribute_without_a_matching_option_is_left_empty_with_a_warning() -> None:
    result = build(tote_bag(specifications={"Material": "Cotton", "Style": "Bohemian"}))
    assert result.publishable
    assert attribute(result, "p-4") == []
    assert issues(result) == [("publish.option_not_found", "warning", "icbuCatProp/p-4")]
    assert result.issues[0].message == (
        "'Style' (p-4) is left empty: the listing's Style 'Bohemian' is none of its options "
        "('Casual', 'Fashion', 'Vintage') and it takes no other value"
    )


def test_a_required_attribute_without_a_matching_option_is_an_error_naming_it() -> None:
    listing = tshirt(specifications={"Material": "Bamboo", "Sleeve Length": "Short"})
    result = build(listing, tshirts_schema())
    assert issues(result) == [("publish.required_field_unfilled", "error", "icbuCatProp/p-3")]
    assert result.issues[0].message == (
        "the category requires 'material' (p-3), and the listing's Material 'Bamboo' is none "
        "of its options ('Cotton', 'Polyester', 'Spandex', 'Modal', 'Linen') and it takes no "
        "other value"
    )


def test_a_required_attribute_the_listing_does_not_have_is_an_error_naming_it() -> None:
    result = build(tshirt(specifications={"Material": "Cotton"}), tshirts_schema())
    assert issues(result) == [("publish.required_field_unfilled", "error", "icbuCatProp/p-7")]
    assert "'Sleeve Length' (p-7)" in result.issues[0].message
    complete = build(tshirt(), tshirts_schema())
    assert complete.publishable, complete.issues
    assert attribute(complete, "p-7") == [("701", None)]


def test_a_multiple_choice_attribute_takes_each_value_of_a_list() -> None:
    listing = tshirt(specifications={"Material": "Cotton, Spandex", "Sleeve Length": "Short"})
    result = build(listing, tshirts_schema())
    assert attribute(result, "p-3") == [("301", None), ("303", None)]
    listing = tshirt(specifications={"Material": "Cotton, Bamboo", "Sleeve Length": "Short"})
    result = build(listing, tshirts_schema())
    assert attribute(result, "p-3") == [("301", None)]
    assert ("publish.option_not_found", "warning", "icbuCatProp/p-3") in issues(result)


def test_the_glossaries_can_be_given_and_none_means_values_as_written() -> None:
    listing = tote_bag(specifications={"Material": "Katun"})
    result = build(listing, glossaries={})
    assert attribute(result, "p-3") == [("-1", "Katun")]


def test_a_text_attribute_longer_than_its_rule_is_left_empty() -> None:
    specifications = {"Material": "Cotton", "Model Number": "TB-" + "9" * 40}
    result = build(tote_bag(specifications=specifications))
    assert attribute(result, "p-6") == []
    assert issues(result) == [("publish.option_not_found", "warning", "icbuCatProp/p-6")]
    assert "longer than 40 characters" in result.issues[0].message


def test_lowercase_attribute_names_and_a_brand_option_as_typed() -> None:
    result = build(tshirt(), tshirts_schema())
    assert attribute(result, "p-1") == [("1002", None)]  # `place of origin`
    assert attribute(result, "p-2") == [("-1", "Kirana")]  # not an option; typed values allowed


def test_specifications_no_attribute_names_are_custom_properties() -> None:
    result = build()
    pairs = parsed(result).xpath("field[@id='customMoreProperty']/complex-value/field")
    assert [pair.get("id") for pair in pairs] == ["customMoreProperty_0"]
    assert texts(result, "field[@id='customMoreProperty']//field/value") == [
        "Handle Length",
        "60 cm",
    ]


def test_custom_properties_past_ten_or_seventy_characters_are_left_out() -> None:
    specs = {f"Detail {n}": f"value {n}" for n in range(12)}
    specs["Care"] = "Hand wash cold, do not bleach, dry flat in the shade, iron on low heat only"
    result = build(tote_bag(specifications=specs))
    names = texts(result, "field[@id='customMoreProperty']//field[@id='propName']/value")
    assert names == [f"Detail {n}" for n in range(10)]
    assert messages(result, "publish.values_left_out") == [
        "custom properties take values of at most 70 characters: 'Care' left out",
        "the category takes at most 10 custom properties: 'Detail 10', 'Detail 11' left out",
    ]


def test_a_category_without_custom_properties_says_what_was_left_out() -> None:
    specifications = {"Material": "Cotton", "Sleeve Length": "Short", "Fit": "Loose"}
    listing = tshirt(specifications=specifications)
    result = build(listing, tshirts_schema())
    assert result.publishable
    assert messages(result, "publish.values_left_out") == [
        "the category takes no custom properties: 'Fit' left out"
    ]


# --- variations -----------------------------------------------------------------------------------


def test_variations_fill_sale_properties_and_one_sku_item_per_sku() -> None:
    result = build(tshirt(), tshirts_schema())
    root = parsed(result)
    colors = root.xpath("field[@id='saleProp']/complex-value/field[@id='p-3216']/values/value")
    assert [(value.text, value.get("inputValue")) for value in colors] == [
        ("193", None),
        ("-2", "Sage"),  # not an option: typed, with a negative id (-1 is the brand's)
    ]
    sizes = root.xpath("field[@id='saleProp']/complex-value/field[@id='p-200']/values/value")
    assert [value.text for value in sizes] == ["28315", "28316"]
    items = root.xpath("field[@id='sku'][@type='multiComplex']/complex-values")
    assert len(items) == 3
    assert root.xpath("field[@id='sku']//complex-value") == []  # never singular in a multiComplex
    third = items[2]
    assert third.xpath("string(field[@id='skuOuterId']/value)") == "TS-SAGE-M"
    props = third.xpath("field[@id='props'][@type='multiInput']/values/value")
    assert [(p.text, dict(p.attrib)) for p in props] == [
        ("3216:-2", {"propValueId": "-2", "propId": "3216", "propName": "p-3216",
                     "propValueName": "Sage"}),
        ("200:28315", {"propValueId": "28315", "propId": "200", "propName": "p-200",
                       "propValueName": "M"}),
    ]  # fmt: skip


def test_typed_values_have_ids_unique_in_the_whole_document() -> None:
    listing = tshirt(
        specifications={"Material": "Cotton", "Sleeve Length": "Short", "Brand Name": "Kirana"},
        skus=[sku("A", row=2, Color="Sage", Size="M"), sku("B", row=3, Color="Rust", Size="M")],
    )
    result = build(listing, tshirts_schema())
    ids = [value for value in texts(result, "//value[@inputValue]")]
    assert sorted(ids) == ["-1", "-2", "-3"]


def test_a_variation_value_in_the_shops_language_finds_its_option() -> None:
    result = build(tote_bag(skus=[sku("A", row=2, Color="Merah"), sku("B", row=3, Color="Hitam")]))
    values = texts(result, "field[@id='saleProp']/complex-value/field/values/value")
    assert values == ["29", "193"]


def test_a_variation_the_category_has_no_sale_property_for_is_an_error() -> None:
    listing = tote_bag(
        variation_names=["Pattern"],
        skus=[sku("A", row=2, Pattern="Plain"), sku("B", row=3, Pattern="Floral")],
    )
    result = build(listing)
    assert issues(result) == [("publish.variation_not_offered", "error", "saleProp/Pattern")]
    assert result.issues[0].message == (
        "the listing varies by 'Pattern', which is none of the category's sale properties "
        "('Color', 'Size')"
    )
    assert parsed(result).xpath("field[@id='sku']") == []


def test_a_value_that_is_no_option_of_a_property_without_typed_values_is_an_error() -> None:
    listing = tote_bag(
        variation_names=["Size"],
        skus=[sku("A", row=2, Size="Large"), sku("B", row=3, Size="XXL")],
    )
    result = build(listing)
    assert issues(result) == [("publish.variation_not_offered", "error", "saleProp/p-100")]
    assert "Size 'XXL' is none of the options of 'Size' (p-100)" in result.issues[0].message


def test_variations_in_a_category_without_sale_properties_are_an_error() -> None:
    text = (tote_bags_schema_text()).replace('id="saleProp"', 'id="otherProp"')
    result = build(schema=parse_schema(text, TOTE_BAGS, "en_US"))
    assert issues(result) == [("publish.variation_not_offered", "error", "saleProp")]


def test_more_than_forty_values_of_one_sale_property_are_an_error() -> None:
    skus = [sku(f"T{n}", row=n + 2, Color=f"Shade {n}") for n in range(41)]
    result = build(tote_bag(skus=skus))
    assert issues(result) == [("publish.variation_not_offered", "error", "saleProp/p-3216")]
    assert result.issues[0].message == "Color has 41 values; a sale property takes at most 40"


def test_sku_prices_without_variations_are_an_error() -> None:
    listing = tote_bag(
        pricing_mode="sku",
        variation_names=[],
        skus=[sku("A", "1.80", 2), sku("B", "2.10", 3)],
        tiers=[PriceTier(min_quantity=100, price=usd("1.80"))],
    )
    result = build(listing)
    assert issues(result) == [("publish.price_invalid", "error", "sku")]


def test_a_ladder_in_a_category_without_ladder_prices_is_an_error() -> None:
    text = tote_bags_schema_text().replace('id="ladderPrice"', 'id="otherPrice"')
    result = build(schema=parse_schema(text, TOTE_BAGS, "en_US"))
    assert issues(result) == [("publish.pricing_not_offered", "error", "ladderPrice")]


def test_a_single_sku_without_variations_writes_no_sku_items() -> None:
    result = build(tote_bag(variation_names=[], skus=[sku("TOTE", row=2)]))
    assert result.publishable
    assert parsed(result).xpath("field[@id='saleProp'] | field[@id='sku']") == []


def tote_bags_schema_text() -> str:
    from tests.publish.listings import DATA

    return (DATA / "schema_tote_bags.xml").read_text("utf-8")


# --- description ----------------------------------------------------------------------------------


def test_the_description_is_its_text_cut_to_the_fields_length() -> None:
    description = "<p>" + " ".join(["Soft combed cotton"] * 30) + "</p><ul><li>Unisex</li></ul>"
    result = build(tshirt(description=description), tshirts_schema())
    (text,) = texts(result, "field[@id='textDesc']/value")
    assert len(text.encode("utf-8")) <= 300 and text.startswith("Soft combed cotton")
    assert text.split()[-1] in {"Soft", "combed", "cotton"}  # cut at a word
    assert ("publish.description_truncated", "warning", "textDesc") in issues(result)
